"""Restaurants along the corridor: the fixture model, its consistency rules and its loader."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import StrEnum
from pathlib import Path

from pydantic import Field, TypeAdapter, model_validator

from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.text import Bilingual, bi
from agents.travel.opening_hours import OpeningHours
from agents.world.models import Coordinates, Model


class Cuisine(StrEnum):
    SICHUAN = "sichuan"
    HUNAN = "hunan"
    CANTONESE = "cantonese"
    JIANGSU_ZHEJIANG = "jiangsu_zhejiang"
    SHANGHAINESE = "shanghainese"
    ANHUI = "anhui"
    BEIJING = "beijing"
    SHANDONG = "shandong"
    HOTPOT = "hotpot"
    NOODLES = "noodles"
    DUMPLINGS = "dumplings"
    VEGETARIAN = "vegetarian"
    WESTERN = "western"
    STEAKHOUSE = "steakhouse"
    JAPANESE = "japanese"
    FAST_FOOD = "fast_food"
    HALAL = "halal"
    XINJIANG = "xinjiang"
    CAFE = "cafe"


CUISINE_LABELS: dict[Cuisine, Bilingual] = {
    Cuisine.SICHUAN: bi("川菜", "Sichuan"),
    Cuisine.HUNAN: bi("湘菜", "Hunan"),
    Cuisine.CANTONESE: bi("粤菜", "Cantonese"),
    Cuisine.JIANGSU_ZHEJIANG: bi("江浙菜", "Jiangsu-Zhejiang"),
    Cuisine.SHANGHAINESE: bi("本帮菜", "Shanghainese"),
    Cuisine.ANHUI: bi("徽菜", "Anhui"),
    Cuisine.BEIJING: bi("京菜", "Beijing"),
    Cuisine.SHANDONG: bi("鲁菜", "Shandong"),
    Cuisine.HOTPOT: bi("火锅", "Hotpot"),
    Cuisine.NOODLES: bi("面馆", "Noodles"),
    Cuisine.DUMPLINGS: bi("饺子", "Dumplings"),
    Cuisine.VEGETARIAN: bi("素食", "Vegetarian"),
    Cuisine.WESTERN: bi("西餐", "Western"),
    Cuisine.STEAKHOUSE: bi("牛排馆", "Steakhouse"),
    Cuisine.JAPANESE: bi("日料", "Japanese"),
    Cuisine.FAST_FOOD: bi("快餐", "Fast food"),
    Cuisine.HALAL: bi("清真菜", "Halal"),
    Cuisine.XINJIANG: bi("新疆菜", "Xinjiang"),
    Cuisine.CAFE: bi("咖啡简餐", "Café"),
}


class DishTag(StrEnum):
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    SPICY = "spicy"
    CONTAINS_PORK = "contains_pork"
    CONTAINS_BEEF = "contains_beef"
    CONTAINS_LAMB = "contains_lamb"
    CONTAINS_POULTRY = "contains_poultry"
    CONTAINS_SEAFOOD = "contains_seafood"
    CONTAINS_NUTS = "contains_nuts"
    KID_FAVOURITE = "kid_favourite"


_ANIMAL_TAGS = frozenset(
    {
        DishTag.CONTAINS_PORK,
        DishTag.CONTAINS_BEEF,
        DishTag.CONTAINS_LAMB,
        DishTag.CONTAINS_POULTRY,
        DishTag.CONTAINS_SEAFOOD,
    }
)


class Dish(Model):
    name: Bilingual
    price_cny: float = Field(gt=0, le=5000)
    tags: list[DishTag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tags_agree(self) -> Dish:
        tags = set(self.tags)
        if DishTag.VEGAN in tags and DishTag.VEGETARIAN not in tags:
            raise ValueError("a vegan dish must also be tagged vegetarian")
        if DishTag.VEGETARIAN in tags and tags & _ANIMAL_TAGS:
            meat = sorted(t.value for t in tags & _ANIMAL_TAGS)
            raise ValueError(f"a vegetarian dish cannot be tagged {', '.join(meat)}")
        return self

    def has(self, tag: DishTag) -> bool:
        return tag in self.tags


class SubRatings(Model):
    """The split Chinese review sites use."""

    taste: float = Field(ge=0, le=5)
    environment: float = Field(ge=0, le=5)
    service: float = Field(ge=0, le=5)


class RestaurantAttributes(Model):
    vegetarian_options: bool = False
    vegan_options: bool = False
    halal: bool = False
    kid_friendly: bool = False
    parking: bool = False
    ev_charging_on_site: bool = False
    # 0 none, 1 mild, 2 medium, 3 very spicy: how hot the kitchen cooks by default.
    spicy_level: int = Field(default=0, ge=0, le=3)
    # The largest table it can seat together; None means not known (never a reason to exclude).
    max_party_size: int | None = Field(default=None, ge=1, le=500)


class Restaurant(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,60}$", examples=["sh-shu-xiang-ge"])
    name: Bilingual
    cuisines: list[Cuisine] = Field(min_length=1, max_length=4)
    coordinates: Coordinates
    # A city or service-area id, as in places.json (e.g. "shanghai", "sa-yangcheng-lake").
    place_id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{1,60}$")
    at_service_area: bool = False
    rating: float = Field(ge=0, le=5)
    sub_ratings: SubRatings
    avg_spend_cny: float = Field(gt=0, le=5000)
    opening_hours: OpeningHours
    attributes: RestaurantAttributes
    signature_dishes: list[Dish] = Field(min_length=1, max_length=8)

    @model_validator(mode="after")
    def _facts_agree(self) -> Restaurant:
        if self.attributes.halal and any(
            d.has(DishTag.CONTAINS_PORK) for d in self.signature_dishes
        ):
            raise ValueError("a halal restaurant cannot list a dish tagged contains_pork")
        if self.attributes.vegan_options and not self.attributes.vegetarian_options:
            raise ValueError("vegan_options implies vegetarian_options")
        return self

    def vegetarian_dishes(self) -> list[Dish]:
        return [d for d in self.signature_dishes if d.has(DishTag.VEGETARIAN)]


_RESTAURANTS = TypeAdapter(list[Restaurant])


def load_restaurants(path: Path) -> list[Restaurant]:
    """Read restaurants.json; a bad entry or a repeated id raises FixtureError naming it."""
    restaurants = load_json_file(path, _RESTAURANTS)
    seen: set[str] = set()
    for index, restaurant in enumerate(restaurants):
        if restaurant.id in seen:
            raise FixtureError.one(path, f"$[{index}].id", f"duplicate id '{restaurant.id}'")
        seen.add(restaurant.id)
    return restaurants


def unknown_place_ids(
    restaurants: Sequence[Restaurant], known: Collection[str], source: str
) -> list[FixtureProblem]:
    """Restaurants whose `place_id` is not in places.json (checked when both are loaded)."""
    return [
        FixtureProblem(source, f"$[{i}].place_id", f"unknown place id {r.place_id!r}")
        for i, r in enumerate(restaurants)
        if r.place_id not in known
    ]
