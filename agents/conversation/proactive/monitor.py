"""One sandbox's proactive assistant: evaluates the triggers when the clock moves and at read
time, and tells each occurrence once to every chat session about the car.

It is a world listener (called for every clock step, after trips have driven) and a world
horizon (the clock steps end at each trip moment), so an event is the same whether the clock
jumped an hour or crept there. Sessions muted or in their quiet hours are not told (the
occurrence still counts as told, so it is not said later out of place).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal, Protocol

from pydantic import BaseModel, Field

from agents.conversation.proactive import messages
from agents.conversation.proactive.models import ActionType, EventKind, ProactiveEvent
from agents.conversation.proactive.triggers import (
    Occurrence,
    busy,
    car_conditions,
    next_stop_after,
    playing,
    trip_moments,
)
from agents.conversation.sessions import Session, SessionStore
from agents.errors import DomainError, ErrorKind, NotFound
from agents.text import Bilingual, bi
from agents.travel.data import TravelData
from agents.travel.opening_hours import CHINA_TZ
from agents.travel.plan_models import Meal, PlanStatus
from agents.travel.profiles import Profile, ProfileStore
from agents.travel.trips import Trip, TripBook, TripConflict, TripStatus
from agents.world.models import Coordinates
from agents.world.world import World

# Occurrence ids a session remembers having been told (a bound, not a feature: older ones are
# long past and cannot recur).
REMEMBERED_IDS = 1000


class Stage(Protocol):
    """What the monitor reads of its sandbox (attributes, as a reset replaces some)."""

    world: World
    trips: TripBook
    chats: SessionStore
    profiles: ProfileStore


@dataclass
class _Memory:
    told: OrderedDict[str, None] = field(default_factory=OrderedDict)
    # The car alerts on at the session's previous look (None: not looked yet; those on at the
    # first look are not new, so they are not told).
    alerts: set[str] | None = None

    def first_time(self, event_id: str) -> bool:
        if event_id in self.told:
            return False
        self.told[event_id] = None
        while len(self.told) > REMEMBERED_IDS:
            self.told.popitem(last=False)
        return True


class Injection(BaseModel):
    """What `POST /v1/sim/events` asks for, checked by the HTTP model."""

    kind: EventKind
    soc_pct: float | None = None
    stop_index: int | None = None
    meal: Meal | None = None
    light_id: str | None = None
    tire: str | None = None
    pressure_kpa: float | None = None


class ActionOutcome(BaseModel):
    event_id: str
    action_id: str
    status: Literal["done", "declined", "infeasible"]
    trip_id: str | None = Field(description="The trip the car now follows (a new one if changed)")
    speech: Bilingual


class EventNotFound(NotFound):
    def __init__(self, event_id: str, known: list[str]) -> None:
        super().__init__("event", event_id, known, code="EVENT_NOT_FOUND")


class ActionNotFound(NotFound):
    def __init__(self, action_id: str, known: list[str]) -> None:
        super().__init__("action", action_id, known, code="ACTION_NOT_FOUND")


class NoTrip(DomainError):
    kind = ErrorKind.CONFLICT
    code = "NO_ACTIVE_TRIP"

    def __init__(self, what: str) -> None:
        super().__init__(
            bi("这辆车现在没有进行中的行程。", "This car has no trip under way."),
            hint=f"{what} needs a started trip: POST /v1/trips/plan, then /v1/trips/{{id}}/start.",
        )


class ProactiveMonitor:
    def __init__(self, stage: Stage, data: messages.ProactiveData, cap: int) -> None:
        self._stage = stage
        self._data = data
        self._cap = cap
        self._memory: dict[str, _Memory] = {}
        self._moments: dict[tuple[str, datetime], list[Occurrence]] = {}
        self._injected = 0
        # What the cars' conditions were last checked against (see _conditions).
        self._looked_at: tuple[object, ...] | None = None

    def clear(self) -> None:
        """After a reset or a new scenario: nothing told, nothing remembered."""
        self._memory.clear()
        self._moments.clear()
        self._injected = 0
        self._looked_at = None

    # -- when the clock moves -------------------------------------------------------------

    def on_step(self, world: World, start: datetime, end: datetime) -> bool:
        """World listener: the trip moments in (start, end], then the cars' conditions at end.
        Changes no state of the world (so never reports a change)."""
        listeners = self._sessions_by_vehicle()
        if not listeners:
            return False
        for trip in self._stage.trips.list():
            if trip.vehicle_id not in listeners or not playing(trip):
                continue
            for moment in self._trip_moments(trip):
                if start < moment.at <= end and busy(self._data.travel.chargers, trip, moment):
                    self._tell(moment, listeners[trip.vehicle_id], trip)
        self._conditions(end, listeners)
        return False

    def horizon(self, after: datetime) -> datetime | None:
        """World horizon: the first trip moment strictly after `after`."""
        moments = [m.at for m in self._upcoming(after)]
        return min(moments, default=None)

    def next_moment(self, after: datetime) -> Occurrence | None:
        """The next moment something will be said about an active trip (a charger check only
        if it will find the charger full): where a demo skips to."""
        chargers = self._data.travel.chargers
        for moment in sorted(self._upcoming(after), key=lambda m: m.at):
            trip = self._stage.trips.get(moment.trip_id or "")
            if busy(chargers, trip, moment):
                return moment
        return None

    def evaluate(self) -> datetime:
        """At read time: bring the world up to the clock (telling its moments), then check the
        cars' conditions as they are now (a patched state, a frozen clock)."""
        now = self._stage.world.sync()
        listeners = self._sessions_by_vehicle()
        if listeners:
            self._conditions(now, listeners)
        return now

    def _upcoming(self, after: datetime) -> Iterable[Occurrence]:
        for trip in self._stage.trips.list():
            if trip.status is TripStatus.ACTIVE:
                yield from (m for m in self._trip_moments(trip) if m.at > after)

    def _trip_moments(self, trip: Trip) -> list[Occurrence]:
        assert trip.started_at is not None
        key = (trip.trip_id, trip.started_at)
        found = self._moments.get(key)
        if found is None:
            if len(self._moments) > 4 * max(1, len(self._stage.trips)):
                self._moments.clear()
            found = self._moments[key] = trip_moments(trip)
        return found

    def _conditions(self, now: datetime, listeners: dict[str, list[Session]]) -> None:
        world, trips = self._stage.world, self._stage.trips
        actives = {vehicle_id: trips.active_for(vehicle_id) for vehicle_id in listeners}
        # Checked again with the world at the same version and instant, for the same sessions
        # and trips, the conditions find only what has been told: every chat turn and read
        # evaluates, so that repeat is skipped. (Tuples compare their items by identity first:
        # the same sessions and trips cost no deep comparison.)
        looking_at = (world.version, now, now.tzinfo, world, listeners, actives)
        if looking_at == self._looked_at:
            return
        self._looked_at = looking_at
        for vehicle_id, sessions in listeners.items():
            vehicle = world.vehicles[vehicle_id]
            active = actives[vehicle_id]
            found = car_conditions(vehicle, active is not None, self._data.lights, now)
            alerts = {o.event_id: o for o in found if o.alert is not None}
            for occurrence in found:
                if occurrence.alert is None:
                    self._tell(occurrence, sessions, active)
            for session in sessions:
                memory = self._remember(session)
                before, memory.alerts = memory.alerts, set(alerts)
                if before is None:
                    continue
                for event_id in sorted(set(alerts) - before):
                    self._tell_one(alerts[event_id], session, None, check_told=False)

    # -- telling ---------------------------------------------------------------------------

    def _sessions_by_vehicle(self) -> dict[str, list[Session]]:
        by_vehicle: dict[str, list[Session]] = {}
        for session in self._stage.chats.live():
            by_vehicle.setdefault(session.vehicle_id, []).append(session)
        live = {s.session_id for group in by_vehicle.values() for s in group}
        for gone in set(self._memory) - live:
            del self._memory[gone]
        return by_vehicle

    def _remember(self, session: Session) -> _Memory:
        memory = self._memory.get(session.session_id)
        if memory is None:
            memory = self._memory[session.session_id] = _Memory()
        return memory

    def _tell(self, occurrence: Occurrence, sessions: list[Session], trip: Trip | None) -> None:
        for session in sessions:
            self._tell_one(occurrence, session, trip)

    def _tell_one(
        self,
        occurrence: Occurrence,
        session: Session,
        trip: Trip | None,
        *,
        check_told: bool = True,
    ) -> ProactiveEvent | None:
        if check_told and not self._remember(session).first_time(occurrence.event_id):
            return None
        if occurrence.at < session.created_at:
            return None
        inbox = session.proactive
        if inbox.settings.silent_at(occurrence.at):
            inbox.silenced += 1
            return None
        vehicle = self._stage.world.vehicles[session.vehicle_id]
        event = messages.compose(occurrence, self._data, vehicle, trip, self._profile(session))
        return inbox.add(event, self._cap)

    def _profile(self, session: Session) -> Profile | None:
        try:
            return self._stage.profiles.optional(session.profile_id)
        except NotFound:  # deleted since the session started
            return None

    # -- injection (POST /v1/sim/events) ------------------------------------------------------

    def inject(self, session: Session, asked: Injection) -> ProactiveEvent | None:
        """Tell `session` about an occurrence made up now (None: muted or in quiet hours)."""
        now = self.evaluate()
        vehicle_id = session.vehicle_id
        trips = self._stage.trips
        trip = trips.active_for(vehicle_id)
        self._injected += 1
        event_id = f"{asked.kind.value}:{vehicle_id}:injected-{self._injected}"
        base = Occurrence(event_id, asked.kind, now, vehicle_id, injected=True)
        occurrence = base
        if asked.kind is EventKind.LOW_SOC:
            occurrence = _with(base, trip=trip, soc_pct=asked.soc_pct)
        elif asked.kind is EventKind.CHARGER_BUSY:
            if trip is None:
                raise NoTrip("A charger_busy event")
            stop_index = asked.stop_index
            if stop_index is None:
                stop = next(
                    (
                        s
                        for s in trip.plan.stops
                        if s.charger is not None and s.index >= _next_index(trip, now)
                    ),
                    None,
                )
                if stop is None:
                    raise TripConflict(
                        "NO_CHARGING_STOP",
                        "这个行程前方没有计划的充电站。",
                        "This trip has no charging stop ahead.",
                    )
                stop_index = stop.index
            elif trip.stop(stop_index).charger is None:
                raise TripConflict(
                    "NO_CHARGING_STOP",
                    "这个停靠点不是充电站。",
                    f"Stop {stop_index} of {trip.trip_id} is not a charging stop.",
                )
            occurrence = _with(base, trip=trip, stop_index=stop_index)
        elif asked.kind is EventKind.MEAL_TIME:
            meal = asked.meal or ("lunch" if now.astimezone(CHINA_TZ).hour < 15 else "dinner")
            occurrence = _with(base, trip=trip, meal=meal)
        elif asked.kind is EventKind.WARNING_LIGHT:
            light = self._data.lights.get(asked.light_id or "")  # 404 names the known lights
            occurrence = _with(base, light_id=light.id)
        elif asked.kind is EventKind.TIRE_PRESSURE:
            extra: dict[str, object] = {"tire": asked.tire or "front_left"}
            if asked.pressure_kpa is not None:
                extra["pressure_kpa"] = asked.pressure_kpa
            tire_light = self._data.lights.find("tire-pressure")
            occurrence = _with(base, light_id=tire_light.id if tire_light else None, extra=extra)
        elif asked.kind is EventKind.ARRIVAL:
            trip = trip or _last_arrived(trips, vehicle_id)
            if trip is None:
                raise NoTrip("An arrival event")
            occurrence = _with(base, trip=trip)
        told = self._tell_one(occurrence, session, trip, check_told=False)
        return told

    # -- acting on an event's button ----------------------------------------------------------

    def act(self, session: Session, event_id: str, action_id: str, confirm: bool) -> ActionOutcome:
        events = session.proactive.events
        event = next((e for e in events if e.event_id == event_id), None)
        if event is None:
            raise EventNotFound(event_id, [e.event_id for e in events])
        action = next((a for a in event.actions if a.action_id == action_id), None)
        if action is None:
            raise ActionNotFound(action_id, [a.action_id for a in event.actions])
        if not confirm:
            return ActionOutcome(
                event_id=event_id,
                action_id=action_id,
                status="declined",
                trip_id=action.trip_id,
                speech=bi("好的，保持原计划。", "OK, keeping the plan as it is."),
            )
        stage = self._stage
        stage.world.sync()
        trip = stage.trips.get(action.trip_id)
        if trip.status is not TripStatus.ACTIVE:
            raise TripConflict(
                "TRIP_NOT_ACTIVE",
                "这个行程已经不在进行中了。",
                f"{trip.trip_id} is {trip.status.value}, no longer under way.",
            )
        profile = self._profile(session)
        travel = self._data.travel
        if action.type is ActionType.ADD_STOP:
            charger = travel.chargers.by_id[action.charger_id or ""]
            new = _add_stop(stage, travel, trip, charger.coordinates, profile)
            name = charger.name
            done = bi(f"已把{name.zh}加为下一站。", f"Added {name.en} as the next stop.")
        else:
            new = stage.trips.replan(stage.world, travel, trip.trip_id, profile)
            done = bi("已重新规划路线。", "I've replanned the trip.")
        if new.plan.status is not PlanStatus.OK:
            return ActionOutcome(
                event_id=event_id,
                action_id=action_id,
                status="infeasible",
                trip_id=trip.trip_id,
                speech=bi(
                    "新路线走不通，保持原计划。", "The new route can't be driven; the plan stays."
                ),
            )
        return ActionOutcome(
            event_id=event_id, action_id=action_id, status="done", trip_id=new.trip_id, speech=done
        )


def _with(base: Occurrence, *, trip: Trip | None = None, **details: Any) -> Occurrence:
    return replace(base, trip_id=trip.trip_id if trip else None, **details)


def _next_index(trip: Trip, now: datetime) -> int:
    stop = next_stop_after(trip, now)
    return stop.index if stop is not None else len(trip.plan.stops)


def _last_arrived(trips: TripBook, vehicle_id: str) -> Trip | None:
    arrived = [t for t in trips.list(vehicle_id) if t.status is TripStatus.ARRIVED]
    return arrived[-1] if arrived else None


def _add_stop(
    stage: Stage, travel: TravelData, trip: Trip, where: Coordinates, profile: Profile | None
) -> Trip:
    """The active trip replanned from where the car is, through `where` first."""
    done_km = trip.progress.distance_done_km if trip.progress is not None else 0.0
    passed, end_km = 0, 0.0
    for leg in trip.plan.legs[:-1]:
        end_km += leg.distance_km
        passed += end_km <= done_km
    request = trip.request.model_copy(
        update={
            "origin": None,
            "waypoints": [where, *trip.request.waypoints[passed:]],
            "departure_at": None,
            "start_soc_pct": None,
        }
    )
    new = stage.trips.plan(stage.world, travel, request, profile, replanned_from=trip.trip_id)
    trip.replaced_by = new.trip_id
    if new.plan.status is PlanStatus.OK:
        trip.status = TripStatus.SUPERSEDED
        stage.trips.start(stage.world, new.trip_id)
    return new
