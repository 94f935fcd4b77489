"""Bilingual labels of commands and seats: what the assistant says it will do, or has done.

Until the world's command types carry their own labels (with the cabin), they live here, once:
the confirmation question, the "done" note and the action chip all read `command_label`.
"""

from __future__ import annotations

from typing import Any

from agents.conversation.nlu import Seat
from agents.text import Bilingual, bi

SEAT_NAMES: dict[str, Bilingual] = {
    "driver": bi("主驾", "Driver"),
    "passenger": bi("副驾", "Passenger"),
    "rear_left": bi("左后", "Rear left"),
    "rear_right": bi("右后", "Rear right"),
    "all": bi("全车", "All"),
}


def seat_name(seat: Seat | str) -> Bilingual:
    return SEAT_NAMES.get(seat, bi(str(seat), str(seat)))


def _temperature(command: dict[str, Any]) -> Bilingual:
    target = command.get("target_temp_c")
    zone = command.get("zone")
    where = seat_name(zone) if isinstance(zone, str) and zone != "all" else None
    if target is None:
        return bi("打开空调", "turn on the climate")
    t = f"{float(target):g}"
    if where is None:
        return bi(f"打开空调（{t}°C）", f"turn on the climate at {t} °C")
    return bi(f"把{where.zh}温度调到{t}°C", f"set the {where.en.lower()} zone to {t} °C")


_SIMPLE: dict[str, Bilingual] = {
    "lock": bi("锁车", "lock the car"),
    "unlock": bi("解锁车辆", "unlock the car"),
    "climate_stop": bi("关闭空调", "turn off the climate"),
    "charge_start": bi("开始充电", "start charging"),
    "charge_stop": bi("停止充电", "stop charging"),
    "flash_lights": bi("闪灯", "flash the lights"),
    "honk": bi("鸣笛", "honk the horn"),
    "wake": bi("唤醒车辆", "wake the car"),
    "set_temperature": bi("调节温度", "set the temperature"),
}


def command_label(command: dict[str, Any]) -> Bilingual:
    """What a remote command does, as an infinitive: "锁车" / "lock the car"."""
    kind = command["type"]
    if kind == "climate_start":
        return _temperature(command)
    if kind == "set_charge_limit":
        limit = command["limit_pct"]
        return bi(f"把充电上限设为{limit}%", f"set the charge limit to {limit}%")
    if kind == "send_destination":
        name = command["destination"]["name"]
        return bi(f"把「{name}」发送到车上", f"send {name} to the car")
    return _SIMPLE.get(kind, bi(kind, kind.replace("_", " ")))


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


COLOUR_NAMES: dict[str, Bilingual] = {
    "red": bi("红色", "red"),
    "orange": bi("橙色", "orange"),
    "yellow": bi("黄色", "yellow"),
    "green": bi("绿色", "green"),
    "blue": bi("蓝色", "blue"),
    "purple": bi("紫色", "purple"),
    "pink": bi("粉色", "pink"),
    "white": bi("白色", "white"),
}


def _ambient_done(command: dict[str, Any]) -> Bilingual:
    if not command["on"]:
        return bi("氛围灯已关闭", "Ambient light is off")
    zh, en = "氛围灯已打开", "Ambient light is on"
    colour = command.get("colour")
    if isinstance(colour, str):
        name = COLOUR_NAMES.get(colour, bi(colour, colour))
        zh, en = f"{zh}，{name.zh}", f"{en}, {name.en}"
    brightness = command.get("brightness_pct")
    if brightness is not None:
        zh, en = f"{zh}，亮度{brightness}%", f"{en}, {brightness}% bright"
    return bi(zh, en)
