"""Number, duration and time wording shared by alerts and briefings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from agents.car_genius import phrases as ph

CST = timezone(timedelta(hours=8))
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=CST)


@pytest.mark.parametrize(
    ("value", "text"), [(19.9, "19.9"), (20.0, "20"), (222.5, "222.5"), (1234.56, "1,234.6")]
)
def test_num(value: float, text: str) -> None:
    assert ph.num(value) == text


def test_whole_and_pct() -> None:
    assert ph.whole(38640.2) == "38,640"
    assert ph.pct(80.0) == "80%"


@pytest.mark.parametrize(
    ("minutes", "zh", "en"),
    [(287, "4小时47分钟", "4 h 47 min"), (120, "2小时", "2 h"), (9, "9分钟", "9 min")],
)
def test_duration(minutes: int, zh: str, en: str) -> None:
    assert ph.duration(minutes).model_dump() == {"zh": zh, "en": en}


@pytest.mark.parametrize(
    ("seconds", "en"),
    [
        (59, "just now"),
        (60, "1 min ago"),
        (3599, "59 min ago"),
        (3600, "1 h ago"),
        (86400, "1 day ago"),
        (216_130, "2 days 12 h ago"),
    ],
)
def test_age(seconds: int, en: str) -> None:
    assert ph.age(seconds).en == en


def test_clock_time_shows_the_date_only_for_other_days() -> None:
    assert ph.clock_time(datetime(2026, 5, 31, 23, 31, tzinfo=UTC), NOW) == "07:31"
    assert ph.clock_time(datetime(2026, 5, 31, 7, 31, tzinfo=CST), NOW) == "2026-05-31 07:31"
    late = datetime(2026, 6, 1, 23, 0, tzinfo=CST)
    assert ph.time_ahead(late + timedelta(hours=4), late) == "03:00"
    assert ph.time_ahead(late + timedelta(hours=25), late) == "2026-06-03 00:00"


@pytest.mark.parametrize(
    ("heading", "en"), [(0, "north"), (78, "east"), (305, "north-west"), (359, "north")]
)
def test_compass(heading: float, en: str) -> None:
    assert ph.compass(heading).en == en
