"""The request journal: what a sandbox was asked, so a tester can assert on traffic.

Bounded twice: at most `size` entries and `max_bytes` of memory, oldest dropped first. What is
stored is already safe to show: secret-looking query values are `***` and long paths and query
strings are cut and marked (agents/redaction.py).
"""

from __future__ import annotations

import sys
from collections import deque
from datetime import UTC, datetime

from pydantic import AwareDatetime, BaseModel, Field

from agents.limits import SandboxLimits
from agents.redaction import MAX_STORED_CHARS, redact_query, truncate


class JournalEntry(BaseModel):
    seq: int = Field(examples=[1])
    request_id: str = Field(examples=["req-000001"])
    method: str = Field(examples=["GET"])
    path: str = Field(examples=["/v1/vehicles/ix3-shanghai"])
    query: str = Field(examples=["vehicle_id=ix3-shanghai&api_key=***"])
    status: int = Field(examples=[200])
    sim_time: AwareDatetime
    duration_ms: float
    fault: str | None = None


_Raw = tuple[int, str, str, str, str, int, datetime, float, str | None]

MAX_REQUEST_ID_CHARS = 128
MAX_METHOD_CHARS = 16


def entry_bytes(raw: _Raw) -> int:
    """The memory an entry takes: the tuple and every value in it, as `sys.getsizeof` counts
    them (a CJK path costs more than an ASCII one of the same length, as it does in memory).

    Spelled out, with the sizes that cannot vary (the 9-tuple, a datetime, a float) counted
    once at import: it runs on every request."""
    seq, request_id, method, path, query, status, _, _, fault = raw
    size = sys.getsizeof
    return (
        _FIXED_BYTES
        + size(seq)
        + size(request_id)
        + size(method)
        + size(path)
        + size(query)
        + size(status)
        + (0 if fault is None else size(fault))
    )


_FIXED_BYTES = (
    sys.getsizeof((0,) * 9) + sys.getsizeof(datetime(2026, 1, 1, tzinfo=UTC)) + sys.getsizeof(0.0)
)


class Journal:
    """Recording is on every request's path, so entries are kept as tuples and only become
    models when someone reads the journal."""

    def __init__(
        self,
        size: int = SandboxLimits.journal_size,
        max_bytes: int = SandboxLimits.journal_max_bytes,
    ) -> None:
        self._entries: deque[_Raw] = deque()
        self._sizes: deque[int] = deque()  # entry_bytes of each entry, so dropping one is cheap
        self._size = size or None  # 0: bounded by bytes only
        self._max_bytes = max_bytes
        self._bytes = 0
        self._seq = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def bytes_used(self) -> int:
        return self._bytes

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
        # The checks inline (truncate and redact_query would return most values unchanged).
        if len(request_id) > MAX_REQUEST_ID_CHARS:
            request_id = truncate(request_id, MAX_REQUEST_ID_CHARS)
        if len(method) > MAX_METHOD_CHARS:
            method = truncate(method, MAX_METHOD_CHARS)
        if len(path) > MAX_STORED_CHARS:
            path = truncate(path)
        if query:
            query = redact_query(query)
        raw = (self._seq, request_id, method, path, query, status, sim_time, duration_ms, fault)
        entries, sizes = self._entries, self._sizes
        entries.append(raw)
        added = entry_bytes(raw)
        sizes.append(added)
        self._bytes += added
        # The newest entry always stays, even if it alone is over the byte bound.
        while len(entries) > 1 and (
            self._bytes > self._max_bytes or (self._size is not None and len(entries) > self._size)
        ):
            entries.popleft()
            self._bytes -= sizes.popleft()

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
        self._sizes.clear()
        self._bytes = 0
