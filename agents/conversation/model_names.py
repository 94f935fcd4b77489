"""The model names the LLM surfaces take, in one table: ours, and Qwen's, which all resolve to the
mock assistant so a Qwen app needs only a new base URL.

Both protocols (OpenAI-compatible and DashScope native) resolve names here; an unknown name is a
404 in each surface's own shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.conversation.nlu import AgentName


@dataclass(frozen=True)
class Model:
    name: str
    agent: AgentName | None  # None: each message goes to the agent that fits it
    description: str
    thinks_by_default: bool = False  # QwQ models always think


INCAR_MODELS: tuple[Model, ...] = (
    Model("incar-auto", None, "Routes each message to Car Genius or Travel Companion"),
    Model("incar-car-genius", "car_genius", "Car Genius: status, warning lights, remote commands"),
    Model("incar-travel-companion", "travel_companion", "Travel Companion: trips, chargers, food"),
)
_QWEN = "Qwen model name, answered by the mock assistant (as incar-auto)"
QWEN_MODELS: tuple[Model, ...] = (
    *(Model(n, None, _QWEN) for n in ("qwen-plus", "qwen-max", "qwen-turbo", "qwen-flash")),
    *(
        Model(n, None, _QWEN)
        for n in (
            "qwen3-max",
            "qwen3-235b-a22b",
            "qwen3-32b",
            "qwen3-30b-a3b",
            "qwen3-14b",
            "qwen3-8b",
            "qwen3-coder-plus",
            "qwen3-coder-flash",
        )
    ),
    *(Model(n, None, _QWEN, thinks_by_default=True) for n in ("qwq-plus", "qwq-32b")),
)
AGENT_MODELS: dict[str, AgentName | None] = {m.name: m.agent for m in INCAR_MODELS}
"""Our own names and the agent each stands for (GET /v1/agents names each agent's model)."""
LISTED: tuple[Model, ...] = (*INCAR_MODELS, *QWEN_MODELS)
_BY_NAME = {m.name: m for m in LISTED}

QWEN_PATTERN = r"^(?:qwen-(?:plus|max|turbo|flash)-|qwen3-|qwq-)[a-z0-9][a-z0-9._-]{0,47}$"
"""Names beyond the listed ones: a snapshot of a listed family (`qwen-plus-latest`,
`qwen-max-2025-01-25`), any `qwen3-*` or any `qwq-*`, in lower case."""
_PATTERN = re.compile(QWEN_PATTERN)
PATTERN_RULE = (
    "Also any name matching `qwen-{plus,max,turbo,flash}-*`, `qwen3-*` or `qwq-*` (lower case; "
    "`qwq-*` always thinks)."
)


class UnknownModel(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def message(self) -> str:
        ours = ", ".join(m.name for m in INCAR_MODELS)
        return (
            f"The model '{self.name}' does not exist. Known: {ours}, and Qwen names "
            "(qwen-plus, qwen-max, qwen-turbo, qwen-flash, qwen3-*, qwq-*)."
        )


def resolve_model(name: str) -> Model:
    """The model a name stands for (UnknownModel if none)."""
    model = _BY_NAME.get(name)
    if model is not None:
        return model
    if _PATTERN.fullmatch(name):
        return Model(name, None, _QWEN, thinks_by_default=name.startswith("qwq-"))
    raise UnknownModel(name)


def is_known(name: str) -> bool:
    try:
        resolve_model(name)
    except UnknownModel:
        return False
    return True
