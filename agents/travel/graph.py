"""The road graph: expressway and urban segments between places, and snapping onto it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from pydantic import Field

from agents.fixtures import FixtureError, FixtureProblem
from agents.text import Bilingual
from agents.travel.errors import OutsideRoadNetwork
from agents.travel.geo import GridIndex, haversine_km
from agents.travel.places import Place, PlaceDirectory
from agents.world.models import Coordinates, Model


class RoadClass(StrEnum):
    EXPRESSWAY = "expressway"
    URBAN = "urban"


# Traffic, ramps and toll gates: people average well below the limit. The ratios are what a
# navigation app's ETA on the G2 / a Shanghai elevated road roughly implies.
AVERAGE_SPEED_FACTOR: dict[RoadClass, float] = {RoadClass.EXPRESSWAY: 0.85, RoadClass.URBAN: 0.6}
# A coordinate further than this from every node is outside the network, not "near Shanghai".
MAX_SNAP_KM = 60.0


class RoadSegment(Model):
    start: str
    end: str
    distance_km: float = Field(gt=0, le=500)
    speed_limit_kmh: int | None = Field(default=None, ge=20, le=130)


class Road(Model):
    """A named road (`number` like "G2" for national expressways) as a chain of segments."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,40}$")
    number: str | None = Field(default=None, examples=["G2"])
    name: Bilingual
    road_class: RoadClass
    speed_limit_kmh: int = Field(ge=20, le=130)
    segments: list[RoadSegment] = Field(min_length=1)

    def label(self) -> Bilingual:
        """How instructions name the road: "G2 京沪高速" / "G2 Beijing–Shanghai Expressway"."""
        if self.number is None:
            return self.name
        return Bilingual(zh=f"{self.number} {self.name.zh}", en=f"{self.number} {self.name.en}")


@dataclass(frozen=True, slots=True)
class Edge:
    """One direction of a road segment."""

    start: str
    end: str
    road: Road
    distance_km: float
    speed_limit_kmh: int
    average_speed_kmh: float

    @property
    def duration_s(self) -> float:
        return self.distance_km / self.average_speed_kmh * 3600


class RoadGraph:
    """Places as nodes, road segments as undirected edges, with a spatial index of the nodes."""

    def __init__(self, places: PlaceDirectory, roads: Sequence[Road]) -> None:
        self.places = places
        self.roads = {road.id: road for road in roads}
        self.adjacency: dict[str, list[Edge]] = {pid: [] for pid in places.by_id}
        self._nodes: GridIndex[Place] = GridIndex(cell_deg=0.25)
        for place in places.by_id.values():
            self._nodes.add(place.coordinates, place)
        for road in roads:
            for seg in road.segments:
                limit = seg.speed_limit_kmh or road.speed_limit_kmh
                average = limit * AVERAGE_SPEED_FACTOR[road.road_class]
                for a, b in ((seg.start, seg.end), (seg.end, seg.start)):
                    self.adjacency[a].append(Edge(a, b, road, seg.distance_km, limit, average))

    def place(self, place_id: str) -> Place:
        return self.places.by_id[place_id]

    def snap(self, coords: Coordinates) -> tuple[Place, float]:
        """The graph node nearest to `coords` and its straight-line distance in km."""
        near = self._nodes.near(coords, MAX_SNAP_KM)
        connected = [(d, p) for d, p in near if self.adjacency[p.id]]
        if not connected:
            raise OutsideRoadNetwork(coords.lat, coords.lon, None)
        distance, place = connected[0]
        return place, distance


def build_road_graph(
    places: Iterable[Place], roads: Sequence[Road], *, source: str = "roads.json"
) -> RoadGraph:
    """Check that every segment joins known places and is not shorter than the straight line,
    then build the graph. Problems are reported as FixtureError naming `source`."""
    directory = PlaceDirectory(places)
    problems: list[FixtureProblem] = []
    seen_roads: set[str] = set()
    for r, road in enumerate(roads):
        if road.id in seen_roads:
            problems.append(FixtureProblem(source, f"$[{r}].id", f"duplicate road id {road.id!r}"))
        seen_roads.add(road.id)
        for s, seg in enumerate(road.segments):
            path = f"$[{r}].segments[{s}]"
            missing = [pid for pid in (seg.start, seg.end) if pid not in directory.by_id]
            for pid in missing:
                problems.append(FixtureProblem(source, path, f"unknown place id {pid!r}"))
            if missing:
                continue
            if seg.start == seg.end:
                problems.append(FixtureProblem(source, path, "a segment must join two places"))
                continue
            crow_km = haversine_km(
                directory.by_id[seg.start].coordinates, directory.by_id[seg.end].coordinates
            )
            if seg.distance_km < crow_km * 0.98:
                problems.append(
                    FixtureProblem(
                        source,
                        f"{path}.distance_km",
                        f"{seg.distance_km} km is shorter than the straight line "
                        f"({crow_km:.1f} km)",
                    )
                )
    if problems:
        raise FixtureError(problems)
    return RoadGraph(directory, roads)
