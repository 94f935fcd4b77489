"""The speaking seat over HTTP: on the session, per message, validated."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio


async def test_the_session_and_each_message_say_who_speaks(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/v1/chat/sessions",
        json={"vehicle_id": "ix3-shanghai", "locale": "en", "seat": "passenger"},
    )
    assert (r.status_code, r.json()["seat"]) == (201, "passenger")
    sid = r.json()["session_id"]
    said = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "range?"})
    assert said.json()["seat"] == "passenger"
    other = await client.post(
        f"/v1/chat/sessions/{sid}/messages", json={"text": "range?", "seat": "rear_right"}
    )
    assert other.json()["seat"] == "rear_right"
    assert (await client.get(f"/v1/chat/sessions/{sid}")).json()["seat"] == "passenger"


async def test_the_driver_speaks_by_default(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})
    assert r.json()["seat"] == "driver"


@pytest.mark.parametrize("seat", ["trunk", "", "DRIVER", 3, None, "x" * 10_000])
async def test_an_unknown_seat_is_a_validation_error(
    client: httpx.AsyncClient, seat: object
) -> None:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "seat": seat})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "VALIDATION_ERROR"
    sid = (await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai"})).json()[
        "session_id"
    ]
    if seat is None:
        return  # a message may leave its seat out (null): the session's seat speaks
    m = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "hi", "seat": seat})
    assert (m.status_code, m.json()["code"]) == (422, "VALIDATION_ERROR")
    assert (await client.get(f"/v1/chat/sessions/{sid}")).json()["turns"] == 0
