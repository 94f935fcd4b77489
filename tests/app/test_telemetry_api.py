from __future__ import annotations

import json
from typing import Any

import anyio
import httpx
import pytest
from fastapi import FastAPI

from app.shutdown import shutdown_signal

pytestmark = pytest.mark.anyio


def frames(body: str) -> list[dict[str, Any]]:
    """Parse an SSE body into the data of its `telemetry` events."""
    out = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") == "telemetry":
            out.append(json.loads(lines["data"]))
    return out


async def test_frames_follow_a_running_clock(client: httpx.AsyncClient) -> None:
    trip = (
        await client.post(
            "/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "苏州"}
        )
    ).json()
    await client.post(f"/v1/trips/{trip['trip_id']}/start")
    await client.post("/v1/sim/clock", json={"run": True, "speed": 600})
    r = await client.get(
        "/v1/vehicles/ix3-shanghai/telemetry", params={"interval_ms": 50, "max_frames": 3}
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    got = frames(r.text)
    assert [f["seq"] for f in got] == [1, 2, 3]
    assert got[0]["trip_id"] == trip["trip_id"]
    odometers = [f["odometer_km"] for f in got]
    assert odometers == sorted(odometers)
    assert odometers[-1] > odometers[0]  # >= 100 ms at x600: the car covered ground


async def test_frames_count_down_the_time_left_to_zero_at_arrival(
    client: httpx.AsyncClient,
) -> None:
    plan = await client.post(
        "/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "苏州"}
    )
    trip = plan.json()
    await client.post(f"/v1/trips/{trip['trip_id']}/start")
    url = "/v1/vehicles/ix3-shanghai/telemetry"
    await client.post("/v1/sim/clock", json={"advance_s": 600})
    (under_way,) = frames((await client.get(url, params={"max_frames": 1})).text)
    snapshot = (await client.get("/v1/vehicles/ix3-shanghai")).json()["state"]["navigation"]
    assert under_way["time_remaining_s"] == snapshot["time_remaining_s"]
    assert 0 < under_way["time_remaining_s"] < trip["plan"]["total_time_s"]
    await client.post("/v1/sim/clock", json={"advance_s": trip["plan"]["total_time_s"]})
    (arrived,) = frames((await client.get(url, params={"max_frames": 1})).text)
    assert (arrived["distance_remaining_km"], arrived["time_remaining_s"]) == (0, 0)


async def test_frozen_clock_sends_one_frame_per_change(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/v1/vehicles/325li-beijing/telemetry", params={"interval_ms": 50, "max_frames": 1}
    )
    (only,) = frames(r.text)
    assert (only["vehicle_id"], only["soc_pct"], only["fuel_pct"]) == ("325li-beijing", None, 48.0)


async def test_unknown_vehicle_is_a_problem_not_a_stream(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles/ix9/telemetry")
    assert (r.status_code, r.json()["code"]) == (404, "VEHICLE_NOT_FOUND")


async def test_shutdown_ends_an_endless_stream(app: FastAPI, client: httpx.AsyncClient) -> None:
    """No `max_frames`, a frozen clock, a minute between checks: only shutdown ends it."""
    got: list[httpx.Response] = []

    async def watch() -> None:
        url = "/v1/vehicles/ix3-shanghai/telemetry"
        got.append(await client.get(url, params={"interval_ms": 60_000}))

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(watch)
            await anyio.sleep(0.2)
            assert got == []
            shutdown_signal(app).set()
    assert got[0].status_code == 200
    assert [f["seq"] for f in frames(got[0].text)] == [1]
    # A stream that starts while the server is stopping sends its frame and ends.
    with anyio.fail_after(5):
        late = await client.get("/v1/vehicles/ix3-shanghai/telemetry")
    assert len(frames(late.text)) == 1
