"""Sandboxes: isolated copies of the world, one per `X-Sandbox` name.

Created on first use, capped in number, and dropped when idle for too long. Idle time is real
(wall) time: it is about the tester's process, not the simulation.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from agents.errors import DomainError, ErrorKind, InvalidInput, NotFound
from agents.text import bi

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
DEFAULT_SANDBOX = "default"

W = TypeVar("W")


class SandboxLimit(DomainError):
    kind = ErrorKind.LIMIT
    code = "SANDBOX_LIMIT"
    resolution = "DELETE_SANDBOX"

    def __init__(self, cap: int) -> None:
        super().__init__(
            bi("沙箱数量已达上限。", "Too many sandboxes are in use."),
            hint=f"At most {cap} sandboxes; DELETE /v1/sim/sandboxes/{{name}} to free one.",
        )


# What a caller may do only to its own sandbox, as the refusal says it.
_OWN_ONLY = {
    "delete": bi("只能删除自己的沙箱。", "You may delete only your own sandbox."),
    "export": bi("只能导出自己的沙箱。", "You may export only your own sandbox."),
    "import": bi("只能导入到自己的沙箱。", "You may import only into your own sandbox."),
}
Action = Literal["delete", "export", "import"]


class NotYourSandbox(DomainError):
    kind = ErrorKind.FORBIDDEN
    code = "NOT_YOUR_SANDBOX"

    def __init__(self, name: str, caller: str, action: Action = "delete") -> None:
        super().__init__(
            _OWN_ONLY[action],
            hint=(
                f"This request belongs to sandbox '{caller}', not '{name}': send "
                f"X-Sandbox: {name}, or the admin token (INCAR_ADMIN_TOKEN) as a bearer token."
            ),
        )


class AdminRequired(DomainError):
    kind = ErrorKind.FORBIDDEN
    code = "ADMIN_REQUIRED"

    def __init__(self) -> None:
        super().__init__(
            bi("需要管理员令牌。", "This needs the admin token."),
            hint="Send Authorization: Bearer <INCAR_ADMIN_TOKEN>.",
        )


class SandboxInfo(BaseModel):
    name: str = Field(examples=["test-42"])
    idle_s: float
    requests: int


@dataclass
class _Entry(Generic[W]):
    world: W
    last_used: float
    requests: int = field(default=0)


def validate_name(name: str) -> str:
    if not NAME_PATTERN.match(name):
        raise InvalidInput(
            bi("沙箱名称无效。", "Invalid sandbox name."),
            hint="X-Sandbox: 1-64 characters of letters, digits, '.', '_' or '-'.",
            code="INVALID_SANDBOX",
        )
    return name


class SandboxRegistry(Generic[W]):
    def __init__(
        self,
        factory: Callable[[], W],
        *,
        cap: int,
        idle_ttl_s: float,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        self._factory = factory
        self._cap = cap
        self._ttl = idle_ttl_s
        self._wall = wall
        self._entries: dict[str, _Entry[W]] = {}

    def get(self, name: str) -> W:
        """The sandbox's world, created on first use."""
        now = self._wall()
        entry = self._entries.get(name)
        if entry is None:
            self._make_room(name)
            entry = self._entries[name] = _Entry(self._factory(), now)
        entry.last_used = now
        entry.requests += 1
        return entry.world

    def expire(self) -> list[str]:
        """Drop sandboxes idle past the TTL; returns their names."""
        now = self._wall()
        gone = [n for n, e in self._entries.items() if now - e.last_used > self._ttl]
        for name in gone:
            del self._entries[name]
        return gone

    def delete(self, name: str, *, caller: str, admin: bool) -> None:
        """Drop a sandbox: the caller's own (`X-Sandbox` equal to `name`), or any as admin."""
        authorize(name, caller, admin, "delete")
        if self._entries.pop(name, None) is None:
            raise self._not_found(name)

    def existing(self, name: str, *, caller: str, admin: bool) -> W:
        """A live sandbox, never created: the caller's own, or any as admin (for an export)."""
        authorize(name, caller, admin, "export")
        entry = self._entries.get(name)
        if entry is None:
            raise self._not_found(name)
        return entry.world

    def replace(self, name: str, fill: Callable[[W], None], *, caller: str, admin: bool) -> W:
        """Create-or-replace (an import): `fill` writes the new state into the named sandbox,
        made first when missing (the cap applies). `fill` must change nothing when it raises;
        then a sandbox made for it is not kept either."""
        authorize(name, caller, admin, "import")
        entry = self._entries.get(name)
        if entry is None:
            self._make_room(name)
            fresh = self._factory()
            fill(fresh)
            entry = self._entries[name] = _Entry(fresh, self._wall())
        else:
            fill(entry.world)
        entry.last_used = self._wall()
        entry.requests += 1
        return entry.world

    def _make_room(self, name: str) -> None:
        """Before a new sandbox: a valid name, and room under the cap (idle ones expire first)."""
        validate_name(name)
        if len(self._entries) >= self._cap:
            self.expire()
        if len(self._entries) >= self._cap:
            raise SandboxLimit(self._cap)

    def _not_found(self, name: str) -> NotFound:
        return NotFound("sandbox", name, sorted(self._entries), code="SANDBOX_NOT_FOUND")

    def list(self) -> list[SandboxInfo]:
        self.expire()
        now = self._wall()
        return [
            SandboxInfo(name=n, idle_s=round(now - e.last_used, 3), requests=e.requests)
            for n, e in sorted(self._entries.items())
        ]


def authorize(name: str, caller: str, admin: bool, action: Action) -> None:
    """Only the caller's own sandbox (`X-Sandbox` equal to `name`), or any with the admin token."""
    if name != caller and not admin:
        raise NotYourSandbox(name, caller, action)
