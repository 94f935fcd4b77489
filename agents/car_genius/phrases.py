"""Small bilingual phrases shared by alerts and the briefing: numbers, durations, part names.

Numbers are written the way a car's screen shows them: no trailing ".0", thousands separators
for odometer-sized values, times in the car's own clock (the offset `now` carries).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from agents.text import Bilingual, bi
from agents.world.models import ServiceType


def num(value: float) -> str:
    """At most one decimal, none when it is a whole number: 19.9 -> "19.9", 20.0 -> "20"."""
    text = f"{value:,.1f}"
    return text.removesuffix(".0")


def whole(value: float) -> str:
    """Rounded to an integer with thousands separators: 38640.2 -> "38,640"."""
    return f"{round(value):,}"


def pct(value: float) -> str:
    """A whole percent, rounded down as a car's screen shows a charge or a level (so 19.9 %
    under a 20 % threshold never reads "20%"): 14.7 -> "14%"."""
    return f"{math.floor(value)}%"


def duration(minutes: int) -> Bilingual:
    hours, mins = divmod(max(minutes, 0), 60)
    if hours and mins:
        return bi(f"{hours}小时{mins}分钟", f"{hours} h {mins} min")
    if hours:
        return bi(f"{hours}小时", f"{hours} h")
    return bi(f"{mins}分钟", f"{mins} min")


def age(seconds: float) -> Bilingual:
    """How long ago, coarsened as people say it: "2 min ago", "3 h ago", "2 days 12 h ago"."""
    whole_s = max(int(seconds), 0)
    if whole_s < 60:
        return bi("刚刚", "just now")
    minutes = whole_s // 60
    if minutes < 60:
        return bi(f"{minutes}分钟前", f"{minutes} min ago")
    hours = minutes // 60
    if hours < 24:
        return bi(f"{hours}小时前", f"{hours} h ago")
    days, rest_h = divmod(hours, 24)
    day_word = "day" if days == 1 else "days"
    if rest_h:
        return bi(f"{days}天{rest_h}小时前", f"{days} {day_word} {rest_h} h ago")
    return bi(f"{days}天前", f"{days} {day_word} ago")


def clock_time(moment: datetime, now: datetime) -> str:
    """ "07:31" on the same day as `now`, "2026-05-29 19:42" otherwise, in `now`'s time zone."""
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def time_ahead(moment: datetime, now: datetime) -> str:
    """ "03:47" for a moment within the next 24 hours (tonight or tomorrow), else with the date."""
    local = moment.astimezone(now.tzinfo)
    if timedelta(0) <= local - now < timedelta(hours=24):
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def day(moment: datetime, now: datetime) -> str:
    """A calendar date in `now`'s zone; a date without zone is taken as already local."""
    local = moment.astimezone(now.tzinfo) if moment.tzinfo else moment
    return local.date().isoformat()


def days_between(moment: datetime, now: datetime) -> int:
    """Whole calendar days from `now` to `moment` (negative when it is in the past)."""
    local = moment.astimezone(now.tzinfo) if moment.tzinfo else moment
    return (local.date() - now.date()).days


# Positions as the model names them (front_left, ...).
POSITIONS: dict[str, Bilingual] = {
    "front_left": bi("左前", "front-left"),
    "front_right": bi("右前", "front-right"),
    "rear_left": bi("左后", "rear-left"),
    "rear_right": bi("右后", "rear-right"),
}

SERVICE_NAMES: dict[ServiceType, Bilingual] = {
    ServiceType.OIL: bi("机油保养", "engine oil service"),
    ServiceType.BRAKE_FLUID: bi("制动液更换", "brake fluid change"),
    ServiceType.VEHICLE_CHECK: bi("车辆检查", "vehicle check"),
    ServiceType.CABIN_FILTER: bi("空调滤芯更换", "cabin filter change"),
    ServiceType.BRAKE_PADS_FRONT: bi("前刹车片更换", "front brake pads"),
    ServiceType.BRAKE_PADS_REAR: bi("后刹车片更换", "rear brake pads"),
    ServiceType.TIRE_ROTATION: bi("轮胎换位", "tyre rotation"),
    ServiceType.HIGH_VOLTAGE_CHECK: bi("高压系统检查", "high-voltage system check"),
}

_COMPASS = [
    bi("北", "north"),
    bi("东北", "north-east"),
    bi("东", "east"),
    bi("东南", "south-east"),
    bi("南", "south"),
    bi("西南", "south-west"),
    bi("西", "west"),
    bi("西北", "north-west"),
]


def compass(heading_deg: float) -> Bilingual:
    return _COMPASS[round(heading_deg / 45) % 8]


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
