"""A driving car names where it is: the snapshot, the fleet list and telemetry carry the nearest
place's name instead of an empty address, and the fleet list carries the plate."""

from __future__ import annotations

import httpx
import pytest

from agents.catalog import Catalog
from agents.world.models import Coordinates

pytestmark = pytest.mark.anyio

VEHICLE = "ix3-shanghai"


def test_whereabouts_names_the_place_or_what_the_car_is_near(catalog: Catalog) -> None:
    places = catalog.travel.graph.places
    wuxi = places.get("无锡枢纽") or places.get("Wuxi Interchange")
    assert wuxi is not None
    assert places.whereabouts(wuxi.coordinates) == wuxi.name
    # 0.1° of latitude is about 11 km north: near the place, not at it
    off = Coordinates(lat=wuxi.coordinates.lat + 0.1, lon=wuxi.coordinates.lon)
    nearest, km = places.nearest(off)
    assert nearest.id == wuxi.id
    assert 11 < km < 11.2
    near = places.whereabouts(off)
    assert (near.zh, near.en) == (f"{wuxi.name.zh}附近", f"near {wuxi.name.en}")


async def test_a_driving_car_reports_the_nearest_place(
    client: httpx.AsyncClient, catalog: Catalog
) -> None:
    trip = await client.post("/v1/trips/plan", json={"vehicle_id": VEHICLE, "destination": "北京"})
    assert trip.status_code == 200
    started = await client.post(f"/v1/trips/{trip.json()['trip_id']}/start")
    assert started.status_code == 200
    await client.post("/v1/sim/clock", json={"advance_s": 3600})

    state = (await client.get(f"/v1/vehicles/{VEHICLE}")).json()["state"]
    assert state["motion"]["speed_kmh"] > 0
    where = catalog.travel.graph.places.whereabouts(
        Coordinates.model_validate(state["location"]["coordinates"])
    )
    assert state["location"]["address"] == where.model_dump()

    fleet = {v["id"]: v for v in (await client.get("/v1/vehicles")).json()}
    assert fleet[VEHICLE]["address"] == where.model_dump()
    assert fleet[VEHICLE]["plate"] == "沪A·D71234"

    stream = await client.get(f"/v1/vehicles/{VEHICLE}/telemetry", params={"max_frames": 1})
    frame = next(line for line in stream.text.splitlines() if line.startswith("data:"))
    assert httpx.Response(200, content=frame[5:]).json()["address"] == where.model_dump()
