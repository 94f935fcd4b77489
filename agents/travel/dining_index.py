"""The spatial index behind dining search: restaurants in grid cells, best-rated first.

`geo.GridIndex.along` examines every item in the corridor, which is fine for a few thousand
chargers but not for a route through dense cities with 200,000 restaurants under 30 ms. Here
each cell keeps its restaurants sorted by rating and a query learns, per cell, which route
segments pass near it and how close. Dining search can then visit cells best-first and stop as
soon as nothing unvisited could outrank its results, examining only a small part of the corridor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from agents.travel.geo import KM_PER_DEG_LAT, haversine_km_raw
from agents.travel.opening_hours import WeeklySchedule
from agents.travel.profiles import DietaryRule
from agents.travel.restaurants import Cuisine, DishTag, Restaurant
from agents.world.models import Coordinates

# About 11 km north-south. Measured on 200,000 restaurants along Shanghai-Beijing: smaller cells
# cost more in corridor set-up than they save in restaurants examined.
DEFAULT_CELL_DEG = 0.1


# (cuisines, dietary rules met, spicy level, kid-friendly, parking, max party size)
StaticKey = tuple[tuple[Cuisine, ...], frozenset[DietaryRule], int, bool, bool, int | None]


class DiningEntry:
    """What the search needs of a restaurant, computed once at indexing time (hot-loop data)."""

    __slots__ = (
        "avg_spend_cny",
        "centre_km",
        "cuisines",
        "dietary_ok",
        "id",
        "kid_friendly",
        "lat",
        "lon",
        "max_party_size",
        "parking",
        "rating",
        "schedule",
        "schedule_no",
        "slot",
        "spicy_level",
        "static_class",
    )

    def __init__(
        self, slot: int, restaurant: Restaurant, schedule: WeeklySchedule, schedule_no: int
    ) -> None:
        attributes = restaurant.attributes
        self.slot = slot
        self.id = restaurant.id
        self.lat = restaurant.coordinates.lat
        self.lon = restaurant.coordinates.lon
        self.cuisines: tuple[Cuisine, ...] = tuple(restaurant.cuisines)
        self.dietary_ok = dietary_rules_met(restaurant)
        self.spicy_level = attributes.spicy_level
        self.kid_friendly = attributes.kid_friendly
        self.parking = attributes.parking
        self.max_party_size = attributes.max_party_size
        self.avg_spend_cny = restaurant.avg_spend_cny
        self.rating = restaurant.rating
        self.schedule = schedule
        self.schedule_no = schedule_no  # dense number of the shared schedule, for per-search flags
        self.static_class = self.static_key()
        # Distance from its cell's centre (set by the index): with the centre's distance to a
        # route it bounds the restaurant's own, before locating it.
        self.centre_km = 0.0

    def static_key(self) -> StaticKey:
        """What the query-independent hard constraints (cuisine, dietary, spice, children,
        parking, capacity) look at: restaurants sharing it pass or fail them together."""
        return (
            self.cuisines,
            self.dietary_ok,
            self.spicy_level,
            self.kid_friendly,
            self.parking,
            self.max_party_size,
        )


def dietary_rules_met(restaurant: Restaurant) -> frozenset[DietaryRule]:
    """The dietary rules a restaurant can honour.

    Vegetarian/vegan: it says it has such options or lists such a dish. Halal: certified only.
    No pork / no beef: at least one signature dish without it (or halal, for pork). No spicy: a
    mild kitchen (level 0-1) with at least one dish not tagged spicy.
    """
    attributes, dishes = restaurant.attributes, restaurant.signature_dishes
    met: set[DietaryRule] = set()
    if attributes.vegetarian_options or any(d.has(DishTag.VEGETARIAN) for d in dishes):
        met.add(DietaryRule.VEGETARIAN)
    if attributes.vegan_options or any(d.has(DishTag.VEGAN) for d in dishes):
        met.add(DietaryRule.VEGAN)
    if attributes.halal:
        met.update((DietaryRule.HALAL, DietaryRule.NO_PORK))
    if any(not d.has(DishTag.CONTAINS_PORK) for d in dishes):
        met.add(DietaryRule.NO_PORK)
    if any(not d.has(DishTag.CONTAINS_BEEF) for d in dishes):
        met.add(DietaryRule.NO_BEEF)
    if attributes.spicy_level <= 1 and any(not d.has(DishTag.SPICY) for d in dishes):
        met.add(DietaryRule.NO_SPICY)
    return frozenset(met)


def from_cell_centre_km(lat: float, lon: float, centre_lat: float, centre_lon: float) -> float:
    """Planar km from a cell's centre (projected at the centre's latitude), grown by _SLACK so
    it bounds the distance in any segment's projection near the cell."""
    kx = KM_PER_DEG_LAT * math.cos(math.radians(centre_lat))
    return math.hypot((lon - centre_lon) * kx, (lat - centre_lat) * KM_PER_DEG_LAT) * (1 + _SLACK)


@dataclass
class Bucket:
    """One grid cell's restaurants, highest rating first (then id, for determinism), also split
    by cuisine (a restaurant with two cuisines is in both lists)."""

    entries: list[DiningEntry] = field(default_factory=list)
    by_cuisine: dict[Cuisine, list[DiningEntry]] = field(default_factory=dict)
    # The same restaurants split by static key (each list best-rated first): a search drops
    # whole lists that fail its static constraints instead of looking at each restaurant.
    # The lists are ordered by their best rating, best first, so a search that already holds
    # good results stops reading a cell's lists at the first that could not compete.
    lists: list[StaticList] = field(default_factory=list)
    # The best rating of the cell, and per cuisine (best first): what a search needs to bound
    # the whole cell or its stream of a cuisine. Kept here as plain floats because a search
    # reads them for every cell of its corridor, and reaching the restaurants' own entries,
    # scattered over memory, costs more than the rest of the bound.
    best_rating: float = 0.0
    cuisine_tops: dict[Cuisine, float] = field(default_factory=dict)
    # The lists whose restaurants can honour each dietary rule (in the same order): a search
    # with dietary rules only reads the lists of one of them.
    by_rule: dict[DietaryRule, list[StaticList]] = field(default_factory=dict)


@dataclass
class StaticList:
    """One cell's restaurants of one static key, best-rated first, with what lets a search
    drop the whole list unseen: the cheapest spend and the opening schedules in it."""

    key: StaticKey
    entries: list[DiningEntry] = field(default_factory=list)
    # Its first entry's: a search reads it for every list it passes, kept here at hand.
    best_rating: float = 0.0
    min_spend_cny: float = float("inf")
    # The farthest of its restaurants from the cell's centre (DiningEntry.centre_km): bounds
    # the detour of all of them at once.
    far_km: float = 0.0
    # One restaurant per opening schedule in the list (schedule no. -> restaurant), and the
    # schedule numbers as one shared set, so a search asks "any open?" once per distinct set.
    schedules: dict[int, DiningEntry] = field(default_factory=dict)
    schedule_set: frozenset[int] = frozenset()
    # Lists with the same key and schedules share this number: a search decides once for all.
    signature: int = -1


@dataclass
class CellHit:
    """A cell a search reaches: its restaurants and the route segments that pass near it.

    `segments` are (distance from the cell centre in km, segment index), nearest first, so a
    restaurant's distance to the route is usually settled by the first one or two projections.
    `min_offset_km` is the least distance any point of the cell can be from the route: a lower
    bound for the detour of every restaurant in it.
    """

    bucket: Bucket
    centre_lat: float
    centre_lon: float
    segments: list[tuple[float, int]]
    min_offset_km: float


# Planar distances below mix two nearly equal local projections; this slack keeps the
# triangle-inequality shortcuts on the safe side.
_SLACK = 0.01


class RouteGeometry:
    """A point or a polyline, prepared for many distance queries.

    Offsets from a polyline use a local equirectangular projection per segment (as geo.py does),
    inlined here with per-segment constants because it runs in the search's hot loop.
    """

    def __init__(self, points: Sequence[Coordinates], is_point: bool) -> None:
        if not points:
            raise ValueError("a route needs at least one point")
        self.is_point = is_point
        self.lats = [p.lat for p in points]
        self.lons = [p.lon for p in points]
        last = len(points) - 1
        # Per segment: start point, projection scale, vector to the end, 1/|v|^2, lengths.
        self._alat: list[float] = []
        self._alon: list[float] = []
        self._kx: list[float] = []
        self._vx: list[float] = []
        self._vy: list[float] = []
        self._inv_len2: list[float] = []
        self._start_km: list[float] = []
        self._length_km: list[float] = []
        travelled = 0.0
        for a in range(max(1, last)):
            b = min(a + 1, last)
            alat, alon, blat, blon = self.lats[a], self.lons[a], self.lats[b], self.lons[b]
            kx = KM_PER_DEG_LAT * math.cos(math.radians((alat + blat) / 2))
            vx, vy = (blon - alon) * kx, (blat - alat) * KM_PER_DEG_LAT
            len2 = vx * vx + vy * vy
            length = haversine_km_raw(alat, alon, blat, blon)
            self._alat.append(alat)
            self._alon.append(alon)
            self._kx.append(kx)
            self._vx.append(vx)
            self._vy.append(vy)
            self._inv_len2.append(1 / len2 if len2 > 0 else 0.0)
            self._start_km.append(travelled)
            self._length_km.append(length)
            travelled += length

    @classmethod
    def point(cls, where: Coordinates) -> RouteGeometry:
        return cls([where], is_point=True)

    @classmethod
    def polyline(cls, points: Sequence[Coordinates]) -> RouteGeometry:
        return cls(points, is_point=False)

    @property
    def segment_count(self) -> int:
        return len(self._kx)

    @property
    def length_km(self) -> float:
        return self._start_km[-1] + self._length_km[-1]

    def segment_box(self, s: int) -> tuple[float, float, float, float]:
        """(min lat, min lon, max lat, max lon) of segment s."""
        b = min(s + 1, len(self.lats) - 1)
        lat0, lat1 = sorted((self.lats[s], self.lats[b]))
        lon0, lon1 = sorted((self.lons[s], self.lons[b]))
        return lat0, lon0, lat1, lon1

    def least_offset_km(self, entry: DiningEntry, hit: CellHit) -> float:
        """A lower bound on the restaurant's distance from the geometry, without locating it:
        the cell's nearest point, or its centre's nearest segment less the way from the centre
        (segments left out of `hit.segments` are beyond reach, where nothing is placed)."""
        return self.least_offset_within(hit, entry.centre_km)

    def least_offset_within(self, hit: CellHit, from_centre_km: float) -> float:
        """The same bound for every point of the cell within `from_centre_km` of its centre."""
        if self.is_point:
            return hit.min_offset_km
        return max(hit.min_offset_km, hit.segments[0][0] * (1 - _SLACK) - from_centre_km)

    def segment_frame(self, s: int) -> tuple[float, float, float, float, float, float]:
        """Segment s's start (lat, lon), km per degree of longitude, vector to its end in km and
        1/|vector|^2 (0 for a point): what a projection onto it needs."""
        return (
            self._alat[s],
            self._alon[s],
            self._kx[s],
            self._vx[s],
            self._vy[s],
            self._inv_len2[s],
        )

    def project(self, lat: float, lon: float, s: int) -> tuple[float, float]:
        """(fraction along segment s, offset in km) of the point's projection onto it."""
        kx = self._kx[s]
        px, py = (lon - self._alon[s]) * kx, (lat - self._alat[s]) * KM_PER_DEG_LAT
        vx, vy = self._vx[s], self._vy[s]
        t = (px * vx + py * vy) * self._inv_len2[s]
        t = 0.0 if t < 0 else 1.0 if t > 1 else t
        return t, math.hypot(px - t * vx, py - t * vy)

    def locate(self, entry: DiningEntry, hit: CellHit, reach_km: float) -> Located | None:
        """Where a restaurant of the hit cell lies relative to the route, if within reach."""
        lat, lon = entry.lat, entry.lon
        if self.is_point:
            distance = haversine_km_raw(self.lats[0], self.lons[0], lat, lon)
            return Located(distance, None) if distance <= reach_km else None
        # d(p, s) >= d(centre, s) - d(p, centre): segments are nearest-first from the centre, so
        # stop once none of the rest can beat the best so far (or come within reach at all).
        from_centre = entry.centre_km
        best, best_s, best_t = math.inf, -1, 0.0
        for centre_offset, s in hit.segments:
            if centre_offset * (1 - _SLACK) - from_centre > min(best, reach_km):
                break
            t, offset = self.project(lat, lon, s)
            if offset < best:
                best, best_s, best_t = offset, s, t
        if best > reach_km:
            return None
        return Located(best, self._start_km[best_s] + best_t * self._length_km[best_s])


@dataclass(frozen=True)
class Located:
    distance_km: float  # from the point, or off the route
    along_km: float | None  # km along the route to the nearest point; None for a point


class DiningIndex:
    """All restaurants, bucketed by grid cell. Build with `build_dining_index`."""

    def __init__(self, restaurants: Sequence[Restaurant], cell_deg: float) -> None:
        if cell_deg <= 0:
            raise ValueError("cell_deg must be positive")
        self.cell_deg = cell_deg
        self._restaurants = list(restaurants)
        self._by_id = {r.id: r for r in self._restaurants}
        # Cells by row, then column.
        self._rows: dict[int, dict[int, Bucket]] = {}
        buckets: dict[tuple[int, int], Bucket] = {}
        # Many restaurants share their hours (24 h service areas, chains): compile each once.
        schedules: dict[tuple[tuple[str, ...], ...], tuple[WeeklySchedule, int]] = {}
        for slot, restaurant in enumerate(self._restaurants):
            hours = restaurant.opening_hours
            key = tuple(tuple(day) for day in hours.days())
            known = schedules.get(key)
            if known is None:
                known = schedules[key] = (WeeklySchedule.compile(hours), len(schedules))
            entry = DiningEntry(slot, restaurant, *known)
            cell = self._cell(entry.lat, entry.lon)
            entry.centre_km = from_cell_centre_km(
                entry.lat, entry.lon, (cell[0] + 0.5) * cell_deg, (cell[1] + 0.5) * cell_deg
            )
            buckets.setdefault(cell, Bucket()).entries.append(entry)
        for (row, col), bucket in buckets.items():
            self._rows.setdefault(row, {})[col] = bucket
            bucket.entries.sort(key=lambda e: (-e.rating, e.id))
            by_static: dict[StaticKey, StaticList] = {}
            for entry in bucket.entries:
                for cuisine in entry.cuisines:
                    bucket.by_cuisine.setdefault(cuisine, []).append(entry)
                same = by_static.get(entry.static_class)
                if same is None:
                    same = by_static[entry.static_class] = StaticList(
                        entry.static_class, best_rating=entry.rating
                    )
                same.entries.append(entry)
                same.min_spend_cny = min(same.min_spend_cny, entry.avg_spend_cny)
                same.far_km = max(same.far_km, entry.centre_km)
                same.schedules.setdefault(entry.schedule_no, entry)
            # Entries are best-first, so lists are made in the order of their best entry.
            bucket.lists = list(by_static.values())
            for same in bucket.lists:
                for rule in same.key[1]:
                    bucket.by_rule.setdefault(rule, []).append(same)
            bucket.best_rating = bucket.entries[0].rating
            tops = sorted(
                ((listed[0].rating, cuisine) for cuisine, listed in bucket.by_cuisine.items()),
                key=lambda top: (-top[0], top[1]),
            )
            bucket.cuisine_tops = {cuisine: rating for rating, cuisine in tops}
        self.schedule_count = len(schedules)
        # A search visits a restaurant at most once per stream it is in: the cell's, and one
        # per cuisine (dining._CellSplit), so no walk over this index is longer than this.
        self.most_visits = sum(1 + len(r.cuisines) for r in self._restaurants)
        signatures: dict[tuple[StaticKey, frozenset[int]], int] = {}
        for bucket in buckets.values():
            for same in bucket.lists:
                same.schedule_set = frozenset(same.schedules)
                same.signature = signatures.setdefault(
                    (same.key, same.schedule_set), len(signatures)
                )

    def __len__(self) -> int:
        return len(self._restaurants)

    def restaurant(self, entry: DiningEntry) -> Restaurant:
        return self._restaurants[entry.slot]

    def get(self, restaurant_id: str) -> Restaurant | None:
        return self._by_id.get(restaurant_id)

    def restaurants(self) -> list[Restaurant]:
        return list(self._restaurants)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.cell_deg), math.floor(lon / self.cell_deg)

    def cells_within(self, geometry: RouteGeometry, reach_km: float) -> list[CellHit]:
        """The non-empty cells some part of which lies within `reach_km` of the geometry.

        Each segment only looks at the cells of its own bounding box grown by the reach, and
        drops those whose centre is farther than reach + half a cell diagonal from it, so the
        work follows the corridor's area, not the number of restaurants.
        """
        # Found cells by row, then column (plain int keys: this runs thousands of times), and
        # in the order found, which the search's tie-breaks follow.
        hits: dict[int, dict[int, CellHit]] = {}
        found: list[CellHit] = []
        cell = self.cell_deg
        dlat = reach_km / KM_PER_DEG_LAT
        cell_height_km = cell * KM_PER_DEG_LAT
        rows = self._rows
        shrink = 1 - _SLACK
        hypot = math.hypot
        for s in range(geometry.segment_count):
            lat0, lon0, lat1, lon1 = geometry.segment_box(s)
            widest = min(89.0, max(abs(lat0), abs(lat1)) + dlat)
            dlon = reach_km / (KM_PER_DEG_LAT * math.cos(math.radians(widest)))
            row0, col0 = self._cell(lat0 - dlat, lon0 - dlon)
            row1, col1 = self._cell(lat1 + dlat, lon1 + dlon)
            # The segment's projection constants, hoisted: this loop runs thousands of times.
            alat, alon, kx, vx, vy, inv_len2 = geometry.segment_frame(s)
            for row in range(row0, row1 + 1):
                in_row = rows.get(row)
                if in_row is None:
                    continue
                row_hits = hits.get(row)
                if row_hits is None:
                    row_hits = hits[row] = {}
                centre_lat = (row + 0.5) * cell
                cell_width_km = cell_height_km * math.cos(math.radians(centre_lat))
                half_diagonal = 0.5 * hypot(cell_height_km, cell_width_km)
                py = (centre_lat - alat) * KM_PER_DEG_LAT
                for col in range(col0, col1 + 1):
                    bucket = in_row.get(col)
                    if bucket is None:
                        continue
                    centre_lon = (col + 0.5) * cell
                    px = (centre_lon - alon) * kx
                    t = (px * vx + py * vy) * inv_len2
                    t = 0.0 if t < 0 else 1.0 if t > 1 else t
                    centre_offset = hypot(px - t * vx, py - t * vy)
                    nearest = centre_offset * shrink - half_diagonal
                    if nearest > reach_km:
                        continue
                    if nearest < 0.0:
                        nearest = 0.0
                    hit = row_hits.get(col)
                    if hit is None:
                        hit = row_hits[col] = CellHit(
                            bucket, centre_lat, centre_lon, [(centre_offset, s)], nearest
                        )
                        found.append(hit)
                    else:
                        hit.segments.append((centre_offset, s))
                        if nearest < hit.min_offset_km:
                            hit.min_offset_km = nearest
        for hit in found:
            hit.segments.sort()
        return found


def build_dining_index(
    restaurants: Sequence[Restaurant], cell_deg: float = DEFAULT_CELL_DEG
) -> DiningIndex:
    """Index restaurants for `search_dining`; 200,000 restaurants take a few seconds."""
    return DiningIndex(restaurants, cell_deg)
