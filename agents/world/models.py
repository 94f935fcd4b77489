"""The vehicle: what the car is (spec) and what it reports (state).

Units follow DESIGN.md: the unit is in the field name, percent is 0-100, metric throughout.
Every section a car reports carries `updated_at`, the sim time the car last reported it, so a
reader can tell how fresh a reading is.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import AwareDatetime, Field, model_validator

from agents.text import Bilingual
from agents.world.cabin import Cabin, ClimateZone

# Shared bases and units live in model_base (the cabin module uses them too); re-exported here.
from agents.world.model_base import Celsius as Celsius
from agents.world.model_base import Kpa as Kpa
from agents.world.model_base import Model as Model
from agents.world.model_base import Percent as Percent
from agents.world.model_base import json_number as json_number


class Powertrain(StrEnum):
    """COVESA VSS `Vehicle.Powertrain.Type`."""

    ELECTRIC = "ELECTRIC"
    HYBRID = "HYBRID"
    COMBUSTION = "COMBUSTION"


class Capability(StrEnum):
    """What a model can report or do. A missing capability means 501 NOT_CAPABLE."""

    REMOTE_LOCK = "remote_lock"
    REMOTE_CLIMATE = "remote_climate"
    REMOTE_CHARGING = "remote_charging"
    CHARGE_LIMIT = "charge_limit"
    FLASH_LIGHTS = "flash_lights"
    HONK = "honk"
    SEND_DESTINATION = "send_destination"
    DIGITAL_KEY = "digital_key"
    TIRE_PRESSURE = "tire_pressure"
    WINDOW_STATE = "window_state"
    CLIMATE_STATE = "climate_state"
    SERVICE_DATA = "service_data"
    LOCATION = "location"
    # In-car (cabin) controls: what the car lets the assistant or the app operate.
    WINDOW_CONTROL = "window_control"
    SUNROOF = "sunroof"
    POWER_TAILGATE = "power_tailgate"
    SEAT_HEATING = "seat_heating"
    REAR_SEAT_HEATING = "rear_seat_heating"
    SEAT_VENTILATION = "seat_ventilation"
    REAR_SEAT_VENTILATION = "rear_seat_ventilation"
    STEERING_WHEEL_HEATING = "steering_wheel_heating"
    DEFROST = "defrost"
    AMBIENT_LIGHT = "ambient_light"
    READING_LIGHTS = "reading_lights"
    CHILD_LOCK = "child_lock"


class Connector(StrEnum):
    """Charging connectors; GB/T is China's standard (AC and DC variants)."""

    GBT_AC = "GBT_AC"
    GBT_DC = "GBT_DC"
    CCS2 = "CCS2"
    TYPE2 = "TYPE2"


class Coordinates(Model):
    lat: float = Field(ge=-90, le=90, strict=True, examples=[31.2304])
    lon: float = Field(ge=-180, le=180, strict=True, examples=[121.4737])


class ChargingCurvePoint(Model):
    """Charge power available at a state of charge, as a fraction of the car's peak DC power."""

    soc_pct: Percent
    power_fraction: float = Field(gt=0, le=1)


class VehicleSpec(Model):
    """Static facts about the model: these never change at run time."""

    powertrain: Powertrain
    battery_net_kwh: float | None = Field(default=None, gt=0, le=250)
    tank_l: float | None = Field(default=None, gt=0, le=150)
    # Energy use at 100 km/h and 20 °C; the planner scales it with speed and temperature.
    consumption_kwh_per_100km: float | None = Field(default=None, gt=0, le=60)
    fuel_l_per_100km: float | None = Field(default=None, gt=0, le=30)
    max_ac_kw: float | None = Field(default=None, gt=0, le=50)
    max_dc_kw: float | None = Field(default=None, gt=0, le=600)
    connectors: list[Connector] = Field(default_factory=list)
    # None means "unknown": the TomTom default curve applies.
    charging_curve: list[ChargingCurvePoint] | None = None


class PowerState(StrEnum):
    ONLINE = "online"
    ASLEEP = "asleep"
    OFFLINE = "offline"


class Battery(Model):
    soc_pct: Percent
    range_km: float = Field(ge=0, le=2000)
    updated_at: AwareDatetime


class Fuel(Model):
    level_pct: Percent
    remaining_l: float = Field(ge=0, le=150)
    range_km: float = Field(ge=0, le=2000)
    updated_at: AwareDatetime


class ChargingStatus(StrEnum):
    """The charging statuses BMW reports."""

    CHARGING = "CHARGING"
    WAITING_FOR_CHARGING = "WAITING_FOR_CHARGING"
    FULLY_CHARGED = "FULLY_CHARGED"
    FINISHED_NOT_FULL = "FINISHED_NOT_FULL"
    NOT_CHARGING = "NOT_CHARGING"
    PLUGGED_IN = "PLUGGED_IN"
    TARGET_REACHED = "TARGET_REACHED"
    ERROR = "ERROR"


class Charging(Model):
    status: ChargingStatus
    plug_connected: bool
    power_kw: float = Field(ge=0, le=600)
    limit_pct: Percent = 80
    time_to_full_min: int | None = Field(default=None, ge=0, le=10_000)
    updated_at: AwareDatetime


class Tire(Model):
    pressure_kpa: Kpa
    target_kpa: Kpa


class Tires(Model):
    front_left: Tire
    front_right: Tire
    rear_left: Tire
    rear_right: Tire
    updated_at: AwareDatetime


class Doors(Model):
    front_left: bool = False
    front_right: bool = False
    rear_left: bool = False
    rear_right: bool = False


class Windows(Model):
    """Open position per window: 0 closed, 100 fully open."""

    front_left: Percent = 0
    front_right: Percent = 0
    rear_left: Percent = 0
    rear_right: Percent = 0


class Security(Model):
    locked: bool
    doors_open: Doors = Field(default_factory=Doors)
    windows_open_pct: Windows | None = Field(default_factory=Windows)
    trunk_open: bool = False
    hood_open: bool = False
    sunroof_open: bool | None = None
    updated_at: AwareDatetime


TargetCelsius = Annotated[float, Field(ge=16, le=30)]


class ClimateZones(Model):
    """Per-zone targets (three-zone climate; both rear seats share `rear`)."""

    driver: TargetCelsius
    passenger: TargetCelsius
    rear: TargetCelsius

    def of(self, zone: ClimateZone) -> float:
        found: float = getattr(self, zone)
        return found


class Climate(Model):
    cabin_temp_c: Celsius
    outside_temp_c: Celsius
    hvac_on: bool = False
    target_temp_c: TargetCelsius = Field(
        default=22, description="The driver zone's target; setting it for all zones sets every zone"
    )
    zones: ClimateZones = Field(description="Each zone's target; absent in input: all at target")
    # Remote climate runs for a limited time, as on real cars.
    remaining_s: int | None = Field(default=None, ge=0, le=3600)
    updated_at: AwareDatetime

    @model_validator(mode="before")
    @classmethod
    def _zones_follow_target(cls, data: Any) -> Any:
        """A climate given without zones (fixtures, older exports) has every zone at its target."""
        if isinstance(data, dict) and data.get("zones") is None:
            target = data.get("target_temp_c", 22)
            return {**data, "zones": {"driver": target, "passenger": target, "rear": target}}
        return data


class Location(Model):
    coordinates: Coordinates
    heading_deg: float = Field(ge=0, lt=360)
    address: Bilingual | None = None
    updated_at: AwareDatetime


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class CheckControlMessage(Model):
    """An active warning light; `light_id` refers to the warning-light knowledge base."""

    light_id: str = Field(min_length=1, max_length=64)
    since: AwareDatetime


class ServiceStatus(StrEnum):
    OK = "OK"
    PENDING = "PENDING"
    OVERDUE = "OVERDUE"


class ServiceType(StrEnum):
    OIL = "OIL"
    BRAKE_FLUID = "BRAKE_FLUID"
    VEHICLE_CHECK = "VEHICLE_CHECK"
    CABIN_FILTER = "CABIN_FILTER"
    BRAKE_PADS_FRONT = "BRAKE_PADS_FRONT"
    BRAKE_PADS_REAR = "BRAKE_PADS_REAR"
    TIRE_ROTATION = "TIRE_ROTATION"
    HIGH_VOLTAGE_CHECK = "HIGH_VOLTAGE_CHECK"


class ServiceItem(Model):
    """A condition-based service item, like BMW's `requiredServices`."""

    type: ServiceType
    status: ServiceStatus
    due_date: datetime | None = None
    due_km: float | None = Field(default=None, ge=0, le=1_000_000)


class Motion(Model):
    speed_kmh: float = Field(ge=0, le=300)
    odometer_km: float = Field(ge=0, le=2_000_000)
    updated_at: AwareDatetime


class Navigation(Model):
    """Where the car's navigation is heading: a sent destination or an active trip."""

    destination_name: str = Field(min_length=1, max_length=120)
    destination_label: Bilingual | None = None
    coordinates: Coordinates
    trip_id: str | None = None
    distance_remaining_km: float | None = Field(default=None, ge=0, le=40_000)
    time_remaining_s: int | None = Field(default=None, ge=0, le=30 * 86_400)
    arrival_at: AwareDatetime | None = None
    predicted_arrival_soc_pct: float | None = Field(default=None, ge=-100, le=100)
    updated_at: AwareDatetime


class VehicleState(Model):
    """Everything the car reports. Sections the car cannot report are None."""

    power_state: PowerState = PowerState.ONLINE
    battery: Battery | None = None
    fuel: Fuel | None = None
    charging: Charging | None = None
    motion: Motion
    tires: Tires | None = None
    security: Security
    climate: Climate | None = None
    location: Location | None = None
    check_control: list[CheckControlMessage] = Field(default_factory=list, max_length=50)
    service: list[ServiceItem] = Field(default_factory=list, max_length=20)
    navigation: Navigation | None = None
    cabin: Cabin = Field(default_factory=Cabin)
    software_version: str = Field(min_length=1, max_length=40)
    last_seen_at: AwareDatetime

    @model_validator(mode="after")
    def _sunroof_open_mirrors_cabin(self) -> Self:
        """`security.sunroof_open` is what older readers see of `cabin.sunroof`; kept in step."""
        sunroof = self.cabin.sunroof
        if sunroof is not None and self.security.sunroof_open != (sunroof.position_pct > 0):
            self.security.sunroof_open = sunroof.position_pct > 0
        return self


class Vehicle(Model):
    """A car of the fleet: identity, spec, capabilities and current state."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", examples=["ix3-shanghai"])
    vin: str = Field(pattern=r"^[A-HJ-NPR-Z0-9]{17}$")
    name: Bilingual
    make: str
    model: str
    model_year: int = Field(ge=1990, le=2030)
    body: Literal["SUV", "sedan", "hatchback", "wagon"]
    plate: str
    spec: VehicleSpec
    capabilities: list[Capability]
    state: VehicleState
