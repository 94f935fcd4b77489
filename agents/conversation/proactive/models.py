"""What a proactive event is, and what a session keeps of them (its settings and inbox)."""

from __future__ import annotations

import re
from datetime import datetime, time
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from agents.conversation.replies import (
    ChargerListCard,
    RestaurantListCard,
    StatusCard,
    WarningLightCard,
)
from agents.text import Bilingual
from agents.travel.opening_hours import CHINA_TZ

_HH_MM = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")


class EventKind(StrEnum):
    LOW_SOC = "low_soc"
    CHARGER_BUSY = "charger_busy"
    MEAL_TIME = "meal_time"
    WARNING_LIGHT = "warning_light"
    TIRE_PRESSURE = "tire_pressure"
    ARRIVAL = "arrival"


class TripSummaryCard(BaseModel):
    """The arrival summary, rounded as it is spoken."""

    type: Literal["trip_summary"] = "trip_summary"
    trip_id: str
    destination: Bilingual
    distance_km: int
    energy_kwh: int | None
    cost_cny: int
    charging_min: int
    stops: int


class ReplanCard(BaseModel):
    """A planned charger that will be busy when the car gets there."""

    type: Literal["replan"] = "replan"
    trip_id: str
    stop_index: int
    charger_id: str
    name: Bilingual
    arrival_at: AwareDatetime
    available_stalls: int
    total_stalls: int


ProactiveCard = Annotated[
    ChargerListCard
    | RestaurantListCard
    | WarningLightCard
    | StatusCard
    | TripSummaryCard
    | ReplanCard,
    Field(discriminator="type"),
]


class ActionType(StrEnum):
    ADD_STOP = "add_stop"  # add a charger to the active trip as the next stop
    REPLAN = "replan"  # replan the active trip from where the car is now


class ProactiveAction(BaseModel):
    """A button on the event. Each acts on the trip, so it needs the driver's yes first:
    `POST /v1/chat/sessions/{id}/events/{event_id}/actions/{action_id}` with `confirm: true`."""

    action_id: str = Field(examples=["add-stop-1"])
    type: ActionType
    label: Bilingual
    trip_id: str
    charger_id: str | None = None
    requires_confirmation: bool = True


class ProactiveEvent(BaseModel):
    """Something the assistant says without being asked."""

    seq: int = Field(ge=1, description="Counts this session's events from 1; the SSE `id`")
    event_id: str = Field(
        description="Names the occurrence (trigger, car, trip, stop, moment): told once",
        examples=["meal:trip-0001:lunch:2026-06-06"],
    )
    kind: EventKind
    at: AwareDatetime = Field(description="The sim moment it happened")
    agent: Literal["car_genius", "travel_companion"]
    vehicle_id: str
    trip_id: str | None = None
    injected: bool = Field(default=False, description="Made by POST /v1/sim/events")
    title: Bilingual
    speech: Bilingual
    card: ProactiveCard | None = None
    actions: list[ProactiveAction] = Field(default_factory=list)


def _clock_time(value: str) -> time:
    match = _HH_MM.match(value)
    if match is None:
        raise ValueError("use HH:MM, 00:00 to 23:59")
    return time(int(match.group(1)), int(match.group(2)))


class QuietHours(BaseModel):
    """A daily span of local time (+08:00) in which nothing is said; `start` after `end` spans
    midnight (22:00 to 07:00); equal means all day."""

    start: str = Field(examples=["22:00"], description="HH:MM, local time (+08:00)")
    end: str = Field(examples=["07:00"], description="HH:MM, local time (+08:00)")

    @field_validator("start", "end")
    @classmethod
    def _hh_mm(cls, value: str) -> str:
        _clock_time(value)
        return value

    def covers(self, moment: datetime) -> bool:
        local = moment.astimezone(CHINA_TZ).time()
        start, end = _clock_time(self.start), _clock_time(self.end)
        if start == end:
            return True
        if start < end:
            return start <= local < end
        return local >= start or local < end


class ProactiveSettings(BaseModel):
    muted: bool = Field(default=False, description="Say nothing proactively")
    quiet_hours: QuietHours | None = Field(
        default=None, description="Say nothing in this daily span; null: no quiet hours"
    )

    def silent_at(self, moment: datetime) -> bool:
        return self.muted or (self.quiet_hours is not None and self.quiet_hours.covers(moment))


class ProactiveInbox(BaseModel):
    """A session's proactive side: its settings, the newest events (INCAR_MAX_PROACTIVE_EVENTS)
    and how many it was told in all."""

    settings: ProactiveSettings = Field(default_factory=ProactiveSettings)
    told: int = Field(default=0, ge=0, description="Events so far, including any forgotten")
    silenced: int = Field(default=0, ge=0, description="Occurrences muted or in quiet hours")
    events: list[ProactiveEvent] = Field(default_factory=list)

    def add(self, event: ProactiveEvent, cap: int) -> ProactiveEvent:
        self.told += 1
        stamped = event.model_copy(update={"seq": self.told})
        self.events.append(stamped)
        del self.events[: max(0, len(self.events) - cap)]
        return stamped

    def after(self, seq: int) -> list[ProactiveEvent]:
        return [e for e in self.events if e.seq > seq]
