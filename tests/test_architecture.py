"""agents/ is the pure domain: it must never import the HTTP layer or its libraries."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {"fastapi", "starlette", "httpx", "uvicorn", "app"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


AGENT_FILES = sorted((ROOT / "agents").rglob("*.py"))


def test_agents_package_has_modules() -> None:
    assert len(AGENT_FILES) > 10


@pytest.mark.parametrize("path", AGENT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_agents_do_not_import_http_layer(path: Path) -> None:
    assert imported_roots(path) & FORBIDDEN == set()


def test_detector_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from fastapi import FastAPI\nimport app.main\n", encoding="utf-8")
    assert imported_roots(bad) & FORBIDDEN == {"fastapi", "app"}
