"""The fuzz gate: schemathesis over every operation of the in-process app's /openapi.json.

All checks, a bounded and derandomized number of examples per operation, so CI is stable and fast:
about 2,200 generated (fuzzing) cases plus 2,500 coverage and 90 example cases, in about 30 s of
CPU. The module checks at its end that it ran at least MIN_GENERATED_CASES.
A failure here means the document and the service disagree: fix the cause (document the answer,
or state the rule in the schema) rather than adding a deviation below.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import schemathesis
from schemathesis import APIOperation, Case, CheckFunction
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    positive_data_acceptance,
)
from schemathesis.specs.openapi.schemas import OpenApiSchema

from agents.catalog import load_catalog
from agents.faults import FaultConfig
from app.main import create_app
from app.runtime import Runtime
from app.settings import DEFAULT_FIXTURES, Settings

pytestmark = [
    pytest.mark.fuzz,
    # Under xdist schemathesis runs one operation, not all: `make test` runs this gate serially.
    pytest.mark.skipif(
        bool(os.environ.get("PYTEST_XDIST_WORKER")),
        reason="the fuzz gate runs serially (make test: pytest -m fuzz)",
    ),
]

SANDBOX = "fuzz"
# Hypothesis stops early on operations with few distinct inputs, so this yields ~40 per operation.
EXAMPLES_PER_OPERATION = 50
MIN_GENERATED_CASES = 2000

# Valid requests may still be refused by the car's state: asleep (408) or lacking the feature
# (501), like the 409s schemathesis already expects. No schema can state a car's state.
POSITIVE_DATA_STATUSES = ["2xx", "3xx", "401", "403", "404", "408", "409", "429", "501", "5xx"]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20260601,
        "headers": {"X-Sandbox": SANDBOX},
        # A hang fails the case instead of the CI job.
        "request-timeout": 10,
        "generation": {
            "max-examples": EXAMPLES_PER_OPERATION,
            "deterministic": True,
            "database": "none",
            # Unknown headers and query parameters are ignored, as HTTP servers do (proxies and
            # browsers add their own); only the declared ones are held to their schemas.
            "allow-extra-parameters": False,
        },
        "phases": {"stateful": {"enabled": False}},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": POSITIVE_DATA_STATUSES},
            # 501 NOT_CAPABLE is the documented answer for a feature the model lacks (a cabin
            # control on a car without it), not a server fault.
            "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "501"]},
        },
        "operations": [
            {
                # Telemetry never ends unless `max_frames`; its first frame is sent at once, so
                # one event is enough to check the stream's shape.
                "include-path": "/v1/vehicles/{vehicle_id}/telemetry",
                "max-stream-events": 1,
            },
            {
                # The document is a whole sandbox (cars, trips, sessions...): the coverage
                # phase would send some 4,000 variants of it and each generated one takes
                # about 2 s to make, so two are enough here; tests/app/test_export_import.py
                # covers bad documents one by one.
                "include-path": "/v1/sim/sandboxes/{name}/import",
                "phases": {"coverage": {"enabled": False}},
                "generation": {"max-examples": 2},
            },
        ],
    }
)

SETTINGS = Settings(stream_first_token_ms=0, stream_chars_per_s=0, fault_timeout_s=0.05)
APP = create_app(SETTINGS, load_catalog(DEFAULT_FIXTURES))
RUNTIME: Runtime = APP.state.runtime

Fuzzed = Case[APIOperation[Any, Any, Any, Any]]
schema: OpenApiSchema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG)


# -- intended deviations: rules between values, which JSON Schema and OpenAPI cannot state ------


def _mixes_point_and_trip(case: Fuzzed) -> bool:
    """`lat` and `lon` go together, and not with `trip_id`: a rule across query parameters."""
    given = {name for name in ("lat", "lon", "trip_id") if (case.query or {}).get(name) is not None}
    return given not in ({"lat", "lon"}, {"trip_id"})


def _key_window_reversed(case: Fuzzed) -> bool:
    """`valid_until` must come after `valid_from`: an order between two fields."""
    body: Any = case.body
    try:
        start = datetime.fromisoformat(body["valid_from"])
        end = datetime.fromisoformat(body["valid_until"])
        return end <= start
    except (TypeError, KeyError, ValueError):
        return False


def _outside_sim_clock_range(case: Fuzzed) -> bool:
    """Times must lie in the sim clock's range (2000-2100, documented on each field): a range of
    instants, which JSON Schema's `date-time` format cannot bound."""
    values = [*(case.query or {}).values()]
    if isinstance(case.body, dict):
        values += case.body.values()
    for value in values:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            continue
        if not 2000 <= moment.year <= 2100:
            return True
    return False


def _names_another_sandbox(case: Fuzzed) -> bool:
    """A compat body's `sandbox` may only repeat the one `X-Sandbox` names: a rule between the
    body and a header."""
    body: Any = case.body
    return isinstance(body, dict) and body.get("sandbox") not in (None, SANDBOX)


def _restores_a_sandbox(case: Fuzzed) -> bool:
    """An imported document must be this server's own data: ids naming its cars and scenarios,
    counters ahead of ids, its caps, and the rules between fields of the models it restores (a
    vegan dish is vegetarian too): rules between values and the server's fixtures."""
    return True


Deviation = tuple[Callable[[Fuzzed], bool], list[CheckFunction]]
DEVIATIONS: dict[str, Deviation] = {
    "GET /v1/chargers": (_mixes_point_and_trip, [positive_data_acceptance]),
    "GET /v1/dining/search": (_mixes_point_and_trip, [positive_data_acceptance]),
    "POST /v1/vehicles/{vehicle_id}/keys": (_key_window_reversed, [positive_data_acceptance]),
    "POST /compatible-mode/v1/chat/completions": (
        _names_another_sandbox,
        [positive_data_acceptance],
    ),
    "PUT /v1/sim/sandboxes/{name}/import": (_restores_a_sandbox, [positive_data_acceptance]),
    # `GET /v1/trips/plan` is `GET /v1/trips/{trip_id}` for the trip "plan" (a 404), so the 405
    # to other methods rightly allows GET, which this path's item doesn't list.
    "POST /v1/trips/plan": (lambda case: True, [allow_header_conformance]),
}


def _excluded(case: Fuzzed) -> list[CheckFunction]:
    label = case.operation.label
    excluded: list[CheckFunction] = []
    if _outside_sim_clock_range(case):
        excluded.append(positive_data_acceptance)
    deviation = DEVIATIONS.get(label)
    if deviation is not None and deviation[0](case):
        excluded += deviation[1]
    return excluded


PACING_HEADERS = ("X-Sim-First-Token-Ms", "X-Sim-Chars-Per-S")


def _at_full_speed(case: Fuzzed) -> None:
    """Streamed answers unpaced: the gate checks their shape, not their pacing (a valid 60 s
    first-token delay would only slow it down). Headers generated to be invalid stay as they are,
    so their refusal is still checked."""
    headers = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    if case.headers is None or (headers is not None and headers.mode.is_negative):
        return
    for name in PACING_HEADERS:
        if name in case.headers:
            case.headers[name] = "0"


def _in_the_gates_sandbox(case: Fuzzed) -> None:
    """`?sandbox=` (documented on GET streams for `EventSource`) must agree with `X-Sandbox`: a
    rule between a query parameter and a header. A valid generated name becomes the gate's own,
    so every case runs in one sandbox (and the sandbox cap is never the answer); an invalid one
    stays, so its refusal is still checked."""
    query = case.meta.components.get(ParameterLocation.QUERY) if case.meta else None
    if case.query and "sandbox" in case.query and not (query and query.mode.is_negative):
        case.query["sandbox"] = SANDBOX


# Cases run, by phase (coverage, examples, fuzzing), and the operations they were for.
CASES: Counter[str] = Counter()
OPERATIONS_RUN: set[str] = set()


@pytest.fixture(scope="module", autouse=True)
def enough_cases() -> Iterator[None]:
    """After the whole gate ran (not a `-k` selection of it), it generated enough cases."""
    yield
    operations = sum(1 for _ in schema.get_all_operations())
    by_phase = {str(phase): count for phase, count in CASES.items()}
    print(f"\nfuzz gate: {by_phase} cases over {len(OPERATIONS_RUN)} operations")
    if len(OPERATIONS_RUN) == operations:
        assert CASES[TestPhase.FUZZING] >= MIN_GENERATED_CASES


@schema.parametrize()
def test_the_document_is_true(case: Fuzzed) -> None:
    CASES[case.meta.phase.name if case.meta else "explicit"] += 1
    OPERATIONS_RUN.add(case.operation.label)
    _at_full_speed(case)
    _in_the_gates_sandbox(case)
    try:
        case.call_and_validate(excluded_checks=_excluded(case))
    finally:
        # A generated PUT /v1/sim/faults may install latency or 500s for every later request.
        RUNTIME.sandboxes.get(SANDBOX).faults.config = FaultConfig()
