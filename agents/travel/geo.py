"""Geometry on the WGS-84 sphere and a bucket grid index for "what is near here / along this line".

Distances are great-circle kilometres. Projections onto a polyline use a local equirectangular
approximation, which is accurate to well under 1 % at the few-hundred-kilometre scale of one
segment — plenty for corridors of a few kilometres.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from agents.world.models import Coordinates

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = math.pi * EARTH_RADIUS_KM / 180.0

T = TypeVar("T")


def haversine_km(a: Coordinates, b: Coordinates) -> float:
    return haversine_km_raw(a.lat, a.lon, b.lat, b.lon)


def haversine_km_raw(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine on bare floats: the hot loops avoid building Coordinates models."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bearing_deg(a: Coordinates, b: Coordinates) -> float:
    """Initial great-circle bearing from a to b, 0 = north, clockwise, in [0, 360)."""
    return bearing_deg_raw(a.lat, a.lon, b.lat, b.lon)


def bearing_deg_raw(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(x, y)) % 360.0


def interpolate(a: Coordinates, b: Coordinates, fraction: float) -> Coordinates:
    """The point `fraction` (0..1) of the way from a to b (linear in lat/lon: the segments of a
    road graph are short enough that the difference to the great circle is negligible)."""
    f = min(1.0, max(0.0, fraction))
    return Coordinates(lat=a.lat + (b.lat - a.lat) * f, lon=a.lon + (b.lon - a.lon) * f)


def _project(
    plat: float, plon: float, alat: float, alon: float, blat: float, blon: float
) -> tuple[float, float]:
    """Project point p onto segment a-b: (fraction along the segment 0..1, offset in km)."""
    kx = KM_PER_DEG_LAT * math.cos(math.radians((alat + blat) / 2))
    bx, by = (blon - alon) * kx, (blat - alat) * KM_PER_DEG_LAT
    px, py = (plon - alon) * kx, (plat - alat) * KM_PER_DEG_LAT
    seg2 = bx * bx + by * by
    t = 0.0 if seg2 == 0 else max(0.0, min(1.0, (px * bx + py * by) / seg2))
    dx, dy = px - t * bx, py - t * by
    return t, math.hypot(dx, dy)


class GridIndex(Generic[T]):
    """Items bucketed by a lat/lon grid of `cell_deg` degrees.

    A query only visits the cells a circle (or a corridor around a polyline) can touch, so the
    cost depends on the local density, not on the total number of items.
    """

    def __init__(self, cell_deg: float = 0.1) -> None:
        if cell_deg <= 0:
            raise ValueError("cell_deg must be positive")
        self.cell_deg = cell_deg
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._lat: list[float] = []
        self._lon: list[float] = []
        self._items: list[T] = []

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[Coordinates, T]]:
        for lat, lon, item in zip(self._lat, self._lon, self._items, strict=True):
            yield Coordinates(lat=lat, lon=lon), item

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.cell_deg), math.floor(lon / self.cell_deg)

    def add(self, coords: Coordinates, item: T) -> None:
        slot = len(self._items)
        self._lat.append(coords.lat)
        self._lon.append(coords.lon)
        self._items.append(item)
        self._cells.setdefault(self._cell(coords.lat, coords.lon), []).append(slot)

    def _cells_around(self, lat: float, lon: float, radius_km: float) -> Iterator[list[int]]:
        dlat = radius_km / KM_PER_DEG_LAT
        coslat = max(0.01, math.cos(math.radians(min(89.0, abs(lat) + dlat))))
        dlon = radius_km / (KM_PER_DEG_LAT * coslat)
        r0, c0 = self._cell(lat - dlat, lon - dlon)
        r1, c1 = self._cell(lat + dlat, lon + dlon)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                bucket = self._cells.get((r, c))
                if bucket:
                    yield bucket

    def near(self, coords: Coordinates, radius_km: float) -> list[tuple[float, T]]:
        """Items within `radius_km` of `coords`, nearest first, with their distance in km."""
        lat, lon = coords.lat, coords.lon
        found: list[tuple[float, int]] = []
        for bucket in self._cells_around(lat, lon, radius_km):
            for slot in bucket:
                d = haversine_km_raw(lat, lon, self._lat[slot], self._lon[slot])
                if d <= radius_km:
                    found.append((d, slot))
        found.sort()
        return [(d, self._items[slot]) for d, slot in found]

    def along(
        self, polyline: Sequence[Coordinates], corridor_km: float
    ) -> list[tuple[float, float, T]]:
        """Items within `corridor_km` of the polyline, as (km along the line to the item's
        projection, offset from the line in km, item), ordered by distance along."""
        if not polyline:
            return []
        if len(polyline) == 1:
            return [(0.0, d, item) for d, item in self.near(polyline[0], corridor_km)]
        best: dict[int, tuple[float, float]] = {}  # slot -> (offset, along)
        done_km = 0.0
        # Sample each segment at about half a cell so the visited cells hug the corridor
        # instead of covering the segment's whole bounding box.
        step_km = max(0.5, self.cell_deg * KM_PER_DEG_LAT / 2)
        for a, b in itertools.pairwise(polyline):
            seg_km = haversine_km_raw(a.lat, a.lon, b.lat, b.lon)
            samples = max(1, math.ceil(seg_km / step_km))
            seen: set[int] = set()
            reach_km = corridor_km + seg_km / samples / 2
            for i in range(samples + 1):
                f = i / samples
                lat = a.lat + (b.lat - a.lat) * f
                lon = a.lon + (b.lon - a.lon) * f
                for bucket in self._cells_around(lat, lon, reach_km):
                    seen.update(bucket)
            # The projection of `_project`, inlined with the segment's constants hoisted: this
            # loop runs once per item near the route, tens of thousands of times in dense areas.
            kx = KM_PER_DEG_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
            bx, by = (b.lon - a.lon) * kx, (b.lat - a.lat) * KM_PER_DEG_LAT
            seg2 = bx * bx + by * by
            lats, lons = self._lat, self._lon
            limit2 = corridor_km * corridor_km
            for slot in seen:
                px = (lons[slot] - a.lon) * kx
                py = (lats[slot] - a.lat) * KM_PER_DEG_LAT
                t = 0.0 if seg2 == 0 else (px * bx + py * by) / seg2
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                dx, dy = px - t * bx, py - t * by
                d2 = dx * dx + dy * dy
                if d2 > limit2:
                    continue
                offset = math.sqrt(d2)
                previous = best.get(slot)
                if previous is None or offset < previous[0]:
                    best[slot] = (offset, done_km + t * seg_km)
            done_km += seg_km
        out = [(along, offset, self._items[slot]) for slot, (offset, along) in best.items()]
        out.sort(key=lambda row: (row[0], row[1]))
        return out
