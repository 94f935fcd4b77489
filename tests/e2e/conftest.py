"""Browser fixtures: `incar serve` on a loopback port and Debian's Chromium driven by Playwright.

No network here, so Playwright's own browser download is never used: the system `chromium` is
launched by path. Without it the browser tests skip, unless INCAR_REQUIRE_BROWSER=1 (CI), where a
missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDE = {"width": 1920, "height": 720}  # a cockpit's centre display
LAPTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        reason = "chromium not installed: apt-get install chromium"
        if os.environ.get("INCAR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"INCAR_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("INCAR_REQUIRE_BROWSER") == "1":
            pytest.fail("INCAR_REQUIRE_BROWSER=1 but the playwright package is missing")
        pytest.skip("playwright not installed: pip install -e '.[dev]'")
    return path


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """`incar serve` on a free loopback port with these settings; its base URL until the end."""
    port = free_port()
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port)]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}")
            try:
                httpx.get(f"{base}/healthz", timeout=0.5)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise TimeoutError("server did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def console_url() -> Iterator[str]:
    """The app under uvicorn, streaming chat quickly but still in pieces."""
    env = {
        "INCAR_STREAM_FIRST_TOKEN_MS": "50",
        "INCAR_STREAM_CHARS_PER_S": "1500",
        "INCAR_FAULT_TIMEOUT_S": "1",
    }
    with running_server(env) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # Waits, not speed bounds (a test that bounds a time passes its own timeout): on a loaded
    # 2-core CI machine Playwright's 5 s default was seen to run out while the page still did
    # the right thing.
    expect.set_options(timeout=10_000)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def sandbox(request: pytest.FixtureRequest) -> str:
    """A sandbox of its own per test, so the tests never see each other's world."""
    return "e2e-" + re.sub(r"[^a-z0-9-]+", "-", request.node.name.lower()).strip("-")[:50]


@pytest.fixture
def api(console_url: str, sandbox: str) -> Iterator[httpx.Client]:
    """The same sandbox as the page, for reading what the console should show."""
    with httpx.Client(base_url=console_url, headers={"X-Sandbox": sandbox}) as client:
        yield client


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name).strip('-')}.png"


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A page at the cockpit's size. Script errors fail the test; the last state is saved as
    artifacts/screenshots/<test-name>.png."""
    viewport = getattr(request, "param", WIDE)
    context = browser.new_context(viewport=viewport, locale="en-US")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield opened
        opened.screenshot(path=str(screenshot_path(request.node.name)))
    finally:
        context.close()
    assert errors == [], f"script errors in the console: {errors}"
