"""GET /v1/dining/search with `trip_id` + `meal`: lunch at the stop nearest noon."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_vegetarian_lunch_on_the_way_to_hangzhou(client: httpx.AsyncClient) -> None:
    await client.post("/v1/sim/clock", json={"set": "2026-06-01T10:30:00+08:00"})
    trip = (
        await client.post(
            "/v1/trips/plan",
            json={"vehicle_id": "ix3-shanghai", "destination": "杭州", "start_soc_pct": 90},
        )
    ).json()
    r = await client.get(
        "/v1/dining/search",
        params={"trip_id": trip["trip_id"], "meal": "lunch", "profile_id": "vegetarian-en"},
    )
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["restaurant"]["id"] for x in results] == ["sa-changan-noodle-bar"]
    assert results[0]["reasons"][0]["en"].startswith("vegetarian; 0.1 km from Chang'an")
    assert all("cantonese" not in x["restaurant"]["cuisines"] for x in results)
    bad = await client.get("/v1/dining/search", params={"trip_id": "trip-9999", "meal": "lunch"})
    assert (bad.status_code, bad.json()["code"]) == (404, "TRIP_NOT_FOUND")
    odd = await client.get(
        "/v1/dining/search", params={"trip_id": trip["trip_id"], "meal": "brunch"}
    )
    assert (odd.status_code, odd.json()["code"]) == (422, "VALIDATION_ERROR")
