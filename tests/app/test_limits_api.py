"""Per-sandbox caps over HTTP: settings reach every store, and a full store answers 429."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from agents.catalog import Catalog
from agents.limits import SandboxLimits
from app.main import create_app
from app.runtime import sandbox_limits
from app.settings import Settings

pytestmark = pytest.mark.anyio

KEY = {
    "holder_name": "李娜",
    "valid_from": "2026-06-01T09:00:00+08:00",
    "valid_until": "2026-06-01T18:00:00+08:00",
}
FLASH = {"type": "flash_lights"}


def test_domain_defaults_are_the_settings_defaults() -> None:
    assert sandbox_limits(Settings()) == SandboxLimits()


def test_settings_reach_the_limits() -> None:
    settings = Settings(max_trips=2, max_chat_sessions=3, journal_size=7, journal_max_bytes=4096)
    limits = sandbox_limits(settings)
    assert (limits.max_trips, limits.max_chat_sessions) == (2, 3)
    assert (limits.journal_size, limits.journal_max_bytes) == (7, 4096)


@pytest.fixture
async def tight(catalog: Catalog) -> AsyncIterator[httpx.AsyncClient]:
    """An app whose every cap is tiny (4 fixture profiles, so one more fits)."""
    settings = Settings(
        max_trips=1,
        max_chat_sessions=1,
        max_commands=1,
        max_keys_per_vehicle=2,
        max_profiles=5,
        journal_size=3,
    )
    transport = httpx.ASGITransport(app=create_app(settings, catalog))
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as client:
        yield client


async def test_profile_limit_is_a_429_problem(tight: httpx.AsyncClient) -> None:
    assert (await tight.post("/v1/profiles", json={"name": "Tom"})).status_code == 201
    full = await tight.post("/v1/profiles", json={"name": "Ann"})
    assert full.status_code == 429
    assert full.headers["content-type"] == "application/problem+json"
    assert full.json() == {
        "type": "https://incar-sim.dev/problems/profile-limit",
        "title": "Too Many Requests",
        "status": 429,
        "detail": "Too many driver profiles in this sandbox.",
        "code": "PROFILE_LIMIT",
        "message": {
            "zh": "驾驶者档案数量已达上限。",
            "en": "Too many driver profiles in this sandbox.",
        },
        "hint": "The cap is 5 (setting INCAR_MAX_PROFILES). The fixture profiles count too. "
        "DELETE /v1/profiles/{id} to make room.",
    }
    assert len((await tight.get("/v1/profiles")).json()) == 5


async def test_trip_limit_when_the_only_trip_is_under_way(tight: httpx.AsyncClient) -> None:
    body = {"vehicle_id": "ix3-shanghai", "destination": "杭州", "plan_meals": False}
    first = (await tight.post("/v1/trips/plan", json=body)).json()
    second = await tight.post("/v1/trips/plan", json=body)
    assert second.json()["trip_id"] == "trip-0002"  # the planned trip-0001 made room
    assert [t["trip_id"] for t in (await tight.get("/v1/trips")).json()] == ["trip-0002"]
    gone = await tight.get(f"/v1/trips/{first['trip_id']}")
    assert (gone.status_code, gone.json()["code"]) == (404, "TRIP_NOT_FOUND")
    assert (await tight.post("/v1/trips/trip-0002/start")).status_code == 200
    full = await tight.post("/v1/trips/plan", json=body)
    assert (full.status_code, full.json()["code"]) == (429, "TRIP_LIMIT")
    assert full.json()["hint"].startswith("The cap is 1 (setting INCAR_MAX_TRIPS).")


async def test_command_limit_while_one_is_pending(tight: httpx.AsyncClient) -> None:
    sent = await tight.post("/v1/vehicles/ix3-shanghai/commands", json=FLASH)
    assert (sent.status_code, sent.json()["command_id"]) == (202, "cmd-0001")
    full = await tight.post("/v1/vehicles/ix3-shanghai/commands", json=FLASH)
    assert (full.status_code, full.json()["code"]) == (429, "COMMAND_LIMIT")
    listed = (await tight.get("/v1/vehicles/ix3-shanghai/commands")).json()
    assert [c["command_id"] for c in listed] == ["cmd-0001"]


async def test_key_limit_then_a_revoked_key_makes_room(tight: httpx.AsyncClient) -> None:
    url = "/v1/vehicles/ix3-shanghai/keys"
    assert (await tight.post(url, json=KEY)).json()["key_id"] == "key-ix3-shanghai-2"
    full = await tight.post(url, json=KEY)
    assert (full.status_code, full.json()["code"]) == (429, "KEY_LIMIT")
    assert (await tight.delete(f"{url}/key-ix3-shanghai-2")).status_code == 200
    again = await tight.post(url, json=KEY)
    assert (again.status_code, again.json()["key_id"]) == (201, "key-ix3-shanghai-3")
    assert [k["key_id"] for k in (await tight.get(url)).json()] == [
        "key-ix3-shanghai-1",
        "key-ix3-shanghai-3",
    ]


async def test_a_new_chat_session_drops_the_least_recently_used(tight: httpx.AsyncClient) -> None:
    body = {"vehicle_id": "ix3-shanghai"}
    first = (await tight.post("/v1/chat/sessions", json=body)).json()["session_id"]
    second = (await tight.post("/v1/chat/sessions", json=body)).json()["session_id"]
    assert (first, second) == ("chat-0001", "chat-0002")
    gone = await tight.post(f"/v1/chat/sessions/{first}/messages", json={"text": "hi"})
    assert (gone.status_code, gone.json()["code"]) == (404, "SESSION_NOT_FOUND")
    assert gone.json()["hint"] == (
        "chat-0001 was the least recently used session and was dropped to keep this sandbox "
        "within its session cap (INCAR_MAX_CHAT_SESSIONS); start a new one. "
        "Known session ids: chat-0002"
    )


async def test_journal_keeps_no_secrets_and_only_the_newest(tight: httpx.AsyncClient) -> None:
    await tight.get("/v1/vehicles?api_key=sk-live-123&limit=5")
    await tight.get("/v1/trips?vehicle_id=ix3-shanghai&X-Amz-Signature=abc")
    journal = (await tight.get("/v1/sim/journal")).json()
    # journal_size=3: the journal read itself is recorded after it answers.
    assert [(e["path"], e["query"]) for e in journal] == [
        ("/v1/vehicles", "api_key=***&limit=5"),
        ("/v1/trips", "vehicle_id=ix3-shanghai&X-Amz-Signature=***"),
    ]
    await tight.get("/v1/vehicles", params={"q": "x" * 5000})
    newest = (await tight.get("/v1/sim/journal")).json()
    assert [e["path"] for e in newest] == ["/v1/trips", "/v1/sim/journal", "/v1/vehicles"]
    assert newest[-1]["query"] == "q=" + "x" * 510 + "…[+4490 chars]"
