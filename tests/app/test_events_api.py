"""The proactive assistant over HTTP: a trip played by the clock speaks up once per moment, in
the events stream and in the session; mute, quiet hours, injection and actions."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.anyio

EV = "ix3-shanghai"
DEPARTURE = "2026-06-06T09:30:00+08:00"


async def _trip_session(
    client: httpx.AsyncClient, sandbox: str, *, destination: str = "杭州", soc: float = 40
) -> tuple[dict[str, str], str, str]:
    """road-trip-ready at 09:30 with `soc` left: a session (en, vegetarian) and a started trip."""
    h = {"X-Sandbox": sandbox}
    r = await client.post("/v1/sim/scenario", json={"scenario": "road-trip-ready"}, headers=h)
    assert r.status_code == 200
    await client.post("/v1/sim/clock", json={"set": DEPARTURE}, headers=h)
    patch = {
        "battery": {"soc_pct": soc},
        "charging": {"status": "NOT_CHARGING", "plug_connected": False},
    }
    r = await client.patch(
        f"/v1/sim/vehicles/{EV}/state",
        content=json.dumps(patch),
        headers={**h, "Content-Type": "application/merge-patch+json"},
    )
    assert r.status_code == 200, r.text
    body = {"vehicle_id": EV, "profile_id": "vegetarian-en", "locale": "en"}
    session = (await client.post("/v1/chat/sessions", json=body, headers=h)).json()["session_id"]
    plan = {"vehicle_id": EV, "destination": destination, "profile_id": "vegetarian-en"}
    trip = (await client.post("/v1/trips/plan", json=plan, headers=h)).json()["trip_id"]
    assert (await client.post(f"/v1/trips/{trip}/start", headers=h)).status_code == 200
    return h, session, trip


async def _advance(client: httpx.AsyncClient, h: dict[str, str], seconds: int, step: int) -> None:
    for _ in range(seconds // step):
        r = await client.post("/v1/sim/clock", json={"advance_s": step}, headers=h)
        assert r.status_code == 200


async def _stream(client: httpx.AsyncClient, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    """The events of a stream that ends by itself (`max_events`)."""
    found: list[dict[str, Any]] = []
    async with client.stream("GET", url, **kwargs) as response:
        assert response.status_code == 200, await response.aread()
        assert response.headers["content-type"].startswith("text/event-stream")
        text = (await response.aread()).decode()
    for block in text.strip().split("\n\n"):
        event: dict[str, Any] = {}
        for line in block.split("\n"):
            name, _, value = line.partition(": ")
            event[name] = json.loads(value) if name == "data" else value
        found.append(event)
    return found


async def test_a_low_battery_trip_suggests_chargers_then_lunch_each_once(
    client: httpx.AsyncClient,
) -> None:
    h, session, trip = await _trip_session(client, "proactive-trip")
    await _advance(client, h, 3 * 3600, 600)  # 09:30 to 12:30 in ten-minute steps
    events = await _stream(
        client,
        f"/v1/chat/sessions/{session}/events",
        params={"max_events": 3, "sandbox": "proactive-trip"},
    )
    ready, told = events[0], events[1:]
    assert ready["event"] == "ready"
    assert ready["data"]["told"] == 3
    assert [e["event"] for e in told] == ["proactive"] * 3
    assert [e["id"] for e in told] == ["1", "2", "3"]
    kinds = [e["data"]["kind"] for e in told]
    assert kinds == ["low_soc", "meal_time", "arrival"]
    low, meal, arrival = (e["data"] for e in told)
    assert low["event_id"] == f"low-soc:{EV}:{trip}"
    assert low["at"].startswith("2026-06-06T11:11:23")
    assert low["card"]["type"] == "charger_list"
    assert low["card"]["items"][0]["charger_id"] == "jidian-changan-sa"
    assert low["speech"]["en"].startswith("The battery is down to 20%.")
    assert low["actions"][0]["type"] == "add_stop"
    assert low["actions"][0]["requires_confirmation"] is True
    assert meal["event_id"] == f"meal:{EV}:{trip}:lunch:2026-06-06"
    assert meal["at"] == "2026-06-06T11:30:00+08:00"
    assert meal["card"]["type"] == "restaurant_list"
    assert all(item["reasons"] for item in meal["card"]["items"])
    assert "Vegetarian" in meal["speech"]["en"]
    # The car is in Hangzhou by noon: lunch there, vegetarian for the profile, with the reason.
    assert meal["speech"]["en"] == (
        "It's nearly lunch time. 2 places near Hangzhou suit you; I'd suggest Yunlin Vegetarian "
        "Noodles: vegetarian; 2.1 km from Hangzhou, open at 12:00."
    )
    assert arrival["card"] == {
        "type": "trip_summary",
        "trip_id": trip,
        "destination": {"zh": "杭州", "en": "Hangzhou"},
        "distance_km": 186,
        "energy_kwh": 31,
        "cost_cny": 0,
        "charging_min": 0,
        "stops": 0,
    }
    # Once each: more clock and more reads add nothing.
    await _advance(client, h, 3600, 3600)
    got = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    assert [e["event_id"] for e in got["events"]] == [e["event_id"] for e in (low, meal, arrival)]
    assert got["events"][0] == low


async def test_what_is_said_does_not_depend_on_how_the_clock_moved(
    client: httpx.AsyncClient,
) -> None:
    h1, s1, _ = await _trip_session(client, "steps-small")
    await _advance(client, h1, 3 * 3600, 300)
    h2, s2, _ = await _trip_session(client, "steps-one")
    await _advance(client, h2, 3 * 3600, 3 * 3600)
    one = (await client.get(f"/v1/chat/sessions/{s1}", headers=h1)).json()["proactive"]["events"]
    two = (await client.get(f"/v1/chat/sessions/{s2}", headers=h2)).json()["proactive"]["events"]
    assert len(one) == 3
    assert one == two


async def test_a_muted_session_hears_nothing(client: httpx.AsyncClient) -> None:
    h, session, _ = await _trip_session(client, "muted")
    r = await client.patch(
        f"/v1/chat/sessions/{session}/proactive", json={"muted": True}, headers=h
    )
    assert r.status_code == 200
    assert r.json() == {"muted": True, "quiet_hours": None}
    await _advance(client, h, 3 * 3600, 3600)
    got = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    assert got["events"] == []
    assert got["silenced"] == 3
    # Unmuting does not tell what was missed.
    await client.patch(f"/v1/chat/sessions/{session}/proactive", json={"muted": False}, headers=h)
    got = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    assert got["events"] == []


async def test_quiet_hours_silence_only_their_span(client: httpx.AsyncClient) -> None:
    h, session, _ = await _trip_session(client, "quiet")
    quiet = {"quiet_hours": {"start": "11:20", "end": "11:40"}}
    r = await client.patch(f"/v1/chat/sessions/{session}/proactive", json=quiet, headers=h)
    assert r.json()["quiet_hours"] == {"start": "11:20", "end": "11:40"}
    await _advance(client, h, 3 * 3600, 3 * 3600)
    got = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    assert [e["kind"] for e in got["events"]] == ["low_soc", "arrival"]  # lunch at 11:30: quiet
    assert got["silenced"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"quiet_hours": {"start": "25:00", "end": "07:00"}},
        {"quiet_hours": {"start": "22:00"}},
        {"muted": "yes"},
        {"loud": True},
    ],
)
async def test_bad_settings_are_422_and_change_nothing(
    client: httpx.AsyncClient, body: dict[str, Any]
) -> None:
    h = {"X-Sandbox": "bad-settings"}
    session = (await client.post("/v1/chat/sessions", json={"vehicle_id": EV}, headers=h)).json()
    url = f"/v1/chat/sessions/{session['session_id']}/proactive"
    r = await client.patch(url, json=body, headers=h)
    assert r.status_code == 422
    assert r.json()["code"] == "VALIDATION_ERROR"
    got = (await client.get(f"/v1/chat/sessions/{session['session_id']}", headers=h)).json()
    assert got["proactive"]["settings"] == {"muted": False, "quiet_hours": None}


async def test_an_injected_warning_light_is_explained_by_car_genius(
    client: httpx.AsyncClient,
) -> None:
    h = {"X-Sandbox": "inject"}
    session = (await client.post("/v1/chat/sessions", json={"vehicle_id": EV}, headers=h)).json()
    sid = session["session_id"]
    body = {"session_id": sid, "kind": "warning_light", "light_id": "engine-check"}
    r = await client.post("/v1/sim/events", json=body, headers=h)
    assert r.status_code == 201, r.text
    injected = r.json()
    assert injected["delivered"] is True
    event = injected["event"]
    assert (event["seq"], event["kind"], event["agent"]) == (1, "warning_light", "car_genius")
    assert event["injected"] is True
    assert event["event_id"] == f"warning_light:{EV}:injected-1"
    assert event["card"]["type"] == "warning_light"
    assert event["card"]["light_id"] == "engine-check"
    assert event["speech"]["zh"].startswith("发动机")
    events = await _stream(
        client, f"/v1/chat/sessions/{sid}/events", params={"max_events": 1}, headers=h
    )
    assert events[1]["data"] == event
    # A reconnecting EventSource starts after the last id it saw.
    body = {"session_id": sid, "kind": "tire_pressure", "tire": "rear_left", "pressure_kpa": 180}
    await client.post("/v1/sim/events", json=body, headers=h)
    events = await _stream(
        client,
        f"/v1/chat/sessions/{sid}/events",
        params={"max_events": 1},
        headers={**h, "Last-Event-ID": "1"},
    )
    assert [(e["event"], e.get("id")) for e in events] == [("ready", None), ("proactive", "2")]
    tire = events[1]["data"]
    assert tire["kind"] == "tire_pressure"
    assert tire["speech"]["en"].startswith(
        "The rear-left tyre is losing pressure. It reads 180 kPa."
    )


async def test_injection_into_a_muted_session_is_not_delivered(client: httpx.AsyncClient) -> None:
    h = {"X-Sandbox": "inject-muted"}
    sid = (await client.post("/v1/chat/sessions", json={"vehicle_id": EV}, headers=h)).json()[
        "session_id"
    ]
    await client.patch(f"/v1/chat/sessions/{sid}/proactive", json={"muted": True}, headers=h)
    body = {"session_id": sid, "kind": "low_soc", "soc_pct": 12}
    r = await client.post("/v1/sim/events", json=body, headers=h)
    assert r.status_code == 201
    assert r.json() == {"delivered": False, "event": None}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "low_soc"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001", "kind": "earthquake"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001", "kind": "warning_light"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001", "kind": "low_soc", "soc_pct": 150}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001", "kind": "low_soc", "soc_pct": "12"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0001", "kind": "low_soc", "extra": 1}, 422, "VALIDATION_ERROR"),
        ({"session_id": "x" * 5000, "kind": "low_soc"}, 422, "VALIDATION_ERROR"),
        ({"session_id": "chat-0099", "kind": "low_soc"}, 404, "SESSION_NOT_FOUND"),
        (
            {"session_id": "chat-0001", "kind": "warning_light", "light_id": "disco"},
            404,
            "WARNING_LIGHT_NOT_FOUND",
        ),
        ({"session_id": "chat-0001", "kind": "charger_busy"}, 409, "NO_ACTIVE_TRIP"),
        ({"session_id": "chat-0001", "kind": "arrival"}, 409, "NO_ACTIVE_TRIP"),
    ],
)
async def test_bad_injections_are_clear_4xx(
    client: httpx.AsyncClient, body: dict[str, Any], status: int, code: str
) -> None:
    h = {"X-Sandbox": "inject-bad"}
    await client.post("/v1/chat/sessions", json={"vehicle_id": EV}, headers=h)
    r = await client.post("/v1/sim/events", json=body, headers=h)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == code
    got = (await client.get("/v1/chat/sessions/chat-0001", headers=h)).json()
    assert got["proactive"]["events"] == []


async def test_another_sandbox_cannot_see_or_feed_a_session(client: httpx.AsyncClient) -> None:
    mine, theirs = {"X-Sandbox": "owner"}, {"X-Sandbox": "stranger"}
    sid = (await client.post("/v1/chat/sessions", json={"vehicle_id": EV}, headers=mine)).json()[
        "session_id"
    ]
    body = {"session_id": sid, "kind": "low_soc"}
    r = await client.post("/v1/sim/events", json=body, headers=theirs)
    assert r.status_code == 404
    assert r.json()["code"] == "SESSION_NOT_FOUND"
    r = await client.get(f"/v1/chat/sessions/{sid}/events", params={"sandbox": "stranger"})
    assert r.status_code == 404
    assert r.json()["code"] == "SESSION_NOT_FOUND"


async def test_add_this_stop_needs_a_yes_then_replans_through_the_charger(
    client: httpx.AsyncClient,
) -> None:
    h, session, trip = await _trip_session(client, "add-stop")
    await _advance(client, h, 6300, 6300)  # 11:15: the battery warning was just given
    events = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    low = events["events"][0]
    url = f"/v1/chat/sessions/{session}/events/{low['event_id']}/actions/add-stop-1"
    r = await client.post(url, json={"confirm": False}, headers=h)
    assert r.status_code == 200
    assert r.json()["status"] == "declined"
    assert (await client.get(f"/v1/trips/{trip}", headers=h)).json()["status"] == "active"
    r = await client.post(url, json={"confirm": True}, headers=h)
    assert r.status_code == 200, r.text
    outcome = r.json()
    assert outcome["status"] == "done"
    assert outcome["trip_id"] != trip
    new = (await client.get(f"/v1/trips/{outcome['trip_id']}", headers=h)).json()
    assert new["status"] == "active"
    assert new["replanned_from"] == trip
    charger = low["card"]["items"][0]["coordinates"]
    assert new["request"]["waypoints"][0] == charger
    # The old trip is no longer under way: its button is refused.
    r = await client.post(url, json={"confirm": True}, headers=h)
    assert r.status_code == 409
    assert r.json()["code"] == "TRIP_NOT_ACTIVE"
    r = await client.post(url.replace(low["event_id"], "nope"), json={"confirm": True}, headers=h)
    assert r.status_code == 404
    assert r.json()["code"] == "EVENT_NOT_FOUND"
    r = await client.post(url.replace("add-stop-1", "fly"), json={"confirm": True}, headers=h)
    assert r.status_code == 404
    assert r.json()["code"] == "ACTION_NOT_FOUND"
    r = await client.post(url, json={"confirm": "yes"}, headers=h)
    assert r.status_code == 422


async def test_a_new_warning_light_is_told_at_read_time(client: httpx.AsyncClient) -> None:
    h = {"X-Sandbox": "light-on", "Content-Type": "application/merge-patch+json"}
    sid = (
        await client.post(
            "/v1/chat/sessions", json={"vehicle_id": EV}, headers={"X-Sandbox": "light-on"}
        )
    ).json()["session_id"]
    await client.get(f"/v1/chat/sessions/{sid}", headers=h)  # the lights on now are not new
    patch = {"check_control": [{"light_id": "engine-check", "since": "2026-06-01T08:00:00+08:00"}]}
    r = await client.patch(f"/v1/sim/vehicles/{EV}/state", content=json.dumps(patch), headers=h)
    assert r.status_code == 200, r.text
    for _ in range(2):  # read twice: told once
        got = (await client.get(f"/v1/chat/sessions/{sid}", headers=h)).json()["proactive"]
    assert [(e["kind"], e["event_id"]) for e in got["events"]] == [
        ("warning_light", f"alert:{EV}:light:engine-check")
    ]


async def test_a_planned_charger_found_full_offers_a_replan(client: httpx.AsyncClient) -> None:
    h, session, _trip = await _trip_session(client, "busy", destination="北京", soc=100)
    await _advance(client, h, 14 * 3600, 14 * 3600)
    got = (await client.get(f"/v1/chat/sessions/{session}", headers=h)).json()["proactive"]
    busy = [e for e in got["events"] if e["kind"] == "charger_busy"]
    assert len(busy) == 1
    assert busy[0]["card"]["available_stalls"] == 0
    assert busy[0]["actions"][0]["type"] == "replan"
    kinds = [e["kind"] for e in got["events"]]
    assert kinds.count("meal_time") == 2
    assert kinds[-1] == "arrival"


async def test_the_demo_plays_from_start_to_arrival_by_skipping(client: httpx.AsyncClient) -> None:
    h = {"X-Sandbox": "demo"}
    demos = (await client.get("/v1/sim/demos", headers=h)).json()
    assert [d["id"] for d in demos] == ["road-trip"]
    r = await client.post("/v1/sim/demos/road-trip/play", json={"locale": "zh"}, headers=h)
    assert r.status_code == 200, r.text
    run = r.json()
    assert run["clock"]["running"] is True
    assert run["clock"]["speed"] == 60
    assert run["next_moment"]["kind"] == "low_soc"
    await client.post("/v1/sim/clock", json={"run": False}, headers=h)  # pause: exact below
    seen = []
    while True:
        skipped = (await client.post("/v1/sim/demos/next-moment", headers=h)).json()
        if skipped["moment"] is None:
            break
        seen.append(skipped["moment"]["kind"])
        await client.post("/v1/sim/clock", json={"advance_s": 60}, headers=h)
    assert seen == ["low_soc", "meal_time", "arrival"]
    session = (await client.get(f"/v1/chat/sessions/{run['session_id']}", headers=h)).json()
    assert session["locale"] == "zh"
    assert [e["kind"] for e in session["proactive"]["events"]] == seen
    r = await client.post("/v1/sim/demos/nope/play", headers=h)
    assert r.status_code == 404
    assert r.json()["code"] == "DEMO_NOT_FOUND"
