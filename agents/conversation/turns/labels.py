"""Bilingual words for commands and seats: what the assistant says it will do, or has done.

A command's label (the confirmation question, the "done" note, the action chip) is the world's
`command_labels.label`; this module adds what only the conversation says: a seat as it starts a
sentence, and how the cabin looks after a control acted.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from agents.text import Bilingual, bi
from agents.world.cabin import COLOUR_NAMES, SEAT_NAMES
from agents.world.command_labels import label
from agents.world.commands import CommandRequest

_COMMAND: TypeAdapter[CommandRequest] = TypeAdapter(CommandRequest)
_EVERY_SEAT = bi("全车", "All")


def seat_name(seat: str) -> Bilingual:
    """A seat (or "all") as it starts a sentence: "副驾" / "Passenger"."""
    name = SEAT_NAMES.get(seat)  # type: ignore[call-overload]
    if name is None:
        return _EVERY_SEAT if seat == "all" else bi(seat, seat)
    return bi(name.zh, name.en[:1].upper() + name.en[1:])


def command_label(command: dict[str, Any]) -> Bilingual:
    """What a valid command does, as an infinitive: "锁车" / "lock the car"."""
    return label(_COMMAND.validate_python(command))


def _switched(on: object) -> Bilingual:
    return bi("已打开", "is on") if on else bi("已关闭", "is off")


def _opening(position: object, thing: Bilingual) -> Bilingual:
    pct = int(position) if isinstance(position, int | float) else 0
    if pct <= 0:
        return bi(f"{thing.zh}已关闭", f"{thing.en} closed")
    if pct >= 100:
        return bi(f"{thing.zh}已打开", f"{thing.en} open")
    return bi(f"{thing.zh}已开到{pct}%", f"{thing.en} open {pct}%")


def cabin_done(command: dict[str, Any]) -> Bilingual:
    """What the cabin looks like after a command acted, naming the zone: "副驾座椅加热已开到 2 档"
    / "Passenger seat heating is at level 2"."""
    kind = command["type"]
    seat = seat_name(command.get("seat") or command.get("window") or "driver")
    if kind in ("seat_heating", "seat_ventilation"):
        what = (
            bi("座椅加热", "seat heating")
            if kind == "seat_heating"
            else bi("座椅通风", "seat ventilation")
        )
        level = command["level"]
        if level == 0:
            return bi(f"{seat.zh}{what.zh}已关闭", f"{seat.en} {what.en} is off")
        return bi(
            f"{seat.zh}{what.zh}已开到 {level} 档", f"{seat.en} {what.en} is at level {level}"
        )
    if kind == "window":
        window = seat.en if command["window"] != "all" else "All"
        noun = bi(f"{seat.zh}车窗", f"{window} window{'s' if command['window'] == 'all' else ''}")
        return _opening(command["position_pct"], noun)
    if kind == "sunroof":
        return _opening(command["position_pct"], bi("天窗", "Sunroof"))
    if kind == "sunroof_shade":
        return _opening(command["position_pct"], bi("天窗遮阳帘", "Sunroof shade"))
    if kind == "trunk":
        return (
            bi("后备箱已打开", "Trunk open")
            if command["open"]
            else bi("后备箱已关闭", "Trunk closed")
        )
    if kind == "steering_wheel_heating":
        on = _switched(command["on"])
        return bi(f"方向盘加热{on.zh}", f"Steering wheel heating {on.en}")
    if kind == "defrost":
        where = (
            bi("前挡除雾", "Front defrost")
            if command["zone"] == "front"
            else bi("后挡除雾", "Rear defrost")
        )
        on = _switched(command["on"])
        return bi(f"{where.zh}{on.zh}", f"{where.en} {on.en}")
    if kind == "ambient_light":
        return _ambient_done(command)
    if kind == "reading_light":
        on = _switched(command["on"])
        return bi(f"{seat.zh}阅读灯{on.zh}", f"{seat.en} reading light {on.en}")
    if kind == "child_lock":
        on = _switched(command["on"])
        return bi(f"儿童锁{on.zh}", f"Child lock {on.en}")
    return bi("已完成", "Done")


def _ambient_done(command: dict[str, Any]) -> Bilingual:
    if not command["on"]:
        return bi("氛围灯已关闭", "Ambient light is off")
    zh, en = "氛围灯已打开", "Ambient light is on"
    colour = command.get("colour")
    if isinstance(colour, str):
        name = COLOUR_NAMES.get(colour, bi(colour, colour))  # type: ignore[call-overload]
        zh, en = f"{zh}，{name.zh}", f"{en}, {name.en}"
    brightness = command.get("brightness_pct")
    if brightness is not None:
        zh, en = f"{zh}，亮度{brightness}%", f"{en}, {brightness}% bright"
    return bi(zh, en)
