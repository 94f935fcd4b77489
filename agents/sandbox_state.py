"""A sandbox's whole state as one versioned JSON document: export it, import it elsewhere.

What a tester keeps as a fixture or a designer saves as a demo setup: the cars' states, the clock,
commands, digital keys, trips, chat sessions, profiles and fault rules, with the counters ids come
from, so ids made after an import never repeat one in the document. Nothing version-dependent is
kept (no cache counters, no physics anchors: those are taken afresh from the restored states).
The journal is not part of it: it records traffic, not state.

An import is checked whole before anything changes: the document's shape (pydantic), then what a
schema cannot say (every id names a car of the fleet, the sandbox's caps, counters ahead of ids).
A bad document is one InvalidDocument listing every problem, and the sandbox stays as it was.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field

from agents.conversation.sessions import Session
from agents.errors import InvalidInput
from agents.faults import FaultConfig
from agents.limits import SandboxLimits
from agents.sandbox import Sandbox
from agents.text import bi
from agents.travel.profiles import Profile
from agents.travel.trips import Trip, TripStatus
from agents.world.catalog import FleetCatalog
from agents.world.clock import MAX_SPEED, ClockState, SimTime
from agents.world.commands import Command
from agents.world.keys import DigitalKey, KeyRing
from agents.world.models import VehicleState, json_number
from agents.world.sandboxes import NAME_PATTERN

FORMAT = "incar-sandbox"
FORMAT_VERSION = 1

# Ids count up from 1; a counter is the number of the last id made.
Count = Annotated[int, Field(ge=0, le=999_999_999), BeforeValidator(json_number)]


class _Strict(BaseModel):
    """Unknown fields are errors, so a document of another shape is never half-read."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class SavedClock(_Strict):
    now: SimTime = Field(examples=["2026-06-01T08:00:05+08:00"])
    running: bool = Field(strict=True, examples=[False])
    speed: float = Field(ge=1, le=MAX_SPEED, examples=[1.0])


class SavedKeyRing(_Strict):
    counter: Count = Field(description="The number of the last key made for this car")
    keys: list[DigitalKey] = Field(description="The car's keys as kept, oldest first")


class SavedWorld(_Strict):
    scenario: str | None = Field(
        max_length=64,
        description="The scenario the world was staged from (null: the fixtures' base world)",
        examples=["low-battery-expressway"],
    )
    clock: SavedClock
    vehicles: dict[str, VehicleState] = Field(
        description="Every car of the fleet by id, each with its state (nothing else changes)"
    )
    commands: list[Command] = Field(description="Commands kept, in the order they were sent")
    keys: dict[str, SavedKeyRing] = Field(description="Every car's digital keys, by car id")


class Counters(_Strict):
    """Where each kind of id continues counting after an import."""

    commands: Count = Field(examples=[1])
    trips: Count = Field(examples=[0])
    chats: Count = Field(examples=[0])
    profiles: Count = Field(
        ge=1, description="The number the next made profile id tries first", examples=[1]
    )


class SandboxDocument(_Strict):
    """`GET /v1/sim/sandboxes/{name}/export` answers it, `PUT .../import` takes it back."""

    format: Literal["incar-sandbox"] = Field(description="Always `incar-sandbox`")
    version: Literal[1] = Field(description="The document's format version")
    name: str = Field(
        pattern=NAME_PATTERN.pattern,
        description="The sandbox it was exported from (an import may go to any name)",
        examples=["test-42"],
    )
    exported_at_sim: AwareDatetime = Field(
        description="The sandbox's sim time at the export", examples=["2026-06-01T08:00:05+08:00"]
    )
    world: SavedWorld
    trips: list[Trip] = Field(description="Trips kept, oldest first")
    chats: list[Session] = Field(description="Chat sessions, least recently used first")
    profiles: list[Profile] = Field(description="Driver profiles, by id")
    faults: FaultConfig
    counters: Counters


class InvalidDocument(InvalidInput):
    """422 VALIDATION_ERROR: the document breaks a rule its schema cannot state."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"])
        super().__init__(
            bi("沙箱文档无效，沙箱未改变。", "The sandbox document is invalid; nothing changed."),
            hint=f"{where}: {first['msg']}"
            + (f" (and {len(errors) - 1} more)" * (len(errors) > 1)),
            extra={"errors": errors},
        )


def export_sandbox(name: str, sandbox: Sandbox) -> SandboxDocument:
    """The sandbox's whole state as of its clock's now."""
    world = sandbox.world
    now = world.sync()
    clock = world.clock.state()
    return SandboxDocument(
        format=FORMAT,
        version=FORMAT_VERSION,
        name=name,
        exported_at_sim=now,
        world=SavedWorld(
            scenario=world.scenario_id,
            clock=SavedClock(now=clock.now, running=clock.running, speed=clock.speed),
            vehicles={vid: vehicle.state for vid, vehicle in world.vehicles.items()},
            commands=list(world.commands.values()),
            keys={
                vid: SavedKeyRing(counter=ring.counter, keys=ring.stored())
                for vid, ring in world.keys.items()
            },
        ),
        trips=sandbox.trips.list(),
        chats=sandbox.chats.stored(),
        profiles=sandbox.profiles.list(),
        faults=sandbox.faults.config,
        counters=Counters(
            commands=world.command_counter,
            trips=sandbox.trips.counter,
            chats=sandbox.chats.counter,
            profiles=sandbox.profiles.next_number,
        ),
    )


def import_sandbox(sandbox: Sandbox, document: SandboxDocument) -> None:
    """Replace the sandbox's state with the document's, all or nothing (InvalidDocument)."""
    check(document, sandbox.world.catalog, sandbox.limits)
    saved = document.world
    keys = {vid: KeyRing.restored(vid, ring.keys, ring.counter) for vid, ring in saved.keys.items()}
    profiles = sandbox.profiles.restored(document.profiles, document.counters.profiles)
    clock = ClockState(now=saved.clock.now, running=saved.clock.running, speed=saved.clock.speed)
    # The only step that could still fail comes first; the rest are plain assignments.
    sandbox.world.restore(
        saved.scenario, saved.vehicles, clock, saved.commands, document.counters.commands, keys
    )
    sandbox.trips.restore(document.trips, document.counters.trips)
    sandbox.chats.restore(document.chats, document.counters.chats)
    sandbox.profiles = profiles
    sandbox.faults.config = document.faults.model_copy(deep=True)
    sandbox.rendered.clear()


def check(document: SandboxDocument, catalog: FleetCatalog, limits: SandboxLimits) -> None:
    """What the schema cannot state, all problems at once (InvalidDocument)."""
    problems = _Problems()
    fleet = sorted(catalog.vehicles)
    _check_world(problems, document, catalog, fleet, limits)
    _check_trips(problems, document, fleet, limits)
    _check_chats(problems, document, fleet, limits)
    problems.at_most(("profiles",), document.profiles, limits.max_profiles, "max_profiles")
    problems.unique(("profiles",), [p.id for p in document.profiles])
    if problems.errors:
        raise InvalidDocument(problems.errors)


def _check_world(
    problems: _Problems,
    document: SandboxDocument,
    catalog: FleetCatalog,
    fleet: list[str],
    limits: SandboxLimits,
) -> None:
    saved = document.world
    if saved.scenario is not None and saved.scenario not in catalog.scenarios:
        known = ", ".join(sorted(catalog.scenarios))
        problems.add(("world", "scenario"), f"unknown scenario; known: {known}", "unknown_id")
    problems.same_cars(("world", "vehicles"), saved.vehicles, fleet)
    problems.same_cars(("world", "keys"), saved.keys, fleet)
    for vid, ring in saved.keys.items():
        where = ("world", "keys", vid, "keys")
        problems.at_most(where, ring.keys, limits.max_keys_per_vehicle, "max_keys_per_vehicle")
        for i, key in enumerate(ring.keys):
            if key.vehicle_id != vid:
                problems.add((*where, i, "vehicle_id"), f"must be '{vid}'", "value_error")
        ids = [k.key_id for k in ring.keys]
        problems.numbered(where, ids, f"key-{vid}-", ring.counter, "key_id")
    commands = ("world", "commands")
    problems.of_cars(commands, saved.commands, fleet)
    problems.at_most(commands, saved.commands, limits.max_commands, "max_commands")
    ids = [c.command_id for c in saved.commands]
    problems.numbered(commands, ids, "cmd-", document.counters.commands, "command_id")


def _check_trips(
    problems: _Problems, document: SandboxDocument, fleet: list[str], limits: SandboxLimits
) -> None:
    trips = document.trips
    problems.of_cars(("trips",), trips, fleet)
    problems.at_most(("trips",), trips, limits.max_trips, "max_trips")
    ids = [t.trip_id for t in trips]
    problems.numbered(("trips",), ids, "trip-", document.counters.trips, "trip_id")
    # Two trips driving one car would fight over its position.
    active = Counter(t.vehicle_id for t in trips if t.status is TripStatus.ACTIVE)
    for vid, count in sorted(active.items()):
        if count > 1:
            msg = f"{count} active trips for '{vid}'; at most one"
            problems.add(("trips",), msg, "value_error")


def _check_chats(
    problems: _Problems, document: SandboxDocument, fleet: list[str], limits: SandboxLimits
) -> None:
    chats = document.chats
    problems.of_cars(("chats",), chats, fleet)
    problems.at_most(("chats",), chats, limits.max_chat_sessions, "max_chat_sessions")
    ids = [s.session_id for s in chats]
    problems.numbered(("chats",), ids, "chat-", document.counters.chats, "session_id")
    turns = limits.max_turns_per_session
    for i, session in enumerate(chats):
        # A turn is the user's entry and the assistant's.
        kept = sorted({entry.turn for entry in session.transcript})
        problems.at_most(("chats", i, "transcript"), kept, turns, "max_turns_per_session")


class _Problems:
    """Errors in pydantic's shape (`loc`, `msg`, `type`), so a 422 reads like any other."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []

    def add(self, loc: Sequence[str | int], msg: str, kind: str) -> None:
        self.errors.append({"loc": list(loc), "msg": msg, "type": kind})

    def at_most(self, loc: Sequence[str | int], items: Sequence[Any], cap: int, name: str) -> None:
        if len(items) > cap:
            msg = f"{len(items)} kept; this server's cap is {cap} (INCAR_{name.upper()})"
            self.add(loc, msg, "too_long")

    def same_cars(self, loc: tuple[str, ...], by_car: Iterable[str], fleet: list[str]) -> None:
        given = set(by_car)
        for vid in sorted(given - set(fleet)):
            self.add(
                (*loc, vid),
                f"no car '{vid}' in this fleet; known: {', '.join(fleet)}",
                "unknown_id",
            )
        for vid in sorted(set(fleet) - given):
            self.add(loc, f"car '{vid}' is missing; every car of the fleet is needed", "missing")

    def of_cars(self, loc: tuple[str, ...], items: Sequence[Any], fleet: list[str]) -> None:
        for i, item in enumerate(items):
            if item.vehicle_id not in fleet:
                msg = f"no car '{item.vehicle_id}' in this fleet; known: {', '.join(fleet)}"
                self.add((*loc, i, "vehicle_id"), msg, "unknown_id")

    def unique(self, loc: tuple[str, ...], ids: list[str]) -> None:
        for ident, count in Counter(ids).items():
            if count > 1:
                self.add(loc, f"'{ident}' appears {count} times", "duplicate_id")

    def numbered(
        self, loc: tuple[str, ...], ids: list[str], prefix: str, counter: int, field: str
    ) -> None:
        """Ids are `prefix` and a number no greater than the counter, each once."""
        self.unique(loc, ids)
        pattern = re.compile(re.escape(prefix) + r"(\d{1,9})")
        for i, ident in enumerate(ids):
            number = pattern.fullmatch(ident)
            if number is None:
                self.add((*loc, i, field), f"'{ident}' is not {prefix}<number>", "value_error")
            elif int(number.group(1)) > counter:
                msg = f"'{ident}' is numbered past its counter ({counter}); raise the counter"
                self.add((*loc, i, field), msg, "value_error")
