"""Dining search: restaurants near a point or along a route that the driver's party may eat at,
ranked by what they like, each with the reasons it was chosen.

Hard constraints (dietary rules, a cuisine scored -2, spice, children, parking, party size,
budget cap, detour, open at arrival) exclude; soft preferences (cuisine, rating, price, detour)
rank. The score is the sum of its breakdown, so a result can always show where it came from.
"""

from __future__ import annotations

import bisect
import heapq
import math
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, Field, model_validator

from agents.text import Bilingual, bi
from agents.travel.dining_index import (
    _SLACK,
    CellHit,
    DiningEntry,
    DiningIndex,
    Located,
    RouteGeometry,
    StaticKey,
    StaticList,
)
from agents.travel.opening_hours import CHINA_TZ, OpenSpan
from agents.travel.profiles import NEVER, DietaryRule, Party, Profile
from agents.travel.restaurants import CUISINE_LABELS, Cuisine, Restaurant
from agents.world.models import Coordinates, Model

# Detour: drive off the route and back at town speed, plus parking.
TOWN_SPEED_KMH = 30.0
PARKING_MIN = 3.0

# Score weights: one point per step of the -2..+3 cuisine scale, two per star above three,
# up to half a point for money left in the budget, minus a point per ten minutes of detour.
CUISINE_WEIGHT = 1.0
RATING_WEIGHT = 2.0
RATING_BASELINE = 3.0
PRICE_WEIGHT = 0.5
DETOUR_WEIGHT_PER_MIN = 0.1
# Scores are rounded to this many places, so ties and the breakdown sum are exact.
SCORE_PLACES = 3
# What rounding can add over a score bound: the detour is rounded to 0.1 min (0.005 points) and
# each of the four components to SCORE_PLACES (0.002 points together).
_BOUND_SLACK = 0.01


def detour_minutes(offset_km: float) -> float:
    """Minutes lost to eat `offset_km` away from the route (there and back, plus parking)."""
    return 2 * offset_km / TOWN_SPEED_KMH * 60 + PARKING_MIN


class Exclusion(StrEnum):
    """Why a restaurant within reach was not suggested; the first failing check is counted."""

    CUISINE = "cuisine"  # not one of the asked-for cuisines, or a cuisine scored -2
    DIETARY = "dietary"
    SPICE = "spice"
    KID_FRIENDLY = "kid_friendly"
    PARKING = "parking"
    CAPACITY = "capacity"
    BUDGET = "budget"
    DETOUR = "detour"
    CLOSED = "closed"


class DiningQuery(Model):
    """Where and when to eat, and any constraints that override the profile's.

    Give exactly one of `near` (a point: where the car is, or a trip stop together with
    `open_at` as the arrival time) or `route` (a polyline to search along). Leaving `open_at`
    out means opening hours are not checked: the HTTP layer fills it from the sandbox clock.
    """

    near: Coordinates | None = None
    radius_km: float = Field(default=5, gt=0, le=50)
    route: list[Coordinates] | None = Field(default=None, min_length=2, max_length=20_000)
    corridor_km: float = Field(default=5, gt=0, le=30)
    open_at: AwareDatetime | None = None
    # A place must stay open this long after arrival to be worth the stop.
    min_open_min: int = Field(default=30, ge=0, le=240)
    cuisines: list[Cuisine] | None = Field(default=None, min_length=1)
    dietary: list[DietaryRule] | None = None
    max_budget_cny: float | None = Field(default=None, gt=0, le=5000)
    max_detour_min: float | None = Field(default=None, ge=0, le=120)
    max_spicy_level: int | None = Field(default=None, ge=0, le=3)
    needs_parking: bool | None = None
    party: Party | None = None
    limit: int = Field(default=5, ge=1, le=20)

    @model_validator(mode="after")
    def _one_place(self) -> DiningQuery:
        if (self.near is None) == (self.route is None):
            raise ValueError("give exactly one of 'near' (a point) or 'route' (a polyline)")
        return self


class ScoreBreakdown(Model):
    cuisine: float
    rating: float
    price: float
    detour: float


class DiningResult(Model):
    restaurant: Restaurant
    score: float
    score_breakdown: ScoreBreakdown
    # From the point for `near`, off the route for `route`.
    distance_km: float
    detour_min: float
    along_route_km: float | None = None
    open_until: datetime | None = None  # local time (+08:00); None when not checked or 24 h
    open_24h: bool
    reasons: list[Bilingual]


class DiningResults(Model):
    results: list[DiningResult]
    # Restaurants within reach that were looked at, and why the rejected ones were.
    examined: int
    excluded: dict[Exclusion, int]
    # False when the search stopped early because nothing unexamined could outrank the results,
    # or (past EXACT_VISITS, on a large index) dropped restaurants that cannot pass without
    # examining each; then `excluded` counts only what was examined.
    exhaustive: bool


class _Constraints:
    """The hard constraints and scoring inputs of one search, resolved from query + profile."""

    def __init__(self, query: DiningQuery, profile: Profile | None) -> None:
        dietary = (
            query.dietary if query.dietary is not None else (profile.dietary if profile else [])
        )
        self.dietary = frozenset(dietary)
        self.wanted = frozenset(query.cuisines) if query.cuisines else None
        self.preferences: dict[Cuisine, int] = dict(profile.cuisine_preferences) if profile else {}
        self.never = frozenset(c for c, v in self.preferences.items() if v <= NEVER)
        self.budget = query.max_budget_cny or (profile.budget_cny_per_person if profile else None)
        self.max_spicy = (
            query.max_spicy_level
            if query.max_spicy_level is not None
            else (profile.max_spicy_level if profile else 3)
        )
        self.needs_parking = (
            query.needs_parking
            if query.needs_parking is not None
            else (profile.needs_parking if profile else False)
        )
        self.party = query.party or (profile.party if profile else None)
        self.open_at = query.open_at
        self.min_open = timedelta(minutes=query.min_open_min)
        self.max_detour = query.max_detour_min
        # The most a restaurant's cuisine and price can add: with the rating and the best detour
        # in its cell, this bounds any unexamined restaurant's score (for the early stop).
        self.cuisine_bound = CUISINE_WEIGHT * max([0, *self.preferences.values()])
        self.price_bound = PRICE_WEIGHT if self.budget else 0.0
        self._spans: dict[int, OpenSpan | None] = {}
        self._static: dict[StaticKey, Exclusion | None] = {}
        self._may_pass: dict[int, bool] = {}
        # What cuisine adds, per static key (the cuisines are part of it): asked per restaurant.
        self._cuisine: dict[StaticKey, float] = {}

    def exclusion(self, entry: DiningEntry, detour_min: float) -> Exclusion | None:
        static = self.static_exclusion(entry)
        if static is not None:
            return static
        if self.budget is not None and entry.avg_spend_cny > self.budget:
            return Exclusion.BUDGET
        if self.max_detour is not None and detour_min > self.max_detour:
            return Exclusion.DETOUR
        if not self.is_open(entry):
            return Exclusion.CLOSED
        return None

    def static_exclusion(self, entry: DiningEntry) -> Exclusion | None:
        """The first failing check among those that only look at the restaurant's static key,
        answered once per key (restaurants sharing a key pass or fail together)."""
        key = entry.static_class
        if key in self._static:
            return self._static[key]
        reason: Exclusion | None = None
        cuisines = entry.cuisines
        if (self.wanted is not None and self.wanted.isdisjoint(cuisines)) or (
            self.never and not self.never.isdisjoint(cuisines)
        ):
            reason = Exclusion.CUISINE
        elif not self.dietary <= entry.dietary_ok:
            reason = Exclusion.DIETARY
        elif entry.spicy_level > self.max_spicy:
            reason = Exclusion.SPICE
        elif self.party is not None and self.party.children and not entry.kid_friendly:
            reason = Exclusion.KID_FRIENDLY
        elif self.needs_parking and not entry.parking:
            reason = Exclusion.PARKING
        elif (
            self.party is not None
            and entry.max_party_size is not None
            and self.party.size > entry.max_party_size
        ):
            reason = Exclusion.CAPACITY
        self._static[key] = reason
        return reason

    def is_open(self, entry: DiningEntry) -> bool:
        """Open at arrival for long enough (True when opening hours are not checked)."""
        if self.open_at is None:
            return True
        span = self._open_span(entry)
        if span is None:
            return False
        return span.until is None or span.until - self.open_at >= self.min_open

    def may_pass(self, same: StaticList) -> bool:
        """Whether any restaurant of the list can pass the static checks and be open (asked
        once per key and set of schedules; the budget is the caller's, by `min_spend_cny`)."""
        known = self._may_pass.get(same.signature)
        if known is None:
            first = same.entries[0]
            known = self.static_exclusion(first) is None and (
                self.open_at is None or any(self.is_open(e) for e in same.schedules.values())
            )
            self._may_pass[same.signature] = known
        return known

    def cuisine_bonus(self, same: StaticList) -> float:
        """What cuisine adds to the score of every restaurant of the list."""
        return self.cuisine_points(same.entries[0])

    def cuisine_points(self, entry: DiningEntry) -> float:
        """`cuisine_score`'s points, answered once per static key."""
        known = self._cuisine.get(entry.static_class)
        if known is None:
            known = self._cuisine[entry.static_class] = self.cuisine_score(entry)[0]
        return known

    def _open_span(self, entry: DiningEntry) -> OpenSpan | None:
        """Schedules are shared by every restaurant with the same hours (dining_index.py), so
        within one search each is asked about the arrival time once."""
        key = entry.schedule_no
        if key not in self._spans:
            assert self.open_at is not None
            self._spans[key] = entry.schedule.open_span(self.open_at)
        return self._spans[key]

    def cuisine_score(self, entry: DiningEntry) -> tuple[float, Cuisine | None]:
        """The best-liked of the restaurant's cuisines and its score."""
        best: Cuisine | None = None
        best_value = 0
        for cuisine in entry.cuisines:
            value = self.preferences.get(cuisine, 0)
            if best is None or value > best_value:
                best, best_value = cuisine, value
        return CUISINE_WEIGHT * best_value, best

    def price_score(self, entry: DiningEntry) -> float:
        if not self.budget:
            return 0.0
        return PRICE_WEIGHT * max(0.0, 1 - entry.avg_spend_cny / self.budget)


def _round(value: float) -> float:
    return round(value, SCORE_PLACES)


def rating_score(rating: float) -> float:
    return RATING_WEIGHT * (rating - RATING_BASELINE)


def detour_score(detour_min: float) -> float:
    return -DETOUR_WEIGHT_PER_MIN * detour_min


class _Scored:
    """A restaurant that passed every hard constraint, with its score (pre-result)."""

    __slots__ = ("along_km", "breakdown", "detour_min", "distance_km", "entry", "score")

    def __init__(
        self,
        entry: DiningEntry,
        score: float,
        breakdown: tuple[float, float, float, float],  # cuisine, rating, price, detour
        distance_km: float,
        detour_min: float,
        along_km: float | None,
    ) -> None:
        self.entry = entry
        self.score = score
        self.breakdown = breakdown
        self.distance_km = distance_km
        self.detour_min = detour_min
        self.along_km = along_km


# Restaurants looked at one by one (each counted in `examined`/`excluded`) before the search
# switches to skipping whole lists that fail the constraints. An index whose every walk stays
# under EXACT_VISITS (`DiningIndex.most_visits`: the fixtures' ~100 restaurants) never switches,
# so its answers (counts included) are those of the exhaustive walk. On a larger one a long walk
# is a sign the constraints rule out much of the corridor, and the switch comes sooner: the
# answer is the same, only what `examined`/`excluded` count.
EXACT_VISITS = 800
LARGE_INDEX_VISITS = 200


# More than rounding can add to a score: half a unit of SCORE_PLACES for each of the four parts
# and again for their sum (0.0025).
_ROUNDING = 0.005


class _TopK:
    """The best `limit` scored restaurants so far, best first (score, then id)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.keys: list[tuple[float, str]] = []
        self.items: list[_Scored] = []

    @property
    def full(self) -> bool:
        return len(self.items) == self.limit

    @property
    def worst(self) -> float:
        return self.items[-1].score

    def offer(
        self, entry: DiningEntry, placed: Located, detour_min: float, rules: _Constraints
    ) -> None:
        parts = (
            rules.cuisine_points(entry),
            rating_score(entry.rating),
            rules.price_score(entry),
            detour_score(detour_min),
        )
        if self.full and sum(parts) + _ROUNDING < self.worst:
            return  # most places located fall well short: skip rounding and ranking them
        breakdown = (_round(parts[0]), _round(parts[1]), _round(parts[2]), _round(parts[3]))
        score = _round(sum(breakdown))
        key = (-score, entry.id)
        at = bisect.bisect_left(self.keys, key)
        if at >= self.limit:
            return  # not good enough: skip building its result
        self.keys.insert(at, key)
        self.items.insert(
            at,
            _Scored(
                entry,
                score,
                breakdown,
                round(placed.distance_km, 2),
                detour_min,
                None if placed.along_km is None else round(placed.along_km, 1),
            ),
        )
        del self.keys[self.limit :], self.items[self.limit :]


def search_dining(
    index: DiningIndex, query: DiningQuery, profile: Profile | None = None
) -> DiningResults:
    """The best `query.limit` restaurants for this party within reach, best first (score, then id).

    Restaurants are visited best-first by the highest score each could still reach, and the
    search stops once no unvisited restaurant can beat the current top `limit`: a long route
    through dense cities stays fast because most of its restaurants are never examined. When
    the constraints rule out most of the corridor (a rare cuisine, a tight budget, the middle of
    the night, a result that turns out empty), looking at each ruled-out restaurant would cost
    more than the search itself: after EXACT_VISITS the search restarts on the restaurants that
    can pass, dropping failing lists whole (see `_constrained_search`).
    """
    rules = _Constraints(query, profile)
    if query.near is not None:
        geometry = RouteGeometry.point(query.near)
        reach_km = query.radius_km
    else:
        assert query.route is not None  # the validator guarantees one of the two
        geometry = RouteGeometry.polyline(query.route)
        reach_km = query.corridor_km
    cells = index.cells_within(geometry, reach_km)
    split = _CellSplit(rules)

    excluded = dict.fromkeys(Exclusion, 0)
    examined = 0
    top = _TopK(query.limit)
    seen: set[int] = set()  # restaurants with several cuisines can come up in several streams
    counted: set[int] = set()  # examined, in case the search switches to skipping lists
    # Max-heap (negated) of (the best score the stream's next restaurant could reach, stream
    # number, position in the stream, the stream). A cell not split yet is one row (position
    # -1, no stream) numbered and bounded so that it comes up just before its first stream
    # would: the walk visits restaurants in the same order as if all were split up front.
    heap: list[tuple[float, int, int, _Stream | None]] = []
    bonuses: list[float] = []
    for number, cell in enumerate(cells):
        bonus = split.bonus(cell)
        bonuses.append(bonus)
        heap.append((-split.bound(cell, bonus), number * split.width, -1, None))
    heapq.heapify(heap)
    exhaustive = True
    visits = 0
    exact_visits = EXACT_VISITS if index.most_visits <= EXACT_VISITS else LARGE_INDEX_VISITS
    while heap:
        neg_bound, number, position, stream = heapq.heappop(heap)
        if top.full and -neg_bound < top.worst:
            exhaustive = False
            break
        if stream is None:
            at = number // split.width
            for k, new in enumerate(split.streams(cells[at], bonuses[at])):
                bound = RATING_WEIGHT * new.entries[0].rating + new.bonus
                heapq.heappush(heap, (-bound, number + k, 0, new))
            continue
        visits += 1
        if visits > exact_visits:
            top, too_far = _constrained_search(
                cells, bonuses, geometry, reach_km, rules, top, counted
            )
            examined = len(counted)  # what either pass located within reach, once each
            excluded[Exclusion.DETOUR] += too_far
            exhaustive = False
            break
        entries = stream.entries
        if position + 1 < len(entries):
            following = RATING_WEIGHT * entries[position + 1].rating + stream.bonus
            heapq.heappush(heap, (-following, number, position + 1, stream))
        entry = entries[position]
        if stream.skip is not None and not stream.skip.isdisjoint(entry.cuisines):
            continue  # a liked cuisine: its own stream, with a higher bound, covers it
        if len(entry.cuisines) > 1:
            if entry.slot in seen:
                continue
            seen.add(entry.slot)
        placed = geometry.locate(entry, stream.cell, reach_km)
        if placed is None:
            continue  # in a cell the route touches but out of reach itself
        examined += 1
        counted.add(entry.slot)
        detour_min = round(detour_minutes(placed.distance_km), 1)
        reason = rules.exclusion(entry, detour_min)
        if reason is not None:
            excluded[reason] += 1
            continue
        top.offer(entry, placed, detour_min, rules)

    return DiningResults(
        results=[_result(index, s, rules) for s in top.items],
        examined=examined,
        excluded=excluded,
        exhaustive=exhaustive,
    )


def _constrained_search(
    cells: list[CellHit],
    bonuses: list[float],
    geometry: RouteGeometry,
    reach_km: float,
    rules: _Constraints,
    top: _TopK,
    counted: set[int],
) -> tuple[_TopK, int]:
    """Best-first over only the restaurants that can pass. A cell's lists (see StaticList) are
    dropped whole when their static key fails, their cheapest spend is over budget, none of
    their schedules is open or their bound cannot reach the results (see `open_cell`).

    It goes on from the exact walk's `top`: the restaurants in `counted` were placed and judged
    there (offered to `top` if they passed), so they are skipped here, and a full top from the
    start stops the walk sooner. The answer is still the best of all that pass: every
    restaurant left unvisited has a bound below the final top's worst. Restaurants it locates
    within reach join `counted`; it answers the top and how many new ones were too far.
    `bonuses` are the exact walk's, per cell (`_CellSplit.bonus`).
    """
    budget = rules.budget
    # Per list signature: what cuisine adds when the list may pass, None when it cannot.
    verdicts: dict[int, float | None] = {}
    # (cell, its restaurants of one list, the list's bonus, what cuisine adds to each of them)
    streams: list[tuple[CellHit, list[DiningEntry], float, float]] = []
    # Every list that can pass honours all the dietary rules, so those of any one will do.
    first_rule = min(rules.dietary) if rules.dietary else None
    refined_base = _BOUND_SLACK - RATING_WEIGHT * RATING_BASELINE
    fixed = refined_base - DETOUR_WEIGHT_PER_MIN * PARKING_MIN

    def open_cell(cell: CellHit, bonus: float) -> None:
        """Add a stream for each of the cell's lists whose restaurants can pass and compete.

        Each list has its own bound (what its cuisine adds, its cheapest spend, its farthest
        place from the centre), usually well under the cell's. Lists come best-rated first and
        none can beat the cell's bound at its rating, so once the results are full the first
        list rated too low to reach their worst ends the cell: a dense cell's dozens of lists
        are mostly never read.
        """
        worst = top.worst if top.full else -math.inf
        # A list's bound is at most RATING_WEIGHT * its best rating + this (the cell's bound).
        cell_rest = bonus + most
        lists = (
            cell.bucket.by_rule.get(first_rule, ()) if first_rule is not None else cell.bucket.lists
        )
        # (detour_score(detour_minutes(least_offset_within(...))) inlined: thousands of lists
        # a search.)
        nearest = cell.min_offset_km
        centre_offset = nearest if geometry.is_point else cell.segments[0][0] * (1 - _SLACK)
        for same in lists:
            best_points = RATING_WEIGHT * same.best_rating
            if best_points + cell_rest < worst:
                break  # nor can any later (lower-rated) list
            if budget is not None and same.min_spend_cny > budget:
                continue
            verdict = verdicts.get(same.signature, _UNKNOWN)
            if verdict is _UNKNOWN:
                verdict = verdicts[same.signature] = (
                    rules.cuisine_bonus(same) if rules.may_pass(same) else None
                )
            if verdict is None:
                continue
            stream_bonus = (
                verdict
                + fixed
                + (PRICE_WEIGHT * max(0.0, 1 - same.min_spend_cny / budget) if budget else 0.0)
                - _DETOUR_PER_KM * max(nearest, centre_offset - same.far_km)
            )
            bound = best_points + stream_bonus
            if bound < worst:
                continue  # would only come up after the search has stopped
            heapq.heappush(heap, (-bound, len(streams), 0, False))
            streams.append((cell, same.entries, stream_bonus, verdict))

    # (-bound, number, position, refined). A cell (position -1, `number` in `reachable`) comes
    # up first with a bound for all of it: its best rating and the most cuisine can add; only
    # then are its lists sorted out, so cells that cannot compete cost one heap row. A
    # restaurant (a position in stream `number`) comes up with its stream's bound; one that can
    # pass goes back with its own, tighter one (its price, and its detour bounded by its
    # distance from the cell's centre), and is only located if that still competes.
    preferences, most = rules.preferences, rules.cuisine_bound

    def cell_bound(tops: dict[Cuisine, float]) -> float:
        """The best rating and cuisine points any restaurant of the cell can have: each is in
        the list of its best-liked cuisine, so its own is under that list's top."""
        bound = -math.inf
        for cuisine, rating in tops.items():
            if RATING_WEIGHT * rating + most <= bound:
                break  # tops are best-rated first: no later one can do better
            bound = max(
                bound, RATING_WEIGHT * rating + CUISINE_WEIGHT * preferences.get(cuisine, 0)
            )
        return bound

    reachable: list[tuple[CellHit, float]] = []
    heap: list[tuple[float, int, int, bool]] = []
    # Most cells of a wide corridor are too far off to compete with a full top: one sum each.
    worst = top.worst if top.full else -math.inf
    for cell, bonus in zip(cells, bonuses, strict=True):
        if RATING_WEIGHT * cell.bucket.best_rating + most + bonus < worst:
            continue
        if (
            rules.max_detour is not None
            and round(detour_minutes(cell.min_offset_km), 1) > rules.max_detour
        ):
            continue  # every restaurant of the cell is too far off
        best = bonus + (
            cell_bound(cell.bucket.cuisine_tops)
            if preferences
            else RATING_WEIGHT * cell.bucket.best_rating
        )
        heap.append((-best, len(reachable), -1, False))
        reachable.append((cell, bonus))
    heapq.heapify(heap)
    too_far = 0
    # Every stream is a list whose static key passes: per schedule, whether it is open.
    open_by_schedule: dict[int, bool] = {}
    while heap:
        neg_bound, number, position, refined = heapq.heappop(heap)
        if top.full and -neg_bound < top.worst:
            break
        if position < 0:
            open_cell(*reachable[number])
            continue
        cell, entries, bonus, cuisine = streams[number]
        entry = entries[position]
        if not refined:
            if position + 1 < len(entries):
                following = RATING_WEIGHT * entries[position + 1].rating + bonus
                heapq.heappush(heap, (-following, number, position + 1, False))
            if budget is not None and entry.avg_spend_cny > budget:
                continue  # ruled out without its place: not examined
            is_open = open_by_schedule.get(entry.schedule_no)
            if is_open is None:
                is_open = open_by_schedule[entry.schedule_no] = rules.is_open(entry)
            if not is_open or entry.slot in counted:
                continue  # ruled out, or placed and judged by the exact walk
            own = (
                RATING_WEIGHT * entry.rating
                + cuisine
                + (PRICE_WEIGHT * max(0.0, 1 - entry.avg_spend_cny / budget) if budget else 0.0)
                + refined_base
                + detour_score(detour_minutes(geometry.least_offset_km(entry, cell)))
            )
            if own < -neg_bound:
                heapq.heappush(heap, (-own, number, position, True))
                continue
        placed = geometry.locate(entry, cell, reach_km)
        if placed is None:
            continue
        counted.add(entry.slot)
        detour_min = round(detour_minutes(placed.distance_km), 1)
        if rules.max_detour is not None and detour_min > rules.max_detour:
            too_far += 1
            continue
        top.offer(entry, placed, detour_min, rules)
    return top, too_far


# What each km off the route costs in score (there and back at town speed), for bounds.
_DETOUR_PER_KM = DETOUR_WEIGHT_PER_MIN * 2 / TOWN_SPEED_KMH * 60
_UNKNOWN = math.nan  # a verdict not decided yet (a float, so the dict stays typed)


class _Stream:
    """Restaurants of one cell, best-rated first, that share one bound on the rest of the score.

    `bonus` + RATING_WEIGHT * rating bounds the score of each: it adds the most their cuisine
    can give, the most price can give, the shortest detour in the cell and rounding slack.
    (A plain slotted class: a search makes one per cell it reaches and liked cuisine.)
    """

    __slots__ = ("bonus", "cell", "entries", "skip")

    def __init__(
        self,
        cell: CellHit,
        entries: list[DiningEntry],
        bonus: float,
        skip: frozenset[Cuisine] | None,  # cuisines left to other streams
    ) -> None:
        self.cell = cell
        self.entries = entries
        self.bonus = bonus
        self.skip = skip


class _CellSplit:
    """How one search splits each cell into streams by how much cuisine can add, so a driver who
    loves Sichuan food gets the Sichuan places examined first instead of every well-rated place
    in the corridor.

    A cell is split only when the walk reaches it (`bound` is the best its streams could start
    at): a long corridor has a thousand cells and a walk reaches a few.
    """

    def __init__(self, rules: _Constraints) -> None:
        self.base = rules.price_bound + _BOUND_SLACK - RATING_WEIGHT * RATING_BASELINE
        self.wanted = sorted(rules.wanted) if rules.wanted is not None else None
        self.wanted_set = rules.wanted
        self.wanted_bonus = rules.cuisine_bound
        self.liked = sorted((c, CUISINE_WEIGHT * v) for c, v in rules.preferences.items() if v > 0)
        self.liked_set = frozenset(c for c, _ in self.liked) or None
        # The most streams a cell can have: stream k of cell i is numbered i * width + k, the
        # order a split of every cell up front would have numbered them in.
        self.width = 1 + len(self.wanted if self.wanted is not None else self.liked)

    def bonus(self, cell: CellHit) -> float:
        """The most price and the cell's shortest detour can add to any of its restaurants."""
        return self.base + detour_score(detour_minutes(cell.min_offset_km))

    def bound(self, cell: CellHit, bonus: float) -> float:
        """The best score any stream of the cell could start at (that of `streams`' first)."""
        tops = cell.bucket.cuisine_tops
        best = -math.inf
        if self.wanted is not None:
            for cuisine in self.wanted:
                rating = tops.get(cuisine)
                if rating is not None and rating > best:
                    best = rating
            # Summed as the walk sums a stream's bound, so the two agree to the last bit.
            return RATING_WEIGHT * best + (bonus + self.wanted_bonus)
        best = RATING_WEIGHT * cell.bucket.best_rating + bonus
        for cuisine, points in self.liked:
            rating = tops.get(cuisine)
            if rating is not None:
                best = max(best, RATING_WEIGHT * rating + (bonus + points))
        return best

    def streams(self, cell: CellHit, bonus: float) -> list[_Stream]:
        by_cuisine = cell.bucket.by_cuisine
        out: list[_Stream] = []
        if self.wanted is not None:
            # Only asked-for cuisines can be suggested; the best-liked cuisine bounds them all.
            for cuisine in self.wanted:
                if cuisine in by_cuisine:
                    out.append(_Stream(cell, by_cuisine[cuisine], bonus + self.wanted_bonus, None))
            # The rest can only be counted as excluded: visit them last, and only when the
            # results are short anyway (an exhaustive search must explain itself).
            out.append(_Stream(cell, cell.bucket.entries, -math.inf, self.wanted_set))
            return out
        out.append(_Stream(cell, cell.bucket.entries, bonus, self.liked_set))
        for cuisine, points in self.liked:
            if cuisine in by_cuisine:
                out.append(_Stream(cell, by_cuisine[cuisine], bonus + points, None))
        return out


def _result(index: DiningIndex, scored: _Scored, rules: _Constraints) -> DiningResult:
    entry = scored.entry
    restaurant = index.restaurant(entry)
    until: datetime | None = None
    if rules.open_at is not None:
        span = entry.schedule.open_span(rules.open_at)
        until = span.until if span else None
    return DiningResult(
        restaurant=restaurant,
        score=scored.score,
        score_breakdown=ScoreBreakdown(
            cuisine=scored.breakdown[0],
            rating=scored.breakdown[1],
            price=scored.breakdown[2],
            detour=scored.breakdown[3],
        ),
        distance_km=scored.distance_km,
        detour_min=scored.detour_min,
        along_route_km=scored.along_km,
        open_until=until,
        open_24h=entry.schedule.always_open,
        reasons=_reasons(restaurant, scored, rules, until),
    )


_LIKING: dict[int, Bilingual] = {
    3: bi("最爱的菜系", "Loved cuisine"),
    2: bi("偏爱的菜系", "Preferred cuisine"),
    1: bi("喜欢的菜系", "Liked cuisine"),
    -1: bi("不太想吃的菜系", "Cuisine you'd rather avoid"),
}


def _reasons(
    restaurant: Restaurant, scored: _Scored, rules: _Constraints, until: datetime | None
) -> list[Bilingual]:
    """Why this place was chosen, in the order a person would say it."""
    out: list[Bilingual] = []
    _, cuisine = rules.cuisine_score(scored.entry)
    value = rules.preferences.get(cuisine, 0) if cuisine else 0
    if cuisine is not None and value in _LIKING:
        label, liking = CUISINE_LABELS[cuisine], _LIKING[value]
        out.append(
            bi(f"{liking.zh}：{label.zh}（{value:+d}）", f"{liking.en}: {label.en} ({value:+d})")
        )
    elif rules.wanted is not None:
        asked = [c for c in restaurant.cuisines if c in rules.wanted]
        zh = "、".join(CUISINE_LABELS[c].zh for c in asked)
        en = ", ".join(CUISINE_LABELS[c].en for c in asked)
        out.append(bi(f"符合你要的菜系：{zh}", f"The cuisine you asked for: {en}"))
    out.append(
        bi(
            f"评分{restaurant.rating:.1f}，口味{restaurant.sub_ratings.taste:.1f}",
            f"{restaurant.rating:.1f}★, taste {restaurant.sub_ratings.taste:.1f}",
        )
    )
    spend = f"¥{restaurant.avg_spend_cny:.0f}"
    if rules.budget:
        budget = f"¥{rules.budget:.0f}"
        out.append(
            bi(
                f"人均{spend}，在你的{budget}预算内",
                f"{spend} per person, within your {budget} budget",
            )
        )
    else:
        out.append(bi(f"人均{spend}", f"{spend} per person"))
    if scored.entry.schedule.always_open:
        out.append(bi("24小时营业", "Open 24 hours"))
    elif until is not None and rules.open_at is not None:
        hhmm = until.astimezone(CHINA_TZ).strftime("%H:%M")
        if until.astimezone(CHINA_TZ).date() > rules.open_at.astimezone(CHINA_TZ).date():
            out.append(bi(f"营业至次日{hhmm}", f"Open until {hhmm} (next day)"))
        else:
            out.append(bi(f"营业至{hhmm}", f"Open until {hhmm}"))
    km, minutes = f"{scored.distance_km:.1f}", f"{scored.detour_min:.0f}"
    if scored.along_km is None:
        out.append(
            bi(
                f"距离{km}公里，往返约{minutes}分钟",
                f"{km} km away, about {minutes} min there and back",
            )
        )
    else:
        out.append(
            bi(
                f"离路线{km}公里，绕行约{minutes}分钟",
                f"{km} km off the route, about {minutes} min detour",
            )
        )
    out.extend(_dietary_reasons(restaurant, rules))
    if rules.party is not None and rules.party.children:
        out.append(bi("适合带孩子", "Kid-friendly"))
    if restaurant.attributes.parking:
        out.append(bi("有停车位", "Parking"))
    if restaurant.attributes.ev_charging_on_site:
        out.append(bi("店内可充电", "EV charging on site"))
    if restaurant.at_service_area:
        out.append(bi("位于高速服务区", "In an expressway service area"))
    return out


def _dietary_reasons(restaurant: Restaurant, rules: _Constraints) -> list[Bilingual]:
    out: list[Bilingual] = []
    if DietaryRule.VEGETARIAN in rules.dietary:
        dishes = restaurant.vegetarian_dishes()
        if dishes:
            zh = "、".join(d.name.zh for d in dishes[:2])
            en = ", ".join(d.name.en for d in dishes[:2])
            out.append(bi(f"有素菜：{zh}", f"Vegetarian dishes: {en}"))
        else:
            out.append(bi("提供素食", "Vegetarian options"))
    if DietaryRule.HALAL in rules.dietary:
        out.append(bi("清真", "Halal"))
    if DietaryRule.NO_SPICY in rules.dietary:
        out.append(bi("有不辣的菜", "Non-spicy dishes available"))
    return out
