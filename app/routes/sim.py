"""Simulation control: scenarios, reset, state patches, the clock, faults, journal, sandboxes,
injected proactive events and demo trips."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from agents.conversation.limits import MAX_ID_CHARS
from agents.conversation.proactive.demos import DemoRun, Skipped, play, skip
from agents.conversation.proactive.models import ProactiveEvent
from agents.conversation.proactive.monitor import Injection
from agents.faults import FaultConfig
from agents.journal import JournalEntry
from agents.locales import LocaleTag, choose_locale
from agents.sandbox import ResetTarget, Settled
from agents.sandbox_state import SandboxDocument, export_sandbox, import_sandbox
from agents.text import Bilingual
from agents.travel.plan_models import Meal
from agents.world.clock import CLOCK_RANGE, MAX_SPEED, ClockState
from agents.world.models import Kpa, Percent
from agents.world.sandboxes import AdminRequired, SandboxInfo, authorize
from agents.world.views import VehicleSnapshot, snapshot
from app.deps import CallerDep, RuntimeDep, SandboxDep, WorldDep
from app.examples import (
    CLOCK_REQUESTS,
    DEMO_REQUESTS,
    FAULT_REQUESTS,
    IMPORT_REQUESTS,
    RESET_REQUESTS,
    SCENARIO_REQUESTS,
    SIM_EVENT_REQUESTS,
    STATE_PATCHES,
    ok,
)
from app.locale import AcceptLanguage
from app.problems import problem_responses

router = APIRouter(prefix="/v1/sim", tags=["simulation"])


class ScenarioInfo(BaseModel):
    id: str = Field(examples=["low-battery-expressway"])
    title: Bilingual
    description: Bilingual
    clock: datetime
    focus_vehicle: str


class LoadScenario(BaseModel):
    scenario: str = Field(min_length=1, max_length=64, examples=["low-battery-expressway"])


class ResetRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: ResetTarget = Field(
        default="scenario",
        description=(
            "`scenario`: the current scenario's start. `baseline`: what a brand-new sandbox has "
            "(the server's start scenario, the fixture profiles, no fault rules)"
        ),
        examples=["baseline"],
    )


class WorldState(BaseModel):
    scenario: str | None
    clock: ClockState


class ClockCommand(BaseModel):
    """Any of the actions, applied in the order set, advance, run/pause, all or nothing.

    The clock's legal range is 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive: a `set`
    outside it, or an `advance_s` that would leave it, is a 422 CLOCK_OUT_OF_RANGE and changes
    nothing. A running clock stops at the end of the range. A move of any size answers at once.
    """

    set: AwareDatetime | None = Field(
        default=None,
        description=f"Jump to this moment (ISO 8601 with offset), within {CLOCK_RANGE}",
        examples=["2026-06-01T12:00:00+08:00"],
    )
    advance_s: float | None = Field(
        default=None,
        ge=0,
        le=7 * 86400,
        strict=True,
        description="Move forward this many sim seconds (after `set`), staying within the range",
        examples=[900],
    )
    run: bool | None = Field(
        default=None, strict=True, description="true: run at `speed`; false: pause"
    )
    speed: float = Field(default=1, ge=1, le=MAX_SPEED, strict=True, examples=[60])


@router.get(
    "/scenarios",
    summary="List scenarios",
    description=(
        "The scenarios the fixtures define: id, title and description in both languages, the "
        "clock it starts at and the car it is about. Load one with `POST /v1/sim/scenario`. "
        "Static; reads only."
    ),
    responses={200: ok("list_scenarios")},
)
async def list_scenarios(runtime: RuntimeDep) -> list[ScenarioInfo]:
    return [
        ScenarioInfo(
            id=s.id,
            title=s.title,
            description=s.description,
            clock=s.clock,
            focus_vehicle=s.focus_vehicle,
        )
        for s in runtime.catalog.fleet.scenarios.values()
    ]


@router.get(
    "/scenario",
    summary="The scenario this sandbox is in, and its clock",
    description=(
        "The scenario loaded in this sandbox (`null`: the fixtures' default world) and the sim "
        "clock (now, running, speed). Reads only."
    ),
    responses={200: ok("current_scenario")},
)
async def current_scenario(world: WorldDep) -> WorldState:
    return _world_state(world.scenario_id, world.clock.state())


@router.post(
    "/scenario",
    summary="Load a scenario",
    description=(
        "Replaces this sandbox's world with the scenario's: every car's state and the clock "
        "(paused at the scenario's start). Commands, keys, trips, chats and profiles created in "
        "the old world are dropped; other sandboxes are untouched. Errors: 404 "
        "`SCENARIO_NOT_FOUND` (with the `known` ids)."
    ),
    responses={200: ok("load_scenario"), **problem_responses(404, 422)},
)
async def load_scenario(
    request: Annotated[LoadScenario, Body(openapi_examples=SCENARIO_REQUESTS)],
    sandbox: SandboxDep,
) -> WorldState:
    sandbox.load_scenario(request.scenario)
    return _world_state(sandbox.world.scenario_id, sandbox.world.clock.state())


@router.post(
    "/reset",
    summary="Reset this sandbox to its scenario's start, or to the baseline",
    description=(
        "Puts this sandbox back where it starts; other sandboxes are untouched. With no body, or "
        '`{"to": "scenario"}`, to the start of the scenario it is in now (or the default world): '
        "cars, clock (paused), commands, keys, trips, chats and profiles; fault rules stay. "
        'With `{"to": "baseline"}`, to exactly what a brand-new sandbox has: the server\'s '
        "start scenario (`INCAR_SCENARIO`, else the default world) whatever scenario was loaded "
        "since, the fixture profiles, and no trips, chats, commands or fault rules. The "
        "journal keeps its entries either way. Answers the scenario and clock after the reset. "
        "Errors: 422 `VALIDATION_ERROR` for another `to`."
    ),
    responses={200: ok("reset")},
)
async def reset(
    sandbox: SandboxDep,
    request: Annotated[ResetRequest | None, Body(openapi_examples=RESET_REQUESTS)] = None,
) -> WorldState:
    sandbox.reset(request.to if request is not None else "scenario")
    return _world_state(sandbox.world.scenario_id, sandbox.world.clock.state())


@router.post(
    "/settle",
    summary="Finish every command still on its way",
    description=(
        "Makes every `pending` or `delivered` command of this sandbox reach `executed` or "
        "`failed` by moving the sim clock exactly as far as needed: to the latest moment one "
        "of them is due to execute (a command sent at T is delivered at T + 2 s and executes "
        "at T + 5 s, or T + 10 s for `wake`), no further. Everything else moves with the clock as "
        "it would "
        "for `POST /v1/sim/clock`; a running clock keeps running from there. Answers the new "
        "`now` and the ids of the commands finished, in the order they were sent; with none "
        "open, the clock stays and `settled` is empty. Errors: 422 `CLOCK_OUT_OF_RANGE` when "
        "a command is due past 2100-01-01T00:00:00Z (nothing changes)."
    ),
    responses={200: ok("settle"), **problem_responses(422)},
)
async def settle(sandbox: SandboxDep) -> Settled:
    return sandbox.settle()


@router.patch(
    "/vehicles/{vehicle_id}/state",
    summary="JSON-merge-patch a vehicle's state",
    description=(
        "Changes a car's state in this sandbox with an RFC 7396 JSON merge patch "
        "(`application/merge-patch+json`) on the `state` object: objects merge, other values "
        "replace, `null` removes. Answers the full snapshot after the change; the car's ETag "
        "changes and telemetry streams send a frame. Errors: 404 `VEHICLE_NOT_FOUND`, 422 "
        "`VALIDATION_ERROR` when the result would not be a valid state (nothing changes)."
    ),
    responses={200: ok("patch_state"), **problem_responses(404, 422)},
)
async def patch_state(
    vehicle_id: str,
    world: WorldDep,
    patch: Annotated[
        dict[str, Any],
        Body(
            openapi_examples=STATE_PATCHES,
            media_type="application/merge-patch+json",
        ),
    ],
) -> VehicleSnapshot:
    vehicle = world.patch_state(vehicle_id, patch)
    return snapshot(vehicle, world.now())


@router.get(
    "/clock",
    summary="Read the sim clock",
    description=(
        "This sandbox's virtual clock: `now` (ISO 8601, +08:00), whether it runs and at what "
        "speed. A running clock is brought up to date first, so cars and trips move. Never an "
        "error of its own."
    ),
    responses={200: ok("get_clock")},
)
async def get_clock(world: WorldDep) -> ClockState:
    world.sync()
    return world.clock.state()


@router.post(
    "/clock",
    summary="Set, advance, run or pause the clock",
    description=(
        "Moves this sandbox's clock: `set` jumps, `advance_s` moves forward (at most 7 days a "
        "call), `run`/`speed` run it at x1 to x600 of wall time or pause it; combined, they apply "
        "in that order. Time passing drives everything: commands complete, trips drive, "
        "batteries charge. A move of any size answers at once with the clock after it. Errors: "
        "422 `CLOCK_OUT_OF_RANGE` outside 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z (nothing "
        "changes), 422 `VALIDATION_ERROR`."
    ),
    responses={200: ok("control_clock"), **problem_responses(422)},
)
async def control_clock(
    command: Annotated[ClockCommand, Body(openapi_examples=CLOCK_REQUESTS)], world: WorldDep
) -> ClockState:
    world.clock.move(
        set=command.set, advance_s=command.advance_s, run=command.run, speed=command.speed
    )
    world.sync()
    return world.clock.state()


@router.get(
    "/faults",
    summary="This sandbox's fault rules",
    description=(
        "The fault rules applied to this sandbox's requests (first match wins), each with the "
        "requests it still affects. Reads only."
    ),
    responses={200: ok("get_faults")},
)
async def get_faults(sandbox: SandboxDep) -> FaultConfig:
    return sandbox.faults.config


@router.put(
    "/faults",
    summary="Replace this sandbox's fault rules",
    description=(
        "Replaces every rule. Each matches requests by `path_prefix` (and `method`) and adds "
        "`latency_ms`, a `fault` (`500`, `503`, `timeout` → 504, `drop-stream`) or both, for "
        "the next `remaining` matching requests or until removed; the first matching rule wins. "
        "`/v1/sim/...` is never affected, so you can always switch faults off. Answers the "
        "rules. Errors: 422 `VALIDATION_ERROR` (at most 50 rules)."
    ),
    responses={200: ok("put_faults")},
)
async def put_faults(
    config: Annotated[FaultConfig, Body(openapi_examples=FAULT_REQUESTS)], sandbox: SandboxDep
) -> FaultConfig:
    sandbox.faults.config = config
    return config


@router.delete(
    "/faults",
    summary="Remove all fault rules",
    description=(
        "Removes every fault rule of this sandbox, so its requests answer normally again "
        "(`X-Sim-Fault` headers still apply per request). 204 with no body; never an error."
    ),
    status_code=204,
)
async def delete_faults(sandbox: SandboxDep) -> None:
    sandbox.faults.config = FaultConfig()


@router.get(
    "/journal",
    summary="Requests this sandbox received",
    description=(
        "The requests this sandbox received, oldest first: request id, method, path, query "
        "(secrets shown as `***`), status, sim time, duration and any fault applied, so a test "
        "can assert on the traffic a frontend sent. `since` (the last `seq` you saw) skips "
        "older entries; of the rest the newest `limit` are answered. Bounded by "
        "`INCAR_JOURNAL_SIZE` and `INCAR_JOURNAL_MAX_BYTES`, oldest dropped first."
    ),
    responses={200: ok("get_journal")},
)
async def get_journal(
    sandbox: SandboxDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[JournalEntry]:
    return sandbox.journal.entries(since, limit)


@router.get(
    "/sandboxes",
    summary="List live sandboxes",
    description=(
        "Every live sandbox with its idle time and request count. Creates no sandbox and is "
        "not subject to faults. Needs the admin token as a bearer token when "
        "`INCAR_ADMIN_TOKEN` is set (403 `ADMIN_REQUIRED` otherwise)."
    ),
    tags=["sandboxes"],
    responses={200: ok("list_sandboxes"), **problem_responses(403)},
)
async def list_sandboxes(runtime: RuntimeDep, caller: CallerDep) -> list[SandboxInfo]:
    if not caller.may_list_sandboxes:
        raise AdminRequired()
    return runtime.sandboxes.list()


@router.delete(
    "/sandboxes/{name}",
    summary="Delete a sandbox",
    description=(
        "Drops the sandbox and everything in it (204, no body); its next request starts it "
        "afresh. A caller may delete its own sandbox (`X-Sandbox` or `?sandbox=` equal to "
        "`name`); deleting another needs the admin token (`INCAR_ADMIN_TOKEN`) as a bearer "
        "token. Errors: 403 `NOT_YOUR_SANDBOX`, 404 `SANDBOX_NOT_FOUND`."
    ),
    status_code=204,
    tags=["sandboxes"],
    responses=problem_responses(403, 404),
)
async def delete_sandbox(name: str, runtime: RuntimeDep, caller: CallerDep) -> None:
    runtime.sandboxes.delete(name, caller=caller.sandbox, admin=caller.admin)


@router.get(
    "/sandboxes/{name}/export",
    summary="Export a sandbox's whole state",
    description=(
        "The sandbox's whole state as one JSON document (`format` `incar-sandbox`, `version` "
        "1): the scenario, the clock, every car's state, commands, digital keys, trips, chat "
        "sessions, profiles and fault rules, with the counters new ids continue from. Keep it "
        "as a test fixture or a demo setup and restore it with `PUT .../import`. Creates no "
        "sandbox and is not subject to faults. A caller may export its own sandbox (`X-Sandbox` "
        "or `?sandbox=` equal to `name`); another needs the admin token (`INCAR_ADMIN_TOKEN`). "
        "Errors: 403 `NOT_YOUR_SANDBOX`, 404 `SANDBOX_NOT_FOUND`."
    ),
    tags=["sandboxes"],
    responses={200: ok("export_sandbox"), **problem_responses(403, 404)},
)
async def export(name: str, runtime: RuntimeDep, caller: CallerDep) -> SandboxDocument:
    sandbox = runtime.sandboxes.existing(name, caller=caller.sandbox, admin=caller.admin)
    return export_sandbox(name, sandbox)


async def _importer(name: str, caller: CallerDep) -> str:
    """Who may import, settled before the body is read: another's sandbox is a 403 whatever
    the document says."""
    authorize(name, caller.sandbox, caller.admin, "import")
    return name


@router.put(
    "/sandboxes/{name}/import",
    summary="Import a sandbox's whole state",
    description=(
        "Replaces the sandbox's state with a document `GET .../export` gave (from this or "
        "another sandbox, of this server's fixtures): afterwards its cars, clock, commands, "
        "keys, trips, chats, profiles and fault rules read exactly as they did when exported "
        "(the journal is kept). The document is checked whole first: its schema, then that "
        "every id names a car of this fleet and a known scenario, that the lists keep within "
        "this server's caps (`INCAR_MAX_TRIPS`, ...) and the counters are ahead of the ids. "
        "A bad document is a 422 `VALIDATION_ERROR` (`errors` lists every problem) and changes "
        "nothing. A missing sandbox is created (the sandbox cap applies). Who may: as for "
        "export. Answers the scenario and clock after the import. Errors: 403 "
        "`NOT_YOUR_SANDBOX`, 422 `VALIDATION_ERROR`, 429 `SANDBOX_LIMIT`."
    ),
    tags=["sandboxes"],
    responses={200: ok("import_sandbox"), **problem_responses(403, 422, 429)},
)
async def import_(
    name: Annotated[str, Depends(_importer)],
    document: Annotated[SandboxDocument, Body(openapi_examples=IMPORT_REQUESTS)],
    runtime: RuntimeDep,
    caller: CallerDep,
) -> WorldState:
    sandbox = runtime.sandboxes.replace(
        name,
        lambda target: import_sandbox(target, document),
        caller=caller.sandbox,
        admin=caller.admin,
    )
    return _world_state(sandbox.world.scenario_id, sandbox.world.clock.state())


TirePosition = Literal["front_left", "front_right", "rear_left", "rear_right"]


class _SimEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=MAX_ID_CHARS, examples=["chat-0001"])


class LowSocEvent(_SimEvent):
    kind: Literal["low_soc"]
    soc_pct: Percent | None = Field(default=None, description="The SoC to speak of (the car's)")


class ChargerBusyEvent(_SimEvent):
    kind: Literal["charger_busy"]
    stop_index: int | None = Field(
        default=None, ge=0, le=1000, description="The trip's stop (default: the next charger)"
    )


class MealTimeEvent(_SimEvent):
    kind: Literal["meal_time"]
    meal: Meal | None = Field(default=None, description="Default: lunch before 15:00")


class WarningLightEvent(_SimEvent):
    kind: Literal["warning_light"]
    light_id: str = Field(min_length=1, max_length=64, examples=["engine-check"])


class TirePressureEvent(_SimEvent):
    kind: Literal["tire_pressure"]
    tire: TirePosition | None = Field(default=None, description="Default: front_left")
    pressure_kpa: Kpa | None = None


class ArrivalEvent(_SimEvent):
    kind: Literal["arrival"]


SimEvent = Annotated[
    LowSocEvent
    | ChargerBusyEvent
    | MealTimeEvent
    | WarningLightEvent
    | TirePressureEvent
    | ArrivalEvent,
    Field(discriminator="kind"),
]


class Injected(BaseModel):
    delivered: bool = Field(description="false: the session is muted or in its quiet hours")
    event: ProactiveEvent | None


@router.post(
    "/events",
    summary="Inject a proactive trigger",
    description=(
        "Fires a proactive trigger now for one chat session of this sandbox, as if the car or "
        "the trip had caused it: `low_soc` (chargers near the car; `add_stop` actions on a "
        "trip), `charger_busy` (the trip's next charging stop, or `stop_index`, is full: a "
        "`replan` action), `meal_time` (dining near the next stop for the session's profile), "
        "`warning_light` (`light_id`; Car Genius explains it), `tire_pressure` (`tire`, "
        "`pressure_kpa`) or `arrival` (the summary of the active or last arrived trip). The "
        "car's state does not change. The event gets its own `event_id` and goes to the "
        "session's events (and its stream) unless the session is muted or in quiet hours "
        "(`delivered: false`). Errors: 404 `SESSION_NOT_FOUND` (sessions of other sandboxes "
        "are not seen), `WARNING_LIGHT_NOT_FOUND`; 409 `NO_ACTIVE_TRIP` (charger_busy or "
        "arrival without a trip), `NO_CHARGING_STOP`; 422 `VALIDATION_ERROR`."
    ),
    status_code=201,
    responses={201: ok("inject_event"), **problem_responses(404, 409, 422)},
)
async def inject_event(
    request: Annotated[SimEvent, Body(openapi_examples=SIM_EVENT_REQUESTS)], sandbox: SandboxDep
) -> Injected:
    session = sandbox.chats.get(request.session_id)
    asked = Injection.model_validate(request.model_dump(exclude={"session_id"}))
    event = sandbox.proactive_monitor().inject(session, asked)
    return Injected(delivered=event is not None, event=event)


class DemoInfo(BaseModel):
    id: str = Field(examples=["road-trip"])
    title: Bilingual
    description: Bilingual
    scenario: str
    vehicle_id: str
    speed: float


class PlayDemo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    locale: LocaleTag | None = Field(
        default=None,
        description="The language of the demo's chat; default: the profile's, then "
        "`Accept-Language`, then zh",
    )


@router.get(
    "/demos",
    summary="List demo trips",
    description=(
        "The scripted demo trips (fixtures/demos): each plays a trip from a scenario at a "
        "running clock so the proactive assistant speaks up by itself. Static; reads only."
    ),
    responses={200: ok("list_demos")},
)
async def list_demos(runtime: RuntimeDep) -> list[DemoInfo]:
    return [
        DemoInfo(
            id=d.id,
            title=d.title,
            description=d.description,
            scenario=d.scenario,
            vehicle_id=d.vehicle_id,
            speed=d.speed,
        )
        for d in runtime.catalog.demos.all()
    ]


@router.post(
    "/demos/{demo_id}/play",
    summary="Play a demo trip (from the start)",
    description=(
        "Replaces this sandbox's world with the demo's scenario (as `POST /v1/sim/scenario`: "
        "trips, chats and commands go), sets the clock to the departure, applies the demo's "
        "car state, starts a chat session (`locale`) and the trip, and runs the clock at the "
        "demo's speed (x60: an hour in a minute). Follow `GET /v1/chat/sessions/{session_id}"
        '/events`; pause with `POST /v1/sim/clock` `{"run": false}`, skip with `POST '
        "/v1/sim/demos/next-moment`, play again to restart. Answers the session, the trip, "
        "the clock and the next moment. Errors: 404 `DEMO_NOT_FOUND`, 422 `VALIDATION_ERROR`."
    ),
    responses={200: ok("play_demo"), **problem_responses(404, 422)},
)
async def play_demo(
    demo_id: Annotated[str, Path(max_length=64)],
    sandbox: SandboxDep,
    runtime: RuntimeDep,
    request: Annotated[PlayDemo | None, Body(openapi_examples=DEMO_REQUESTS)] = None,
    accept_language: AcceptLanguage = None,
) -> DemoRun:
    script = runtime.catalog.demos.get(demo_id)
    profile = runtime.catalog.travel.profiles.get(script.profile_id or "")
    asked = request.locale if request is not None else None
    locale = choose_locale(asked, profile.locale if profile else None, accept_language)
    return play(sandbox, runtime.catalog.travel, script, locale)


@router.post(
    "/demos/next-moment",
    summary="Skip to just before the next proactive moment",
    description=(
        "Moves this sandbox's clock forward to 30 sim seconds before the next moment an active "
        "trip has something to say (low battery, meal time, a full charger, arrival), never "
        "back; a running clock keeps running from there, a paused one stays paused. Answers "
        "the clock and the moment (`null`: nothing is ahead, and the clock stays). Works for "
        "any started trip, not only demos. Never an error of its own."
    ),
    responses={200: ok("next_moment")},
)
async def next_moment(sandbox: SandboxDep) -> Skipped:
    return skip(sandbox)


def _world_state(scenario: str | None, clock: ClockState) -> WorldState:
    return WorldState(scenario=scenario, clock=clock)
