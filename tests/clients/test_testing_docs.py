"""docs/testing.md's example module runs, as written, against a real server with the plugin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = re.compile(r"## A complete example.*?```python\n(.*?)```", re.DOTALL)

pytestmark = pytest.mark.server


def test_the_documented_example_module_passes(incar_url: str, tmp_path: Path) -> None:
    found = EXAMPLE.search((ROOT / "docs" / "testing.md").read_text(encoding="utf-8"))
    assert found is not None, "docs/testing.md lost its example module"
    module = tmp_path / "test_documented_example.py"
    module.write_text(found.group(1), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(module), "-q", "-p", "no:cacheprovider",
         "-p", "no:schemathesis", "-p", "no:hypothesispytest", "--incar-url", incar_url],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "5 passed" in run.stdout
