"""DashScope's native text-generation protocol (`/api/v1/services/aigc/text-generation/
generation`) over the same assistant as the OpenAI-compatible mode.

The request is read in DashScope's shape (`model`, `input.messages | input.prompt`,
`parameters`), checked against the same limits, and answered by the compatible mode's `respond`;
this module only speaks the protocol: the answer document (`output.choices[].message` or
`output.text`), its stream events (the whole text so far, or with `incremental_output` only the
new piece) and the error object `{code, message, request_id}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from agents.conversation import compat
from agents.conversation.compat import (
    ChatMessage,
    CompatError,
    CompletionRequest,
    OfferedTool,
    Reply,
)
from agents.conversation.events import speech_chunks
from agents.conversation.limits import (
    MAX_ID_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_MESSAGES,
    MAX_NAME_CHARS,
    MAX_TOOLS,
)
from agents.conversation.thinking import ThinkingBudget
from agents.conversation.tokens import count_tokens, first_tokens
from agents.locales import LocaleTag
from agents.world.models import json_number

MAX_OUTPUT_TOKENS = 32_768
"""The largest `max_tokens` accepted."""
MAX_SEED = 2**63 - 1
STREAMING = "null"  # DashScope's finish_reason while a stream is under way: the string "null"


class DashScopeError(Exception):
    """An error in DashScope's shape: the HTTP status and `{code, message, request_id}`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self, request_id: str) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "request_id": request_id}

    @classmethod
    def of(cls, exc: CompatError) -> DashScopeError:
        """The same refusal the compatible mode gives, in DashScope's codes."""
        if exc.code == "model_not_found":
            return cls(exc.status, "ModelNotFound", exc.message)
        return cls(exc.status, "InvalidParameter" if exc.status < 500 else "InternalError",
                   exc.message)  # fmt: skip


class GenerationInput(BaseModel):
    model_config = ConfigDict(extra="ignore")

    messages: list[ChatMessage] | None = Field(default=None, min_length=1, max_length=MAX_MESSAGES)
    prompt: str | None = Field(default=None, max_length=MAX_MESSAGE_CHARS)


class GenerationParameters(BaseModel):
    """DashScope's `parameters`; `vehicle_id`, `profile_id` and `locale` are ours (the SDK passes
    extra keyword arguments here). Others (`temperature`, `top_p`...) are accepted and have no
    effect; `seed` neither, as every answer is already deterministic."""

    model_config = ConfigDict(extra="allow")

    result_format: Literal["text", "message"] | None = None
    incremental_output: bool = Field(default=False, strict=True)
    tools: list[OfferedTool] | None = Field(default=None, max_length=MAX_TOOLS)
    tool_choice: Any = None
    enable_thinking: bool | None = Field(default=None, strict=True)
    thinking_budget: ThinkingBudget | None = None
    seed: Annotated[int, Field(ge=0, le=MAX_SEED), BeforeValidator(json_number)] | None = None
    max_tokens: (
        Annotated[int, Field(ge=1, le=MAX_OUTPUT_TOKENS), BeforeValidator(json_number)] | None
    ) = None
    vehicle_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    profile_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    locale: LocaleTag | None = None


class GenerationRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = Field(max_length=MAX_NAME_CHARS)
    input: GenerationInput
    parameters: GenerationParameters = Field(default_factory=GenerationParameters)


@dataclass(frozen=True)
class Generation:
    """A parsed request: DashScope's parameters, and the same request as the compatible mode
    answers it."""

    parameters: GenerationParameters
    chat: CompletionRequest


def parse_generation(raw: object) -> Generation:
    """The validated request, or a DashScopeError (`InvalidParameter`, `ModelNotFound`)."""
    try:
        request = GenerationRequest.model_validate(raw)
        compat.check_model(request.model)
        messages = request.input.messages
        param = "input.messages"
        if messages is None:
            if not request.input.prompt:
                raise CompatError(
                    400,
                    "Either input.messages or input.prompt must be given (and not be empty).",
                    "invalid_request",
                    "input",
                )
            messages = [ChatMessage(role="user", content=request.input.prompt)]
            param = "input.prompt"
        compat.check_messages(messages, param)
    except ValidationError as exc:
        raise DashScopeError.of(compat.invalid_request(exc, raw)) from None
    except CompatError as exc:
        raise DashScopeError.of(exc) from None
    p = request.parameters
    chat = CompletionRequest(
        model=request.model,
        messages=messages,
        tools=p.tools,
        tool_choice=p.tool_choice,
        enable_thinking=p.enable_thinking,
        thinking_budget=p.thinking_budget,
        vehicle_id=p.vehicle_id,
        profile_id=p.profile_id,
        locale=p.locale,
    )
    return Generation(p, chat)


# --- the answer ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    reply: Reply  # with the content cut at `max_tokens`
    finish_reason: str  # stop, tool_calls or length
    message_format: bool  # `output.choices[].message` rather than `output.text`


def answer(generation: Generation, reply: Reply) -> Answer:
    """The reply as DashScope gives it: cut at `max_tokens` (finish_reason `length`); as a
    message when asked, and whenever tools are offered or it carries reasoning, which `text`
    cannot hold."""
    finish = reply.finish_reason
    limit = generation.parameters.max_tokens
    if limit is not None and reply.content and count_tokens(reply.content) > limit:
        reply = Reply(first_tokens(reply.content, limit), reply.tool_calls, reply.reasoning)
        finish = "tool_calls" if reply.tool_calls else "length"
    as_message = (
        generation.parameters.result_format == "message"
        or bool(generation.chat.tools)
        or reply.reasoning is not None
    )
    return Answer(reply, finish, as_message)


def _usage(generation: Generation, so_far: Reply) -> dict[str, Any]:
    """DashScope's usage for what has been said so far: reasoning counts in `output_tokens` and,
    on its own, in `output_tokens_details.reasoning_tokens`."""
    input_tokens = compat.prompt_tokens(generation.chat.messages)
    reasoning_tokens = count_tokens(so_far.reasoning or "")
    output_tokens = compat.answer_tokens(so_far) + reasoning_tokens
    usage: dict[str, Any] = {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
    }
    if so_far.reasoning is not None:
        usage["output_tokens_details"] = {"reasoning_tokens": reasoning_tokens}
    return usage


def _tool_call_doc(index: int, call: compat.ToolCall) -> dict[str, Any]:
    return {
        "index": index,
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }


def _document(
    request_id: str,
    generation: Generation,
    found: Answer,
    shown: Reply,
    finish: str,
    counted: Reply,
) -> dict[str, Any]:
    """One answer document: `shown` is what this document carries (all of it, or one piece),
    `counted` what usage counts (everything said so far)."""
    if found.message_format:
        message: dict[str, Any] = {"role": "assistant", "content": shown.content or ""}
        if shown.reasoning is not None:
            message["reasoning_content"] = shown.reasoning
        if shown.tool_calls:
            message["tool_calls"] = [_tool_call_doc(i, c) for i, c in enumerate(shown.tool_calls)]
        output: dict[str, Any] = {"choices": [{"finish_reason": finish, "message": message}]}
    else:
        output = {"text": shown.content or "", "finish_reason": finish}
    return {"request_id": request_id, "output": output, "usage": _usage(generation, counted)}


def generation_document(request_id: str, generation: Generation, found: Answer) -> dict[str, Any]:
    """The answer of a request that is not streamed."""
    reply = found.reply
    return _document(request_id, generation, found, reply, found.finish_reason, reply)


def stream_documents(
    request_id: str, generation: Generation, found: Answer
) -> list[dict[str, Any]]:
    """The documents of a streamed answer, one per event: reasoning pieces first, then the
    text's. Each holds the whole answer so far, or with `incremental_output` only its new piece;
    the last carries the tool calls and the finish reason (before it, the string "null")."""
    reply = found.reply
    thinks = reply.reasoning is not None
    incremental = generation.parameters.incremental_output
    pieces = [("reasoning", p) for p in speech_chunks(reply.reasoning or "")]
    pieces += [("content", p) for p in speech_chunks(reply.content or "")]
    reasoning, content = "", ""
    documents: list[dict[str, Any]] = []
    for kind, piece in pieces:
        if kind == "reasoning":
            reasoning += piece
        else:
            content += piece
        counted = Reply(content, [], reasoning if thinks else None)
        if incremental:
            new_reasoning = piece if kind == "reasoning" else ""
            shown = Reply(piece if kind == "content" else "", [], new_reasoning if thinks else None)
        else:
            shown = counted
        documents.append(_document(request_id, generation, found, shown, STREAMING, counted))
    # Incremental: nothing new but the tool calls; whole: everything.
    last = Reply("", reply.tool_calls, "" if thinks else None) if incremental else reply
    documents.append(_document(request_id, generation, found, last, found.finish_reason, reply))
    return documents


def event_text(document: dict[str, Any]) -> str:
    """The text an event adds, for pacing (the new piece, or the whole text so far)."""
    output = document["output"]
    if "text" in output:
        return str(output["text"])
    message = output["choices"][0]["message"]
    return str(message.get("content") or message.get("reasoning_content") or "")
