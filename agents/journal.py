"""The request journal: what a sandbox was asked, so a tester can assert on traffic."""

from __future__ import annotations

from collections import deque
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, Field


class JournalEntry(BaseModel):
    seq: int = Field(examples=[1])
    request_id: str = Field(examples=["req-000001"])
    method: str = Field(examples=["GET"])
    path: str = Field(examples=["/v1/vehicles/ix3-shanghai"])
    query: str = Field(examples=[""])
    status: int = Field(examples=[200])
    sim_time: AwareDatetime
    duration_ms: float
    fault: str | None = None


_Raw = tuple[int, str, str, str, str, int, datetime, float, str | None]


class Journal:
    """Recording is on every request's path, so entries are kept as tuples and only become
    models when someone reads the journal."""

    def __init__(self, size: int) -> None:
        self._entries: deque[_Raw] = deque(maxlen=size or None)
        self._seq = 0

    def record(
        self,
        *,
        request_id: str,
        method: str,
        path: str,
        query: str,
        status: int,
        sim_time: datetime,
        duration_ms: float,
        fault: str | None,
    ) -> None:
        self._seq += 1
        raw = (self._seq, request_id, method, path, query, status, sim_time, duration_ms, fault)
        self._entries.append(raw)

    def entries(self, since: int = 0, limit: int = 100) -> list[JournalEntry]:
        return [
            JournalEntry(
                seq=seq,
                request_id=rid,
                method=method,
                path=path,
                query=query,
                status=status,
                sim_time=sim_time,
                duration_ms=round(ms, 3),
                fault=fault,
            )
            for seq, rid, method, path, query, status, sim_time, ms, fault in self._entries
            if seq > since
        ][-limit:]

    def clear(self) -> None:
        self._entries.clear()
