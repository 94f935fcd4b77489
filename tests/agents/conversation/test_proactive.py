"""The proactive assistant's domain: trip moments from the plan, quiet hours, the event cap,
conditions at read time, and demo skipping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agents.catalog import Catalog
from agents.conversation.proactive.demos import SKIP_LEAD, play, skip
from agents.conversation.proactive.models import EventKind, QuietHours
from agents.conversation.proactive.triggers import LOW_SOC_PCT, low_soc_crossing_s, trip_moments
from agents.limits import SandboxLimits
from agents.sandbox import Sandbox
from agents.travel.playback import progress_at
from agents.travel.trips import Trip, TripPlanRequest

EV = "ix3-shanghai"
DEPARTURE = datetime.fromisoformat("2026-06-06T09:30:00+08:00")


def _started(catalog: Catalog, limits: SandboxLimits | None = None) -> tuple[Sandbox, Trip]:
    sandbox = catalog.new_sandbox("road-trip-ready", limits)
    sandbox.world.clock.set(DEPARTURE)
    unplugged = {"status": "NOT_CHARGING", "plug_connected": False}
    sandbox.world.patch_state(EV, {"battery": {"soc_pct": 40}, "charging": unplugged})
    sandbox.start_chat(EV, "vegetarian-en", "en")
    request = TripPlanRequest(vehicle_id=EV, destination="杭州", profile_id="vegetarian-en")
    profile = sandbox.profiles.get("vegetarian-en")
    trip = sandbox.trips.plan(sandbox.world, catalog.travel, request, profile)
    return sandbox, sandbox.trips.start(sandbox.world, trip.trip_id)


def test_the_low_battery_moment_is_where_the_plan_crosses_the_threshold(catalog: Catalog) -> None:
    _, trip = _started(catalog)
    crossing = low_soc_crossing_s(trip.plan)
    assert crossing is not None
    assert progress_at(trip.plan, crossing).soc_pct == pytest.approx(LOW_SOC_PCT, abs=1e-6)
    assert progress_at(trip.plan, crossing + 60).soc_pct < LOW_SOC_PCT  # type: ignore[operator]


def test_a_trips_moments_are_its_battery_lunch_and_arrival(catalog: Catalog) -> None:
    _, trip = _started(catalog)
    moments = trip_moments(trip)
    assert [(m.kind, m.at.strftime("%H:%M")) for m in moments] == [
        (EventKind.LOW_SOC, "11:11"),
        (EventKind.MEAL_TIME, "11:30"),
        (EventKind.ARRIVAL, "11:43"),
    ]
    assert len({m.event_id for m in moments}) == 3


def test_the_monitor_is_a_horizon_at_each_moment(catalog: Catalog) -> None:
    sandbox, trip = _started(catalog)
    monitor = sandbox.proactive_monitor()
    moments = [m.at for m in trip_moments(trip)]
    assert monitor.horizon(DEPARTURE) == moments[0]
    assert monitor.horizon(moments[0]) == moments[1]
    assert monitor.horizon(moments[-1]) is None


@pytest.mark.parametrize(
    ("start", "end", "inside", "outside"),
    [
        ("22:00", "07:00", ["23:30", "02:00", "06:59"], ["07:00", "12:00", "21:59"]),
        ("11:20", "11:40", ["11:20", "11:30"], ["11:40", "11:19", "00:00"]),
        ("08:00", "08:00", ["00:00", "08:00", "23:59"], []),
    ],
)
def test_quiet_hours_cover_their_span_in_local_time(
    start: str, end: str, inside: list[str], outside: list[str]
) -> None:
    quiet = QuietHours(start=start, end=end)

    def at(hhmm: str) -> datetime:
        return datetime.fromisoformat(f"2026-06-06T{hhmm}:00+08:00")

    assert all(quiet.covers(at(t)) for t in inside)
    assert not any(quiet.covers(at(t)) for t in outside)
    # The same instant written in UTC is the same answer.
    assert quiet.covers(at(inside[0]).astimezone(UTC)) is True


@pytest.mark.parametrize("bad", ["24:00", "7:00", "", "12:60", "noon"])
def test_quiet_hours_refuse_what_is_not_hh_mm(bad: str) -> None:
    with pytest.raises(ValueError, match="HH:MM"):
        QuietHours(start=bad, end="07:00")


def test_a_session_keeps_only_the_newest_events(catalog: Catalog) -> None:
    sandbox, _ = _started(catalog, SandboxLimits(max_proactive_events=2))
    sandbox.world.clock.advance(3 * 3600)
    sandbox.observe()
    inbox = sandbox.chats.get("chat-0001").proactive
    assert inbox.told == 3
    assert [(e.seq, e.kind) for e in inbox.events] == [
        (2, EventKind.MEAL_TIME),
        (3, EventKind.ARRIVAL),
    ]


def test_a_reset_forgets_what_was_told(catalog: Catalog) -> None:
    sandbox, _ = _started(catalog)
    sandbox.world.clock.advance(3 * 3600)
    sandbox.observe()
    sandbox.reset()
    assert sandbox.chats.live() == []
    _, trip = _replay(sandbox, catalog)
    sandbox.world.clock.advance(3 * 3600)
    sandbox.observe()
    assert [e.kind for e in sandbox.chats.get("chat-0001").proactive.events] == [
        m.kind for m in trip_moments(trip)
    ]


def _replay(sandbox: Sandbox, catalog: Catalog) -> tuple[Sandbox, Trip]:
    script = catalog.demos.get("road-trip")
    run = play(sandbox, catalog.travel, script, "en")
    sandbox.world.clock.pause()
    sandbox.world.clock.set(DEPARTURE)
    return sandbox, sandbox.trips.get(run.trip_id)


def test_driving_low_without_a_trip_is_told_once_at_read_time(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox("low-battery-expressway")
    session = sandbox.start_chat(EV, None, "zh")
    for _ in range(3):
        sandbox.observe()
    events = session.proactive.events
    assert [(e.kind, e.event_id) for e in events] == [
        (EventKind.LOW_SOC, f"low-soc:{EV}:drive:2026-06-01")
    ]
    assert events[0].speech.zh.startswith("电量只剩12%")
    assert events[0].actions == []  # no trip to add a stop to


def test_skipping_lands_just_before_each_moment_and_then_stops(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox(None)
    run = play(sandbox, catalog.travel, catalog.demos.get("road-trip"), "zh")
    sandbox.world.clock.pause()
    assert run.clock.now == DEPARTURE
    assert run.clock.running
    landed = []
    while (skipped := skip(sandbox)).moment is not None:
        assert skipped.clock.now == skipped.moment.at - SKIP_LEAD
        landed.append(skipped.moment.kind)
        sandbox.world.clock.advance(SKIP_LEAD.total_seconds() + 1)
    assert landed == [EventKind.LOW_SOC, EventKind.MEAL_TIME, EventKind.ARRIVAL]
    assert skip(sandbox).clock.now == sandbox.world.now()  # nothing ahead: the clock stays
    assert sandbox.world.now() < DEPARTURE + timedelta(hours=3)
