"""Refusals a real car gives, each with a message for the person holding the phone."""

from __future__ import annotations

from agents.errors import DomainError, ErrorKind, NotFound
from agents.text import Bilingual, bi
from agents.world.cabin import SEAT_NAMES, Seat


class VehicleNotFound(NotFound):
    def __init__(self, vehicle_id: str, known: list[str]) -> None:
        super().__init__("vehicle", vehicle_id, known, code="VEHICLE_NOT_FOUND")


class VehicleAsleep(DomainError):
    kind = ErrorKind.ASLEEP
    code = "VEHICLE_ASLEEP"
    resolution = "WAKE_VEHICLE"

    def __init__(self, vehicle_id: str) -> None:
        super().__init__(
            bi("车辆处于休眠状态，请先唤醒车辆。", "The car is asleep. Wake it up first."),
            hint=f'POST /v1/vehicles/{vehicle_id}/commands with {{"type": "wake"}}',
        )


class NotCapable(DomainError):
    kind = ErrorKind.NOT_CAPABLE
    code = "NOT_CAPABLE"

    def __init__(self, vehicle_id: str, feature: str) -> None:
        super().__init__(
            bi("这辆车不支持此功能。", "This car doesn't support that feature."),
            hint=f"Vehicle '{vehicle_id}' lacks '{feature}'; see its `capabilities`.",
            extra={"feature": feature},
        )


class StateConflict(DomainError):
    """The car's current state forbids the request (HTTP 409, Smartcar's state errors)."""

    kind = ErrorKind.CONFLICT

    def __init__(self, code: str, message: Bilingual, resolution: str | None = None) -> None:
        self.code = code
        self.resolution = resolution
        super().__init__(message)


def in_motion() -> StateConflict:
    return StateConflict(
        "IN_MOTION",
        bi("车辆行驶中，无法执行此操作。", "The car is moving; this can't be done while driving."),
        "RETRY_LATER",
    )


def plug_not_connected() -> StateConflict:
    return StateConflict(
        "CHARGING_PLUG_NOT_CONNECTED",
        bi("充电枪未连接，请先插好充电枪。", "The charging cable isn't plugged in."),
        "PLUG_IN",
    )


def charging_in_progress() -> StateConflict:
    return StateConflict(
        "CHARGING_IN_PROGRESS",
        bi("车辆已在充电中。", "The car is already charging."),
    )


def not_charging() -> StateConflict:
    return StateConflict(
        "NOT_CHARGING",
        bi("车辆当前没有在充电。", "The car isn't charging right now."),
    )


def charge_limit_reached(limit_pct: float) -> StateConflict:
    return StateConflict(
        "CHARGE_LIMIT_REACHED",
        bi(
            f"电量已达到充电上限{limit_pct:.0f}%。",
            f"The battery is already at its {limit_pct:.0f}% charge limit.",
        ),
        "RAISE_CHARGE_LIMIT",
    )


def door_open() -> StateConflict:
    return StateConflict(
        "DOOR_OPEN",
        bi("有车门或后备箱未关闭，无法上锁。", "A door or the boot is open; the car can't lock."),
        "CLOSE_DOORS",
    )


def speed_too_high(limit_kmh: float) -> StateConflict:
    return StateConflict(
        "SPEED_TOO_HIGH",
        bi(
            f"车速超过{limit_kmh:.0f}公里/小时，不能再开大车窗或天窗。",
            f"Above {limit_kmh:.0f} km/h the windows and sunroof can't open any further.",
        ),
        "RETRY_LATER",
    )


def seat_empty(seat: Seat) -> StateConflict:
    name = SEAT_NAMES[seat]
    return StateConflict(
        "SEAT_EMPTY",
        bi(f"{name.zh}座位上没有人，无需开启。", f"Nobody sits in the {name.en} seat."),
    )
