"""How each intent's tool arguments are built from its slots and the speaking seat.

The builders the intent table (`table.py`) names in its declarations; nothing else calls them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents.conversation.nlu import Intent, Seat, SlotValue, Understanding
from agents.conversation.turns import cabin as cabin_handler
from agents.conversation.turns import lists, trips

CallPlan = tuple[str, dict[str, Any]]
"""A tool's name and its arguments."""
Calls = Callable[[Understanding, Seat], list[CallPlan]]
CommandsOf = Callable[[dict[str, SlotValue], Seat], list[dict[str, Any]]]


STATUS_TOPICS: dict[Intent, str] = {
    Intent.STATUS_RANGE: "range",
    Intent.STATUS_BATTERY: "battery",
    Intent.STATUS_CHARGING: "charging",
    Intent.STATUS_TIRES: "tires",
    Intent.STATUS_LOCKS: "locks",
    Intent.STATUS_DOORS_WINDOWS: "doors_windows",
    Intent.STATUS_CLIMATE: "climate",
    Intent.STATUS_LOCATION: "location",
    Intent.STATUS_ODOMETER: "odometer",
    Intent.STATUS_SERVICE: "service",
    Intent.STATUS_OVERVIEW: "overview",
}


def status(u: Understanding, seat: Seat) -> list[CallPlan]:
    return [("get_vehicle_status", {"topic": STATUS_TOPICS[u.intent]})]


def light(u: Understanding, seat: Seat) -> list[CallPlan]:
    arguments: dict[str, Any] = {"description": str(u.slots.get("light_text") or u.text)}
    arguments.update({k: str(u.slots[k]) for k in ("color", "system") if k in u.slots})
    return [("explain_warning_light", arguments)]


def remote(kind: str, **from_slots: str) -> Calls:
    """A remote command of `kind`; `from_slots` maps command fields to the slots that fill them."""

    def build(u: Understanding, seat: Seat) -> list[CallPlan]:
        command: dict[str, Any] = {"type": kind}
        command.update({f: u.slots[s] for f, s in from_slots.items() if s in u.slots})
        return [("send_remote_command", {"command": command})]

    return build


def cabin(build_command: CommandsOf) -> Calls:
    """In-car controls act at once through `control_cabin`, for the seat that spoke."""

    def build(u: Understanding, seat: Seat) -> list[CallPlan]:
        return [
            ("control_cabin", {"command": command, "seat": seat})
            for command in build_command(u.slots, seat)
        ]

    return build


def _seats(whose: str) -> tuple[str, ...]:
    """Per-seat controls for "all seats" are one command per seat."""
    return cabin_handler.ALL_SEATS if whose == "all" else (whose,)


def _whose(slots: dict[str, SlotValue], seat: Seat) -> str:
    named = slots.get("seat")
    return named if isinstance(named, str) else seat


def seat_level(kind: str) -> CommandsOf:
    def build(slots: dict[str, SlotValue], seat: Seat) -> list[dict[str, Any]]:
        level = slots.get("level")
        if not isinstance(level, int):
            # "Warmer" without knowing the seat's level: one up from the usual 2; "less": 1.
            step = slots.get("step")
            level = cabin_handler.DEFAULT_LEVEL + (step if isinstance(step, int) else 0)
        return [{"type": kind, "seat": s, "level": level} for s in _seats(_whose(slots, seat))]

    return build


def window(slots: dict[str, SlotValue], seat: Seat) -> list[dict[str, Any]]:
    return [
        {"type": "window", "window": _whose(slots, seat), "position_pct": slots["position_pct"]}
    ]


def position(kind: str) -> CommandsOf:
    return lambda slots, seat: [{"type": kind, "position_pct": slots["position_pct"]}]


def switch(kind: str, *fields: str) -> CommandsOf:
    def build(slots: dict[str, SlotValue], seat: Seat) -> list[dict[str, Any]]:
        command: dict[str, Any] = {"type": kind, "on": slots.get("on", True)}
        command.update({f: slots[f] for f in fields if f in slots and f != "seat"})
        if "seat" not in fields:
            return [command]
        return [{**command, "seat": s} for s in _seats(_whose(slots, seat))]

    return build


def trunk(slots: dict[str, SlotValue], seat: Seat) -> list[dict[str, Any]]:
    return [{"type": "trunk", "open": slots["open"]}]


def zone_comfort(warm: bool) -> Calls:
    """ "I'm cold" from a seat: that seat's heating (or ventilation) and its zone's temperature."""
    target = cabin_handler.WARM_ZONE_C if warm else cabin_handler.COOL_ZONE_C
    kind = "seat_heating" if warm else "seat_ventilation"

    def build(u: Understanding, seat: Seat) -> list[CallPlan]:
        whose = _whose(u.slots, seat)
        return [
            ("control_cabin", {"command": {"type": kind, "seat": whose,
                                           "level": cabin_handler.DEFAULT_LEVEL}, "seat": seat}),
            ("send_remote_command", {"command": {"type": "climate_start",
                                                 "target_temp_c": target, "zone": whose}}),
        ]  # fmt: skip

    return build


def chargers(u: Understanding, seat: Seat) -> list[CallPlan]:
    return [("find_chargers", lists.charger_query(u.slots, {}))]


def restaurants(u: Understanding, seat: Seat) -> list[CallPlan]:
    return [("find_restaurants", lists.food_query(u.slots, {}))]


def trip(u: Understanding, seat: Seat) -> list[CallPlan]:
    destination = u.slots.get("destination")
    if not isinstance(destination, str) or u.slots.get("refers_to_result"):
        return []  # "go there" resolves against the session's list, in the dialogue
    return [("plan_trip", {"destination": destination, "waypoints": trips.waypoints_of(u)})]
