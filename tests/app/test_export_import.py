"""A sandbox's whole state exports as one document and imports back exactly; a bad document
changes nothing; only the sandbox's owner (or the admin) may do either."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

NAME = "saved"
OWN = {"X-Sandbox": NAME}
URL = f"/v1/sim/sandboxes/{NAME}"
Json = Any


@pytest.fixture
async def owner(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=OWN) as c:
        yield c


async def _ok(response: httpx.Response, status: int = 200) -> Json:
    assert response.status_code == status, response.text
    return response.json() if response.content else None


async def _populate(c: httpx.AsyncClient) -> None:
    """Something in every store: a trip under way and a planned one, commands done and pending,
    a shared key, a new profile, two chats, a fault rule."""
    await _ok(await c.post("/v1/sim/scenario", json={"scenario": "road-trip-ready"}))
    plan = {"vehicle_id": "ix3-shanghai", "destination": "北京", "profile_id": "vegetarian-en"}
    trip = await _ok(await c.post("/v1/trips/plan", json=plan))
    await _ok(await c.post(f"/v1/trips/{trip['trip_id']}/start"))
    await _ok(await c.post("/v1/trips/plan", json={**plan, "destination": "杭州"}))
    await _ok(await c.post("/v1/vehicles/i5-hangzhou/commands", json={"type": "honk"}), 202)
    await _ok(await c.post("/v1/sim/clock", json={"advance_s": 1800}))
    await _ok(await c.post("/v1/vehicles/i5-hangzhou/commands", json={"type": "lock"}), 202)
    key = {
        "holder_name": "李娜",
        "valid_from": "2020-01-01T09:00:00+08:00",
        "valid_until": "2099-06-03T18:00:00+08:00",
    }
    await _ok(await c.post("/v1/vehicles/i5-hangzhou/keys", json=key), 201)
    await _ok(await c.post("/v1/profiles", json={"name": "Sam"}), 201)
    for text in ("还能开多远？", "帮我找个充电站"):
        session = await _ok(
            await c.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"}), 201
        )
        url = f"/v1/chat/sessions/{session['session_id']}/messages"
        await _ok(await c.post(url, json={"text": text}))
    await _ok(await c.put("/v1/sim/faults", json={"rules": [{"path_prefix": "/v1/dining"}]}))


async def _observed(c: httpx.AsyncClient) -> dict[str, bytes]:
    """What a client reads, as the bytes it gets."""
    urls = ["/v1/sim/clock", "/v1/sim/scenario", "/v1/trips", "/v1/profiles", "/v1/sim/faults"]
    for car in [v["id"] for v in (await c.get("/v1/vehicles")).json()]:
        urls += [f"/v1/vehicles/{car}", f"/v1/vehicles/{car}/commands"]
        urls += [f"/v1/vehicles/{car}/keys"]
    urls += ["/v1/chat/sessions/chat-0001", "/v1/chat/sessions/chat-0002"]
    seen = {}
    for url in urls:
        r = await c.get(url)
        seen[url] = r.content if r.status_code == 200 else str(r.status_code).encode()
    return seen


async def test_export_reset_import_restores_the_sandbox_exactly(
    owner: httpx.AsyncClient,
) -> None:
    await _populate(owner)
    before = await _observed(owner)
    document = await _ok(await owner.get(f"{URL}/export"))
    assert (document["format"], document["version"], document["name"]) == (
        "incar-sandbox",
        1,
        NAME,
    )
    assert document["counters"] == {"commands": 2, "trips": 2, "chats": 2, "profiles": 2}
    await _ok(await owner.post("/v1/sim/reset", json={"to": "baseline"}))
    assert (await _observed(owner)) != before

    answer = await _ok(await owner.put(f"{URL}/import", json=document))
    assert answer == {
        "scenario": "road-trip-ready",
        "clock": {"now": document["world"]["clock"]["now"], "running": False, "speed": 1.0},
    }
    assert await _observed(owner) == before
    assert await _ok(await owner.get(f"{URL}/export")) == document
    # Ids continue from the counters: nothing made after an import repeats one in it.
    made = await _ok(
        await owner.post("/v1/vehicles/i5-hangzhou/commands", json={"type": "honk"}), 202
    )
    assert made["command_id"] == "cmd-0003"


async def test_an_import_carries_over_to_a_new_sandbox_and_keeps_driving(
    owner: httpx.AsyncClient,
) -> None:
    await _populate(owner)
    document = await _ok(await owner.get(f"{URL}/export"))
    copy_headers = {"X-Sandbox": "copy"}
    await _ok(await owner.put("/v1/sim/sandboxes/copy/import", json=document, headers=copy_headers))
    names = [s["name"] for s in (await owner.get("/v1/sim/sandboxes")).json()]
    assert names == ["copy", NAME]
    for c in (OWN, copy_headers):
        await _ok(await owner.post("/v1/sim/clock", json={"advance_s": 900}, headers=c))
    original, twin = [
        (await owner.get("/v1/vehicles/ix3-shanghai", headers=h)).json()
        for h in (OWN, copy_headers)
    ]
    assert twin["state"]["navigation"] == original["state"]["navigation"]
    assert twin["state"]["motion"] == original["state"]["motion"]


def _with(change: Callable[[Json], None]) -> Callable[[Json], Json]:
    def changed(document: Json) -> Json:
        twin = copy.deepcopy(document)
        change(twin)
        return twin

    return changed


def _rename_car(doc: Json) -> None:
    doc["world"]["vehicles"]["no-such-car"] = doc["world"]["vehicles"].pop("ix3-shanghai")


def _set(path: str, value: Json) -> Callable[[Json], None]:
    def setting(doc: Json) -> None:
        *parents, last = path.split(".")
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[int(last) if isinstance(node, list) else last] = value

    return setting


def _more_trips(doc: Json) -> None:
    trips = doc["trips"]
    for n in range(3, 10):
        trips.append({**trips[1], "trip_id": f"trip-{n:04d}"})
    doc["counters"]["trips"] = 9


BAD_DOCUMENTS = {
    "wrong version": (_with(_set("version", 2)), ["body", "version"]),
    "another format": (_with(_set("format", "har")), ["body", "format"]),
    "unknown car": (_with(_rename_car), ["world", "vehicles", "no-such-car"]),
    "trip for an unknown car": (
        _with(_set("trips.0.vehicle_id", "no-such-car")),
        ["trips", 0, "vehicle_id"],
    ),
    "more trips than the cap": (_with(_more_trips), ["trips"]),
    "an id past its counter": (_with(_set("counters.chats", 1)), ["chats", 1, "session_id"]),
    "unknown scenario": (_with(_set("world.scenario", "mars")), ["world", "scenario"]),
    "clock out of range": (
        _with(_set("world.clock.now", "2200-01-01T00:00:00Z")),
        ["body", "world", "clock", "now"],
    ),
    "not an object": (lambda _: [], ["body"]),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
async def test_a_bad_document_is_a_422_and_changes_nothing(
    owner: httpx.AsyncClient, name: str
) -> None:
    await _populate(owner)
    document = await _ok(await owner.get(f"{URL}/export"))
    await _ok(await owner.post("/v1/sim/reset", json={"to": "baseline"}))
    before = await _observed(owner)
    bad, where = BAD_DOCUMENTS[name]
    r = await owner.put(f"{URL}/import", json=bad(document))
    assert (r.status_code, r.json()["code"]) == (422, "VALIDATION_ERROR")
    assert r.json()["errors"][0]["loc"] == where
    assert await _observed(owner) == before
    # A bad document for a missing sandbox does not create it either.
    missing = {"X-Sandbox": "never"}
    r = await owner.put("/v1/sim/sandboxes/never/import", json=bad(document), headers=missing)
    assert r.status_code == 422
    assert "never" not in [s["name"] for s in (await owner.get("/v1/sim/sandboxes")).json()]


async def test_malformed_json_is_a_400_like_every_body(owner: httpx.AsyncClient) -> None:
    await _populate(owner)
    before = await _observed(owner)
    headers = {"content-type": "application/json"}
    r = await owner.put(f"{URL}/import", content=b'{"format": "incar-sandbox",', headers=headers)
    assert (r.status_code, r.json()["code"]) == (400, "MALFORMED_JSON")
    assert await _observed(owner) == before


async def test_the_caps_of_the_importing_server_apply(
    owner: httpx.AsyncClient, catalog: Catalog
) -> None:
    await _populate(owner)
    document = await _ok(await owner.get(f"{URL}/export"))
    small = create_app(Settings(max_trips=1, max_chat_sessions=1), catalog)
    transport = httpx.ASGITransport(app=small)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=OWN) as c:
        r = await c.put(f"{URL}/import", json=document)
        assert r.status_code == 422
        assert [e["loc"] for e in r.json()["errors"]] == [["trips"], ["chats"]]
        assert "2 kept; this server's cap is 1" in r.json()["errors"][0]["msg"]


async def test_only_the_owner_or_the_admin(catalog: Catalog) -> None:
    app = create_app(Settings(admin_token="admin-secret"), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        await _ok(await c.get("/v1/vehicles", headers=OWN))
        document = await _ok(await c.get(f"{URL}/export", headers=OWN))
        other = {"X-Sandbox": "someone-else"}
        for r in (
            await c.get(f"{URL}/export", headers=other),
            await c.put(f"{URL}/import", json=document, headers=other),
            await c.put(f"{URL}/import", json={"not": "a document"}, headers=other),
        ):
            assert (r.status_code, r.json()["code"]) == (403, "NOT_YOUR_SANDBOX")
        admin = {"Authorization": "Bearer admin-secret"}
        assert (await _ok(await c.get(f"{URL}/export", headers=admin))) == document
        await _ok(await c.put("/v1/sim/sandboxes/fresh/import", json=document, headers=admin))
        moved = await _ok(await c.get("/v1/sim/sandboxes/fresh/export", headers=admin))
        assert moved == {**document, "name": "fresh"}


async def test_export_of_a_missing_sandbox_is_a_404(client: httpx.AsyncClient) -> None:
    r = await client.get("/v1/sim/sandboxes/ghost/export", headers={"X-Sandbox": "ghost"})
    assert (r.status_code, r.json()["code"]) == (404, "SANDBOX_NOT_FOUND")
    names = [s["name"] for s in (await client.get("/v1/sim/sandboxes")).json()]
    assert "ghost" not in names


async def test_import_creates_a_sandbox_within_the_cap(catalog: Catalog) -> None:
    app = create_app(Settings(max_sandboxes=1), catalog)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        await _ok(await c.get("/v1/vehicles"))  # the one sandbox: "default"
        document = await _ok(await c.get("/v1/sim/sandboxes/default/export"))
        r = await c.put("/v1/sim/sandboxes/b/import", json=document, headers={"X-Sandbox": "b"})
        assert (r.status_code, r.json()["code"]) == (429, "SANDBOX_LIMIT")
        await _ok(await c.delete("/v1/sim/sandboxes/default"), 204)
        await _ok(
            await c.put("/v1/sim/sandboxes/b/import", json=document, headers={"X-Sandbox": "b"})
        )


async def test_a_full_sandbox_exports_within_the_body_limit(owner: httpx.AsyncClient) -> None:
    """Trips, chats (every turn kept), commands and profiles at their default caps: the document
    (about 0.5 MB) fits the 1 MiB body limit, so it imports back. Only chats whose every turn is
    2,000 CJK characters (about 1.3 MB) would not: INCAR_MAX_BODY_BYTES is the remedy."""
    plan = {"vehicle_id": "ix3-shanghai", "destination": "北京", "waypoints": ["杭州", "南京"]}
    for _ in range(8):
        await _ok(await owner.post("/v1/trips/plan", json=plan))
    for _ in range(10):
        created = await owner.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
        url = f"/v1/chat/sessions/{created.json()['session_id']}/messages"
        for _ in range(20):
            await _ok(await owner.post(url, json={"text": "帮我找个充电站，再看看附近有什么吃的"}))
    for _ in range(100):
        await _ok(
            await owner.post("/v1/vehicles/ix3-shanghai/commands", json={"type": "honk"}), 202
        )
    while (await owner.post("/v1/profiles", json={"name": "Sam"})).status_code == 201:
        pass
    document = (await owner.get(f"{URL}/export")).content
    parsed = json.loads(document)
    assert [len(parsed[k]) for k in ("trips", "chats", "profiles")] == [8, 10, 50]
    assert len(parsed["world"]["commands"]) == 100
    assert 400_000 < len(document) < 1024 * 1024
    json_type = {"content-type": "application/json"}
    await _ok(await owner.put(f"{URL}/import", content=document, headers=json_type))
