"""The demo console at `/` in headless Chromium, against a real uvicorn on a loopback port.

Every test has a sandbox of its own (`?sandbox=`), reads what the console should show from the
API in that sandbox, and leaves a screenshot in artifacts/screenshots/.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LAPTOP, WIDE, screenshot_path

pytestmark = [pytest.mark.browser, pytest.mark.server]

VEHICLE = "ix3-shanghai"


def open_console(page: Page, base: str, sandbox: str, lang: str = "en", **extra: str) -> None:
    query = "&".join(
        f"{k}={v}" for k, v in {"sandbox": sandbox, "vehicle": VEHICLE, **extra}.items()
    )
    page.goto(f"{base}/?{query}&lang={lang}")


def open_director(page: Page) -> None:
    if page.locator("#director").is_hidden():
        page.click("#director-toggle")
    expect(page.locator("#director")).to_be_visible()


def close_director(page: Page) -> None:
    if page.locator("#director").is_visible():
        page.click("#director-close")


def snapshot(api: httpx.Client) -> dict[str, Any]:
    response = api.get(f"/v1/vehicles/{VEHICLE}")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def plan_in_console(page: Page, destination: str) -> str:
    page.fill("#plan-destination", destination)
    page.click("#plan-button")
    expect(page.locator("#route-line")).to_be_attached()
    trip_id = page.locator("#trip-view").get_attribute("data-trip-id")
    assert trip_id
    return trip_id


def test_loading_a_scenario_changes_the_tiles(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    open_console(page, console_url, sandbox)
    before = snapshot(api)["state"]
    expect(page.locator("#energy-value")).to_have_text(f"{round(before['battery']['soc_pct'])}%")
    expect(page.locator("#speed-value")).to_have_text("0")

    open_director(page)
    page.select_option("#dir-scenario", "low-battery-expressway")
    page.click("#dir-load")

    # The click loads the scenario asynchronously: wait for the tile before reading the API.
    expect(page.locator("#energy-value")).to_have_text("12%")
    after = snapshot(api)["state"]
    assert after["battery"]["soc_pct"] == 12  # the scenario's stage, not the fixture's 80 %
    expect(page.locator("#energy-value")).to_have_class(re.compile(r"level-critical"))
    expect(page.locator("#range-value")).to_have_text(f"{round(after['battery']['range_km'])} km")
    expect(page.locator("#speed-value")).to_have_text(f"{round(after['motion']['speed_kmh'])}")
    expect(page.locator("#sim-clock")).to_have_text("11:40")
    alerts = api.get(f"/v1/vehicles/{VEHICLE}/alerts").json()["data"]
    assert [a["id"] for a in alerts] == ["battery-low"]
    low = page.locator('#alerts-list [data-alert-id="battery-low"]')
    expect(low).to_have_attribute("data-severity", "warning")
    expect(low).to_contain_text(alerts[0]["title"]["en"])
    close_director(page)


def reference_speech(api: httpx.Client, sandbox: str, locale: str, text: str) -> str:
    """The same question asked over plain JSON in a twin sandbox: what the stream must add up to."""
    headers = {"X-Sandbox": f"{sandbox}-ref-{locale}"}
    api.post("/v1/sim/scenario", json={"scenario": "low-battery-expressway"}, headers=headers)
    session = api.post(
        "/v1/chat/sessions", json={"vehicle_id": VEHICLE, "locale": locale}, headers=headers
    ).json()["session_id"]
    turn = api.post(
        f"/v1/chat/sessions/{session}/messages", json={"text": text}, headers=headers
    ).json()
    speech: str = turn["speech"]
    return speech


def ask(page: Page, text: str) -> Any:
    page.fill("#composer-input", text)
    page.click("#composer-send")
    reply = page.locator(".msg-assistant .bubble").last
    expect(reply).to_have_attribute("data-done", "true")
    return reply


def test_a_chat_question_streams_an_answer_in_both_languages(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    open_console(page, console_url, sandbox, scenario="low-battery-expressway")
    expect(page.locator("#energy-value")).to_have_text("12%")

    question_en = "How much battery is left?"
    reply = ask(page, question_en)
    expected_en = reference_speech(api, sandbox, "en", question_en)
    assert "12%" in expected_en
    expect(reply.locator(".speech")).to_have_text(expected_en)
    assert int(reply.get_attribute("data-deltas") or 0) > 1  # it arrived in pieces
    expect(reply.locator('[data-card-type="status"]')).to_be_visible()
    expect(page.locator("#chips .chip").first).to_be_visible()
    page.screenshot(
        path=str(screenshot_path("test_a_chat_question_streams_an_answer_in_both_languages-en"))
    )

    page.click("#lang-zh")
    expect(page.locator("#composer-send")).to_have_text("发送")
    question_zh = "还剩多少电？"
    reply = ask(page, question_zh)
    expected_zh = reference_speech(api, sandbox, "zh", question_zh)
    assert "12%" in expected_zh
    expect(reply.locator(".speech")).to_have_text(expected_zh)
    assert int(reply.get_attribute("data-deltas") or 0) > 1
    expect(reply.locator(".agent")).to_have_text("车辆管家")


def test_planning_a_trip_draws_the_route_with_its_stops(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    open_console(page, console_url, sandbox)
    expect(page.locator("#trip-empty")).to_contain_text("No route planned")

    trip_id = plan_in_console(page, "Beijing")
    plan = api.get(f"/v1/trips/{trip_id}").json()["plan"]
    coordinates = plan["route"]["geometry"]["coordinates"]
    route = page.locator("#route-line")
    expect(route).to_have_attribute("data-points", str(len(coordinates)))
    path = route.get_attribute("d") or ""
    assert len(re.findall(r"[ML]", path)) == len(coordinates)

    stops = plan["stops"]
    assert stops, "Shanghai to Beijing needs charging stops"
    markers = page.locator("#trip-map .stop-marker")
    expect(markers).to_have_count(len(stops))
    assert [markers.nth(i).get_attribute("data-kind") for i in range(len(stops))] == [
        s["kind"] for s in stops
    ]
    meals = [s for s in stops if s["meal"]]
    assert meals, "a 13-hour drive plans lunch and dinner"
    expect(page.locator("#trip-map .stop-marker.with-meal")).to_have_count(len(meals))
    expect(page.locator("#stop-list .stop-card")).to_have_count(len(stops))

    with_soc = [p for p in plan["track"] if p["soc_pct"] is not None]
    expect(page.locator("#soc-line")).to_have_attribute("data-points", str(len(with_soc)))
    expect(page.locator("#trip-destination")).to_have_text(plan["destination"]["name"]["en"])
    expect(page.locator("#start-button")).to_be_visible()

    page.click("#lang-zh")
    expect(page.locator("#trip-destination")).to_have_text(plan["destination"]["name"]["zh"])


def marker_position(page: Page) -> tuple[float, float]:
    marker = page.locator("#car-marker")
    lon = marker.get_attribute("data-lon") or "nan"
    lat = marker.get_attribute("data-lat") or "nan"
    return float(lon), float(lat)


def test_running_the_clock_moves_the_car(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    open_console(page, console_url, sandbox)
    plan_in_console(page, "Beijing")
    page.click("#start-button")
    expect(page.locator("#trip-status")).to_have_text("Driving")
    start = marker_position(page)
    start_transform = page.locator("#car-marker").get_attribute("transform")
    soc_before = snapshot(api)["state"]["battery"]["soc_pct"]

    open_director(page)
    page.click("#dir-advance")
    expect(page.locator("#sim-clock")).to_have_text("08:15")
    location = snapshot(api)["state"]["location"]["coordinates"]
    marker = page.locator("#car-marker")
    expect(marker).to_have_attribute("data-lon", str(location["lon"]))
    expect(marker).to_have_attribute("data-lat", str(location["lat"]))
    assert marker_position(page) != start
    assert marker.get_attribute("transform") != start_transform
    soc_after = snapshot(api)["state"]["battery"]["soc_pct"]
    assert soc_after < soc_before
    expect(page.locator("#energy-value")).to_have_text(f"{round(soc_after)}%")
    expect(page.locator("#nav-destination")).to_have_text("Beijing")

    # running at x60 moves it on by itself
    page.click('#director [data-speed="60"]')
    page.click("#dir-play")
    expect(page.locator("#clock-speed")).to_have_text("▶ ×60")
    moved = marker_position(page)
    page.wait_for_function(
        "([lon, lat]) => { const m = document.querySelector('#car-marker');"
        " return m && (Number(m.dataset.lon) !== lon || Number(m.dataset.lat) !== lat); }",
        arg=list(moved),
        timeout=10_000,
    )
    page.click("#dir-pause")
    expect(page.locator("#clock-speed")).to_be_hidden()
    close_director(page)


def test_an_injected_503_shows_the_error_state(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    # an outage from the first request: the cockpit has no data yet, says so and keeps trying
    open_console(page, console_url, sandbox, fault="503")
    banner = page.locator("#banner")
    expect(banner).to_be_visible()
    expect(page.locator("#banner-text")).to_have_text("Service temporarily unavailable — retrying")
    expect(page.locator("#banner-detail")).to_have_text("SERVICE_UNAVAILABLE")
    expect(page.locator("#app")).to_have_attribute("data-state", "error")
    expect(page.locator("#vehicle-tiles .skeleton").first).to_be_visible()
    page.screenshot(
        path=str(screenshot_path("test_an_injected_503_shows_the_error_state-no-data-yet"))
    )

    # the fault is lifted: data arrives and the banner goes
    open_director(page)
    page.select_option("#dir-fault", "")
    expect(banner).to_be_hidden()
    expect(page.locator("#energy-value")).to_have_text(
        f"{round(snapshot(api)['state']['battery']['soc_pct'])}%"
    )
    # the director's lists, which failed to load during the outage, fill in too
    expect(page.locator("#dir-vehicle option")).to_have_count(len(api.get("/v1/vehicles").json()))

    # an outage mid-demo: the last data stays on screen under the banner, in Chinese too
    page.select_option("#dir-fault", "503")
    page.click("#lang-zh")
    expect(page.locator("#banner-text")).to_have_text("服务暂时不可用，正在重试")
    expect(page.locator("#app")).to_have_attribute("data-state", "stale")
    expect(page.locator("#energy-value")).to_be_visible()
    journal = api.get("/v1/sim/journal", params={"limit": 1000}).json()
    assert any(e["status"] == 503 and e["fault"] == "503" for e in journal)


def test_a_slow_service_shows_loading_then_data(page: Page, console_url: str, sandbox: str) -> None:
    open_console(page, console_url, sandbox, latency="1500")
    expect(page.locator("#vehicle-tiles .skeleton").first).to_be_visible()
    expect(page.locator("#activity")).to_have_class(re.compile(r"\bactive\b"))
    expect(page.locator("#energy-value")).to_be_visible(timeout=10_000)


@pytest.mark.parametrize("page", [WIDE, LAPTOP], indirect=True, ids=["1920x720", "1280x800"])
def test_the_layout_fits_the_screen(page: Page, console_url: str, sandbox: str) -> None:
    open_console(page, console_url, sandbox, scenario="low-battery-expressway")
    expect(page.locator("#energy-value")).to_have_text("12%")
    ask(page, "Find a charger with lunch nearby")
    plan_in_console(page, "Nanjing")
    size = page.viewport_size
    assert size is not None
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )
    assert overflow == [size["width"], size["height"]]
    for panel in ("#vehicle-panel", "#trip-panel", "#assistant-panel", "#composer"):
        box = page.locator(panel).bounding_box()
        assert box is not None
        assert box["x"] >= 0, panel
        assert box["x"] + box["width"] <= size["width"], panel
        assert box["y"] >= 0, panel
        assert box["y"] + box["height"] <= size["height"], panel
        assert box["y"] + box["height"] >= size["height"] - 24, f"{panel} leaves the bottom empty"
    # the four tyre pressures and the alert are on screen without scrolling
    for tyre in ("front_left", "front_right", "rear_left", "rear_right"):
        expect(page.locator(f"#tyre-{tyre}")).to_be_in_viewport()
    expect(page.locator('#alerts-list [data-alert-id="battery-low"]')).to_be_in_viewport()


def test_an_asleep_car_shows_its_last_data_and_wakes(
    page: Page, console_url: str, sandbox: str, api: httpx.Client
) -> None:
    page.goto(f"{console_url}/?sandbox={sandbox}&vehicle=i5-hangzhou&scenario=car-asleep&lang=en")
    card = page.locator("#asleep-card")
    expect(card).to_contain_text("The car is asleep. Wake it up first.")
    last = next(v for v in api.get("/v1/vehicles").json() if v["id"] == "i5-hangzhou")
    expect(card).to_contain_text(
        f"Last known: {round(last['soc_pct'])}% · {round(last['range_km'])} km"
    )
    expect(page.locator("#banner")).to_be_hidden()  # asleep is the car's state, not an outage
    page.click("#wake-button")
    expect(page.locator("#energy-value")).to_have_text(f"{round(last['soc_pct'])}%")
    assert api.get("/v1/vehicles/i5-hangzhou").status_code == 200
