"""The words for the cabin: devices, the seats they belong to, and what to do with them.

Data only, like `lexicon.py`; `cabin_rules.py` decides what a combination means. A device is
usually named by a noun plus a kind word ("seat" + "heat", "座椅" + "加热"), so the nouns and the
kind words are separate sets and any pairing of them is understood ("warm up my seat", "座椅通风",
"heated seats", "坐垫加热一下").
"""

from __future__ import annotations

from agents.conversation.nlu.matching import Keywords

SEAT_NOUNS = Keywords(
    ("seat", "seats", "chair", "butt", "bum", "backside", "cushion", "back", "lower back",
     "座椅", "座位", "椅子", "坐垫", "靠背", "屁股", "座")
)  # fmt: skip
WHEEL_NOUNS = Keywords(
    ("steering wheel", "wheel", "hands", "my hands", "方向盘", "转向盘", "手冷", "手好冷", "手冰",
     "手好冰", "冻手")
)  # fmt: skip
HEAT_KIND = Keywords(
    ("heat", "heated", "heater", "heaters", "heating", "warm", "warmer", "warming", "toasty",
     "hot", "加热", "加温", "暖", "热", "温", "烫",
     # A seat or wheel said to be cold wants heat: "my butt is cold", "座椅有点凉", "方向盘好冰".
     "cold", "freezing", "icy", "frozen", "冷", "冰", "有点凉", "好凉", "太凉", "凉凉的")
)  # fmt: skip
VENT_KIND = Keywords(
    ("vent", "vents", "ventilation", "ventilated", "ventilate", "cooling", "cooled", "cool",
     "cooler", "fan", "通风", "吹风", "凉快", "凉爽", "吹凉", "制冷", "冷风")
)  # fmt: skip

SUNROOF_SHADE = Keywords(
    ("sunshade", "sun shade", "roof shade", "shade", "blind", "roof blind", "sun blind",
     "遮阳帘", "遮阳板", "天窗帘", "遮光帘", "天窗遮阳", "遮阳")
)  # fmt: skip
SUNROOF = Keywords(("sunroof", "sun roof", "moonroof", "moon roof", "roof", "天窗", "全景天窗"))
WINDOW_NOUNS = Keywords(("window", "windows", "车窗", "窗户", "窗子", "窗", "车玻璃"))
TRUNK = Keywords(
    ("trunk", "boot", "tailgate", "liftgate", "hatch", "hatchback", "rear hatch", "rear door",
     "后备箱", "后备厢", "尾门", "后尾箱", "后盖", "尾箱", "行李箱")
)  # fmt: skip
DEFROST = Keywords(
    ("defrost", "defroster", "defog", "defogger", "demist", "demister", "de-ice", "deice",
     "fogged", "foggy", "misted", "steamed up", "除霜", "除雾", "去雾", "起雾", "有雾", "雾气",
     "结霜")
)  # fmt: skip
DEFROST_REAR = Keywords(("rear", "back", "后", "后挡", "后窗", "后玻璃", "后风挡"))
AMBIENT_LIGHT = Keywords(
    ("ambient light", "ambient lights", "ambient lighting", "ambience light", "mood light",
     "mood lighting", "accent light", "atmosphere light", "ambient", "氛围灯", "气氛灯",
     "情景灯", "环境灯")
)  # fmt: skip
READING_LIGHT = Keywords(
    ("reading light", "reading lamp", "map light", "dome light", "courtesy light", "roof light",
     "cabin light", "interior light", "overhead light", "lights inside", "inside lights",
     "lights in the cabin", "interior lights", "阅读灯", "看书灯", "顶灯", "车内灯",
     "室内灯", "车顶灯", "照明灯")
)  # fmt: skip
CHILD_LOCK = Keywords(
    ("kids doors", "kids' doors", "kid doors", "children's doors", "child lock", "child locks",
     "child safety lock", "kid lock", "kids lock", "childproof lock", "child proof lock",
     "儿童锁", "童锁", "儿童安全锁")
)  # fmt: skip

# --- which seat -------------------------------------------------------------------------------

SEAT_WORDS: tuple[tuple[str, Keywords], ...] = (
    ("rear_left", Keywords(
        ("rear left", "back left", "left rear", "left back", "behind the driver", "左后",
         "后排左", "后左", "左边后排", "后排左边", "后排左侧"))),
    ("rear_right", Keywords(
        ("rear right", "back right", "right rear", "right back", "右后", "后排右", "后右",
         "右边后排", "后排右边", "后排右侧"))),
    ("passenger", Keywords(
        ("passenger", "front passenger", "co-driver", "shotgun", "my wife's", "my husband's",
         "副驾驶", "副驾", "副驾驶位", "副驾位", "右前"))),
    ("driver", Keywords(
        ("driver", "driver's", "drivers", "主驾驶", "主驾", "驾驶位", "驾驶座", "司机", "左前"))),
)  # fmt: skip
ALL_SEATS = Keywords(
    ("all", "every", "both", "everyone's", "all the", "all of the", "全部", "所有", "全都",
     "都", "四个", "全车", "所有的")
)  # fmt: skip

# --- what to do -------------------------------------------------------------------------------

TURN_ON = Keywords(
    ("turn on", "switch on", "put on", "start", "enable", "activate", "on", "open", "give me",
     "i want", "i need", "打开", "开启", "开一下", "开下", "启动", "开", "来点", "要")
)  # fmt: skip
TURN_OFF = Keywords(
    ("turn off", "switch off", "shut off", "off", "disable", "deactivate", "stop", "kill",
     "no more", "enough", "关闭", "关掉", "关上", "关了", "关", "停", "不要", "别", "取消")
)  # fmt: skip
OPEN = Keywords(
    ("open", "down", "roll down", "lower", "crack", "pop", "let some air in", "fresh air", "vent",
     "打开", "开", "降", "降下", "摇下", "放下", "落下", "透透气", "透气", "通通风", "拉开")
)  # fmt: skip
CLOSE = Keywords(
    ("close", "shut", "up", "roll up", "raise", "lift", "关", "关上", "关闭", "关好",
     "升", "升起", "摇上", "合上", "升上", "拉上", "draw")
)  # fmt: skip
# A little: a window "cracked", "开一点". Half: "半开", "half way".
A_LITTLE = Keywords(
    ("a bit", "a little", "a tad", "slightly", "crack", "cracked", "a crack", "an inch",
     "一点", "一点点", "一些", "一条缝", "点儿", "点", "一丝", "小缝", "少许", "稍微")
)  # fmt: skip
HALF = Keywords(("half", "halfway", "half way", "一半", "半开", "开一半", "半"))
LITTLE_OPEN_PCT = 20
HALF_OPEN_PCT = 50

LEVEL_MAX = Keywords(
    ("max", "maximum", "highest", "full", "high", "最高", "最大", "最强", "高档", "满")
)
LEVEL_MIN = Keywords(("min", "minimum", "lowest", "low", "最低", "最小", "最弱", "低档"))
LEVEL_MID = Keywords(("medium", "mid", "middle", "中档", "中等", "中间"))
# "Warmer", "调高一档": one level up; "less", "调低": one level down.
STEP_UP = Keywords(
    ("warmer", "hotter", "more", "higher", "up", "increase", "turn up", "crank up", "stronger",
     "调高", "加大", "高一点", "大一点", "再热", "热一点", "再高", "升高", "加一档", "高一档",
     "强一点", "再大")
)  # fmt: skip
STEP_DOWN = Keywords(
    ("less", "lower", "down", "decrease", "turn down", "weaker", "cooler", "调低", "减小",
     "低一点", "小一点", "降低", "减一档", "低一档", "弱一点", "再小", "太烫", "太热", "too hot",
     "too warm")
)  # fmt: skip
DEFAULT_LEVEL = 2
HEAT_WHEN_COLD_LEVEL = 2

COLOURS: tuple[tuple[str, Keywords], ...] = (
    ("red", Keywords(("red", "红"))),
    ("orange", Keywords(("orange", "橙", "橘"))),
    ("amber", Keywords(("amber", "yellow", "gold", "琥珀", "黄", "金"))),
    ("green", Keywords(("green", "绿"))),
    ("blue", Keywords(("blue", "蓝"))),
    ("purple", Keywords(("purple", "violet", "紫"))),
    ("pink", Keywords(("pink", "粉"))),
    ("white", Keywords(("white", "白"))),
)
BRIGHTER = Keywords(
    ("brighter", "brighten", "more light", "调亮", "亮一点", "亮一些", "更亮", "亮点")
)
DIMMER = Keywords(("dimmer", "dim", "darker", "softer", "调暗", "暗一点", "暗一些", "更暗", "暗点"))
BRIGHT_PCT = 80
DIM_PCT = 30

FEELING_COLD = Keywords(
    ("i'm chilly", "i am chilly", "feel chilly", "getting chilly", "i'm cold", "im cold",
     "i am cold", "i'm freezing", "im freezing", "i am freezing",
     "it's cold", "its cold", "freezing", "chilly", "cold in here", "so cold", "too cold",
     "a bit cold", "getting cold", "i feel cold", "feeling cold", "brr", "brrr",
     "好冷", "有点冷", "太冷", "冷死", "冻死", "好冻", "冷啊", "挺冷", "真冷", "冷了", "有些冷",
     "觉得冷", "感觉冷", "冷得", "冻得")
)  # fmt: skip
FEELING_HOT = Keywords(
    ("i'm hot", "im hot", "i am hot", "it's hot", "its hot", "too hot", "so hot", "boiling",
     "roasting", "sweating", "stuffy", "hot in here", "a bit hot", "i feel hot", "feeling hot",
     "好热", "有点热", "太热", "热死", "热啊", "挺热", "真热", "闷", "有些热", "觉得热",
     "感觉热", "热得", "出汗")
)  # fmt: skip
# "车里太热了" is about the whole cabin (the climate), "我好热" about the speaker's zone.
CABIN_WIDE = Keywords(
    ("in the car", "the car is", "car's", "cabin", "车里", "车内", "车子里", "车上", "车厢")
)
