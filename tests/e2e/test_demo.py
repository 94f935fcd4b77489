"""Demo mode in headless Chromium: the road-trip demo plays from start to arrival (skipping to
each moment), its proactive events appear in the chat panel, and screenshots of it are kept in
zh and en at the cockpit's and a laptop's size."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LAPTOP, WIDE, screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.server]

MOMENTS = ["low_soc", "meal_time", "arrival"]


def play_to_arrival(page: Page) -> None:
    """Skip to each moment and wait for its event in the chat panel."""
    expect(page.locator("#demo-bar")).to_be_visible()
    for count, kind in enumerate(MOMENTS, start=1):
        page.click("#demo-next")
        events = page.locator("#messages .msg-proactive")
        expect(events).to_have_count(count, timeout=15_000)
        expect(events.nth(count - 1)).to_have_attribute("data-event-kind", kind)
    expect(page.locator("#demo-next")).to_be_disabled(timeout=15_000)


def test_the_demo_plays_from_the_director_to_arrival(
    page: Page, console_url: str, sandbox: str
) -> None:
    page.goto(f"{console_url}/?sandbox={sandbox}&lang=en")
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    page.click("#director-toggle")
    page.click("#dir-demo")
    page.click("#director-close")
    play_to_arrival(page)
    low = page.locator("#messages .msg-proactive").first
    expect(low.locator(".card-charger_list")).to_be_visible()
    expect(low.locator(".btn-action")).to_have_count(1)
    meal = page.locator("#messages .msg-proactive").nth(1)
    expect(meal.locator(".speech")).to_contain_text("Vegetarian")
    expect(page.locator(".card-trip_summary")).to_contain_text("186")
    # The navigation tile says the car is there, not the time it had left before the jump.
    expect(page.locator("#nav-remaining")).to_have_text("Arrived")
    # Switching language re-tells the events in Chinese.
    page.click("[data-lang=zh]")
    expect(low.locator(".speech")).to_contain_text("电量只剩")
    expect(page.locator("#nav-remaining")).to_have_text("已到达")


@pytest.mark.parametrize("viewport", [WIDE, LAPTOP], ids=["1920x720", "1280x800"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_screenshots(
    browser: object, console_url: str, sandbox: str, lang: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, locale="en-US")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        name = f"{sandbox}-{lang}-{viewport['width']}"[:60]
        page.goto(f"{console_url}/?sandbox={name}&lang={lang}&demo=road-trip")
        expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=20_000)
        play_to_arrival(page)
        # The lunch moment is the one to show: scroll the chat to it.
        page.locator("#messages .msg-proactive").nth(1).scroll_into_view_if_needed()
        size = f"{viewport['width']}x{viewport['height']}"
        page.screenshot(path=str(screenshot_path(f"demo-road-trip-{lang}-{size}")))
    finally:
        context.close()
    assert errors == [], f"script errors in the console: {errors}"
