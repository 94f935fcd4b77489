"""The cabin over HTTP: in-car controls, their state, VSS paths and refusals; the remote
lifecycle for the same types; the `control_cabin` tool."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agents.catalog import Catalog
from agents.conversation.cabin_tools import CabinDone
from agents.conversation.tools import ToolContext, run_tool

pytestmark = pytest.mark.anyio

X5 = "/v1/vehicles/x5-phev-suzhou"
IX3 = "/v1/vehicles/ix3-shanghai"
X1 = "/v1/vehicles/x1-2012-nanjing"


async def signal(client: httpx.AsyncClient, car: str, path: str) -> Any:
    r = await client.get(f"{car}/signals", params={"paths": path})
    assert r.status_code == 200, r.text
    got = r.json()
    assert [s["path"] for s in got] == [path]
    return got[0]["value"]


SEAT, LIGHT, HVAC = "Vehicle.Cabin.Seat.", "Vehicle.Cabin.Light.", "Vehicle.Cabin.HVAC."
PASSENGER_WINDOW = "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position"


@pytest.mark.parametrize(
    ("command", "state", "vss", "value"),
    [
        ({"type": "window", "window": "passenger", "position_pct": 30},
         "security.windows_open_pct.front_right", PASSENGER_WINDOW, 30),
        ({"type": "sunroof", "position_pct": 40},
         "cabin.sunroof.position_pct", "Vehicle.Cabin.Sunroof.Position", 40),
        ({"type": "sunroof_shade", "position_pct": 100},
         "cabin.sunroof.shade_position_pct", "Vehicle.Cabin.Sunroof.Shade.Position", 100),
        ({"type": "trunk", "open": True},
         "security.trunk_open", "Vehicle.Body.Trunk.Rear.IsOpen", True),
        ({"type": "seat_heating", "seat": "driver", "level": 2},
         "cabin.seats.driver.heating_level", SEAT + "Row1.DriverSide.Heating", 67),
        ({"type": "seat_heating", "seat": "driver", "level": 3},
         "cabin.seats.driver.heating_level", SEAT + "Row1.DriverSide.HeatingCooling", 100),
        ({"type": "seat_ventilation", "seat": "passenger", "level": 1},
         "cabin.seats.passenger.ventilation_level", SEAT + "Row1.PassengerSide.Ventilation", 33),
        ({"type": "seat_ventilation", "seat": "passenger", "level": 3},
         "cabin.seats.passenger.ventilation_level", SEAT + "Row1.PassengerSide.HeatingCooling",
         -100),
        ({"type": "steering_wheel_heating", "on": True},
         "cabin.steering_wheel_heating", "Vehicle.Chassis.SteeringWheel.HeatingCooling", 100),
        ({"type": "defrost", "zone": "front", "on": True},
         "cabin.defrost.front", HVAC + "IsFrontDefrosterActive", True),
        ({"type": "defrost", "zone": "rear", "on": True},
         "cabin.defrost.rear", HVAC + "IsRearDefrosterActive", True),
        ({"type": "ambient_light", "on": True, "colour": "blue"},
         "cabin.ambient_light.on", LIGHT + "AmbientLight.Row1.DriverSide.Color", "0040FF"),
        ({"type": "ambient_light", "on": True, "brightness_pct": 90},
         "cabin.ambient_light.brightness_pct", LIGHT + "AmbientLight.Row2.PassengerSide.Intensity",
         90),
        ({"type": "reading_light", "seat": "driver", "on": True},
         "cabin.seats.driver.reading_light_on", LIGHT + "Spotlight.Row1.DriverSide.IsLightOn",
         True),
        ({"type": "child_lock", "on": True},
         "cabin.child_lock", "Vehicle.Cabin.Door.Row2.DriverSide.IsChildLockActive", True),
        ({"type": "set_temperature", "target_temp_c": 25, "zone": "passenger"},
         "climate.zones.passenger", HVAC + "Station.Row1.Passenger.Temperature", 25),
    ],
)  # fmt: skip
async def test_each_control_in_the_car(
    client: httpx.AsyncClient,
    command: dict[str, Any],
    state: str,
    vss: str,
    value: Any,
) -> None:
    r = await client.post(f"{X5}/cabin", json={"command": command, "seat": "driver"})
    assert r.status_code == 200, r.text
    done = r.json()
    assert (done["status"], done["origin"], done["seat"]) == ("executed", "in_car", "driver")
    assert done["request"]["type"] == command["type"]
    assert done["finished_at"] == "2026-06-01T08:00:00+08:00"
    snapshot = (await client.get(X5)).json()
    found: Any = snapshot["state"]
    for key in state.split("."):
        found = found[key]
    assert found not in (None, 0, False)
    assert await signal(client, X5, vss) == value


async def test_remote_send_of_a_cabin_command_walks_the_lifecycle(
    client: httpx.AsyncClient,
) -> None:
    body = {"type": "seat_heating", "seat": "passenger", "level": 3}
    r = await client.post(f"{IX3}/commands", json=body)
    assert r.status_code == 202
    assert r.json()["status"] == "pending"
    path = "Vehicle.Cabin.Seat.Row1.PassengerSide.Heating"
    assert await signal(client, IX3, path) == 0
    await client.post("/v1/sim/clock", json={"advance_s": 5})
    got = (await client.get(f"{IX3}/commands/{r.json()['command_id']}")).json()
    assert (got["status"], got["origin"], got["seat"]) == ("executed", "remote", None)
    assert await signal(client, IX3, path) == 100


@pytest.mark.parametrize(
    ("car", "patch", "command", "status", "code"),
    [
        (IX3, {"motion": {"speed_kmh": 40}}, {"type": "trunk", "open": True}, 409, "IN_MOTION"),
        (X5, {"motion": {"speed_kmh": 125}},
         {"type": "window", "window": "driver", "position_pct": 100}, 409, "SPEED_TOO_HIGH"),
        (X5, {"motion": {"speed_kmh": 125}}, {"type": "sunroof", "position_pct": 20},
         409, "SPEED_TOO_HIGH"),
        (IX3, {}, {"type": "seat_heating", "seat": "rear_right", "level": 1}, 409, "SEAT_EMPTY"),
        (IX3, {}, {"type": "sunroof", "position_pct": 20}, 501, "NOT_CAPABLE"),
        (X1, {}, {"type": "defrost", "zone": "rear", "on": True}, 501, "NOT_CAPABLE"),
        (IX3, {"power_state": "asleep"}, {"type": "child_lock", "on": True}, 408, "VEHICLE_ASLEEP"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("route", ["cabin", "commands"])
async def test_refusals_in_the_car_and_from_the_phone(
    client: httpx.AsyncClient,
    car: str,
    patch: dict[str, Any],
    command: dict[str, Any],
    status: int,
    code: str,
    route: str,
) -> None:
    if patch:
        r = await client.patch(f"/v1/sim/vehicles/{car.rsplit('/', 1)[1]}/state", json=patch)
        assert r.status_code == 200
    before = (await client.get(f"{car}/signals")).json()
    body = {"command": command} if route == "cabin" else command
    r = await client.post(f"{car}/{route}", json=body)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == code
    assert r.json()["message"]["zh"]
    assert r.json()["message"]["en"]
    assert (await client.get(f"{car}/commands")).json() == []
    assert (await client.get(f"{car}/signals")).json() == before


@pytest.mark.parametrize(
    "body",
    [
        {"command": {"type": "seat_heating", "seat": "driver", "level": 7}},
        {"command": {"type": "seat_heating", "seat": "driver", "level": -1}},
        {"command": {"type": "seat_heating", "seat": "trunk", "level": 1}},
        {"command": {"type": "window", "window": "driver", "position_pct": -1}},
        {"command": {"type": "window", "window": "driver", "position_pct": 1e308}},
        {"command": {"type": "window", "window": "driver", "position_pct": True}},
        {"command": {"type": "sunroof"}},
        {"command": {"type": "ambient_light", "on": True, "colour": "#00ff00"}},
        {"command": {"type": "levitate"}},
        {"command": {"type": "child_lock", "on": True}, "seat": "roof"},
        {"command": {"type": "child_lock", "on": True}, "extra": 1},
        {"seat": "driver"},
        {},
    ],
)
async def test_bad_bodies_are_422_and_change_nothing(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    r = await client.post(f"{X5}/cabin", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "VALIDATION_ERROR"
    assert (await client.get(f"{X5}/commands")).json() == []


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b'{"command": {"type": "window", "window": "driver", "position_pct": NaN}}',
         422, "VALIDATION_ERROR"),
        (b'{"command": {"type": "sunroof", "position_pct": 1' + b"0" * 4000 + b"}}",
         422, "VALIDATION_ERROR"),
        # Past Python's int digit limit the JSON parser itself gives up.
        (b'{"command": {"type": "sunroof", "position_pct": 1' + b"0" * 5000 + b"}}",
         400, "MALFORMED_JSON"),
    ],
)  # fmt: skip
async def test_nan_and_huge_numbers(
    client: httpx.AsyncClient, raw: bytes, status: int, code: str
) -> None:
    r = await client.post(f"{X5}/cabin", content=raw, headers={"content-type": "application/json"})
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    assert r.headers["content-type"] == "application/problem+json"


async def test_unknown_car_and_other_sandbox(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/vehicles/nope/cabin", json={"command": {"type": "honk"}})
    assert r.status_code == 404
    assert r.json()["code"] == "VEHICLE_NOT_FOUND"
    mine = {"X-Sandbox": "cabin-a"}
    body = {"command": {"type": "child_lock", "on": True}}
    assert (await client.post(f"{X5}/cabin", json=body, headers=mine)).status_code == 200
    path = "Vehicle.Cabin.Door.Row2.PassengerSide.IsChildLockActive"
    assert await signal(client, X5, path) is False  # the default sandbox is untouched
    other = (await client.get(f"{X5}/commands", headers={"X-Sandbox": "cabin-b"})).json()
    assert other == []


async def test_snapshot_shows_cabin_occupants_and_ux_restriction(client: httpx.AsyncClient) -> None:
    snap = (await client.get(IX3)).json()
    assert snap["ux_restriction"] == "parked"
    seats = snap["state"]["cabin"]["seats"]
    assert seats["driver"] == {
        "occupied": True, "occupant": "王磊", "heating_level": 0, "ventilation_level": 0,
        "reading_light_on": False,
    }  # fmt: skip
    assert seats["rear_left"]["occupied"] is False
    assert snap["state"]["climate"]["zones"] == {"driver": 22.0, "passenger": 22.0, "rear": 22.0}
    assert await signal(client, IX3, "Vehicle.Cabin.Seat.Row1.DriverSide.IsOccupied") is True
    await client.post("/v1/sim/scenario", json={"scenario": "morning-commute"})
    snap = (await client.get(IX3)).json()
    assert snap["ux_restriction"] == "moving"
    assert snap["state"]["cabin"]["seats"]["passenger"]["occupant"] == "李娜"


async def test_patch_and_export_carry_the_cabin(client: httpx.AsyncClient) -> None:
    patch = {"cabin": {"seats": {"rear_left": {"occupied": True, "occupant": "小明"}}}}
    assert (
        await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    ).status_code == 200
    body = {
        "command": {"type": "seat_heating", "seat": "rear_left", "level": 1},
        "seat": "rear_left",
    }
    assert (await client.post(f"{IX3}/cabin", json=body)).status_code == 200
    doc = (await client.get("/v1/sim/sandboxes/default/export")).json()
    saved = doc["world"]["vehicles"]["ix3-shanghai"]["cabin"]["seats"]["rear_left"]
    assert (saved["occupant"], saved["heating_level"]) == ("小明", 1)
    r = await client.put("/v1/sim/sandboxes/copy/import", json=doc, headers={"X-Sandbox": "copy"})
    assert r.status_code == 200, r.text
    path = "Vehicle.Cabin.Seat.Row2.DriverSide.Heating"
    got = await client.get(f"{IX3}/signals", params={"paths": path}, headers={"X-Sandbox": "copy"})
    assert got.json()[0]["value"] == 33
    bad = {"cabin": {"seats": {"driver": {"heating_level": 4}}}}
    r = await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=bad)
    assert r.status_code == 422


def test_control_cabin_tool(catalog: Catalog) -> None:
    sandbox = catalog.new_sandbox(None)
    ctx = ToolContext(sandbox, catalog, "ix3-shanghai", None, "zh")
    args = {
        "command": {"type": "seat_heating", "seat": "passenger", "level": 2},
        "seat": "passenger",
    }
    done = run_tool(ctx, "control_cabin", args)
    assert done.error is None
    assert isinstance(done.result, CabinDone)
    assert (done.result.status, done.result.seat, done.result.already) == (
        "executed",
        "passenger",
        False,
    )
    assert done.result.speech.model_dump() == {
        "zh": "好的，已打开座椅加热（副驾，2档）。",
        "en": "Done: passenger seat heating to level 2.",
    }
    assert sandbox.world.vehicle("ix3-shanghai").state.cabin.seats.passenger.heating_level == 2
    again = run_tool(ctx, "control_cabin", args)
    assert isinstance(again.result, CabinDone)
    assert again.result.already is True
    assert again.result.speech.en == "It's already done: passenger seat heating to level 2."
    refused = run_tool(ctx, "control_cabin", {"command": {"type": "sunroof", "position_pct": 50}})
    assert refused.result is None
    assert refused.error is not None
    assert refused.error.code == "NOT_CAPABLE"
    bad = run_tool(
        ctx, "control_cabin", {"command": {"type": "seat_heating", "seat": "x", "level": 9}}
    )
    assert bad.error is not None
    assert bad.error.code == "VALIDATION_ERROR"
