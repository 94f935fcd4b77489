"""The TypeScript consumer in clients/typescript type-checks against the app's own /openapi.json.

Each test copies the client's sources into a temporary directory (sharing the installed
node_modules), writes a document there, and runs the client's own `npm run gen -- <file>` and
`npm run check` (openapi-typescript, then `tsc --noEmit`). The live document must pass; a
document with a field or route the client uses renamed or dropped must fail, so the check is
known to bite. Without node and npm these tests skip, unless INCAR_REQUIRE_NODE=1 (CI), where a
missing toolchain is a failure.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from agents.catalog import Catalog
from app.main import create_app
from app.settings import Settings

pytestmark = pytest.mark.typescript

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "typescript"
# npm should not phone home (update notices, funding, audit) on every run.
NPM_ENV = {
    **os.environ,
    "npm_config_update_notifier": "false",
    "npm_config_fund": "false",
    "npm_config_audit": "false",
}

Document = dict[str, Any]


def run(command: list[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=NPM_ENV, capture_output=True, text=True, timeout=timeout
    )


def output(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module")
def npm() -> str:
    node, found = shutil.which("node"), shutil.which("npm")
    if node is None or found is None:
        reason = "node and npm are not installed: apt-get install nodejs npm"
        if os.environ.get("INCAR_REQUIRE_NODE") == "1":
            pytest.fail(f"INCAR_REQUIRE_NODE=1 but {reason}")
        pytest.skip(reason)
    return found


@pytest.fixture(scope="module")
def node_modules(npm: str) -> Path:
    """The client's locked dependencies, installed by `npm ci` when missing or older than the
    lock file (npm writes node_modules/.package-lock.json after each install)."""
    modules = CLIENT / "node_modules"
    installed = modules / ".package-lock.json"
    lock = CLIENT / "package-lock.json"
    if not installed.exists() or installed.stat().st_mtime < lock.stat().st_mtime:
        result = run([npm, "ci", "--prefer-offline"], CLIENT, timeout=600)
        assert result.returncode == 0, f"npm ci failed:\n{output(result)}"
    return modules


@pytest.fixture(scope="module")
def live_document(catalog: Catalog) -> Document:
    document: Document = create_app(Settings(), catalog).openapi()
    return document


@pytest.fixture
def typecheck(
    npm: str, node_modules: Path, tmp_path: Path
) -> Callable[[Document], subprocess.CompletedProcess[str]]:
    """Generate the client's types from a document, then `tsc` the client against them."""
    workdir = tmp_path / "client"
    shutil.copytree(CLIENT / "src", workdir / "src", ignore=shutil.ignore_patterns("api.d.ts"))
    for name in ("package.json", "tsconfig.json"):
        shutil.copy(CLIENT / name, workdir / name)
    (workdir / "node_modules").symlink_to(node_modules, target_is_directory=True)

    def check(document: Document) -> subprocess.CompletedProcess[str]:
        spec = tmp_path / "openapi.json"
        spec.write_text(json.dumps(document), encoding="utf-8")
        generated = run([npm, "run", "gen", "--", str(spec)], workdir)
        assert generated.returncode == 0, f"openapi-typescript failed:\n{output(generated)}"
        return run([npm, "run", "check"], workdir)

    return check


def rename_property(document: Document, schema: str, old: str, new: str) -> Document:
    changed = copy.deepcopy(document)
    target = changed["components"]["schemas"][schema]
    target["properties"][new] = target["properties"].pop(old)
    target["required"] = [new if name == old else name for name in target.get("required", [])]
    return changed


def drop_path(document: Document, path: str) -> Document:
    changed = copy.deepcopy(document)
    del changed["paths"][path]
    return changed


def test_the_client_type_checks_against_the_live_document(
    live_document: Document, typecheck: Callable[[Document], subprocess.CompletedProcess[str]]
) -> None:
    result = typecheck(live_document)
    assert result.returncode == 0, f"tsc rejected the client:\n{output(result)}"


class BreakingChange(NamedTuple):
    apply: Callable[[Document], Document]
    file: str  # where tsc must report it
    name: str  # what its message must name


# One document with all of them, so one `tsc` run (~4 s) proves each is caught where expected.
BREAKING_CHANGES = {
    "a renamed field": BreakingChange(
        lambda d: rename_property(d, "Battery", "soc_pct", "charge_pct"),
        "src/vehicle.ts",
        "soc_pct",
    ),
    "a dropped route": BreakingChange(
        lambda d: drop_path(d, "/v1/trips/plan"), "src/trips.ts", "/v1/trips/plan"
    ),
    "a renamed stream event field": BreakingChange(
        lambda d: rename_property(d, "SpeechDelta", "text", "delta"), "src/chat.ts", "'text'"
    ),
}


def test_breaking_changes_fail_the_check(
    live_document: Document, typecheck: Callable[[Document], subprocess.CompletedProcess[str]]
) -> None:
    broken = live_document
    for change in BREAKING_CHANGES.values():
        broken = change.apply(broken)
    result = typecheck(broken)
    assert result.returncode != 0, f"tsc accepted a broken contract:\n{output(result)}"
    errors = [line for line in result.stdout.splitlines() if "error TS" in line]
    missed = [
        what
        for what, change in BREAKING_CHANGES.items()
        if not any(line.startswith(change.file) and change.name in line for line in errors)
    ]
    assert missed == [], output(result)
