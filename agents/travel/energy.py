"""How much energy or fuel a car uses, and how long charging takes along its charging curve.

`consumption_kwh_per_100km` in the spec is measured at 100 km/h and 20 °C. Rolling and drivetrain
losses scale with distance, aerodynamic drag with v²; cold weather adds a heating load (a power,
so it costs more per km at low speed) and a battery efficiency loss.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from agents.world.models import VehicleSpec

# At 100 km/h about 40 % of an SUV's energy goes into air drag.
AERO_SHARE_AT_100 = 0.4
# Cabin heating (heat pump) below 20 °C and air conditioning above 25 °C, in kW per degree.
HEATING_KW_PER_DEG = 0.12
COOLING_KW_PER_DEG = 0.06
# Cold batteries deliver less: extra share of energy per degree below 15 °C.
BATTERY_LOSS_PER_DEG = 0.006
# A combustion engine's consumption depends less on speed (gearing, part-load efficiency).
FUEL_AERO_SHARE_AT_100 = 0.35
FUEL_COLD_PER_DEG = 0.004

# TomTom's default curve when the car's own is unknown: (from SoC %, fraction of peak DC power).
DEFAULT_CHARGING_CURVE: tuple[tuple[float, float], ...] = (
    (0, 0.5),
    (10, 1.0),
    (50, 0.75),
    (80, 0.35),
    (90, 0.2),
)


def consumption_kwh_per_100km(spec: VehicleSpec, speed_kmh: float, outside_temp_c: float) -> float:
    base = spec.consumption_kwh_per_100km
    if base is None:
        raise ValueError("the vehicle spec has no electric consumption")
    ratio = speed_kmh / 100
    drive = base * ((1 - AERO_SHARE_AT_100) + AERO_SHARE_AT_100 * ratio * ratio)
    drive *= 1 + BATTERY_LOSS_PER_DEG * max(0.0, 15 - outside_temp_c)
    hvac_kw = HEATING_KW_PER_DEG * max(0.0, 20 - outside_temp_c) + COOLING_KW_PER_DEG * max(
        0.0, outside_temp_c - 25
    )
    return drive + hvac_kw * 100 / max(speed_kmh, 5.0)


def fuel_l_per_100km(spec: VehicleSpec, speed_kmh: float, outside_temp_c: float) -> float:
    base = spec.fuel_l_per_100km
    if base is None:
        raise ValueError("the vehicle spec has no fuel consumption")
    ratio = speed_kmh / 100
    litres = base * ((1 - FUEL_AERO_SHARE_AT_100) + FUEL_AERO_SHARE_AT_100 * ratio * ratio)
    return litres * (1 + FUEL_COLD_PER_DEG * max(0.0, 10 - outside_temp_c))


def curve_steps(spec: VehicleSpec) -> list[tuple[float, float]]:
    """The charging curve as a step function: (from SoC %, fraction of peak), from 0 %.

    Each point's power applies until the next point's SoC; below the first point, the first
    point's power applies."""
    if spec.charging_curve:
        points = sorted((p.soc_pct, p.power_fraction) for p in spec.charging_curve)
    else:
        points = list(DEFAULT_CHARGING_CURVE)
    if points[0][0] > 0:
        points.insert(0, (0.0, points[0][1]))
    return points


@dataclass(frozen=True)
class ChargeCurve:
    """Charge time as a function of SoC for one car on one charger (power cap applied).

    SoC rises linearly in time within each step of the curve, so `socs`/`times` describe the
    whole session exactly: the planner and playback read the same numbers."""

    socs: tuple[float, ...]  # breakpoints 0..100
    times_s: tuple[float, ...]  # cumulative seconds to charge from 0 % to each breakpoint

    @classmethod
    def for_charger(cls, spec: VehicleSpec, charger_kw: float, *, dc: bool = True) -> ChargeCurve:
        capacity = spec.battery_net_kwh
        if capacity is None:
            raise ValueError("the vehicle spec has no battery")
        if dc:
            peak = spec.max_dc_kw or 0.0
            steps = curve_steps(spec)
        else:
            peak = spec.max_ac_kw or 0.0
            steps = [(0.0, 1.0)]  # the on-board charger is flat over the SoC range
        if peak <= 0 or charger_kw <= 0:
            raise ValueError("no charging power")
        socs = [s for s, _ in steps] + [100.0]
        times = [0.0]
        for (soc, fraction), upper in zip(steps, socs[1:], strict=True):
            power = min(fraction * peak, charger_kw)
            times.append(times[-1] + (upper - soc) / 100 * capacity / power * 3600)
        return cls(tuple(socs), tuple(times))

    def time_at(self, soc: float) -> float:
        i = max(0, min(len(self.socs) - 2, bisect.bisect_right(self.socs, soc) - 1))
        s0, s1 = self.socs[i], self.socs[i + 1]
        t0, t1 = self.times_s[i], self.times_s[i + 1]
        return t0 + (t1 - t0) * (soc - s0) / (s1 - s0)

    def seconds(self, from_soc: float, to_soc: float) -> float:
        """Time to charge from one SoC to a higher one."""
        if to_soc <= from_soc:
            return 0.0
        return self.time_at(to_soc) - self.time_at(from_soc)

    def breakpoints_between(self, from_soc: float, to_soc: float) -> list[float]:
        """The curve's breakpoints strictly inside (from, to): where the charge rate changes."""
        return [s for s in self.socs if from_soc < s < to_soc]

    def average_power_kw(self, from_soc: float, to_soc: float, capacity_kwh: float) -> float:
        t = self.seconds(from_soc, to_soc)
        return 0.0 if t == 0 else (to_soc - from_soc) / 100 * capacity_kwh / (t / 3600)
