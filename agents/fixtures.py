"""Loading JSON fixtures into validated models, with errors a person can act on.

A bad file must stop start-up naming the file, the JSON path inside it and the reason, the same
message `incar validate` prints.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import TypeAdapter, ValidationError

T = TypeVar("T")


@dataclass(frozen=True)
class FixtureProblem:
    file: str
    json_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.json_path}: {self.reason}"


class FixtureError(Exception):
    """One or more fixture files are invalid."""

    def __init__(self, problems: list[FixtureProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def one(cls, file: Path | str, json_path: str, reason: str) -> FixtureError:
        return cls([FixtureProblem(str(file), json_path, reason)])


def json_path(loc: tuple[int | str, ...]) -> str:
    """Render a pydantic error location as a JSON path: ("a", 0, "b") -> "$.a[0].b"."""
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def load_json_file(path: Path, adapter: TypeAdapter[T]) -> T:
    """Read and validate one fixture file; every problem in it is reported at once."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FixtureError.one(path, "$", f"cannot read file: {exc.strerror}") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FixtureError.one(
            path, "$", f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        raise FixtureError(
            [FixtureProblem(str(path), json_path(e["loc"]), e["msg"]) for e in exc.errors()]
        ) from exc
