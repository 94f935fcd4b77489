"""`pip install ./clients/python` into a fresh venv brings httpx and pydantic (and theirs) only,
and no server: `app` and `agents` stay unimportable. Builds from pip's cache or the index (~5 s)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {
    "incar-sim-client",
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "pydantic",
    "pydantic-core",
    "annotated-types",
    "typing-extensions",
    "typing-inspection",
    "exceptiongroup",
}


@pytest.mark.packaging
def test_the_client_installs_alone(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    subprocess.run([*pip, str(ROOT / "clients" / "python")], check=True, cwd=tmp_path)
    listing = (
        "import importlib.metadata as md, importlib.util as u, json;"
        "names = [d.metadata['Name'].lower().replace('_', '-') for d in md.distributions()];"
        "print(json.dumps(names));"
        "found = [n for n in ('app', 'agents', 'fastapi', 'incar_client') if u.find_spec(n)];"
        "print(json.dumps(found))"
    )
    out = subprocess.run(
        [python, "-c", listing], check=True, cwd=tmp_path, capture_output=True, text=True
    ).stdout.splitlines()
    installed = set(json.loads(out[0]))
    assert "incar-sim-client" in installed
    assert installed <= ALLOWED, installed - ALLOWED
    assert json.loads(out[1]) == ["incar_client"]
