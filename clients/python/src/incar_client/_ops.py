"""Each API operation as a `Call`: method, path, query, body and the model of its answer.

The sync and async clients only differ in how they send a `Call`, so every path lives here once.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Generic, Literal, TypeVar, cast
from urllib.parse import quote

from pydantic import BaseModel, TypeAdapter

from incar_client import models as m

T = TypeVar("T")
ResetTarget = Literal["scenario", "baseline"]
_NO_BODY: Any = object()


class Settled(BaseModel):
    """What `POST /v1/sim/settle` answers: the new sim time and the commands it finished."""

    now: datetime
    settled: list[str]


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str
    answer: TypeAdapter[T]
    params: Mapping[str, Any] | None = None
    body: Any = _NO_BODY

    @property
    def has_body(self) -> bool:
        return self.body is not _NO_BODY


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)  # built once per answer type: building one takes milliseconds


def call(
    method: str,
    path: str,
    answer: type[T],
    *,
    params: Mapping[str, Any] | None = None,
    body: Any = _NO_BODY,
) -> Call[T]:
    kept = {k: v for k, v in params.items() if v is not None} if params else None
    adapter: TypeAdapter[T] = _adapter(cast(Hashable, answer))
    return Call(method, path, adapter, kept, body)


def seg(value: str) -> str:
    """One path segment, so an id can never reach another route."""
    return quote(value, safe="")


def iso(value: datetime | str) -> str:
    return value.isoformat() if isinstance(value, datetime) else value


def fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON body from keyword arguments: the ones left out (None) are not sent."""
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in values.items() if v is not None}


# vehicles
READINGS: dict[str, type[BaseModel]] = {
    "battery": m.ReadingBattery,
    "fuel": m.ReadingFuel,
    "charge": m.ReadingCharging,
    "tires": m.ReadingTires,
    "security": m.ReadingSecurity,
    "climate": m.ReadingClimate,
    "location": m.ReadingLocation,
    "odometer": m.ReadingOdometerData,
    "service": m.ReadingServiceData,
    "check-control": m.ReadingCheckControlData,
    "alerts": m.ReadingListAlert,
}


def reading(vehicle_id: str, name: str, answer: type[T]) -> Call[T]:
    return call("GET", f"/v1/vehicles/{seg(vehicle_id)}/{name}", answer)


def signals(vehicle_id: str, paths: Sequence[str] | None) -> Call[list[m.Signal]]:
    query = {"paths": ",".join(paths) if paths else None}
    return call("GET", f"/v1/vehicles/{seg(vehicle_id)}/signals", list[m.Signal], params=query)


def send_command(
    vehicle_id: str, command: str | Mapping[str, Any], params: Mapping[str, Any]
) -> Call[m.CommandAccepted]:
    body = {"type": command, **params} if isinstance(command, str) else {**command, **params}
    path = f"/v1/vehicles/{seg(vehicle_id)}/commands"
    return call("POST", path, m.CommandAccepted, body=body)


# sim
def clock(
    set: datetime | str | None, advance_s: float | None, run: bool | None, speed: float | None
) -> Call[m.ClockState]:
    body = fields({"set": set, "advance_s": advance_s, "run": run, "speed": speed})
    if not body:
        return call("GET", "/v1/sim/clock", m.ClockState)
    return call("POST", "/v1/sim/clock", m.ClockState, body=body)


def journal(since: int, limit: int) -> Call[list[m.JournalEntry]]:
    query = {"since": since, "limit": limit}
    return call("GET", "/v1/sim/journal", list[m.JournalEntry], params=query)


JOURNAL_CAPACITY = 1000  # the endpoint's largest `limit`, above the journal's own cap


def export(name: str) -> Call[dict[str, Any]]:
    return call("GET", f"/v1/sim/sandboxes/{seg(name)}/export", dict[str, Any])


def import_(name: str, document: Mapping[str, Any]) -> Call[m.WorldState]:
    path = f"/v1/sim/sandboxes/{seg(name)}/import"
    return call("PUT", path, m.WorldState, body=dict(document))
