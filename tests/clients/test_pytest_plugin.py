"""The `incar` pytest plugin, run as a tester would: generated test modules in pytester.

The inner runs share one real server (the plugin's own, started once for this session) and
record the sandbox names their tests got into a file, so the outer test can check that each name
was unique and that the sandbox is gone from the admin listing afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpcore  # noqa: F401  (see below)
import httpx
import pytest
from incar_client import pytest_plugin
from incar_client.pytest_plugin import incar_url, new_sandbox_name

# httpcore is imported above so that pytester's in-process runs, which drop the modules they
# imported, cannot leave httpx mapping errors of a discarded httpcore copy for later tests.
pytest_plugins = ["pytester"]
pytestmark = pytest.mark.server

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")

RECORD = """
from pathlib import Path

def record(name):
    with Path({log!r}).open("a") as f:
        f.write(name + "\\n")
"""


@pytest.fixture(autouse=True)
def inner_runs_are_not_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The inner runs are one process of their own, even when this run has xdist workers."""
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)


@pytest.fixture(scope="module")
def server(pytestconfig: pytest.Config) -> str:
    return incar_url(pytestconfig)


@pytest.fixture
def admin(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server) as client:
        yield client


def live_sandboxes(admin: httpx.Client) -> set[str]:
    answer = admin.get("/v1/sim/sandboxes")
    assert answer.status_code == 200
    return {info["name"] for info in answer.json()}


def recorded(pytester: pytest.Pytester) -> list[str]:
    return (pytester.path / "names.log").read_text().split()


def write_module(pytester: pytest.Pytester, body: str) -> None:
    header = RECORD.format(log=str(pytester.path / "names.log"))
    pytester.makepyfile(test_inner="import pytest\n" + header + body)


def test_each_test_gets_its_own_sandbox_and_it_is_gone_afterwards(
    pytester: pytest.Pytester, server: str, admin: httpx.Client
) -> None:
    write_module(
        pytester,
        """
@pytest.mark.parametrize("n", [1, 2])
def test_patch(incar, n):
    record(incar.sandbox)
    assert incar.http.get("/v1/vehicles").status_code == 200
    assert incar.sandbox in {s.name for s in incar.sandboxes.list()}

def test_untouched(incar):
    record(incar.sandbox)
""",
    )
    result = pytester.runpytest("--incar-url", server)
    result.assert_outcomes(passed=3)
    names = recorded(pytester)
    assert len(set(names)) == 3
    assert [n.split("-main-")[0] for n in names] == [
        "test_patch-1",
        "test_patch-2",
        "test_untouched",
    ]
    assert all(NAME_PATTERN.match(n) for n in names)
    assert live_sandboxes(admin).isdisjoint(names)


def test_sandbox_is_deleted_when_the_test_fails(
    pytester: pytest.Pytester, server: str, admin: httpx.Client
) -> None:
    write_module(
        pytester,
        """
def test_fails(incar):
    record(incar.sandbox)
    incar.sim.clock(advance_s=60)
    assert False, "on purpose"
""",
    )
    result = pytester.runpytest("--incar-url", server)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: on purpose*"])
    [name] = recorded(pytester)
    assert name not in live_sandboxes(admin)


def test_markers_prepare_the_sandbox_scenario_then_clock(
    pytester: pytest.Pytester, server: str
) -> None:
    write_module(
        pytester,
        """
from datetime import datetime

@pytest.mark.incar_scenario("low-battery-expressway")
@pytest.mark.incar_clock("2026-07-01T09:30:00+08:00")
def test_both(incar):
    state = incar.sim.current()
    assert state.scenario == "low-battery-expressway"
    assert state.clock.now == datetime.fromisoformat("2026-07-01T09:30:00+08:00")

@pytest.mark.incar_clock("2030-01-01T00:00:00+00:00")
def test_clock_only(incar):
    state = incar.sim.current()
    assert state.scenario is None
    assert state.clock.now == datetime.fromisoformat("2030-01-01T08:00:00+08:00")

def test_none(incar):
    state = incar.sim.current()
    assert state.scenario is None
    assert state.clock.now == datetime.fromisoformat("2026-06-01T08:00:00+08:00")
""",
    )
    result = pytester.runpytest("--incar-url", server, "--strict-markers")
    result.assert_outcomes(passed=3)


def test_a_marker_without_one_string_fails_readably(
    pytester: pytest.Pytester, server: str, admin: httpx.Client
) -> None:
    write_module(
        pytester,
        """
@pytest.mark.incar_scenario()
def test_bad(incar):
    pass

@pytest.mark.incar_scenario("no-such-scenario")
def test_unknown(incar):
    pass
""",
    )
    result = pytester.runpytest("--incar-url", server)
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [
            "*@pytest.mark.incar_scenario takes one string, e.g. "
            "@pytest.mark.incar_scenario('low-battery-expressway'); got []*",
            "*NotFound*",
        ]
    )


def test_incar_async_works_under_anyio(
    pytester: pytest.Pytester, server: str, admin: httpx.Client
) -> None:
    write_module(
        pytester,
        """
@pytest.fixture
def anyio_backend():
    return "asyncio"

@pytest.mark.anyio
@pytest.mark.incar_scenario("low-battery-expressway")
async def test_async(incar_async):
    record(incar_async.sandbox)
    state = await incar_async.sim.current()
    assert state.scenario == "low-battery-expressway"
""",
    )
    result = pytester.runpytest("--incar-url", server)
    result.assert_outcomes(passed=1)
    [name] = recorded(pytester)
    assert name.startswith("test_async-main-")
    assert name not in live_sandboxes(admin)


def test_names_never_collide_across_workers(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    names: set[str] = set()
    for worker in ("gw0", "gw1"):
        config = pytester.parseconfigure()
        config.workerinput = {"workerid": worker}  # type: ignore[attr-defined]
        for _ in range(500):
            name = new_sandbox_name(config, "test_same[param]")
            assert re.fullmatch(rf"test_same-param-{worker}-\d+-[0-9a-f]{{8}}", name), name
            names.add(name)
    assert len(names) == 1000

    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw7")
    long = new_sandbox_name(pytester.parseconfigure(), "_tést ünïcode/" * 20)
    assert NAME_PATTERN.match(long)
    assert len(long) == 64
    assert re.fullmatch(
        r"t-st-n-code-_t-st-n-code-_t-st-n-code-_t-st-n-cod-gw7-1-[0-9a-f]{8}", long
    )
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    fallback = new_sandbox_name(pytester.parseconfigure(), "ü")
    assert re.fullmatch(r"test-main-1-[0-9a-f]{8}", fallback)


def test_two_xdist_workers_running_the_same_tests_never_share_a_sandbox(
    pytester: pytest.Pytester, server: str, admin: httpx.Client
) -> None:
    pytest.importorskip("xdist")
    write_module(
        pytester,
        """
def test_a(incar):
    record(incar.sandbox)
    incar.sim.clock(advance_s=1)

def test_b(incar):
    record(incar.sandbox)
    incar.sim.clock(advance_s=1)
""",
    )
    # --dist each: every test runs on both workers, the worst case for colliding names
    # the workers skip the heaviest unrelated plugins: their start-up is most of this test's time
    lean = ["-p", "no:schemathesis", "-p", "no:hypothesispytest", "-p", "no:typeguard"]
    result = pytester.runpytest("-n", "2", "--dist", "each", "--incar-url", server, *lean)
    result.assert_outcomes(passed=4)
    names = recorded(pytester)
    assert len(set(names)) == 4
    assert sorted(re.sub(r"-\d+-[0-9a-f]{8}$", "", n) for n in names) == [
        "test_a-gw0",
        "test_a-gw1",
        "test_b-gw0",
        "test_b-gw1",
    ]
    assert live_sandboxes(admin).isdisjoint(names)


def test_an_unreachable_server_fails_readably_and_once(pytester: pytest.Pytester) -> None:
    port = pytest_plugin._free_port()
    pytester.makepyfile(
        test_inner="""
def test_one(incar):
    pass

def test_two(incar):
    pass
"""
    )
    result = pytester.runpytest("--incar-url", f"http://127.0.0.1:{port}")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(
        [f"*incar: cannot reach the incar-sim server at http://127.0.0.1:{port} (from*"]
    )
    assert result.duration < 5


def test_without_a_url_the_plugin_starts_its_own_server_and_stops_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INCAR_URL", raising=False)
    pytester.makepyfile(
        test_inner=RECORD.format(log=str(pytester.path / "names.log"))
        + """
def test_uses_it(incar, incar_url):
    record(incar_url)
    assert incar.sim.current().clock.running is False
"""
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    [url] = recorded(pytester)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/healthz", timeout=1)


def test_a_server_that_cannot_start_fails_readably(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INCAR_URL", raising=False)
    monkeypatch.setenv("INCAR_SCENARIO", "no-such-scenario")
    pytester.makepyfile(test_inner="def test_one(incar):\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*incar: the incar-sim server exited with code 1 before answering; its output:*",
            "*incar: cannot start:*no-such-scenario*",
        ]
    )


def test_without_url_or_server_package_it_says_what_to_pass(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("INCAR_URL", raising=False)
    monkeypatch.setattr(pytest_plugin, "_server_package", lambda: None)
    pytester.makepyfile(test_inner="def test_one(incar):\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*incar: no server given: pass --incar-url URL or set INCAR_URL (the incar-sim*"]
    )
