"""What `journal.assert_called` checks, shared by the sync and async clients."""

from __future__ import annotations

import re
from collections.abc import Sequence

from incar_client.models import JournalEntry

_PLACEHOLDER = re.compile(r"\{[^/{}]*\}")


def path_pattern(template: str) -> re.Pattern[str]:
    """`/v1/vehicles/{id}/commands` -> a pattern where each `{...}` matches one path segment."""
    pieces = _PLACEHOLDER.split(template)
    return re.compile("[^/]+".join(re.escape(piece) for piece in pieces) + r"\Z")


def matching(entries: Sequence[JournalEntry], method: str, path: str) -> list[JournalEntry]:
    pattern = path_pattern(path)
    return [
        entry
        for entry in entries
        if entry.method.upper() == method.upper() and pattern.match(entry.path)
    ]


def check_called(
    entries: Sequence[JournalEntry], method: str, path: str, times: int | None, sandbox: str
) -> list[JournalEntry]:
    """The matching entries; AssertionError listing every call when there are none (times=None)
    or not exactly `times`."""
    found = matching(entries, method, path)
    if (times is None and found) or len(found) == times:
        return found
    expected = "at least once" if times is None else f"{_times(times)}"
    lines = [
        f"expected {method.upper()} {path} to be called {expected}, "
        f"but it was called {_times(len(found))}.",
        f"The journal of sandbox {sandbox!r} holds {len(entries)} call(s):",
    ]
    lines += [f"  {describe(entry)}" for entry in entries] or ["  (none)"]
    raise AssertionError("\n".join(lines))


def describe(entry: JournalEntry) -> str:
    query = f"?{entry.query}" if entry.query else ""
    return f"#{entry.seq} {entry.method} {entry.path}{query} -> {entry.status}"


def _times(count: int) -> str:
    return {0: "0 times", 1: "once"}.get(count, f"{count} times")
