"""Geometry on the WGS-84 sphere and a bucket grid index for "what is near here / along this line".

Distances are great-circle kilometres. Projections onto a polyline use a local equirectangular
approximation, which is accurate to well under 1 % at the few-hundred-kilometre scale of one
segment — plenty for corridors of a few kilometres.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from agents.world.models import Coordinates

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEG_LAT = math.pi * EARTH_RADIUS_KM / 180.0

T = TypeVar("T")
# (min lat, min lon, max lat, max lon, least km per degree of longitude) of part of a route
_Box = tuple[float, float, float, float, float]
# Given a cell's (row, column): True when none of its items can be wanted, so it is not read.
CellFilter = Callable[[tuple[int, int]], bool]


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
        # Each cell holds its items' (lat, lon, slot): the scans read a cell's points in one
        # go instead of looking each coordinate up by slot.
        self._cells: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
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
        point = (coords.lat, coords.lon, slot)
        self._cells.setdefault(self._cell(coords.lat, coords.lon), []).append(point)

    def _box_around(self, lat: float, lon: float, radius_km: float) -> tuple[int, int, int, int]:
        """(first row, first column, last row, last column) of the cells a circle can touch."""
        dlat = radius_km / KM_PER_DEG_LAT
        coslat = max(0.01, math.cos(math.radians(min(89.0, abs(lat) + dlat))))
        dlon = radius_km / (KM_PER_DEG_LAT * coslat)
        r0, c0 = self._cell(lat - dlat, lon - dlon)
        r1, c1 = self._cell(lat + dlat, lon + dlon)
        return r0, c0, r1, c1

    def _cells_around(
        self, lat: float, lon: float, radius_km: float
    ) -> Iterator[list[tuple[float, float, int]]]:
        r0, c0, r1, c1 = self._box_around(lat, lon, radius_km)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                bucket = self._cells.get((r, c))
                if bucket:
                    yield bucket

    def near(self, coords: Coordinates, radius_km: float) -> list[tuple[float, T]]:
        """Items within `radius_km` of `coords`, nearest first, with their distance in km."""
        items = self._items
        return [(d, items[slot]) for d, slot in self._near_slots(coords, radius_km)]

    def _near_slots(self, coords: Coordinates, radius_km: float) -> list[tuple[float, int]]:
        lat, lon = coords.lat, coords.lon
        found: list[tuple[float, int]] = []
        for bucket in self._cells_around(lat, lon, radius_km):
            for item_lat, item_lon, slot in bucket:
                d = haversine_km_raw(lat, lon, item_lat, item_lon)
                if d <= radius_km:
                    found.append((d, slot))
        found.sort()
        return found

    def cell_of(self, coords: Coordinates) -> tuple[int, int]:
        """The (row, column) of the cell a point falls in."""
        return self._cell(coords.lat, coords.lon)

    def item(self, position: int) -> T:
        """The item added `position`-th (0 first)."""
        return self._items[position]

    def nearest(
        self, coords: Coordinates, radius_km: float, skip: CellFilter | None = None
    ) -> Iterator[tuple[float, T]]:
        """What `near` answers, in the same order, but lazily: the cells are visited in rings
        around the point and an item is yielded as soon as nothing unvisited can be nearer, so
        a caller that wants the first few of a wide radius in a dense area reads few cells.
        Cells `skip` names (by row and column, see `cell_of`) are left out: a caller whose
        filter nothing in them can pass need not read them."""
        lat, lon = coords.lat, coords.lon
        row0, col0, row1, col1 = self._box_around(lat, lon, radius_km)
        centre_row, centre_col = self._cell(lat, lon)
        cell, cells = self.cell_deg, self._cells
        cos_lat = math.cos(math.radians(lat))
        pending: list[tuple[float, int]] = []  # heap of (distance, slot), like near()'s sort
        rings = max(centre_row - row0, row1 - centre_row, centre_col - col0, col1 - centre_col, 0)
        for k in range(rings + 1):
            for row, col in _ring(centre_row, centre_col, k):
                if row0 <= row <= row1 and col0 <= col <= col1:
                    if skip is not None and skip((row, col)):
                        continue
                    for item_lat, item_lon, slot in cells.get((row, col), ()):
                        d = haversine_km_raw(lat, lon, item_lat, item_lon)
                        if d <= radius_km:
                            heapq.heappush(pending, (d, slot))
            # No unvisited cell of the box is closer than the nearest edge of the rings so far:
            # a parallel is Δlat away, a meridian asin(cos φ · sin Δλ) (not past 90°).
            edges = [math.inf]
            if centre_row + k < row1:
                edges.append(((centre_row + k + 1) * cell - lat) * KM_PER_DEG_LAT)
            if centre_row - k > row0:
                edges.append((lat - (centre_row - k) * cell) * KM_PER_DEG_LAT)
            for dlon in (
                (centre_col + k + 1) * cell - lon if centre_col + k < col1 else None,
                lon - (centre_col - k) * cell if centre_col - k > col0 else None,
            ):
                if dlon is not None:
                    sine = abs(cos_lat * math.sin(math.radians(dlon))) if dlon < 90 else 0.0
                    edges.append(EARTH_RADIUS_KM * math.asin(min(1.0, sine)))
            covered = min(edges) * (1 - 1e-9)
            while pending and pending[0][0] <= covered:
                d, slot = heapq.heappop(pending)
                yield d, self._items[slot]
        while pending:
            d, slot = heapq.heappop(pending)
            yield d, self._items[slot]

    def along(
        self, polyline: Sequence[Coordinates], corridor_km: float
    ) -> list[tuple[float, float, T]]:
        """Items within `corridor_km` of the polyline, as (km along the line to the item's
        projection, offset from the line in km, item), ordered by distance along (then offset,
        then the order items were added). An item near several segments takes the nearest (the
        first of equals)."""
        order = sorted(
            (along, offset, slot)
            for slot, (offset, along) in self.along_unordered(polyline, corridor_km).items()
        )
        items = self._items
        return [(along, offset, items[slot]) for along, offset, slot in order]

    def along_unordered(
        self, polyline: Sequence[Coordinates], corridor_km: float
    ) -> dict[int, tuple[float, float]]:
        """What `along` finds, unsorted: item position (the order items were added, see `item`)
        -> (offset, km along). For a caller that reduces the items itself: sorting thousands
        of hits costs more than looking at each once."""
        if len(polyline) < 2:
            return {
                slot: (d, 0.0) for p in polyline[:1] for d, slot in self._near_slots(p, corridor_km)
            }
        best: dict[int, tuple[float, float]] = {}  # slot -> (offset, along)
        done_km = 0.0
        for a, b in itertools.pairwise(polyline):
            done_km = self._scan_segment(a, b, corridor_km, done_km, best, None)
        return best

    def along_lazily(
        self, polyline: Sequence[Coordinates], corridor_km: float, skip: CellFilter | None = None
    ) -> Iterator[tuple[float, float, T]]:
        """What `along` answers, in the same order, lazily, so a caller that wants the first few
        stops early. Each segment's cells are read in order of the least (km along, offset) an
        item in them could have; an item is yielded once no unread cell of its segment could
        come before it, the segments read so far have passed it and the rest of the route (its
        bounding box) is farther from it than its offset. Cells `skip` names are left out (see
        `nearest`)."""
        if len(polyline) < 2:
            for d, item in self.nearest(polyline[0], corridor_km, skip) if polyline else ():
                yield 0.0, d, item
            return
        # Box (min lat, min lon, max lat, max lon, least km per degree of longitude) of the
        # route from each segment on: a lower bound on how near a later segment can come.
        rest: list[_Box] = []
        box = (math.inf, math.inf, -math.inf, -math.inf, math.inf)
        for a, b in reversed(list(itertools.pairwise(polyline))):
            kx = KM_PER_DEG_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
            box = (
                min(box[0], a.lat, b.lat),
                min(box[1], a.lon, b.lon),
                max(box[2], a.lat, b.lat),
                max(box[3], a.lon, b.lon),
                min(box[4], kx),
            )
            rest.append(box)
        rest.reverse()
        best: dict[int, tuple[float, float]] = {}  # slot -> (offset, along)
        pending: list[tuple[float, float, int]] = []  # heap; stale rows are skipped
        lats, lons, items, cells = self._lat, self._lon, self._items, self._cells
        limit2 = corridor_km * corridor_km

        def release(
            before: tuple[float, float], later: _Box | None, end_km: float
        ) -> Iterator[tuple[float, float, T]]:
            """Yield what nothing unread can precede: `before` bounds the unread cells of the
            segment ending `end_km` along, `later` the segments after it."""
            while pending:
                along, offset, slot = pending[0]
                if best[slot] != (offset, along):
                    heapq.heappop(pending)  # superseded by a nearer segment
                    continue
                if (along, offset) >= before:
                    break  # an unread cell of this segment may hold something before it
                if later is not None:
                    if along >= end_km:
                        break  # a later segment may still place something before it
                    lat0, lon0, lat1, lon1, kx = later
                    lat, lon = lats[slot], lons[slot]
                    gap_lat = max(0.0, lat0 - lat, lat - lat1) * KM_PER_DEG_LAT
                    gap_lon = max(0.0, lon0 - lon, lon - lon1) * kx
                    if math.hypot(gap_lat, gap_lon) * (1 - 1e-9) <= offset:
                        break  # a later segment may pass nearer and move it
                heapq.heappop(pending)
                yield along, offset, items[slot]

        done_km = 0.0
        for s, (a, b) in enumerate(itertools.pairwise(polyline)):
            later = rest[s + 1] if s + 1 < len(rest) else None
            frame = _Frame(a, b, done_km)
            end_km = frame.end_km
            # What is waiting may lie nearer to this segment: offer it first (reading its cell
            # below then changes nothing), so that only unread cells can still move anything.
            for along, offset, slot in list(pending):
                if best[slot] == (offset, along):
                    got = frame.project(lats[slot], lons[slot], limit2)
                    if got is not None and got[0] < offset:
                        best[slot] = got
                        heapq.heappush(pending, (got[1], got[0], slot))

            for bound, row, col in sorted(self._cell_bounds(frame, corridor_km, skip)):
                yield from release(bound, later, end_km)
                for lat, lon, slot in cells[row, col]:
                    got = frame.project(lat, lon, limit2)
                    if got is not None:
                        previous = best.get(slot)
                        if previous is None or got[0] < previous[0]:
                            best[slot] = got
                            heapq.heappush(pending, (got[1], got[0], slot))
            yield from release((math.inf, math.inf), later, end_km)
            done_km = end_km

    def _cell_bounds(
        self, frame: _Frame, corridor_km: float, skip: CellFilter | None
    ) -> Iterator[tuple[tuple[float, float], int, int]]:
        """The occupied cells the corridor around a segment touches, each with a lower bound on
        the (km along, offset) of an item in it (lexicographically)."""
        cell = self.cell_deg
        kx, bx, by, seg2 = frame.kx, frame.bx, frame.by, frame.seg2
        half_diagonal = 0.5 * math.hypot(cell * kx, cell * KM_PER_DEG_LAT)
        # A cell read a hair wider than it is: items on its edge may round either way.
        margin = 1e-7
        for row, col, centre_km in self._corridor_cells(frame, corridor_km, skip):
            # t grows linearly across the projection: its least value is at a corner.
            lon = (col * cell - margin if bx >= 0 else (col + 1) * cell + margin) - frame.alon
            lat = (row * cell - margin if by >= 0 else (row + 1) * cell + margin) - frame.alat
            t = 0.0 if seg2 == 0 else (lon * kx * bx + lat * KM_PER_DEG_LAT * by) / seg2
            if t <= 0:
                # Items here may sit at the segment's start, exactly `done_km` along: the
                # offset breaks the tie, and no item is nearer than the cell's centre allows.
                bound = (frame.done_km, centre_km - half_diagonal - 1e-9)
            else:
                bound = (frame.done_km + min(t, 1.0) * frame.seg_km - 1e-9, -math.inf)
            yield bound, row, col

    def _corridor_cells(
        self, frame: _Frame, corridor_km: float, skip: CellFilter | None = None
    ) -> Iterator[tuple[int, int, float]]:
        """(row, column, km from the cell's centre to the segment) of the occupied cells an
        item within the corridor around a segment can lie in."""
        cell, cells = self.cell_deg, self._cells
        kx, bx, by, seg2 = frame.kx, frame.bx, frame.by, frame.seg2
        alat, alon, blat, blon = frame.alat, frame.alon, frame.blat, frame.blon
        # In the segment's projection every item within the corridor lies in the segment's box
        # grown by corridor_km, and in a cell whose centre is within corridor_km + half the
        # cell's diagonal of the segment (triangle inequality): only those cells are read.
        dlat = corridor_km / KM_PER_DEG_LAT * (1 + 1e-9)
        dlon = corridor_km / max(kx, 1e-9) * (1 + 1e-9)
        row0, col0 = self._cell(min(alat, blat) - dlat, min(alon, blon) - dlon)
        row1, col1 = self._cell(max(alat, blat) + dlat, max(alon, blon) + dlon)
        reach = corridor_km + 0.5 * math.hypot(cell * kx, cell * KM_PER_DEG_LAT) + 1e-9
        keys: Iterable[tuple[int, int]]
        if (row1 - row0 + 1) * (col1 - col0 + 1) > len(cells):
            keys = sorted(k for k in cells if row0 <= k[0] <= row1 and col0 <= k[1] <= col1)
        else:
            keys = itertools.product(range(row0, row1 + 1), range(col0, col1 + 1))
        for row, col in keys:
            if (row, col) not in cells or (skip is not None and skip((row, col))):
                continue
            px = ((col + 0.5) * cell - alon) * kx
            py = ((row + 0.5) * cell - alat) * KM_PER_DEG_LAT
            t = 0.0 if seg2 == 0 else (px * bx + py * by) / seg2
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            centre_km = math.hypot(px - t * bx, py - t * by)
            if centre_km <= reach:
                yield row, col, centre_km

    def _scan_segment(
        self,
        a: Coordinates,
        b: Coordinates,
        corridor_km: float,
        done_km: float,
        best: dict[int, tuple[float, float]],
        changed: list[int] | None,
    ) -> float:
        """Offer segment a-b (starting `done_km` along the line) to every item within the
        corridor: `best` keeps each item's least offset (the first of equals) and the km along
        it; `changed` collects the items it moved. Answers the km at the segment's end."""
        frame = _Frame(a, b, done_km)
        cells = self._cells
        limit2 = corridor_km * corridor_km
        # The projection (see `_Frame.project`) inlined: this loop runs once per item near the
        # route.
        kx, bx, by, seg2, seg_km = frame.kx, frame.bx, frame.by, frame.seg2, frame.seg_km
        alat, alon = a.lat, a.lon
        for row, col, _ in self._corridor_cells(frame, corridor_km):
            for lat, lon, slot in cells[row, col]:
                px = (lon - alon) * kx
                py = (lat - alat) * KM_PER_DEG_LAT
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
                    if changed is not None:
                        changed.append(slot)
        return frame.end_km


class _Frame:
    """One segment a-b of a polyline, starting `done_km` along it, in its local projection
    (see `_project`): x east and y north in km from a."""

    __slots__ = (
        "alat",
        "alon",
        "blat",
        "blon",
        "bx",
        "by",
        "done_km",
        "end_km",
        "kx",
        "seg2",
        "seg_km",
    )

    def __init__(self, a: Coordinates, b: Coordinates, done_km: float) -> None:
        self.alat, self.alon, self.blat, self.blon = a.lat, a.lon, b.lat, b.lon
        self.kx = KM_PER_DEG_LAT * math.cos(math.radians((a.lat + b.lat) / 2))
        self.bx, self.by = (b.lon - a.lon) * self.kx, (b.lat - a.lat) * KM_PER_DEG_LAT
        self.seg2 = self.bx * self.bx + self.by * self.by
        self.seg_km = haversine_km_raw(a.lat, a.lon, b.lat, b.lon)
        self.done_km = done_km
        self.end_km = done_km + self.seg_km

    def project(self, lat: float, lon: float, limit2: float) -> tuple[float, float] | None:
        """(offset in km, km along the polyline) of a point within sqrt(limit2) km, else None."""
        px = (lon - self.alon) * self.kx
        py = (lat - self.alat) * KM_PER_DEG_LAT
        seg2 = self.seg2
        t = 0.0 if seg2 == 0 else (px * self.bx + py * self.by) / seg2
        t = 0.0 if t < 0 else 1.0 if t > 1 else t
        dx, dy = px - t * self.bx, py - t * self.by
        d2 = dx * dx + dy * dy
        if d2 > limit2:
            return None
        return math.sqrt(d2), self.done_km + t * self.seg_km


def _ring(row: int, col: int, k: int) -> Iterator[tuple[int, int]]:
    """The cells at Chebyshev distance k from (row, col)."""
    if k == 0:
        yield row, col
        return
    for c in range(col - k, col + k + 1):
        yield row - k, c
        yield row + k, c
    for r in range(row - k + 1, row + k):
        yield r, col - k
        yield r, col + k
