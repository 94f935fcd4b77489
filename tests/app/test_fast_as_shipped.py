"""What keeps the polled snapshot and start-up cheap, without changing an answer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from agents.catalog import Catalog
from app import fastpath
from app.fastpath import SnapshotFastPath
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.anyio

SNAPSHOT = "/v1/vehicles/ix3-shanghai"
ROOT = Path(__file__).resolve().parents[2]


def fast_path_of(app: FastAPI) -> SnapshotFastPath:
    """The instance serving `app` (built on its first request)."""
    layer: object = app.middleware_stack
    while not isinstance(layer, SnapshotFastPath):
        layer = getattr(layer, "lane", None) or layer.app  # type: ignore[attr-defined]
    return layer


async def test_headers_follow_the_state_and_the_remembered_etags_are_capped(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastpath, "MAX_REMEMBERED_ETAGS", 2)
    assert (await client.get("/healthz")).status_code == 200
    fast = fast_path_of(app)
    fast._headers.clear()
    etags = []
    for soc in (40, 41, 42):
        patched = await client.patch(
            "/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": soc}}
        )
        assert patched.status_code == 200
        answer = await client.get(SNAPSHOT)
        assert answer.json()["state"]["battery"]["soc_pct"] == soc
        assert answer.headers["content-length"] == str(len(answer.content))
        etags.append(answer.headers["etag"])
        again = await client.get(SNAPSHOT, headers={"If-None-Match": answer.headers["etag"]})
        assert (again.status_code, again.content) == (304, b"")
        assert again.headers["etag"] == answer.headers["etag"]
        assert "content-length" not in again.headers
    assert len(set(etags)) == 3
    assert list(fast._headers) == [etags[2]]  # full at two: forgotten, then the newest kept
    old = await client.get(SNAPSHOT, headers={"If-None-Match": etags[0]})
    assert old.status_code == 200


async def test_http_skips_fastapis_call_only_without_telemetry(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = FastAPI.__call__

    async def counted(self: FastAPI, scope: dict[str, object], *args: object) -> None:
        calls.append(str(scope["type"]))
        await original(self, scope, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(FastAPI, "__call__", counted)
    for otel, expected in ((False, ["http"]), (True, ["http", "http"])):
        calls.clear()
        app = create_app(Settings(otel=otel), catalog)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://incar.test") as c:
            assert (await c.get("/healthz")).status_code == 200  # builds the stack
            assert (await c.get(SNAPSHOT)).status_code == 200
        assert calls == expected, otel


def test_a_cold_start_imports_no_sdk_that_only_some_requests_need() -> None:
    heavy = ("mcp", "dashscope", "openai", "httpx", "yaml", "incar_client", "schemathesis")
    code = (
        "import sys\n"
        "from app.cli import build_parser\n"
        "from app.main import create_app\n"
        "from app.server import ServeOptions\n"
        "ServeOptions().config(create_app())\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({heavy!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
