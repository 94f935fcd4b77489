"""One request per utterance: the intent and every slot value, in Chinese and English."""

from __future__ import annotations

import pytest

from agents.conversation.nlu import Intent, SlotValue, Understanding, understand
from agents.conversation.turns.table import INTENTS

CASES: list[tuple[str, Intent, dict[str, SlotValue]]] = [
    # vehicle status
    ("what's my range", Intent.STATUS_RANGE, {}),
    ("how far can I go", Intent.STATUS_RANGE, {}),
    ("还能跑多远", Intent.STATUS_RANGE, {}),
    ("续航还有多少", Intent.STATUS_RANGE, {}),
    ("how much battery do I have", Intent.STATUS_BATTERY, {"energy": "battery"}),
    ("电量还有多少", Intent.STATUS_BATTERY, {"energy": "battery"}),
    ("还有电吗", Intent.STATUS_BATTERY, {"energy": "battery"}),
    ("how much fuel is left", Intent.STATUS_BATTERY, {"energy": "fuel"}),
    ("还有多少油", Intent.STATUS_BATTERY, {"energy": "fuel"}),
    ("is the car charging?", Intent.STATUS_CHARGING, {}),
    ("when will charging finish", Intent.STATUS_CHARGING, {}),
    ("is it plugged in", Intent.STATUS_CHARGING, {}),
    ("什么时候充满", Intent.STATUS_CHARGING, {}),
    ("还要充多久", Intent.STATUS_CHARGING, {}),
    ("check the tire pressure", Intent.STATUS_TIRES, {}),
    ("胎压正常吗", Intent.STATUS_TIRES, {}),
    ("is the car locked?", Intent.STATUS_LOCKS, {}),
    ("did I lock the car", Intent.STATUS_LOCKS, {}),
    ("车锁了吗", Intent.STATUS_LOCKS, {}),
    ("帮我看看车锁没锁", Intent.STATUS_LOCKS, {}),
    ("are the windows closed?", Intent.STATUS_DOORS_WINDOWS, {}),
    ("车窗关好了吗", Intent.STATUS_DOORS_WINDOWS, {}),
    ("后备箱关了没有", Intent.STATUS_DOORS_WINDOWS, {}),
    ("is the AC on?", Intent.STATUS_CLIMATE, {}),
    ("what's the temperature inside", Intent.STATUS_CLIMATE, {}),
    ("车内温度多少", Intent.STATUS_CLIMATE, {}),
    ("空调开着吗", Intent.STATUS_CLIMATE, {}),
    ("where is my car?", Intent.STATUS_LOCATION, {}),
    ("车停在哪", Intent.STATUS_LOCATION, {}),
    ("what's the odometer reading", Intent.STATUS_ODOMETER, {}),
    ("总里程多少", Intent.STATUS_ODOMETER, {}),
    ("when is my next service", Intent.STATUS_SERVICE, {}),
    ("什么时候保养", Intent.STATUS_SERVICE, {}),
    ("how's my car", Intent.STATUS_OVERVIEW, {}),
    ("车况怎么样", Intent.STATUS_OVERVIEW, {}),
    # warning lights
    (
        "orange engine light",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "yellow", "system": "engine", "light_text": "orange engine light"},
    ),
    (
        "黄色的发动机灯",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "yellow", "system": "engine", "light_text": "黄色的发动机灯"},
    ),
    (
        "what does the red battery symbol mean",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "red", "system": "battery", "light_text": "red battery symbol"},
    ),
    (
        "仪表盘上有个红色的刹车灯",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "red", "system": "brake", "light_text": "红色的刹车灯"},
    ),
    (
        "what does the amber tire pressure light mean",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "yellow", "system": "tire_pressure", "light_text": "amber tire pressure light"},
    ),
    (
        "胎压灯亮了",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"system": "tire_pressure", "light_text": "胎压灯"},
    ),
    (
        "the ABS light is on",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"system": "abs", "light_text": "ABS light"},
    ),
    (
        "橙色的机油灯是什么意思",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "yellow", "system": "oil", "light_text": "橙色的机油灯"},
    ),
    (
        "安全带指示灯一直亮",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"system": "seatbelt", "light_text": "安全带指示灯"},
    ),
    (
        "a green light came on",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "green", "light_text": "green light"},
    ),
    (
        "the parking brake light is red",
        Intent.EXPLAIN_WARNING_LIGHT,
        {"color": "red", "system": "parking_brake", "light_text": "parking brake light is red"},
    ),
    # the cabin
    ("turn on the seat heater", Intent.SEAT_HEATING, {}),
    ("打开座椅加热", Intent.SEAT_HEATING, {}),
    ("副驾座椅加热开到2档", Intent.SEAT_HEATING, {"seat": "passenger", "level": 2}),
    ("make my seat warmer", Intent.SEAT_HEATING, {"step": 1}),
    ("seat heating off", Intent.SEAT_HEATING, {"level": 0}),
    ("cool my seat", Intent.SEAT_VENTILATION, {}),
    ("座椅通风开最大", Intent.SEAT_VENTILATION, {"level": 3}),
    ("open my window", Intent.WINDOW, {"position_pct": 100}),
    ("把车窗关上", Intent.WINDOW, {"position_pct": 0}),
    ("close all the windows", Intent.WINDOW, {"seat": "all", "position_pct": 0}),
    ("window down 30%", Intent.WINDOW, {"position_pct": 30}),
    ("开一点窗", Intent.WINDOW, {"position_pct": 20}),
    ("打开天窗", Intent.SUNROOF, {"position_pct": 100}),
    ("close the sunshade", Intent.SUNROOF_SHADE, {"position_pct": 0}),
    ("open the trunk", Intent.TRUNK, {"open": True}),
    ("打开后备箱", Intent.TRUNK, {"open": True}),
    ("heat the steering wheel", Intent.STEERING_WHEEL_HEATING, {"on": True}),
    ("defrost the rear window", Intent.DEFROST, {"zone": "rear", "on": True}),
    ("前挡除雾", Intent.DEFROST, {"zone": "front", "on": True}),
    ("氛围灯调成蓝色", Intent.AMBIENT_LIGHT, {"on": True, "colour": "blue"}),
    ("ambient lights to 40%", Intent.AMBIENT_LIGHT, {"on": True, "brightness_pct": 40}),
    ("打开阅读灯", Intent.READING_LIGHT, {"on": True}),
    ("turn off the child lock", Intent.CHILD_LOCK, {"on": False}),
    ("我有点冷", Intent.FEELING_COLD, {}),
    ("I'm too hot", Intent.FEELING_HOT, {}),
    ("副驾调到24度", Intent.CLIMATE_ON, {"temperature_c": 24.0, "zone": "passenger"}),
    # remote actions
    ("lock the car", Intent.LOCK, {}),
    ("锁车", Intent.LOCK, {}),
    ("能帮我锁车吗", Intent.LOCK, {}),
    ("can you lock the doors?", Intent.LOCK, {}),
    ("unlock the car", Intent.UNLOCK, {}),
    ("解锁", Intent.UNLOCK, {}),
    ("turn on the AC", Intent.CLIMATE_ON, {}),
    ("打开空调", Intent.CLIMATE_ON, {}),
    ("set the temperature to 22", Intent.CLIMATE_ON, {"temperature_c": 22.0}),
    ("空调开到二十二度", Intent.CLIMATE_ON, {"temperature_c": 22.0}),
    ("空调开到二十二点五度", Intent.CLIMATE_ON, {"temperature_c": 22.5}),
    ("温度调到22度", Intent.CLIMATE_ON, {"temperature_c": 22.0}),
    ("make it twenty-one degrees", Intent.CLIMATE_ON, {"temperature_c": 21.0}),
    ("preheat the car", Intent.CLIMATE_ON, {"mode": "heat"}),
    ("I'm cold", Intent.FEELING_COLD, {}),
    ("车里太热了", Intent.CLIMATE_ON, {"mode": "cool"}),
    ("把温度调高", Intent.CLIMATE_ON, {}),
    ("cancel charging", Intent.CHARGE_STOP, {}),
    ("turn off the AC", Intent.CLIMATE_OFF, {}),
    ("关空调", Intent.CLIMATE_OFF, {}),
    ("把空调关了", Intent.CLIMATE_OFF, {}),
    ("start charging", Intent.CHARGE_START, {}),
    ("开始充电", Intent.CHARGE_START, {}),
    ("stop charging", Intent.CHARGE_STOP, {}),
    ("停止充电", Intent.CHARGE_STOP, {}),
    ("charge to 80%", Intent.SET_CHARGE_LIMIT, {"limit_pct": 80}),
    ("充电上限设为百分之八十", Intent.SET_CHARGE_LIMIT, {"limit_pct": 80}),
    ("set the charge limit to ninety percent", Intent.SET_CHARGE_LIMIT, {"limit_pct": 90}),
    ("充到九十", Intent.SET_CHARGE_LIMIT, {"limit_pct": 90}),
    ("flash the lights", Intent.FLASH_LIGHTS, {}),
    ("闪一下灯", Intent.FLASH_LIGHTS, {}),
    ("honk the horn", Intent.HONK, {}),
    ("鸣笛", Intent.HONK, {}),
    ("按一下喇叭", Intent.HONK, {}),
    # travel
    ("plan a trip to Beijing", Intent.PLAN_TRIP, {"destination": "Beijing"}),
    ("navigate to hangzhou please", Intent.PLAN_TRIP, {"destination": "Hangzhou"}),
    ("导航去杭州", Intent.PLAN_TRIP, {"destination": "杭州"}),
    ("我想开车去南京吧", Intent.PLAN_TRIP, {"destination": "南京"}),
    ("规划去杭州东站的路线", Intent.PLAN_TRIP, {"destination": "杭州东站"}),
    (
        "I want to drive to Nanjing via Suzhou",
        Intent.PLAN_TRIP,
        {"destination": "Nanjing", "waypoint": "Suzhou"},
    ),
    ("途经苏州去南京", Intent.PLAN_TRIP, {"destination": "南京", "waypoint": "苏州"}),
    ("先去苏州再去南京", Intent.PLAN_TRIP, {"destination": "南京", "waypoint": "苏州"}),
    ("从上海到北京", Intent.PLAN_TRIP, {"origin": "上海", "destination": "北京"}),
    (
        "drive from Shanghai to Beijing",
        Intent.PLAN_TRIP,
        {"origin": "Shanghai", "destination": "Beijing"},
    ),
    ("take me to the city of Tianjin", Intent.PLAN_TRIP, {"destination": "Tianjin"}),
    ("navigate to Moganshan Resort", Intent.PLAN_TRIP, {"destination": "Moganshan Resort"}),
    ("导航去乌镇", Intent.PLAN_TRIP, {"destination": "乌镇"}),
    (
        "plan a trip to Beijing via Suzhou and Wuxi",
        Intent.PLAN_TRIP,
        {"destination": "Beijing", "waypoint": "Suzhou", "waypoint_2": "Wuxi"},
    ),
    (
        "plan a trip to Suzhou and Wuxi",
        Intent.PLAN_TRIP,
        {"destination": "Wuxi", "waypoint": "Suzhou"},
    ),
    ("add a stop in Suzhou", Intent.ADD_STOP, {"waypoint": "Suzhou"}),
    ("add Wuxi as a stop", Intent.ADD_STOP, {"waypoint": "Wuxi"}),
    ("途经苏州", Intent.ADD_STOP, {"waypoint": "苏州"}),
    ("在嘉兴停一下", Intent.ADD_STOP, {"waypoint": "嘉兴"}),
    ("find a fast charger", Intent.FIND_CHARGER, {"min_power_kw": 50}),
    ("附近的充电桩", Intent.FIND_CHARGER, {}),
    ("find a charger with at least 120 kW", Intent.FIND_CHARGER, {"min_power_kw": 120}),
    ("找个超充站", Intent.FIND_CHARGER, {"min_power_kw": 150}),
    ("沿途有充电站吗", Intent.FIND_CHARGER, {"along_route": True}),
    ("where can I charge", Intent.FIND_CHARGER, {}),
    ("find somewhere to eat", Intent.FIND_FOOD, {}),
    ("找个吃饭的地方", Intent.FIND_FOOD, {}),
    (
        "find a hotpot place under 100 yuan",
        Intent.FIND_FOOD,
        {"cuisine": "hotpot", "max_budget_cny": 100},
    ),
    ("人均一百以内的川菜", Intent.FIND_FOOD, {"cuisine": "sichuan", "max_budget_cny": 100}),
    (
        "find halal food for lunch",
        Intent.FIND_FOOD,
        {"cuisine": "halal", "dietary": "halal", "meal": "lunch"},
    ),
    ("不吃猪肉的餐厅", Intent.FIND_FOOD, {"dietary": "no_pork"}),
    ("晚饭想吃粤菜", Intent.FIND_FOOD, {"cuisine": "cantonese", "meal": "dinner"}),
    ("vegetarian sichuan food", Intent.FIND_FOOD, {"cuisine": "sichuan", "dietary": "vegetarian"}),
    (
        "想吃本帮菜，人均八十块以内",
        Intent.FIND_FOOD,
        {"cuisine": "shanghainese", "max_budget_cny": 80},
    ),
    ("find dumplings near Jinan", Intent.FIND_FOOD, {"cuisine": "dumplings", "near": "Jinan"}),
    ("在苏州附近找个吃饭的地方", Intent.FIND_FOOD, {"near": "苏州"}),
    ("I want peking duck for dinner", Intent.FIND_FOOD, {"cuisine": "beijing", "meal": "dinner"}),
    ("找家不辣的湘菜", Intent.FIND_FOOD, {"cuisine": "hunan", "dietary": "no_spicy"}),
    ("a coffee please", Intent.FIND_FOOD, {"cuisine": "cafe"}),
    ("can I make it to Beijing?", Intent.CAN_REACH, {"destination": "Beijing"}),
    ("电量够到北京吗", Intent.CAN_REACH, {"destination": "北京"}),
    ("能开到南京吗", Intent.CAN_REACH, {"destination": "南京"}),
    ("do I have enough battery to get to Jinan", Intent.CAN_REACH, {"destination": "Jinan"}),
    ("send it to the car", Intent.SEND_DESTINATION, {"refers_to_result": True}),
    ("发到车上", Intent.SEND_DESTINATION, {}),
    ("把杭州发到车上", Intent.SEND_DESTINATION, {"destination": "杭州"}),
    ("send Hangzhou to the car", Intent.SEND_DESTINATION, {"destination": "Hangzhou"}),
    # follow-ups without a list to refer to
    ("cheaper", Intent.REFINE, {"refinement": "cheaper"}),
    ("便宜点", Intent.REFINE, {"refinement": "cheaper"}),
    ("不要辣的", Intent.REFINE, {"refinement": "no_spicy"}),
    ("closer please", Intent.REFINE, {"refinement": "closer"}),
    ("近一点的", Intent.REFINE, {"refinement": "closer"}),
    ("better rated ones", Intent.REFINE, {"refinement": "better_rated"}),
    ("只要还在营业的", Intent.REFINE, {"refinement": "open_now"}),
    ("the second one", Intent.SELECT, {"index": 2}),
    ("第二个", Intent.SELECT, {"index": 2}),
    ("选第三家", Intent.SELECT, {"index": 3}),
    ("number 2", Intent.SELECT, {"index": 2}),
    ("the last one", Intent.SELECT, {"index": -1}),
    ("最后一个", Intent.SELECT, {"index": -1}),
    ("that one", Intent.SELECT, {"index": 1}),
    ("就这家吧", Intent.SELECT, {"index": 1}),
    # conversation
    ("yes", Intent.CONFIRM, {}),
    ("好的", Intent.CONFIRM, {}),
    ("sure", Intent.CONFIRM, {}),
    ("no", Intent.DENY, {}),
    ("不用了", Intent.DENY, {}),
    ("取消", Intent.DENY, {}),
    ("cancel the trip", Intent.DENY, {}),
    ("取消导航", Intent.DENY, {}),
    ("what can you do", Intent.HELP, {}),
    ("你能做什么", Intent.HELP, {}),
    ("hello", Intent.GREETING, {"kind": "hello"}),
    ("你好", Intent.GREETING, {"kind": "hello"}),
    ("谢谢", Intent.GREETING, {"kind": "thanks"}),
    ("tell me a joke", Intent.OUT_OF_SCOPE, {}),
    ("今天股票怎么样", Intent.OUT_OF_SCOPE, {}),
    ("what's the weather in Beijing", Intent.OUT_OF_SCOPE, {}),
    ("close the windows", Intent.WINDOW, {"position_pct": 0}),
    ("打开车灯", Intent.OUT_OF_SCOPE, {}),
]


def _only(text: str) -> Understanding:
    results = understand(text)
    assert len(results) == 1, [r.intent for r in results]
    return results[0]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[c[0] for c in CASES])
def test_intent_and_slots(text: str, intent: Intent, slots: dict[str, SlotValue]) -> None:
    result = _only(text)
    assert (result.intent, result.slots) == (intent, slots)


def test_every_intent_is_covered_by_the_table() -> None:
    assert {intent for _, intent, _ in CASES} == set(Intent)


@pytest.mark.parametrize(
    ("text", "locale"),
    [("导航去Hangzhou", "zh"), ("lock the car", "en"), ("２２度", "zh"), ("OK", "en")],
)
def test_locale_follows_cjk_characters(text: str, locale: str) -> None:
    assert {r.locale for r in understand(text)} == {locale}


def test_full_width_digits_are_read_as_numbers() -> None:
    assert _only("空调调到２２度").slots == {"temperature_c": 22.0}


def test_exact_keyword_hits_are_surer_than_inferred_readings() -> None:
    exact = _only("lock the car").confidence
    bare_place = _only("去杭州").confidence
    unknown = _only("tell me a joke").confidence
    assert exact > bare_place > unknown
    assert unknown <= 0.3


def test_temperature_is_optional_but_destination_is_required() -> None:
    assert _only("打开空调").missing_slots == []
    assert _only("plan a trip").missing_slots == ["destination"]
    assert _only("导航").missing_slots == ["destination"]
    assert _only("can I make it?").missing_slots == ["destination"]
    assert _only("set a charge limit").missing_slots == ["limit_pct"]
    assert _only("add a stop").missing_slots == ["waypoint"]


def test_agents_split_by_domain() -> None:
    assert INTENTS[Intent.EXPLAIN_WARNING_LIGHT].agent == "car_genius"
    assert INTENTS[Intent.HONK].agent == "car_genius"
    assert INTENTS[Intent.STATUS_OVERVIEW].agent == "car_genius"
    assert INTENTS[Intent.CAN_REACH].agent == "travel_companion"
    assert INTENTS[Intent.FIND_FOOD].agent == "travel_companion"
    assert INTENTS[Intent.REFINE].agent == "assistant"
    assert INTENTS[Intent.OUT_OF_SCOPE].agent == "assistant"
    assert set(INTENTS) == set(Intent)
    assert _only("车况怎么样").agent == "car_genius"


def test_an_empty_utterance_is_out_of_scope_with_no_confidence() -> None:
    assert [(r.intent, r.confidence) for r in understand("  ")] == [(Intent.OUT_OF_SCOPE, 0.0)]


def test_the_engine_light_flashing_is_a_warning_not_a_command() -> None:
    assert _only("the engine light is flashing").intent is Intent.EXPLAIN_WARNING_LIGHT


# The issue's list of everyday phrasings that were misread (issue 12), each with its reading.
MISREAD_BEFORE: list[tuple[str, Intent, dict[str, SlotValue]]] = [
    ("how much juice is left", Intent.STATUS_BATTERY, {"energy": "battery"}),
    ("how many km can I still go", Intent.STATUS_RANGE, {}),
    ("我的车还有多少电啊", Intent.STATUS_BATTERY, {"energy": "battery"}),
    ("anything wrong with the car?", Intent.STATUS_OVERVIEW, {}),
    ("先把车里弄凉快点", Intent.CLIMATE_ON, {"mode": "cool"}),
    ("how long until it's full", Intent.STATUS_CHARGING, {}),
    ("找个快充", Intent.FIND_CHARGER, {"min_power_kw": 50}),
    ("帮我找个超充", Intent.FIND_CHARGER, {"min_power_kw": 150}),
    ("turn on the seat heater", Intent.SEAT_HEATING, {}),
    ("打开座椅加热", Intent.SEAT_HEATING, {}),
    ("把车窗关上", Intent.WINDOW, {"position_pct": 0}),
    ("打开天窗", Intent.SUNROOF, {"position_pct": 100}),
    ("open the trunk", Intent.TRUNK, {"open": True}),
    ("close all the windows", Intent.WINDOW, {"seat": "all", "position_pct": 0}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), MISREAD_BEFORE)
def test_the_misreadings_of_issue_12_are_fixed(
    text: str, intent: Intent, slots: dict[str, SlotValue]
) -> None:
    assert [(u.intent, u.slots) for u in understand(text)] == [(intent, slots)]
