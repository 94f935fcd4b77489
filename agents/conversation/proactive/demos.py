"""Scripted demo trips (fixtures/demos/*.json): a scenario, a car, a driver, a destination and a
departure, played on a running clock so the proactive moments come by themselves.

Playing one resets the sandbox to the scenario, sets the clock to the departure, applies the
script's state, starts a chat and the trip, and runs the clock at the script's speed. The
designer pauses with the clock, skips to just before the next moment, or plays it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import AwareDatetime, BaseModel, Field, TypeAdapter

from agents.conversation.proactive.models import EventKind
from agents.errors import NotFound
from agents.fixtures import FixtureError, FixtureProblem, load_json_file
from agents.text import Bilingual, Locale
from agents.travel.data import TravelData
from agents.travel.trips import TripPlanRequest
from agents.world.catalog import FleetCatalog
from agents.world.clock import MAX_SPEED, ClockState

if TYPE_CHECKING:
    from agents.sandbox import Sandbox

# A skip lands this long (sim time) before the moment, so the designer sees it arrive.
SKIP_LEAD = timedelta(seconds=30)


class DemoScript(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", examples=["road-trip"])
    title: Bilingual
    description: Bilingual
    scenario: str
    vehicle_id: str
    profile_id: str | None = None
    destination: str = Field(min_length=1)
    departure: AwareDatetime
    state: dict[str, Any] = Field(
        default_factory=dict, description="A merge patch on the car's state before departure"
    )
    speed: float = Field(default=60, ge=1, le=MAX_SPEED)


class DemoNotFound(NotFound):
    def __init__(self, demo_id: str, known: list[str]) -> None:
        super().__init__("demo", demo_id, known, code="DEMO_NOT_FOUND")


class DemoBook:
    def __init__(self, scripts: list[DemoScript]) -> None:
        self._by_id = {s.id: s for s in scripts}

    def all(self) -> list[DemoScript]:
        return list(self._by_id.values())

    def get(self, demo_id: str) -> DemoScript:
        found = self._by_id.get(demo_id)
        if found is None:
            raise DemoNotFound(demo_id, sorted(self._by_id))
        return found


_SCRIPT = TypeAdapter(DemoScript)


def load_demos(directory: Path, fleet: FleetCatalog, travel: TravelData) -> DemoBook:
    """Every script of `directory` (none if it does not exist), checked against the fleet, the
    scenarios and the profiles."""
    scripts: list[DemoScript] = []
    problems: list[FixtureProblem] = []
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            script = load_json_file(path, _SCRIPT)
        except FixtureError as exc:
            problems.extend(exc.problems)
            continue
        where = str(path)
        if script.id != path.stem:
            problems.append(FixtureProblem(where, "$.id", f"must be the file's name {path.stem!r}"))
        if script.scenario not in fleet.scenarios:
            problems.append(FixtureProblem(where, "$.scenario", "unknown scenario"))
        if script.vehicle_id not in fleet.vehicles:
            problems.append(FixtureProblem(where, "$.vehicle_id", "unknown vehicle"))
        if script.profile_id is not None and script.profile_id not in travel.profiles:
            problems.append(FixtureProblem(where, "$.profile_id", "unknown profile"))
        scripts.append(script)
    if problems:
        raise FixtureError(problems)
    return DemoBook(scripts)


class Moment(BaseModel):
    kind: EventKind
    at: AwareDatetime
    event_id: str


class DemoRun(BaseModel):
    demo: str = Field(examples=["road-trip"])
    session_id: str = Field(examples=["chat-0001"])
    trip_id: str = Field(examples=["trip-0001"])
    clock: ClockState
    next_moment: Moment | None = Field(description="What comes next; null: nothing more")


def play(sandbox: Sandbox, travel: TravelData, script: DemoScript, locale: Locale) -> DemoRun:
    """Start the demo afresh in `sandbox` (everything in it is replaced)."""
    sandbox.load_scenario(script.scenario)
    world = sandbox.world
    world.clock.set(script.departure)
    if script.state:
        world.patch_state(script.vehicle_id, script.state)
    session = sandbox.start_chat(script.vehicle_id, script.profile_id, locale)
    profile = sandbox.profiles.optional(script.profile_id)
    request = TripPlanRequest(
        vehicle_id=script.vehicle_id, destination=script.destination, profile_id=script.profile_id
    )
    trip = sandbox.trips.plan(world, travel, request, profile)
    sandbox.trips.start(world, trip.trip_id)
    run = _run(sandbox, script.id, session.session_id, trip.trip_id)
    world.clock.run(script.speed)
    # The clock as it set off (reading it again would add the wall time the answer took).
    return run.model_copy(
        update={"clock": ClockState(now=run.clock.now, running=True, speed=script.speed)}
    )


class Skipped(BaseModel):
    clock: ClockState
    moment: Moment | None = Field(description="The moment skipped to; null: none was ahead")


def skip(sandbox: Sandbox) -> Skipped:
    """Jump the clock to just before the next moment of an active trip (never back); a running
    clock keeps running from there."""
    now = sandbox.world.sync()
    upcoming = _next(sandbox, now)
    if upcoming is not None:
        target = upcoming.at - SKIP_LEAD
        if target > now:
            sandbox.world.clock.set(target)
            sandbox.world.sync()
    return Skipped(clock=sandbox.world.clock.state(), moment=upcoming)


def _next(sandbox: Sandbox, after: datetime) -> Moment | None:
    monitor = sandbox.proactive
    found = monitor.next_moment(after) if monitor is not None else None
    if found is None:
        return None
    return Moment(kind=found.kind, at=found.at, event_id=found.event_id)


def _run(sandbox: Sandbox, demo: str, session_id: str, trip_id: str) -> DemoRun:
    now = sandbox.world.sync()
    return DemoRun(
        demo=demo,
        session_id=session_id,
        trip_id=trip_id,
        clock=sandbox.world.clock.state(),
        next_moment=_next(sandbox, now),
    )
