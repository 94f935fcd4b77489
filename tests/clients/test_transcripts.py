"""Golden transcripts: record a live conversation, replay it green, change one fixture value and
see the replay fail naming the turn and the field, rewrite with --incar-update-transcripts, and
the `incar transcript record` command writing what `record` answers.

Two real servers: the plugin's own (the project's fixtures) and one started here on a copy of
the fixtures where one charger has another Chinese name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from incar_client.pytest_plugin import incar_url, new_sandbox_name
from incar_client.transcripts import (
    Speech,
    ToolCall,
    Transcript,
    TranscriptError,
    TranscriptIntent,
    TranscriptTurn,
    diff,
    dump_yaml,
    load_yaml,
    read_yaml,
    record,
    replay,
)

from app.cli import main as incar_cli
from app.settings import DEFAULT_FIXTURES
from tests.e2e.conftest import free_port

pytest_plugins = ["pytester"]

PROJECT_TRANSCRIPTS = Path(__file__).resolve().parents[1] / "transcripts"
CHARGER = "dianlu-shanghai-hongqiao"
OLD_NAME = "电路充电·虹桥枢纽超充站"
NEW_NAME = "电路充电·虹桥新站"
ASK_CHARGER = "附近有充电站吗"


# -- pure: format and diff -------------------------------------------------------------------


def _transcript(*turns: TranscriptTurn) -> Transcript:
    return Transcript(
        scenario=None,
        clock="2026-06-01T08:00:00+08:00",
        vehicle="ix3-shanghai",
        locale="zh",
        profile=None,
        turns=list(turns),
    )


def _turn(user: str, zh: str, cards: int = 0) -> TranscriptTurn:
    return TranscriptTurn(
        user=user,
        agent="car_genius",
        intents=[TranscriptIntent(name="status_range")],
        speech=Speech(zh=zh, en="-"),
        cards=[{"type": "status", "title": f"card {i}"} for i in range(cards)],
    )


def test_diff_names_the_turn_and_the_field() -> None:
    expected = _transcript(_turn("还能开多远", "续航497公里", cards=1), _turn("找个快充", "A"))
    actual = _transcript(
        _turn("还能开多远", "续航497公里", cards=2),
        _turn("找个快充", "B"),
        _turn("谢谢", "不客气"),
    )
    assert diff(expected, expected) == []
    assert diff(expected, actual) == [
        "turn 1 \"还能开多远\": cards[1]: expected (nothing) got {'type': 'status', "
        "'title': 'card 1'}",
        "turn 2 \"找个快充\": speech.zh: expected 'A' got 'B'",
        'turn 3 "谢谢": expected no turn, got one',
    ]
    assert diff(actual, expected)[-1] == 'turn 3 "谢谢": expected the turn, got none'


def test_yaml_round_trip_is_readable_and_strict() -> None:
    transcript = _transcript(_turn("还能开多远", "续航497公里"))
    text = dump_yaml(transcript)
    assert text.splitlines()[:7] == [
        "scenario: null",
        "clock: '2026-06-01T08:00:00+08:00'",
        "vehicle: ix3-shanghai",
        "locale: zh",
        "profile: null",
        "turns:",
        "- user: 还能开多远",
    ]
    assert load_yaml(text) == transcript
    with pytest.raises(ValueError, match="spech"):
        load_yaml(text.replace("speech:", "spech:"))


def test_yaml_without_pyyaml_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # makes `import yaml` fail
    with pytest.raises(ImportError, match=r"pip install 'incar-sim-client\[transcripts\]'"):
        dump_yaml(_transcript(_turn("还能开多远", "x")))


def test_the_project_suite_is_in_transcript_files() -> None:
    files = sorted(PROJECT_TRANSCRIPTS.rglob("*.transcript.yaml"))
    assert len(files) >= 40
    assert len({f.name for f in files}) == len(files)
    assert {read_yaml(f).locale for f in files} == {"zh", "en"}
    assert not list(PROJECT_TRANSCRIPTS.glob("*.json"))


# -- against real servers --------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(pytestconfig: pytest.Config) -> str:
    return incar_url(pytestconfig)


@pytest.fixture(scope="module")
def renamed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`incar serve --fixtures` on a copy where one charger is renamed in Chinese."""
    fixtures = tmp_path_factory.mktemp("fixtures") / "fixtures"
    shutil.copytree(DEFAULT_FIXTURES, fixtures)
    chargers_file = fixtures / "travel" / "chargers.json"
    text = chargers_file.read_text(encoding="utf-8")
    assert text.count(OLD_NAME) == 1
    chargers_file.write_text(text.replace(OLD_NAME, NEW_NAME), encoding="utf-8")
    port = free_port()
    cmd = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--fixtures"]
    proc = subprocess.Popen(
        [*cmd, str(fixtures)],
        cwd=Path(__file__).resolve().parents[2],
        env={
            k: v for k, v in os.environ.items() if k not in ("INCAR_API_KEYS", "INCAR_ADMIN_TOKEN")
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the second server did not start"
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def sandbox(server: str, pytestconfig: pytest.Config) -> Iterator[httpx.Client]:
    name = new_sandbox_name(pytestconfig, "transcript")
    with httpx.Client(base_url=server, headers={"X-Sandbox": name}) as http:
        yield http
        http.delete(f"/v1/sim/sandboxes/{name}")


def _converse(http: httpx.Client, *, patch_before_second: bool = False) -> str:
    """A live conversation: chargers, ten minutes pass, then the range."""
    session = http.post("/v1/chat/sessions", json={"vehicle_id": "ix3-shanghai", "locale": "zh"})
    assert session.status_code == 201, session.text
    session_id: str = session.json()["session_id"]
    path = f"/v1/chat/sessions/{session_id}/messages"
    assert http.post(path, json={"text": ASK_CHARGER}).status_code == 200
    assert http.post("/v1/sim/clock", json={"advance_s": 600}).status_code == 200
    if patch_before_second:
        patch = {"battery": {"soc_pct": 20}}
        assert http.patch("/v1/sim/vehicles/ix3-shanghai/state", json=patch).status_code == 200
    assert http.post(path, json={"text": "还能开多远"}).status_code == 200
    return session_id


def _name(http: httpx.Client) -> str:
    return str(http.headers["X-Sandbox"])


def _replay_fresh(transcript: Transcript, url: str, config: pytest.Config) -> Transcript:
    """What the plugin does: replay in a new sandbox, deleted afterwards."""
    name = new_sandbox_name(config, "replay")
    try:
        return replay(transcript, url, name)
    finally:
        httpx.delete(f"{url}/v1/sim/sandboxes/{name}", headers={"X-Sandbox": name})


@pytest.fixture(scope="module")
def recorded(server: str, pytestconfig: pytest.Config) -> Transcript:
    name = new_sandbox_name(pytestconfig, "recorded")
    with httpx.Client(base_url=server, headers={"X-Sandbox": name}) as http:
        try:
            return record(server, name, _converse(http))
        finally:
            http.delete(f"/v1/sim/sandboxes/{name}")


@pytest.mark.server
def test_record_keeps_setup_clock_moves_tool_calls_and_cards(recorded: Transcript) -> None:
    assert (recorded.scenario, recorded.clock.isoformat(), recorded.vehicle) == (
        None,
        "2026-06-01T08:00:00+08:00",
        "ix3-shanghai",
    )
    assert (recorded.locale, recorded.profile, recorded.patch) == ("zh", None, None)
    first, second = recorded.turns
    assert (first.user, first.advance_s, first.agent) == (ASK_CHARGER, None, "travel_companion")
    assert first.intents == [TranscriptIntent(name="find_charger")]
    assert first.tool_calls == [ToolCall(name="find_chargers", arguments={"limit": 5})]
    assert first.speech.zh.startswith(f"找到4个充电站，先说前3个：第1个，{OLD_NAME}，8公里")
    assert first.cards[0]["items"][0] == {
        "charger_id": CHARGER,
        "name": OLD_NAME,
        "max_power_kw": 120.0,
        "distance_km": 8.2,
        "price_cny_per_kwh": 1.75,
    }
    assert (second.user, second.advance_s, second.intents[0].name) == (
        "还能开多远",
        600,
        "status_range",
    )
    assert second.speech.zh == "电量80%，续航497公里。"


@pytest.mark.server
def test_recorded_transcript_replays_green(
    server: str, recorded: Transcript, pytestconfig: pytest.Config
) -> None:
    assert _replay_fresh(recorded, server, pytestconfig) == recorded


@pytest.mark.server
def test_changed_fixture_fails_naming_turn_and_field(
    renamed_server: str, recorded: Transcript, pytestconfig: pytest.Config
) -> None:
    actual = _replay_fresh(recorded, renamed_server, pytestconfig)
    old_speech = recorded.turns[0].speech.zh
    assert diff(recorded, actual) == [
        f'turn 1 "{ASK_CHARGER}": speech.zh: expected {old_speech!r} '
        f"got {old_speech.replace(OLD_NAME, NEW_NAME)!r}",
        f"turn 1 \"{ASK_CHARGER}\": cards[0].items[0].name: expected '{OLD_NAME}' got '{NEW_NAME}'",
    ]


@pytest.mark.server
def test_record_refuses_a_conversation_that_needed_a_state_patch(
    server: str, sandbox: httpx.Client
) -> None:
    session_id = _converse(sandbox, patch_before_second=True)
    with pytest.raises(TranscriptError) as caught:
        record(server, _name(sandbox), session_id)
    assert "does not replay from its scenario and clock alone" in str(caught.value)
    assert 'turn 2 "还能开多远": speech: live \'电量20%' in str(caught.value)


@pytest.mark.server
def test_plugin_collects_replays_fails_with_diff_and_updates(
    pytester: pytest.Pytester,
    server: str,
    renamed_server: str,
    recorded: Transcript,
    pytestconfig: pytest.Config,
) -> None:
    path = pytester.path / "chargers.transcript.yaml"
    path.write_text(dump_yaml(recorded), encoding="utf-8")

    pytester.runpytest("--incar-url", server).assert_outcomes(passed=1)

    failed = pytester.runpytest("--incar-url", renamed_server)
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "chargers.transcript.yaml: the replay differs (2 line(s); "
            "--incar-update-transcripts rewrites the file):",
            f"turn 1 \"{ASK_CHARGER}\": cards[0].items[0].name: expected '{OLD_NAME}' "
            f"got '{NEW_NAME}'",
        ]
    )
    assert read_yaml(path) == recorded  # a failing run leaves the file alone

    updated = pytester.runpytest("--incar-url", renamed_server, "--incar-update-transcripts")
    updated.assert_outcomes(passed=1)
    rewritten = read_yaml(path)
    assert rewritten.turns[0].cards[0]["items"][0]["name"] == NEW_NAME
    assert rewritten == _replay_fresh(recorded, renamed_server, pytestconfig)
    pytester.runpytest("--incar-url", renamed_server).assert_outcomes(passed=1)
    # Every replay's sandbox is gone again.
    assert httpx.get(f"{renamed_server}/v1/sim/sandboxes").json() == []


@pytest.mark.server
def test_cli_records_what_record_answers(
    server: str, sandbox: httpx.Client, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session_id = _converse(sandbox)
    out = tmp_path / "chat.transcript.yaml"
    argv = ["transcript", "record", session_id, "--sandbox", _name(sandbox), "--url", server]
    assert incar_cli([*argv, "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"ok: {out}: 2 turn(s)\n"
    assert out.read_text(encoding="utf-8") == dump_yaml(record(server, _name(sandbox), session_id))

    assert incar_cli([*argv[:2], "chat-0099", *argv[3:], "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("incar: cannot record chat-0099: GET /v1/chat/sessions/chat-0099")
    assert "404 SESSION_NOT_FOUND: No session 'chat-0099'" in error
