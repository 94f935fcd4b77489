from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def plan(client: httpx.AsyncClient, **body: object) -> dict[str, object]:
    r = await client.post("/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", **body})
    assert r.status_code == 200, r.text
    trip: dict[str, object] = r.json()
    return trip


async def test_shanghai_to_hangzhou_needs_no_stop(client: httpx.AsyncClient) -> None:
    trip = await plan(client, destination="杭州", start_soc_pct=100, plan_meals=False)
    p = trip["plan"]
    assert isinstance(p, dict)
    assert (p["status"], p["stops"]) == ("ok", [])
    assert p["destination"]["name"] == {"zh": "杭州", "en": "Hangzhou"}
    assert 160 < p["distance_km"] < 200


async def test_defaults_come_from_the_car(client: httpx.AsyncClient) -> None:
    trip = await plan(client, destination="Hangzhou")
    p = trip["plan"]
    assert isinstance(p, dict)
    assert p["options"]["start_soc_pct"] == 80.0  # the car's SoC
    assert p["options"]["outside_temp_c"] == 23.5  # the car's outside temperature
    assert p["departure_at"] == "2026-06-01T08:00:00+08:00"  # the sim clock
    assert p["origin"]["coordinates"] == {"lat": 31.2032, "lon": 121.4027}  # the car


async def test_beijing_needs_stops_that_respect_the_knobs(client: httpx.AsyncClient) -> None:
    trip = await plan(
        client, destination="北京", start_soc_pct=90, min_arrival_soc_pct=15, max_charge_soc_pct=85
    )
    p = trip["plan"]
    assert isinstance(p, dict)
    stops = [s for s in p["stops"] if s["kind"] == "charge"]
    assert len(stops) >= 2
    for stop in stops:
        assert stop["arrival_soc_pct"] >= 15 - 1e-6
        assert stop["departure_soc_pct"] <= 85 + 1e-6
        assert stop["cost_cny"] > 0
    assert p["arrival_soc_pct"] >= 10 - 1e-6


async def test_infeasible_is_an_answer(client: httpx.AsyncClient) -> None:
    prefs = dict.fromkeys(("xingchong", "dianlu", "lanneng", "qingyun", "jidian", "eurolink"), -2)
    trip = await plan(client, destination="北京", operator_preferences=prefs, plan_meals=False)
    p = trip["plan"]
    assert isinstance(p, dict)
    assert p["status"] == "infeasible"
    assert p["infeasible"]["failing_leg_index"] == 0
    assert p["infeasible"]["reason"]["zh"]
    assert 300 < p["infeasible"]["furthest_reachable_km"] < 600
    start = await client.post(f"/v1/trips/{trip['trip_id']}/start")
    assert (start.status_code, start.json()["code"]) == (409, "TRIP_INFEASIBLE")


async def test_started_trip_drives_the_car_and_arrives_as_planned(
    client: httpx.AsyncClient,
) -> None:
    trip = await plan(client, destination="南京")
    p = trip["plan"]
    assert isinstance(p, dict)
    started = await client.post(f"/v1/trips/{trip['trip_id']}/start")
    assert started.json()["status"] == "active"
    await client.post("/v1/sim/clock", json={"advance_s": 1800})
    mid = (await client.get("/v1/vehicles/ix3-shanghai")).json()["state"]
    assert mid["motion"]["speed_kmh"] > 0 or mid["charging"]["status"] == "CHARGING"
    assert mid["motion"]["odometer_km"] > 8642.3
    assert mid["battery"]["soc_pct"] < 80
    assert mid["navigation"]["trip_id"] == trip["trip_id"]
    await client.post("/v1/sim/clock", json={"advance_s": p["total_time_s"]})
    done = (await client.get(f"/v1/trips/{trip['trip_id']}")).json()
    assert done["status"] == "arrived"
    state = (await client.get("/v1/vehicles/ix3-shanghai")).json()["state"]
    assert state["battery"]["soc_pct"] == pytest.approx(p["arrival_soc_pct"], abs=0.5)
    assert state["motion"]["speed_kmh"] == 0
    assert state["location"]["coordinates"] == p["destination"]["coordinates"]
    assert state["motion"]["odometer_km"] == pytest.approx(8642.3 + p["distance_km"], abs=0.2)


async def test_stale_plan_must_be_replanned(client: httpx.AsyncClient) -> None:
    trip = await plan(client, destination="苏州", start_soc_pct=100)
    r = await client.post(f"/v1/trips/{trip['trip_id']}/start")
    assert (r.status_code, r.json()["code"]) == (409, "TRIP_STALE")
    new = (await client.post(f"/v1/trips/{trip['trip_id']}/replan")).json()
    assert new["replanned_from"] == trip["trip_id"]
    assert new["plan"]["options"]["start_soc_pct"] == 80.0
    assert (await client.post(f"/v1/trips/{new['trip_id']}/start")).status_code == 200


async def test_replan_mid_trip_continues_from_the_car(client: httpx.AsyncClient) -> None:
    trip = await plan(client, destination="南京")
    await client.post(f"/v1/trips/{trip['trip_id']}/start")
    await client.post("/v1/sim/clock", json={"advance_s": 1200})
    car = (await client.get("/v1/vehicles/ix3-shanghai")).json()["state"]
    new = (await client.post(f"/v1/trips/{trip['trip_id']}/replan")).json()
    assert new["status"] == "active"
    assert new["plan"]["origin"]["coordinates"] == car["location"]["coordinates"]
    assert new["plan"]["options"]["start_soc_pct"] == car["battery"]["soc_pct"]
    old = (await client.get(f"/v1/trips/{trip['trip_id']}")).json()
    assert (old["status"], old["replaced_by"]) == ("superseded", new["trip_id"])


async def test_meal_stop_gets_dining_suggestions(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"set": "2026-06-01T10:30:00+08:00"})
    trip = await plan(client, destination="北京", start_soc_pct=80, profile_id="vegetarian-en")
    meals = trip["meals"]
    assert isinstance(meals, list)
    assert meals[0]["meal"] == "lunch"
    for suggestion in meals[0]["results"]:
        r = suggestion["restaurant"]
        assert r["attributes"]["vegetarian_options"] is True or "vegetarian" in r["cuisines"]


async def test_trip_errors(client: httpx.AsyncClient) -> None:
    missing = await client.get("/v1/trips/trip-0404")
    assert (missing.status_code, missing.json()["code"]) == (404, "TRIP_NOT_FOUND")
    nowhere = await client.post(
        "/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "Atlantis"}
    )
    assert (nowhere.status_code, nowhere.json()["code"]) == (404, "PLACE_NOT_FOUND")
    bad = await client.post(
        "/v1/trips/plan",
        json={"vehicle_id": "ix3-shanghai", "destination": "北京", "start_soc_pct": 140},
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "VALIDATION_ERROR")
    car = await client.post("/v1/trips/plan", json={"vehicle_id": "ix9", "destination": "北京"})
    assert (car.status_code, car.json()["code"]) == (404, "VEHICLE_NOT_FOUND")
    profile = await client.post(
        "/v1/trips/plan",
        json={"vehicle_id": "ix3-shanghai", "destination": "北京", "profile_id": "nobody"},
    )
    assert (profile.status_code, profile.json()["code"]) == (404, "PROFILE_NOT_FOUND")


async def test_fuel_car_gets_fuel_stops(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/trips/plan",
        json={"vehicle_id": "325li-beijing", "destination": "上海", "plan_meals": False},
    )
    p = r.json()["plan"]
    assert p["status"] == "ok"
    assert {s["kind"] for s in p["stops"]} == {"fuel"}
    assert p["arrival_fuel_pct"] >= 10 - 1e-6
