"""One sandbox's private world: its fleet, clock, commands and keys, simulated lazily.

Nothing runs in the background. Before reading or changing anything, callers `sync()`: the world
steps its simulation from the last time it was synced to the clock's now. So a frozen clock costs
nothing, and a clock run at x600 does the same work as one advanced by hand.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from agents.errors import DomainError, NotFound
from agents.limits import CommandLimit, SandboxLimits
from agents.text import bi
from agents.world import commands as cmd
from agents.world import errors, physics
from agents.world.cabin import Seat
from agents.world.catalog import FleetCatalog
from agents.world.clock import ClockState, VirtualClock
from agents.world.keys import DigitalKey, KeyRing, ShareKeyRequest
from agents.world.models import Capability, PowerState, Vehicle, VehicleState
from agents.world.patch import merge_patch, with_zone_targets

_STATE = TypeAdapter(VehicleState)


class InvalidPatch(DomainError):
    code = "VALIDATION_ERROR"

    def __init__(self, exc: ValidationError) -> None:
        super().__init__(
            bi("状态补丁无效，车辆状态未改变。", "The state patch is invalid; nothing changed."),
            extra={
                "errors": [
                    {"loc": ["state", *err["loc"]], "msg": err["msg"], "type": err["type"]}
                    for err in exc.errors()
                ]
            },
        )


class CommandNotFound(NotFound):
    def __init__(self, command_id: str, known: list[str]) -> None:
        super().__init__("command", command_id, known, code="COMMAND_NOT_FOUND")


Listener = Callable[["World", datetime, datetime], bool]
# An extension's next discrete event strictly after the given moment (a trip's arrival, ...).
Horizon = Callable[[datetime], datetime | None]


class World:
    def __init__(
        self,
        catalog: FleetCatalog,
        scenario_id: str | None = None,
        wall: Callable[[], float] = time.monotonic,
        limits: SandboxLimits | None = None,
    ) -> None:
        self.catalog = catalog
        self.limits = limits or SandboxLimits()
        self._wall = wall
        self.version = 0
        # Extensions (trip playback, ...) that step with the clock; each returns "changed".
        self.listeners: list[Listener] = []
        # Moments listeners need a clock step to end at, so what they stamp is step-invariant.
        self.horizons: list[Horizon] = []
        self._stage(scenario_id)

    # -- staging -------------------------------------------------------------------------

    def _stage(self, scenario_id: str | None) -> None:
        self.vehicles, start = self.catalog.fresh_fleet(scenario_id)
        self.scenario_id = scenario_id
        self.clock = VirtualClock(start, self._wall)
        self._synced_to = start
        self._physics: dict[str, physics.CarPhysics] = {}
        self.commands: dict[str, cmd.Command] = {}
        self._command_counter = 0
        self.keys = {vid: KeyRing(vid, _owner_name(v)) for vid, v in self.vehicles.items()}
        self.version += 1

    def load_scenario(self, scenario_id: str) -> None:
        self.catalog.scenario(scenario_id)  # raises before anything is lost
        self._stage(scenario_id)

    def reset(self) -> None:
        self._stage(self.scenario_id)

    def restart(self, scenario_id: str | None) -> None:
        """Start afresh in `scenario_id`, or in the fixtures' base world when None."""
        if scenario_id is not None:
            self.catalog.scenario(scenario_id)  # raises before anything is lost
        self._stage(scenario_id)

    def restore(
        self,
        scenario_id: str | None,
        states: Mapping[str, VehicleState],
        clock: ClockState,
        commands: Iterable[cmd.Command],
        command_counter: int,
        keys: Mapping[str, KeyRing],
    ) -> None:
        """Replace everything with a saved world (agents/sandbox_state.py checks it first).

        Built aside, then swapped in with plain assignments, so a failure changes nothing. The
        cars' physics anchors are taken afresh from the restored states, as after a clock set back.
        """
        vehicles, _ = self.catalog.fresh_fleet(scenario_id)
        if set(states) != set(vehicles) or set(keys) != set(vehicles):
            raise ValueError("the saved world must name exactly the fleet's cars")
        for vehicle_id, vehicle in vehicles.items():
            vehicle.state = states[vehicle_id].model_copy(deep=True)
        restored_clock = VirtualClock(clock.now, self._wall)
        if clock.running:
            restored_clock.run(clock.speed)
        kept = {c.command_id: c.model_copy(deep=True) for c in commands}
        self.vehicles, self.scenario_id, self.clock = vehicles, scenario_id, restored_clock
        self._synced_to = clock.now
        self._physics = {}
        self.commands, self._command_counter = kept, command_counter
        self.keys = dict(keys)
        self.version += 1

    @property
    def command_counter(self) -> int:
        """The number of the last command submitted (ids keep counting past evictions)."""
        return self._command_counter

    # -- time ------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.sync()

    def sync(self) -> datetime:
        """Step the simulation up to the clock's now and return it.

        Steps end only at events (a command falling due, a charge reaching its limit, an HVAC
        timer ending, a trip arriving...) and everything between is solved in closed form, so a
        jump of any size costs a handful of steps and lands where small steps would.
        """
        target = self.clock.now()
        if target <= self._synced_to:
            if target < self._synced_to:  # the clock was set back: states stay as they are
                self._synced_to = target
                self._physics.clear()  # their anchors lie after the new now
                self.version += 1
            return target
        t = self._synced_to
        due = _DueCommands(self.commands.values())
        changed = due.run(self, t)
        while t < target:
            step_end = min(target, self._next_event(t, due) or target)
            for vehicle_id, vehicle in self.vehicles.items():
                changed |= self._car_physics(vehicle_id).advance(vehicle, t, step_end)
            for listener in self.listeners:
                changed |= listener(self, t, step_end)
            t = self._synced_to = step_end
            changed |= due.run(self, t)
        if changed:
            self.version += 1
        return target

    def settle(self) -> tuple[datetime, list[str]]:
        """Let every pending or delivered command finish: move the clock to the latest due
        execution among them, no further, and answer the new now and the commands finished.

        A running clock keeps running from there. Nothing open: the clock stays. A command due
        past the clock's range is a 422 CLOCK_OUT_OF_RANGE that changes nothing.
        """
        now = self.sync()
        open_ = [c for c in self.commands.values() if c.status in _OPEN]
        if not open_:
            return now, []
        latest = max(c.due_execution() for c in open_)
        if latest > now:
            self.clock.set(latest)
            now = self.sync()
        return now, [c.command_id for c in open_ if c.status not in _OPEN]

    def _next_event(self, after: datetime, due: _DueCommands) -> datetime | None:
        """The first moment after `after` at which anything happens by itself."""
        events = [due.next_execution()]
        events += [
            self._car_physics(vehicle_id).next_event(vehicle, after)
            for vehicle_id, vehicle in self.vehicles.items()
        ]
        events += [horizon(after) for horizon in self.horizons]
        return min((e for e in events if e is not None and e > after), default=None)

    def _car_physics(self, vehicle_id: str) -> physics.CarPhysics:
        found = self._physics.get(vehicle_id)
        if found is None:
            found = self._physics[vehicle_id] = physics.CarPhysics()
        return found

    def touch(self) -> None:
        """Mark the world changed (for cached serialisations)."""
        self.version += 1

    # -- vehicles --------------------------------------------------------------------------

    def vehicle(self, vehicle_id: str) -> Vehicle:
        """The vehicle as of the clock's now (404 VEHICLE_NOT_FOUND names the known ids)."""
        self.sync()
        found = self.vehicles.get(vehicle_id)
        if found is None:
            raise errors.VehicleNotFound(vehicle_id, sorted(self.vehicles))
        return found

    def focus_vehicle(self) -> str:
        """The car a client means when it names none: the scenario's focus, else the default."""
        if self.scenario_id is not None:
            return self.catalog.scenario(self.scenario_id).focus_vehicle
        default = self.catalog.config.default_vehicle
        return default if default in self.vehicles else sorted(self.vehicles)[0]

    def awake_vehicle(self, vehicle_id: str) -> Vehicle:
        """A vehicle whose data can be read: asleep cars answer VEHICLE_ASLEEP until woken."""
        vehicle = self.vehicle(vehicle_id)
        if vehicle.state.power_state is not PowerState.ONLINE:
            raise errors.VehicleAsleep(vehicle_id)
        return vehicle

    def patch_state(self, vehicle_id: str, patch: dict[str, Any]) -> Vehicle:
        """JSON-merge-patch a vehicle's state; an invalid result changes nothing."""
        vehicle = self.vehicle(vehicle_id)
        now = self.sync()
        merged = merge_patch(
            vehicle.state.model_dump(mode="json"), _with_derived(vehicle, patch, now)
        )
        try:
            state = _STATE.validate_python(merged)
        except ValidationError as exc:
            raise InvalidPatch(exc) from exc
        vehicle.state = state
        self.version += 1
        return vehicle

    # -- commands --------------------------------------------------------------------------

    def submit_command(self, vehicle_id: str, request: cmd.CommandRequest) -> cmd.Command:
        now = self.sync()
        vehicle = self.vehicle(vehicle_id)
        cmd.check(vehicle, request)
        self._make_room_for_command()
        self._command_counter += 1
        command = cmd.Command(
            command_id=f"cmd-{self._command_counter:04d}",
            vehicle_id=vehicle_id,
            request=request,
            status=cmd.CommandStatus.PENDING,
            created_at=now,
        )
        self.commands[command.command_id] = command
        self.version += 1
        return command

    def act_in_car(
        self, vehicle_id: str, request: cmd.CommandRequest, *, seat: Seat = "driver"
    ) -> cmd.Command:
        """Carry out a command spoken or pressed in the car: checked like a remote one, applied
        at once at the current sim time, and kept as an already executed command record."""
        now = self.sync()
        vehicle = self.vehicle(vehicle_id)
        cmd.check(vehicle, request)
        self._make_room_for_command()
        cmd.apply(vehicle, request, now)
        self._command_counter += 1
        command = cmd.Command(
            command_id=f"cmd-{self._command_counter:04d}",
            vehicle_id=vehicle_id,
            request=request,
            origin="in_car",
            seat=seat,
            status=cmd.CommandStatus.EXECUTED,
            created_at=now,
            delivered_at=now,
            finished_at=now,
        )
        self.commands[command.command_id] = command
        self.version += 1
        return command

    def _make_room_for_command(self) -> None:
        """At `limits.max_commands`, drop the oldest executed or failed command; 429 when every
        command kept is still pending or delivered. Ids keep counting, so none is reused."""
        if len(self.commands) < self.limits.max_commands:
            return
        for command_id, command in self.commands.items():
            if command.status in (cmd.CommandStatus.EXECUTED, cmd.CommandStatus.FAILED):
                del self.commands[command_id]
                return
        raise CommandLimit(self.limits.max_commands)

    def command(self, vehicle_id: str, command_id: str) -> cmd.Command:
        self.sync()
        found = self.commands.get(command_id)
        if found is None or found.vehicle_id != vehicle_id:
            known = [c for c, v in self.commands.items() if v.vehicle_id == vehicle_id]
            raise CommandNotFound(command_id, known)
        return found

    def vehicle_commands(self, vehicle_id: str) -> list[cmd.Command]:
        self.sync()
        self.vehicle(vehicle_id)
        return [c for c in self.commands.values() if c.vehicle_id == vehicle_id]

    def _execute(self, command: cmd.Command) -> None:
        vehicle = self.vehicles[command.vehicle_id]
        at = command.due_execution()
        command.finished_at = at
        try:
            cmd.check(vehicle, command.request)  # the car may have changed since submission
        except DomainError as exc:
            command.status = cmd.CommandStatus.FAILED
            command.failure = cmd.failure_of(exc)
            return
        cmd.apply(vehicle, command.request, at)
        command.status = cmd.CommandStatus.EXECUTED

    # -- digital keys ----------------------------------------------------------------------

    def keys_of(self, vehicle_id: str) -> list[DigitalKey]:
        now = self.sync()
        self.vehicle(vehicle_id)
        return self.keys[vehicle_id].list(now)

    def share_key(self, vehicle_id: str, request: ShareKeyRequest) -> DigitalKey:
        now = self.sync()
        vehicle = self.vehicle(vehicle_id)
        _require_key_capability(vehicle)
        key = self.keys[vehicle_id].share(request, now, self.limits.max_keys_per_vehicle)
        self.version += 1
        return key

    def revoke_key(self, vehicle_id: str, key_id: str) -> DigitalKey:
        now = self.sync()
        vehicle = self.vehicle(vehicle_id)
        _require_key_capability(vehicle)
        key = self.keys[vehicle_id].revoke(key_id, now)
        self.version += 1
        return key


# Commands still on their way to the car.
_OPEN = frozenset({cmd.CommandStatus.PENDING, cmd.CommandStatus.DELIVERED})


class _DueCommands:
    """The open commands of one sync, in the order they fall due.

    Only executions are step boundaries: they read and change the car, so they must see it as it
    is at that moment. A delivery touches only its command and is stamped with its due time, so it
    is simply done at the first step end at or after it.
    """

    def __init__(self, commands: Iterable[cmd.Command]) -> None:
        pending = cmd.CommandStatus.PENDING, cmd.CommandStatus.DELIVERED
        open_ = [c for c in commands if c.status in pending]
        # Stable sorts: commands due together run in the order they were submitted.
        self._deliveries = deque(sorted(open_, key=cmd.Command.due_delivery))
        self._executions = deque(sorted(open_, key=cmd.Command.due_execution))

    def next_execution(self) -> datetime | None:
        return self._executions[0].due_execution() if self._executions else None

    def run(self, world: World, now: datetime) -> bool:
        """Deliver and execute every command due by `now`; returns True when any was."""
        changed = False
        while self._deliveries and self._deliveries[0].due_delivery() <= now:
            command = self._deliveries.popleft()
            if command.status is cmd.CommandStatus.PENDING:
                command.status = cmd.CommandStatus.DELIVERED
                command.delivered_at = command.due_delivery()
                changed = True
        while self._executions and self._executions[0].due_execution() <= now:
            command = self._executions.popleft()
            if command.status is cmd.CommandStatus.DELIVERED:
                world._execute(command)
                changed = True
        return changed


def _with_derived(vehicle: Vehicle, patch: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Keep a patched state coherent the way the car would report it: a section that changes is
    reported now, a new SoC or fuel level brings its range along (unless both are given), and a
    new target temperature without zones applies to every zone."""
    out = dict(patch)
    state = vehicle.state
    for name, section_patch in patch.items():
        section = getattr(state, name, None)
        if isinstance(section_patch, dict) and hasattr(section, "updated_at"):
            out[name] = {"updated_at": now.isoformat(), **section_patch}
    battery_patch, battery = out.get("battery"), state.battery
    if isinstance(battery_patch, dict) and battery is not None:
        soc = battery_patch.get("soc_pct")
        if isinstance(soc, int | float) and "range_km" not in battery_patch:
            battery_patch["range_km"] = round(soc * physics.range_per_pct(vehicle), 1)
    out = with_zone_targets(out)
    fuel_patch, fuel = out.get("fuel"), state.fuel
    if isinstance(fuel_patch, dict) and fuel is not None and fuel.level_pct > 0:
        level = fuel_patch.get("level_pct")
        if isinstance(level, int | float) and "range_km" not in fuel_patch:
            fuel_patch["range_km"] = round(fuel.range_km * level / fuel.level_pct, 1)
            fuel_patch.setdefault(
                "remaining_l", round(fuel.remaining_l * level / fuel.level_pct, 1)
            )
    return out


def _require_key_capability(vehicle: Vehicle) -> None:
    if Capability.DIGITAL_KEY not in vehicle.capabilities:
        raise errors.NotCapable(vehicle.id, Capability.DIGITAL_KEY.value)


def _owner_name(vehicle: Vehicle) -> str:
    return f"{vehicle.name.en} owner"
