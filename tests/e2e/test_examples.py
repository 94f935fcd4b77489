"""The runnable examples in examples/, each run as a script against a real server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import ROOT, running_server

pytestmark = pytest.mark.server

KEY = "k-examples"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running_server({"INCAR_API_KEYS": KEY}) as url:
        yield url


def run_example(base: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "examples/openai_agent_loop.py", *args],
        cwd=ROOT,
        env={**os.environ, "INCAR_BASE_URL": base, "INCAR_API_KEY": KEY},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_openai_agent_loop_answers_from_the_tool_result(base: str) -> None:
    out = run_example(base, "--sandbox", "ex-battery", "How much battery is left?")
    assert 'tool call: get_vehicle_status {"topic": "battery"}' in out
    assert out.splitlines()[-1] == "assistant: Battery 80%, 497 km of range."


def test_openai_agent_loop_confirms_a_command_only_with_yes(base: str) -> None:
    asked = run_example(base, "--sandbox", "ex-lock", "Lock the car")
    assert asked.splitlines()[-1] == (
        "assistant: Needs confirmation: lock the car? Call again with confirm: true to send it."
    )
    sent = run_example(base, "--sandbox", "ex-lock", "--yes", "Lock the car")
    assert "driver: yes" in sent
    assert sent.splitlines()[-1] == (
        "assistant: The command was sent (cmd-0001); it will be carried out in a few seconds."
    )


def test_openai_agent_loop_in_chinese(base: str) -> None:
    out = run_example(base, "--sandbox", "ex-zh", "--locale", "zh", "电量还有多少？")
    assert out.splitlines()[-1] == "assistant: 电量80%，续航497公里。"
