"""TripBook keeps at most `max_trips`: finished trips go first, then planned ones, else 429."""

from __future__ import annotations

import pytest

from agents.catalog import Catalog
from agents.errors import ErrorKind
from agents.limits import SandboxLimits, TripLimit
from agents.sandbox import Sandbox
from agents.travel.trips import Trip, TripNotFound, TripPlanRequest, TripStatus

REQUEST = TripPlanRequest(
    vehicle_id="ix3-shanghai", destination="杭州", start_soc_pct=100, plan_meals=False
)


@pytest.fixture
def sandbox(catalog: Catalog) -> Sandbox:
    return catalog.new_sandbox(None, SandboxLimits(max_trips=3))


def plan(sandbox: Sandbox, catalog: Catalog, replanned_from: str | None = None) -> Trip:
    return sandbox.trips.plan(
        sandbox.world, catalog.travel, REQUEST, None, replanned_from=replanned_from
    )


def ids(sandbox: Sandbox) -> list[str]:
    return [t.trip_id for t in sandbox.trips.list()]


def test_a_full_book_drops_the_oldest_finished_trip_first(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    first, second, third = (plan(sandbox, catalog) for _ in range(3))
    second.status = TripStatus.ARRIVED
    third.status = TripStatus.CANCELLED
    assert plan(sandbox, catalog).trip_id == "trip-0004"
    # trip-0001 is older but only planned: the oldest finished one (trip-0002) went.
    assert ids(sandbox) == ["trip-0001", "trip-0003", "trip-0004"]
    assert plan(sandbox, catalog).trip_id == "trip-0005"
    assert ids(sandbox) == ["trip-0001", "trip-0004", "trip-0005"]
    assert first.status is TripStatus.PLANNED


def test_without_finished_trips_the_oldest_planned_one_goes(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    trips = [plan(sandbox, catalog) for _ in range(3)]
    trips[0].status = TripStatus.ACTIVE
    plan(sandbox, catalog)
    assert ids(sandbox) == ["trip-0001", "trip-0003", "trip-0004"]


def test_all_active_is_a_429_that_changes_nothing(sandbox: Sandbox, catalog: Catalog) -> None:
    for trip in [plan(sandbox, catalog) for _ in range(3)]:
        trip.status = TripStatus.ACTIVE
    with pytest.raises(TripLimit) as full:
        plan(sandbox, catalog)
    error = full.value
    assert (error.kind, error.code) == (ErrorKind.LIMIT, "TRIP_LIMIT")
    assert error.message.en == "Too many trips under way in this sandbox."
    assert error.message.zh == "行程数量已达上限，且都在进行中。"
    assert error.hint == (
        "The cap is 3 (setting INCAR_MAX_TRIPS). Finished and planned trips make room by "
        "themselves, but every trip kept is under way: let one arrive (advance the sim clock) "
        "or POST /v1/sim/reset."
    )
    assert ids(sandbox) == ["trip-0001", "trip-0002", "trip-0003"]
    sandbox.trips.get("trip-0002").status = TripStatus.ARRIVED
    assert plan(sandbox, catalog).trip_id == "trip-0004"  # the refused plan took no id


def test_the_trip_being_replanned_is_never_the_one_dropped(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    for _ in range(3):
        plan(sandbox, catalog)
    replaced = sandbox.trips.replan(sandbox.world, catalog.travel, "trip-0001", None)
    assert replaced.trip_id == "trip-0004"
    assert ids(sandbox) == ["trip-0001", "trip-0003", "trip-0004"]
    old = sandbox.trips.get("trip-0001")
    assert (old.status, old.replaced_by) == (TripStatus.SUPERSEDED, "trip-0004")


def test_a_dropped_trip_is_not_found_with_a_hint_saying_why(
    sandbox: Sandbox, catalog: Catalog
) -> None:
    for _ in range(4):
        plan(sandbox, catalog)
    with pytest.raises(TripNotFound) as dropped:
        sandbox.trips.get("trip-0001")
    assert dropped.value.hint == (
        "trip-0001 was dropped to keep this sandbox within its trip cap (INCAR_MAX_TRIPS); "
        "plan it again. Known trip ids: trip-0002, trip-0003, trip-0004"
    )
    with pytest.raises(TripNotFound) as never:
        sandbox.trips.get("trip-0009")
    assert never.value.hint == "Known trip ids: trip-0002, trip-0003, trip-0004"
