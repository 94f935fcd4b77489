"""The grid index answers exactly what scanning every item answers, whatever the cell size."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from agents.travel.geo import KM_PER_DEG_LAT, GridIndex, haversine_km_raw
from agents.world.models import Coordinates


def _brute_along(
    points: list[tuple[float, float]], line: list[Coordinates], corridor_km: float
) -> list[tuple[float, float, int]]:
    """Every item against every segment: the least offset (first of equals) and its km along."""
    out = []
    for slot, (lat, lon) in enumerate(points):
        found: tuple[float, float] | None = None
        done = 0.0
        for a, b in itertools.pairwise(line):
            seg_km = haversine_km_raw(a.lat, a.lon, b.lat, b.lon)
            # `_project`'s arithmetic, with the offset as sqrt(dx² + dy²) like the index
            kx = KM_PER_DEG_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
            bx, by = (b.lon - a.lon) * kx, (b.lat - a.lat) * KM_PER_DEG_LAT
            px, py = (lon - a.lon) * kx, (lat - a.lat) * KM_PER_DEG_LAT
            seg2 = bx * bx + by * by
            t = 0.0 if seg2 == 0 else (px * bx + py * by) / seg2
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            dx, dy = px - t * bx, py - t * by
            d2 = dx * dx + dy * dy
            if d2 <= corridor_km * corridor_km and (found is None or math.sqrt(d2) < found[0]):
                found = (math.sqrt(d2), done + t * seg_km)
            done += seg_km
        if found is not None:
            out.append((found[1], found[0], slot))
    return sorted(out)


def _world(rng: random.Random, n: int, lat: float, lon: float) -> list[tuple[float, float]]:
    # Coordinates rounded to 0.01 degree: many items share a place (ties in every ordering).
    return [
        (round(lat + rng.gauss(0, 0.4), rng.choice((2, 5))), round(lon + rng.gauss(0, 0.4), 5))
        for _ in range(n)
    ]


@pytest.mark.parametrize("cell_deg", [0.03, 0.1, 0.25])
def test_along_and_its_lazy_form_match_brute_force(cell_deg: float) -> None:
    rng = random.Random(int(cell_deg * 1000))
    for lat, lon in ((31.2, 121.5), (-33.9, 151.2), (64.1, -21.9)):
        points = _world(rng, 600, lat, lon)
        grid: GridIndex[int] = GridIndex(cell_deg)
        for slot, (plat, plon) in enumerate(points):
            grid.add(Coordinates(lat=plat, lon=plon), slot)
        for corridor in (0.5, 5.0, 30.0):
            line = [
                Coordinates(lat=lat + rng.gauss(0, 0.4), lon=lon + rng.gauss(0, 0.4))
                for _ in range(rng.choice((2, 4, 9)))
            ]
            line.append(line[-2])  # the route doubles back over its last segment
            expected = _brute_along(points, line, corridor)
            got = [(along, offset, slot) for along, offset, slot in grid.along(line, corridor)]
            assert got == expected
            assert list(grid.along_lazily(line, corridor)) == grid.along(line, corridor)


def test_nearest_yields_what_near_lists_in_the_same_order() -> None:
    rng = random.Random(5)
    for lat, lon in ((31.2, 121.5), (0.0, 179.9), (88.5, 10.0)):
        grid: GridIndex[int] = GridIndex(0.1)
        for slot, (plat, plon) in enumerate(_world(rng, 1500, lat, lon)):
            grid.add(Coordinates(lat=max(-90, min(90, plat)), lon=min(180, plon)), slot)
        for radius in (0.5, 10, 60, 100):
            here = Coordinates(lat=lat, lon=lon)
            everything = grid.near(here, radius)
            assert list(grid.nearest(here, radius)) == everything
            # Scanning every item agrees too (nearest first, then in the order added).
            brute = sorted(
                (haversine_km_raw(lat, lon, c.lat, c.lon), slot)
                for c, slot in grid
                if haversine_km_raw(lat, lon, c.lat, c.lon) <= radius
            )
            assert [slot for _, slot in everything] == [slot for _, slot in brute]


def test_along_lazily_matches_on_awkward_lines() -> None:
    """Zero-length segments, many items tied behind the start (same place, same offset), a
    line folding back over itself, a single point: the lazy order is still `along`'s."""
    rng = random.Random(11)
    points = _world(rng, 800, 31.2, 121.5)
    points += [(31.25, 121.55)] * 30 + [(31.3, 121.62)] * 30  # ties in every ordering
    grid: GridIndex[int] = GridIndex(0.05)
    for slot, (plat, plon) in enumerate(points):
        grid.add(Coordinates(lat=plat, lon=plon), slot)
    start, turn, end = (
        Coordinates(lat=31.2, lon=121.5),
        Coordinates(lat=31.6, lon=121.1),
        Coordinates(lat=30.9, lon=121.9),
    )
    lines = [
        [start, start, turn],  # a zero-length segment first
        [start, turn, turn, end],
        [start, turn, start, turn],  # back and forth over the same road
        [turn, start],  # the cluster lies behind the start
        [start],
    ]
    for line in lines:
        for corridor in (0.0, 2.0, 25.0):
            expected = grid.along(line, corridor)
            assert list(grid.along_lazily(line, corridor)) == expected
            if len(line) > 1:
                brute = _brute_along(points, line, corridor)
                assert [(along, offset, slot) for along, offset, slot in expected] == brute


class _CountingCells(dict[tuple[int, int], list[tuple[float, float, int]]]):
    """A grid's cells that count how many buckets a scan reads."""

    reads = 0

    def __getitem__(self, key: tuple[int, int]) -> list[tuple[float, float, int]]:
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key: tuple[int, int], default: object = None) -> object:  # type: ignore[override]
        self.reads += 1
        return super().get(key, default)


def test_along_lazily_reads_only_the_cells_its_first_items_need() -> None:
    """A wide corridor along a long first segment through a dense area: the first items come
    out after reading the few cells near the start, not the whole segment's band."""
    rng = random.Random(3)
    grid: GridIndex[int] = GridIndex(0.05)
    for slot in range(6000):
        lat, lon = 31.2 + rng.uniform(-0.5, 0.5), 121.0 + rng.uniform(-0.5, 1.0)
        grid.add(Coordinates(lat=lat, lon=lon), slot)
    line = [Coordinates(lat=31.2, lon=121.5), Coordinates(lat=31.25, lon=121.0)]
    cells = _CountingCells(grid._cells)
    grid._cells = cells
    everything = grid.along(line, 40)
    read_all, cells.reads = cells.reads, 0
    lazily = grid.along_lazily(line, 40)
    first = [next(lazily) for _ in range(10)]
    assert first == everything[:10]
    assert first[0][0] == 0.0  # behind the start: the offset orders them
    assert cells.reads * 8 < read_all
