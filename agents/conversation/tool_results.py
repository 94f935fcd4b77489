"""Tool results sent back by a client (`role: "tool"` messages), phrased for the driver.

A result in our own tools' output schema is spoken as the chat would speak it. Anything else (a
client's own tool, another JSON shape, plain text) is read for fields we recognise (`soc_pct`,
`range_km`, `locked`, ...) wherever they sit; failing that, a short neutral sentence. Raw JSON
never reaches the speech.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from agents.conversation import replies as rp
from agents.conversation.cabin_tools import CabinDone
from agents.conversation.tools import (
    TOOLS,
    AlertList,
    ChargerList,
    CommandSent,
    LightAnswer,
    RestaurantList,
    VehicleStatus,
)
from agents.text import Bilingual, bi
from agents.travel.trips import Trip
from agents.world.commands import Command

PLAIN_TEXT_CHARS = 300
"""Plain text a tool returned is read out up to this length."""
_MAX_NODES = 400  # values looked at in one result: bounds the work on a deep or wide document
_MAX_DEPTH = 5
_MAX_NAMES = 3

_LABELS: dict[str, Bilingual] = {
    "get_vehicle_status": bi("车况查询", "vehicle status check"),
    "explain_warning_light": bi("警示灯查询", "warning light lookup"),
    "get_alerts": bi("提醒查询", "alerts check"),
    "send_remote_command": bi("远程指令", "remote command"),
    "control_cabin": bi("座舱控制", "cabin control"),
    "get_command_status": bi("指令进度查询", "command progress check"),
    "find_chargers": bi("充电站搜索", "charger search"),
    "find_restaurants": bi("餐厅搜索", "restaurant search"),
    "plan_trip": bi("行程规划", "trip planning"),
}


def tool_label(name: str) -> Bilingual:
    """What the driver hears a tool called: ours by purpose, a client's by its name in words."""
    if name in _LABELS:
        return _LABELS[name]
    words = " ".join(name.replace("-", "_").split("_")).strip() or "tool"
    return bi(f"“{words}”", f"the {words}")


def our_name(call_id: str, name: str) -> str:
    """Our call ids are `call_<our tool>_<n>`, so a renamed tool still maps back to ours."""
    if name in TOOLS:
        return name
    for ours in TOOLS:
        if call_id.startswith(f"call_{ours}_"):
            return ours
    return name


def phrase_tool_result(call_id: str, name: str, content: str) -> Bilingual:
    """One tool result in words."""
    ours = our_name(call_id, name)
    try:
        data: Any = json.loads(content)
    except (ValueError, RecursionError):
        return _plain_text(ours, content)
    if isinstance(data, dict) and isinstance(data.get("error"), dict | str):
        error = data["error"]
        text = error.get("message", "") if isinstance(error, dict) else error
        if isinstance(text, str) and text.strip() and len(text) <= PLAIN_TEXT_CHARS:
            return bi(f"操作没有成功：{text}", f"That didn't work: {text}")
        return bi("操作没有成功。", "That didn't work.")
    if ours == "send_remote_command" and isinstance(data, dict) and "command_id" in data:
        return command_sent(str(data["command_id"])[:64])  # the REST answer is enough
    tool = TOOLS.get(ours)
    if tool is not None:
        try:
            result: BaseModel | None = tool.output_model.model_validate(data)
        except ValidationError:
            result = None
        speech = result_speech(result)
        if speech is not None:
            return speech
    return _recognised(ours, data)


def command_sent(command_id: str) -> Bilingual:
    return bi(
        f"指令已发送（{command_id}），几秒钟后执行。",
        f"The command was sent ({command_id}); it will be carried out in a few seconds.",
    )


def result_speech(result: BaseModel | None) -> Bilingual | None:
    """What the assistant says about one of our tools' results, as the chat would say it (the
    compatible mode, DashScope and MCP all read it here); None for a model it does not know."""
    if isinstance(result, VehicleStatus):
        return rp.status_speech(result)
    if isinstance(result, LightAnswer):
        return rp.light_speech(result, moving=False)
    if isinstance(result, CommandSent):
        return command_sent(result.command_id)
    if isinstance(result, Command):
        return bi(
            f"指令 {result.command_id} 的状态：{result.status.value}。",
            f"Command {result.command_id} is {result.status.value}.",
        )
    if isinstance(result, CabinDone):
        return result.speech
    if isinstance(result, AlertList):
        if not result.alerts:
            return bi("目前没有需要注意的提醒。", "Nothing needs attention right now.")
        return rp.join([a.title for a in result.alerts])
    if isinstance(result, ChargerList):
        return rp.charger_speech(rp.charger_items(result, rp.PARKED_LIST_CAP), moving=False)
    if isinstance(result, RestaurantList):
        return rp.restaurant_speech(rp.restaurant_items(result, rp.PARKED_LIST_CAP), moving=False)
    if isinstance(result, Trip):
        return rp.trip_speech(result)
    return None


def _plain_text(name: str, content: str) -> Bilingual:
    text = " ".join(content.split())
    if not text or text.startswith(("{", "[")):  # JSON we could not read is not spoken either
        return _nothing_to_read(name)
    if len(text) > PLAIN_TEXT_CHARS:
        text = text[:PLAIN_TEXT_CHARS] + "…"
    label = tool_label(name)
    return bi(f"{label.zh}的结果：{text}", f"From {label.en}: {text}")


def _nothing_to_read(name: str) -> Bilingual:
    label = tool_label(name)
    return bi(
        f"{label.zh}已完成，但结果里没有我能读给您听的内容。",
        f"I have the result of {label.en}, but nothing in it I can read out to you.",
    )


# --- fields we recognise in any shape ---------------------------------------------------------


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def _short_text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text if 0 < len(text) <= PLAIN_TEXT_CHARS and not text.startswith(("{", "[")) else None


def _numeric(zh: str, en: str) -> Callable[[Any], Bilingual | None]:
    def phrase(value: Any) -> Bilingual | None:
        n = _number(value)
        return None if n is None else bi(zh.format(n), en.format(n))

    return phrase


def _flag(yes: Bilingual, no: Bilingual) -> Callable[[Any], Bilingual | None]:
    def phrase(value: Any) -> Bilingual | None:
        return (yes if value else no) if isinstance(value, bool) else None

    return phrase


def _words(zh: str, en: str) -> Callable[[Any], Bilingual | None]:
    def phrase(value: Any) -> Bilingual | None:
        text = _short_text(value)
        if text is None or len(text) > 60:
            return None
        return bi(zh.format(text), en.format(text))

    return phrase


def _said(value: Any) -> Bilingual | None:
    text = _short_text(value)
    return None if text is None else bi(text, text)


_BATTERY = _numeric("电量{}%", "battery at {}%")
_RANGE = _numeric("续航{}公里", "{} km of range")
_LOCKED = _flag(bi("车门已上锁", "the car is locked"), bi("车门未上锁", "the car is unlocked"))
_CHARGING = _flag(bi("正在充电", "it is charging"), bi("没有在充电", "it is not charging"))
_DONE = _flag(bi("已完成", "done"), bi("没有成功", "it did not succeed"))

# Field name (lower case) -> how to say its value; several spellings of one fact share a phrase.
_FIELDS: dict[str, Callable[[Any], Bilingual | None]] = {
    **dict.fromkeys(
        ("soc_pct", "battery_pct", "battery_level", "battery_percent", "soc", "state_of_charge"),
        _BATTERY,
    ),
    **dict.fromkeys(("range_km", "remaining_range_km", "range"), _RANGE),
    **dict.fromkeys(
        ("fuel_pct", "fuel_level_pct", "fuel_percent"), _numeric("油量{}%", "fuel at {}%")
    ),
    **dict.fromkeys(("locked", "is_locked", "doors_locked"), _LOCKED),
    **dict.fromkeys(("charging", "is_charging"), _CHARGING),
    "charge_limit_pct": _numeric("充电上限{}%", "charge limit {}%"),
    **dict.fromkeys(("speed_kmh", "speed_km_h"), _numeric("车速{}公里/小时", "speed {} km/h")),
    **dict.fromkeys(
        ("odometer_km", "mileage_km"), _numeric("总里程{}公里", "{} km on the odometer")
    ),
    **dict.fromkeys(
        ("cabin_temp_c", "inside_temp_c", "interior_temp_c"), _numeric("车内{}°C", "{} °C inside")
    ),
    **dict.fromkeys(
        ("outside_temp_c", "exterior_temp_c", "ambient_temp_c"),
        _numeric("车外{}°C", "{} °C outside"),
    ),
    "target_temp_c": _numeric("空调设定{}°C", "climate set to {} °C"),
    "eta_min": _numeric("约{}分钟到达", "arriving in about {} min"),
    "distance_km": _numeric("距离{}公里", "{} km away"),
    "status": _words("状态：{}", "status: {}"),
    **dict.fromkeys(("ok", "success", "succeeded"), _DONE),
    **dict.fromkeys(("message", "text", "summary", "answer", "result", "speech"), _said),
}
_LISTS = ("results", "items", "data", "chargers", "restaurants", "stations", "places")


def _walk(data: Any) -> Iterator[tuple[str, Any]]:
    """(key, value) pairs of the document, breadth first, within a bounded number of nodes."""
    queue: list[tuple[Any, int]] = [(data, 0)]
    seen = 0
    while queue and seen < _MAX_NODES:
        node, depth = queue.pop(0)
        if not isinstance(node, dict) or depth > _MAX_DEPTH:
            continue
        for key, value in node.items():
            seen += 1
            if seen >= _MAX_NODES:
                return
            yield str(key).lower(), value
            if isinstance(value, dict):
                queue.append((value, depth + 1))


def _listed(data: Any) -> Bilingual | None:
    """A list of results: how many, and the first few names."""
    found = data if isinstance(data, list) else None
    if isinstance(data, dict):
        found = next((data[k] for k in _LISTS if isinstance(data.get(k), list)), None)
    if found is None:
        return None
    names: list[str] = []
    for item in found[:_MAX_NAMES]:
        name = item.get("name") if isinstance(item, dict) else None
        if isinstance(name, dict):  # a {zh, en} name
            name = name.get("en") or name.get("zh")
        text = _short_text(name)
        if text is not None and len(text) <= 60:
            names.append(text)
    if not found:
        return bi("没有找到结果", "nothing was found")
    shown_zh = f"：{'、'.join(names)}" if names else ""
    shown_en = f": {', '.join(names)}" if names else ""
    return bi(f"找到{len(found)}个结果{shown_zh}", f"{len(found)} found{shown_en}")


def _recognised(name: str, data: Any) -> Bilingual:
    phrases: list[Bilingual] = []
    used: set[int] = set()  # one phrase per fact, however many spellings the document uses
    for key, value in _walk(data):
        phrase_of = _FIELDS.get(key)
        if phrase_of is None or id(phrase_of) in used:
            continue
        phrase = phrase_of(value)
        if phrase is not None:
            used.add(id(phrase_of))
            phrases.append(phrase)
    listed = _listed(data)
    if listed is not None:
        phrases.append(listed)
    if not phrases:
        return _nothing_to_read(name)
    label = tool_label(name)
    zh = "，".join(p.zh for p in phrases)
    en = ", ".join(p.en for p in phrases)
    return bi(f"{label.zh}：{zh}。", f"From {label.en}: {en}.")
