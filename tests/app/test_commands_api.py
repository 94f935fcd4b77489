from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def advance(client: httpx.AsyncClient, seconds: float) -> None:
    r = await client.post("/v1/sim/clock", json={"advance_s": seconds})
    assert r.status_code == 200


async def test_unlock_lifecycle_and_effect(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/vehicles/ix3-shanghai/commands", json={"type": "unlock"})
    assert r.status_code == 202
    assert r.json() == {"command_id": "cmd-0001", "status": "pending"}
    seen = []
    for _ in range(3):
        await advance(client, 2)
        got = await client.get("/v1/vehicles/ix3-shanghai/commands/cmd-0001")
        seen.append(got.json()["status"])
    assert seen == ["delivered", "delivered", "executed"]
    security = (await client.get("/v1/vehicles/ix3-shanghai/security")).json()
    assert security["data"]["locked"] is False
    assert security["data"]["updated_at"] == "2026-06-01T08:00:05+08:00"


@pytest.mark.parametrize(
    ("patch", "command", "status", "code"),
    [
        ({"motion": {"speed_kmh": 80}}, {"type": "lock"}, 409, "IN_MOTION"),
        (
            {"charging": {"plug_connected": False}, "battery": {"soc_pct": 30}},
            {"type": "charge_start"},
            409,
            "CHARGING_PLUG_NOT_CONNECTED",
        ),
        ({}, {"type": "charge_stop"}, 409, "NOT_CHARGING"),
        ({"power_state": "asleep"}, {"type": "honk"}, 408, "VEHICLE_ASLEEP"),
        ({"security": {"trunk_open": True}}, {"type": "lock"}, 409, "DOOR_OPEN"),
    ],
)
async def test_state_dependent_refusals(
    client: httpx.AsyncClient,
    patch: dict[str, object],
    command: dict[str, object],
    status: int,
    code: str,
) -> None:
    if patch:
        await client.patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch)
    r = await client.post("/v1/vehicles/ix3-shanghai/commands", json=command)
    assert r.status_code == status
    body = r.json()
    assert body["code"] == code
    assert body["message"]["zh"]
    assert body["message"]["en"]
    listed = await client.get("/v1/vehicles/ix3-shanghai/commands")
    assert listed.json() == []


async def test_not_capable_is_501(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/vehicles/x1-2012-nanjing/commands", json={"type": "climate_start", "target_temp_c": 21}
    )
    assert (r.status_code, r.json()["code"]) == (501, "NOT_CAPABLE")
    petrol = await client.post("/v1/vehicles/325li-beijing/commands", json={"type": "charge_start"})
    assert (petrol.status_code, petrol.json()["code"]) == (501, "NOT_CAPABLE")


@pytest.mark.parametrize(
    "body",
    [
        {"type": "set_temperature", "target_temp_c": 45},
        {"type": "set_charge_limit", "limit_pct": -1},
        {"type": "set_charge_limit", "limit_pct": "lots"},
        {"type": "teleport"},
        {"type": "send_destination", "destination": {"name": "x", "coordinates": {"lat": 95}}},
        [],
    ],
)
async def test_bad_command_bodies_are_422(client: httpx.AsyncClient, body: object) -> None:
    r = await client.post("/v1/vehicles/ix3-shanghai/commands", json=body)
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")
    assert r.headers["content-type"] == "application/problem+json"


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/vehicles/ix3-shanghai/commands",
        content=b'{"type": "lock"',
        headers={"content-type": "application/json"},
    )
    assert (r.status_code, r.json()["code"]) == (400, "MALFORMED_JSON")


async def test_send_destination_shows_in_navigation(client: httpx.AsyncClient) -> None:
    dest = {"name": "杭州西湖", "coordinates": {"lat": 30.2431, "lon": 120.1503}}
    r = await client.post(
        "/v1/vehicles/ix3-shanghai/commands",
        json={"type": "send_destination", "destination": dest},
    )
    assert r.status_code == 202
    await advance(client, 5)
    nav = (await client.get("/v1/vehicles/ix3-shanghai")).json()["state"]["navigation"]
    assert nav["destination_name"] == "杭州西湖"
    assert nav["coordinates"] == {"lat": 30.2431, "lon": 120.1503}


async def test_unknown_command_id_lists_known(client: httpx.AsyncClient) -> None:
    await client.post("/v1/vehicles/ix3-shanghai/commands", json={"type": "flash_lights"})
    r = await client.get("/v1/vehicles/ix3-shanghai/commands/cmd-9999")
    assert r.status_code == 404
    assert r.json()["known"] == ["cmd-0001"]


async def test_share_and_revoke_a_key(client: httpx.AsyncClient) -> None:
    keys = (await client.get("/v1/vehicles/ix3-shanghai/keys")).json()
    assert [(k["key_id"], k["role"], k["status"]) for k in keys] == [
        ("key-ix3-shanghai-1", "owner", "active")
    ]
    shared = await client.post(
        "/v1/vehicles/ix3-shanghai/keys",
        json={
            "holder_name": "李娜",
            "permission": "drive",
            "valid_from": "2026-06-01T09:00:00+08:00",
            "valid_until": "2026-06-01T18:00:00+08:00",
        },
    )
    assert shared.status_code == 201
    assert (shared.json()["key_id"], shared.json()["status"]) == ("key-ix3-shanghai-2", "scheduled")
    await advance(client, 3600)
    statuses = {
        k["key_id"]: k["status"]
        for k in (await client.get("/v1/vehicles/ix3-shanghai/keys")).json()
    }
    assert statuses["key-ix3-shanghai-2"] == "active"
    revoked = await client.delete("/v1/vehicles/ix3-shanghai/keys/key-ix3-shanghai-2")
    assert revoked.json()["status"] == "revoked"
    owner = await client.delete("/v1/vehicles/ix3-shanghai/keys/key-ix3-shanghai-1")
    # Well-formed, refused by what the key is: a conflict (the schema can't state it).
    assert (owner.status_code, owner.json()["code"]) == (409, "OWNER_KEY")
    ended = await client.post(
        "/v1/vehicles/ix3-shanghai/keys",
        json={
            "holder_name": "Tom",
            "valid_from": "2000-01-01T09:00:00+08:00",
            "valid_until": "2000-01-02T09:00:00+08:00",
        },
    )
    assert (ended.status_code, ended.json()["code"]) == (409, "KEY_WINDOW_ENDED")


async def test_key_window_must_be_ordered(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/vehicles/ix3-shanghai/keys",
        json={
            "holder_name": "Tom",
            "valid_from": "2026-06-02T09:00:00+08:00",
            "valid_until": "2026-06-01T18:00:00+08:00",
        },
    )
    assert r.status_code == 422
    old = await client.post(
        "/v1/vehicles/x1-2012-nanjing/keys",
        json={
            "holder_name": "Tom",
            "valid_from": "2026-06-01T09:00:00+08:00",
            "valid_until": "2026-06-01T18:00:00+08:00",
        },
    )
    assert (old.status_code, old.json()["code"]) == (501, "NOT_CAPABLE")
