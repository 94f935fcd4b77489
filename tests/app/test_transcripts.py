"""Replays the scripted conversations in tests/transcripts/*.json against the app.

Expected speech is written as templates resolved at replay time from the live vehicle state,
the turn's own cards and trace, the previous turn, and the warning-light knowledge base, so a
different scenario gives a different (and still checked) answer:

    {v:battery.range_km|whole}       the vehicle's state (GET /v1/vehicles/{id}), formatted
    {card:0.items.0.name.en}         this turn's cards
    {prev:cards.0.items.1.name.en}   the previous turn's response
    {trace:send_remote_command.result.command_id}
    {light:engine-check.title.en}    GET /v1/car-genius/warning-lights/{id}
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from agents.car_genius import phrases as ph

pytestmark = pytest.mark.anyio

TRANSCRIPTS = Path(__file__).resolve().parent.parent / "transcripts"
FAST = {"X-Sim-First-Token-Ms": "0", "X-Sim-Chars-Per-S": "0"}
_PLACEHOLDER = re.compile(r"\{([a-z]+):([^}|]+)(?:\|([a-z]+))?\}")
_FORMATS = {"pct": ph.pct, "whole": ph.whole, "num": ph.num}


def _conversations() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted(TRANSCRIPTS.glob("*.json")):
        found.extend(json.loads(path.read_text(encoding="utf-8")))
    return found


CONVERSATIONS = _conversations()


def test_there_are_enough_conversations() -> None:
    assert len(CONVERSATIONS) >= 40
    assert len({c["name"] for c in CONVERSATIONS}) == len(CONVERSATIONS)
    locales = {c["locale"] for c in CONVERSATIONS}
    assert locales == {"zh", "en"}


def _dig(value: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(value, list):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value[part]
        else:
            raise KeyError(path)
    return value


class Resolver:
    def __init__(
        self,
        client: httpx.AsyncClient,
        vehicle: dict[str, Any],
        turn: dict[str, Any],
        previous: dict[str, Any] | None,
    ) -> None:
        self.client = client
        self.vehicle = vehicle
        self.turn = turn
        self.previous = previous

    async def value(self, source: str, path: str) -> Any:
        if source == "v":
            return _dig(self.vehicle["state"], path)
        if source == "card":
            return _dig(self.turn["cards"], path)
        if source == "prev":
            assert self.previous is not None
            return _dig(self.previous, path)
        if source == "trace":
            tool, rest = path.split(".", 1)
            step = next(s for s in self.turn["trace"] if s["tool"] == tool)
            return _dig(step, rest)
        if source == "light":
            light_id, rest = path.split(".", 1)
            light = await self.client.get(f"/v1/car-genius/warning-lights/{light_id}")
            return _dig(light.json(), rest)
        raise ValueError(f"unknown template source {source!r}")

    async def render(self, template: str) -> str:
        out = template
        for match in _PLACEHOLDER.finditer(template):
            source, path, fmt = match.groups()
            value = await self.value(source, path)
            text = _FORMATS[fmt](float(value)) if fmt else str(value)
            out = out.replace(match.group(0), text)
        return out


def _check(turn: dict[str, Any], check: str) -> None:
    """`actions.confirm`, and on a list card's items: `card0.items.count<=3`,
    `card0.items.sorted:max_power_kw:desc`, `card0.items.min:max_power_kw:150`."""
    if check == "actions.confirm":
        assert any(a["requires_confirmation"] for a in turn["actions"]), turn["actions"]
        return
    target, _, rule = check.partition(".items.")
    items = turn["cards"][int(target.removeprefix("card"))]["items"]
    if rule.startswith("count<="):
        # The card shows what the tool found, cut at the cap (3 while driving, 5 parked).
        cap = int(rule.removeprefix("count<="))
        found = next(
            s["result"]["results"] for s in turn["trace"] if "results" in (s["result"] or {})
        )
        assert len(found) >= 1, turn["trace"]
        assert 1 <= len(items) <= cap, items
        assert len(items) == min(cap, len(found)), (len(items), cap, len(found))
    elif rule.startswith(("min:", "max:")):
        bound, field, limit = rule.split(":")
        values = [float(_dig(item, field)) for item in items]
        ok = all(v >= float(limit) if bound == "min" else v <= float(limit) for v in values)
        assert ok, values
    elif rule.startswith("sorted:"):
        _, field, order = rule.split(":")
        values = [_dig(item, field) for item in items]
        assert values == sorted(values, reverse=order == "desc"), values
    else:
        raise ValueError(f"unknown check {check!r}")


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
async def test_transcript(client: httpx.AsyncClient, conversation: dict[str, Any]) -> None:
    if conversation.get("scenario"):
        r = await client.post("/v1/sim/scenario", json={"scenario": conversation["scenario"]})
        assert r.status_code == 200, r.text
    vehicle_id = conversation["vehicle_id"]
    if conversation.get("patch"):
        r = await client.patch(f"/v1/sim/vehicles/{vehicle_id}/state", json=conversation["patch"])
        assert r.status_code == 200, r.text
    created = await client.post(
        "/v1/chat/sessions",
        json={
            "vehicle_id": vehicle_id,
            "locale": conversation["locale"],
            "profile_id": conversation.get("profile_id"),
        },
    )
    assert created.status_code == 201, created.text
    session_id = created.json()["session_id"]
    previous: dict[str, Any] | None = None
    for number, step in enumerate(conversation["turns"], start=1):
        if step.get("patch"):
            await client.patch(f"/v1/sim/vehicles/{vehicle_id}/state", json=step["patch"])
        if step.get("advance_s"):
            await client.post("/v1/sim/clock", json={"advance_s": step["advance_s"]})
        r = await client.post(
            f"/v1/chat/sessions/{session_id}/messages", json={"text": step["say"]}, headers=FAST
        )
        assert r.status_code == 200, r.text
        turn = r.json()
        where = f"turn {number} ({step['say']!r}): {turn['speech']}"
        assert turn["intent"]["name"] == step["intent"], where
        assert turn["agent"] == step["agent"], where
        assert [c["type"] for c in turn["cards"]] == step.get("cards", []), where
        vehicle = (await client.get(f"/v1/vehicles/{vehicle_id}")).json()
        resolver = Resolver(client, vehicle, turn, previous)
        for template in step.get("speech_has", []):
            expected = await resolver.render(template)
            assert expected in turn["speech"], f"{where}\nmissing: {expected!r}"
        for template in step.get("speech_lacks", []):
            assert await resolver.render(template) not in turn["speech"], where
        for slot, value in step.get("slots", {}).items():
            assert turn["intent"]["slots"][slot] == value, where
        for check in step.get("checks", []):
            _check(turn, check)
        previous = turn
    transcript = (await client.get(f"/v1/chat/sessions/{session_id}")).json()["transcript"]
    assert len(transcript) == 2 * len(conversation["turns"])
