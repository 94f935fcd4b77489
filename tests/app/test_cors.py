"""app/cors.py answers exactly as Starlette's CORSMiddleware, for every kind of response."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware as StarletteCORS
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from app import cors
from app.cors import CORSMiddleware
from app.settings import LOOPBACK_ORIGIN_REGEX

pytestmark = pytest.mark.anyio


async def plain(_: Request) -> Response:
    return PlainTextResponse("plain", headers={"ETag": '"e1"'})


async def varies(_: Request) -> Response:
    # Already carries headers CORS sets: they must be merged as Starlette merges them.
    return PlainTextResponse(
        "varies", headers={"Vary": "Accept-Language", "Access-Control-Allow-Origin": "x"}
    )


def wrapped(middleware: type[StarletteCORS], **options: object) -> ASGIApp:
    inner = Starlette(routes=[Route("/plain", plain), Route("/varies", varies)])
    return middleware(inner, **options)  # type: ignore[arg-type]


OPTIONS: list[dict[str, object]] = [
    {
        "allow_origins": ["https://cockpit.example"],
        "allow_origin_regex": LOOPBACK_ORIGIN_REGEX,
        "allow_methods": ["*"],
        "allow_headers": ["*"],
        "expose_headers": ["ETag", "X-Request-Id", "Retry-After"],
    },
    {"allow_origins": ["*"], "allow_credentials": True},
    {"allow_origins": ["*"]},
]


@pytest.fixture(params=range(len(OPTIONS)))
async def pair(request: pytest.FixtureRequest) -> AsyncIterator[list[httpx.AsyncClient]]:
    options = OPTIONS[request.param]
    clients = [
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=wrapped(kind, **options)),
            base_url="http://incar.test",
        )
        for kind in (CORSMiddleware, StarletteCORS)
    ]
    yield clients
    for client in clients:
        await client.aclose()


@pytest.mark.parametrize("path", ["/plain", "/varies"])
@pytest.mark.parametrize(
    "origin",
    [None, "https://cockpit.example", "http://localhost:5173", "https://elsewhere.example"],
)
@pytest.mark.parametrize("method", ["GET", "POST", "OPTIONS"])
async def test_same_headers_as_starlette(
    pair: list[httpx.AsyncClient], path: str, origin: str | None, method: str
) -> None:
    headers = {} if origin is None else {"Origin": origin}
    if method == "OPTIONS":
        headers["Access-Control-Request-Method"] = "GET"
    ours, theirs = [await c.request(method, path, headers=headers) for c in pair]
    assert ours.status_code == theirs.status_code
    assert ours.headers.multi_items() == theirs.headers.multi_items()  # order too
    # Twice: the second answer comes from what was remembered for this Origin.
    again = await pair[0].request(method, path, headers=headers)
    assert again.headers.multi_items() == theirs.headers.multi_items()


async def test_origins_remembered_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cors, "MAX_REMEMBERED_ORIGINS", 2)
    app = wrapped(CORSMiddleware, **OPTIONS[0])
    assert isinstance(app, CORSMiddleware)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as client:
        for n in range(5):
            origin = f"http://localhost:{5170 + n}"
            answer = await client.get("/plain", headers={"Origin": origin})
            assert answer.headers["access-control-allow-origin"] == origin
    assert list(app._remembered) == [b"http://localhost:5170", b"http://localhost:5171"]
