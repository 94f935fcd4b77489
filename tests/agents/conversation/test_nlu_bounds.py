"""The NLU's work is bounded by its input's length, whatever the text: no quadratic regexes, a
capped number of pieces per message, a bounded history to replay."""

from __future__ import annotations

import time

import pytest

from agents.conversation import limits as lim
from agents.conversation.compat import recent_history
from agents.conversation.nlu import Intent, understand
from agents.conversation.nlu.splitter import MAX_PIECES
from tests.health import without_gc

HARD_UNITS = [
    "1",
    "一",
    "twenty ",
    "，",
    "find food, ",
    "找充电站，",
    "途经苏州和",
    "去",
    "send ",
    "add x ",
    "去杭州 and 到上海，",
    "xlockx chargerx ",
]


@pytest.mark.parametrize("unit", HARD_UNITS)
def test_longest_messages_are_understood_in_milliseconds(unit: str) -> None:
    text = (unit * lim.MAX_MESSAGE_CHARS)[: lim.MAX_MESSAGE_CHARS]
    with without_gc():
        started = time.thread_time()  # CPU time, so other processes on the machine don't count
        understand(text)
        took = time.thread_time() - started
    assert took < 0.03


def test_pieces_past_the_cap_stay_together() -> None:
    understood = understand("，".join(["锁车"] * 100))
    assert len(understood) == MAX_PIECES
    assert [u.intent for u in understood[:-1]] == [Intent.LOCK] * (MAX_PIECES - 1)
    # NFKC folds the full-width comma.
    assert understood[-1].text == ",".join(["锁车"] * (100 - MAX_PIECES + 1))


def test_numbers_read_the_same_from_the_first_digit() -> None:
    assert understand("空调开到22度")[0].slots["temperature_c"] == 22.0
    assert understand("空调开到二十二度")[0].slots["temperature_c"] == 22.0
    assert understand("charge to eighty five percent")[0].slots["limit_pct"] == 85
    assert understand("1" * 30 + "度")[0].slots["temperature_c"] == float("1" * 30)


def test_history_replays_the_latest_requests_within_budget() -> None:
    earlier = ["找充电站", "第二个", "导航去杭州", "好的", "还能开多远"]
    assert recent_history(earlier) == ["导航去杭州", "好的", "还能开多远"]
    assert recent_history(["x" * 700, "锁车"]) == ["锁车"]
    assert recent_history(["锁车，闪灯，鸣笛，车在哪"]) == []
