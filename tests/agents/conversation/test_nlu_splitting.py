"""Several requests in one utterance come back in the order said; lists of places do not split."""

from __future__ import annotations

import pytest

from agents.conversation.nlu import Intent, SlotValue, understand

SPLITS: list[tuple[str, list[tuple[Intent, dict[str, SlotValue], str]]]] = [
    (
        "lock the car and set the temperature to 22",
        [
            (Intent.LOCK, {}, "lock the car"),
            (Intent.CLIMATE_ON, {"temperature_c": 22.0}, "set the temperature to 22"),
        ],
    ),
    (
        "plan a trip to Beijing and find lunch",
        [
            (Intent.PLAN_TRIP, {"destination": "Beijing"}, "plan a trip to Beijing"),
            (Intent.FIND_FOOD, {"meal": "lunch"}, "find lunch"),
        ],
    ),
    (
        "lock the car, flash the lights and honk",
        [
            (Intent.LOCK, {}, "lock the car"),
            (Intent.FLASH_LIGHTS, {}, "flash the lights"),
            (Intent.HONK, {}, "honk"),
        ],
    ),
    (
        "Is the car locked and are the windows closed?",
        [
            (Intent.STATUS_LOCKS, {}, "Is the car locked"),
            (Intent.STATUS_DOORS_WINDOWS, {}, "are the windows closed?"),
        ],
    ),
    (
        "unlock the car then turn on the heating",
        [
            (Intent.UNLOCK, {}, "unlock the car"),
            (Intent.CLIMATE_ON, {"mode": "heat"}, "turn on the heating"),
        ],
    ),
    (
        "锁车，然后把温度调到22度",
        [(Intent.LOCK, {}, "锁车"), (Intent.CLIMATE_ON, {"temperature_c": 22.0}, "把温度调到22度")],
    ),
    (
        "打开空调并且查一下胎压",
        [(Intent.CLIMATE_ON, {}, "打开空调"), (Intent.STATUS_TIRES, {}, "查一下胎压")],
    ),
    (
        "导航去杭州西湖然后吃饭",
        [
            (Intent.PLAN_TRIP, {"destination": "杭州西湖"}, "导航去杭州西湖"),
            (Intent.FIND_FOOD, {}, "吃饭"),
        ],
    ),
    (
        "查一下电量和胎压",
        [
            (Intent.STATUS_BATTERY, {"energy": "battery"}, "查一下电量"),
            (Intent.STATUS_TIRES, {}, "胎压"),
        ],
    ),
    (
        "导航到南京，然后找个充电桩，再推荐个吃饭的地方",
        [
            (Intent.PLAN_TRIP, {"destination": "南京"}, "导航到南京"),
            (Intent.FIND_CHARGER, {}, "找个充电桩"),
            (Intent.FIND_FOOD, {}, "推荐个吃饭的地方"),
        ],
    ),
    (
        "把空调调到二十五度然后开始充电",
        [
            (Intent.CLIMATE_ON, {"temperature_c": 25.0}, "把空调调到二十五度"),
            (Intent.CHARGE_START, {}, "开始充电"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS, ids=[s[0] for s in SPLITS])
def test_requests_are_split_in_order(
    text: str, expected: list[tuple[Intent, dict[str, SlotValue], str]]
) -> None:
    assert [(r.intent, r.slots, r.text) for r in understand(text)] == expected


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        (
            "plan a trip to Beijing via Suzhou and Wuxi",
            {"destination": "Beijing", "waypoint": "Suzhou", "waypoint_2": "Wuxi"},
        ),
        (
            "导航去北京，途经苏州和无锡",
            {"destination": "北京", "waypoint": "苏州", "waypoint_2": "无锡"},
        ),
        ("navigate to Nanjing, please", {"destination": "Nanjing"}),
        (
            "plan a trip to Beijing and stop in Jinan",
            {"destination": "Beijing", "waypoint": "Jinan"},
        ),
    ],
)
def test_a_part_without_a_request_of_its_own_stays_with_the_trip(
    text: str, slots: dict[str, SlotValue]
) -> None:
    results = understand(text)
    assert [(r.intent, r.slots) for r in results] == [(Intent.PLAN_TRIP, slots)]


def test_two_constraints_of_one_search_stay_one_search() -> None:
    results = understand("I'm vegetarian, find dinner")
    assert [(r.intent, r.slots) for r in results] == [
        (Intent.FIND_FOOD, {"cuisine": "vegetarian", "dietary": "vegetarian", "meal": "dinner"})
    ]


def test_a_greeting_before_a_request_is_dropped() -> None:
    assert [r.intent for r in understand("hi, what's my range")] == [Intent.STATUS_RANGE]
    assert [r.intent for r in understand("你好，帮我锁车")] == [Intent.LOCK]


def test_a_conjunction_inside_a_word_does_not_split() -> None:
    # "还有" is a conjunction, but "还有多少电" asks how much charge is left.
    assert [(r.intent, r.text) for r in understand("还有多少电")] == [
        (Intent.STATUS_BATTERY, "还有多少电")
    ]


def test_a_leading_answer_is_its_own_request() -> None:
    assert [(r.intent, r.text) for r in understand("好的锁车吧")] == [
        (Intent.CONFIRM, "好的"),
        (Intent.LOCK, "锁车吧"),
    ]
    assert [r.intent for r in understand("yes please lock it")] == [Intent.CONFIRM, Intent.LOCK]


def test_no_spicy_is_a_preference_not_a_no() -> None:
    assert [(r.intent, r.slots) for r in understand("no spicy food please")] == [
        (Intent.FIND_FOOD, {"dietary": "no_spicy"})
    ]
