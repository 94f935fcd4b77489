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
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.conversation import replies as rp
from agents.conversation.dialogue import Turn, run_turn
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
from agents.conversation.nlu import AgentName, Understanding, understand
from agents.conversation.nlu.matching import has_cjk
from agents.conversation.sessions import Session
from agents.conversation.tools import (
    TOOLS,
    ChargerList,
    CommandSent,
    LightAnswer,
    RestaurantList,
    ToolContext,
    VehicleStatus,
)
from agents.conversation.turns.table import INTENTS
from agents.locales import LocaleTag, choose_locale
from agents.text import Bilingual, Locale, bi
from agents.travel.trips import Trip

MODELS: dict[str, AgentName | None] = {
    "incar-auto": None,
    "incar-car-genius": "car_genius",
    "incar-travel-companion": "travel_companion",
}
MODEL_DESCRIPTIONS: dict[str, str] = {
    "incar-auto": "Routes each message to Car Genius or Travel Companion",
    "incar-car-genius": "Car Genius: vehicle status, warning lights, remote commands",
    "incar-travel-companion": "Travel Companion: trips, chargers, restaurants",
}
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
    vehicle_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    profile_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    locale: LocaleTag | None = None
    sandbox: str | None = Field(
        default=None,
        max_length=MAX_ID_CHARS,
        description="Optional; must name the sandbox the request is addressed to (X-Sandbox)",
    )


class CompatError(Exception):
    """An error in OpenAI's shape: `{"error": {message, type, param, code}}`."""

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
        raise _invalid(exc, raw) from None
    if request.model not in MODELS:
        raise CompatError(
            404,
            f"The model '{request.model}' does not exist. Known: {', '.join(MODELS)}",
            "model_not_found",
            "model",
        )
    total = 0
    for index, message in enumerate(request.messages):
        length = message.text_chars()
        limit = CONTENT_LIMITS[message.role]
        if length > limit:
            raise CompatError(
                400,
                f"Invalid 'messages[{index}].content': string too long. Expected at most "
                f"{limit} characters for a {message.role} message, got {length}.",
                "string_above_max_length",
                f"messages[{index}].content",
            )
        total += length
    if total > MAX_REQUEST_CHARS:
        raise CompatError(
            400,
            f"The messages hold {total} characters of text; at most {MAX_REQUEST_CHARS} are "
            "accepted in one request.",
            "context_length_exceeded",
            "messages",
        )
    if not any(m.role == "user" for m in request.messages):
        raise CompatError(
            400, "messages must contain a user message", "invalid_request", "messages"
        )
    return request


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
    if not isinstance(messages, list) or not isinstance(index, int):
        return None
    role = messages[index].get("role") if isinstance(messages[index], dict) else None
    return next((r for r in CONTENT_LIMITS if r == role), None)


_UNION_MEMBER = re.compile(r"[\[\]-]|^(?:str|int|float|bool|none|list|dict)$")
# A type mismatch in one member of a union says less than a limit broken in another.
_MISMATCH = re.compile(r"_type$")


def _invalid(exc: ValidationError, raw: object) -> CompatError:
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
    users = [m for m in request.messages if m.role == "user"]
    text = users[-1].text() if users else ""
    if has_cjk(text):
        return "zh"
    return "en" if any(char.isalpha() for char in text) else None


def respond(request: CompletionRequest, ctx: ToolContext, session: Session) -> Reply:
    """The assistant message for this request."""
    agent = MODELS[request.model]
    last = request.messages[-1]
    if request.tools and last.role == "tool":
        return Reply(compose_from_tool_results(request.messages, session.locale), [])
    if request.tools and last.role == "user" and request.tool_choice != "none":
        call = pick_tool_call(last.text(), request.tools, agent)
        if call is not None:
            return Reply(None, [call])
    return Reply(answer_without_tools(request.messages, ctx, session, agent).speech, [])


def answer_without_tools(
    messages: list[ChatMessage], ctx: ToolContext, session: Session, agent: AgentName | None
) -> Turn:
    """The mock runs its own tools. Earlier user messages are replayed without side effects, so
    a "yes" answers the question the previous assistant message asked."""
    users = [m.text() for m in messages if m.role == "user"]
    for earlier in recent_history(users[:-1]):
        run_turn(session, earlier, ctx, only_agent=agent, rehearse=True)
    return run_turn(session, users[-1], ctx, only_agent=agent)


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
    """The call the mock would make: our tool if offered by name, else the offered tool whose
    name and description fit our tool's purpose best; None when nothing offered fits."""
    for u in understand(text):
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
        return ToolCall(
            id=f"call_{name}_{index}",
            name=chosen.name,
            arguments=json.dumps(arguments, ensure_ascii=False, separators=(",", ":")),
        )
    return None


def compose_from_tool_results(messages: list[ChatMessage], locale: Locale) -> str:
    """The final answer from the `role: "tool"` messages after the last assistant tool call."""
    calls: dict[str, str] = {}
    for message in messages:
        for call in message.tool_calls or []:
            calls[call.id] = call.function.name
    results: list[Bilingual] = []
    for message in reversed(messages):
        if message.role != "tool":
            break
        call_id = message.tool_call_id or ""
        results.insert(0, _render_tool_result(call_id, calls.get(call_id, ""), message.text()))
    return rp.join(results).pick(locale)


def _our_name(call_id: str, name: str) -> str:
    """Our ids are `call_<our tool>_<n>`, so a renamed tool still maps back to ours."""
    if name in TOOLS:
        return name
    for ours in TOOLS:
        if call_id.startswith(f"call_{ours}_"):
            return ours
    return name


def _render_tool_result(call_id: str, name: str, content: str) -> Bilingual:
    ours = _our_name(call_id, name)
    try:
        data = json.loads(content)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict | str):
        error = data["error"]
        text = str(error.get("message", error) if isinstance(error, dict) else error)
        return bi(f"操作没有成功：{text}", f"That didn't work: {text}")
    if ours == "send_remote_command" and isinstance(data, dict) and "command_id" in data:
        # The REST answer (`{command_id, status}`) is enough to report on.
        return _command_sent(str(data["command_id"]))
    tool = TOOLS.get(ours)
    if tool is not None and data is not None:
        try:
            result = tool.output_model.model_validate(data)
        except ValidationError:
            result = None
        speech = _speech_of(result)
        if speech is not None:
            return speech
    shown = content if len(content) <= 300 else content[:300] + "…"
    return bi(f"{name}的结果：{shown}", f"{name} returned: {shown}")


def _command_sent(command_id: str) -> Bilingual:
    return bi(
        f"指令已发送（{command_id}），几秒钟后执行。",
        f"The command was sent ({command_id}); it will be carried out in a few seconds.",
    )


def _speech_of(result: BaseModel | None) -> Bilingual | None:
    if isinstance(result, VehicleStatus):
        return rp.status_speech(result)
    if isinstance(result, LightAnswer):
        return rp.light_speech(result, moving=False)
    if isinstance(result, CommandSent):
        return bi(
            f"指令已发送（{result.command_id}），几秒钟后执行。",
            f"The command was sent ({result.command_id}); it will be carried out in a few seconds.",
        )
    if isinstance(result, ChargerList):
        return rp.charger_speech(rp.charger_items(result, rp.PARKED_LIST_CAP), moving=False)
    if isinstance(result, RestaurantList):
        return rp.restaurant_speech(rp.restaurant_items(result, rp.PARKED_LIST_CAP), moving=False)
    if isinstance(result, Trip):
        return rp.trip_speech(result)
    return None


# --- documents --------------------------------------------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+|[^\sA-Za-z0-9\u3400-\u9fff]")


def count_tokens(text: str) -> int:
    """Deterministic stand-in for a tokenizer: a CJK character, a word or a symbol each count 1."""
    return len(_TOKEN.findall(text))


def usage(request: CompletionRequest, reply: Reply) -> dict[str, int]:
    prompt = sum(count_tokens(m.text()) + 3 for m in request.messages)
    completion = count_tokens(reply.content or "") + sum(
        count_tokens(c.name) + count_tokens(c.arguments) for c in reply.tool_calls
    )
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


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
    """The streamed form: role first, then content or tool-call pieces, then the finish reason,
    then (with `stream_options.include_usage`) one chunk with `choices: []` and the usage."""
    base = {
        "id": completion_id(request),
        "object": "chat.completion.chunk",
        "created": created,
        "model": request.model,
    }

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
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
            {"id": model, "object": "model", "created": created, "owned_by": OWNED_BY}
            for model in MODELS
        ],
    }
