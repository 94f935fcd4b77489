from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio
LUJIAZUI = {"lat": 31.2541, "lon": 121.5183}


async def ids(client: httpx.AsyncClient, **params: object) -> list[str]:
    r = await client.get("/v1/dining/search", params=params)  # type: ignore[arg-type]
    assert r.status_code == 200, r.text
    return [x["restaurant"]["id"] for x in r.json()["results"]]


async def test_profile_changes_dining_results(client: httpx.AsyncClient) -> None:
    evening = "2026-06-01T19:00:00+08:00"
    anyone = await ids(client, **LUJIAZUI, radius_km=3, open_at=evening, limit=20)
    vegetarian = await ids(
        client, **LUJIAZUI, radius_km=3, open_at=evening, limit=20, profile_id="vegetarian-en"
    )
    assert "sh-bund-ember-steakhouse" in anyone
    assert "sh-bund-ember-steakhouse" not in vegetarian


async def test_closed_restaurant_is_never_suggested(client: httpx.AsyncClient) -> None:
    # The steakhouse opens 17:00-23:00; the sim clock says 08:00 by default.
    morning = await ids(client, **LUJIAZUI, radius_km=3, limit=20)
    assert "sh-bund-ember-steakhouse" not in morning
    await client.post("/v1/sim/clock", json={"set": "2026-06-01T18:30:00+08:00"})
    evening = await ids(client, **LUJIAZUI, radius_km=3, limit=20)
    assert "sh-bund-ember-steakhouse" in evening


async def test_results_explain_themselves(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/v1/dining/search",
        params={**LUJIAZUI, "radius_km": 5, "open_at": "2026-06-01T12:00:00+08:00"},
    )
    first = r.json()["results"][0]
    assert first["reasons"][0]["zh"]
    assert first["reasons"][0]["en"]
    breakdown = first["score_breakdown"]
    assert sum(breakdown.values()) == pytest.approx(first["score"], abs=0.01)


async def test_dining_at_a_trip_stop(client: httpx.AsyncClient) -> None:
    trip = (
        await client.post(
            "/v1/trips/plan",
            json={"vehicle_id": "ix3-shanghai", "destination": "北京", "start_soc_pct": 90},
        )
    ).json()
    r = await client.get(
        "/v1/dining/search", params={"trip_id": trip["trip_id"], "stop_index": 0, "radius_km": 5}
    )
    assert r.status_code == 200
    bad = await client.get(
        "/v1/dining/search", params={"trip_id": trip["trip_id"], "stop_index": 99}
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    "params",
    [
        {"lat": 31.2},
        {},
        {"lat": 31.2, "lon": 121.4, "trip_id": "trip-0001"},
        {"lat": 91, "lon": 121.4},
        {"lat": 31.2, "lon": 121.4, "cuisine": "martian"},
        {"lat": 31.2, "lon": 121.4, "limit": 500},
    ],
)
async def test_bad_dining_queries(client: httpx.AsyncClient, params: dict[str, object]) -> None:
    r = await client.get("/v1/dining/search", params=params)  # type: ignore[arg-type]
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")


async def test_chargers_near_a_point_filter_by_power(client: httpx.AsyncClient) -> None:
    r = await client.get(
        "/v1/chargers",
        params={"lat": 31.2304, "lon": 121.4737, "radius_km": 30, "min_power_kw": 150},
    )
    found = r.json()
    assert found
    assert all(m["max_power_kw"] >= 150 for m in found)
    distances = [m["distance_km"] for m in found]
    assert distances == sorted(distances)
    gbt = await client.get(
        "/v1/chargers",
        params={"lat": 31.2304, "lon": 121.4737, "radius_km": 100, "connector": "CCS2"},
    )
    assert {m["charger"]["operator"] for m in gbt.json()} == {"eurolink"}


async def test_charger_availability_follows_the_clock(client: httpx.AsyncClient) -> None:
    params = {"lat": 31.2304, "lon": 121.4737, "radius_km": 100, "limit": 100}
    await client.post("/v1/sim/clock", json={"set": "2026-06-01T03:00:00+08:00"})
    night = {
        m["charger"]["id"]: m["available_stalls"]
        for m in (await client.get("/v1/chargers", params=params)).json()
    }
    await client.post("/v1/sim/clock", json={"set": "2026-06-01T18:00:00+08:00"})
    rush = {
        m["charger"]["id"]: m["available_stalls"]
        for m in (await client.get("/v1/chargers", params=params)).json()
    }
    assert sum(night.values()) > sum(rush.values())


async def test_profiles_crud_is_per_sandbox(client: httpx.AsyncClient) -> None:
    listed = [p["id"] for p in (await client.get("/v1/profiles")).json()]
    assert listed == ["family-kids", "halal-traveller", "spicy-budget", "vegetarian-en"]
    created = await client.post(
        "/v1/profiles",
        json={"name": "Lucy Tan", "locale": "en", "budget_cny_per_person": 120},
        headers={"X-Sandbox": "lucy"},
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    assert pid == "lucy-tan-1"
    patched = await client.patch(
        f"/v1/profiles/{pid}", json={"budget_cny_per_person": 90}, headers={"X-Sandbox": "lucy"}
    )
    assert patched.json()["budget_cny_per_person"] == 90
    elsewhere = await client.get(f"/v1/profiles/{pid}")
    assert (elsewhere.status_code, elsewhere.json()["code"]) == (404, "PROFILE_NOT_FOUND")
    assert (
        await client.delete(f"/v1/profiles/{pid}", headers={"X-Sandbox": "lucy"})
    ).status_code == 200
    bad = await client.post("/v1/profiles", json={"name": "", "budget_cny_per_person": -5})
    assert (bad.status_code, bad.json()["code"]) == (422, "VALIDATION_ERROR")
    await client.post("/v1/sim/reset", headers={"X-Sandbox": "lucy"})
