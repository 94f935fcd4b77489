"""`POST /v1/sim/settle` finishes open commands exactly; `POST /v1/sim/reset` goes to the scenario's
start or to the baseline a brand-new sandbox has."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

CAR = "/v1/vehicles/ix3-shanghai"
BASE_CLOCK = "2026-06-01T08:00:00+08:00"
FAULT = {"path_prefix": "", "method": None, "fault": None, "latency_ms": 0, "remaining": None}


async def _send(client: httpx.AsyncClient, command: dict[str, Any]) -> str:
    r = await client.post(f"{CAR}/commands", json=command)
    assert r.status_code == 202, r.text
    return str(r.json()["command_id"])


async def test_settle_executes_a_command_at_its_exact_due_time(client: httpx.AsyncClient) -> None:
    command_id = await _send(client, {"type": "flash_lights"})  # sent at 08:00:00
    r = await client.post("/v1/sim/settle")
    assert r.status_code == 200
    assert r.json() == {"now": "2026-06-01T08:00:05+08:00", "settled": [command_id]}
    command = (await client.get(f"{CAR}/commands/{command_id}")).json()
    assert (command["status"], command["finished_at"]) == ("executed", r.json()["now"])
    clock = (await client.get("/v1/sim/clock")).json()
    assert clock == {"now": "2026-06-01T08:00:05+08:00", "running": False, "speed": 1.0}


async def test_settle_goes_to_the_latest_due_command_and_reports_failures(
    client: httpx.AsyncClient,
) -> None:
    lock = await _send(client, {"type": "lock"})
    # The door opens before the lock executes: the car refuses it then.
    patch = {"security": {"doors_open": {"front_left": True}}}
    await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    await client.post("/v1/sim/clock", json={"advance_s": 3})
    wake = await _send(client, {"type": "wake"})  # sent at 08:00:03, executes 10 s later
    r = await client.post("/v1/sim/settle")
    assert r.json() == {"now": "2026-06-01T08:00:13+08:00", "settled": [lock, wake]}
    statuses = {c["command_id"]: c["status"] for c in (await client.get(f"{CAR}/commands")).json()}
    assert statuses == {lock: "failed", wake: "executed"}


async def test_settle_with_nothing_open_leaves_the_clock(client: httpx.AsyncClient) -> None:
    done = await _send(client, {"type": "honk"})
    await client.post("/v1/sim/clock", json={"advance_s": 60})
    r = await client.post("/v1/sim/settle")
    assert r.json() == {"now": "2026-06-01T08:01:00+08:00", "settled": []}
    again = await client.post("/v1/sim/settle")
    assert again.json() == {"now": "2026-06-01T08:01:00+08:00", "settled": []}
    assert (await client.get(f"{CAR}/commands/{done}")).json()["status"] == "executed"


async def test_settle_keeps_a_running_clock_running(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"run": True, "speed": 1})
    command_id = await _send(client, {"type": "honk"})
    r = await client.post("/v1/sim/settle")
    assert r.json()["settled"] == [command_id]
    clock = (await client.get("/v1/sim/clock")).json()
    assert (clock["running"], clock["speed"]) == (True, 1.0)
    assert clock["now"] >= "2026-06-01T08:00:05"


async def test_settle_past_the_clock_range_changes_nothing(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"set": "2100-01-01T00:00:00+00:00"})
    command_id = await _send(client, {"type": "honk"})
    r = await client.post("/v1/sim/settle")
    assert (r.status_code, r.json()["code"]) == (422, "CLOCK_OUT_OF_RANGE")
    assert (await client.get(f"{CAR}/commands/{command_id}")).json()["status"] == "pending"
    assert (await client.get("/v1/sim/clock")).json()["now"] == "2100-01-01T00:00:00Z"


async def _state(client: httpx.AsyncClient) -> dict[str, Any]:
    return {
        "scenario": (await client.get("/v1/sim/scenario")).json(),
        "vehicle": (await client.get(CAR)).json(),
        "profiles": (await client.get("/v1/profiles")).json(),
        "faults": (await client.get("/v1/sim/faults")).json(),
        "trips": (await client.get("/v1/trips")).json(),
    }


async def _dirty(client: httpx.AsyncClient, scenario: str) -> None:
    """A scenario loaded and everything a tester makes afterwards."""
    await client.post("/v1/sim/scenario", json={"scenario": scenario})
    await client.post("/v1/profiles", json={"name": "Sam"})
    await client.put("/v1/sim/faults", json={"rules": [{"path_prefix": "/v1/dining"}]})
    await client.post("/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "杭州"})
    await client.post("/v1/sim/clock", json={"advance_s": 600})


async def test_reset_to_baseline_is_a_brand_new_sandbox(client: httpx.AsyncClient) -> None:
    fresh = await _state(client)
    await _dirty(client, "low-battery-expressway")
    r = await client.post("/v1/sim/reset", json={"to": "baseline"})
    assert r.status_code == 200
    expected = {"now": BASE_CLOCK, "running": False, "speed": 1.0}
    assert r.json() == {"scenario": None, "clock": expected}
    assert await _state(client) == fresh


async def test_reset_to_scenario_stays_in_the_scenario(client: httpx.AsyncClient) -> None:
    await _dirty(client, "low-battery-expressway")
    for body in ({"json": {"to": "scenario"}}, {}):  # no body at all: the same
        r = await client.post("/v1/sim/reset", **body)  # type: ignore[arg-type]
        assert r.json()["scenario"] == "low-battery-expressway"
        state = await _state(client)
        assert state["trips"] == []
        # Fault rules are the tester's setup, not the world's: a scenario reset keeps them.
        assert state["faults"] == {"rules": [{**FAULT, "path_prefix": "/v1/dining"}]}


async def test_reset_to_baseline_returns_to_the_servers_start_scenario(catalog: Catalog) -> None:
    app = create_app(Settings(scenario="morning-commute"), catalog)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        await c.post("/v1/sim/scenario", json={"scenario": "car-asleep"})
        r = await c.post("/v1/sim/reset", json={"to": "baseline"})
        assert r.json()["scenario"] == "morning-commute"


async def test_reset_to_somewhere_else_is_a_422(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "car-asleep"})
    for body in ({"to": "yesterday"}, {"to": "baseline", "hard": True}):
        r = await client.post("/v1/sim/reset", json=body)
        assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")
    assert (await client.get("/v1/sim/scenario")).json()["scenario"] == "car-asleep"
