"""How a car's state evolves with time when nobody touches it: charging and climate.

Functions step one vehicle forward by `dt_s` seconds of sim time. The world calls them in small
steps so the integration stays accurate over long clock jumps.
"""

from __future__ import annotations

from datetime import datetime

from agents.world.models import ChargingStatus, Vehicle

# Cabin temperature moves toward the target at this rate with HVAC on, and drifts toward the
# outside temperature with it off (°C per minute), a simple first-order model.
HVAC_RATE_C_PER_MIN = 0.8
DRIFT_RATE_PER_MIN = 0.01


def range_per_pct(vehicle: Vehicle) -> float:
    """Kilometres of electric range per percent of SoC, from the fixture's own ratio."""
    battery = vehicle.state.battery
    spec = vehicle.spec
    if battery is not None and battery.soc_pct > 0:
        return battery.range_km / battery.soc_pct
    if spec.battery_net_kwh and spec.consumption_kwh_per_100km:
        return spec.battery_net_kwh / spec.consumption_kwh_per_100km
    return 0.0


def step_charging(vehicle: Vehicle, dt_s: float, now: datetime) -> bool:
    """Charge at the reported power until the limit; returns True when anything changed."""
    state = vehicle.state
    charging, battery, net_kwh = state.charging, state.battery, vehicle.spec.battery_net_kwh
    if charging is None or battery is None or net_kwh is None:
        return False
    if charging.status is not ChargingStatus.CHARGING:
        return False
    if charging.power_kw <= 0:
        charging.power_kw = vehicle.spec.max_ac_kw or 7.4
    per_pct = range_per_pct(vehicle)
    soc = battery.soc_pct + charging.power_kw * dt_s / 3600 / net_kwh * 100
    if soc >= charging.limit_pct:
        soc = charging.limit_pct
        charging.status = (
            ChargingStatus.FULLY_CHARGED if soc >= 100 else ChargingStatus.TARGET_REACHED
        )
        charging.power_kw = 0
        charging.time_to_full_min = 0
    else:
        remaining_kwh = (charging.limit_pct - soc) / 100 * net_kwh
        charging.time_to_full_min = round(remaining_kwh / charging.power_kw * 60)
    battery.soc_pct = round(soc, 6)
    battery.range_km = round(soc * per_pct, 1)
    battery.updated_at = charging.updated_at = now
    return True


def step_climate(vehicle: Vehicle, dt_s: float, now: datetime) -> bool:
    climate = vehicle.state.climate
    if climate is None:
        return False
    minutes = dt_s / 60
    before = climate.cabin_temp_c
    if climate.hvac_on:
        gap = climate.target_temp_c - before
        move = max(-HVAC_RATE_C_PER_MIN * minutes, min(HVAC_RATE_C_PER_MIN * minutes, gap))
        climate.cabin_temp_c = round(before + move, 2)
        if climate.remaining_s is not None:
            climate.remaining_s = max(0, climate.remaining_s - round(dt_s))
            if climate.remaining_s == 0:
                climate.hvac_on = False
                climate.remaining_s = None
    else:
        gap = climate.outside_temp_c - before
        climate.cabin_temp_c = round(before + gap * min(1.0, DRIFT_RATE_PER_MIN * minutes), 2)
    changed = climate.cabin_temp_c != before or climate.hvac_on
    if changed:
        climate.updated_at = now
    return changed
