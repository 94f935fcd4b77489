"""The console as a designer presents it (issue 13), in headless Chromium against one server:
commands that finish on screen, one language at a time, links that show the car they name,
chips and tiles that fit the car, a live telemetry stream, and the screenshots CI keeps.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Request, expect

from tests.e2e.conftest import LAPTOP, WIDE, screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Words a zh screen may still show: plates, model names, units, ids and numbers.
ALLOWED_LATIN = re.compile(
    r"^(BMW|iX|i|X|Li|[xse]Drive|e|km|kW|kWh|kPa|min|h|ms|s|cmd|incar|sim|[A-Z]{1,3})$"
)

# Every text node of an element, with the inputs' values and placeholders (what a driver reads).
TEXTS = """(root) => {
  const out = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (el && el.offsetParent !== null && walk.currentNode.textContent.trim()) {
      out.push(walk.currentNode.textContent.trim());
    }
  }
  for (const el of root.querySelectorAll("input")) out.push(el.placeholder);
  return out;
}"""


def open_page(page: Page, base: str, sandbox: str, **query: str) -> None:
    page.goto(f"{base}/?" + "&".join(f"{k}={v}" for k, v in {"sandbox": sandbox, **query}.items()))
    expect(page.locator("body")).to_have_attribute("data-ready", "true")


def english_words(texts: list[str]) -> list[str]:
    words = [w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text)]
    return [w for w in words if not ALLOWED_LATIN.match(w)]


def click_chip(page: Page, text: str) -> Any:
    before = page.locator(".msg-assistant .bubble[data-done]").count()
    page.locator("#chips .chip", has_text=text).click()
    expect(page.locator(".msg-assistant .bubble[data-done]")).to_have_count(before + 1)
    return page.locator(".msg-assistant:not(.welcome) .bubble").nth(before)


def test_a_confirmed_lock_finishes_on_screen_without_touching_the_clock(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    clock_calls: list[str] = []
    page.on(
        "request",
        lambda r: (
            clock_calls.append(r.url) if "/v1/sim/clock" in r.url and r.method == "POST" else None
        ),
    )
    open_page(page, console_url, sandbox, scenario="unlocked-car-park", lang="en")
    expect(page.locator("#lock-state")).to_have_text("Unlocked")
    clock_before = api.get("/v1/sim/clock").json()["now"]

    reply = click_chip(page, "Lock the car")
    expect(reply.locator(".speech")).to_have_text("Shall I lock the car?")
    reply.locator(".btn-action").click()
    expect(page.locator("#confirm")).to_be_visible()
    page.click("#confirm-yes")

    done = page.locator(".msg-assistant .bubble").last
    expect(done.locator(".command-status")).to_have_attribute("data-state", "sending")
    expect(page.locator("#lock-state")).to_have_text("Locked", timeout=5_000)
    expect(done.locator(".command-status")).to_have_text("Done by the car")
    assert api.get("/v1/vehicles/x5-phev-suzhou").json()["state"]["security"]["locked"] is True
    # the console settled its own command: the clock moved exactly to its execution (T + 5 s)
    assert clock_calls == []
    assert api.get("/v1/sim/clock").json()["now"] == clock_before.replace(":20:00", ":20:05")


def test_switching_to_chinese_rerenders_the_whole_conversation(
    page: Page, console_url: str, sandbox: str
) -> None:
    open_page(page, console_url, sandbox, scenario="low-battery-expressway", lang="en")
    expect(page.locator("#energy-value")).to_have_text("12%")
    status = click_chip(page, "How is the car?")
    expect(status.locator('[data-card-type="status"]')).to_be_visible()
    chargers = click_chip(page, "Chargers nearby?")
    expect(chargers.locator('[data-card-type="charger_list"]')).to_be_visible()
    # distances on cards are whole kilometres
    for line in chargers.locator(".card-item .muted").all_inner_texts():
        assert re.search(r" · (\d+|<1) km · ", line), line
    page.screenshot(path=str(screenshot_path("console-chat-en")))

    page.click("#lang-zh")
    expect(page.locator("#composer-send")).to_have_text("发送")
    expect(status.locator(".agent")).to_have_text("车辆管家")
    panel = page.locator("#assistant-panel")
    expect(panel.locator(".msg-user .bubble").first).to_have_text("车况怎么样？")
    texts: list[str] = panel.evaluate(TEXTS)
    assert english_words(texts) == [], texts
    assert any("充电" in text for text in texts)
    page.screenshot(path=str(screenshot_path("console-chat-zh")))

    # and back: the same conversation in English again
    page.click("#lang-en")
    expect(panel.locator(".msg-user .bubble").first).to_have_text("How is the car?")


def test_every_console_label_has_chinese(page: Page, console_url: str, sandbox: str) -> None:
    open_page(page, console_url, sandbox, lang="zh", director="1")
    expect(page.locator("#energy-value")).to_be_visible()
    expect(page.locator("#dir-light option").first).to_be_attached()
    texts: list[str] = page.locator("#app").evaluate(TEXTS)
    texts += page.locator("#dir-light option").all_inner_texts()
    for select in ("#dir-scenario", "#dir-vehicle", "#dir-fault", "#dir-latency"):
        texts += page.locator(f"{select} option").all_inner_texts()
    assert english_words(texts) == [], texts
    red = page.locator("#dir-light option", has_text="制动").first.inner_text()
    assert red.endswith("（红色）"), red


def test_a_scenario_link_shows_its_focus_car_and_its_plate(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    plates = {v["id"]: v["plate"] for v in api.get("/v1/vehicles").json()}
    open_page(page, console_url, sandbox, scenario="car-asleep", lang="en")
    expect(page.locator("#asleep-card")).to_be_visible()
    expect(page.locator("#vehicle-name")).to_have_text("BMW i5 eDrive40")
    expect(page.locator("#vehicle-plate")).to_have_text(plates["i5-hangzhou"])
    assert plates["i5-hangzhou"] == "浙A·D52817"
    assert "vehicle=i5-hangzhou" in page.url

    # a Director load switches to that scenario's car, plate and all, and back again
    page.click("#director-toggle")
    page.select_option("#dir-scenario", "unlocked-car-park")
    page.click("#dir-load")
    expect(page.locator("#vehicle-plate")).to_have_text(plates["x5-phev-suzhou"])
    expect(page.locator("#lock-state")).to_have_text("Unlocked")
    page.select_option("#dir-scenario", "car-asleep")
    page.click("#dir-load")
    expect(page.locator("#asleep-card")).to_be_visible()
    expect(page.locator("#vehicle-name")).to_have_text("BMW i5 eDrive40")
    expect(page.locator("#vehicle-plate")).to_have_text(plates["i5-hangzhou"])


def chip_texts(page: Page) -> list[str]:
    expect(page.locator("#chips .chip").first).to_be_visible()
    return page.locator("#chips .chip").all_inner_texts()


def test_chips_fit_the_car_and_the_moment(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    # a petrol car: range, not chargers
    open_page(page, console_url, sandbox, vehicle="325li-beijing", lang="en")
    expect(page.locator("#energy-value")).to_be_visible()
    assert chip_texts(page) == ["How is the car?", "How far can I go?", "Drive to Shanghai"]
    # after a turn the API's suggestions are filtered too: no "Chargers nearby" for petrol
    click_chip(page, "How is the car?")
    assert not any("harger" in c for c in chip_texts(page))

    # a brake fault: no road trip
    open_page(page, console_url, sandbox, scenario="warning-lights", lang="en")
    expect(page.locator('#alerts-list [data-alert-id="light:brake-system"]')).to_be_visible()
    assert not any(c.startswith("Drive to") for c in chip_texts(page))

    # unlocked with a hot cabin: lock it, cool it
    open_page(page, console_url, sandbox, scenario="unlocked-car-park", lang="en")
    expect(page.locator("#lock-state")).to_have_text("Unlocked")
    assert chip_texts(page) == [
        "How is the car?",
        "Chargers nearby?",
        "Lock the car",
        "Turn on the A/C",
    ]


def test_one_alert_per_problem_in_its_severity_colour(
    page: Page, console_url: str, sandbox: str
) -> None:
    open_page(page, console_url, sandbox, scenario="low-tire-pressure", lang="en")
    tyre = page.locator("#alerts-list .alert", has_text="Tyre pressure low")
    expect(tyre).to_have_count(1)
    expect(tyre).to_have_attribute("data-severity", "critical")
    colour = tyre.locator(".severity-dot").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 77, 94)"  # --critical
    open_page(page, console_url, sandbox, scenario="charging-error", lang="en")
    expect(page.locator("#alerts-list .alert")).to_have_count(1)
    expect(page.locator("#alerts-list .alert")).to_contain_text("Charging error")


def test_an_infeasible_trip_is_a_red_badge(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    api.patch(
        "/v1/sim/vehicles/ix3-shanghai/state",
        json={"battery": {"soc_pct": 3, "range_km": 19}},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    open_page(page, console_url, sandbox, vehicle="ix3-shanghai", lang="en")
    page.fill("#plan-destination", "Beijing")
    page.click("#plan-button")
    badge = page.locator("#trip-status")
    expect(badge).to_have_text("Can't make it")
    expect(badge).to_have_class(re.compile(r"severity-critical"))


BOX_OVERLAPS = """() => {
  const boxes = (sel) => [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect());
  const labels = boxes('#trip-map .map-label, #trip-map .stop-label');
  const markers = [...document.querySelectorAll(
    '#trip-map .stop-marker > circle, #trip-map .endpoint > circle:first-child, #trip-map .car-halo'
  )].map((e) => e.getBoundingClientRect());
  const hit = (a, b) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const bad = [];
  labels.forEach((l, i) => markers.forEach((m) => {
    // a label may touch its marker's box corner, never cover its circle: shrink to the circle
    const c = {x: (m.left + m.right) / 2, y: (m.top + m.bottom) / 2, r: m.width / 2};
    const nx = Math.max(l.left, Math.min(c.x, l.right));
    const ny = Math.max(l.top, Math.min(c.y, l.bottom));
    if ((nx - c.x) ** 2 + (ny - c.y) ** 2 < (c.r - 1) ** 2) bad.push(['marker', i]);
  }));
  labels.forEach((a, i) => labels.forEach((b, j) => {
    if (i < j && hit(a, b)) bad.push(['label', i, j]);
  }));
  return [labels.length, bad];
}"""


def test_driving_shows_the_place_and_labels_keep_off_the_markers(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    open_page(page, console_url, sandbox, vehicle="ix3-shanghai", lang="en")
    page.fill("#plan-destination", "Beijing")
    page.click("#plan-button")
    expect(page.locator("#start-button")).to_be_visible()
    page.click("#start-button")
    expect(page.locator("#trip-status")).to_have_text("Driving")
    api.post("/v1/sim/clock", json={"advance_s": 2 * 3600})
    state = api.get("/v1/vehicles/ix3-shanghai").json()["state"]
    assert state["motion"]["speed_kmh"] > 0
    expect(page.locator("#address")).to_have_text(state["location"]["address"]["en"])
    expect(page.locator("#energy-value")).to_have_text(f"{round(state['battery']['soc_pct'])}%")
    count, overlaps = page.evaluate(BOX_OVERLAPS)
    assert count >= 5
    assert overlaps == []


def test_the_console_follows_the_telemetry_stream_not_a_poll(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    snapshot_url = f"{console_url}/v1/vehicles/ix3-shanghai"
    snapshots: list[Request] = []
    page.on("request", lambda r: snapshots.append(r) if r.url == snapshot_url else None)
    trip = api.post("/v1/trips/plan", json={"vehicle_id": "ix3-shanghai", "destination": "Nanjing"})
    api.post(f"/v1/trips/{trip.json()['trip_id']}/start")
    open_page(page, console_url, sandbox, vehicle="ix3-shanghai", lang="en")
    expect(page.locator("body")).to_have_attribute("data-live", "true")
    expect(page.locator("#speed-value")).not_to_have_text("0")
    page.wait_for_timeout(1_200)  # past the first second, when a poll would have come
    polled = len(snapshots)

    api.post("/v1/sim/clock", json={"advance_s": 1800})
    state = api.get("/v1/vehicles/ix3-shanghai").json()["state"]
    expect(page.locator("#energy-value")).to_have_text(f"{round(state['battery']['soc_pct'])}%")
    expect(page.locator("#sim-clock")).to_have_text("08:30")
    marker = page.locator("#car-marker")
    expect(marker).to_have_attribute("data-lon", str(state["location"]["coordinates"]["lon"]))
    assert len(snapshots) == polled


@pytest.mark.parametrize("page", [WIDE, LAPTOP], indirect=True, ids=["1920x720", "1280x800"])
def test_screenshots_in_both_languages(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    size = page.viewport_size
    assert size is not None
    name = f"{size['width']}x{size['height']}"
    # a road trip under way: Shanghai to Beijing, three hours in, with a question answered
    open_page(page, console_url, sandbox, scenario="road-trip-ready", lang="en")
    page.fill("#plan-destination", "Beijing")
    page.click("#plan-button")
    expect(page.locator("#start-button")).to_be_visible()
    page.click("#start-button")
    expect(page.locator("#trip-status")).to_have_text("Driving")
    api.post("/v1/sim/clock", json={"advance_s": 3 * 3600})
    expect(page.locator("#sim-clock")).to_have_text("10:00")
    click_chip(page, "How is the car?")
    for lang, button in (("en", "#lang-en"), ("zh", "#lang-zh")):
        page.click(button)
        expect(page.locator("html")).to_have_attribute("lang", "en" if lang == "en" else "zh-CN")
        page.screenshot(path=str(screenshot_path(f"console-{lang}-{name}")))
        overflow = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        assert overflow == [size["width"], size["height"]]


def test_a_broken_stream_falls_back_to_polling_and_reconnects(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    snapshot_url = f"{console_url}/v1/vehicles/ix3-shanghai"
    snapshots: list[Request] = []
    page.on("request", lambda r: snapshots.append(r) if r.url == snapshot_url else None)
    # every telemetry connection breaks after its first frame, as a flaky network would
    rule = {"path_prefix": "/v1/vehicles/ix3-shanghai/telemetry", "fault": "drop-stream"}
    assert api.put("/v1/sim/faults", json={"rules": [rule]}).status_code == 200
    open_page(page, console_url, sandbox, vehicle="ix3-shanghai", lang="en")
    expect(page.locator("body")).to_have_attribute("data-live", "false")
    polled = len(snapshots)
    page.wait_for_timeout(2_500)
    assert len(snapshots) >= polled + 2  # about once a second while the stream is down
    api.patch(
        "/v1/sim/vehicles/ix3-shanghai/state",
        json={"battery": {"soc_pct": 47, "range_km": 290}},
        headers={"Content-Type": "application/merge-patch+json"},
    )
    expect(page.locator("#energy-value")).to_have_text("47%")

    # the network heals: the console is back on the stream and stops polling every second
    assert api.delete("/v1/sim/faults").status_code == 204
    expect(page.locator("body")).to_have_attribute("data-live", "true", timeout=10_000)
    page.wait_for_timeout(300)
    settled = len(snapshots)
    page.wait_for_timeout(2_500)
    assert len(snapshots) == settled
