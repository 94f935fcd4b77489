from __future__ import annotations

import anyio
import anyio.lowlevel
import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio


async def test_parallel_sandboxes_never_see_each_other(client: httpx.AsyncClient) -> None:
    results: dict[str, tuple[float, str, bool]] = {}

    async def tester(name: str, soc: float, scenario: str) -> None:
        h = {"X-Sandbox": name}
        await client.post("/v1/sim/scenario", json={"scenario": scenario}, headers=h)
        await client.patch(
            "/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": soc}}, headers=h
        )
        await client.post("/v1/vehicles/ix3-shanghai/commands", json={"type": "honk"}, headers=h)
        await client.post("/v1/sim/clock", json={"advance_s": soc * 10}, headers=h)
        await anyio.lowlevel.checkpoint()
        battery = (await client.get("/v1/vehicles/ix3-shanghai/battery", headers=h)).json()
        clock = (await client.get("/v1/sim/clock", headers=h)).json()
        commands = (await client.get("/v1/vehicles/ix3-shanghai/commands", headers=h)).json()
        results[name] = (battery["data"]["soc_pct"], clock["now"], len(commands) == 1)

    async with anyio.create_task_group() as tg:
        tg.start_soon(tester, "alice", 11, "morning-commute")
        tg.start_soon(tester, "bob", 22, "road-trip-ready")
        tg.start_soon(tester, "carol", 33, "morning-commute")
    assert results["alice"][0] == 11.0
    assert results["bob"][0] == 22.0
    assert results["carol"][0] == 33.0
    assert results["alice"][1] != results["carol"][1]  # advanced 110 s vs 330 s
    assert all(r[2] for r in results.values())
    default = (await client.get("/v1/vehicles/ix3-shanghai/battery")).json()
    assert default["data"]["soc_pct"] == 80.0
    names = [s["name"] for s in (await client.get("/v1/sim/sandboxes")).json()]
    assert names == ["alice", "bob", "carol", "default"]


async def test_delete_sandbox(client: httpx.AsyncClient) -> None:
    await client.get("/v1/vehicles", headers={"X-Sandbox": "tmp"})
    own = {"X-Sandbox": "tmp"}
    assert (await client.delete("/v1/sim/sandboxes/tmp", headers=own)).status_code == 204
    again = await client.delete("/v1/sim/sandboxes/tmp", headers=own)
    assert (again.status_code, again.json()["code"]) == (404, "SANDBOX_NOT_FOUND")


async def test_invalid_sandbox_name(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/vehicles", headers={"X-Sandbox": "no spaces please"})
    assert (r.status_code, r.json()["code"]) == (400, "INVALID_SANDBOX")


async def test_cap_is_a_429_problem(catalog: Catalog) -> None:
    app: FastAPI = create_app(Settings(max_sandboxes=2), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        assert (await c.get("/v1/vehicles", headers={"X-Sandbox": "a"})).status_code == 200
        assert (await c.get("/v1/vehicles", headers={"X-Sandbox": "b"})).status_code == 200
        full = await c.get("/v1/vehicles", headers={"X-Sandbox": "c"})
        assert (full.status_code, full.json()["code"]) == (429, "SANDBOX_LIMIT")
        await c.delete("/v1/sim/sandboxes/a", headers={"X-Sandbox": "a"})
        assert (await c.get("/v1/vehicles", headers={"X-Sandbox": "c"})).status_code == 200
