"""Driver profiles: who is eating and charging, what they may eat and what they like.

Scales follow A Better Route Planner's operator preferences: -2 never, -1 avoid, 0 neutral,
+1 like, +2 prefer, +3 love (only). The same scale serves cuisines and charging operators.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic.json_schema import SkipJsonSchema

from agents.errors import InvalidInput, NotFound
from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.limits import ProfileLimit, SandboxLimits
from agents.locales import LocaleTag
from agents.text import Bilingual, bi
from agents.travel.restaurants import Cuisine
from agents.world.models import Coordinates, Model, Percent


def _json_number(value: object) -> object:
    """Lax ints read `true` as 1 and "3" as 3; a JSON body must send a number (3.0 is one)."""
    if isinstance(value, bool | str):
        raise ValueError("must be a number")
    return value


WholeNumber = Annotated[int, BeforeValidator(_json_number)]
PreferenceScale = Annotated[
    int,
    Field(ge=-2, le=3, description="-2 never ... +3 love/only"),
    BeforeValidator(_json_number),
]
NEVER = -2

PROFILE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,40}$"
# A default that the JSON schema doesn't offer as a value: "may be left out, not set to null".
NotNull = SkipJsonSchema[None]
# "Has a character str.strip() keeps", spelled out so JSON Schema, Rust and Python regexes agree.
VISIBLE_CHAR = (
    r"[^\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _without_null_defaults(schema: dict[str, Any]) -> None:
    for prop in schema.get("properties", {}).values():
        if prop.get("default", ...) is None and "anyOf" not in prop:
            del prop["default"]


class DietaryRule(StrEnum):
    """Hard rules: a restaurant that cannot honour one is never suggested."""

    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    HALAL = "halal"
    NO_PORK = "no_pork"
    NO_BEEF = "no_beef"
    NO_SPICY = "no_spicy"


class Party(Model):
    adults: WholeNumber = Field(default=1, ge=1, le=20)
    children: WholeNumber = Field(default=0, ge=0, le=20)

    @property
    def size(self) -> int:
        return self.adults + self.children


class ChargingPreferences(Model):
    """What the EV planner should respect for this driver."""

    # Operator id -> preference (-2 never ... +3 only), as in ABRP.
    operator_preferences: dict[str, PreferenceScale] = Field(default_factory=dict)
    # The driver gets nervous below this charge, so the planner arrives at chargers above it.
    comfort_min_soc_pct: Percent = 15
    max_charge_soc_pct: Percent = 80


class _ProfileFields(Model):
    """What a driver tells us about themselves; shared by Profile and ProfileCreate."""

    name: str = Field(
        min_length=1, max_length=60, json_schema_extra={"pattern": VISIBLE_CHAR}, examples=["王磊"]
    )
    locale: LocaleTag = Field(
        default="zh",
        description="The driver's language (any Chinese or English BCP 47 tag; kept as zh or en)",
    )
    dietary: list[DietaryRule] = Field(default_factory=list)
    cuisine_preferences: dict[Cuisine, PreferenceScale] = Field(
        default_factory=dict, examples=[{"sichuan": 3, "cantonese": -1}]
    )
    budget_cny_per_person: float = Field(default=150, gt=0, le=5000, strict=True)
    # 0 none ... 3 very spicy: the hottest kitchen this party accepts.
    max_spicy_level: WholeNumber = Field(default=3, ge=0, le=3)
    # Only suggest restaurants with their own parking (a family car full of children, ...).
    needs_parking: bool = Field(default=False, strict=True)
    party: Party = Field(default_factory=Party)
    charging: ChargingPreferences = Field(default_factory=ChargingPreferences)
    home: Coordinates | None = None

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name must not be blank")
        return value.strip()

    @field_validator("dietary")
    @classmethod
    def _no_repeated_rules(cls, value: list[DietaryRule]) -> list[DietaryRule]:
        # Vegan implies vegetarian; keep the list canonical so equal profiles compare equal.
        rules = set(value)
        if DietaryRule.VEGAN in rules:
            rules.add(DietaryRule.VEGETARIAN)
        return sorted(rules)


class ProfileCreate(_ProfileFields):
    """The body of `POST /v1/profiles`."""


class Profile(_ProfileFields):
    id: str = Field(pattern=PROFILE_ID_PATTERN, examples=["spicy-budget"])

    def cuisine_preference(self, cuisine: Cuisine) -> int:
        return self.cuisine_preferences.get(cuisine, 0)


class ProfileUpdate(Model):
    """The body of `PATCH /v1/profiles/{id}`: only the fields given change, each replaced whole.

    `home` may be set to null to forget it; the other fields cannot be null.
    """

    # `| NotNull` leaves null out of the schema: these may be omitted, never set to null.
    model_config = ConfigDict(json_schema_extra=_without_null_defaults)

    name: (
        Annotated[
            str, Field(min_length=1, max_length=60, json_schema_extra={"pattern": VISIBLE_CHAR})
        ]
        | NotNull
    ) = None
    locale: LocaleTag | NotNull = None
    dietary: list[DietaryRule] | NotNull = None
    cuisine_preferences: dict[Cuisine, PreferenceScale] | NotNull = None
    budget_cny_per_person: Annotated[float, Field(gt=0, le=5000, strict=True)] | NotNull = None
    max_spicy_level: Annotated[int, Field(ge=0, le=3), BeforeValidator(_json_number)] | NotNull = (
        None
    )
    needs_parking: Annotated[bool, Field(strict=True)] | NotNull = None
    party: Party | NotNull = None
    charging: ChargingPreferences | NotNull = None
    home: Coordinates | None = None

    @field_validator(
        "name",
        "locale",
        "dietary",
        "cuisine_preferences",
        "budget_cny_per_person",
        "max_spicy_level",
        "needs_parking",
        "party",
        "charging",
    )
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("may be left out but not set to null")
        return value

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        return _ProfileFields._name_not_blank(value)


class ProfileNotFound(NotFound):
    def __init__(self, profile_id: str, known: list[str]) -> None:
        super().__init__("profile", profile_id, known, code="PROFILE_NOT_FOUND")
        self.message = Bilingual(
            zh=f"找不到驾驶者档案「{profile_id}」", en=f"No driver profile '{profile_id}'"
        )


_PROFILES = TypeAdapter(list[Profile])


def load_profiles(path: Path) -> dict[str, Profile]:
    """Read profiles.json into a dict by id; a bad entry or a repeated id raises FixtureError."""
    profiles: dict[str, Profile] = {}
    loaded: list[Profile] = load_json_file(path, _PROFILES)
    for index, profile in enumerate(loaded):
        if profile.id in profiles:
            raise FixtureError.one(path, f"$[{index}].id", f"duplicate id '{profile.id}'")
        profiles[profile.id] = profile
    return profiles


def unknown_operator_ids(
    profiles: Mapping[str, Profile], known: Collection[str], source: str
) -> list[FixtureProblem]:
    """Charging preferences naming an operator chargers.json does not have."""
    return [
        FixtureProblem(
            source,
            f"$[{i}].charging.operator_preferences.{operator}",
            f"unknown operator {operator!r}",
        )
        for i, profile in enumerate(profiles.values())
        for operator in profile.charging.operator_preferences
        if operator not in known
    ]


def slugify(name: str) -> str:
    """ASCII slug of a name for ids; a name with no ASCII letters (e.g. 王磊) gives 'profile'."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:30].strip("-")
    return slug if len(slug) >= 2 else "profile"


class ProfileStore:
    """The profiles of one sandbox. Pure and in memory; the HTTP layer keeps one per sandbox.

    Ids come from the name and a counter (never the wall clock), so the same requests give the
    same ids in every run. Profiles handed out are copies: changing one never changes the store.
    At most `max_profiles` (the ones it starts with included): a profile is something a driver
    made, so a full store refuses with 429 PROFILE_LIMIT rather than forget one.
    """

    def __init__(
        self,
        profiles: Mapping[str, Profile] | None = None,
        max_profiles: int = SandboxLimits.max_profiles,
    ) -> None:
        self._profiles: dict[str, Profile] = {
            pid: p.model_copy(deep=True) for pid, p in (profiles or {}).items()
        }
        self._next_number = 1
        self._max_profiles = max_profiles

    def __len__(self) -> int:
        return len(self._profiles)

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._profiles

    def ids(self) -> builtins.list[str]:
        return sorted(self._profiles)

    def list(self) -> builtins.list[Profile]:
        """All profiles, ordered by id."""
        return [self._profiles[pid].model_copy(deep=True) for pid in self.ids()]

    def get(self, profile_id: str) -> Profile:
        try:
            return self._profiles[profile_id].model_copy(deep=True)
        except KeyError:
            raise ProfileNotFound(profile_id, self.ids()) from None

    def optional(self, profile_id: str | None) -> Profile | None:
        """The profile when an id is given (404 if it doesn't exist), else None."""
        return None if profile_id is None else self.get(profile_id)

    def create(self, data: ProfileCreate) -> Profile:
        if len(self._profiles) >= self._max_profiles:
            raise ProfileLimit(self._max_profiles)
        profile_id = self._new_id(data.name)
        profile = Profile(id=profile_id, **data.model_dump())
        self._profiles[profile_id] = profile
        return profile.model_copy(deep=True)

    def update(self, profile_id: str, patch: ProfileUpdate) -> Profile:
        """Apply a PATCH; raises InvalidInput if the result would not be a valid profile."""
        current = self.get(profile_id)
        merged = current.model_dump() | patch.model_dump(exclude_unset=True)
        try:
            updated = Profile.model_validate(merged)
        except ValidationError as exc:
            raise InvalidInput(
                bi("档案修改无效", "That change would make the profile invalid"),
                hint=str(exc),
                extra={"errors": exc.errors(include_url=False)},
            ) from exc
        self._profiles[profile_id] = updated
        return updated.model_copy(deep=True)

    def delete(self, profile_id: str) -> Profile:
        """Remove a profile and return what it was."""
        profile = self.get(profile_id)
        del self._profiles[profile_id]
        return profile

    @property
    def next_number(self) -> int:
        """The number the next made id tries first."""
        return self._next_number

    def restored(self, profiles: builtins.list[Profile], next_number: int) -> ProfileStore:
        """A store with this one's cap holding exactly `profiles` (an import, checked by
        agents/sandbox_state.py)."""
        twin = ProfileStore({p.id: p for p in profiles}, self._max_profiles)
        twin._next_number = next_number
        return twin

    def copy(self) -> ProfileStore:
        """An independent store with the same profiles and counter, for a new sandbox."""
        clone = ProfileStore(self._profiles, self._max_profiles)
        clone._next_number = self._next_number
        return clone

    def _new_id(self, name: str) -> str:
        base = slugify(name)
        while True:
            candidate = f"{base}-{self._next_number}"
            self._next_number += 1
            if candidate not in self._profiles:
                return candidate
