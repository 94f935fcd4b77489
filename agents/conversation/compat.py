"""The OpenAI-compatible chat protocol (DashScope's compatible mode) over the same agents.

Pure functions: request models, which tool to call for the last user message when the client
offers `tools`, the final answer composed from `role: "tool"` messages, the answer the mock writes
itself when no tools are offered, and the completion / chunk documents with deterministic ids and
token counts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.conversation import replies as rp
from agents.conversation import thinking
from agents.conversation.dialogue import Turn, command_label, run_turn
from agents.conversation.events import speech_chunks
from agents.conversation.limits import (
    HISTORY_CHARS_REPLAYED,
    HISTORY_REQUESTS_REPLAYED,
    MAX_ARGUMENTS_CHARS,
    MAX_CONTENT_PARTS,
    MAX_CONTEXT_CHARS,
    MAX_DESCRIPTION_CHARS,
    MAX_ID_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    MAX_NAME_CHARS,
    MAX_REQUEST_CHARS,
    MAX_REQUESTS_PER_MESSAGE,
    MAX_TOOL_CALLS,
    MAX_TOOL_RESULT_CHARS,
    MAX_TOOLS,
)
from agents.conversation.model_names import AGENT_MODELS, LISTED, UnknownModel, resolve_model
from agents.conversation.nlu import AgentName, Intent, Understanding, understand
from agents.conversation.nlu.matching import has_cjk
from agents.conversation.repeats import READ_ONLY_TOOLS
from agents.conversation.sessions import PendingAction, Session
from agents.conversation.thinking import ThinkingBudget
from agents.conversation.tokens import count_tokens
from agents.conversation.tool_results import phrase_tool_result
from agents.conversation.tools import ToolContext
from agents.conversation.turns.table import INTENTS
from agents.locales import LocaleTag, choose_locale
from agents.text import Bilingual, Locale

# Re-exported: usage counts are part of this protocol's documents; MODELS as GET /v1/agents reads.
__all__ = ["MODELS", "count_tokens"]
MODELS = AGENT_MODELS

OWNED_BY = "incar-sim"


class ContentPart(BaseModel):
    """One part of a list `content`; only text parts are read."""

    model_config = ConfigDict(extra="ignore")

    type: str = Field(max_length=MAX_NAME_CHARS)
    text: str | None = Field(default=None, max_length=MAX_TOOL_RESULT_CHARS)


class FunctionCall(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(max_length=MAX_NAME_CHARS)
    arguments: str = Field(default="", max_length=MAX_ARGUMENTS_CHARS)


class AssistantToolCall(BaseModel):
    """A tool call of an earlier `assistant` message, sent back with the conversation."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(max_length=MAX_ID_CHARS)
    type: Literal["function"] = "function"
    function: FunctionCall


Role = Literal["system", "developer", "user", "assistant", "tool"]

CONTENT_LIMITS: dict[Role, int] = {
    "system": MAX_CONTEXT_CHARS,
    "developer": MAX_CONTEXT_CHARS,
    "user": MAX_MESSAGE_CHARS,
    "assistant": MAX_CONTEXT_CHARS,
    "tool": MAX_TOOL_RESULT_CHARS,
}
"""The most text one message of each role may carry (the widest is also the field's limit)."""


class ChatMessage(BaseModel):
    # Fields this mock doesn't read (`refusal`, `audio`...) are accepted and dropped.
    model_config = ConfigDict(extra="ignore")

    role: Role
    content: (
        Annotated[str, Field(max_length=MAX_TOOL_RESULT_CHARS)]
        | Annotated[list[ContentPart], Field(max_length=MAX_CONTENT_PARTS)]
        | None
    ) = None
    tool_calls: list[AssistantToolCall] | None = Field(default=None, max_length=MAX_TOOL_CALLS)
    tool_call_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    name: str | None = Field(default=None, max_length=MAX_NAME_CHARS)

    def text_chars(self) -> int:
        """Characters of text the message carries, read or not (a part of another type counts)."""
        if isinstance(self.content, list):
            return sum(len(p.text or "") for p in self.content)
        return len(self.content or "")

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, list):
            return "".join(p.text or "" for p in self.content if p.type == "text")
        return ""


class FunctionSpec(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION_CHARS)
    parameters: dict[str, Any] | None = None


class OfferedTool(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: Literal["function"] = "function"
    function: FunctionSpec


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = Field(default=False, strict=True)


class CompletionRequest(BaseModel):
    """`POST /compatible-mode/v1/chat/completions`; `vehicle_id`, `profile_id` and `locale` may
    come in the body (the openai client's `extra_body`) or as headers. Other parameters
    (`temperature`, `max_tokens`...) are accepted and have no effect."""

    model_config = ConfigDict(extra="allow")

    model: str = Field(max_length=MAX_NAME_CHARS)
    messages: list[ChatMessage] = Field(min_length=1, max_length=MAX_MESSAGES)
    stream: bool = Field(default=False, strict=True)
    stream_options: StreamOptions | None = None
    tools: list[OfferedTool] | None = Field(default=None, max_length=MAX_TOOLS)
    tool_choice: Any = None
    enable_thinking: bool | None = Field(
        default=None,
        strict=True,
        description="Stream `reasoning_content` before the answer (Qwen3's switch; `qwq-*` "
        "models always think)",
    )
    thinking_budget: ThinkingBudget | None = Field(
        default=None, description="The most tokens of reasoning"
    )
    vehicle_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    profile_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    locale: LocaleTag | None = None
    sandbox: str | None = Field(
        default=None,
        max_length=MAX_ID_CHARS,
        description="Optional; must name the sandbox the request is addressed to (X-Sandbox)",
    )

    def thinks(self) -> bool:
        if self.enable_thinking is not None:
            return self.enable_thinking
        return resolve_model(self.model).thinks_by_default


class CompatError(Exception):
    """An error in OpenAI's shape: `{"error": {message, type, param, code}}` (the DashScope
    surface turns it into its own)."""

    def __init__(self, status: int, message: str, code: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param

    def body(self) -> dict[str, Any]:
        kind = "invalid_request_error" if self.status < 500 else "server_error"
        return {
            "error": {"message": self.message, "type": kind, "param": self.param, "code": self.code}
        }


def parse_request(raw: object) -> CompletionRequest:
    """The validated request, or a CompatError naming the first field at fault (`param` in
    OpenAI's spelling, `messages[0].content`)."""
    try:
        request = CompletionRequest.model_validate(raw)
    except ValidationError as exc:
        raise invalid_request(exc, raw) from None
    check_model(request.model)
    check_messages(request.messages)
    return request


def check_model(name: str) -> None:
    try:
        resolve_model(name)
    except UnknownModel as exc:
        raise CompatError(404, exc.message(), "model_not_found", "model") from None


def check_messages(messages: list[ChatMessage], param: str = "messages") -> None:
    """Each message within its role's limit, all of them within the request's, one from the
    user (`param` is where the messages sit in the protocol's body)."""
    total = 0
    for index, message in enumerate(messages):
        length = message.text_chars()
        limit = CONTENT_LIMITS[message.role]
        if length > limit:
            raise CompatError(
                400,
                f"Invalid '{param}[{index}].content': string too long. Expected at most "
                f"{limit} characters for a {message.role} message, got {length}.",
                "string_above_max_length",
                f"{param}[{index}].content",
            )
        total += length
    if total > MAX_REQUEST_CHARS:
        raise CompatError(
            400,
            f"The messages hold {total} characters of text; at most {MAX_REQUEST_CHARS} are "
            "accepted in one request.",
            "context_length_exceeded",
            param,
        )
    if not any(m.role == "user" for m in messages):
        raise CompatError(400, f"{param} must contain a user message", "invalid_request", param)


def _param(loc: tuple[int | str, ...]) -> str:
    """`("messages", 0, "constrained-str")` → `messages[0]`: OpenAI's spelling, without the
    union member pydantic names in its path."""
    param = ""
    for part in loc:
        if isinstance(part, int):
            param += f"[{part}]"
        elif not _UNION_MEMBER.search(part):
            param += f".{part}" if param else part
    return param


def _too_long(param: str, limit: object, loc: tuple[int | str, ...], raw: object) -> CompatError:
    role = None
    if loc[:1] == ("input",) and isinstance(raw, dict):  # DashScope's `input.messages`
        loc, raw = loc[1:], raw.get("input")
    if loc[:1] == ("messages",) and len(loc) > 2 and loc[2] == "content":
        role = _role_of(raw, loc[1])
    if role is not None:
        limit = CONTENT_LIMITS[role]
    what = f" for a {role} message" if role else ""
    message = f"Invalid '{param}': string too long. Expected at most {limit} characters{what}."
    return CompatError(400, message, "string_above_max_length", param)


def _role_of(raw: object, index: int | str) -> Role | None:
    """The role of `raw["messages"][index]`, read from the body that failed validation."""
    messages = raw.get("messages") if isinstance(raw, dict) else None
    if not isinstance(messages, list) or not isinstance(index, int) or index >= len(messages):
        return None
    role = messages[index].get("role") if isinstance(messages[index], dict) else None
    return next((r for r in CONTENT_LIMITS if r == role), None)


_UNION_MEMBER = re.compile(r"[\[\]-]|^(?:str|int|float|bool|none|list|dict)$")
# A type mismatch in one member of a union says less than a limit broken in another.
_MISMATCH = re.compile(r"_type$")


def invalid_request(exc: ValidationError, raw: object) -> CompatError:
    """The first validation error, in OpenAI's words, naming the parameter at fault."""
    errors = exc.errors(include_input=False, include_url=False)
    first = min(errors, key=lambda e: bool(_MISMATCH.search(e["type"])))
    param = _param(tuple(first["loc"]))
    kind, ctx = first["type"], first.get("ctx") or {}
    if kind == "string_too_long":
        return _too_long(param, ctx.get("max_length"), first["loc"], raw)
    if kind == "too_long":
        limit = ctx.get("max_length")
        message = f"Invalid '{param}': array too long. Expected at most {limit} items."
        return CompatError(400, message, "array_above_max_length", param)
    if kind == "too_short" and ctx.get("min_length") == 1:
        message = (
            f"Invalid '{param}': empty array. Expected an array with minimum length 1, "
            "but got an empty array instead."
        )
        return CompatError(400, message, "empty_array", param)
    if kind == "string_unicode":
        message = (
            f"Invalid '{param}': the text is not valid Unicode (it holds an unpaired "
            "surrogate, \\ud800-\\udfff). Send UTF-8 text."
        )
        return CompatError(400, message, "invalid_unicode", param)
    if kind == "unsupported_locale":
        message = f"Invalid '{param}': {first['msg']}. {ctx.get('hint', '')}"
        return CompatError(400, message, "unsupported_locale", param)
    if kind == "missing":
        message = f"Missing required parameter: '{param}'."
        return CompatError(400, message, "missing_required_parameter", param)
    return CompatError(400, f"Invalid '{param}': {first['msg']}.", "invalid_request", param)


# --- what to answer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # a JSON document, as the protocol sends it


@dataclass(frozen=True)
class Reply:
    content: str | None
    tool_calls: list[ToolCall]
    reasoning: str | None = None  # `reasoning_content`, when thinking is on
    # True when the answer changed nothing and read only the world (its state and clock): asked
    # again before the world moves, the same request gets the same answer.
    repeatable: bool = False

    @property
    def finish_reason(self) -> str:
        return "tool_calls" if self.tool_calls else "stop"


def request_locale(
    request: CompletionRequest,
    header_locale: Locale | None = None,
    accept_language: str | None = None,
) -> Locale:
    """The body's `locale`, else `X-Locale`'s; else the language of the last user message, as a
    model answers in the language it is spoken to; else `Accept-Language`; else zh."""
    explicit = request.locale if request.locale is not None else header_locale
    return choose_locale(explicit, message_locale(request), accept_language)


def message_locale(request: CompletionRequest) -> Locale | None:
    """zh for Chinese characters, en for other letters, None when the last user message has no
    words to tell by ("?", "123", an emoji)."""
    text = _last_user(request.messages)
    if has_cjk(text):
        return "zh"
    return "en" if any(char.isalpha() for char in text) else None


def respond(request: CompletionRequest, ctx: ToolContext, now: datetime) -> Reply:
    """The assistant message for this request, with its reasoning when thinking is on. The
    request carries its own history: it is answered in a session of its own, started `now`."""
    session = Session(
        session_id="compat", vehicle_id=ctx.vehicle_id, profile_id=ctx.profile_id,
        locale=ctx.locale, created_at=now,
    )  # fmt: skip
    agent = resolve_model(request.model).agent
    last = request.messages[-1]
    if request.tools and last.role == "tool":
        results = tool_results(request.messages)
        content = rp.join([phrase for _, phrase in results]).pick(session.locale)
        return _with_thinking(
            request,
            Reply(content, [], repeatable=True),
            lambda: thinking.read_results(results),
            session,
        )
    if request.tools and last.role == "user" and request.tool_choice != "none":
        calls = pick_tool_calls(last.text(), request.tools, agent)
        if calls:
            return _with_thinking(
                request,
                Reply(None, calls, repeatable=True),
                lambda: thinking.planned_calls(
                    understand(last.text()), [(c.name, c.arguments) for c in calls]
                ),
                session,
            )
    turn = answer_without_tools(request.messages, ctx, session, agent)
    single = sum(1 for m in request.messages if m.role == "user") == 1  # nothing replayed
    repeatable = single and all(step.tool in READ_ONLY_TOOLS for step in turn.trace)
    return _with_thinking(
        request,
        Reply(turn.speech, [], repeatable=repeatable),
        lambda: thinking.from_turn(turn, understand(_last_user(request.messages))),
        session,
    )


def _with_thinking(
    request: CompletionRequest, reply: Reply, account: Callable[[], Bilingual], session: Session
) -> Reply:
    """`account` is only worked out when the request asked for thinking."""
    if not request.thinks():
        return reply
    reasoning = thinking.pick(account(), session.locale, request.thinking_budget)
    return Reply(reply.content, reply.tool_calls, reasoning, reply.repeatable)


def _last_user(messages: list[ChatMessage]) -> str:
    return next((m.text() for m in reversed(messages) if m.role == "user"), "")


def answer_without_tools(
    messages: list[ChatMessage], ctx: ToolContext, session: Session, agent: AgentName | None
) -> Turn:
    """The mock runs its own tools. Earlier user messages are replayed without side effects, so
    a "yes" answers the question the previous assistant message asked: each of them, when that
    message proposed several commands ("lock the car and start the climate")."""
    users = [m.text() for m in messages if m.role == "user"]
    proposed: list[dict[str, Any]] = []
    for earlier in recent_history(users[:-1]):
        replayed = run_turn(session, earlier, ctx, only_agent=agent, rehearse=True)
        proposed = [a.command for a in replayed.actions if a.requires_confirmation and a.command]
    if len(proposed) > 1 and _answers_yes_or_no(users[-1], session):
        return _answer_each(session, users[-1], ctx, agent, proposed)
    return run_turn(session, users[-1], ctx, only_agent=agent)


def _answers_yes_or_no(text: str, session: Session) -> bool:
    understood = understand(text, session.context())
    return len(understood) == 1 and understood[0].intent in (Intent.CONFIRM, Intent.DENY)


def _answer_each(
    session: Session,
    text: str,
    ctx: ToolContext,
    agent: AgentName | None,
    proposed: list[dict[str, Any]],
) -> Turn:
    """The driver's yes (or no) to each proposed command, in the order they were asked about:
    the dialogue holds one question open at a time, so each is put back and answered in turn."""
    turns: list[Turn] = []
    for command in proposed:
        session.pending_action = PendingAction(command=command, label=command_label(command))
        turns.append(run_turn(session, text, ctx, only_agent=agent))
    speech = rp.join([t.speech_text for t in turns])
    return turns[-1].model_copy(
        update={
            "answers": [a for t in turns for a in t.answers],
            "speech": speech.pick(session.locale),
            "speech_text": speech,
            "trace": [step for t in turns for step in t.trace],
        }
    )


def recent_history(earlier: list[str]) -> list[str]:
    """The earlier user messages worth replaying: what a conversation leaves for the next turn
    (a question, a list, a trip) comes from its last few requests, so only the most recent
    messages are replayed, within `HISTORY_CHARS_REPLAYED` and `HISTORY_REQUESTS_REPLAYED`."""
    kept: list[str] = []
    chars = requests = 0
    for text in reversed(earlier):
        chars += len(text)
        if chars > HISTORY_CHARS_REPLAYED:
            break
        # How many requests a message holds doesn't depend on the dialogue's state.
        requests += min(len(understand(text)), MAX_REQUESTS_PER_MESSAGE)
        if requests > HISTORY_REQUESTS_REPLAYED:
            break
        kept.append(text)
    return kept[::-1]


_COMMANDS = INTENTS
"""Which of our tools each intent calls, and how: the one declaration (turns/table.py)."""


def our_tool_call(u: Understanding) -> tuple[str, dict[str, Any]] | None:
    """Which of our tools answers this request, with what arguments (the declaration's first
    call; the compatible endpoint's speaker is the driver)."""
    calls = _COMMANDS[u.intent].tool_calls(u)
    return calls[0] if calls else None


# Words that say what each of our tools is for, to match tools a client names its own way.
_PURPOSE: dict[str, frozenset[str]] = {
    "get_vehicle_status": frozenset(
        {"status", "vehicle", "car", "state", "battery", "range", "tire", "tyre", "lock"}
    ),
    "explain_warning_light": frozenset({"warning", "light", "dashboard", "lamp", "indicator"}),
    "send_remote_command": frozenset({"command", "remote", "lock", "unlock", "climate", "honk"}),
    "find_chargers": frozenset({"charger", "chargers", "charging", "station", "ev"}),
    "find_restaurants": frozenset({"restaurant", "restaurants", "food", "dining", "eat"}),
    "plan_trip": frozenset({"trip", "route", "plan", "navigate", "navigation", "travel"}),
}
_WORD = re.compile(r"[a-z]+")


def _purpose_score(ours: str, offered: FunctionSpec) -> int:
    words = set(_WORD.findall(f"{offered.name} {offered.description or ''}".lower()))
    return len(words & _PURPOSE.get(ours, frozenset()))


def pick_tool_call(
    text: str, offered: list[OfferedTool], agent: AgentName | None, index: int = 0
) -> ToolCall | None:
    """The first call the mock would make (see pick_tool_calls)."""
    calls = pick_tool_calls(text, offered, agent, index)
    return calls[0] if calls else None


def pick_tool_calls(
    text: str, offered: list[OfferedTool], agent: AgentName | None, first_index: int = 0
) -> list[ToolCall]:
    """One call per request in the message ("lock the car and turn on the AC" is two): our tool
    if offered by name, else the offered tool whose name and description fit our tool's purpose
    best; a request nothing offered fits is left out."""
    calls: list[ToolCall] = []
    for u in understand(text)[:MAX_REQUESTS_PER_MESSAGE]:
        if agent is not None and u.agent not in (agent, "assistant"):
            continue
        ours = our_tool_call(u)
        if ours is None:
            continue
        name, arguments = ours
        chosen = next((t.function for t in offered if t.function.name == name), None)
        if chosen is None:
            scored = [(_purpose_score(name, t.function), t.function) for t in offered]
            best = max(scored, key=lambda pair: pair[0], default=(0, None))
            chosen = best[1] if best[0] > 0 else None
        if chosen is None:
            continue
        calls.append(
            ToolCall(
                id=f"call_{name}_{first_index + len(calls)}",
                name=chosen.name,
                arguments=json.dumps(arguments, ensure_ascii=False, separators=(",", ":")),
            )
        )
    return calls


def tool_results(messages: list[ChatMessage]) -> list[tuple[str, Bilingual]]:
    """The `role: "tool"` messages after the last assistant tool call: each tool's name and
    its result in words."""
    calls: dict[str, str] = {}
    for message in messages:
        for call in message.tool_calls or []:
            calls[call.id] = call.function.name
    results: list[tuple[str, Bilingual]] = []
    for message in reversed(messages):
        if message.role != "tool":
            break
        call_id = message.tool_call_id or ""
        name = calls.get(call_id, message.name or "")
        results.insert(0, (name, phrase_tool_result(call_id, name, message.text())))
    return results


def compose_from_tool_results(messages: list[ChatMessage], locale: Locale) -> str:
    """The final answer from the `role: "tool"` messages after the last assistant tool call."""
    return rp.join([phrase for _, phrase in tool_results(messages)]).pick(locale)


# --- documents --------------------------------------------------------------------------------


def prompt_tokens(messages: list[ChatMessage]) -> int:
    return sum(count_tokens(m.text()) + 3 for m in messages)


def answer_tokens(reply: Reply) -> int:
    """Tokens of the answer proper: its text and its tool calls (not the reasoning)."""
    return count_tokens(reply.content or "") + sum(
        count_tokens(c.name) + count_tokens(c.arguments) for c in reply.tool_calls
    )


def usage(request: CompletionRequest, reply: Reply) -> dict[str, Any]:
    """OpenAI's usage; reasoning counts in `completion_tokens` and, on its own, in
    `completion_tokens_details.reasoning_tokens`."""
    prompt = prompt_tokens(request.messages)
    reasoning = count_tokens(reply.reasoning or "")
    completion = answer_tokens(reply) + reasoning
    counted: dict[str, Any] = {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }
    if reply.reasoning is not None:
        counted["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return counted


def completion_id(request: CompletionRequest) -> str:
    digest = hashlib.sha256(
        json.dumps(
            [request.model, [m.model_dump(mode="json") for m in request.messages]],
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
    ).hexdigest()
    return f"chatcmpl-{digest[:24]}"


def _tool_call_doc(call: ToolCall) -> dict[str, Any]:
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def completion(request: CompletionRequest, reply: Reply, created: int) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": reply.content}
    if reply.reasoning is not None:
        message["reasoning_content"] = reply.reasoning
    if reply.tool_calls:
        message["tool_calls"] = [_tool_call_doc(c) for c in reply.tool_calls]
    return {
        "id": completion_id(request),
        "object": "chat.completion",
        "created": created,
        "model": request.model,
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
        "usage": usage(request, reply),
    }


ARGUMENT_PIECE = 12


def completion_chunks(
    request: CompletionRequest, reply: Reply, created: int
) -> list[dict[str, Any]]:
    """The streamed form: role first, then reasoning pieces (thinking), then content or
    tool-call pieces, then the finish reason, then (with `stream_options.include_usage`) one
    chunk with `choices: []` and the usage."""
    base = {
        "id": completion_id(request),
        "object": "chat.completion.chunk",
        "created": created,
        "model": request.model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    for piece in speech_chunks(reply.reasoning or ""):
        chunks.append(chunk({"reasoning_content": piece}))
    for piece in speech_chunks(reply.content or ""):
        chunks.append(chunk({"content": piece}))
    for index, call in enumerate(reply.tool_calls):
        chunks.append(
            chunk(
                {
                    "tool_calls": [
                        {
                            "index": index,
                            "id": call.id,
                            "type": "function",
                            "function": {"name": call.name, "arguments": ""},
                        }
                    ]
                }
            )
        )
        arguments = call.arguments
        for start in range(0, len(arguments), ARGUMENT_PIECE):
            piece = arguments[start : start + ARGUMENT_PIECE]
            chunks.append(
                chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
            )
    chunks.append(chunk({}, reply.finish_reason))
    if request.stream_options is not None and request.stream_options.include_usage:
        chunks.append({**base, "choices": [], "usage": usage(request, reply)})
    return chunks


def models_list(created: int) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [
            {"id": model.name, "object": "model", "created": created, "owned_by": OWNED_BY}
            for model in LISTED
        ],
    }
