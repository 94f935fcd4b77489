from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio
FLEET = ["325li-beijing", "i5-hangzhou", "ix3-shanghai", "x1-2012-nanjing", "x5-phev-suzhou"]


async def test_list_covers_every_powertrain(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles")
    assert r.status_code == 200
    body = r.json()
    assert sorted(v["id"] for v in body) == FLEET
    assert {v["powertrain"] for v in body} == {"ELECTRIC", "HYBRID", "COMBUSTION"}


async def test_snapshot_carries_age_and_etag(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles/ix3-shanghai")
    assert r.status_code == 200
    body = r.json()
    assert body["as_of"] == "2026-06-01T08:00:00+08:00"
    assert body["state"]["last_seen_at"] == "2026-06-01T07:58:42+08:00"
    assert body["age_s"] == 78.0
    assert body["state"]["battery"]["soc_pct"] == 80.0
    etag = r.headers["etag"]
    again = await client.get("/v1/vehicles/ix3-shanghai", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


async def test_etag_changes_when_state_changes(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v1/vehicles/ix3-shanghai")).headers["etag"]
    await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": 40}})
    r = await client.get("/v1/vehicles/ix3-shanghai", headers={"If-None-Match": first})
    assert r.status_code == 200
    assert r.headers["etag"] != first
    assert r.json()["state"]["battery"] == {
        "soc_pct": 40.0,
        "range_km": 248.5,  # the fixture's 497 km at 80 % scaled to 40 %
        "updated_at": "2026-06-01T08:00:00+08:00",
    }


async def test_ages_grow_with_the_clock(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"advance_s": 600})
    r = await client.get("/v1/vehicles/ix3-shanghai/battery")
    assert r.json()["age_s"] == 678.0
    assert r.json()["as_of"] == "2026-06-01T08:10:00+08:00"


@pytest.mark.parametrize(
    ("path", "key", "value"),
    [
        ("battery", "soc_pct", 80.0),
        ("charge", "status", "TARGET_REACHED"),
        ("tires", "rear_left", {"pressure_kpa": 251.0, "target_kpa": 250.0}),
        ("security", "locked", True),
        ("climate", "outside_temp_c", 23.5),
        ("location", "heading_deg", 184.0),
        ("odometer", "odometer_km", 8642.3),
        ("service", "software_version", "26-03-520"),
    ],
)
async def test_focused_reads(client: httpx.AsyncClient, path: str, key: str, value: object) -> None:
    r = await client.get(f"/v1/vehicles/ix3-shanghai/{path}")
    assert r.status_code == 200
    body = r.json()
    assert body["vehicle_id"] == "ix3-shanghai"
    assert body["data"][key] == value
    assert body["updated_at"] is not None
    assert body["age_s"] >= 0


async def test_fuel_car_has_no_battery(client: httpx.AsyncClient) -> None:
    fuel = await client.get("/v1/vehicles/325li-beijing/fuel")
    assert fuel.status_code == 200
    battery = await client.get("/v1/vehicles/325li-beijing/battery")
    assert battery.status_code == 501
    assert battery.headers["content-type"] == "application/problem+json"
    assert battery.json()["code"] == "NOT_CAPABLE"


async def test_old_car_reports_little(client: httpx.AsyncClient) -> None:
    for path in ("tires", "climate"):
        r = await client.get(f"/v1/vehicles/x1-2012-nanjing/{path}")
        assert (r.status_code, r.json()["code"]) == (501, "NOT_CAPABLE")


async def test_unknown_vehicle_names_the_known_ones(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles/ix9/battery")
    assert r.status_code == 404
    body = r.json()
    assert body["code"] == "VEHICLE_NOT_FOUND"
    assert body["known"] == FLEET
    assert "ix3-shanghai" in body["hint"]
    assert body["message"] == {"zh": "找不到车辆「ix9」", "en": "No vehicle 'ix9'"}


async def test_asleep_car_answers_408_until_woken(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "car-asleep"})
    r = await client.get("/v1/vehicles/i5-hangzhou")
    assert (r.status_code, r.json()["code"]) == (408, "VEHICLE_ASLEEP")
    assert r.json()["resolution"] == "WAKE_VEHICLE"
    listed = {v["id"]: v["power_state"] for v in (await client.get("/v1/vehicles")).json()}
    assert listed["i5-hangzhou"] == "asleep"
    refused = await client.post("/v1/vehicles/i5-hangzhou/commands", json={"type": "lock"})
    assert refused.json()["code"] == "VEHICLE_ASLEEP"
    wake = await client.post("/v1/vehicles/i5-hangzhou/commands", json={"type": "wake"})
    assert wake.status_code == 202
    await client.post("/v1/sim/clock", json={"advance_s": 10})
    assert (await client.get("/v1/vehicles/i5-hangzhou")).status_code == 200


async def test_signals_map_to_vss(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles/ix3-shanghai/signals")
    signals = {s["path"]: s for s in r.json()}
    assert len(signals) >= 25
    assert signals["Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"]["value"] == 80.0
    assert signals["Vehicle.Powertrain.TractionBattery.Range"] == {
        "path": "Vehicle.Powertrain.TractionBattery.Range",
        "value": 497000,
        "unit": "m",
        "timestamp": "2026-06-01T07:58:42+08:00",
    }
    assert signals["Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure"]["value"] == 251.0
    assert signals["Vehicle.TraveledDistance"]["value"] == 8642300


async def test_signals_by_branch_and_unknown_path(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/v1/vehicles/ix3-shanghai/signals",
        params={"paths": "Vehicle.Speed,Vehicle.CurrentLocation.*"},
    )
    assert [s["path"] for s in r.json()] == [
        "Vehicle.Speed",
        "Vehicle.CurrentLocation.Heading",
        "Vehicle.CurrentLocation.Latitude",
        "Vehicle.CurrentLocation.Longitude",
    ]
    bad = await client.get("/v1/vehicles/ix3-shanghai/signals", params={"paths": "Vehicle.Wings"})
    assert (bad.status_code, bad.json()["code"]) == (422, "VALIDATION_ERROR")
