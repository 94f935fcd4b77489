"""The OpenAPI enum of problem codes names every code the service can answer, and no other."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.main import create_app
from app.problems import PROBLEM_CODES

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[A-Z][A-Z0-9_]+$")
# Calls whose string arguments include a problem code: the problem builders, and the errors that
# take their code as an argument.
# (`__init__`: a subclass passing its code up, as the limit errors do.)
CODE_TAKERS = {
    "problem",
    "error_response",
    "StateConflict",
    "TripConflict",
    "AccessDenied",
    "__init__",
}
# Upper-case strings those calls take that are not codes (resolutions).
NOT_CODES = {
    "RETRY_LATER",
    "REPLAN",
    "WAKE_VEHICLE",
    "DELETE_SANDBOX",
    "PLUG_IN",
    "CLOSE_DOORS",
    "RAISE_CHARGE_LIMIT",
}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def codes_in_source() -> set[str]:
    """Codes assigned as `code = "X"`, passed as `code="X"`, or given to a code-taking call."""
    found: set[str] = set()
    for path in [*ROOT.glob("agents/**/*.py"), *ROOT.glob("app/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            values: list[ast.expr | None] = []
            if isinstance(node, ast.Assign) and any(_name(t) == "code" for t in node.targets):
                values.append(node.value)
            if isinstance(node, ast.AnnAssign) and _name(node.target) == "code":
                values.append(node.value)
            if (
                isinstance(node, ast.Dict)
                and node.keys
                and all(isinstance(k, ast.Constant) and isinstance(k.value, int) for k in node.keys)
            ):  # status -> code tables
                values += node.values
            if isinstance(node, ast.Call):
                values += [k.value for k in node.keywords if k.arg == "code"]
                taker = _name(node.func)
                # ... and the fallback of a lookup in a status -> code table
                fallback = taker == "get" and _name(getattr(node.func, "value", node)).endswith(
                    "_CODES"
                )
                if taker in CODE_TAKERS or fallback:
                    values += node.args
            found.update(
                value.value
                for value in values
                if isinstance(value, ast.Constant)
                and isinstance(value.value, str)
                and CODE.match(value.value)
                and value.value not in NOT_CODES
            )
    return found


def test_every_code_in_the_source_is_in_the_enum_and_nothing_else() -> None:
    found = codes_in_source()
    assert sorted(found - set(PROBLEM_CODES)) == [], "add these to PROBLEM_CODES"
    assert sorted(set(PROBLEM_CODES) - found) == [], "no longer answered: remove them"


def test_the_document_states_the_enum() -> None:
    problem = create_app().openapi()["components"]["schemas"]["Problem"]
    assert problem["properties"]["code"]["enum"] == list(PROBLEM_CODES)
