"""/docs and /redoc in headless Chromium with every request off this machine refused.

Both pages must render the whole API from this server alone, as they must offline or where a CDN
is blocked. Screenshots are left in artifacts/screenshots/.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = [pytest.mark.browser, pytest.mark.server]

LOOPBACK = {"127.0.0.1", "localhost"}
RENDER_TIMEOUT_MS = 30_000  # the whole spec, on a busy 2-core machine
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
KNOWN = [
    ("get", "/v1/vehicles"),
    ("post", "/v1/trips/plan"),
    ("post", "/v1/chat/sessions/{session_id}/messages"),
    ("post", "/compatible-mode/v1/chat/completions"),
]


@pytest.fixture(scope="module")
def spec(console_url: str) -> dict[str, Any]:
    response = httpx.get(f"{console_url}/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def blocked(page: Page) -> list[str]:
    """Every request to a host off this machine is refused, and listed here."""
    refused: list[str] = []

    def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", only_loopback)
    return refused


def listed(spec: dict[str, Any]) -> int:
    """How many entries both UIs list: each operation once under each of its tags."""
    return sum(
        len(op.get("tags") or ["default"])
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in METHODS
    )


def operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = spec["paths"][path][method]
    return found


def test_swagger_ui_lists_every_operation_offline(
    page: Page, console_url: str, blocked: list[str], spec: dict[str, Any]
) -> None:
    page.goto(f"{console_url}/docs")
    expect(page.locator(".info .title")).to_contain_text(
        f"{spec['info']['title']} {spec['info']['version']}", timeout=RENDER_TIMEOUT_MS
    )
    expect(page.locator(".opblock")).to_have_count(listed(spec))
    for method, path in KNOWN:
        block = page.locator(f'.opblock-{method}:has(.opblock-summary-path[data-path="{path}"])')
        expect(block.locator(".opblock-summary-description")).to_have_text(
            operation(spec, method, path)["summary"]
        )
    page.wait_for_load_state("networkidle")
    assert blocked == []


def test_redoc_renders_the_api_offline(
    page: Page, console_url: str, blocked: list[str], spec: dict[str, Any]
) -> None:
    page.goto(f"{console_url}/redoc")
    expect(page.locator("h1")).to_have_text(
        f"{spec['info']['title']} ({spec['info']['version']})", timeout=RENDER_TIMEOUT_MS
    )
    menu_items = page.locator('[role="menuitem"][data-item-id*="/operation/"]')
    expect(menu_items).to_have_count(listed(spec))
    for method, path in KNOWN:
        op = operation(spec, method, path)
        section = page.locator(f'[data-section-id="operation/{op["operationId"]}"]')
        expect(section.locator("h2")).to_have_text(op["summary"])
    # ReDoc hides its logo when the image fails; the package's copy is served from here.
    logo = page.locator('img[alt="redocly logo"]')
    expect(logo).to_be_visible()
    assert logo.evaluate("img => img.naturalWidth") > 0
    page.wait_for_load_state("networkidle")
    assert blocked == []
