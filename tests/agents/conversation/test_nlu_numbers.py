"""Numbers as said in Chinese and English, and the anchored slot extractors built on them."""

from __future__ import annotations

import pytest

from agents.conversation.nlu import slots
from agents.conversation.nlu.numbers import parse_chinese_number, parse_number
from agents.conversation.nlu.places import extract_places, is_result_reference


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十二", 22.0),
        ("二十二点五", 22.5),
        ("两", 2.0),
        ("十八", 18.0),
        ("一百", 100.0),
        ("一百零五", 105.0),
        ("一百二十", 120.0),
        ("三百五", 350.0),
        ("一千五", 1500.0),
        ("两万", 20000.0),
        ("二零二四", 2024.0),
        ("零点五", 0.5),
    ],
)
def test_chinese_numerals(text: str, value: float) -> None:
    assert parse_chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("22", 22.0),
        ("22.5", 22.5),
        ("twenty-two", 22.0),
        ("twenty two", 22.0),
        ("eighty", 80.0),
        ("a hundred", 100.0),
        ("one hundred and twenty", 120.0),
        ("八十", 80.0),
    ],
)
def test_any_spelling(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "点五", "twenty bananas", "三x"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_a_numeral_without_its_anchor_is_not_a_value() -> None:
    # "一" in "开一下空调" and "一点" in "近一点" are not temperatures or budgets.
    assert slots.temperature_c("开一下空调") is None
    assert slots.max_budget_cny("近一点的") is None
    assert slots.selection_index("查一下胎压") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("charge to 120%", None), ("充到百分之九十五", 95), ("limit of 70", 70), ("80 percent", 80)],
)
def test_charge_limits_are_percentages(text: str, value: int | None) -> None:
    assert slots.limit_pct(text) == value


@pytest.mark.parametrize(
    ("text", "budget"),
    [("人均一百以内", 100), ("under 80 yuan", 80), ("¥150以下", 150), ("不超过两百块", 200)],
)
def test_budgets(text: str, budget: int) -> None:
    assert slots.max_budget_cny(text) == budget


@pytest.mark.parametrize(
    ("text", "destination", "waypoints", "origin"),
    [
        ("去杭州西湖吃饭", "杭州西湖", (), None),
        ("导航去杭州吧", "杭州", (), None),
        ("drive to Nanjing via Suzhou please", "Nanjing", ("Suzhou",), None),
        ("from Shanghai to the city of Beijing", "Beijing", (), "Shanghai"),
        ("经过苏州、无锡和常州到南京", "南京", ("苏州", "无锡", "常州"), None),
        ("I want to go to Tai'an", "Tai'an", (), None),
    ],
)
def test_place_phrases_are_cut_cleanly(
    text: str, destination: str, waypoints: tuple[str, ...], origin: str | None
) -> None:
    places = extract_places(text)
    assert (places.destination, places.waypoints, places.origin) == (destination, waypoints, origin)


@pytest.mark.parametrize(
    ("phrase", "is_reference"),
    [
        ("there", True),
        ("the second one", True),
        ("第三家", True),
        ("那家", True),
        ("Suzhou", False),
    ],
)
def test_result_references(phrase: str, is_reference: bool) -> None:
    assert is_result_reference(phrase) is is_reference
