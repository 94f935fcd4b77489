"""The words the rules look for, in Chinese and English, and the ids they normalise to.

Data only: the rules in `rules.py` decide what a combination of these words means. Tables that map
to an id are ordered most specific first ("tire pressure" before "tire", "parking brake" before
"brake"); `matching.first_label` prefers the earliest hit in the text and then this order.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter

from agents.conversation.nlu.matching import Keywords, has_cjk
from agents.travel.data import PLACES_FILE
from agents.travel.places import Place, PlaceKind
from agents.travel.profiles import DietaryRule
from agents.travel.restaurants import CUISINE_LABELS, Cuisine

# --- places, read from the fixtures (travel/places.json), never copied -------------------------

FIXTURES_DIR = Path(__file__).resolve().parents[3] / "fixtures"
# Towns and cities by name and alias; service areas and interchanges only by their full name
# (a bare "长安" or "Changxing" is more often something else).
_NAMED_BY_ALIAS = frozenset({PlaceKind.CITY, PlaceKind.DISTRICT})


def _place_words(fixtures_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    places = TypeAdapter(list[Place]).validate_json((fixtures_dir / PLACES_FILE).read_bytes())
    zh: list[str] = []
    en: list[str] = []
    for place in places:
        names = [place.name.zh, place.name.en]
        if place.kind in _NAMED_BY_ALIAS:
            names += place.aliases
        for name in names:
            (zh if has_cjk(name) else en).append(name)
    return tuple(dict.fromkeys(zh)), tuple(dict.fromkeys(en))


KNOWN_PLACES_ZH, KNOWN_PLACES_EN = _place_words(FIXTURES_DIR)
KNOWN_PLACES = Keywords((*KNOWN_PLACES_ZH, *(p.lower() for p in KNOWN_PLACES_EN)))
EN_PLACE_CANONICAL: dict[str, str] = {p.lower(): p for p in KNOWN_PLACES_EN}

# A place phrase that points at a listed result instead of naming a place ("go there").
RESULT_REFERENCES: frozenset[str] = frozenset(
    {"there", "it", "that", "this", "that one", "this one", "that place", "this place",
     "that restaurant", "that charger", "the restaurant", "the charger", "the route", "the trip",
     "my route", "the plan", "them", "those",
     "那里", "那儿", "那边", "这里", "这儿", "这家", "那家", "这个", "那个", "它", "这个地方",
     "那个地方", "那个餐厅", "那个充电站", "那个充电桩", "路线", "这条路线", "行程", "这个行程"}
)  # fmt: skip
# Phrases after "to"/"到" that are not destinations ("send it to the car", "发到车上").
NOT_A_PLACE: frozenset[str] = frozenset(
    {"the car", "my car", "car", "the vehicle", "my vehicle", "vehicle", "the route", "my route",
     "route", "the trip", "my trip", "trip", "the list", "the navigation", "navigation",
     "the head unit", "my phone", "phone", "me", "us", "here", "the area", "the afternoon",
     "the morning", "the evening", "an hour", "a minute", "a while",
     "车上", "车机", "车里", "车", "手机", "我的车", "车上面"}
)  # fmt: skip

# --- conversation ------------------------------------------------------------------------------

CONFIRM_PHRASES: frozenset[str] = frozenset(
    {"yes", "yeah", "yep", "yup", "sure", "ok", "okay", "confirm", "confirmed", "do it",
     "go ahead", "please do", "correct", "right", "sounds good", "yes do it", "sure thing",
     "of course", "absolutely", "go for it", "let's do it", "that's right", "fine", "alright",
     "all right", "affirmative", "yes go ahead", "ok do it",
     "好", "好的", "好啊", "好呀", "可以", "行", "是", "是的", "对", "对的", "确认", "确定",
      "没问题",
     "嗯", "嗯嗯", "就这样", "好的没问题", "同意", "当然", "行啊", "可以的", "确认一下", "要",
      "需要"}
)  # fmt: skip
DENY_PHRASES: frozenset[str] = frozenset(
    {"no", "nope", "nah", "no thanks", "no thank you", "cancel", "cancel it", "never mind",
     "nevermind", "not now", "don't", "dont", "don't do it", "stop", "forget it", "no way",
     "not really", "no need",
     "不", "不用", "不用了", "不要", "不要了", "取消", "算了", "别", "不行", "不是", "不对",
     "先不要", "暂时不用", "不了", "不需要", "别了", "算了吧", "取消吧"}
)  # fmt: skip
# Words that add nothing to a yes/no ("yes please", "好的吧").
ANSWER_FILLERS: frozenset[str] = frozenset({"please", "thanks", "thank you", "then", "谢谢"})
CANCEL_PREFIX = Keywords(("cancel", "取消", "never mind", "算了"))

GREETINGS: dict[str, frozenset[str]] = {
    "hello": frozenset(
        {"hello", "hi", "hey", "hi there", "hello there", "hey there", "good morning",
         "good afternoon", "good evening", "morning", "你好", "您好", "嗨", "哈喽", "早上好",
         "下午好", "晚上好", "早", "早啊", "你好啊", "在吗"}
    ),
    "thanks": frozenset({"thanks", "thank you", "thanks a lot", "cheers", "谢谢", "谢谢你", "多谢",
                         "感谢"}),
    "bye": frozenset({"bye", "goodbye", "see you", "bye bye", "再见", "拜拜", "回见"}),
}  # fmt: skip

HELP = Keywords(
    ("what can you do", "what do you do", "help", "how does this work", "how do i use",
     "what can i ask", "what are you able to", "who are you", "features",
     "你能做什么", "你会做什么", "你会什么", "能做什么", "能干什么", "能干啥", "帮助", "怎么用",
     "有什么功能", "你是谁", "使用说明", "我能问什么", "你能帮我做什么")
)  # fmt: skip

# --- selection and refinement ------------------------------------------------------------------

ORDINALS_EN: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
LAST_ITEM = Keywords(
    (
        "last one",
        "the last",
        "last",
        "最后一个",
        "最后一家",
        "最后那个",
        "最后那家",
        "最后一条",
        "最后",
    )
)
VAGUE_SELECTION: frozenset[str] = frozenset(
    {"that one", "this one", "that", "this", "it", "the one", "take that one", "go with that one",
     "that one please", "i'll take that one", "i'll take it", "that's the one",
     "这个", "那个", "这家", "那家", "就这个", "就那个", "就这家", "就那家", "就它", "就它了",
     "就这个吧", "选这个", "选那个", "就这", "这个吧", "那个吧"}
)  # fmt: skip

REFINEMENTS: tuple[tuple[str, Keywords], ...] = (
    ("faster_charger", Keywords(
        ("faster charger", "faster one", "faster", "quicker", "more power", "higher power",
         "more powerful", "更快", "快一点的", "快一些", "功率大", "功率更大", "功率高", "大功率"))),
    ("no_spicy", Keywords(
        ("no spicy", "not spicy", "less spicy", "non-spicy", "non spicy", "nothing spicy", "mild",
         "without spice", "不要辣", "不辣", "不吃辣", "别太辣", "不能吃辣", "少辣", "别辣",
          "不要太辣"))),
    ("cheaper", Keywords(
        ("cheaper", "less expensive", "more affordable", "lower price", "cheaper one", "便宜",
         "实惠", "划算", "价格低", "省钱", "性价比"))),
    ("closer", Keywords(
        ("closer", "nearer", "closer one", "less far", "近一点", "更近", "近点", "近些", "离得近",
         "近的", "再近", "不要太远", "别太远"))),
    ("better_rated", Keywords(
        ("better rated", "higher rated", "better reviews", "best rated", "top rated",
         "better one", "better reviewed", "higher rating", "评分高", "评分更高", "评价好", "口碑好",
         "好一点的", "更好的", "好评", "评分高一点"))),
    ("vegetarian", Keywords(("vegetarian", "veggie", "meatless", "素食", "素的", "吃素", "素菜"))),
    ("open_now", Keywords(
        ("open now", "still open", "currently open", "open right now", "营业中", "还在营业",
         "现在营业", "正在营业", "开着的", "还开着", "开门的"))),
)  # fmt: skip
REFINEMENT_FOR_CHARGERS: frozenset[str] = frozenset(
    {"faster_charger", "cheaper", "closer", "open_now"}
)
REFINEMENT_FOR_RESTAURANTS: frozenset[str] = frozenset(
    {"cheaper", "closer", "better_rated", "no_spicy", "vegetarian", "open_now"}
)
SEARCH_VERBS = Keywords(
    ("find", "search", "look for", "looking for", "recommend", "suggest", "show me", "any",
     "找", "搜", "推荐", "查找", "有没有", "附近")
)  # fmt: skip

# --- warning lights ----------------------------------------------------------------------------

LIGHT_WORDS = Keywords(
    ("exclamation mark", "exclamation point", "感叹号", "light", "lamp", "symbol", "icon",
     "indicator", "telltale", "warning", "warning light",
     "灯", "图标", "标志", "指示灯", "符号", "警告", "警示", "故障灯", "报警")
)  # fmt: skip
LIGHT_CONTEXT = Keywords(
    ("dashboard", "instrument", "cluster", "mean", "means", "came on", "come on", "is on", "lit",
     "flashing", "blinking", "仪表", "仪表盘", "什么意思", "啥意思", "亮了", "亮起", "亮着", "在闪",
      "一直亮")
)  # fmt: skip
WARNING_COLORS: tuple[tuple[str, Keywords], ...] = (
    ("red", Keywords(("red", "红"))),
    ("yellow", Keywords(("yellow", "amber", "orange", "黄", "橙", "橘"))),
    ("green", Keywords(("green", "绿"))),
    ("blue", Keywords(("blue", "蓝"))),
    ("white", Keywords(("white", "白"))),
)
WARNING_SYSTEMS: tuple[tuple[str, Keywords], ...] = (
    ("charging_system", Keywords(
        ("charging system", "charge system", "charging fault", "充电系统", "充电故障"))),
    ("tire_pressure", Keywords(
        ("tire pressure", "tyre pressure", "tpms", "tire", "tyre", "胎压", "轮胎"))),
    ("parking_brake", Keywords(
        ("parking brake", "handbrake", "hand brake", "epb", "手刹", "驻车"))),
    ("brake", Keywords(("brake", "刹车", "制动"))),
    ("oil", Keywords(("oil pressure", "oil", "机油"))),
    ("coolant", Keywords(
        ("coolant", "engine temperature", "temperature", "冷却液", "水温", "冷却"))),
    ("engine", Keywords(("check engine", "engine", "powertrain", "发动机", "引擎", "动力系统"))),
    ("battery", Keywords(("battery", "12v", "电池", "蓄电池", "电瓶"))),
    ("airbag", Keywords(("airbag", "air bag", "srs", "安全气囊", "气囊"))),
    ("abs", Keywords(("abs", "anti-lock", "防抱死"))),
    ("seatbelt", Keywords(("seatbelt", "seat belt", "安全带"))),
    ("esc", Keywords(
        ("esc", "esp", "stability", "traction control", "traction", "车身稳定", "牵引力", "打滑"))),
    ("steering", Keywords(("power steering", "steering", "eps", "转向", "方向盘"))),
    ("washer", Keywords(("washer", "wiper fluid", "washer fluid", "玻璃水", "洗涤液", "雨刷"))),
    ("fuel", Keywords(("fuel", "gas", "low fuel", "燃油", "油量", "油箱"))),
    ("door", Keywords(("door", "trunk", "车门", "门未关", "后备箱"))),
    ("lights", Keywords(
        ("headlight", "bulb", "lamp failure", "exterior light", "大灯", "灯泡", "车灯", "近光",
         "远光"))),
)  # fmt: skip

# --- remote actions ----------------------------------------------------------------------------

FLASH = Keywords(
    (
        "flash",
        "blink",
        "闪灯",
        "闪一下灯",
        "闪闪灯",
        "闪一下车灯",
        "双闪",
        "闪大灯",
        "闪一下大灯",
        "闪车灯",
    )
)
HONK = Keywords(("honk", "beep", "horn", "toot", "鸣笛", "喇叭", "按喇叭", "鸣喇叭"))
LOCK_WORDS = Keywords(("lock", "locked", "lock up", "锁"))
UNLOCK_WORDS = Keywords(("unlock", "unlocked", "解锁", "开锁", "打开车锁", "把锁打开"))

CLIMATE_NOUNS = Keywords(
    ("ac", "a/c", "a.c.", "air con", "aircon", "air conditioning", "air conditioner", "climate",
     "heat", "heating", "heater", "hvac", "defrost", "defroster", "climate control",
     "空调", "暖气", "暖风", "冷气", "制冷", "制热", "除雾", "除霜")
)  # fmt: skip
TEMPERATURE_NOUNS = Keywords(("temperature", "temp", "degree", "degrees", "温度", "度", "°c", "°"))
CLIMATE_OFF = Keywords(("kill", "shut down", "turn off", "switch off", "shut off", "off", "stop",
                        "disable",
                        "deactivate",
                        "关", "关闭", "关掉", "关上", "停"))  # fmt: skip
CLIMATE_ON = Keywords(
    ("turn on", "switch on", "start", "on", "enable", "activate", "set", "make it", "precondition",
     "preheat", "pre-heat", "precool", "pre-cool", "warm up", "cool down", "heat up",
     "开", "打开", "开启", "启动", "调", "设", "预热", "预冷", "降温", "升温", "加热")
)  # fmt: skip
PRECONDITION = Keywords(
    ("凉快", "凉爽", "暖和", "precondition", "preheat", "pre-heat", "precool", "pre-cool",
     "warm up the car",
     "cool down the car", "warm the car", "cool the car", "预热", "预冷", "车内降温")
)  # fmt: skip
CLIMATE_STATE = Keywords(
    ("cabin temperature", "inside temperature", "temperature inside", "how hot", "how cold",
     "how warm", "车内温度", "车里温度", "多少度", "冷不冷", "热不热", "车里热", "车里冷")
)  # fmt: skip

# --- charging ----------------------------------------------------------------------------------

CHARGER_NOUNS = Keywords(
    ("fast charger", "rapid charger", "quick charger", "ev charger", "charging spot",
     "charge point", "chargepoint", "charging pile", "快充", "超充", "快充桩", "超充桩",
     "充电的地方", "能充电的地方",
     "充电去处", "充电的", "charger", "charging station", "charging point", "charging pile",
     "charging stop",
     "supercharger", "place to charge", "somewhere to charge", "where can i charge",
     "where do i charge", "where to charge", "need to charge", "need a charge",
     "充电桩", "充电站", "充电点", "超充站", "快充站", "哪里可以充电", "哪能充电", "哪里能充电",
     "哪儿充电", "哪里充电", "去充电", "需要充电", "要充电了", "得充电", "找个地方充电",
      "找地方充电")
)  # fmt: skip
PLUG_STATE = Keywords(("plugged in", "plugged", "connected", "插枪", "插上电", "插好", "插着"))
CHARGING_WORDS = Keywords(
    ("charging", "charge", "charged", "recharge", "充电", "充满", "充好", "充完", "充")
)
CHARGE_LIMIT = Keywords(
    ("charge limit", "charging limit", "charge target", "charging target", "max charge",
     "maximum charge", "charge level to", "charge it to", "charge to", "charge up to",
     "充电上限", "充电限制", "上限", "充到", "充电到", "充至", "充电目标")
)  # fmt: skip
CHARGE_STOP = Keywords(
    ("stop charging", "stop the charging", "stop the charge", "end charging", "cancel charging",
     "pause charging", "stop charge", "停止充电", "结束充电", "别充", "不充了", "停止充",
      "暂停充电",
     "取消充电", "停充", "断开充电", "停止给车充电")
)  # fmt: skip
CHARGE_START = Keywords(
    ("start charging", "begin charging", "charge the car", "charge it", "charge now",
     "resume charging", "start the charge", "charge my car", "start a charge",
     "开始充电", "充电吧", "给车充电", "充个电", "继续充电", "开始充", "启动充电")
)  # fmt: skip
TIME_TO_FULL = Keywords(
    ("until it's full", "until its full", "until full", "till full", "till it's full",
     "till its full", "until it is full", "until charged", "until fully charged", "time to full",
     "when will it be full", "when will it be charged", "when will charging finish",
     "when will charging be done", "when will it finish charging", "when is it full",
     "how long to full", "how long to charge", "how long will charging take",
     "how long left on the charge", "fully charged when", "charging done",
     "多久充满", "多久能充满", "什么时候充满", "什么时候能充满", "还要充多久", "充满还要",
     "充满要多久", "多久充好", "什么时候充好", "充完要多久", "还要多久充完", "几点充满",
     "还得充多久", "还要多久充满")
)  # fmt: skip
CHARGING_STATE = Keywords(
    ("charging status", "charge status", "time to full", "charging progress", "充电状态",
     "充电进度")
)  # fmt: skip
FAST_CHARGER = Keywords(("fast", "rapid", "dc", "quick", "快充", "快速", "直流"))
ULTRA_CHARGER = Keywords(("super", "ultra", "supercharger", "ultra-fast", "超充", "超级快充"))
FAST_CHARGER_MIN_KW = 50  # the usual floor for calling DC charging "fast"
ULTRA_CHARGER_MIN_KW = 150
ALONG_ROUTE = Keywords(
    ("along the way", "on the way", "along the route", "on my route", "on the route",
     "along my route", "en route", "沿途", "路上", "顺路", "途中", "高速上", "服务区")
)  # fmt: skip

# --- travel ------------------------------------------------------------------------------------

CAN_REACH = Keywords(
    ("can we get to", "could i get to", "could we get to", "will we get to", "will i get to",
     "can i make it to", "can we make it to", "can i make it", "can i reach", "can i get to",
     "can we make it", "can we reach",
     "will i make it", "will we make it", "make it to", "enough battery", "enough charge",
     "enough range", "enough fuel", "enough power",
     "够到", "够不够", "能到", "能开到", "开得到", "到得了", "能不能到", "能不能开到", "够跑到",
     "电够", "电量够", "续航够", "油够", "够开到", "够去", "能开去")
)  # fmt: skip
SEND_TO_CAR = Keywords(
    ("send it to the car", "send to the car", "send to car", "send it to my car", "to the car",
     "to my car", "push to the car", "send", "发到车上", "发送到车", "发到车机", "同步到车",
     "发给车", "发到车", "推送到车", "传到车上", "发送到车机")
)  # fmt: skip
ADD_STOP = Keywords(
    ("add a stop", "add stop", "add a waypoint", "waypoint", "stop by", "stop at", "stop in",
     "as a stop", "stopover", "to the route", "to my route", "to the trip",
     "途经", "经过", "路过", "途经点", "停一下", "添加途经点", "加一个途经点", "加个途经点",
      "加一站",
     "顺路去", "绕道", "中途去", "中途在", "顺便去")
)  # fmt: skip
PLAN_TRIP_STRONG = Keywords(
    ("plan a trip", "plan a route", "plan a journey", "plan a drive", "plan my trip", "plan trip",
     "road trip", "navigate", "navigation", "take me", "directions", "route", "trip", "journey",
     "导航", "规划", "路线", "行程", "旅行", "自驾", "带我去", "开车去", "我要去", "我想去",
      "出发去",
     "怎么去", "怎么走", "去往", "前往")
)  # fmt: skip
PLAN_TRIP_VERBS = Keywords(
    ("go", "going", "head", "heading", "drive", "driving", "travel", "get", "let's go", "visit")
)

# --- dining ------------------------------------------------------------------------------------

FOOD_NOUNS = Keywords(
    ("restaurant", "food", "eat", "eating", "lunch", "dinner", "supper", "meal", "hungry", "dine",
     "dining", "a bite", "somewhere to eat", "place to eat", "cuisine",
     "吃饭", "吃的", "餐厅", "饭店", "饭馆", "馆子", "好吃", "午饭", "晚饭", "午餐", "晚餐", "中饭",
     "饿", "美食", "吃点", "吃个", "吃什么", "小吃", "觅食", "用餐", "就餐", "吃")
)  # fmt: skip
_CUISINE_SYNONYMS: tuple[tuple[str, Keywords], ...] = (
    ("shanghainese", Keywords(("shanghainese", "shanghai food", "shanghai cuisine", "本帮菜",
     "上海菜"))),
    ("beijing", Keywords(("peking duck", "beijing duck", "roast duck", "beijing cuisine",
                          "beijing food", "北京烤鸭", "烤鸭", "北京菜", "京菜"))),
    ("sichuan", Keywords(("sichuan", "szechuan", "川菜", "四川菜"))),
    ("hunan", Keywords(("hunan", "湘菜", "湖南菜"))),
    ("cantonese", Keywords(("cantonese", "dim sum", "粤菜", "广东菜", "早茶"))),
    ("jiangsu_zhejiang", Keywords(("jiangsu", "zhejiang", "huaiyang", "江浙菜", "苏帮菜", "淮扬菜",
                                   "杭帮菜", "浙菜", "苏菜"))),
    ("shandong", Keywords(("shandong", "鲁菜", "山东菜"))),
    ("hotpot", Keywords(("hotpot", "hot pot", "火锅"))),
    ("japanese", Keywords(("japanese", "sushi", "ramen", "日料", "日本料理", "日本菜", "寿司",
     "日式拉面"))),
    ("dumplings", Keywords(("dumpling", "xiaolongbao", "饺子", "包子", "小笼包", "小笼"))),
    ("noodles", Keywords(("noodle", "面馆", "面条", "拉面", "吃面", "牛肉面"))),
    ("steakhouse", Keywords(("steakhouse", "steak", "牛排"))),
    ("western", Keywords(("western", "european", "italian", "西餐", "意大利菜"))),
    ("fast_food", Keywords(("fast food", "burger", "kfc", "mcdonald's", "mcdonalds", "快餐", "汉堡",
                            "肯德基", "麦当劳"))),
    ("cafe", Keywords(("cafe", "café", "coffee", "咖啡"))),
    ("halal", Keywords(("halal", "清真"))),
    ("vegetarian", Keywords(("vegetarian", "vegan", "素食", "吃素", "素菜", "纯素"))),
)  # fmt: skip


def _cuisines() -> tuple[tuple[str, Keywords], ...]:
    """Every cuisine of the enum, by the words people use and by its own labels (a label that is
    also a place name, "Beijing", is left to the places)."""
    said = {cuisine: words.words for cuisine, words in _CUISINE_SYNONYMS}
    unknown = set(said) - set(Cuisine)
    if unknown:
        raise ValueError(f"lexicon cuisines not in the Cuisine enum: {sorted(unknown)}")
    places = {p.lower() for p in (*KNOWN_PLACES_ZH, *KNOWN_PLACES_EN)}
    table: list[tuple[str, Keywords]] = []
    for cuisine in [*said, *(c.value for c in Cuisine if c.value not in said)]:
        label = CUISINE_LABELS[Cuisine(cuisine)]
        own = [w for w in (label.zh, label.en.lower()) if w.lower() not in places]
        table.append((cuisine, Keywords((*said.get(cuisine, ()), *own))))
    return tuple(table)


CUISINES = _cuisines()
DIETARY: tuple[tuple[str, Keywords], ...] = (
    ("vegan", Keywords(("vegan", "纯素"))),
    ("vegetarian", Keywords(("vegetarian", "veggie", "素食", "吃素", "素菜", "素的"))),
    ("halal", Keywords(("halal", "清真"))),
    ("no_spicy", Keywords(("no spicy", "not spicy", "non-spicy", "non spicy", "nothing spicy",
                           "mild", "不要辣", "不辣", "不吃辣", "别太辣", "不能吃辣", "少辣"))),
    ("no_beef", Keywords(("no beef", "without beef", "don't eat beef", "beef-free", "不吃牛肉",
                          "不要牛肉", "不含牛肉"))),
    ("no_pork", Keywords(("no pork", "without pork", "don't eat pork", "pork-free", "不吃猪肉",
                          "不要猪肉", "不含猪肉", "没有猪肉"))),
)  # fmt: skip
if {rule for rule, _ in DIETARY} != set(DietaryRule):
    raise ValueError("the lexicon's dietary words must cover exactly the DietaryRule enum")
MEALS: tuple[tuple[str, Keywords], ...] = (
    ("lunch", Keywords(("lunch", "午饭", "午餐", "中饭", "中午"))),
    ("dinner", Keywords(("dinner", "supper", "晚饭", "晚餐", "晚上", "夜宵"))),
)

# --- vehicle status ----------------------------------------------------------------------------

STATUS_RANGE = Keywords(
    ("how many km can", "how many kilometers can", "how many kilometres can",
     "how many miles can", "km can i", "can i still go", "can i still drive", "can we still go",
     "how far can", "how far will", "how far does", "how far is left", "how far we can",
     "how far i can", "distance to empty", "miles to empty", "range left", "还能跑多少",
     "还能开多少",
     "还能走多少", "能跑多少", "能开多少", "剩多少里程", "续驶", "还能跑几", "还能开几",
     "跑多少公里", "开多少公里", "range",
     "how far can i", "how far can we", "how far will", "km left", "kilometers left",
     "kilometres left", "miles left", "distance left", "remaining range",
     "续航", "还能跑", "还能开", "还能走", "剩余里程", "能跑多远", "能开多远", "剩多少公里",
     "还剩多少公里", "可以跑多远", "可以开多远")
)  # fmt: skip
STATUS_BATTERY_FUEL = Keywords(
    ("fuel", "gas", "petrol", "diesel", "tank", "fuel level", "油量", "多少油", "油箱", "燃油",
     "还有油", "油还剩", "油还有", "剩的油", "汽油")
)  # fmt: skip
STATUS_BATTERY = Keywords(
    ("my charge", "current charge", "charge level", "charge percentage", "battery percentage",
     "juice", "how much power", "power left", "battery left", "charge left", "batt",
     "battery status", "还剩多少电", "电还剩多少", "多少电量", "电量多少", "电多少", "剩余电",
     "有多少电", "还剩几格电", "几格电",
     "battery", "soc", "state of charge", "charge level", "how much charge", "battery level",
     "电量", "电池", "还有多少电", "剩多少电", "多少电", "剩余电量", "还有电", "电还剩", "电还有")
)  # fmt: skip
STATUS_TIRES = Keywords(
    (
        "tires",
        "tyres",
        "tire pressure",
        "tyre pressure",
        "pressure",
        "轮胎气压",
        "胎",
        "tire",
        "tyre",
        "tpms",
        "胎压",
        "轮胎",
        "气压",
    )
)
STATUS_DOORS_WINDOWS = Keywords(
    ("door", "window", "trunk", "boot", "hood", "bonnet", "sunroof", "frunk", "tailgate",
     "车门", "车窗", "窗户", "后备箱", "尾门", "天窗", "门", "窗", "引擎盖", "前备箱")
)  # fmt: skip
STATUS_LOCATION = Keywords(
    ("where did we park", "where is it parked", "where's it parked", "wheres my car",
     "wheres the car", "find my car", "car location", "车在哪里", "车停哪", "车子在哪",
     "我的车在哪",
     "where is my car", "where's my car", "where is the car", "where's the car",
     "where did i park",
     "where am i", "where are we", "car's location", "location", "locate", "my position",
     "车在哪", "车停在哪", "停在哪", "停哪", "我在哪", "位置", "在哪儿", "我们在哪")
)  # fmt: skip
STATUS_ODOMETER = Keywords(
    ("how many km has", "how many km on", "how many kilometers on", "how many miles on",
     "km on it", "miles on it", "how far have we driven", "total km", "开了几公里", "跑了多少",
     "行驶了多少",
     "开了多少里", "表显里程", "odometer", "mileage", "total distance", "how far have i driven",
     "how many km has",
     "how many kilometers has", "how many miles has", "kilometers on the car", "km on the car",
     "里程表", "总里程", "行驶里程", "开了多少公里", "跑了多少公里", "公里数", "总共开了",
      "开了多少")
)  # fmt: skip
STATUS_SERVICE = Keywords(
    ("service due", "next service", "checkup", "check-up", "下次保养", "该保养", "要保养",
     "service",
     "servicing", "maintenance", "inspection", "oil change", "tune-up", "tune up",
     "保养", "维修", "检修", "年检", "维护")
)  # fmt: skip
NOT_SERVICE = Keywords(("service area", "service station", "服务区"))
STATUS_OVERVIEW = Keywords(
    ("anything wrong", "something wrong", "what's wrong", "whats wrong", "wrong with the car",
     "wrong with my car", "problems with the car", "issues with the car", "problem with the car",
     "everything ok", "everything okay", "everything alright", "everything fine", "all good",
     "health check", "hows my car", "hows the car", "how is the car doing", "how's the car doing",
     "vehicle health", "车有没有问题", "有问题吗", "有毛病", "毛病", "哪里有问题", "一切正常",
     "都正常", "车正常", "车子正常",
     "车还好", "车子还好", "车况如何", "车子怎样", "车怎样", "how's my car", "how is my car",
     "how's the car",
     "how is the car", "car status",
     "vehicle status", "status report", "briefing", "check my car", "check the car",
     "car doing", "any problems", "any issues", "any warnings", "any alerts", "car health",
     "overview", "status",
     "车况", "车辆状态", "车怎么样", "车子怎么样", "车的状态", "车辆情况", "车子状况", "车的情况",
     "有没有故障", "有什么问题", "有什么故障", "体检", "检查一下车", "车有问题吗", "车辆状况")
)  # fmt: skip
