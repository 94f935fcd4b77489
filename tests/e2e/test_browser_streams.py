"""A browser's own EventSource, which cannot set headers, reaches its sandbox by `?sandbox=` and
passes the API key by `?api_key=`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import running_server

pytestmark = pytest.mark.browser

# Opens an EventSource and resolves with the first telemetry frame's data (or the error).
FIRST_FRAME = """
(url) => new Promise((resolve) => {
  const source = new EventSource(url);
  source.addEventListener("telemetry", (event) => { source.close(); resolve(event.data); });
  source.onerror = () => { source.close(); resolve("error"); };
})
"""


def first_frame(page: Any, url: str) -> Any:
    page.goto(url.split("/v1/")[0] + "/")
    return page.evaluate(FIRST_FRAME, url)


def test_event_source_streams_the_sandbox_it_names(
    page: Any, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    patched = api.patch("/v1/sim/vehicles/ix3-shanghai/state", json={"battery": {"soc_pct": 23}})
    assert patched.status_code == 200

    url = f"{console_url}/v1/vehicles/ix3-shanghai/telemetry?sandbox={sandbox}&max_frames=1"
    assert json.loads(first_frame(page, url))["soc_pct"] == 23.0
    default = f"{console_url}/v1/vehicles/ix3-shanghai/telemetry?max_frames=1"
    assert json.loads(first_frame(page, default))["soc_pct"] == 80.0


@pytest.fixture(scope="module")
def keyed_url() -> Iterator[str]:
    """A server that wants an API key."""
    with running_server({"INCAR_API_KEYS": "k-browser"}) as base:
        yield base


def test_event_source_passes_the_api_key_in_the_query(page: Any, keyed_url: str) -> None:
    stream = f"{keyed_url}/v1/vehicles/ix3-shanghai/telemetry?max_frames=1"
    assert first_frame(page, stream) == "error"  # no key: 401
    frame = json.loads(first_frame(page, stream + "&api_key=k-browser&sandbox=keyed"))
    assert frame["vehicle_id"] == "ix3-shanghai"
