"""Every fixture file validates against its model, and the fleet is internally consistent."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from agents.car_genius.warning_lights import load_warning_lights
from agents.fixtures import FixtureError, load_json_file
from agents.world.catalog import load_fleet_catalog
from agents.world.models import Capability, Powertrain, Vehicle
from agents.world.scenarios import Scenario

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
VEHICLE_FILES = sorted((FIXTURES / "vehicles").glob("*.json"))
SCENARIO_FILES = sorted((FIXTURES / "scenarios").glob("*.json"))
LIGHTS_FILE = FIXTURES / "warning_lights.json"


@pytest.mark.parametrize("path", VEHICLE_FILES, ids=lambda p: p.stem)
def test_vehicle_fixture_validates_and_is_named_after_its_id(path: Path) -> None:
    vehicle = load_json_file(path, TypeAdapter(Vehicle))
    assert vehicle.id == path.stem


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.stem)
def test_scenario_fixture_validates_and_is_named_after_its_id(path: Path) -> None:
    scenario = load_json_file(path, TypeAdapter(Scenario))
    assert scenario.id == path.stem


def test_fixture_counts() -> None:
    assert len(VEHICLE_FILES) >= 5
    assert len(SCENARIO_FILES) >= 9
    assert len(load_warning_lights(LIGHTS_FILE)) >= 24


def test_every_scenario_stages_onto_the_fleet() -> None:
    catalog = load_fleet_catalog(FIXTURES)
    for scenario_id, scenario in catalog.scenarios.items():
        fleet, clock = catalog.fresh_fleet(scenario_id)
        assert clock == scenario.clock
        assert scenario.focus_vehicle in fleet


def test_every_active_light_is_in_the_knowledge_base() -> None:
    lights = load_warning_lights(LIGHTS_FILE)
    catalog = load_fleet_catalog(FIXTURES)
    worlds = [None, *catalog.scenarios]
    seen: set[str] = set()
    for scenario_id in worlds:
        fleet, _ = catalog.fresh_fleet(scenario_id)
        for vehicle in fleet.values():
            for message in vehicle.state.check_control:
                assert message.light_id in lights, (scenario_id, vehicle.id, message.light_id)
                seen.add(message.light_id)
    assert {"engine-check", "brake-system", "tire-pressure"} <= seen


def test_fleet_covers_every_powertrain_with_unique_identities() -> None:
    fleet = load_fleet_catalog(FIXTURES).vehicles.values()
    assert {v.spec.powertrain for v in fleet} == set(Powertrain)
    assert len({v.vin for v in fleet}) == len(fleet)
    assert len({v.plate for v in fleet}) == len(fleet)


def test_energy_sections_match_the_powertrain() -> None:
    for vehicle in load_fleet_catalog(FIXTURES).vehicles.values():
        state, spec = vehicle.state, vehicle.spec
        electric = spec.powertrain in (Powertrain.ELECTRIC, Powertrain.HYBRID)
        burns_fuel = spec.powertrain in (Powertrain.COMBUSTION, Powertrain.HYBRID)
        assert (state.battery is not None) == electric, vehicle.id
        assert (state.charging is not None) == electric, vehicle.id
        assert (spec.battery_net_kwh is not None) == electric, vehicle.id
        assert (state.fuel is not None) == burns_fuel, vehicle.id
        assert (spec.tank_l is not None) == burns_fuel, vehicle.id
        if state.fuel is not None and spec.tank_l is not None:
            # The litres left agree with the percentage, to within rounding.
            assert abs(state.fuel.remaining_l - spec.tank_l * state.fuel.level_pct / 100) < 0.5


def test_reported_sections_match_capabilities() -> None:
    for vehicle in load_fleet_catalog(FIXTURES).vehicles.values():
        caps, state = set(vehicle.capabilities), vehicle.state
        assert (state.tires is not None) == (Capability.TIRE_PRESSURE in caps), vehicle.id
        assert (state.climate is not None) == (Capability.CLIMATE_STATE in caps), vehicle.id
        windows = state.security.windows_open_pct is not None
        assert windows == (Capability.WINDOW_STATE in caps), vehicle.id
        assert (state.location is not None) == (Capability.LOCATION in caps), vehicle.id
        if Capability.REMOTE_CHARGING in caps:
            assert state.charging is not None, vehicle.id


def test_base_readings_are_a_little_older_than_the_base_clock() -> None:
    catalog = load_fleet_catalog(FIXTURES)
    base = catalog.config.base_clock
    for vehicle in catalog.vehicles.values():
        state = vehicle.state
        stamps = [state.motion.updated_at, state.security.updated_at, state.last_seen_at]
        for section in (state.battery, state.fuel, state.charging, state.tires):
            if section is not None:
                stamps.append(section.updated_at)
        for other in (state.climate, state.location):
            if other is not None:
                stamps.append(other.updated_at)
        for stamp in stamps:
            assert base - timedelta(hours=1) < stamp < base, (vehicle.id, stamp)


def test_broken_vehicle_file_names_file_path_and_reason(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "vehicles" / "ix3-shanghai.json").read_text("utf-8"))
    data["state"]["battery"]["soc_pct"] = 140
    data["state"]["tires"]["rear_left"]["psi"] = 36
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), "utf-8")

    with pytest.raises(FixtureError) as caught:
        load_json_file(broken, TypeAdapter(Vehicle))

    found = {(p.file, p.json_path, p.reason) for p in caught.value.problems}
    assert found == {
        (str(broken), "$.state.battery.soc_pct", "Input should be less than or equal to 100"),
        (str(broken), "$.state.tires.rear_left.psi", "Extra inputs are not permitted"),
    }
    assert f"{broken}: $.state.battery.soc_pct: " in str(caught.value)


def test_unparseable_file_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "scenario.json"
    broken.write_text('{"id": "x",\n  "title": }', "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_json_file(broken, TypeAdapter(Scenario))
    [problem] = caught.value.problems
    assert (problem.file, problem.json_path) == (str(broken), "$")
    assert problem.reason.startswith("invalid JSON at line 2 column 12")


def test_duplicate_warning_light_id_is_a_fixture_error(tmp_path: Path) -> None:
    lights = json.loads(LIGHTS_FILE.read_text("utf-8"))
    broken = tmp_path / "warning_lights.json"
    broken.write_text(json.dumps([lights[0], lights[1], lights[0]]), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_warning_lights(broken)
    [problem] = caught.value.problems
    assert (problem.json_path, problem.reason) == ("$[2].id", f"duplicate id '{lights[0]['id']}'")


def test_bad_warning_light_value_names_its_position(tmp_path: Path) -> None:
    lights = json.loads(LIGHTS_FILE.read_text("utf-8"))
    lights[3]["color"] = "purple"
    broken = tmp_path / "warning_lights.json"
    broken.write_text(json.dumps(lights), "utf-8")
    with pytest.raises(FixtureError) as caught:
        load_warning_lights(broken)
    [problem] = caught.value.problems
    assert problem.json_path == "$[3].color"
    assert problem.reason.startswith("Input should be 'red', 'yellow'")
