"""Every command type's label, in the words the assistant proposes or confirms it with:
打开座椅加热（副驾，2档） / "passenger seat heating to level 2". Labels live with the commands.
"""

from __future__ import annotations

from agents.text import Bilingual, bi
from agents.world import commands as cmd
from agents.world.cabin import COLOUR_NAMES, SEAT_NAMES, Seat
from agents.world.cabin_commands import (
    CabinCommand,
    SetAmbientLight,
    SetChildLock,
    SetDefrost,
    SetReadingLight,
    SetSeatHeating,
    SetSeatVentilation,
    SetSteeringWheelHeating,
    SetSunroof,
    SetSunroofShade,
    SetTrunk,
    SetWindow,
)

_FIXED: dict[str, Bilingual] = {
    "lock": bi("锁车", "lock the car"),
    "unlock": bi("解锁车辆", "unlock the car"),
    "climate_stop": bi("关闭空调", "turn off the climate"),
    "charge_start": bi("开始充电", "start charging"),
    "charge_stop": bi("停止充电", "stop charging"),
    "flash_lights": bi("闪灯", "flash the lights"),
    "honk": bi("鸣笛", "honk the horn"),
    "wake": bi("唤醒车辆", "wake the car"),
}


def label(request: cmd.CommandRequest) -> Bilingual:
    match request:
        case cmd.ClimateStart(target_temp_c=target, zone=zone):
            zh, en = _zone(zone)
            if target is None:
                return bi(f"打开{zh}空调", f"turn on the climate{en}")
            t = f"{target:g}"
            return bi(f"打开{zh}空调（{t}°C）", f"turn on the climate{en} at {t} °C")
        case cmd.SetTemperature(target_temp_c=target, zone=zone):
            (zh, en), t = _zone(zone), f"{target:g}"
            return bi(f"把{zh}温度调到{t}°C", f"set the temperature{en} to {t} °C")
        case cmd.SetChargeLimit(limit_pct=limit):
            return bi(f"把充电上限设为{limit}%", f"set the charge limit to {limit}%")
        case cmd.SendDestination(destination=dest):
            return bi(f"把「{dest.name}」发送到车上", f"send {dest.name} to the car")
        case cmd.Lock() | cmd.Unlock() | cmd.ClimateStop() | cmd.ChargeStart() | cmd.ChargeStop():
            return _FIXED[request.type]
        case cmd.FlashLights() | cmd.Honk() | cmd.Wake():
            return _FIXED[request.type]
        case _:
            return _cabin_label(request)


def _zone(zone: cmd.Zone) -> tuple[str, str]:
    """The zone's words (zh before the noun, en after it); none for every zone."""
    if zone == "all":
        return "", ""
    name = SEAT_NAMES[zone]
    return name.zh, f" for the {name.en} seat"


def _cabin_label(request: CabinCommand) -> Bilingual:
    match request:
        case SetWindow(window=window, position_pct=p):
            zh_where = "所有车窗" if window == "all" else f"{SEAT_NAMES[window].zh}车窗"
            en_where = "all windows" if window == "all" else f"the {SEAT_NAMES[window].en} window"
            if p == 0:
                return bi(f"关闭{zh_where}", f"close {en_where}")
            if p == 100:
                return bi(f"打开{zh_where}", f"open {en_where}")
            return bi(f"把{zh_where}打开到{p}%", f"open {en_where} to {p}%")
        case SetSunroof(position_pct=p):
            return _opening(p, "天窗", "the sunroof")
        case SetSunroofShade(position_pct=p):
            return _opening(p, "遮阳帘", "the sunroof shade")
        case SetTrunk(open=open_):
            return (
                bi("打开后备箱", "open the boot") if open_ else bi("关闭后备箱", "close the boot")
            )
        case SetSeatHeating(seat=seat, level=level):
            return _seat_level(seat, level, "座椅加热", "seat heating")
        case SetSeatVentilation(seat=seat, level=level):
            return _seat_level(seat, level, "座椅通风", "seat ventilation")
        case SetSteeringWheelHeating(on=on):
            return _switch(on, "方向盘加热", "the steering-wheel heating")
        case SetDefrost(zone=zone, on=on):
            zh, en = (
                ("前挡除雾", "the front defroster")
                if zone == "front"
                else ("后挡除雾", "the rear defroster")
            )
            return _switch(on, zh, en)
        case SetAmbientLight(on=False):
            return bi("关闭氛围灯", "turn off the ambient light")
        case SetAmbientLight(colour=colour, brightness_pct=brightness):
            zh_parts = [COLOUR_NAMES[colour].zh] if colour else []
            en_parts = [COLOUR_NAMES[colour].en] if colour else []
            if brightness is not None:
                zh_parts.append(f"亮度{brightness}%")
                en_parts.append(f"{brightness}% brightness")
            zh_more = f"（{'，'.join(zh_parts)}）" if zh_parts else ""
            en_more = f" ({', '.join(en_parts)})" if en_parts else ""
            return bi(f"打开氛围灯{zh_more}", f"turn on the ambient light{en_more}")
        case SetReadingLight(seat=seat, on=on):
            name = SEAT_NAMES[seat]
            return _switch(on, f"{name.zh}阅读灯", f"the {name.en} reading light")
        case SetChildLock(on=on):
            return _switch(on, "儿童锁", "the child lock")


def _opening(p: int, zh: str, en: str) -> Bilingual:
    if p == 0:
        return bi(f"关闭{zh}", f"close {en}")
    if p == 100:
        return bi(f"打开{zh}", f"open {en}")
    return bi(f"把{zh}打开到{p}%", f"open {en} to {p}%")


def _switch_word(open_: bool, zh: str, en: str) -> Bilingual:
    return bi(f"打开{zh}", f"open {en}") if open_ else bi(f"关闭{zh}", f"close {en}")


def _switch(on: bool, zh: str, en: str) -> Bilingual:
    return bi(f"打开{zh}", f"turn on {en}") if on else bi(f"关闭{zh}", f"turn off {en}")


def _seat_level(seat: Seat, level: int, zh: str, en: str) -> Bilingual:
    name = SEAT_NAMES[seat]
    if level == 0:
        return bi(f"关闭{zh}（{name.zh}）", f"turn off the {name.en} {en}")
    return bi(f"打开{zh}（{name.zh}，{level}档）", f"{name.en} {en} to level {level}")
