"""Turns that only make sense with what the previous turn left: slot answers, yes/no,
references to a listed result and refinements of it."""

from __future__ import annotations

import pytest

from agents.conversation.nlu import DialogueContext, Intent, ResultsKind, SlotValue, understand
from agents.conversation.nlu.candidate import HIGH

WHERE_TO = DialogueContext(pending_intent=Intent.PLAN_TRIP, missing_slot="destination")
ASKED = DialogueContext(awaiting_confirmation=True)


def _results(kind: ResultsKind) -> DialogueContext:
    return DialogueContext(last_results_kind=kind)


@pytest.mark.parametrize(
    ("text", "destination"),
    [
        ("杭州", "杭州"),
        ("to Hangzhou", "Hangzhou"),
        ("Hangzhou please", "Hangzhou"),
        ("去杭州吧", "杭州"),
        ("嗯，杭州", "杭州"),
        ("the city of Hangzhou", "Hangzhou"),
        ("乌镇", "乌镇"),
    ],
)
def test_an_answer_fills_the_missing_destination(text: str, destination: str) -> None:
    (result,) = understand(text, WHERE_TO)
    assert (result.intent, result.slots, result.missing_slots) == (
        Intent.PLAN_TRIP,
        {"destination": destination},
        [],
    )


@pytest.mark.parametrize(
    ("context", "text", "slots"),
    [
        (
            DialogueContext(pending_intent=Intent.CAN_REACH, missing_slot="destination"),
            "to Beijing",
            {"destination": "Beijing"},
        ),
        (
            DialogueContext(pending_intent=Intent.CAN_REACH, missing_slot="destination"),
            "北京",
            {"destination": "北京"},
        ),
        (
            DialogueContext(pending_intent=Intent.SET_CHARGE_LIMIT, missing_slot="limit_pct"),
            "百分之九十",
            {"limit_pct": 90},
        ),
        (
            DialogueContext(pending_intent=Intent.SET_CHARGE_LIMIT, missing_slot="limit_pct"),
            "80",
            {"limit_pct": 80},
        ),
        (
            DialogueContext(pending_intent=Intent.ADD_STOP, missing_slot="waypoint"),
            "苏州",
            {"waypoint": "苏州"},
        ),
        (
            DialogueContext(pending_intent=Intent.CLIMATE_ON, missing_slot="temperature_c"),
            "二十二",
            {"temperature_c": 22.0},
        ),
    ],
)
def test_answers_fill_other_pending_slots(
    context: DialogueContext, text: str, slots: dict[str, SlotValue]
) -> None:
    (result,) = understand(text, context)
    assert (result.intent, result.slots) == (context.pending_intent, slots)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("tell me a joke", Intent.OUT_OF_SCOPE),
        ("今天股票怎么样", Intent.OUT_OF_SCOPE),
        ("取消", Intent.DENY),
        ("what's my range", Intent.STATUS_RANGE),
    ],
)
def test_a_new_request_is_not_taken_for_the_answer(text: str, intent: Intent) -> None:
    (result,) = understand(text, WHERE_TO)
    assert (result.intent, result.slots) == (intent, {})


def test_only_the_first_request_answers_the_question() -> None:
    results = understand("杭州，然后找个充电桩", WHERE_TO)
    assert [(r.intent, r.slots) for r in results] == [
        (Intent.PLAN_TRIP, {"destination": "杭州"}),
        (Intent.FIND_CHARGER, {}),
    ]


@pytest.mark.parametrize("text", ["yes", "好的", "确认", "sure", "ok", "Yes please!", "好吧"])
def test_yes_confirms(text: str) -> None:
    (result,) = understand(text, ASKED)
    assert (result.intent, result.confidence) == (Intent.CONFIRM, HIGH)


@pytest.mark.parametrize("text", ["no", "不用了", "取消", "nope", "never mind", "算了"])
def test_no_denies(text: str) -> None:
    (result,) = understand(text, ASKED)
    assert (result.intent, result.confidence) == (Intent.DENY, HIGH)


def test_a_yes_without_a_question_is_less_certain() -> None:
    (unasked,) = understand("yes")
    assert unasked.intent is Intent.CONFIRM
    assert unasked.confidence < HIGH


@pytest.mark.parametrize(
    ("kind", "text", "refinement"),
    [
        ("restaurants", "cheaper", "cheaper"),
        ("restaurants", "便宜点", "cheaper"),
        ("restaurants", "不要辣的", "no_spicy"),
        ("restaurants", "closer please", "closer"),
        ("restaurants", "近一点的", "closer"),
        ("restaurants", "有没有更便宜的", "cheaper"),
        ("restaurants", "something vegetarian", "vegetarian"),
        ("restaurants", "open now", "open_now"),
        ("chargers", "faster", "faster_charger"),
        ("chargers", "近一点的充电站", "closer"),
    ],
)
def test_refinements_of_a_list(kind: ResultsKind, text: str, refinement: str) -> None:
    (result,) = understand(text, _results(kind))
    assert (result.intent, result.slots, result.confidence) == (
        Intent.REFINE,
        {"refinement": refinement},
        HIGH,
    )


def test_a_refinement_without_a_list_is_less_certain() -> None:
    (with_list,) = understand("cheaper", _results("restaurants"))
    (without,) = understand("cheaper")
    assert without.intent is Intent.REFINE
    assert without.confidence < with_list.confidence


def test_a_search_for_another_kind_is_no_refinement() -> None:
    (result,) = understand("近一点的充电站", _results("restaurants"))
    assert result.intent is Intent.FIND_CHARGER


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("the second one", 2),
        ("第二个", 2),
        ("选第三家", 3),
        ("number 2", 2),
        ("option three", 3),
        ("the 4th", 4),
        ("the last one", -1),
        ("最后那家", -1),
    ],
)
def test_selection_by_position(text: str, index: int) -> None:
    (with_list,) = understand(text, _results("restaurants"))
    (without,) = understand(text)
    assert (with_list.intent, with_list.slots) == (Intent.SELECT, {"index": index})
    assert without.confidence < with_list.confidence


def test_that_one_selects_the_first_with_low_confidence() -> None:
    (result,) = understand("that one", _results("chargers"))
    assert (result.intent, result.slots) == (Intent.SELECT, {"index": 1})
    assert result.confidence <= 0.5


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("take me there", Intent.PLAN_TRIP, {"refers_to_result": True}),
        ("去那儿", Intent.PLAN_TRIP, {"refers_to_result": True}),
        ("导航去第二家", Intent.PLAN_TRIP, {"refers_to_result": True, "index": 2}),
        (
            "send the second one to the car",
            Intent.SEND_DESTINATION,
            {"refers_to_result": True, "index": 2},
        ),
        ("can I make it there?", Intent.CAN_REACH, {"refers_to_result": True}),
    ],
)
def test_references_to_a_listed_result(
    text: str, intent: Intent, slots: dict[str, SlotValue]
) -> None:
    (result,) = understand(text, _results("restaurants"))
    assert (result.intent, result.slots, result.missing_slots) == (intent, slots, [])


def test_a_reference_without_a_list_still_needs_a_destination() -> None:
    (result,) = understand("take me there")
    assert result.missing_slots == ["destination"]
