"""Pacing knobs are bounded, and a shutting-down server stops pacing."""

from __future__ import annotations

import anyio
import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from app.settings import Settings
from app.shutdown import ShutdownSignal, shutdown_signal

pytestmark = pytest.mark.anyio

SSE = {"Accept": "text/event-stream"}
COMPLETION = {
    "model": "incar-auto",
    "messages": [{"role": "user", "content": "how far can I go?"}],
    "stream": True,
    "vehicle_id": "ix3-shanghai",
}
# Values a float() would take (or a str.isdigit() would pass) that must not pace a stream.
OUT_OF_BOUNDS = [b"1e-300", b"NaN", b"Infinity", b"inf", b"-1", b"1.5", b"", b"5x", b"0x10"]
SUPERSCRIPT_TWO = "²".encode("latin-1")  # isdigit() is True, int() refuses it


async def new_session(client: httpx.AsyncClient) -> str:
    r = await client.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "locale": "en"})
    return str(r.json()["session_id"])


@pytest.mark.parametrize("value", [*OUT_OF_BOUNDS, SUPERSCRIPT_TWO, b"100001"])
async def test_chars_per_s_out_of_bounds_is_a_400(client: httpx.AsyncClient, value: bytes) -> None:
    sid = await new_session(client)
    headers = [
        (b"accept", b"text/event-stream"),
        (b"x-sim-first-token-ms", b"0"),
        (b"x-sim-chars-per-s", value),
    ]
    r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "hi"}, headers=headers)
    assert (r.status_code, r.headers["content-type"]) == (400, "application/problem+json")
    body = r.json()
    assert (body["code"], body["detail"]) == (
        "INVALID_SIM_HEADER",
        "X-Sim-Chars-Per-S must be a whole number from 0 to 100000.",
    )
    assert body["message"]["en"] == "X-Sim-Chars-Per-S is invalid."
    # Refused before the turn ran: the session heard nothing.
    assert (await client.get(f"/v1/chat/sessions/{sid}")).json()["turns"] == 0


@pytest.mark.parametrize("value", [*OUT_OF_BOUNDS, SUPERSCRIPT_TWO, b"60001"])
async def test_first_token_ms_out_of_bounds_is_a_400(
    client: httpx.AsyncClient, value: bytes
) -> None:
    sid = await new_session(client)
    headers = [(b"x-sim-first-token-ms", value)]  # a JSON answer refuses it too
    r = await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "hi"}, headers=headers)
    assert r.status_code == 400
    assert r.json()["detail"] == "X-Sim-First-Token-Ms must be a whole number from 0 to 60000."


async def test_compat_refuses_in_openai_shape(client: httpx.AsyncClient) -> None:
    r = await client.post(
        "/compatible-mode/v1/chat/completions",
        json=COMPLETION,
        headers={"X-Sim-Chars-Per-S": "NaN"},
    )
    assert r.status_code == 400
    assert r.json() == {
        "error": {
            "message": "X-Sim-Chars-Per-S must be a whole number from 0 to 100000.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_sim_header",
        }
    }


@pytest.mark.parametrize("chars_per_s", ["0", "100000"])
async def test_bounds_are_accepted(client: httpx.AsyncClient, chars_per_s: str) -> None:
    sid = await new_session(client)
    headers = {**SSE, "X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": chars_per_s}
    with anyio.fail_after(5):
        r = await client.post(
            f"/v1/chat/sessions/{sid}/messages", json={"text": "lock the car"}, headers=headers
        )
    assert r.status_code == 200
    assert [line for line in r.text.splitlines() if line.startswith("event: ")][-1] == (
        "event: turn.end"
    )


async def test_one_char_per_second_is_accepted_and_paces(client: httpx.AsyncClient) -> None:
    sid = await new_session(client)
    headers = {**SSE, "X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "1"}
    with anyio.move_on_after(0.5) as waited:  # a 400 would answer at once
        await client.post(f"/v1/chat/sessions/{sid}/messages", json={"text": "hi"}, headers=headers)
    assert waited.cancelled_caught  # still sending its speech, a character a second


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stream_chars_per_s", 1e-300),
        ("stream_chars_per_s", float("nan")),
        ("stream_chars_per_s", float("inf")),
        ("stream_chars_per_s", -1),
        ("stream_chars_per_s", 100_001),
        ("stream_first_token_ms", float("nan")),
        ("stream_first_token_ms", 60_001),
    ],
)
def test_settings_have_the_same_bounds(field: str, value: float) -> None:
    with pytest.raises(ValidationError):
        Settings(**{field: value})  # type: ignore[arg-type]


def test_settings_accept_the_bounds() -> None:
    s = Settings(stream_chars_per_s=1, stream_first_token_ms=60_000)
    assert (s.stream_chars_per_s, s.stream_first_token_ms) == (1, 60_000)
    assert Settings(stream_chars_per_s=0).stream_chars_per_s == 0


async def test_shutdown_ends_the_pacing(app: FastAPI, client: httpx.AsyncClient) -> None:
    """A minute per character, yet the whole turn arrives once the server starts stopping."""
    sid = await new_session(client)
    headers = {**SSE, "X-Sim-First-Token-Ms": "60000", "X-Sim-Chars-Per-S": "1"}
    answer: list[httpx.Response] = []

    async def ask() -> None:
        answer.append(
            await client.post(
                f"/v1/chat/sessions/{sid}/messages",
                json={"text": "find a charger"},
                headers=headers,
            )
        )

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tg:
            tg.start_soon(ask)
            await anyio.sleep(0.2)
            assert answer == []
            shutdown_signal(app).set()
    names = [line for line in answer[0].text.splitlines() if line.startswith("event: ")]
    assert (len(names), names[-1]) == (37, "event: turn.end")


async def test_shutdown_signal_wakes_every_sleeper() -> None:
    signal = ShutdownSignal()
    woke: list[bool] = []

    async def sleeper() -> None:
        woke.append(await signal.sleep(60))

    with anyio.fail_after(2):
        async with anyio.create_task_group() as tg:
            tg.start_soon(sleeper)
            tg.start_soon(sleeper)
            await anyio.sleep(0.05)
            assert not signal.stopping
            signal.set()
    assert woke == [True, True]
    assert await signal.sleep(60) is True  # already stopping: no wait at all
    assert await ShutdownSignal().sleep(0.01) is False
