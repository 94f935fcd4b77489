"""The warning-light knowledge base: its content rules, lookups and free-text matching."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agents.car_genius.light_matching import analyse, parse_color
from agents.car_genius.warning_lights import (
    LightColor,
    LightSystem,
    SafeToDrive,
    WarningLightBook,
    WarningLightNotFound,
    load_warning_lights,
)
from agents.errors import ErrorKind, InvalidInput
from agents.world.models import Severity

LIGHTS_FILE = Path(__file__).resolve().parents[3] / "fixtures" / "warning_lights.json"
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def book() -> WarningLightBook:
    return load_warning_lights(LIGHTS_FILE)


def test_at_least_24_lights_with_unique_ids(book: WarningLightBook) -> None:
    raw_ids = [entry["id"] for entry in json.loads(LIGHTS_FILE.read_text("utf-8"))]
    assert len(raw_ids) >= 24
    assert len(set(raw_ids)) == len(raw_ids)
    assert [light.id for light in book.all()] == raw_ids


def test_red_lights_are_never_merely_informational(book: WarningLightBook) -> None:
    red = book.filter(color=LightColor.RED)
    assert len(red) >= 8
    assert all(light.severity in (Severity.CRITICAL, Severity.WARNING) for light in red)


def test_critical_lights_never_say_carry_on(book: WarningLightBook) -> None:
    for light in book.filter(severity=Severity.CRITICAL):
        assert light.safe_to_drive is not SafeToDrive.YES, light.id


def test_every_light_has_chinese_and_english_keywords(book: WarningLightBook) -> None:
    for light in book.all():
        assert any(_CJK.search(k) for k in light.keywords), light.id
        assert any(not _CJK.search(k) for k in light.keywords), light.id


def test_get_returns_the_light(book: WarningLightBook) -> None:
    light = book.get("engine-check")
    assert (light.color, light.severity, light.system) == (
        LightColor.YELLOW,
        Severity.WARNING,
        LightSystem.ENGINE,
    )
    assert light.title.en == "Check engine"


def test_get_unknown_id_lists_known_ids(book: WarningLightBook) -> None:
    with pytest.raises(WarningLightNotFound) as caught:
        book.get("warp-drive")
    error = caught.value
    assert error.code == "WARNING_LIGHT_NOT_FOUND"
    assert error.kind is ErrorKind.NOT_FOUND
    assert error.message.en == "No warning light 'warp-drive'"
    assert error.extra["known"] == sorted(light.id for light in book.all())


def test_filter_combines_criteria(book: WarningLightBook) -> None:
    red_critical = book.filter(color=LightColor.RED, severity=Severity.CRITICAL)
    assert sorted(light.id for light in red_critical) == [
        "airbag",
        "battery-12v",
        "brake-system",
        "coolant-temp",
        "hv-battery",
        "oil-pressure",
        "steering-failure",
    ]
    brake = book.filter(system=LightSystem.BRAKE, color=LightColor.YELLOW)
    assert sorted(light.id for light in brake) == ["brake-pad-wear", "parking-brake-fault"]


@pytest.mark.parametrize(
    ("text", "expected_first"),
    [
        ("orange engine light", "engine-check"),
        ("黄色的发动机灯", "engine-check"),
        ("What does the amber engine symbol mean?", "engine-check"),
        ("the engine light is flashing", "engine-check-flashing"),
        ("发动机灯一闪一闪的", "engine-check-flashing"),
        ("red brake light", "brake-system"),
        ("刹车灯亮了", "brake-system"),
        ("tyres pressure warning", "tire-pressure"),
        ("the horseshoe one", "tire-pressure"),
        ("仪表上有个乌龟灯", "power-reduced"),
        ("ABS灯亮了", "abs"),
        ("what's the blue light", "high-beam"),
        ("snowflake on the display", "frost-warning"),
    ],
)
def test_match_ranks_the_described_light_first(
    book: WarningLightBook, text: str, expected_first: str
) -> None:
    assert book.match(text=text)[0].id == expected_first


def test_misremembered_colour_still_finds_the_light(book: WarningLightBook) -> None:
    # There is no red engine light; the yellow one still wins on the words.
    assert book.match(text="red engine light")[0].id == "engine-check"


def test_colour_alone_lists_that_colour_most_severe_first(book: WarningLightBook) -> None:
    found = book.match(color="红色", limit=50)
    assert {light.id for light in found} == {light.id for light in book.filter(LightColor.RED)}
    assert [light.severity for light in found[:7]] == [Severity.CRITICAL] * 7
    assert found[0].id == "airbag"  # critical ones by id


def test_system_is_a_strict_filter(book: WarningLightBook) -> None:
    found = book.match(system="brake", text="light on")
    assert found[0].id == "brake-system"
    assert all(light.system is LightSystem.BRAKE for light in found)
    assert [light.id for light in book.match(system="oil", text="engine light")] == []


def test_nothing_to_go_on_matches_nothing(book: WarningLightBook) -> None:
    assert book.match() == []
    assert book.match(text="qwertyuiop") == []


def test_unknown_colour_or_system_is_invalid_input(book: WarningLightBook) -> None:
    with pytest.raises(InvalidInput) as caught:
        book.match(color="purple")
    assert caught.value.code == "VALIDATION_ERROR"
    with pytest.raises(InvalidInput):
        book.match(system="warp_drive")


@pytest.mark.parametrize(
    ("name", "color"),
    [
        ("orange", "yellow"),
        ("Amber", "yellow"),
        ("橙色", "yellow"),
        ("黄", "yellow"),
        ("红色", "red"),
        ("蓝", "blue"),
        ("purple", None),
    ],
)
def test_parse_color_aliases(name: str, color: str | None) -> None:
    assert parse_color(name) == color


@pytest.mark.parametrize(
    ("text", "color"),
    [
        ("我不明白这个发动机灯", None),  # 明白 is "understand", not white
        ("黄灯亮了", "yellow"),
        ("red or orange?", "red"),
        ("橙色还是red", "yellow"),
    ],
)
def test_colour_named_in_text(text: str, color: str | None) -> None:
    assert analyse(text).color == color
