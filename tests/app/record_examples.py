"""Records the answers the OpenAPI document shows (app/examples.json) from the app itself.

Each operation is called in-process with the default fixtures, in an order that tells a story
(plan a trip, start it, replan it...), sending the first request example the document gives
(app/examples.py). Long lists are cut to their first items so the examples stay readable; the
result still validates against the response's schema (tests/app/test_openapi_docs.py checks it).

    .venv/bin/python -m tests.app.record_examples    # rewrites app/examples.json

tests/app/test_openapi_docs.py records again and fails if the file is out of date.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from agents.catalog import load_catalog
from app import examples
from app.main import create_app
from app.settings import DEFAULT_FIXTURES, Settings

# Lists of objects are cut to their first two items at the top and one inside (lists of
# coordinates to two, as a line needs): enough to show the shape.
KEEP_ITEMS = 2
# Values that are JSON Schemas (the agents' tool schemas) are not cut, which would change their
# meaning; their `$defs` are inlined, as a `$ref` inside an example is one that documentation
# tools try, and fail, to resolve against the OpenAPI document.
SCHEMAS = frozenset({"input_schema", "output_schema"})
# Values that depend on the wall clock, not the sim: recorded, but not compared.
VOLATILE = frozenset({"duration_ms", "idle_s"})

Json = Any


def trim(value: Json, keep: int = KEEP_ITEMS) -> Json:
    if isinstance(value, dict):
        return {k: inlined(v) if k in SCHEMAS else trim(v, keep=1) for k, v in value.items()}
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            value = value[:keep]
        elif any(isinstance(item, list) for item in value):
            value = value[:KEEP_ITEMS]
        return [trim(item, keep=1) for item in value]
    return value


def inlined(schema: Json) -> Json:
    """The same JSON Schema with each `{"$ref": "#/$defs/Name"}` replaced by its definition."""
    defs = schema.get("$defs", {})

    def walk(node: Json) -> Json:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                rest = {k: v for k, v in node.items() if k != "$ref"}
                return walk({**defs[ref.removeprefix("#/$defs/")], **rest})
            return {k: walk(v) for k, v in node.items() if k != "$defs"}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)


def without_volatile(value: Json) -> Json:
    if isinstance(value, dict):
        return {k: None if k in VOLATILE else without_volatile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_volatile(item) for item in value]
    return value


def sse_events(text: str) -> list[dict[str, str]]:
    """The events of a `text/event-stream` body, as the document's itemSchema describes them."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        event: dict[str, str] = {}
        for line in block.split("\n"):
            name, _, field_value = line.partition(":")
            if name in ("event", "id", "data", "retry"):
                event[name] = field_value.removeprefix(" ")
        if event:
            events.append(event)
    return events


def trimmed_event(event: dict[str, str]) -> dict[str, str]:
    try:
        data = json.loads(event["data"])
    except (KeyError, ValueError):
        return event
    return {**event, "data": json.dumps(trim(data), ensure_ascii=False, separators=(",", ":"))}


class Recorder:
    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.answers: dict[str, Json] = {}

    def call(
        self,
        name: str,
        method: str,
        url: str,
        status: int,
        *,
        sandbox: str = "docs",
        **kwargs: Any,
    ) -> Json:
        headers = {"X-Sandbox": sandbox, **kwargs.pop("headers", {})}
        response = self.client.request(method, url, headers=headers, **kwargs)
        assert response.status_code == status, (name, response.status_code, response.text)
        body = response.json() if response.content else None
        if name:
            self.answers[name] = trim(body)
        return body

    def stream(
        self,
        name: str,
        url: str,
        *,
        events: tuple[str, ...],
        kind_of: Callable[[dict[str, str]], str] = lambda event: event["event"],
        sandbox: str = "docs",
        **kwargs: Any,
    ) -> None:
        """Keeps the first event of each kind named, by kind."""
        headers = {"X-Sandbox": sandbox, "Accept": "text/event-stream"}
        response = self.client.request(kwargs.pop("method", "GET"), url, headers=headers, **kwargs)
        assert response.status_code == 200, (name, response.status_code, response.text)
        chosen: dict[str, dict[str, str]] = {}
        for event in sse_events(response.text):
            kind = kind_of(event)
            if kind in events and kind not in chosen:
                chosen[kind] = trimmed_event(event)
        assert set(chosen) == set(events), (name, sorted(chosen))
        self.answers[name] = {kind: chosen[kind] for kind in events}


def chunk_kind(event: dict[str, str]) -> str:
    """Which part of an OpenAI stream a chunk is (they are all unnamed `data:` events)."""
    if event["data"] == "[DONE]":
        return "done"
    chunk = json.loads(event["data"])
    if not chunk["choices"]:
        return "usage"
    choice = chunk["choices"][0]
    if "role" in choice["delta"]:
        return "role"
    return "finish" if choice["finish_reason"] else "content"


def generation_event_kind(event: dict[str, str]) -> str:
    """Which part of a DashScope stream an event is (all are `result` events)."""
    output = json.loads(event["data"])["output"]
    choice = output["choices"][0]
    if choice["finish_reason"] != "null":
        return "finish"
    return "reasoning" if choice["message"].get("reasoning_content") else "content"


def first(named: dict[str, dict[str, Any]]) -> Any:
    return next(iter(named.values()))["value"]


def record() -> dict[str, Json]:
    settings = Settings(stream_first_token_ms=0, stream_chars_per_s=0)
    app = create_app(settings, load_catalog(DEFAULT_FIXTURES))
    with TestClient(app, base_url="http://incar.test") as client:
        r = Recorder(client)
        _vehicles(r)
        _commands(r)
        _car_genius(r)
        _travel(r)
        _conversation(r)
        _proactive(r)
        _simulation(r)
        r.call("healthz", "GET", "/healthz", 200)
    return r.answers


def _vehicles(r: Recorder) -> None:
    ev, fuel = "/v1/vehicles/ix3-shanghai", "/v1/vehicles/325li-beijing"
    r.call("list_vehicles", "GET", "/v1/vehicles", 200)
    r.call("get_vehicle", "GET", ev, 200)
    r.call("get_battery", "GET", f"{ev}/battery", 200)
    r.call("get_fuel", "GET", f"{fuel}/fuel", 200)
    for read in ("charge", "tires", "security", "climate", "location", "odometer", "service"):
        r.call(f"get_{read}", "GET", f"{ev}/{read}", 200)
    r.call("get_signals", "GET", f"{ev}/signals?paths={examples.SIGNAL_PATHS}", 200)
    r.stream("telemetry", f"{ev}/telemetry?max_frames=1", events=("telemetry",))


def _commands(r: Recorder) -> None:
    ev = "/v1/vehicles/ix3-shanghai"
    accepted = r.call(
        "send_command", "POST", f"{ev}/commands", 202, json=first(examples.COMMAND_REQUESTS)
    )
    r.call("", "POST", "/v1/sim/clock", 200, json={"advance_s": 5})
    r.call("act_in_car", "POST", f"{ev}/cabin", 200, json=first(examples.CABIN_REQUESTS))
    r.call("list_commands", "GET", f"{ev}/commands", 200)
    r.call("get_command", "GET", f"{ev}/commands/{accepted['command_id']}", 200)
    r.call("list_keys", "GET", f"{ev}/keys", 200)
    key = r.call("share_key", "POST", f"{ev}/keys", 201, json=first(examples.KEY_REQUESTS))
    r.call("revoke_key", "DELETE", f"{ev}/keys/{key['key_id']}", 200)


def _car_genius(r: Recorder) -> None:
    # A car with warning lights on, in a sandbox of its own.
    lights = "docs-warnings"
    r.call("", "POST", "/v1/sim/scenario", 200, json={"scenario": "warning-lights"}, sandbox=lights)
    car = r.call("", "GET", "/v1/sim/scenario", 200, sandbox=lights)
    vehicle = "/v1/vehicles/" + _focus(r, lights, car)
    r.call("get_check_control", "GET", f"{vehicle}/check-control", 200, sandbox=lights)
    r.call("alerts", "GET", f"{vehicle}/alerts", 200, sandbox=lights)
    briefing = "/v1/car-genius/" + vehicle.rsplit("/", 1)[1] + "/briefing"
    r.call("briefing", "GET", briefing, 200, sandbox=lights)
    r.call("warning_lights", "GET", "/v1/car-genius/warning-lights?q=黄色的发动机灯", 200)
    found = r.answers["warning_lights"]
    r.call("warning_light", "GET", f"/v1/car-genius/warning-lights/{found[0]['id']}", 200)


def _focus(r: Recorder, sandbox: str, state: Json) -> str:
    scenarios = r.call("", "GET", "/v1/sim/scenarios", 200, sandbox=sandbox)
    return str(next(s["focus_vehicle"] for s in scenarios if s["id"] == state["scenario"]))


def _travel(r: Recorder) -> None:
    trip = r.call("plan", "POST", "/v1/trips/plan", 200, json=first(examples.PLAN_REQUESTS))
    trip_url = f"/v1/trips/{trip['trip_id']}"
    r.call("list_trips", "GET", "/v1/trips", 200)
    r.call("get_trip", "GET", trip_url, 200)
    r.call("start_trip", "POST", f"{trip_url}/start", 200)
    r.call("", "POST", "/v1/sim/clock", 200, json={"advance_s": 1800})
    r.call("replan_trip", "POST", f"{trip_url}/replan", 200)
    r.call("chargers", "GET", "/v1/chargers?lat=31.3&lon=120.6&radius_km=30", 200)
    r.call("dining", "GET", "/v1/dining/search?lat=31.3&lon=120.6&profile_id=vegetarian-en", 200)
    r.call("list_profiles", "GET", "/v1/profiles", 200)
    created = r.call(
        "create_profile", "POST", "/v1/profiles", 201, json=first(examples.PROFILE_CREATES)
    )
    profile = f"/v1/profiles/{created['id']}"
    r.call("get_profile", "GET", profile, 200)
    r.call("update_profile", "PATCH", profile, 200, json=first(examples.PROFILE_UPDATES))
    r.call("delete_profile", "DELETE", profile, 200)


def _conversation(r: Recorder) -> None:
    r.call("list_agents", "GET", "/v1/agents", 200)
    chat = "docs-chat"
    session = r.call(
        "create_session",
        "POST",
        "/v1/chat/sessions",
        201,
        json=first(examples.SESSION_REQUESTS),
        sandbox=chat,
    )
    messages = f"/v1/chat/sessions/{session['session_id']}/messages"
    said = first(examples.MESSAGE_REQUESTS)
    r.call("post_message", "POST", messages, 200, json=said, sandbox=chat)
    r.call("get_session", "GET", f"/v1/chat/sessions/{session['session_id']}", 200, sandbox=chat)
    r.stream(
        "stream_message",
        messages,
        method="POST",
        json=said,
        sandbox=chat,
        events=examples.CHAT_EVENTS,
    )
    completion = first(examples.COMPLETION_REQUESTS)
    path = "/compatible-mode/v1/chat/completions"
    r.call("chat_completions", "POST", path, 200, json=completion, sandbox=chat)
    r.stream(
        "stream_chat_completions",
        path,
        method="POST",
        json=examples.COMPLETION_REQUESTS["stream"]["value"],
        sandbox=chat,
        events=tuple(examples.CHUNK_SUMMARIES),
        kind_of=chunk_kind,
    )
    r.call("list_models", "GET", "/compatible-mode/v1/models", 200, sandbox=chat)
    generation = "/api/v1/services/aigc/text-generation/generation"
    r.call("generation", "POST", generation, 200, json=first(examples.GENERATION_REQUESTS),
           sandbox=chat)  # fmt: skip
    r.stream(
        "stream_generation",
        generation,
        method="POST",
        json=examples.GENERATION_REQUESTS["thinking"]["value"],
        sandbox=chat,
        events=tuple(examples.GENERATION_EVENT_SUMMARIES),
        kind_of=generation_event_kind,
    )


def _proactive(r: Recorder) -> None:
    """Play the demo, skip to its first moment, then the events stream and what acts on it."""
    demo = "docs-demo"
    r.call("list_demos", "GET", "/v1/sim/demos", 200, sandbox=demo)
    play = first(examples.DEMO_REQUESTS)
    run = r.call("play_demo", "POST", "/v1/sim/demos/road-trip/play", 200, json=play, sandbox=demo)
    paused = {"set": run["clock"]["now"], "run": False}
    r.call("", "POST", "/v1/sim/clock", 200, json=paused, sandbox=demo)
    r.call("next_moment", "POST", "/v1/sim/demos/next-moment", 200, sandbox=demo)
    r.call("", "POST", "/v1/sim/clock", 200, json={"advance_s": 60}, sandbox=demo)
    session = f"/v1/chat/sessions/{run['session_id']}"
    r.stream(
        "proactive_events",
        f"{session}/events?max_events=1",
        sandbox=demo,
        events=("ready", "proactive"),
    )
    told = r.call("", "GET", session, 200, sandbox=demo)["proactive"]["events"][0]
    injected = first(examples.SIM_EVENT_REQUESTS)
    r.call("inject_event", "POST", "/v1/sim/events", 201, json=injected, sandbox=demo)
    quiet = first(examples.PROACTIVE_SETTINGS)
    r.call("proactive_settings", "PATCH", f"{session}/proactive", 200, json=quiet, sandbox=demo)
    action = f"{session}/events/{told['event_id']}/actions/{told['actions'][0]['action_id']}"
    yes = first(examples.ACTION_REQUESTS)
    r.call("proactive_action", "POST", action, 200, json=yes, sandbox=demo)


def _simulation(r: Recorder) -> None:
    sim = "docs-sim"
    r.call("list_scenarios", "GET", "/v1/sim/scenarios", 200, sandbox=sim)
    r.call("current_scenario", "GET", "/v1/sim/scenario", 200, sandbox=sim)
    r.call(
        "load_scenario",
        "POST",
        "/v1/sim/scenario",
        200,
        json=first(examples.SCENARIO_REQUESTS),
        sandbox=sim,
    )
    reset = first(examples.RESET_REQUESTS)
    r.call("reset", "POST", "/v1/sim/reset", 200, json=reset, sandbox=sim)
    r.call(
        "patch_state",
        "PATCH",
        "/v1/sim/vehicles/ix3-shanghai/state",
        200,
        json=first(examples.STATE_PATCHES),
        sandbox=sim,
    )
    r.call("get_clock", "GET", "/v1/sim/clock", 200, sandbox=sim)
    clock = first(examples.CLOCK_REQUESTS)
    r.call("control_clock", "POST", "/v1/sim/clock", 200, json=clock, sandbox=sim)
    r.call("get_faults", "GET", "/v1/sim/faults", 200, sandbox=sim)
    rules = first(examples.FAULT_REQUESTS)
    r.call("put_faults", "PUT", "/v1/sim/faults", 200, json=rules, sandbox=sim)
    r.call("", "DELETE", "/v1/sim/faults", 204, sandbox=sim)
    r.call("get_journal", "GET", "/v1/sim/journal?limit=2", 200, sandbox=sim)
    r.call("list_sandboxes", "GET", "/v1/sim/sandboxes", 200, sandbox=sim)
    _saved_state(r)


def _saved_state(r: Recorder) -> None:
    """Settle a command, then export the sandbox and import the document back."""
    saved = "docs-export"
    honk = {"type": "honk"}
    r.call("", "POST", "/v1/vehicles/ix3-shanghai/commands", 202, json=honk, sandbox=saved)
    r.call("settle", "POST", "/v1/sim/settle", 200, sandbox=saved)
    url = f"/v1/sim/sandboxes/{saved}"
    document = r.call("export_sandbox", "GET", f"{url}/export", 200, sandbox=saved)
    r.call("import_sandbox", "PUT", f"{url}/import", 200, json=document, sandbox=saved)


def main() -> None:
    examples.ANSWERS_FILE.write_text(
        json.dumps(record(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {examples.ANSWERS_FILE}")


if __name__ == "__main__":
    main()
