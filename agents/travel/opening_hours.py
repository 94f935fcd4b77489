"""Weekly opening hours, including evenings that close after midnight.

A day's ranges are written "HH:MM-HH:MM" in China local time (+08:00). A range whose closing time
is not after its opening time runs past midnight into the next day ("17:00-02:00"); "00:00-24:00"
is a whole day, so a place open every day "00:00-24:00" is open around the clock.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated

from pydantic import AfterValidator, Field

from agents.world.models import Model

# China has one time zone and no daylight saving, so a fixed offset is exact (and needs no tzdata).
CHINA_TZ = timezone(timedelta(hours=8), "CST")

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
_RANGE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$")


def _check_range(text: str) -> str:
    if not _RANGE.match(text):
        raise ValueError(
            f"opening range {text!r} must look like '11:00-14:30' (24:00 at the latest)"
        )
    start, end = text.split("-")
    if start == end:
        raise ValueError(f"opening range {text!r} is empty; write '00:00-24:00' for all day")
    return text


def _to_minutes(text: str) -> tuple[int, int]:
    """Minutes after the day's midnight; a closing time past midnight counts on past 1440."""
    start, end = text.split("-")
    opens = int(start[:2]) * 60 + int(start[3:])
    closes = int(end[:2]) * 60 + int(end[3:])
    if closes <= opens:
        closes += MINUTES_PER_DAY
    return opens, closes


TimeRange = Annotated[str, AfterValidator(_check_range), Field(examples=["11:00-14:00"])]


class OpeningHours(Model):
    """Opening ranges per weekday; a day with no ranges is closed."""

    mon: list[TimeRange] = Field(default_factory=list)
    tue: list[TimeRange] = Field(default_factory=list)
    wed: list[TimeRange] = Field(default_factory=list)
    thu: list[TimeRange] = Field(default_factory=list)
    fri: list[TimeRange] = Field(default_factory=list)
    sat: list[TimeRange] = Field(default_factory=list)
    sun: list[TimeRange] = Field(default_factory=list)

    def days(self) -> tuple[list[str], ...]:
        """The seven days' ranges, Monday first as in `datetime.weekday()`."""
        return (self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun)


@dataclass(frozen=True)
class OpenSpan:
    """The place is open; `until` is the local closing time, None when it never closes."""

    until: datetime | None


@dataclass(frozen=True)
class WeeklySchedule:
    """Opening hours compiled to merged, sorted intervals in minutes since Monday 00:00.

    Compiled once per restaurant so that checking "open at t" is a binary search, and so that
    back-to-back ranges (a day ending 24:00 and the next starting 00:00) read as one opening.
    """

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def compile(cls, hours: OpeningHours) -> WeeklySchedule:
        spans: list[tuple[int, int]] = []
        for weekday, ranges in enumerate(hours.days()):
            for text in ranges:
                opens, closes = _to_minutes(text)
                start = weekday * MINUTES_PER_DAY + opens
                end = weekday * MINUTES_PER_DAY + closes
                if end > MINUTES_PER_WEEK:  # Sunday night running into Monday morning
                    spans.append((0, end - MINUTES_PER_WEEK))
                    end = MINUTES_PER_WEEK
                spans.append((start, end))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return cls(tuple(s for s, _ in merged), tuple(e for _, e in merged))

    @property
    def always_open(self) -> bool:
        return self.starts == (0,) and self.ends == (MINUTES_PER_WEEK,)

    def open_span(self, at: datetime) -> OpenSpan | None:
        """Whether the place is open at `at` (an aware datetime) and until when; None if closed."""
        if self.always_open:
            return OpenSpan(until=None)
        local = at.astimezone(CHINA_TZ)
        week_start = (local - timedelta(days=local.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        minute = (local - week_start).total_seconds() / 60
        index = bisect_right(self.starts, minute) - 1
        if index < 0 or minute >= self.ends[index]:
            return None
        closes = self.ends[index]
        if closes == MINUTES_PER_WEEK and self.starts[0] == 0:  # open through Sunday midnight
            closes += self.ends[0]
        return OpenSpan(until=week_start + timedelta(minutes=closes))


def open_span(hours: OpeningHours, at: datetime) -> OpenSpan | None:
    """One-off check; compile a `WeeklySchedule` once when checking many times."""
    return WeeklySchedule.compile(hours).open_span(at)
