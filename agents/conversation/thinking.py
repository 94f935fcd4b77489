"""Thinking (`reasoning_content`): a short, deterministic account of what the assistant looked at
before answering: the requests it understood, the tools it called or asks the client to call,
the state values it read, and the constraint that ruled a result out. In the user's language;
`thinking_budget` cuts it at that many tokens (by our count_tokens)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from agents.conversation.dialogue import TraceStep, Turn
from agents.conversation.nlu import Understanding
from agents.conversation.tokens import first_tokens
from agents.text import Bilingual, Locale, bi
from agents.world.models import json_number

MAX_THINKING_BUDGET = 38_912
"""The largest `thinking_budget` accepted (Qwen3's own maximum)."""
ThinkingBudget = Annotated[int, Field(ge=1, le=MAX_THINKING_BUDGET), BeforeValidator(json_number)]
_MAX_FACTS = 6
_MAX_STEPS = 8


def within_budget(account: str, budget: int | None) -> str:
    return account if budget is None else first_tokens(account, budget)


def _value(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"zh", "en"}:
        return str(value["en"])
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str | int | bool) or value is None:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, bool) else str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))[:80]


def _arguments(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_value(v)}" for k, v in arguments.items()) or "-"


def _requests(understood: Iterable[Understanding]) -> Bilingual:
    names = [u.intent.value for u in understood]
    if not names:
        return bi("没有识别出具体的请求。", "I found no specific request.")
    listed = ", ".join(names)
    return bi(f"用户的请求：{listed}。", f"The user asked for: {listed}.")


def planned_calls(understood: list[Understanding], calls: list[tuple[str, str]]) -> Bilingual:
    """The account when the client's tools will run: which requests, which calls."""
    lines = [_requests(understood)]
    for name, arguments in calls:
        lines.append(bi(f"需要调用 {name}（{arguments}）。", f"I need {name} with {arguments}."))
    if not calls:
        lines.append(
            bi(
                "提供的工具都不适用，直接回答。",
                "None of the offered tools fits; I answer directly.",
            )
        )
    return _join(lines)


def read_results(results: list[tuple[str, Bilingual]]) -> Bilingual:
    """The account when the client sent tool results back: what each said."""
    lines = [
        bi("工具已返回结果，整理成回答：", "The tools returned; I put their results into words:")
    ]
    for name, phrase in results:
        lines.append(bi(f"{name} → {phrase.zh}", f"{name} → {phrase.en}"))
    return _join(lines)


def from_turn(turn: Turn, understood: list[Understanding]) -> Bilingual:
    """The account of a turn the mock answered with its own tools (from the turn's trace)."""
    lines = [_requests(understood)]
    for step in turn.trace[:_MAX_STEPS]:
        lines.append(_step(step))
    if any(action.requires_confirmation for action in turn.actions):
        lines.append(
            bi(
                "远程操作要先得到车主确认，所以先逐项询问。",
                "Remote actions need the driver's yes first, so I ask about each one.",
            )
        )
    if not turn.trace:
        lines.append(bi("这次不需要查询车辆或地图数据。", "No vehicle or map data was needed."))
    return _join(lines)


def _step(step: TraceStep) -> Bilingual:
    head = bi(
        f"调用 {step.tool}（{_arguments(step.arguments)}）",
        f"Called {step.tool} ({_arguments(step.arguments)})",
    )
    if step.error is not None:
        return bi(
            f"{head.zh}：被拒绝，{step.error.code}：{step.error.message.zh}",
            f"{head.en}: refused, {step.error.code}: {step.error.message.en}",
        )
    facts = _facts(step.result or {})
    if not facts:
        return bi(f"{head.zh}。", f"{head.en}.")
    return bi(f"{head.zh}：{'; '.join(facts)}。", f"{head.en}: {'; '.join(facts)}.")


def _facts(result: dict[str, Any]) -> list[str]:
    """The state values a result carried and what ruled results out, as `name=value`."""
    facts: list[str] = []
    read = result.get("facts")
    if isinstance(read, dict):
        facts += [f"{k}={_value(v)}" for k, v in list(read.items())[:_MAX_FACTS]]
    results = result.get("results")
    if isinstance(results, list):
        facts.append(f"results={len(results)}")
    excluded = result.get("excluded")
    if isinstance(excluded, dict):
        facts += [f"ruled out by {k}: {n}" for k, n in excluded.items() if n]
    plan = result.get("plan")
    if isinstance(plan, dict) and "status" in plan:
        facts.append(f"plan={_value(plan['status'])}")
    if "command_id" in result:
        facts += [f"{k}={_value(result.get(k))}" for k in ("command_id", "status")]
    if isinstance(result.get("active_on_vehicle"), list):
        facts.append(f"lit on the car: {_value(result['active_on_vehicle'])}")
    return facts


def _join(lines: list[Bilingual]) -> Bilingual:
    return bi("\n".join(line.zh for line in lines), "\n".join(line.en for line in lines))


def pick(account: Bilingual, locale: Locale, budget: int | None) -> str:
    return within_budget(account.pick(locale), budget)
