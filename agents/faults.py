"""Simulated trouble: latency and failures a frontend must handle, per request or per sandbox."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field

from agents.world.models import json_number

FaultKind = Literal["429", "500", "503", "timeout", "drop-stream"]
FAULT_KINDS: tuple[str, ...] = ("429", "500", "503", "timeout", "drop-stream")
ANSWERED_FAULTS: tuple[str, ...] = ("429", "500", "503", "timeout")
"""Faults answered with an error instead of the route (drop-stream breaks the route's stream)."""
LatencyMs = Annotated[int, Field(ge=0, le=60_000), BeforeValidator(json_number)]
Remaining = Annotated[int, Field(ge=1, le=1_000_000), BeforeValidator(json_number)]


class FaultRule(BaseModel):
    """Applies to requests whose path starts with `path_prefix` (and method, when given)."""

    path_prefix: str = Field(
        default="/v1/", pattern=r"^/", max_length=200, examples=["/v1/vehicles"]
    )
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"] | None = None
    fault: FaultKind | None = Field(default=None, examples=["503"])
    latency_ms: LatencyMs = Field(default=0, examples=[800])
    # How many matching requests it still affects; None means until removed.
    remaining: Remaining | None = None


class FaultConfig(BaseModel):
    rules: list[FaultRule] = Field(default_factory=list, max_length=50)


class Faults:
    """A sandbox's fault rules. Control endpoints (/v1/sim/...) are never affected by them."""

    def __init__(self) -> None:
        self.config = FaultConfig()

    def match(self, method: str, path: str) -> FaultRule | None:
        if path.startswith("/v1/sim/"):
            return None
        for rule in self.config.rules:
            if path.startswith(rule.path_prefix) and rule.method in (None, method):
                if rule.remaining is not None:
                    rule.remaining -= 1
                    if rule.remaining == 0:
                        self.config.rules.remove(rule)
                return rule
        return None
