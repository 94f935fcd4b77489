"""pytest plugin `incar`: a client per test, bound to a sandbox of its own.

Loaded through the `pytest11` entry point whenever `incar-sim-client` is installed. The server is
`--incar-url` (or `INCAR_URL`); without either, and with the server package (`app`) importable, one
`incar serve` is started on a free loopback port the first time a test needs it and stopped when
the session ends. Every test's sandbox name carries the xdist worker id and a random fragment, so
parallel workers (and parallel CI jobs sharing one server) never meet.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import IO, Any

import httpx
import pytest

from incar_client import AsyncIncarClient, IncarClient, NotFound

__all__ = ["incar_api_key", "incar_url", "new_sandbox_name"]

URL_ENV = "INCAR_URL"
API_KEY_ENV = "INCAR_API_KEY"
SERVER_START_TIMEOUT_S = 30.0
SERVER_STOP_TIMEOUT_S = 10.0  # `incar serve` exits within 5 s of SIGTERM
MAX_NAME = 64
_INVALID_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class _ServerState:
    """What this session knows about its server: the URL once found, or why there is none."""

    url: str | None = None
    error: str | None = None
    process: subprocess.Popen[bytes] | None = None
    log: IO[bytes] | None = None
    names: Iterator[int] = field(default_factory=lambda: itertools.count(1))


_STATE = pytest.StashKey[_ServerState]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("incar", "incar-sim")
    group.addoption(
        "--incar-url",
        default=None,
        help=f"base URL of a running incar-sim server (env {URL_ENV}); without it, and with the "
        "server package importable, one server is started on a free loopback port",
    )
    group.addoption(
        "--incar-api-key",
        default=None,
        help=f"API key sent as a bearer token, for servers with INCAR_API_KEYS (env {API_KEY_ENV})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "incar_scenario(name): load this scenario into the test's incar sandbox before the test",
    )
    config.addinivalue_line(
        "markers",
        "incar_clock(iso_time): set the test's incar sandbox clock (ISO 8601) before the test, "
        "after any incar_scenario",
    )
    config.stash[_STATE] = _ServerState()


def incar_url(config: pytest.Config) -> str:
    """The server's base URL; starts the session's own server on first use if none was given.

    A server that cannot be reached or started fails the calling test with a readable message,
    and every later caller at once, instead of each waiting for the same timeout."""
    state = config.stash[_STATE]
    if state.url is None and state.error is None:
        given = config.getoption("incar_url") or os.environ.get(URL_ENV)
        try:
            state.url = _check_reachable(given) if given else _start_server(config, state)
        except _Unavailable as exc:
            state.error = str(exc)
    if state.error is not None:
        pytest.fail(state.error, pytrace=False)
    assert state.url is not None
    return state.url


def incar_api_key(config: pytest.Config) -> str | None:
    """The API key to send (`--incar-api-key` or `INCAR_API_KEY`), if any."""
    key: str | None = config.getoption("incar_api_key") or os.environ.get(API_KEY_ENV)
    return key


def new_sandbox_name(config: pytest.Config, hint: str) -> str:
    """A valid sandbox name no other test, worker or run will use: `<hint>-<worker>-<n>-<random>`.

    The worker id and per-process counter keep names apart within one run; the random fragment
    keeps two runs against the same server apart. The hint (a test name) is cut to fit 64."""
    worker = _INVALID_NAME_CHARS.sub("-", _worker_id(config))
    serial = next(config.stash[_STATE].names)
    suffix = f"-{worker}-{serial}-{uuid.uuid4().hex[:8]}"
    stem = _INVALID_NAME_CHARS.sub("-", hint).strip("-._") or "test"
    return stem[: MAX_NAME - len(suffix)].rstrip("-._") + suffix


@pytest.fixture(name="incar_url", scope="session")
def _incar_url_fixture(pytestconfig: pytest.Config) -> str:
    """Base URL of the incar-sim server the session tests against."""
    return incar_url(pytestconfig)


@pytest.fixture
def incar(request: pytest.FixtureRequest, incar_url: str) -> Iterator[IncarClient]:
    """An `IncarClient` on a fresh sandbox of this test's own, prepared by the incar_* markers
    and deleted afterwards, whether the test passed or not."""
    name = new_sandbox_name(request.config, request.node.name)
    key = incar_api_key(request.config)
    with IncarClient(incar_url, sandbox=name, api_key=key) as client:
        try:
            scenario, clock = _markers(request.node)
            if scenario is not None:
                client.sim.scenario(scenario)
            if clock is not None:
                client.sim.clock(set=clock)
            yield client
        finally:
            # As its own caller, so no admin token is needed; NotFound: the test never used it.
            with contextlib.suppress(NotFound):
                client.sandboxes.delete(name)


@pytest.fixture
async def incar_async(
    request: pytest.FixtureRequest, incar_url: str
) -> AsyncIterator[AsyncIncarClient]:
    """`incar` for AnyIO tests (`@pytest.mark.anyio`): an `AsyncIncarClient` on its own sandbox."""
    name = new_sandbox_name(request.config, request.node.name)
    key = incar_api_key(request.config)
    async with AsyncIncarClient(incar_url, sandbox=name, api_key=key) as client:
        try:
            scenario, clock = _markers(request.node)
            if scenario is not None:
                await client.sim.scenario(scenario)
            if clock is not None:
                await client.sim.clock(set=clock)
            yield client
        finally:
            with contextlib.suppress(NotFound):
                await client.sandboxes.delete(name)


class _Unavailable(Exception):
    """The server cannot be reached or started; the message says what to do."""


def _markers(node: pytest.Item) -> tuple[str | None, str | None]:
    return _marker_value(node, "incar_scenario"), _marker_value(node, "incar_clock")


def _marker_value(node: pytest.Item, marker_name: str) -> str | None:
    marker = node.get_closest_marker(marker_name)
    if marker is None:
        return None
    values = [*marker.args, *marker.kwargs.values()]
    if len(values) != 1 or not isinstance(values[0], str):
        pytest.fail(
            f"@pytest.mark.{marker_name} takes one string, e.g. "
            f"@pytest.mark.{marker_name}({_MARKER_EXAMPLES[marker_name]!r}); got {values!r}",
            pytrace=False,
        )
    return values[0]


_MARKER_EXAMPLES = {
    "incar_scenario": "low-battery-expressway",
    "incar_clock": "2026-06-01T12:00:00+08:00",
}


def _worker_id(config: pytest.Config) -> str:
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is not None and "workerid" in workerinput:
        return str(workerinput["workerid"])
    return os.environ.get("PYTEST_XDIST_WORKER") or "main"


def _check_reachable(url: str) -> str:
    base = url.rstrip("/")
    try:
        httpx.get(f"{base}/healthz", timeout=5.0).raise_for_status()
    except httpx.HTTPError as exc:
        raise _Unavailable(
            f"incar: cannot reach the incar-sim server at {base} (from --incar-url or "
            f"{URL_ENV}): {exc}. Start it with `incar serve`, or check the URL."
        ) from None
    return base


def _start_server(config: pytest.Config, state: _ServerState) -> str:
    spec = _server_package()
    if spec is None:
        raise _Unavailable(
            f"incar: no server given: pass --incar-url URL or set {URL_ENV} (the incar-sim "
            "server package `app` is not importable here, so none can be started)"
        )
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    state.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _stop_server)
    state.process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_server_env(spec),
        stdin=subprocess.DEVNULL,
        stdout=state.log,
        stderr=subprocess.STDOUT,
    )
    config.add_cleanup(lambda: _stop_server(state))
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        code = state.process.poll()
        if code is not None:
            raise _Unavailable(
                f"incar: the incar-sim server exited with code {code} before answering; its "
                f"output:\n{_log_tail(state.log)}"
            )
        try:
            httpx.get(f"{base}/healthz", timeout=0.5)
            return base
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise _Unavailable(
                    f"incar: the incar-sim server did not answer on {base} within "
                    f"{SERVER_START_TIMEOUT_S:.0f} s; its output:\n{_log_tail(state.log)}"
                ) from None
            time.sleep(0.05)


def _server_package() -> ModuleSpec | None:
    """The incar-sim server package `app`, if this environment has it. Looked up by its files,
    not imported: a tester's project may have an unrelated `app` of its own."""
    spec = importlib.util.find_spec("app")
    folders = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    if not any((f / "cli.py").is_file() and (f / "server.py").is_file() for f in folders):
        return None
    return spec


def _server_env(spec: ModuleSpec) -> dict[str, str]:
    """This environment, with `app` findable by the child even when only sys.path had it."""
    env = dict(os.environ)
    if spec.submodule_search_locations:
        root = str(Path(next(iter(spec.submodule_search_locations))).parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _stop_server(state: _ServerState) -> None:
    process, state.process = state.process, None
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if state.log is not None:
        state.log.close()
        state.log = None


def _log_tail(log: IO[bytes], limit: int = 4000) -> str:
    log.seek(0)
    return log.read().decode(errors="replace")[-limit:].strip() or "(nothing)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
