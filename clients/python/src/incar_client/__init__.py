"""incar_client: a typed client for incar-sim, the simulated in-car assistant backend.

`IncarClient` / `AsyncIncarClient` bind one sandbox; their namespaces (`vehicles`, `commands`,
`keys`, `car_genius`, `trips`, `chargers`, `dining`, `profiles`, `chat`, `sim`, `journal`,
`sandboxes`) answer with the models of `incar_client.models`, generated from `/openapi.json`.
"""

from incar_client._ops import ResetTarget, Settled
from incar_client.async_client import AsyncIncarClient
from incar_client.client import IncarClient
from incar_client.errors import (
    Conflict,
    Forbidden,
    IncarError,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
    ValidationFailed,
)
from incar_client.events import (
    CardEvent,
    ChatEvent,
    IntentEvent,
    SpeechDeltaEvent,
    ToolCallEvent,
    ToolResultEvent,
    TurnEndEvent,
    TurnStartEvent,
)

__all__ = [
    "AsyncIncarClient",
    "CardEvent",
    "ChatEvent",
    "Conflict",
    "Forbidden",
    "IncarClient",
    "IncarError",
    "IntentEvent",
    "NotFound",
    "RateLimited",
    "ResetTarget",
    "ServerError",
    "Settled",
    "SpeechDeltaEvent",
    "ToolCallEvent",
    "ToolResultEvent",
    "TurnEndEvent",
    "TurnStartEvent",
    "Unauthorized",
    "ValidationFailed",
]
