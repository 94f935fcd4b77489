from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_briefing_leads_with_the_worst_alert(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/scenario", json={"scenario": "low-tire-pressure"})
    r = await client.get("/v1/car-genius/i5-hangzhou/briefing")
    assert r.status_code == 200
    body = r.json()
    assert body["headline"]["en"].startswith(
        "Tyre pressure low. Rear-left tyre at 175 kPa, 75 kPa (30%) below the 250 kPa target."
    )
    assert body["headline"]["zh"].startswith("胎压低。左后轮胎压175 kPa")
    assert body["alerts"][0]["id"] == "tire-low:rear_left"
    assert body["alerts"][0]["severity"] == "critical"


async def test_alerts_follow_state_changes(client: httpx.AsyncClient) -> None:
    calm = (await client.get("/v1/vehicles/ix3-shanghai/alerts")).json()["data"]
    assert [a["id"] for a in calm if a["severity"] != "info"] == []
    await client.patch(
        "/v1/sim/vehicles/ix3-shanghai/state",
        json={
            "battery": {"soc_pct": 8},
            "security": {"locked": False, "doors_open": {"rear_right": True}},
        },
    )
    alerts = (await client.get("/v1/vehicles/ix3-shanghai/alerts")).json()["data"]
    by_id = {a["id"]: a for a in alerts}
    assert by_id["battery-low"]["severity"] == "critical"
    assert any(a.startswith("door-open") for a in by_id)


async def test_warning_light_lookup(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/car-genius/warning-lights")
    lights = r.json()
    assert len(lights) >= 20
    one = (await client.get("/v1/car-genius/warning-lights/brake-system")).json()
    assert one["color"] == "red"
    assert one["safe_to_drive"] == "no"
    found = await client.get("/v1/car-genius/warning-lights", params={"q": "orange engine light"})
    assert found.json()[0]["id"] == "engine-check"
    zh = await client.get("/v1/car-genius/warning-lights", params={"q": "黄色的发动机灯"})
    assert zh.json()[0]["id"] == "engine-check"
    red = await client.get("/v1/car-genius/warning-lights", params={"color": "red"})
    assert {light["color"] for light in red.json()} == {"red"}
    missing = await client.get("/v1/car-genius/warning-lights/warp-core")
    assert (missing.status_code, missing.json()["code"]) == (404, "WARNING_LIGHT_NOT_FOUND")
