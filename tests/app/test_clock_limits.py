"""Clock moves answer at once whatever their size, and every client-given time stays in range."""

from __future__ import annotations

import time
from collections.abc import Awaitable

import anyio
import httpx
import pytest

from tests.health import assert_healthy_fast, without_gc

pytestmark = pytest.mark.anyio

FAST_S = 0.1
RANGE = "2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z inclusive"


@pytest.fixture
async def client(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The shared client, after one request: FastAPI builds its routes on the first request of an
    app (about 0.2 s), which is start-up cost, not the cost of the request under test."""
    await client.get("/healthz")
    return client


async def timed(request: Awaitable[httpx.Response]) -> tuple[httpx.Response, float]:
    with without_gc():
        began = time.perf_counter()
        response = await request
        took = time.perf_counter() - began
    return response, took


async def make_everything_busy(client: httpx.AsyncClient) -> None:
    """A trip under way, a car charging, HVAC on, and commands in flight."""
    trip = await client.post(
        "/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "北京"}
    )
    assert trip.status_code == 200
    started = await client.post(f"/v1/trips/{trip.json()['trip_id']}/start")
    assert started.status_code == 200
    patch = {
        "battery": {"soc_pct": 30},
        "charging": {"status": "PLUGGED_IN", "plug_connected": True, "power_kw": 11},
    }
    await client.patch("/v1/sim/vehicles/i5-hangzhou/state", json=patch)
    for vehicle_id, command in (
        ("i5-hangzhou", {"type": "charge_start"}),
        ("i5-hangzhou", {"type": "climate_start", "target_temp_c": 18}),
        ("325li-beijing", {"type": "climate_start"}),
        ("x1-2012-nanjing", {"type": "flash_lights"}),
    ):
        sent = await client.post(f"/v1/vehicles/{vehicle_id}/commands", json=command)
        assert sent.status_code == 202, sent.text


async def test_a_year_ahead_answers_at_once_with_everything_settled(
    client: httpx.AsyncClient,
) -> None:
    await make_everything_busy(client)
    moved, took = await timed(
        client.post("/v1/sim/clock", json={"set": "2027-07-01T08:00:00+08:00"})
    )
    assert moved.json()["now"] == "2027-07-01T08:00:00+08:00"
    assert took < FAST_S
    await assert_healthy_fast(client)
    trips = (await client.get("/v1/trips")).json()
    assert [t["status"] for t in trips] == ["arrived"]
    charge = (await client.get("/v1/vehicles/i5-hangzhou/charge")).json()["data"]
    assert (charge["status"], charge["updated_at"]) == (
        "TARGET_REACHED",
        "2026-06-01T12:25:49.727273+08:00",  # 60 % of 81.2 kWh at 11 kW from 08:00:05
    )
    battery = (await client.get("/v1/vehicles/i5-hangzhou/battery")).json()["data"]
    assert battery["soc_pct"] == 90
    climate = (await client.get("/v1/vehicles/325li-beijing/climate")).json()["data"]
    assert climate["hvac_on"] is False
    commands = (await client.get("/v1/vehicles/i5-hangzhou/commands")).json()
    assert [c["status"] for c in commands] == ["executed", "executed"]


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T23:59:59Z",
        "9999-12-31T23:59:59-08:00",
        "0001-01-01T00:00:00+08:00",
        "1999-12-31T23:59:59Z",
        "2100-01-01T00:00:00.000001Z",
    ],
)
async def test_set_outside_the_range_is_a_fast_422(client: httpx.AsyncClient, moment: str) -> None:
    refused, took = await timed(client.post("/v1/sim/clock", json={"set": moment}))
    assert took < FAST_S
    body = refused.json()
    assert (refused.status_code, body["code"]) == (422, "CLOCK_OUT_OF_RANGE")
    assert refused.headers["content-type"] == "application/problem+json"
    assert body["message"] == {
        "zh": "模拟时钟只能在2000年到2100年之间，时钟未改变。",
        "en": "The sim clock only goes from 2000 to 2100; the clock did not change.",
    }
    assert RANGE in body["hint"]
    await assert_healthy_fast(client)
    clock = (await client.get("/v1/sim/clock")).json()
    assert clock["now"] == "2026-06-01T08:00:00+08:00"


async def test_the_range_ends_are_legal(client: httpx.AsyncClient) -> None:
    for moment, shown in (
        ("2000-01-01T08:00:00+08:00", "2000-01-01T08:00:00+08:00"),
        ("2100-01-01T00:00:00Z", "2100-01-01T00:00:00Z"),
    ):
        moved = await client.post("/v1/sim/clock", json={"set": moment})
        assert (moved.status_code, moved.json()["now"]) == (200, shown)


async def test_advance_beyond_the_max_is_422_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    await client.post("/v1/sim/clock", json={"set": "2099-12-31T23:00:00Z"})
    refused, took = await timed(client.post("/v1/sim/clock", json={"advance_s": 3601}))
    assert (refused.status_code, refused.json()["code"]) == (422, "CLOCK_OUT_OF_RANGE")
    assert took < FAST_S
    # set and advance are all or nothing: a legal set with an illegal advance sets nothing
    both = await client.post(
        "/v1/sim/clock", json={"set": "2099-12-31T12:00:00Z", "advance_s": 7 * 86400}
    )
    assert (both.status_code, both.json()["code"]) == (422, "CLOCK_OUT_OF_RANGE")
    assert (await client.get("/v1/sim/clock")).json()["now"] == "2099-12-31T23:00:00Z"
    last = await client.post("/v1/sim/clock", json={"advance_s": 3600})
    assert last.json()["now"] == "2100-01-01T00:00:00Z"


async def test_a_running_clock_stops_at_the_max(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"set": "2099-12-31T23:59:00Z"})
    await client.post("/v1/sim/clock", json={"run": True, "speed": 600})
    await anyio.sleep(0.2)  # 120 sim seconds at x600, past the end
    assert (await client.get("/v1/sim/clock")).json() == {
        "now": "2100-01-01T00:00:00Z",
        "running": False,
        "speed": 600.0,
    }


@pytest.mark.parametrize("departure_at", ["9999-12-31T23:59:59+08:00", "0001-01-01T00:00:00Z"])
async def test_a_plan_departing_outside_the_range_is_422_not_500(
    client: httpx.AsyncClient, departure_at: str
) -> None:
    refused, took = await timed(
        client.post(
            "/v1/trips/plan",
            json={
                "vehicle_id": "ix3-shanghai",
                "destination": "杭州",
                "departure_at": departure_at,
            },
        )
    )
    assert took < FAST_S
    body = refused.json()
    assert (refused.status_code, body["code"]) == (422, "VALIDATION_ERROR")
    assert body["errors"][0]["loc"] == ["body", "departure_at"]
    assert body["errors"][0]["type"] == "sim_time_out_of_range"
    assert RANGE in body["errors"][0]["msg"]
    await assert_healthy_fast(client)
    assert (await client.get("/v1/trips")).json() == []


async def test_key_window_outside_the_range_is_422(client: httpx.AsyncClient) -> None:
    refused = await client.post(
        "/v1/vehicles/ix3-shanghai/keys",
        json={
            "holder_name": "李娜",
            "valid_from": "2026-06-01T09:00:00+08:00",
            "valid_until": "9999-12-31T23:59:59+08:00",
        },
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "VALIDATION_ERROR")
    assert refused.json()["errors"][0]["loc"] == ["body", "valid_until"]
    keys = (await client.get("/v1/vehicles/ix3-shanghai/keys")).json()
    assert [k["role"] for k in keys] == ["owner"]


async def test_dining_open_at_outside_the_range_is_422(client: httpx.AsyncClient) -> None:
    refused = await client.get(
        "/v1/dining/search",
        params={"lat": 31.2, "lon": 121.4, "open_at": "0001-01-01T00:00:00Z"},
    )
    assert (refused.status_code, refused.json()["code"]) == (422, "VALIDATION_ERROR")
    assert refused.json()["errors"][0]["type"] == "sim_time_out_of_range"


async def test_the_range_is_documented_on_the_clock_command(client: httpx.AsyncClient) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    command = schemas["ClockCommand"]
    assert "2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z" in command["description"]
    assert RANGE in command["properties"]["set"]["description"]
