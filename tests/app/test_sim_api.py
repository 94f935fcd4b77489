from __future__ import annotations

import anyio
import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_scenarios_are_listed_bilingual(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/sim/scenarios")
    scenarios = {s["id"]: s for s in r.json()}
    assert len(scenarios) >= 8
    low = scenarios["low-battery-expressway"]
    assert low["title"] == {"zh": "高速上电量告急", "en": "Low battery on the expressway"}
    assert low["focus_vehicle"] == "ix3-shanghai"


async def test_load_scenario_sets_clock_and_state(client: httpx.AsyncClient) -> None:
    before = (await client.get("/v1/sim/scenario")).json()
    assert (before["scenario"], before["clock"]["now"]) == (None, "2026-06-01T08:00:00+08:00")
    r = await client.post("/v1/sim/scenario", json={"scenario": "low-battery-expressway"})
    assert r.json()["clock"]["now"] == "2026-06-01T11:40:00+08:00"
    assert (await client.get("/v1/sim/scenario")).json()["scenario"] == "low-battery-expressway"
    battery = (await client.get("/v1/vehicles/ix3-shanghai/battery")).json()
    assert battery["data"]["soc_pct"] == 12.0
    # the fixture's reading was 78 s old at the base clock, and keeps that age
    assert battery["age_s"] == 78.0


async def test_unknown_scenario_is_404_and_changes_nothing(client: httpx.AsyncClient) -> None:
    await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": 33}})
    r = await client.post("/v1/sim/scenario", json={"scenario": "moon-landing"})
    assert (r.status_code, r.json()["code"]) == (404, "SCENARIO_NOT_FOUND")
    assert "low-battery-expressway" in r.json()["known"]
    battery = (await client.get("/v1/vehicles/ix3-shanghai/battery")).json()
    assert battery["data"]["soc_pct"] == 33.0


async def test_reset_restores_the_scenario(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "service-overdue"})
    await client.patch("/v1/sim/vehicles/325li-beijing/state", json={"fuel": {"level_pct": 5}})
    await client.post("/v1/sim/clock", json={"advance_s": 3600})
    r = await client.post("/v1/sim/reset")
    assert r.json()["scenario"] == "service-overdue"
    fuel = (await client.get("/v1/vehicles/325li-beijing/fuel")).json()["data"]
    assert fuel["level_pct"] != 5


@pytest.mark.parametrize(
    "patch",
    [
        {"battery": {"soc_pct": 150}},
        {"battery": {"soc_pct": "full"}},
        {"tires": {"front_left": {"pressure_kpa": -3}}},
        {"power_state": "hibernating"},
        {"wings": True},
    ],
)
async def test_invalid_patch_is_422_and_changes_nothing(
    client: httpx.AsyncClient, patch: dict[str, object]
) -> None:
    before = (await client.get("/v1/vehicles/ix3-shanghai")).json()
    r = await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")
    assert r.json()["errors"][0]["loc"][0] == "state"
    after = (await client.get("/v1/vehicles/ix3-shanghai")).json()
    assert after == before


async def test_patch_not_an_object_is_422(client: httpx.AsyncClient) -> None:
    r = await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=[1, 2])
    assert r.status_code == 422


async def test_clock_set_advance_and_validation(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/sim/clock")).json() == {
        "now": "2026-06-01T08:00:00+08:00",
        "running": False,
        "speed": 1.0,
    }
    r = await client.post("/v1/sim/clock", json={"set": "2026-06-01T12:00:00+08:00"})
    assert r.json()["now"] == "2026-06-01T12:00:00+08:00"
    r = await client.post("/v1/sim/clock", json={"advance_s": 900})
    assert r.json()["now"] == "2026-06-01T12:15:00+08:00"
    for bad in ({"speed": 1000, "run": True}, {"advance_s": -5}, {"set": "2026-06-01T12:00"}):
        refused = await client.post("/v1/sim/clock", json=bad)
        assert refused.status_code == 422, bad
    assert (await client.get("/v1/sim/clock")).json()["now"] == "2026-06-01T12:15:00+08:00"


async def test_clock_runs_at_speed_and_pauses(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/sim/clock", json={"run": True, "speed": 600})
    assert r.json()["running"] is True
    await anyio.sleep(0.2)
    paused = (await client.post("/v1/sim/clock", json={"run": False})).json()
    assert paused["running"] is False
    assert paused["now"] > "2026-06-01T08:01:00+08:00"  # >= 0.2 s x 600
    later = (await client.get("/v1/sim/clock")).json()
    assert later["now"] == paused["now"]


async def test_latency_and_fault_headers(client: httpx.AsyncClient) -> None:
    started = anyio.current_time()
    r = await client.get("/v1/vehicles", headers={"X-Sim-Latency-Ms": "150"})
    assert r.status_code == 200
    assert anyio.current_time() - started >= 0.15
    for fault, status, code in (
        ("500", 500, "SIMULATED_FAULT"),
        ("503", 503, "SERVICE_UNAVAILABLE"),
        ("timeout", 504, "GATEWAY_TIMEOUT"),
    ):
        r = await client.get("/v1/vehicles/ix3-shanghai", headers={"X-Sim-Fault": fault})
        assert (r.status_code, r.json()["code"]) == (status, code)
    assert r.headers["x-request-id"].startswith("req-")
    for header, value in (("X-Sim-Fault", "explode"), ("X-Sim-Latency-Ms", "-1")):
        bad = await client.get("/v1/vehicles", headers={header: value})
        assert (bad.status_code, bad.json()["code"]) == (400, "INVALID_SIM_HEADER")


async def test_sandbox_fault_rules(client: httpx.AsyncClient) -> None:
    r = await client.put(
        "/v1/sim/faults",
        json={"rules": [{"path_prefix": "/v1/vehicles", "fault": "503", "remaining": 2}]},
    )
    assert r.status_code == 200
    codes = [(await client.get("/v1/vehicles")).status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    assert (await client.get("/v1/sim/faults")).json() == {"rules": []}


async def test_journal_records_requests(client: httpx.AsyncClient) -> None:
    await client.get("/v1/vehicles/ix3-shanghai", headers={"X-Sandbox": "j"})
    await client.get("/v1/vehicles/nope", headers={"X-Sandbox": "j"})
    entries = (await client.get("/v1/sim/journal", headers={"X-Sandbox": "j"})).json()
    assert [(e["method"], e["path"], e["status"]) for e in entries[:2]] == [
        ("GET", "/v1/vehicles/ix3-shanghai", 200),
        ("GET", "/v1/vehicles/nope", 404),
    ]
