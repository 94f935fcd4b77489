"""Travel Companion's domain errors (mapped to HTTP problems by the app layer)."""

from __future__ import annotations

from agents.errors import DomainError, ErrorKind
from agents.text import Bilingual


class PlaceNotFound(DomainError):
    """A place name that resolves to nothing; `suggestions` are the closest known names."""

    kind = ErrorKind.NOT_FOUND
    code = "PLACE_NOT_FOUND"

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        tried = "、".join(suggestions)
        super().__init__(
            Bilingual(
                zh=f"找不到地点「{query}」" + (f"，您是不是要找：{tried}" if suggestions else ""),
                en=f"No place called '{query}'"
                + (f"; did you mean: {', '.join(suggestions)}" if suggestions else ""),
            ),
            hint="Places resolve by id, Chinese or English name and aliases (case-insensitive).",
            extra={"query": query, "suggestions": suggestions},
        )


class OutsideRoadNetwork(DomainError):
    """Coordinates too far from every node of the road graph to be snapped onto it."""

    kind = ErrorKind.INVALID
    code = "OUTSIDE_ROAD_NETWORK"

    def __init__(self, lat: float, lon: float, nearest_km: float | None) -> None:
        super().__init__(
            Bilingual(
                zh=f"坐标 ({lat:.4f}, {lon:.4f}) 不在路网覆盖范围内",
                en=f"({lat:.4f}, {lon:.4f}) is outside the covered road network",
            ),
            hint="The simulated road network covers the Yangtze River Delta and the "
            "Shanghai–Beijing corridor.",
            extra={"nearest_node_km": nearest_km},
        )


class NoRoute(DomainError):
    """Two places the road graph cannot connect."""

    kind = ErrorKind.INVALID
    code = "NO_ROUTE"

    def __init__(self, origin: str, destination: str) -> None:
        super().__init__(
            Bilingual(
                zh=f"{origin} 与 {destination} 之间没有可行路线",
                en=f"No road connects {origin} and {destination}",
            ),
            extra={"origin": origin, "destination": destination},
        )


class TripNotPlayable(DomainError):
    """Playback of a plan that has no timeline (an infeasible plan)."""

    kind = ErrorKind.CONFLICT
    code = "TRIP_INFEASIBLE"

    def __init__(self) -> None:
        super().__init__(
            Bilingual(zh="该行程不可行，无法开始", en="This trip is infeasible and cannot start"),
        )
