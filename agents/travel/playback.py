"""Trip playback: where a planned trip is after some time on the clock. A pure function of the
plan and the elapsed seconds; the world clock calls it to move a car along its trip."""

from __future__ import annotations

import bisect

from pydantic import Field

from agents.travel.errors import TripNotPlayable
from agents.travel.plan_models import Phase, PlanStatus, TripPlan
from agents.world.models import Coordinates, Model


class TripProgress(Model):
    elapsed_s: float
    coordinates: Coordinates
    heading_deg: float = Field(ge=0, lt=360)
    speed_kmh: float
    distance_done_km: float
    distance_remaining_km: float
    time_remaining_s: float
    soc_pct: float | None
    fuel_pct: float | None
    phase: Phase
    stop_index: int | None = Field(description="The stop the car is at, while stopped")
    next_stop_index: int | None = Field(description="The next stop ahead, while driving")


def arrival_s(plan: TripPlan) -> float:
    """Seconds after the start from which the car has arrived (the plan reports whole seconds)."""
    return min(plan.track[-1].t_s, float(plan.total_time_s)) if plan.track else 0.0


def progress_at(plan: TripPlan, elapsed_s: float) -> TripProgress:
    track = plan.track
    if plan.status is not PlanStatus.OK or not track:
        raise TripNotPlayable()
    end = track[-1]
    finish = arrival_s(plan)
    t = min(max(0.0, elapsed_s), finish)
    times = [p.t_s for p in track]
    i = bisect.bisect_right(times, t) - 1
    if t >= finish or i >= len(track) - 1:
        return TripProgress(
            elapsed_s=t,
            coordinates=Coordinates(lat=end.lat, lon=end.lon),
            heading_deg=end.heading_deg % 360,
            speed_kmh=0,
            distance_done_km=round(end.distance_km, 3),
            distance_remaining_km=0,
            time_remaining_s=0,
            soc_pct=end.soc_pct,
            fuel_pct=end.fuel_pct,
            phase="arrived",
            stop_index=None,
            next_stop_index=None,
        )
    a, b = track[i], track[i + 1]
    span = b.t_s - a.t_s
    f = 0.0 if span <= 0 else (t - a.t_s) / span

    def lerp(x: float | None, y: float | None) -> float | None:
        return None if x is None or y is None else round(x + (y - x) * f, 3)

    distance = a.distance_km + (b.distance_km - a.distance_km) * f
    moving = a.phase == "driving" and span > 0
    speed = (b.distance_km - a.distance_km) / span * 3600 if moving else 0.0
    stopped = a.phase in ("charging", "refueling", "resting")
    upcoming = [
        s.index for s in plan.stops if (s.arrival_at - plan.departure_at).total_seconds() > t + 1e-6
    ]
    return TripProgress(
        elapsed_s=t,
        coordinates=Coordinates(
            lat=round(a.lat + (b.lat - a.lat) * f, 6), lon=round(a.lon + (b.lon - a.lon) * f, 6)
        ),
        heading_deg=a.heading_deg % 360,
        speed_kmh=round(speed, 1),
        distance_done_km=round(distance, 3),
        distance_remaining_km=round(max(0.0, end.distance_km - distance), 3),
        time_remaining_s=round(max(0.0, plan.total_time_s - t), 1),
        soc_pct=lerp(a.soc_pct, b.soc_pct),
        fuel_pct=lerp(a.fuel_pct, b.fuel_pct),
        phase=a.phase,
        stop_index=a.stop_index if stopped else None,
        next_stop_index=None if stopped or not upcoming else upcoming[0],
    )
