"""Routing over the road graph: fastest path (Dijkstra), legs per waypoint pair, OSRM-style steps
with bilingual written and spoken instructions, GeoJSON geometry."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from agents.text import Bilingual
from agents.travel.errors import NoRoute
from agents.travel.geo import bearing_deg_raw, haversine_km
from agents.travel.graph import Edge, RoadClass, RoadGraph
from agents.world.models import Coordinates, Model

PlaceQuery = str | Coordinates
"""A place id, name or alias ("杭州", "West Lake"), or coordinates snapped onto the graph."""

# Off the graph (from a raw coordinate to the nearest node) people drive local roads.
ACCESS_ROAD_FACTOR = 1.3
ACCESS_SPEED_KMH = 35.0

ManeuverType = Literal["depart", "merge", "fork", "turn", "off ramp", "continue", "arrive"]
Modifier = Literal[
    "straight", "slight right", "right", "sharp right", "uturn", "sharp left", "left", "slight left"
]


class LineString(Model):
    """GeoJSON LineString; positions are [lon, lat]."""

    type: Literal["LineString"] = "LineString"
    coordinates: list[tuple[float, float]] = Field(min_length=1)

    @classmethod
    def from_points(cls, points: Sequence[Coordinates]) -> LineString:
        return cls(coordinates=[(round(p.lon, 6), round(p.lat, 6)) for p in points])

    def points(self) -> list[Coordinates]:
        return [Coordinates(lat=lat, lon=lon) for lon, lat in self.coordinates]


class Endpoint(Model):
    """Where a leg starts or ends: a graph place, or a coordinate with the node it joins."""

    place_id: str = Field(description="The graph node the endpoint is at or snapped to")
    name: Bilingual
    coordinates: Coordinates


class Maneuver(Model):
    type: ManeuverType
    modifier: Modifier | None = None
    location: Coordinates
    bearing_before: int = Field(ge=0, lt=360)
    bearing_after: int = Field(ge=0, lt=360)


class RouteStep(Model):
    distance_km: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    road: Bilingual | None = None
    maneuver: Maneuver
    instruction: Bilingual
    spoken: Bilingual = Field(description="Text written to be spoken, with the distance to go")
    geometry: LineString


class RouteLeg(Model):
    start: Endpoint
    end: Endpoint
    distance_km: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    steps: list[RouteStep]
    geometry: LineString


class Route(Model):
    origin: Endpoint
    destination: Endpoint
    waypoints: list[Endpoint] = Field(default_factory=list)
    distance_km: float = Field(ge=0)
    duration_s: float = Field(ge=0)
    legs: list[RouteLeg]
    geometry: LineString


@dataclass(frozen=True, slots=True)
class PathSegment:
    """One straight piece of the routed path with the speed driven on it (planner input)."""

    leg: int
    start: Coordinates
    end: Coordinates
    start_place: str | None
    end_place: str | None
    distance_km: float
    average_speed_kmh: float
    road_label: Bilingual | None
    road_id: str | None
    road_class: RoadClass

    @property
    def duration_s(self) -> float:
        return self.distance_km / self.average_speed_kmh * 3600


@dataclass(frozen=True, slots=True)
class RoutedPath:
    route: Route
    segments: list[PathSegment]
    endpoints: list[Endpoint]


def route(
    graph: RoadGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    waypoints: Sequence[PlaceQuery] = (),
) -> Route:
    """The fastest route from origin via the waypoints to destination."""
    return find_route(graph, origin, destination, waypoints).route


def find_route(
    graph: RoadGraph,
    origin: PlaceQuery,
    destination: PlaceQuery,
    waypoints: Sequence[PlaceQuery] = (),
) -> RoutedPath:
    """Like `route`, also returning the raw path segments the planner and playback need."""
    stops = [_locate(graph, q) for q in (origin, *waypoints, destination)]
    segments: list[PathSegment] = []
    legs: list[RouteLeg] = []
    for leg_index, (a, b) in enumerate(itertools.pairwise(stops)):
        leg_segments = _leg_segments(graph, leg_index, a, b)
        segments.extend(leg_segments)
        legs.append(_build_leg(graph, a.endpoint, b.endpoint, leg_segments))
    points = _points(segments) or [stops[0].endpoint.coordinates]
    result = Route(
        origin=stops[0].endpoint,
        destination=stops[-1].endpoint,
        waypoints=[s.endpoint for s in stops[1:-1]],
        distance_km=round(sum(s.distance_km for s in segments), 1),
        duration_s=round(sum(s.duration_s for s in segments)),
        legs=legs,
        geometry=LineString.from_points(points),
    )
    return RoutedPath(result, segments, [s.endpoint for s in stops])


@dataclass(frozen=True, slots=True)
class _Located:
    endpoint: Endpoint
    off_graph_km: float  # straight line from the coordinate to its node; 0 for places


def _locate(graph: RoadGraph, query: PlaceQuery) -> _Located:
    if isinstance(query, Coordinates):
        place, distance = graph.snap(query)
        if distance < 0.05:
            return _Located(Endpoint(place_id=place.id, name=place.name, coordinates=query), 0.0)
        name = Bilingual(
            zh=f"{place.name.zh}附近 ({query.lat:.4f}, {query.lon:.4f})",
            en=f"near {place.name.en} ({query.lat:.4f}, {query.lon:.4f})",
        )
        return _Located(Endpoint(place_id=place.id, name=name, coordinates=query), distance)
    place = graph.places.resolve(query)
    return _Located(Endpoint(place_id=place.id, name=place.name, coordinates=place.coordinates), 0)


def _access_segment(
    leg: int, a: Coordinates, b: Coordinates, a_place: str | None, b_place: str | None
) -> PathSegment:
    return PathSegment(
        leg=leg,
        start=a,
        end=b,
        start_place=a_place,
        end_place=b_place,
        distance_km=haversine_km(a, b) * ACCESS_ROAD_FACTOR,
        average_speed_kmh=ACCESS_SPEED_KMH,
        road_label=None,
        road_id=None,
        road_class=RoadClass.URBAN,
    )


def _leg_segments(graph: RoadGraph, leg: int, a: _Located, b: _Located) -> list[PathSegment]:
    out: list[PathSegment] = []
    a_node, b_node = a.endpoint.place_id, b.endpoint.place_id
    if a.off_graph_km > 0:
        node = graph.place(a_node).coordinates
        out.append(_access_segment(leg, a.endpoint.coordinates, node, None, a_node))
    for edge in _fastest_path(graph, a_node, b_node):
        out.append(
            PathSegment(
                leg=leg,
                start=graph.place(edge.start).coordinates,
                end=graph.place(edge.end).coordinates,
                start_place=edge.start,
                end_place=edge.end,
                distance_km=edge.distance_km,
                average_speed_kmh=edge.average_speed_kmh,
                road_label=edge.road.label(),
                road_id=edge.road.id,
                road_class=edge.road.road_class,
            )
        )
    if b.off_graph_km > 0:
        node = graph.place(b_node).coordinates
        out.append(_access_segment(leg, node, b.endpoint.coordinates, b_node, None))
    return out


def _fastest_path(graph: RoadGraph, start: str, goal: str) -> list[Edge]:
    if start == goal:
        return []
    best: dict[str, float] = {start: 0.0}
    came_by: dict[str, Edge] = {}
    queue: list[tuple[float, str]] = [(0.0, start)]
    while queue:
        elapsed, node = heapq.heappop(queue)
        if node == goal:
            break
        if elapsed > best[node]:
            continue
        for edge in graph.adjacency[node]:
            t = elapsed + edge.duration_s
            if t < best.get(edge.end, float("inf")):
                best[edge.end] = t
                came_by[edge.end] = edge
                heapq.heappush(queue, (t, edge.end))
    if goal not in came_by:
        raise NoRoute(graph.place(start).name.en, graph.place(goal).name.en)
    path: list[Edge] = []
    node = goal
    while node != start:
        edge = came_by[node]
        path.append(edge)
        node = edge.start
    path.reverse()
    return path


def _points(segments: Sequence[PathSegment]) -> list[Coordinates]:
    points: list[Coordinates] = []
    for seg in segments:
        if not points or points[-1] != seg.start:
            points.append(seg.start)
        points.append(seg.end)
    return points


def _bearing(seg: PathSegment) -> float:
    return bearing_deg_raw(seg.start.lat, seg.start.lon, seg.end.lat, seg.end.lon)


_COMPASS = [
    ("北", "north"),
    ("东北", "northeast"),
    ("东", "east"),
    ("东南", "southeast"),
    ("南", "south"),
    ("西南", "southwest"),
    ("西", "west"),
    ("西北", "northwest"),
]


def _compass(bearing: float) -> tuple[str, str]:
    return _COMPASS[round(bearing / 45) % 8]


def _modifier(before: float, after: float) -> Modifier:
    delta = (after - before + 540) % 360 - 180  # -180..180, positive = to the right
    size = abs(delta)
    if size < 12:
        return "straight"
    if size > 170:
        return "uturn"
    right = delta > 0
    if size < 45:
        return "slight right" if right else "slight left"
    if size < 135:
        return "right" if right else "left"
    return "sharp right" if right else "sharp left"


_SIDE_ZH = {"left": "左", "right": "右"}


def _build_leg(
    graph: RoadGraph, start: Endpoint, end: Endpoint, segments: Sequence[PathSegment]
) -> RouteLeg:
    steps: list[RouteStep] = []
    groups = [list(g) for _, g in itertools.groupby(segments, key=lambda s: s.road_id)]
    previous: PathSegment | None = None
    for group in groups:
        first = group[0]
        bearing_after = _bearing(first)
        bearing_before = _bearing(previous) if previous else bearing_after
        kind, modifier = _maneuver_kind(previous, first, bearing_before, bearing_after)
        where = graph.place(first.start_place).name if first.start_place else start.name
        instruction = _instruction(kind, modifier, first, where, start.name, bearing_after)
        distance = sum(s.distance_km for s in group)
        steps.append(
            RouteStep(
                distance_km=round(distance, 1),
                duration_s=round(sum(s.duration_s for s in group)),
                road=first.road_label,
                maneuver=Maneuver(
                    type=kind,
                    modifier=modifier,
                    location=first.start,
                    bearing_before=round(bearing_before) % 360,
                    bearing_after=round(bearing_after) % 360,
                ),
                instruction=instruction,
                spoken=_spoken(instruction, distance),
                geometry=LineString.from_points(_points(group)),
            )
        )
        previous = group[-1]
    last_bearing = _bearing(previous) if previous else 0.0
    steps.append(
        RouteStep(
            distance_km=0,
            duration_s=0,
            maneuver=Maneuver(
                type="arrive",
                location=end.coordinates,
                bearing_before=round(last_bearing) % 360,
                bearing_after=0,
            ),
            instruction=Bilingual(zh=f"到达{end.name.zh}", en=f"Arrive at {end.name.en}"),
            spoken=Bilingual(zh=f"您已到达{end.name.zh}", en=f"You have arrived at {end.name.en}."),
            geometry=LineString.from_points([end.coordinates]),
        )
    )
    points = _points(segments) or [start.coordinates]
    return RouteLeg(
        start=start,
        end=end,
        distance_km=round(sum(s.distance_km for s in segments), 1),
        duration_s=round(sum(s.duration_s for s in segments)),
        steps=steps,
        geometry=LineString.from_points(points),
    )


def _maneuver_kind(
    previous: PathSegment | None, current: PathSegment, before: float, after: float
) -> tuple[ManeuverType, Modifier | None]:
    if previous is None:
        return "depart", None
    modifier = _modifier(before, after)
    was_fast = previous.road_class is RoadClass.EXPRESSWAY and previous.road_id is not None
    is_fast = current.road_class is RoadClass.EXPRESSWAY and current.road_id is not None
    if is_fast and not was_fast:
        return "merge", modifier
    if was_fast and not is_fast:
        return "off ramp", modifier
    if was_fast and is_fast:
        return "fork", modifier
    return ("continue" if modifier == "straight" else "turn"), modifier


def _side(modifier: Modifier | None) -> tuple[str, str]:
    if modifier and ("left" in modifier or "right" in modifier):
        side = "left" if "left" in modifier else "right"
        return _SIDE_ZH[side], side
    return "直行", "straight"


def _instruction(
    kind: ManeuverType,
    modifier: Modifier | None,
    seg: PathSegment,
    where: Bilingual,
    origin: Bilingual,
    bearing: float,
) -> Bilingual:
    road = seg.road_label or Bilingual(zh="地面道路", en="local roads")
    side_zh, side_en = _side(modifier)
    if kind == "depart":
        dir_zh, dir_en = _compass(bearing)
        return Bilingual(
            zh=f"从{origin.zh}出发，向{dir_zh}沿{road.zh}行驶",
            en=f"Depart from {origin.en} heading {dir_en} on {road.en}",
        )
    if kind == "merge":
        return Bilingual(zh=f"在{where.zh}汇入{road.zh}", en=f"At {where.en}, merge onto {road.en}")
    if kind == "off ramp":
        return Bilingual(
            zh=f"在{where.zh}驶出，进入{road.zh}",
            en=f"At {where.en}, take the exit onto {road.en}",
        )
    if kind == "fork":
        keep_zh = "保持直行" if side_en == "straight" else f"靠{side_zh}"
        keep_en = "continue straight" if side_en == "straight" else f"keep {side_en}"
        return Bilingual(
            zh=f"在{where.zh}{keep_zh}，进入{road.zh}",
            en=f"At {where.en}, {keep_en} onto {road.en}",
        )
    if kind == "turn":
        return Bilingual(
            zh=f"在{where.zh}{side_zh}转进入{road.zh}",
            en=f"At {where.en}, turn {side_en} onto {road.en}",
        )
    return Bilingual(zh=f"继续沿{road.zh}行驶", en=f"Continue on {road.en}")


def _spoken(instruction: Bilingual, distance_km: float) -> Bilingual:
    if distance_km >= 1:
        zh_dist, en_dist = f"{round(distance_km)}公里", f"{round(distance_km)} kilometres"
    else:
        zh_dist, en_dist = (
            f"{round(distance_km * 1000, -1):.0f}米",
            (f"{round(distance_km * 1000, -1):.0f} metres"),
        )
    return Bilingual(
        zh=f"{instruction.zh}，然后继续行驶{zh_dist}。",
        en=f"{instruction.en}, then continue for {en_dist}.",
    )
