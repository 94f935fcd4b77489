"""Golden transcripts: a conversation saved as readable YAML, replayed and compared.

A transcript holds what sets the conversation up (scenario, clock, vehicle, locale, profile,
optional state patches and clock moves before a turn) and, per user turn, what the assistant
answered: agent, intents, tool calls, speech in both languages, cards and actions, each reduced
to the fields a reviewer reads. `replay` runs the user turns in a sandbox and records what came
back; `diff` names every turn and field that changed.

YAML support is the optional extra `incar-sim-client[transcripts]` (PyYAML), imported only when
a file is read or written, so the client itself depends on httpx and pydantic alone.
"""

from __future__ import annotations

import importlib
import uuid
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Speech",
    "ToolCall",
    "Transcript",
    "TranscriptError",
    "TranscriptIntent",
    "TranscriptTurn",
    "diff",
    "dump_yaml",
    "load_yaml",
    "read_yaml",
    "record",
    "replay",
    "write_yaml",
]


class TranscriptError(RuntimeError):
    """The server refused a step of recording or replaying (status and problem code in the text)."""


class _Strict(BaseModel):
    # Hand-edited files: a misspelt key is an error, not a silently ignored expectation.
    model_config = ConfigDict(extra="forbid")


class TranscriptIntent(_Strict):
    name: str
    slots: dict[str, Any] = Field(default_factory=dict)


class ToolCall(_Strict):
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Speech(_Strict):
    zh: str = ""
    en: str = ""


class TranscriptTurn(_Strict):
    user: str = Field(min_length=1)
    # What happens to the world just before this turn is sent.
    advance_s: float | None = Field(default=None, description="Clock moved forward by this much")
    patch: dict[str, Any] | None = Field(default=None, description="Merge patch of the car state")
    # What the assistant answered.
    agent: str | None = None
    intents: list[TranscriptIntent] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    speech: Speech = Field(default_factory=Speech)
    cards: list[dict[str, Any]] = Field(default_factory=list)
    actions: list[dict[str, Any]] = Field(default_factory=list)

    def inputs(self) -> TranscriptTurn:
        """The turn without its answer: what a replay sends."""
        return TranscriptTurn(user=self.user, advance_s=self.advance_s, patch=self.patch)


class Transcript(_Strict):
    scenario: str | None = Field(description="Loaded first; null: the server's start world")
    clock: datetime = Field(description="The sim time the conversation starts at")
    vehicle: str
    locale: Literal["zh", "en"]
    profile: str | None
    patch: dict[str, Any] | None = Field(default=None, description="Car state patch, at start")
    turns: list[TranscriptTurn] = Field(min_length=1)


# -- YAML -------------------------------------------------------------------------------------


def _yaml() -> Any:
    try:
        return importlib.import_module("yaml")
    except ImportError:
        raise ImportError(
            "transcript files need PyYAML: pip install 'incar-sim-client[transcripts]'"
        ) from None


def dump_yaml(transcript: Transcript) -> str:
    data = transcript.model_dump(mode="json", exclude_defaults=True)
    text: str = _yaml().safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return text


def load_yaml(text: str) -> Transcript:
    return Transcript.model_validate(_yaml().safe_load(text))


def write_yaml(transcript: Transcript, path: str | Path) -> None:
    Path(path).write_text(dump_yaml(transcript), encoding="utf-8")


def read_yaml(path: str | Path) -> Transcript:
    return load_yaml(Path(path).read_text(encoding="utf-8"))


# -- HTTP -------------------------------------------------------------------------------------


def _client(base_url: str, sandbox: str, api_key: str | None) -> httpx.Client:
    headers = {"X-Sandbox": sandbox}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    return httpx.Client(base_url=base_url, headers=headers, timeout=30.0)


def _call(http: httpx.Client, method: str, path: str, **kwargs: Any) -> Any:
    try:
        response = http.request(method, path, **kwargs)
    except httpx.TransportError as exc:
        raise TranscriptError(f"{method} {http.base_url}{path}: {exc!r}") from exc
    if response.is_error:
        detail = response.text[:300]
        if response.headers.get("content-type", "").endswith("json"):
            body = response.json()
            if isinstance(body, dict) and "code" in body:
                detail = f"{body['code']}: {body.get('detail', '')}"
        raise TranscriptError(
            f"{method} {path} (sandbox {http.headers['X-Sandbox']}): "
            f"{response.status_code} {detail}"
        )
    return response.json() if response.content else None


def _delete_sandbox(http: httpx.Client, sandbox: str) -> None:
    response = http.delete(f"/v1/sim/sandboxes/{sandbox}")
    if response.status_code not in (204, 404):
        raise TranscriptError(f"DELETE sandbox {sandbox}: {response.status_code} {response.text}")


# -- replay -----------------------------------------------------------------------------------


def replay(
    transcript: Transcript, base_url: str, sandbox: str, api_key: str | None = None
) -> Transcript:
    """Sets the sandbox up as the transcript says, sends each user turn and answers the
    transcript of what came back (same inputs, the answers as recorded now)."""
    with _client(base_url, sandbox, api_key) as http:
        if transcript.scenario is None:
            _call(http, "POST", "/v1/sim/reset", json={"to": "baseline"})
        else:
            _call(http, "POST", "/v1/sim/scenario", json={"scenario": transcript.scenario})
        _call(http, "POST", "/v1/sim/clock", json={"set": transcript.clock.isoformat()})
        vehicle_path = f"/v1/sim/vehicles/{transcript.vehicle}/state"
        if transcript.patch:
            _call(http, "PATCH", vehicle_path, json=transcript.patch)
        session = _call(
            http,
            "POST",
            "/v1/chat/sessions",
            json={
                "vehicle_id": transcript.vehicle,
                "locale": transcript.locale,
                "profile_id": transcript.profile,
            },
        )
        turns: list[TranscriptTurn] = []
        for step in transcript.turns:
            if step.patch:
                _call(http, "PATCH", vehicle_path, json=step.patch)
            if step.advance_s:
                _call(http, "POST", "/v1/sim/clock", json={"advance_s": step.advance_s})
            answer = _call(
                http,
                "POST",
                f"/v1/chat/sessions/{session['session_id']}/messages",
                json={"text": step.user},
            )
            turns.append(_answered(step, answer, transcript.locale))
    return transcript.model_copy(update={"turns": turns})


def _answered(step: TranscriptTurn, turn: dict[str, Any], locale: str) -> TranscriptTurn:
    return step.inputs().model_copy(
        update={
            "agent": turn["agent"],
            "intents": [
                TranscriptIntent(name=a["intent"]["name"], slots=a["intent"]["slots"])
                for a in turn["answers"]
            ],
            "tool_calls": [
                ToolCall(name=s["tool"], arguments=s["arguments"]) for s in turn["trace"]
            ],
            "speech": Speech(**turn["speech_text"]),
            "cards": [_card(card, locale) for card in turn["cards"]],
            "actions": [
                {
                    "type": a["type"],
                    "label": _text(a["label"], locale),
                    "confirm": a["requires_confirmation"],
                }
                for a in turn["actions"]
            ],
        }
    )


def _text(value: Any, locale: str) -> Any:
    """A bilingual `{zh, en}` reduced to the session's language; anything else as is."""
    if isinstance(value, dict) and set(value) == {"zh", "en"}:
        return value[locale]
    return value


# Per card type, the fields a reviewer checks (ids, names, the numbers the speech quotes);
# bilingual values are kept in the session's language.
_CARD_FIELDS: dict[str, tuple[str, ...]] = {
    "status": ("vehicle_id", "title", "facts"),
    "warning_light": ("light_id", "title", "color", "safe_to_drive", "active_on_vehicle"),
    "charger_list": ("title", "total_found"),
    "restaurant_list": ("title", "total_found"),
    "trip": (
        "trip_id",
        "status",
        "feasible",
        "destination",
        "distance_km",
        "arrival_soc_pct",
        "total_cost_cny",
    ),
}
_ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "charger_list": ("charger_id", "name", "max_power_kw", "distance_km", "price_cny_per_kwh"),
    "restaurant_list": ("restaurant_id", "name", "cuisine", "rating", "avg_spend_cny"),
}


def _card(card: dict[str, Any], locale: str) -> dict[str, Any]:
    kind = card["type"]
    fields = _CARD_FIELDS.get(kind, ("title",))
    out: dict[str, Any] = {"type": kind}
    out.update({f: _text(card[f], locale) for f in fields if f in card})
    if card.get("alerts"):
        out["alerts"] = [_text(a["title"], locale) for a in card["alerts"]]
    if kind in _ITEM_FIELDS:
        out["items"] = [
            {f: _text(item[f], locale) for f in _ITEM_FIELDS[kind] if f in item}
            for item in card["items"]
        ]
    if kind == "trip":
        out["stops"] = [f"{stop['kind']}: {_text(stop['name'], locale)}" for stop in card["stops"]]
    return out


# -- record -----------------------------------------------------------------------------------


def record(base_url: str, sandbox: str, session_id: str, api_key: str | None = None) -> Transcript:
    """The conversation `session_id` of `sandbox` as a transcript.

    The session keeps what the driver said and what the assistant answered, not the tool calls
    or cards, so its user turns are replayed in a scratch sandbox (same scenario and clock;
    clock moves between turns taken from the sandbox's journal) and the replay must say exactly
    what the live session said. A conversation that depended on anything else (a state patch,
    a profile created in that sandbox) is refused with the differences, not saved wrong.
    """
    with _client(base_url, sandbox, api_key) as http:
        session = _call(http, "GET", f"/v1/chat/sessions/{session_id}")
        scenario = _call(http, "GET", "/v1/sim/scenario")["scenario"]
        journal = _call(http, "GET", "/v1/sim/journal", params={"limit": 1000})
    said = [e for e in session["transcript"] if e["role"] == "user"]
    answered = [e for e in session["transcript"] if e["role"] == "assistant"]
    if not said:
        raise TranscriptError(f"session {session_id} has no turns yet")
    if session["turns"] != len(said) or len(answered) != len(said):
        raise TranscriptError(
            f"session {session_id} kept only its newest {len(said)} of {session['turns']} turns"
        )
    times = _turn_times(journal, session_id, len(said)) or [session["created_at"]] * len(said)
    start = datetime.fromisoformat(times[0])
    moves = [0.0] + [
        (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()
        for a, b in pairwise(times)
    ]
    inputs = Transcript(
        scenario=scenario,
        clock=start,
        vehicle=session["vehicle_id"],
        locale=session["locale"],
        profile=session["profile_id"],
        turns=[
            TranscriptTurn(user=e["text"], advance_s=move or None)
            for e, move in zip(said, moves, strict=True)
        ],
    )
    scratch = f"rec-{uuid.uuid4().hex[:16]}"
    try:
        recorded = replay(inputs, base_url, scratch, api_key)
    finally:
        with _client(base_url, scratch, api_key) as http:
            _delete_sandbox(http, scratch)
    _check_same_as_live(recorded, answered, session_id)
    return recorded


def _turn_times(journal: list[dict[str, Any]], session_id: str, count: int) -> list[str] | None:
    """The sim time of each turn the journal saw (None when it no longer holds them all)."""
    path = f"/v1/chat/sessions/{session_id}/messages"
    times = [
        e["sim_time"]
        for e in journal
        if e["method"] == "POST" and e["path"] == path and e["status"] == 200
    ]
    # A session id is reused after its sandbox was reset: the newest `count` turns are this one's.
    return times[-count:] if len(times) >= count else None


def _check_same_as_live(
    recorded: Transcript, answered: list[dict[str, Any]], session_id: str
) -> None:
    problems: list[str] = []
    for number, (turn, live) in enumerate(zip(recorded.turns, answered, strict=True), start=1):
        speech = getattr(turn.speech, recorded.locale)
        where = f"turn {number} {_quote(turn.user)}"
        if speech != live["text"]:
            problems.append(f"{where}: speech: live {live['text']!r} replayed {speech!r}")
        names = [i.name for i in turn.intents]
        if names != list(live["intents"]):
            problems.append(f"{where}: intents: live {live['intents']!r} replayed {names!r}")
    if problems:
        raise TranscriptError(
            f"session {session_id} does not replay from its scenario and clock alone "
            "(state patched or profile created in its sandbox?):\n" + "\n".join(problems)
        )


# -- diff -------------------------------------------------------------------------------------

_MISSING = object()


def diff(expected: Transcript, actual: Transcript) -> list[str]:
    """Readable lines, one per difference: `turn 2 "找个快充": speech.zh: expected '…' got '…'`."""
    lines: list[str] = []
    head_e = expected.model_dump(mode="json", exclude={"turns"})
    head_a = actual.model_dump(mode="json", exclude={"turns"})
    lines.extend(_walk("setup", "", head_e, head_a))
    for number in range(1, max(len(expected.turns), len(actual.turns)) + 1):
        want = _nth(expected.turns, number)
        got = _nth(actual.turns, number)
        if want is not None and got is not None:
            label = f"turn {number} {_quote(want.user)}"
            lines.extend(
                _walk(label, "", want.model_dump(mode="json"), got.model_dump(mode="json"))
            )
        elif want is not None:
            lines.append(f"turn {number} {_quote(want.user)}: expected the turn, got none")
        elif got is not None:
            lines.append(f"turn {number} {_quote(got.user)}: expected no turn, got one")
    return lines


def _nth(turns: list[TranscriptTurn], number: int) -> TranscriptTurn | None:
    return turns[number - 1] if number <= len(turns) else None


def _quote(text: str) -> str:
    return '"' + (text if len(text) <= 40 else text[:39] + "…") + '"'


def _walk(label: str, path: str, want: Any, got: Any) -> list[str]:
    if isinstance(want, dict) and isinstance(got, dict):
        out: list[str] = []
        for key in [*want, *(k for k in got if k not in want)]:
            sub = f"{path}.{key}" if path else str(key)
            out.extend(_walk(label, sub, want.get(key, _MISSING), got.get(key, _MISSING)))
        return out
    if isinstance(want, list) and isinstance(got, list):
        out = []
        for i in range(max(len(want), len(got))):
            w = want[i] if i < len(want) else _MISSING
            g = got[i] if i < len(got) else _MISSING
            out.extend(_walk(label, f"{path}[{i}]", w, g))
        return out
    if want == got:
        return []
    return [f"{label}: {path}: expected {_show(want)} got {_show(got)}"]


def _show(value: Any) -> str:
    return "(nothing)" if value is _MISSING else repr(value)
