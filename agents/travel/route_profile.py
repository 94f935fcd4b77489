"""A routed path as cumulative arrays over its vertices: road km, time, energy, fuel.

Each path segment is driven at one speed, so within a segment all of them grow linearly with
the road kilometre; interpolating these arrays is exact, and the planner, the timeline and
playback all read the same numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from agents.travel.energy import consumption_kwh_per_100km, fuel_l_per_100km
from agents.travel.geo import bearing_deg_raw, haversine_km_raw
from agents.travel.routing import PathSegment
from agents.world.models import Coordinates, VehicleSpec


@dataclass(frozen=True)
class RouteProfile:
    lat: list[float]
    lon: list[float]
    place_ids: list[str | None]
    road_km: list[float]
    geo_km: list[float]
    time_s: list[float]
    energy_kwh: list[float]
    fuel_l: list[float]
    leg_end_km: list[float]

    @property
    def total_km(self) -> float:
        return self.road_km[-1]

    def points(self) -> list[Coordinates]:
        return [Coordinates(lat=a, lon=o) for a, o in zip(self.lat, self.lon, strict=True)]

    def _segment(self, km: float) -> tuple[int, float]:
        """Segment index and fraction along it for a road kilometre (clamped to the route)."""
        last = len(self.road_km) - 1
        if last == 0 or km <= 0:
            return 0, 0.0
        if km >= self.road_km[-1]:
            return last - 1, 1.0
        i = bisect.bisect_right(self.road_km, km) - 1
        i = min(i, last - 1)
        length = self.road_km[i + 1] - self.road_km[i]
        return i, 0.0 if length == 0 else (km - self.road_km[i]) / length

    def value_at(self, series: list[float], km: float) -> float:
        if len(series) == 1:
            return series[0]
        i, f = self._segment(km)
        return series[i] + (series[i + 1] - series[i]) * f

    def position_at(self, km: float) -> tuple[float, float, float]:
        """(lat, lon, heading) at a road kilometre."""
        if len(self.lat) == 1:
            return self.lat[0], self.lon[0], 0.0
        i, f = self._segment(km)
        lat = self.lat[i] + (self.lat[i + 1] - self.lat[i]) * f
        lon = self.lon[i] + (self.lon[i + 1] - self.lon[i]) * f
        heading = bearing_deg_raw(self.lat[i], self.lon[i], self.lat[i + 1], self.lon[i + 1])
        return lat, lon, heading

    def km_where(self, series: list[float], value: float) -> float:
        """The road kilometre where a non-decreasing series reaches `value` (clamped)."""
        if value <= series[0]:
            return 0.0
        if value >= series[-1]:
            return self.road_km[-1]
        i = bisect.bisect_left(series, value) - 1
        span = series[i + 1] - series[i]
        f = 0.0 if span == 0 else (value - series[i]) / span
        return self.road_km[i] + (self.road_km[i + 1] - self.road_km[i]) * f

    def road_km_from_geo(self, geo: float) -> float:
        """Convert a distance along the straight-line geometry into road kilometres."""
        if geo <= 0:
            return 0.0
        if geo >= self.geo_km[-1]:
            return self.road_km[-1]
        i = bisect.bisect_right(self.geo_km, geo) - 1
        span = self.geo_km[i + 1] - self.geo_km[i]
        f = 0.0 if span == 0 else (geo - self.geo_km[i]) / span
        return self.road_km[i] + (self.road_km[i + 1] - self.road_km[i]) * f

    def leg_at(self, km: float) -> int:
        for i, end in enumerate(self.leg_end_km):
            if km <= end + 1e-9:
                return i
        return len(self.leg_end_km) - 1


def build_profile(
    segments: Sequence[PathSegment],
    origin: Coordinates,
    spec: VehicleSpec,
    outside_temp_c: float,
    leg_count: int,
) -> RouteProfile:
    lat, lon = [origin.lat], [origin.lon]
    place_ids: list[str | None] = [segments[0].start_place if segments else None]
    road, geo, time, energy, fuel = [0.0], [0.0], [0.0], [0.0], [0.0]
    leg_end = [0.0] * leg_count
    electric = spec.consumption_kwh_per_100km is not None
    burns_fuel = spec.fuel_l_per_100km is not None
    for seg in segments:
        if seg.distance_km <= 0:
            continue
        speed = seg.average_speed_kmh
        lat.append(seg.end.lat)
        lon.append(seg.end.lon)
        place_ids.append(seg.end_place)
        road.append(road[-1] + seg.distance_km)
        crow = haversine_km_raw(seg.start.lat, seg.start.lon, seg.end.lat, seg.end.lon)
        geo.append(geo[-1] + crow)
        time.append(time[-1] + seg.duration_s)
        kwh = consumption_kwh_per_100km(spec, speed, outside_temp_c) if electric else 0.0
        energy.append(energy[-1] + seg.distance_km * kwh / 100)
        litres = fuel_l_per_100km(spec, speed, outside_temp_c) if burns_fuel else 0.0
        fuel.append(fuel[-1] + seg.distance_km * litres / 100)
        leg_end[seg.leg] = road[-1]
    for i in range(1, leg_count):  # legs without distance end where the previous one ended
        leg_end[i] = max(leg_end[i], leg_end[i - 1])
    return RouteProfile(lat, lon, place_ids, road, geo, time, energy, fuel, leg_end)
