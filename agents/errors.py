"""Typed domain errors. The HTTP layer maps each `kind` to a status once (app/problems.py).

Every error carries a stable machine `code`, a Bilingual message written for the end user (what a
car's screen would say) and optionally a hint for the developer and the values that do exist.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from agents.text import Bilingual


class ErrorKind(StrEnum):
    """What sort of failure this is; decides the HTTP status, nothing else."""

    NOT_FOUND = "not_found"  # 404
    CONFLICT = "conflict"  # 409: the vehicle's state forbids it (in motion, unplugged...)
    ASLEEP = "asleep"  # 408: like Tesla, an asleep car answers 408 until woken
    NOT_CAPABLE = "not_capable"  # 501: the model lacks the feature
    INVALID = "invalid"  # 422: well-formed but meaningless input
    LIMIT = "limit"  # 429: a cap was reached (sandboxes, ...)
    FORBIDDEN = "forbidden"  # 403: the caller may not touch this (another tester's sandbox)


class DomainError(Exception):
    kind: ErrorKind = ErrorKind.INVALID
    code: str = "INVALID"
    resolution: str | None = None  # Smartcar-style: RETRY_LATER, WAKE_VEHICLE, ...

    def __init__(
        self,
        message: Bilingual,
        *,
        hint: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.extra = extra or {}
        super().__init__(message.en)


# Chinese names of the things that can be missing, for the driver-facing message.
NOUNS_ZH = {
    "vehicle": "车辆",
    "scenario": "场景",
    "command": "指令",
    "key": "钥匙",
    "sandbox": "沙箱",
    "warning light": "警示灯",
    "place": "地点",
    "profile": "用户档案",
    "trip": "行程",
    "session": "会话",
    "charger": "充电站",
    "restaurant": "餐厅",
    "model": "模型",
    "event": "主动提醒",
    "action": "操作",
    "demo": "演示",
}


class NotFound(DomainError):
    """A named resource does not exist; `extra["known"]` lists what does."""

    kind = ErrorKind.NOT_FOUND
    code = "NOT_FOUND"

    def __init__(self, what: str, ident: str, known: list[str], *, code: str | None = None) -> None:
        if code:
            self.code = code
        shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
        super().__init__(
            Bilingual(zh=f"找不到{NOUNS_ZH.get(what, what)}「{ident}」", en=f"No {what} '{ident}'"),
            hint=f"Known {what} ids: {shown}" if known else None,
            extra={"known": known},
        )


class InvalidInput(DomainError):
    kind = ErrorKind.INVALID
    code = "VALIDATION_ERROR"

    def __init__(
        self,
        message: Bilingual,
        *,
        hint: str | None = None,
        extra: dict[str, Any] | None = None,
        code: str | None = None,
    ) -> None:
        if code:
            self.code = code
        super().__init__(message, hint=hint, extra=extra)
