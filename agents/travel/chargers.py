"""Charging stations: the fixture model, time-of-use pricing, simulated availability and search.

Availability is a pure function of (charger, sim time): a daily occupancy profile by hour scaled
by a stable per-station factor, plus a per-hour jitter, all derived from SHA-256 of the ids — so
the same moment always shows the same free stalls, and 03:00 differs from 18:00.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from agents.fixtures import FixtureError, FixtureProblem
from agents.text import Bilingual
from agents.travel.geo import CellFilter, GridIndex
from agents.world.models import Connector, Coordinates, Model

CHINA_TZ = timezone(timedelta(hours=8))
DC_CONNECTORS = frozenset({Connector.GBT_DC, Connector.CCS2})

TouPeriod = Literal["peak", "flat", "valley"]


class TouRates(Model):
    """CNY per kWh in each time-of-use period."""

    peak: float = Field(ge=0, le=10)
    flat: float = Field(ge=0, le=10)
    valley: float = Field(ge=0, le=10)

    def at(self, period: TouPeriod) -> float:
        return {"peak": self.peak, "flat": self.flat, "valley": self.valley}[period]


class TouSpan(Model):
    start_hour: int = Field(ge=0, le=23)
    end_hour: int = Field(ge=1, le=24)
    period: TouPeriod


class Tariff(Model):
    """A grid's time-of-use electricity tariff (local time, +08:00)."""

    id: str
    name: Bilingual
    electricity_cny_per_kwh: TouRates
    periods: list[TouSpan] = Field(min_length=1)

    @model_validator(mode="after")
    def _covers_the_day(self) -> Tariff:
        hour = 0
        for span in self.periods:
            if span.start_hour != hour or span.end_hour <= span.start_hour:
                raise ValueError(f"periods must cover 0-24 h in order; gap or overlap at {hour}:00")
            hour = span.end_hour
        if hour != 24:
            raise ValueError("periods must end at 24")
        return self

    def period_at(self, at: datetime) -> TouPeriod:
        hour = at.astimezone(CHINA_TZ).hour
        return next(s.period for s in self.periods if s.start_hour <= hour < s.end_hour)


class Operator(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    name: Bilingual


class Amenity(StrEnum):
    RESTROOM = "restroom"
    CONVENIENCE_STORE = "convenience_store"
    RESTAURANT = "restaurant"
    COFFEE = "coffee"
    WIFI = "wifi"
    LOUNGE = "lounge"
    HOTEL = "hotel"


class Outlet(Model):
    connector: Connector
    power_kw: float = Field(gt=0, le=800)
    stalls: int = Field(ge=1, le=100)


class Charger(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,80}$")
    name: Bilingual
    operator: str
    coordinates: Coordinates
    place_id: str | None = Field(default=None, description="The road-graph place it belongs to")
    outlets: list[Outlet] = Field(min_length=1)
    tariff: str = Field(description="Id of the grid's time-of-use tariff")
    service_fee_cny_per_kwh: TouRates
    amenities: list[Amenity] = Field(default_factory=list)

    def max_power_kw(self, connectors: Iterable[Connector] | None = None) -> float:
        allowed = None if connectors is None else set(connectors)
        powers = [o.power_kw for o in self.outlets if allowed is None or o.connector in allowed]
        return max(powers, default=0.0)


class ChargerCatalog(Model):
    """The chargers.json file."""

    operators: list[Operator]
    tariffs: list[Tariff]
    chargers: list[Charger]


# Share of stalls in use by hour of day (local time): quiet nights, a lunch bump, evening peak.
OCCUPANCY_BY_HOUR: tuple[float, ...] = (
    0.10, 0.06, 0.04, 0.03, 0.03, 0.05, 0.10, 0.20, 0.32, 0.40, 0.45, 0.50,
    0.58, 0.50, 0.45, 0.45, 0.50, 0.60, 0.68, 0.64, 0.52, 0.38, 0.25, 0.15,
)  # fmt: skip


def _unit_hash(*parts: str) -> float:
    """A stable number in [0, 1) for the given strings."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class OutletAvailability(Model):
    connector: Connector
    power_kw: float
    stalls: int
    available: int


def outlet_availability(charger: Charger, at: datetime) -> list[OutletAvailability]:
    """Free stalls per outlet group at `at` (deterministic, hourly resolution)."""
    return [
        OutletAvailability(
            connector=outlet.connector,
            power_kw=outlet.power_kw,
            stalls=outlet.stalls,
            available=outlet.stalls - in_use,
        )
        for outlet, in_use in zip(charger.outlets, _Hour(at).in_use(charger), strict=True)
    ]


class _Hour:
    """The local hour the simulated availability is drawn for: worked out once for a search
    that looks at many chargers."""

    __slots__ = ("occupancy", "stamp")

    def __init__(self, at: datetime) -> None:
        local = at.astimezone(CHINA_TZ)
        self.stamp = local.strftime("%Y-%m-%dT%H")
        self.occupancy = OCCUPANCY_BY_HOUR[local.hour]

    def in_use(self, charger: Charger) -> list[int]:
        """Stalls in use at each of the charger's outlet groups."""
        popularity = 0.6 + 0.8 * _unit_hash(charger.id)  # some stations are always busier
        busy_share = min(1.0, self.occupancy * popularity)
        stamp = self.stamp
        return [
            min(o.stalls, math.floor(o.stalls * busy_share + _unit_hash(charger.id, str(i), stamp)))
            for i, o in enumerate(charger.outlets)
        ]


class Price(Model):
    period: TouPeriod
    electricity_cny_per_kwh: float
    service_fee_cny_per_kwh: float
    total_cny_per_kwh: float


@dataclass(frozen=True)
class ChargerIndex:
    """Chargers in a spatial grid, with their tariffs and operators."""

    grid: GridIndex[Charger]
    by_id: dict[str, Charger]
    tariffs: dict[str, Tariff]
    operators: dict[str, Operator]

    # For each set of DC connectors a car can use, every charger's most powerful outlet among
    # them (None without one), by grid position (the order the chargers were indexed): the
    # planner reads it for every charger near a route, so it is worked out once, here.
    dc_outlets: dict[frozenset[Connector], list[Outlet | None]]
    # Grid cell -> the most powerful outlet of each connector in it: a search whose filters no
    # charger of a cell can pass skips the cell (a search that matches nothing stays fast).
    cell_power: dict[tuple[int, int], dict[Connector, float]]

    def cells_without(
        self, connectors: frozenset[Connector] | None, min_power_kw: float
    ) -> CellFilter | None:
        """The cells no charger with an outlet of `connectors` (None: any) and at least
        `min_power_kw` lies in, as a filter for the grid's searches (None: every cell may)."""
        cell_power = self.cell_power
        if connectors is None and min_power_kw <= 0:
            return None  # every charger passes

        def skip(cell: tuple[int, int]) -> bool:
            powers = cell_power.get(cell)
            if powers is None:
                return True  # no charger there
            return not any(
                kw >= min_power_kw
                for connector, kw in powers.items()
                if connectors is None or connector in connectors
            )

        return skip

    def price_at(self, charger: Charger, at: datetime) -> Price:
        return self.price_in(charger, self.tariffs[charger.tariff].period_at(at))

    def price_in(self, charger: Charger, period: TouPeriod) -> Price:
        """The price at the charger in a time-of-use period of its tariff."""
        tariff = self.tariffs[charger.tariff]
        electricity = tariff.electricity_cny_per_kwh.at(period)
        service = charger.service_fee_cny_per_kwh.at(period)
        return Price(
            period=period,
            electricity_cny_per_kwh=electricity,
            service_fee_cny_per_kwh=service,
            total_cny_per_kwh=round(electricity + service, 2),
        )

    def operator_name(self, charger: Charger) -> Bilingual:
        known = self.operators.get(charger.operator)
        return known.name if known else Bilingual(zh=charger.operator, en=charger.operator)


def best_outlet(charger: Charger, usable: frozenset[Connector]) -> Outlet | None:
    """The most powerful outlet with a usable connector; the first of equals."""
    best: Outlet | None = None
    for outlet in charger.outlets:
        if outlet.connector in usable and (best is None or outlet.power_kw > best.power_kw):
            best = outlet
    return best


def _dc_outlets(chargers: Iterable[Charger]) -> dict[frozenset[Connector], list[Outlet | None]]:
    dc = sorted(DC_CONNECTORS)
    usable_sets = [
        frozenset(chosen) for n in range(1, len(dc) + 1) for chosen in itertools.combinations(dc, n)
    ]
    return {usable: [best_outlet(c, usable) for c in chargers] for usable in usable_sets}


def build_charger_index(
    chargers: Iterable[Charger],
    tariffs: Sequence[Tariff],
    operators: Sequence[Operator] = (),
    *,
    # About 5.5 km: a 5 km corridor then reads a band of cells ~17 km wide instead of ~25 km
    # (measured on 50,000 chargers along Shanghai-Beijing: the plan's corridor scan -25 %).
    cell_deg: float = 0.05,
    source: str = "chargers.json",
) -> ChargerIndex:
    """Index chargers (fixtures or a synthetic world); every charger's tariff must exist."""
    tariff_by_id = {t.id: t for t in tariffs}
    grid: GridIndex[Charger] = GridIndex(cell_deg)
    by_id: dict[str, Charger] = {}
    problems: list[FixtureProblem] = []
    indexed: list[Charger] = []  # in grid position order
    cell_power: dict[tuple[int, int], dict[Connector, float]] = {}
    for i, charger in enumerate(chargers):
        if charger.id in by_id:
            problems.append(
                FixtureProblem(source, f"$.chargers[{i}].id", f"duplicate id {charger.id!r}")
            )
        if charger.tariff not in tariff_by_id:
            problems.append(
                FixtureProblem(
                    source, f"$.chargers[{i}].tariff", f"unknown tariff {charger.tariff!r}"
                )
            )
        by_id[charger.id] = charger
        grid.add(charger.coordinates, charger)
        indexed.append(charger)
        powers = cell_power.setdefault(grid.cell_of(charger.coordinates), {})
        for outlet in charger.outlets:
            if outlet.power_kw > powers.get(outlet.connector, 0.0):
                powers[outlet.connector] = outlet.power_kw
    if problems:
        raise FixtureError(problems)
    operator_by_id = {o.id: o for o in operators}
    return ChargerIndex(grid, by_id, tariff_by_id, operator_by_id, _dc_outlets(indexed), cell_power)


class ChargerMatch(Model):
    charger: Charger
    operator_name: Bilingual
    distance_km: float = Field(description="From `near`, or along the route for `along` searches")
    offset_km: float | None = Field(
        default=None, description="Off the route line, for `along` searches"
    )
    max_power_kw: float = Field(description="Best matching outlet")
    available_stalls: int = Field(description="Free matching stalls at the requested time")
    total_stalls: int
    price: Price


def search_chargers(
    index: ChargerIndex,
    *,
    near: Coordinates | None = None,
    radius_km: float = 10.0,
    along: Sequence[Coordinates] | None = None,
    corridor_km: float = 5.0,
    min_power_kw: float = 0.0,
    connector: Connector | Iterable[Connector] | None = None,
    at: datetime,
    limit: int | None = None,
) -> list[ChargerMatch]:
    """Chargers near a point (nearest first) or along a route geometry (in route order), with
    the stalls free and the price in force at `at`. Exactly one of `near`/`along` is required."""
    if (near is None) == (along is None):
        raise ValueError("give exactly one of near= or along=")
    if isinstance(connector, Connector):
        wanted: frozenset[Connector] | None = frozenset({connector})
    else:
        wanted = None if connector is None else frozenset(connector)
    skip = index.cells_without(wanted, min_power_kw)
    hits: Iterable[tuple[float, float | None, Charger]]
    if near is not None:
        # Lazily nearest first: a wide radius in a dense city stops reading at `limit`.
        hits = ((d, None, c) for d, c in index.grid.nearest(near, radius_km, skip))
    else:
        assert along is not None
        hits = index.grid.along_lazily(along, corridor_km, skip)
    matches: list[ChargerMatch] = []
    # The hour and each tariff's period at `at`, once: a wide search looks at many chargers.
    hour = _Hour(at)
    periods: dict[str, TouPeriod] = {}
    for distance, offset, charger in hits:
        chosen = [
            i
            for i, o in enumerate(charger.outlets)
            if (wanted is None or o.connector in wanted) and o.power_kw >= min_power_kw
        ]
        if not chosen:
            continue
        period = periods.get(charger.tariff)
        if period is None:
            period = periods[charger.tariff] = index.tariffs[charger.tariff].period_at(at)
        in_use = hour.in_use(charger)
        stalls = sum(charger.outlets[i].stalls for i in chosen)
        matches.append(
            ChargerMatch(
                charger=charger,
                operator_name=index.operator_name(charger),
                distance_km=round(distance, 2),
                offset_km=None if offset is None else round(offset, 2),
                max_power_kw=max(charger.outlets[i].power_kw for i in chosen),
                available_stalls=stalls - sum(in_use[i] for i in chosen),
                total_stalls=stalls,
                price=index.price_in(charger, period),
            )
        )
        if limit is not None and len(matches) >= limit:
            break
    return matches
