"""When the assistant should speak up, read from the clock and the state.

Two sorts of trigger:
- *moments* of an active trip, worked out from its plan alone: the SoC falling below
  LOW_SOC_PCT, half an hour before lunch or dinner, twenty minutes before each charging
  stop (the planned charger checked for a free stall when the car gets there), arrival.
  They are world horizons, so a clock step ends exactly at each and what is said does not
  depend on how the clock moved.
- *conditions* of a car, checked after every clock step and at read time: the SoC below
  LOW_SOC_PCT while driving without a trip, and a warning light or tyre alert appearing.

Every occurrence has a stable id (trigger, car, trip, stop or meal, day), so it is told once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import pairwise

from agents.car_genius.alerts import Alert, AlertCategory, derive_alerts
from agents.car_genius.warning_lights import WarningLightBook
from agents.conversation.proactive.models import EventKind
from agents.travel.chargers import ChargerIndex, outlet_availability
from agents.travel.opening_hours import CHINA_TZ
from agents.travel.plan_models import Meal, TripPlan, TripStop
from agents.travel.playback import arrival_s
from agents.travel.trips import Trip, TripStatus
from agents.world.models import Vehicle
from agents.world.physics import moment_after

# Navigation SDKs offer chargers below 20 % (see the field notes).
LOW_SOC_PCT = 20.0
MEAL_TIMES: dict[Meal, time] = {"lunch": time(12, 0), "dinner": time(18, 0)}
MEAL_LEAD = timedelta(minutes=30)
# How long before a charging stop its charger is checked for a free stall at arrival.
BUSY_LEAD = timedelta(minutes=20)
# Alerts Car Genius speaks up about when they appear.
SPOKEN_ALERTS = {AlertCategory.WARNING_LIGHT: EventKind.WARNING_LIGHT}


@dataclass(frozen=True)
class Occurrence:
    """One thing to say: what, about which car and trip, when, and its details."""

    event_id: str
    kind: EventKind
    at: datetime
    vehicle_id: str
    trip_id: str | None = None
    stop_index: int | None = None
    meal: Meal | None = None
    soc_pct: float | None = None
    alert: Alert | None = None
    light_id: str | None = None
    injected: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def _day(moment: datetime) -> str:
    return moment.astimezone(CHINA_TZ).date().isoformat()


def on_trip(trip: Trip, planned: datetime) -> datetime:
    """When a moment of the plan (stamped for its planned departure) happens on this trip."""
    assert trip.started_at is not None
    return trip.started_at + (planned - trip.plan.departure_at)


def low_soc_crossing_s(plan: TripPlan) -> float | None:
    """Seconds into the trip at which the SoC first falls below LOW_SOC_PCT while driving."""
    track = plan.track
    if not track or track[0].soc_pct is None:
        return None
    if track[0].soc_pct < LOW_SOC_PCT:
        return 0.0
    for a, b in pairwise(track):
        if a.phase != "driving" or a.soc_pct is None or b.soc_pct is None:
            continue
        if a.soc_pct >= LOW_SOC_PCT > b.soc_pct:
            share = (a.soc_pct - LOW_SOC_PCT) / (a.soc_pct - b.soc_pct)
            return a.t_s + share * (b.t_s - a.t_s)
    return None


def next_stop_after(trip: Trip, moment: datetime) -> TripStop | None:
    """The first stop the car reaches after `moment` (None: only the destination is left)."""
    for stop in trip.plan.stops:
        if on_trip(trip, stop.arrival_at) > moment:
            return stop
    return None


def free_stalls(chargers: ChargerIndex, stop: TripStop, at: datetime) -> tuple[int, int]:
    """Free and total stalls with the planned connector at the stop's charger at `at`."""
    assert stop.charger is not None
    charger = chargers.by_id[stop.charger.id]
    outlets = [o for o in outlet_availability(charger, at) if o.connector == stop.charger.connector]
    return sum(o.available for o in outlets), sum(o.stalls for o in outlets)


def trip_moments(trip: Trip) -> list[Occurrence]:
    """Every moment of a started trip at which something may be said, in time order (the
    charger checks are candidates: `busy` decides)."""
    if trip.started_at is None or not trip.plan.track:
        return []
    start, vid, tid = trip.started_at, trip.vehicle_id, trip.trip_id
    arrival = moment_after(start, arrival_s(trip.plan))
    if arrival is None:
        return []
    found: list[Occurrence] = []
    crossing = low_soc_crossing_s(trip.plan)
    if crossing is not None:
        at = moment_after(start, crossing)
        if at is not None and at < arrival:
            found.append(Occurrence(f"low-soc:{vid}:{tid}", EventKind.LOW_SOC, at, vid, tid))
    day = start.astimezone(CHINA_TZ).date()
    while day <= arrival.astimezone(CHINA_TZ).date():
        for meal, clock in MEAL_TIMES.items():
            at = datetime.combine(day, clock, CHINA_TZ) - MEAL_LEAD
            if start < at < arrival:
                found.append(
                    Occurrence(
                        f"meal:{vid}:{tid}:{meal}:{day.isoformat()}",
                        EventKind.MEAL_TIME,
                        at,
                        vid,
                        tid,
                        meal=meal,
                    )
                )
        day += timedelta(days=1)
    for stop in trip.plan.stops:
        if stop.charger is None:
            continue
        at = on_trip(trip, stop.arrival_at) - BUSY_LEAD
        if start < at:
            found.append(
                Occurrence(
                    f"charger-busy:{vid}:{tid}:{stop.index}",
                    EventKind.CHARGER_BUSY,
                    at,
                    vid,
                    tid,
                    stop_index=stop.index,
                )
            )
    found.append(Occurrence(f"arrival:{vid}:{tid}", EventKind.ARRIVAL, arrival, vid, tid))
    return sorted(found, key=lambda o: o.at)


def busy(chargers: ChargerIndex, trip: Trip, moment: Occurrence) -> bool:
    """Whether a charger check finds the planned charger full for when the car gets there
    (the occupancy forecast, a pure function of the charger and the time); true for the other
    moments."""
    if moment.kind is not EventKind.CHARGER_BUSY or moment.stop_index is None:
        return True
    stop = trip.plan.stops[moment.stop_index]
    free, _ = free_stalls(chargers, stop, on_trip(trip, stop.arrival_at))
    return free == 0


def playing(trip: Trip) -> bool:
    """A trip whose moments may still come (arrived trips: up to their arrival)."""
    return trip.started_at is not None and trip.status in (TripStatus.ACTIVE, TripStatus.ARRIVED)


def car_conditions(
    vehicle: Vehicle, on_a_trip: bool, lights: WarningLightBook, now: datetime
) -> list[Occurrence]:
    """What the car's state calls for right now, apart from trips' moments."""
    found: list[Occurrence] = []
    battery, motion = vehicle.state.battery, vehicle.state.motion
    driving_free = not on_a_trip and motion.speed_kmh > 0
    if driving_free and battery is not None and battery.soc_pct < LOW_SOC_PCT:
        found.append(
            Occurrence(
                f"low-soc:{vehicle.id}:drive:{_day(now)}",
                EventKind.LOW_SOC,
                now,
                vehicle.id,
                soc_pct=battery.soc_pct,
            )
        )
    for alert in derive_alerts(vehicle, lights, now):
        kind = _alert_kind(alert)
        if kind is not None:
            found.append(
                Occurrence(
                    f"alert:{vehicle.id}:{alert.id}",
                    kind,
                    now,
                    vehicle.id,
                    alert=alert,
                    light_id=alert.light_id,
                    extra={"tire": alert.id.partition(":")[2]}
                    if kind is EventKind.TIRE_PRESSURE
                    else {},
                )
            )
    return found


def _alert_kind(alert: Alert) -> EventKind | None:
    if alert.category is AlertCategory.TIRES:
        return EventKind.TIRE_PRESSURE
    return SPOKEN_ALERTS.get(alert.category)
