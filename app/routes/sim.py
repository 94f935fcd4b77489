"""Simulation control: scenarios, reset, state patches, the clock, faults, journal, sandboxes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import AwareDatetime, BaseModel, Field

from agents.faults import FaultConfig
from agents.journal import JournalEntry
from agents.text import Bilingual
from agents.world.clock import CLOCK_RANGE, MAX_SPEED, ClockState, after, require_in_range
from agents.world.sandboxes import AdminRequired, SandboxInfo
from agents.world.views import VehicleSnapshot, snapshot
from app.deps import CallerDep, RuntimeDep, SandboxDep, WorldDep
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


@router.get("/scenarios", summary="List scenarios")
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


@router.get("/scenario", summary="The scenario this sandbox is in, and its clock")
async def current_scenario(world: WorldDep) -> WorldState:
    return _world_state(world.scenario_id, world.clock.state())


@router.post("/scenario", summary="Load a scenario", responses=problem_responses(404, 422))
async def load_scenario(request: LoadScenario, sandbox: SandboxDep) -> WorldState:
    sandbox.load_scenario(request.scenario)
    return _world_state(sandbox.world.scenario_id, sandbox.world.clock.state())


@router.post("/reset", summary="Reset this sandbox to its scenario's start")
async def reset(sandbox: SandboxDep) -> WorldState:
    sandbox.reset()
    return _world_state(sandbox.world.scenario_id, sandbox.world.clock.state())


@router.patch(
    "/vehicles/{vehicle_id}/state",
    summary="JSON-merge-patch a vehicle's state",
    description="RFC 7396. A patch whose result fails validation is a 422 and changes nothing.",
    responses=problem_responses(404, 422),
)
async def patch_state(
    vehicle_id: str,
    world: WorldDep,
    patch: Annotated[
        dict[str, Any],
        Body(
            openapi_examples={
                "soc": {"summary": "Set SoC", "value": {"battery": {"soc_pct": 15}}},
                "door": {
                    "summary": "Open a door",
                    "value": {"security": {"doors_open": {"front_left": True}}},
                },
            },
            media_type="application/merge-patch+json",
        ),
    ],
) -> VehicleSnapshot:
    vehicle = world.patch_state(vehicle_id, patch)
    return snapshot(vehicle, world.now())


@router.get("/clock", summary="Read the sim clock")
async def get_clock(world: WorldDep) -> ClockState:
    world.sync()
    return world.clock.state()


@router.post(
    "/clock", summary="Set, advance, run or pause the clock", responses=problem_responses(422)
)
async def control_clock(command: ClockCommand, world: WorldDep) -> ClockState:
    # Work out the destination before touching anything, so a refused move changes nothing.
    destination = world.clock.now() if command.set is None else require_in_range(command.set)
    if command.advance_s:
        destination = after(destination, command.advance_s)
    if command.set is not None or command.advance_s:
        world.clock.set(destination)
    if command.run is True:
        world.clock.run(command.speed)
    elif command.run is False:
        world.clock.pause()
    world.sync()
    return world.clock.state()


@router.get("/faults", summary="This sandbox's fault rules")
async def get_faults(sandbox: SandboxDep) -> FaultConfig:
    return sandbox.faults.config


@router.put("/faults", summary="Replace this sandbox's fault rules")
async def put_faults(config: FaultConfig, sandbox: SandboxDep) -> FaultConfig:
    sandbox.faults.config = config
    return config


@router.delete("/faults", summary="Remove all fault rules", status_code=204)
async def delete_faults(sandbox: SandboxDep) -> None:
    sandbox.faults.config = FaultConfig()


@router.get("/journal", summary="Requests this sandbox received")
async def get_journal(
    sandbox: SandboxDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[JournalEntry]:
    return sandbox.journal.entries(since, limit)


@router.get(
    "/sandboxes",
    summary="List live sandboxes",
    description="Needs the admin token as a bearer token when `INCAR_ADMIN_TOKEN` is set.",
    tags=["sandboxes"],
    responses=problem_responses(403),
)
async def list_sandboxes(runtime: RuntimeDep, caller: CallerDep) -> list[SandboxInfo]:
    if not caller.may_list_sandboxes:
        raise AdminRequired()
    return runtime.sandboxes.list()


@router.delete(
    "/sandboxes/{name}",
    summary="Delete a sandbox",
    description=(
        "A caller may delete its own sandbox (`X-Sandbox` or `?sandbox=` equal to `name`); "
        "deleting another needs the admin token (`INCAR_ADMIN_TOKEN`) as a bearer token."
    ),
    status_code=204,
    tags=["sandboxes"],
    responses=problem_responses(403, 404),
)
async def delete_sandbox(name: str, runtime: RuntimeDep, caller: CallerDep) -> None:
    runtime.sandboxes.delete(name, caller=caller.sandbox, admin=caller.admin)


def _world_state(scenario: str | None, clock: ClockState) -> WorldState:
    return WorldState(scenario=scenario, clock=clock)
