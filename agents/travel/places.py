"""Named places of the road network and resolving what a person types into one of them."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from pydantic import Field

from agents.text import Bilingual, bi
from agents.travel.errors import PlaceNotFound
from agents.travel.geo import haversine_km
from agents.world.models import Coordinates, Model


class PlaceKind(StrEnum):
    CITY = "city"
    DISTRICT = "district"
    INTERCHANGE = "interchange"
    SERVICE_AREA = "service_area"


class Place(Model):
    """A node of the road graph: real coordinates for real cities; service areas are plausible
    named points on the real expressway."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$", examples=["hangzhou"])
    kind: PlaceKind
    name: Bilingual
    aliases: list[str] = Field(default_factory=list)
    coordinates: Coordinates
    province: Bilingual


# A car this close to a place is at it (a city centre or a service area), not near it.
AT_PLACE_KM = 1.0

_PUNCTUATION = re.compile(r"[\s'’`\-_.,·()（）]+")
# Suffixes people add or drop freely: "杭州市" is "杭州", "Suzhou City" is "Suzhou".
_SUFFIXES = ("市", "city")


def normalize_name(text: str) -> str:
    """The comparison key of a name: NFKC, case-folded, without spaces and punctuation."""
    key = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", text).casefold())
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


class PlaceDirectory:
    """Places by id and by every name they answer to."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.by_id: dict[str, Place] = {}
        self._by_key: dict[str, Place] = {}
        self._display: dict[str, str] = {}
        for place in places:
            self.by_id[place.id] = place
            for name in (place.id, place.name.zh, place.name.en, *place.aliases):
                key = normalize_name(name)
                # The first place to claim a name keeps it (fixtures list cities first).
                self._by_key.setdefault(key, place)
                self._display.setdefault(key, name)

    def __len__(self) -> int:
        return len(self.by_id)

    def get(self, query: str) -> Place | None:
        return self.by_id.get(query) or self._by_key.get(normalize_name(query))

    def resolve(self, query: str) -> Place:
        """The place `query` names, or PlaceNotFound with up to five close names."""
        found = self.get(query)
        if found is None:
            raise PlaceNotFound(query, self.suggest(query))
        return found

    def nearest(self, point: Coordinates) -> tuple[Place, float]:
        """The place closest to `point` and its distance in km (ties: the first listed)."""
        return min(
            ((place, haversine_km(point, place.coordinates)) for place in self.by_id.values()),
            key=lambda found: found[1],
        )

    def whereabouts(self, point: Coordinates) -> Bilingual:
        """What a car's display says about where it is: "近无锡枢纽" / "near Wuxi Interchange".
        Within AT_PLACE_KM the car is at the place and it is named alone."""
        place, km = self.nearest(point)
        if km <= AT_PLACE_KM:
            return place.name
        return bi(f"{place.name.zh}附近", f"near {place.name.en}")

    def suggest(self, query: str, limit: int = 5) -> list[str]:
        key = normalize_name(query)
        if not key:
            return []
        keys = list(self._by_key)
        close = difflib.get_close_matches(key, keys, n=limit * 2, cutoff=0.6)
        partial = [k for k in keys if len(key) >= 2 and (key in k or k in key)]
        names: list[str] = []
        for k in [*close, *partial]:
            place = self._by_key[k]
            label = f"{place.name.en} {place.name.zh}"
            if k not in (normalize_name(place.name.en), normalize_name(place.name.zh)):
                label = f"{self._display[k]} ({label})"  # matched an alias: show it
            if label not in names:
                names.append(label)
            if len(names) == limit:
                break
        return names
