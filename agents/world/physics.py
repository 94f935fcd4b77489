"""How a car's state evolves with time when nobody touches it: charging and climate.

Each process is solved in closed form from an anchor, the state when the process last began or was
changed from outside (a patch, a command, a trip), so the state at any moment is one evaluation
whatever the clock's steps: one jump of a year and a million small steps agree exactly. The world
steps to the events these report (the charge limit reached, the HVAC timer ending, the cabin
settling at the outside temperature), so the moment each happens is stamped exactly too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from agents.world.clock import CLOCK_MAX
from agents.world.models import Battery, Charging, ChargingStatus, Climate, Vehicle

# With HVAC on the cabin moves linearly toward the target; with it off the gap to the outside
# temperature shrinks by a fixed fraction per minute (a first-order model).
HVAC_RATE_C_PER_MIN = 0.8
DRIFT_RATE_PER_MIN = 0.01
DRIFT_FACTOR_PER_MIN = 1 - DRIFT_RATE_PER_MIN
# The cabin is reported to 0.01 °C, so within half of that it reads as the outside temperature.
SETTLED_C = 0.005
DEFAULT_AC_KW = 7.4
MAX_TIME_TO_FULL_MIN = 10_000  # the field's bound: a trickle charge reports "a week or more"


# The ratio each car's range was last derived with, by id(vehicle). The state holds range_km
# rounded to 0.1 km, so re-deriving the ratio from it on every write would let the ratio random-walk
# with the number of clock steps; a remembered ratio that still explains the state is kept instead.
_RATIOS: dict[int, float] = {}
_RATIOS_KEPT = 4096


def range_per_pct(vehicle: Vehicle) -> float:
    """Kilometres of electric range per percent of SoC, from the car's own reported ratio."""
    battery = vehicle.state.battery
    spec = vehicle.spec
    if battery is not None and battery.soc_pct > 0:
        known = _RATIOS.get(id(vehicle))
        if known is not None and round(battery.soc_pct * known, 1) == battery.range_km:
            return known
        if len(_RATIOS) >= _RATIOS_KEPT:
            del _RATIOS[next(iter(_RATIOS))]
        ratio = _RATIOS[id(vehicle)] = battery.range_km / battery.soc_pct
        return ratio
    if spec.battery_net_kwh and spec.consumption_kwh_per_100km:
        return spec.battery_net_kwh / spec.consumption_kwh_per_100km
    return 0.0


def moment_after(start: datetime, seconds: float) -> datetime | None:
    """The first whole microsecond at or after `start + seconds`; None past the clock's range."""
    if seconds > (CLOCK_MAX - start).total_seconds():
        return None
    micros = max(0, math.ceil(seconds * 1e6))
    while micros / 1e6 < seconds:  # the float product may land a hair short
        micros += 1
    return start + timedelta(microseconds=micros)


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


@dataclass
class _ChargeAnchor:
    since: datetime
    soc_pct: float
    pct_per_s: float
    limit_pct: float
    range_per_pct: float
    reached_at: datetime | None  # when the SoC reaches the limit; None: not within the clock range
    written: tuple[object, ...]


@dataclass
class _ClimateAnchor:
    since: datetime
    cabin_c: float
    hvac_on: bool
    target_c: float
    outside_c: float
    hvac_ends_at: datetime | None  # the remote-climate timer's end
    drifting: bool  # HVAC off and the cabin not yet at the outside temperature
    settles_at: datetime | None  # when it reads as the outside temperature (None: past the range)
    written: tuple[object, ...]

    def event_at(self) -> datetime | None:
        return self.hvac_ends_at if self.hvac_on else self.settles_at


def _charge_print(charging: Charging, battery: Battery) -> tuple[object, ...]:
    """What charging wrote, so a change from outside (patch, command, trip) is noticed."""
    return (
        charging.status,
        charging.power_kw,
        charging.limit_pct,
        battery.soc_pct,
        battery.range_km,
    )


def _climate_print(climate: Climate) -> tuple[object, ...]:
    return (
        climate.cabin_temp_c,
        climate.outside_temp_c,
        climate.target_temp_c,
        climate.hvac_on,
        climate.remaining_s,
    )


class CarPhysics:
    """One car's charging and climate, each solved from its anchor."""

    def __init__(self) -> None:
        self._charge: _ChargeAnchor | None = None
        self._climate: _ClimateAnchor | None = None

    def next_event(self, vehicle: Vehicle, now: datetime) -> datetime | None:
        """The first moment after `now` at which something happens by itself to this car."""
        self._refresh(vehicle, now)
        events = [
            e
            for e in (
                self._charge.reached_at if self._charge else None,
                self._climate.event_at() if self._climate else None,
            )
            if e is not None and e > now
        ]
        return min(events, default=None)

    def advance(self, vehicle: Vehicle, start: datetime, end: datetime) -> bool:
        """Bring the car from `start` to `end`, which no event lies strictly between; returns
        True when anything changed."""
        self._refresh(vehicle, start)
        charged = self._advance_charging(vehicle, end)
        climate = vehicle.state.climate
        return (climate is not None and self._advance_climate(climate, end)) or charged

    # -- anchors: re-taken whenever the state is no longer what this model last wrote ---------

    def _refresh(self, vehicle: Vehicle, now: datetime) -> None:
        state = vehicle.state
        charging, battery, net_kwh = state.charging, state.battery, vehicle.spec.battery_net_kwh
        if (
            charging is None
            or battery is None
            or net_kwh is None
            or charging.status is not ChargingStatus.CHARGING
        ):
            self._charge = None
        elif self._charge is None or self._charge.written != _charge_print(charging, battery):
            self._charge = _anchor_charge(vehicle, charging, battery, net_kwh, now)
        climate = state.climate
        if climate is None:
            self._climate = None
        elif self._climate is None or self._climate.written != _climate_print(climate):
            self._climate = _anchor_climate(climate, now)

    def _advance_charging(self, vehicle: Vehicle, end: datetime) -> bool:
        anchor, charging, battery = self._charge, vehicle.state.charging, vehicle.state.battery
        if anchor is None or charging is None or battery is None:
            return False
        net_kwh = vehicle.spec.battery_net_kwh or 1.0
        done = anchor.reached_at is not None and anchor.reached_at <= end
        if done and anchor.reached_at is not None:
            at, soc = anchor.reached_at, anchor.limit_pct
            charging.status = (
                ChargingStatus.FULLY_CHARGED if soc >= 100 else ChargingStatus.TARGET_REACHED
            )
            charging.power_kw = 0
            charging.time_to_full_min = 0
        else:
            at = end
            elapsed = _seconds(anchor.since, end)
            soc = min(anchor.limit_pct, anchor.soc_pct + anchor.pct_per_s * elapsed)
            remaining_kwh = (anchor.limit_pct - soc) / 100 * net_kwh
            minutes = round(remaining_kwh / charging.power_kw * 60)
            charging.time_to_full_min = min(minutes, MAX_TIME_TO_FULL_MIN)
        battery.soc_pct = round(soc, 6)
        battery.range_km = round(soc * anchor.range_per_pct, 1)
        battery.updated_at = charging.updated_at = at
        if done:
            self._charge = None  # done: the next charge starts a new anchor
        else:
            anchor.written = _charge_print(charging, battery)
        return True

    def _advance_climate(self, climate: Climate, end: datetime) -> bool:
        anchor = self._climate
        if anchor is None or not (anchor.hvac_on or anchor.drifting):
            return False
        event = anchor.event_at()
        hit = event is not None and event <= end
        at = event if event is not None and hit else end
        if anchor.hvac_on:
            most = HVAC_RATE_C_PER_MIN * _seconds(anchor.since, at) / 60
            gap = anchor.target_c - anchor.cabin_c
            climate.cabin_temp_c = round(anchor.cabin_c + max(-most, min(most, gap)), 2)
            if hit:
                climate.hvac_on = False
                climate.remaining_s = None
            elif anchor.hvac_ends_at is not None:
                climate.remaining_s = math.ceil(_seconds(end, anchor.hvac_ends_at))
        elif hit:
            climate.cabin_temp_c = anchor.outside_c
        else:
            minutes = _seconds(anchor.since, end) / 60
            gap = (anchor.cabin_c - anchor.outside_c) * DRIFT_FACTOR_PER_MIN**minutes
            climate.cabin_temp_c = round(anchor.outside_c + gap, 2)
        climate.updated_at = at
        if hit:  # a new regime begins at the event: HVAC off drifts, a settled cabin rests
            self._climate = _anchor_climate(climate, at)
            self._advance_climate(climate, end)
        else:
            anchor.written = _climate_print(climate)
        return True


def _anchor_charge(
    vehicle: Vehicle, charging: Charging, battery: Battery, net_kwh: float, now: datetime
) -> _ChargeAnchor:
    if charging.power_kw <= 0:  # a car that reports no power charges at its AC rating
        charging.power_kw = vehicle.spec.max_ac_kw or DEFAULT_AC_KW
    pct_per_s = charging.power_kw / 3600 / net_kwh * 100
    needed = max(0.0, charging.limit_pct - battery.soc_pct)
    return _ChargeAnchor(
        since=now,
        soc_pct=battery.soc_pct,
        pct_per_s=pct_per_s,
        limit_pct=charging.limit_pct,
        range_per_pct=range_per_pct(vehicle),
        reached_at=moment_after(now, needed / pct_per_s),
        written=_charge_print(charging, battery),
    )


def _anchor_climate(climate: Climate, now: datetime) -> _ClimateAnchor:
    gap = abs(climate.cabin_temp_c - climate.outside_temp_c)
    drifting = not climate.hvac_on and gap > SETTLED_C
    ends_at = settles_at = None
    if climate.hvac_on and climate.remaining_s is not None:
        ends_at = now + timedelta(seconds=climate.remaining_s)
    if drifting:
        minutes = math.log(SETTLED_C / gap) / math.log(DRIFT_FACTOR_PER_MIN)
        settles_at = moment_after(now, minutes * 60)
    return _ClimateAnchor(
        since=now,
        cabin_c=climate.cabin_temp_c,
        hvac_on=climate.hvac_on,
        target_c=climate.target_temp_c,
        outside_c=climate.outside_temp_c,
        hvac_ends_at=ends_at,
        drifting=drifting,
        settles_at=settles_at,
        written=_climate_print(climate),
    )
