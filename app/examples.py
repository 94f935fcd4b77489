"""The examples the OpenAPI document shows: requests written here, answers recorded from the app.

Request examples are FastAPI `openapi_examples` (named, the first one is the default Swagger UI
sends). The answers in examples.json are what the app says to those first requests with the
default fixtures, recorded by `.venv/bin/python -m tests.app.record_examples`; a test records
them again and fails when the file is out of date, and checks every example against its schema.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

Json = Any
Named = dict[str, dict[str, Any]]
Document = dict[str, Any]

ANSWERS_FILE = Path(__file__).with_name("examples.json")
# Absent while the first recording runs; tests/app/test_openapi_docs.py fails on any gap.
ANSWERS: dict[str, Json] = (
    json.loads(ANSWERS_FILE.read_text(encoding="utf-8")) if ANSWERS_FILE.exists() else {}
)

SSE = "text/event-stream"

SIGNAL_PATHS = "Vehicle.Speed,Vehicle.Powertrain.TractionBattery.*"

# The chat stream's kinds of event, in order; one example each.
CHAT_EVENTS = ("turn.start", "intent", "tool_call", "tool_result", "speech.delta", "turn.end")
# The parts of an OpenAI stream, in order; one example each.
CHUNK_SUMMARIES = {
    "role": "First chunk: the role",
    "content": "A piece of the text",
    "finish": "Last choice chunk: `finish_reason`",
    "usage": "With `stream_options.include_usage`: the usage, `choices: []`",
    "done": "The end: `data: [DONE]`",
}
# The parts of a DashScope stream (thinking on), in order; one example each.
GENERATION_EVENT_SUMMARIES = {
    "reasoning": "A piece of the reasoning (thinking), before any text",
    "content": 'A piece of the text (`finish_reason` is the string "null")',
    "finish": "The last event: `finish_reason` and the usage",
}


def ok(name: str, *, stream: str | None = None) -> Json:
    """A 2xx response entry: the recorded JSON answer `name`, and for a stream the recorded
    events `stream`, one named example per kind of event."""
    content: dict[str, Json] = {
        "application/json": {"example": ANSWERS[name]} if name in ANSWERS else {}
    }
    if stream:
        content[SSE] = {"examples": events(stream)}
    return {"content": content}


def events(name: str) -> Named:
    """Recorded events as named examples: each is one event of the stream (`event`, `id`,
    `data` as the client's parser sees it), not the whole stream."""
    return {
        kind.replace(".", "_"): {
            "summary": {**CHUNK_SUMMARIES, **GENERATION_EVENT_SUMMARIES}.get(
                kind, f"A `{kind}` event"
            ),
            "value": event,
        }
        for kind, event in ANSWERS.get(name, {}).items()
    }


def install(app: FastAPI) -> None:
    """FastAPI drops every `null` from the examples it writes into the document (fastapi#5559),
    which would make them lie (`"scenario": null` is an answer; `{"home": null}` a request).
    Once the document is generated, put back the examples exactly as the routes declare them."""
    generate = app.openapi

    def openapi() -> Document:
        if app.openapi_schema is None:
            _declared_examples(app, generate())  # FastAPI caches the document it returns
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _declared_examples(app: FastAPI, doc: Document) -> None:
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in context.methods or ():
            operation = doc["paths"].get(context.path_format, {}).get(method.lower())
            if operation is None:
                continue
            for status, declared in route.responses.items():
                answer = operation["responses"].get(str(status), {})
                _copy_examples(declared.get("content", {}), answer.get("content", {}))
            body = operation.get("requestBody", {}).get("content", {})
            extra = (route.openapi_extra or {}).get("requestBody", {})
            _copy_examples(extra.get("content", {}), body)
            field = route.body_field
            named = getattr(field.field_info, "openapi_examples", None) if field else None
            if named:
                for entry in body.values():
                    entry["examples"] = copy.deepcopy(named)


def _copy_examples(declared: Document, documented: Document) -> None:
    for media_type, entry in declared.items():
        target = documented.get(media_type)
        for key in ("example", "examples"):
            if target is not None and key in entry:
                target[key] = copy.deepcopy(entry[key])


# -- requests --------------------------------------------------------------------------------

COMMAND_REQUESTS: Named = {
    "lock": {"summary": "Lock", "value": {"type": "lock"}},
    "climate": {
        "summary": "Start climate at 22 °C",
        "value": {"type": "climate_start", "target_temp_c": 22},
    },
    "limit": {
        "summary": "Charge limit 80 %",
        "value": {"type": "set_charge_limit", "limit_pct": 80},
    },
    "wake": {"summary": "Wake the car", "value": {"type": "wake"}},
    "destination": {
        "summary": "Send a destination",
        "value": {
            "type": "send_destination",
            "destination": {"name": "杭州西湖", "coordinates": {"lat": 30.2431, "lon": 120.1503}},
        },
    },
}

CABIN_REQUESTS: Named = {
    "seat_heating": {
        "summary": "Passenger seat heating, level 2, asked by the passenger",
        "value": {
            "command": {"type": "seat_heating", "seat": "passenger", "level": 2},
            "seat": "passenger",
        },
    },
    "window": {
        "summary": "Driver's window 30 % open",
        "value": {"command": {"type": "window", "window": "driver", "position_pct": 30}},
    },
    "zone": {
        "summary": "Passenger zone to 24 °C",
        "value": {
            "command": {"type": "set_temperature", "target_temp_c": 24, "zone": "passenger"},
            "seat": "passenger",
        },
    },
    "ambient": {
        "summary": "Ambient light blue at 40 %",
        "value": {
            "command": {"type": "ambient_light", "on": True, "colour": "blue", "brightness_pct": 40}
        },
    },
}

KEY_REQUESTS: Named = {
    "drive": {
        "summary": "Lend the car for two days",
        "value": {
            "holder_name": "李娜",
            "permission": "drive",
            "valid_from": "2026-06-01T09:00:00+08:00",
            "valid_until": "2026-06-03T18:00:00+08:00",
        },
    },
    "courier": {
        "summary": "Let a courier open the boot this afternoon",
        "value": {
            "holder_name": "SF Express",
            "permission": "access",
            "valid_from": "2026-06-01T13:00:00+08:00",
            "valid_until": "2026-06-01T15:00:00+08:00",
        },
    },
}

PLAN_REQUESTS: Named = {
    "beijing": {
        "summary": "By place name: Shanghai → Beijing in the iX3",
        "value": {"vehicle_id": "ix3-shanghai", "destination": "北京"},
    },
    "full_charge": {
        "summary": "What if I charge to 100 % first",
        "value": {"vehicle_id": "ix3-shanghai", "destination": "北京", "start_soc_pct": 100},
    },
    "coordinates": {
        "summary": "By coordinates: to Nanjing",
        "value": {"vehicle_id": "ix3-shanghai", "destination": {"lat": 32.0603, "lon": 118.7969}},
    },
    "hangzhou": {
        "summary": "To West Lake, vegetarian driver",
        "value": {
            "vehicle_id": "ix3-shanghai",
            "destination": "West Lake",
            "profile_id": "vegetarian-en",
        },
    },
    "knobs": {
        "summary": "Every knob",
        "value": {
            "vehicle_id": "i5-hangzhou",
            "origin": "Hangzhou",
            "destination": {"lat": 32.0603, "lon": 118.7969},
            "waypoints": ["Suzhou"],
            "departure_at": "2026-06-01T09:00:00+08:00",
            "start_soc_pct": 85,
            "min_arrival_soc_pct": 15,
            "max_charge_soc_pct": 80,
            "destination_soc_pct": 20,
            "stop_overhead_s": 300,
            "operator_preferences": {"eurolink": -2},
        },
    },
}

PROFILE_CREATES: Named = {
    "family": {
        "summary": "A family that likes Cantonese food",
        "value": {
            "name": "陈静",
            "locale": "zh",
            "dietary": ["no_spicy"],
            "cuisine_preferences": {"cantonese": 2, "hotpot": -1},
            "budget_cny_per_person": 120,
            "needs_parking": True,
            "party": {"adults": 2, "children": 2},
            "charging": {"operator_preferences": {"xingchong": 1}, "comfort_min_soc_pct": 20},
        },
    },
    "minimal": {"summary": "Just a name (the rest takes defaults)", "value": {"name": "Sam"}},
}

PROFILE_UPDATES: Named = {
    "budget": {
        "summary": "Raise the budget and go vegetarian",
        "value": {"budget_cny_per_person": 200, "dietary": ["vegetarian"]},
    },
    "forget_home": {"summary": "Forget the home location", "value": {"home": None}},
}

SESSION_REQUESTS: Named = {
    "zh": {
        "summary": "Chinese, no profile",
        "value": {"vehicle_id": "ix3-shanghai", "locale": "zh"},
    },
    "en": {
        "summary": "English, with a driver profile",
        "value": {"vehicle_id": "ix3-shanghai", "profile_id": "vegetarian-en", "locale": "en"},
    },
}

MESSAGE_REQUESTS: Named = {
    "range": {"summary": "Range (Car Genius)", "value": {"text": "还能开多远？"}},
    "two": {
        "summary": "Two requests in one message",
        "value": {"text": "Lock the car and find a fast charger"},
    },
    "trip": {
        "summary": "Plan a trip (Travel Companion)",
        "value": {"text": "Plan a trip to Beijing"},
    },
}

GENERATION_REQUESTS: Named = {
    "messages": {
        "summary": "Messages, answered as a message",
        "value": {
            "model": "qwen-plus",
            "input": {"messages": [{"role": "user", "content": "How far can I drive?"}]},
            "parameters": {"result_format": "message", "vehicle_id": "ix3-shanghai"},
        },
    },
    "thinking": {
        "summary": "Streamed with thinking, in new pieces (X-DashScope-SSE: enable)",
        "value": {
            "model": "qwen3-max",
            "input": {"messages": [{"role": "user", "content": "还能开多远？"}]},
            "parameters": {
                "result_format": "message",
                "incremental_output": True,
                "enable_thinking": True,
                "thinking_budget": 200,
            },
        },
    },
    "prompt": {
        "summary": "A prompt, answered as text",
        "value": {"model": "qwen-turbo", "input": {"prompt": "Is the car locked?"}},
    },
    "tools": {
        "summary": "With your own tools: one tool call per request",
        "value": {
            "model": "qwen-plus",
            "input": {"messages": [{"role": "user", "content": "Lock the car and start the AC"}]},
            "parameters": {
                "result_format": "message",
                "tools": [
                    {
                        "type": "function",
                        "function": {
                            "name": "send_remote_command",
                            "description": "Send a remote command to the car",
                            "parameters": {"type": "object"},
                        },
                    }
                ],
            },
        },
    },
}

COMPLETION_REQUESTS: Named = {
    "plain": {
        "summary": "A question; the agents use their own tools",
        "value": {
            "model": "incar-auto",
            "messages": [{"role": "user", "content": "How far can I drive?"}],
            "vehicle_id": "ix3-shanghai",
            "locale": "en",
        },
    },
    "stream": {
        "summary": "Streamed, with usage at the end",
        "value": {
            "model": "incar-car-genius",
            "messages": [{"role": "user", "content": "还能开多远？"}],
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    },
    "tools": {
        "summary": "With your own tools: the answer is a tool call",
        "value": {
            "model": "incar-car-genius",
            "messages": [{"role": "user", "content": "Is the car locked?"}],
            "tools": [
                {
                    "type": "function",
                    "function": {
                        "name": "get_vehicle_status",
                        "description": "The car's current state",
                        "parameters": {"type": "object", "properties": {}},
                    },
                }
            ],
        },
    },
}

SCENARIO_REQUESTS: Named = {
    "low_battery": {
        "summary": "Low battery on the expressway",
        "value": {"scenario": "low-battery-expressway"},
    },
    "asleep": {"summary": "The car is asleep", "value": {"scenario": "car-asleep"}},
}

STATE_PATCHES: Named = {
    "soc": {"summary": "Set SoC", "value": {"battery": {"soc_pct": 15}}},
    "door": {
        "summary": "Open a door",
        "value": {"security": {"doors_open": {"front_left": True}}},
    },
}

CLOCK_REQUESTS: Named = {
    "advance": {"summary": "Advance 15 minutes", "value": {"advance_s": 900}},
    "set": {"summary": "Jump to a moment", "value": {"set": "2026-06-01T12:00:00+08:00"}},
    "run": {"summary": "Run at x60", "value": {"run": True, "speed": 60}},
    "pause": {"summary": "Pause", "value": {"run": False}},
}

FAULT_REQUESTS: Named = {
    "vehicles_503": {
        "summary": "The next 3 vehicle requests fail with 503",
        "value": {"rules": [{"path_prefix": "/v1/vehicles", "fault": "503", "remaining": 3}]},
    },
    "slow_chat": {
        "summary": "Every chat request takes 2 s",
        "value": {"rules": [{"path_prefix": "/v1/chat", "latency_ms": 2000}]},
    },
    "drop_streams": {
        "summary": "Chat streams break off halfway",
        "value": {"rules": [{"path_prefix": "/v1/chat", "method": "POST", "fault": "drop-stream"}]},
    },
    "none": {"summary": "No rules", "value": {"rules": []}},
}

RESET_REQUESTS: Named = {
    "scenario": {"summary": "Back to the current scenario's start", "value": {"to": "scenario"}},
    "baseline": {
        "summary": "Back to what a brand-new sandbox has",
        "value": {"to": "baseline"},
    },
}

IMPORT_REQUESTS: Named = {
    "exported": {
        "summary": "A document `GET .../export` answered (lists cut short)",
        "value": ANSWERS.get("export_sandbox", {}),
    },
}

PROACTIVE_SETTINGS: Named = {
    "quiet_night": {
        "summary": "Quiet from 22:00 to 07:00",
        "value": {"quiet_hours": {"start": "22:00", "end": "07:00"}},
    },
    "mute": {"summary": "Mute the proactive assistant", "value": {"muted": True}},
    "unmute": {
        "summary": "Speak up again, no quiet hours",
        "value": {"muted": False, "quiet_hours": None},
    },
}

ACTION_REQUESTS: Named = {
    "yes": {"summary": "The driver said yes", "value": {"confirm": True}},
    "no": {"summary": "The driver said no: nothing changes", "value": {"confirm": False}},
}

SIM_EVENT_REQUESTS: Named = {
    "warning_light": {
        "summary": "A warning light comes on (Car Genius explains it)",
        "value": {"session_id": "chat-0001", "kind": "warning_light", "light_id": "engine-check"},
    },
    "low_soc": {
        "summary": "Battery low: chargers nearby",
        "value": {"session_id": "chat-0001", "kind": "low_soc", "soc_pct": 12},
    },
    "tire": {
        "summary": "A tyre losing pressure",
        "value": {
            "session_id": "chat-0001",
            "kind": "tire_pressure",
            "tire": "rear_left",
            "pressure_kpa": 180,
        },
    },
    "meal": {
        "summary": "Lunch time: dining near the next stop",
        "value": {"session_id": "chat-0001", "kind": "meal_time", "meal": "lunch"},
    },
}

DEMO_REQUESTS: Named = {
    "en": {"summary": "Play it in English", "value": {"locale": "en"}},
    "zh": {"summary": "Play it in Chinese", "value": {"locale": "zh"}},
}
