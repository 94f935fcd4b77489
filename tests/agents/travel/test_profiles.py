"""Driver profiles: fixtures, validation and the per-sandbox store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from agents.errors import ErrorKind, NotFound
from agents.fixtures import FixtureError
from agents.text import Bilingual
from agents.travel.profiles import (
    DietaryRule,
    Profile,
    ProfileCreate,
    ProfileNotFound,
    ProfileStore,
    ProfileUpdate,
    load_profiles,
    slugify,
)
from agents.travel.restaurants import Cuisine
from agents.world.models import Coordinates

PROFILES_FILE = Path(__file__).resolve().parents[3] / "fixtures" / "travel" / "profiles.json"


@pytest.fixture
def store() -> ProfileStore:
    return ProfileStore(load_profiles(PROFILES_FILE))


def test_fixture_profiles() -> None:
    profiles = load_profiles(PROFILES_FILE)
    assert sorted(profiles) == ["family-kids", "halal-traveller", "spicy-budget", "vegetarian-en"]
    spicy = profiles["spicy-budget"]
    assert (spicy.locale, spicy.budget_cny_per_person) == ("zh", 80)
    assert spicy.cuisine_preferences[Cuisine.SICHUAN] == 3
    vegetarian = profiles["vegetarian-en"]
    assert (vegetarian.locale, vegetarian.dietary) == ("en", [DietaryRule.VEGETARIAN])
    family = profiles["family-kids"]
    assert (family.party.adults, family.party.children, family.party.size) == (2, 2, 4)
    assert family.needs_parking
    assert family.max_spicy_level == 1
    assert family.charging.operator_preferences == {"qingyun": 1, "dianlu": -2}


def test_a_bad_profile_fixture_names_file_and_path(tmp_path: Path) -> None:
    raw = json.loads(PROFILES_FILE.read_text())
    raw[1]["cuisine_preferences"]["sichuan"] = 5
    bad = tmp_path / "profiles.json"
    bad.write_text(json.dumps(raw))
    with pytest.raises(FixtureError) as caught:
        load_profiles(bad)
    [problem] = caught.value.problems
    assert (problem.file, problem.json_path) == (str(bad), "$[1].cuisine_preferences.sichuan")
    assert problem.reason == "Input should be less than or equal to 3"


def test_a_repeated_profile_id_is_reported(tmp_path: Path) -> None:
    raw = json.loads(PROFILES_FILE.read_text())
    bad = tmp_path / "profiles.json"
    bad.write_text(json.dumps([raw[0], raw[0]]))
    with pytest.raises(FixtureError, match=r"\$\[1\]\.id: duplicate id 'spicy-budget'"):
        load_profiles(bad)


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cuisine_preferences", {"sichuan": 4}, "less than or equal to 3"),
        ("cuisine_preferences", {"sichuan": -3}, "greater than or equal to -2"),
        ("cuisine_preferences", {"martian": 1}, "Input should be 'sichuan', 'hunan'"),
        ("budget_cny_per_person", 0, "greater than 0"),
        ("budget_cny_per_person", 5001, "less than or equal to 5000"),
        ("party", {"adults": 0}, "greater than or equal to 1"),
        ("party", {"adults": 1, "children": -1}, "greater than or equal to 0"),
        ("name", "   ", "name must not be blank"),
        ("locale", "fr", "The assistant does not speak 'fr'"),
        ("dietary", ["paleo"], "Input should be 'vegetarian'"),
        ("max_spicy_level", 4, "less than or equal to 3"),
        ("charging", {"operator_preferences": {"xingchong": 9}}, "less than or equal to 3"),
        ("favourite_colour", "blue", "Extra inputs are not permitted"),
    ],
)
def test_profile_validation_messages(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        ProfileCreate.model_validate({"name": "Li Wei", field: value})
    assert caught.value.errors()[0]["loc"][0] == field


def test_vegan_implies_vegetarian() -> None:
    profile = ProfileCreate(name="Ana", dietary=[DietaryRule.VEGAN, DietaryRule.VEGAN])
    assert profile.dietary == [DietaryRule.VEGAN, DietaryRule.VEGETARIAN]


# --- the store -----------------------------------------------------------------------------


def test_create_derives_ids_from_the_name_and_a_counter(store: ProfileStore) -> None:
    first = store.create(ProfileCreate(name="Emma Clarke", locale="en"))
    second = store.create(ProfileCreate(name="Emma Clarke"))
    chinese = store.create(ProfileCreate(name="李伟"))
    assert [first.id, second.id, chinese.id] == ["emma-clarke-1", "emma-clarke-2", "profile-3"]
    assert store.get("emma-clarke-1") == first
    assert len(store) == 7
    assert store.ids() == [p.id for p in store.list()] == sorted(store.ids())


def test_slugify() -> None:
    assert slugify("  Dr. Müller & Sons!  ") == "dr-m-ller-sons"
    assert slugify("王磊 Wang Lei") == "wang-lei"
    assert slugify("王") == "profile"


def test_an_unknown_profile_lists_the_known_ones(store: ProfileStore) -> None:
    with pytest.raises(ProfileNotFound) as caught:
        store.get("nobody")
    error = caught.value
    assert isinstance(error, NotFound)
    assert (error.kind, error.code) == (ErrorKind.NOT_FOUND, "PROFILE_NOT_FOUND")
    assert error.message == Bilingual(
        zh="找不到驾驶者档案「nobody」", en="No driver profile 'nobody'"
    )
    assert error.extra["known"] == [
        "family-kids",
        "halal-traveller",
        "spicy-budget",
        "vegetarian-en",
    ]


def test_update_changes_only_what_is_given(store: ProfileStore) -> None:
    before = store.get("spicy-budget")
    after = store.update(
        "spicy-budget",
        ProfileUpdate(budget_cny_per_person=60, cuisine_preferences={Cuisine.HUNAN: 3}),
    )
    assert after.budget_cny_per_person == 60
    assert after.cuisine_preferences == {Cuisine.HUNAN: 3}  # replaced whole, as documented
    assert after.model_dump(exclude={"budget_cny_per_person", "cuisine_preferences"}) == (
        before.model_dump(exclude={"budget_cny_per_person", "cuisine_preferences"})
    )
    assert store.get("spicy-budget") == after


def test_update_can_forget_home_but_not_null_the_name(store: ProfileStore) -> None:
    assert store.get("spicy-budget").home == Coordinates(lat=31.2304, lon=121.4737)
    assert store.update("spicy-budget", ProfileUpdate.model_validate({"home": None})).home is None
    with pytest.raises(ValidationError, match="may be left out but not set to null"):
        ProfileUpdate.model_validate({"name": None})
    with pytest.raises(ValidationError, match="greater than 0"):
        ProfileUpdate.model_validate({"budget_cny_per_person": -5})
    with pytest.raises(ProfileNotFound):
        store.update("nobody", ProfileUpdate(locale="en"))


def test_delete(store: ProfileStore) -> None:
    removed = store.delete("halal-traveller")
    assert removed.id == "halal-traveller"
    assert "halal-traveller" not in store
    with pytest.raises(ProfileNotFound):
        store.delete("halal-traveller")


def test_copies_are_isolated(store: ProfileStore) -> None:
    sandbox = store.copy()
    sandbox.create(ProfileCreate(name="Tester"))
    sandbox.delete("family-kids")
    store.update("spicy-budget", ProfileUpdate(budget_cny_per_person=50))
    assert "tester-1" not in store
    assert "family-kids" in store
    assert sandbox.get("spicy-budget").budget_cny_per_person == 80
    # Both keep counting from where the original was, independently.
    assert store.create(ProfileCreate(name="Tester")).id == "tester-1"


def test_profiles_handed_out_are_copies(store: ProfileStore) -> None:
    profile = store.get("vegetarian-en")
    profile.cuisine_preferences[Cuisine.STEAKHOUSE] = 3
    profile.budget_cny_per_person = 10
    fresh = store.get("vegetarian-en")
    assert fresh.cuisine_preferences[Cuisine.STEAKHOUSE] == -1
    assert fresh.budget_cny_per_person == 150
    assert isinstance(fresh, Profile)
