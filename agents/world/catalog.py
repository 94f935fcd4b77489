"""The catalog: every fixture, loaded and validated once, shared read-only by all sandboxes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from agents.errors import NotFound
from agents.fixtures import FixtureError, FixtureProblem, json_path, load_json_file
from agents.world.models import Vehicle
from agents.world.patch import merge_patch, with_zone_targets
from agents.world.scenarios import Scenario, WorldConfig

_VEHICLE = TypeAdapter(Vehicle)
_SCENARIO = TypeAdapter(Scenario)
_WORLD = TypeAdapter(WorldConfig)


class ScenarioNotFound(NotFound):
    def __init__(self, scenario_id: str, known: list[str]) -> None:
        super().__init__("scenario", scenario_id, known, code="SCENARIO_NOT_FOUND")


def shift_datetimes(value: Any, delta: timedelta) -> Any:
    """Move every datetime inside a dumped model by `delta`, keeping readings' ages."""
    if isinstance(value, datetime):
        return value + delta
    if isinstance(value, dict):
        return {k: shift_datetimes(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_datetimes(v, delta) for v in value]
    return value


@dataclass(frozen=True)
class FleetCatalog:
    config: WorldConfig
    vehicles: dict[str, Vehicle]
    scenarios: dict[str, Scenario]

    def scenario(self, scenario_id: str) -> Scenario:
        found = self.scenarios.get(scenario_id)
        if found is None:
            raise ScenarioNotFound(scenario_id, sorted(self.scenarios))
        return found

    def fresh_fleet(self, scenario_id: str | None) -> tuple[dict[str, Vehicle], datetime]:
        """New, private copies of the vehicles, staged for a scenario (or the base world)."""
        if scenario_id is None:
            fleet = {vid: v.model_copy(deep=True) for vid, v in self.vehicles.items()}
            return fleet, self.config.base_clock
        scenario = self.scenario(scenario_id)
        return stage(self.vehicles, scenario, self.config.base_clock), scenario.clock


def stage(base: dict[str, Vehicle], scenario: Scenario, base_clock: datetime) -> dict[str, Vehicle]:
    """Apply a scenario to the base fleet; raises pydantic's ValidationError if it doesn't fit."""
    delta = scenario.clock - base_clock
    fleet: dict[str, Vehicle] = {}
    for vid, vehicle in base.items():
        data = shift_datetimes(vehicle.model_dump(), delta)
        patch = scenario.vehicles.get(vid)
        if patch is not None:
            data["state"] = merge_patch(data["state"], with_zone_targets(patch))
        fleet[vid] = _VEHICLE.validate_python(data)
    return fleet


def load_fleet_catalog(fixtures_dir: Path) -> FleetCatalog:
    """Load world.json, vehicles/*.json and scenarios/*.json, reporting every problem at once."""
    problems: list[FixtureProblem] = []

    def attempt(path: Path, adapter: TypeAdapter[Any]) -> Any:
        try:
            return load_json_file(path, adapter)
        except FixtureError as exc:
            problems.extend(exc.problems)
            return None

    config = attempt(fixtures_dir / "world.json", _WORLD)
    vehicles: dict[str, Vehicle] = {}
    vehicle_files = sorted((fixtures_dir / "vehicles").glob("*.json"))
    if not vehicle_files:
        problems.append(FixtureProblem(str(fixtures_dir / "vehicles"), "$", "no vehicle files"))
    for path in vehicle_files:
        vehicle = attempt(path, _VEHICLE)
        if vehicle is None:
            continue
        if vehicle.id in vehicles:
            problems.append(FixtureProblem(str(path), "$.id", f"duplicate id '{vehicle.id}'"))
        vehicles[vehicle.id] = vehicle
    scenarios: dict[str, Scenario] = {}
    for path in sorted((fixtures_dir / "scenarios").glob("*.json")):
        scenario = attempt(path, _SCENARIO)
        if scenario is None:
            continue
        if scenario.id in scenarios:
            problems.append(FixtureProblem(str(path), "$.id", f"duplicate id '{scenario.id}'"))
        problems.extend(_check_scenario(path, scenario, vehicles, config))
        scenarios[scenario.id] = scenario
    if config is not None and config.default_scenario not in (None, *scenarios):
        problems.append(
            FixtureProblem(
                str(fixtures_dir / "world.json"),
                "$.default_scenario",
                f"unknown scenario '{config.default_scenario}'",
            )
        )
    if config is not None and config.default_vehicle not in (None, *vehicles):
        problems.append(
            FixtureProblem(
                str(fixtures_dir / "world.json"),
                "$.default_vehicle",
                f"unknown vehicle '{config.default_vehicle}'",
            )
        )
    if problems:
        raise FixtureError(problems)
    assert config is not None
    return FleetCatalog(config=config, vehicles=vehicles, scenarios=scenarios)


def _check_scenario(
    path: Path, scenario: Scenario, vehicles: dict[str, Vehicle], config: WorldConfig | None
) -> list[FixtureProblem]:
    """A scenario must name real vehicles and its patches must produce valid states."""
    problems = [
        FixtureProblem(str(path), f"$.vehicles.{vid}", f"unknown vehicle '{vid}'")
        for vid in scenario.vehicles
        if vid not in vehicles
    ]
    if scenario.focus_vehicle not in vehicles:
        problems.append(
            FixtureProblem(
                str(path), "$.focus_vehicle", f"unknown vehicle '{scenario.focus_vehicle}'"
            )
        )
    if problems or config is None:
        return problems
    delta = scenario.clock - config.base_clock
    for vid, patch in scenario.vehicles.items():
        data = shift_datetimes(vehicles[vid].model_dump(), delta)
        data["state"] = merge_patch(data["state"], with_zone_targets(patch))
        try:
            _VEHICLE.validate_python(data)
        except ValidationError as exc:
            for err in exc.errors():
                # Errors are located inside the vehicle; point at the scenario's patch instead.
                loc = tuple(err["loc"])
                inner = loc[1:] if loc[:1] == ("state",) else loc
                where = f"$.vehicles.{vid}" + json_path(inner)[1:]
                problems.append(FixtureProblem(str(path), where, err["msg"]))
    return problems
