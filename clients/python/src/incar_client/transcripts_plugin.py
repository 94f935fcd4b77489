"""pytest plugin: every `*.transcript.yaml` is a test that replays the conversation.

Each file is replayed in a fresh sandbox of the server the `incar` plugin uses (`--incar-url`,
else one it starts), the sandbox deleted afterwards; a difference fails the test with one line
per changed turn and field. `--incar-update-transcripts` rewrites the files with what came back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from incar_client.transcripts import diff, read_yaml, replay, write_yaml

SUFFIX = ".transcript.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("incar").addoption(
        "--incar-update-transcripts",
        action="store_true",
        default=False,
        help="rewrite *.transcript.yaml files with what the replay answered (and pass)",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        collector: TranscriptFile = TranscriptFile.from_parent(parent, path=file_path)
        return collector
    return None


class TranscriptMismatch(AssertionError):
    def __init__(self, path: Path, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.path = path
        self.lines = lines


class TranscriptFile(pytest.File):
    def collect(self) -> list[pytest.Item]:
        name = self.path.name.removesuffix(SUFFIX)
        return [TranscriptItem.from_parent(self, name=name)]


class TranscriptItem(pytest.Item):
    def runtest(self) -> None:
        # Imported here: the server-starting helpers are only needed when a transcript runs.
        from incar_client.pytest_plugin import incar_api_key, incar_url, new_sandbox_name

        expected = read_yaml(self.path)
        base_url = incar_url(self.config)
        api_key = incar_api_key(self.config)
        sandbox = new_sandbox_name(self.config, self.name)
        try:
            actual = replay(expected, base_url, sandbox, api_key)
        finally:
            _delete(base_url, sandbox, api_key)
        lines = diff(expected, actual)
        if not lines:
            return
        if self.config.getoption("incar_update_transcripts"):
            write_yaml(actual, self.path)
            return
        raise TranscriptMismatch(self.path, lines)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str | Any:
        if isinstance(excinfo.value, TranscriptMismatch):
            return (
                f"{self.path.name}: the replay differs ({len(excinfo.value.lines)} line(s); "
                "--incar-update-transcripts rewrites the file):\n" + "\n".join(excinfo.value.lines)
            )
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"transcript {self.name}"


def _delete(base_url: str, sandbox: str, api_key: str | None) -> None:
    headers = {"X-Sandbox": sandbox}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    httpx.delete(f"{base_url}/v1/sim/sandboxes/{sandbox}", headers=headers, timeout=30.0)
