"""IncarClient and AsyncIncarClient against the app in process: typed answers, typed problems,
the chat stream as typed events and journal assertions."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from incar_client import (
    AsyncIncarClient,
    CardEvent,
    IncarClient,
    NotFound,
    SpeechDeltaEvent,
    TurnEndEvent,
    TurnStartEvent,
    ValidationFailed,
)

from tests.e2e.conftest import ROOT, free_port

BASE = "http://incar.test"
CAR = "ix3-shanghai"


@pytest.fixture
async def incar_async(app: FastAPI) -> AsyncIterator[AsyncIncarClient]:
    transport = httpx.ASGITransport(app=app)
    async with AsyncIncarClient(BASE, sandbox="client-async", transport=transport) as client:
        yield client


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """`incar serve` on a loopback port: httpx's sync client cannot drive an ASGI app in process
    (and Starlette's TestClient transport is built on another httpx)."""
    port = free_port()
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, "the server exited"
            try:
                httpx.get(f"{base}/healthz", timeout=0.5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def incar(server_url: str, request: pytest.FixtureRequest) -> Iterator[IncarClient]:
    with IncarClient(server_url, sandbox="client-sync") as client:
        with contextlib.suppress(NotFound):  # left over from an earlier test
            client.sandboxes.delete()
        yield client
        with contextlib.suppress(NotFound):
            client.sandboxes.delete()


@pytest.mark.anyio
async def test_answers_are_typed_models(incar_async: AsyncIncarClient) -> None:
    snapshot = await incar_async.vehicles.get(CAR)
    assert snapshot.id == CAR
    battery = await incar_async.vehicles.battery(CAR)
    assert battery.data.soc_pct == 80.0
    accepted = await incar_async.commands.send(CAR, "flash_lights")
    assert (accepted.command_id, accepted.status) == ("cmd-0001", "pending")
    await incar_async.sim.clock(advance_s=60)
    command = await incar_async.commands.get(CAR, accepted.command_id)
    assert command.status == "executed"


@pytest.mark.anyio
async def test_a_problem_is_a_typed_exception(incar_async: AsyncIncarClient) -> None:
    with pytest.raises(NotFound) as missing:
        await incar_async.vehicles.get("ix9")
    assert missing.value.status == 404
    assert missing.value.code == "VEHICLE_NOT_FOUND"
    assert missing.value.message is not None
    assert set(missing.value.message) == {"zh", "en"}
    assert missing.value.problem is not None
    assert missing.value.problem["status"] == 404
    with pytest.raises(ValidationFailed) as invalid:
        await incar_async.sim.clock(advance_s=-5)
    assert (invalid.value.status, invalid.value.code) == (422, "VALIDATION_ERROR")


@pytest.mark.anyio
async def test_the_chat_stream_yields_typed_events(incar_async: AsyncIncarClient) -> None:
    session = await incar_async.chat.start(CAR, locale="en")
    events = [event async for event in incar_async.chat.stream(session.session_id, "Range?")]
    assert isinstance(events[0], TurnStartEvent)
    assert events[0].data.session_id == session.session_id
    end = events[-1]
    assert isinstance(end, TurnEndEvent)
    speech = "".join(e.data.text for e in events if isinstance(e, SpeechDeltaEvent))
    assert speech == end.data.speech
    cards = [e.data for e in events if isinstance(e, CardEvent)]
    assert cards == end.data.cards
    assert [e.id for e in events] == [str(n) for n in range(len(events))]


def test_the_sync_client_streams_and_raises_the_same(incar: IncarClient) -> None:
    session = incar.chat.start(CAR, locale="en")
    events = list(incar.chat.stream(session.session_id, "Range?"))
    assert isinstance(events[-1], TurnEndEvent)
    assert events[-1].data.session_id == session.session_id
    with pytest.raises(NotFound) as missing:
        list(incar.chat.stream("chat-9999", "hello"))
    assert missing.value.code == "SESSION_NOT_FOUND"


def test_assert_called_matches_a_path_template(incar: IncarClient) -> None:
    incar.commands.send(CAR, "flash_lights")
    incar.commands.send(CAR, "honk")
    found = incar.journal.assert_called("post", "/v1/vehicles/{id}/commands", times=2)
    assert [(e.method, e.path, e.status) for e in found] == [
        ("POST", f"/v1/vehicles/{CAR}/commands", 202),
        ("POST", f"/v1/vehicles/{CAR}/commands", 202),
    ]
    assert incar.journal.assert_called("POST", f"/v1/vehicles/{CAR}/commands") == found


def test_assert_called_fails_with_a_listing_of_every_call(incar: IncarClient) -> None:
    incar.vehicles.get(CAR)
    incar.commands.send(CAR, "flash_lights")
    with pytest.raises(AssertionError) as failure:
        incar.journal.assert_called("POST", "/v1/vehicles/{id}/keys")
    assert str(failure.value) == (
        "expected POST /v1/vehicles/{id}/keys to be called at least once, "
        "but it was called 0 times.\n"
        "The journal of sandbox 'client-sync' holds 2 call(s):\n"
        f"  #1 GET /v1/vehicles/{CAR} -> 200\n"
        f"  #2 POST /v1/vehicles/{CAR}/commands -> 202"
    )
    with pytest.raises(AssertionError, match="to be called 3 times, but it was called once"):
        incar.journal.assert_called("POST", "/v1/vehicles/{id}/commands", times=3)
    # a placeholder stands for exactly one segment
    with pytest.raises(AssertionError):
        incar.journal.assert_called("GET", "/v1/{id}")


def test_the_client_binds_its_sandbox(incar: IncarClient) -> None:
    assert incar.sandbox == "client-sync"
    assert incar.http.headers["X-Sandbox"] == "client-sync"
    incar.sim.clock(advance_s=3600)
    with IncarClient(str(incar.http.base_url)) as other:
        assert other.sandbox == "default"
        assert other.sim.clock().now != incar.sim.clock().now
        incar.sandboxes.delete()
        assert "client-sync" not in [s.name for s in other.sandboxes.list()]
