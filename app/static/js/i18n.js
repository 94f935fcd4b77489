// The console's own words in Chinese and English, and the current language.
// Data from the API is already bilingual ({zh, en}); `pick` chooses the side.

const STRINGS = {
  "vehicle.heading": ["车辆", "Vehicle"],
  "vehicle.energy": ["电量", "Battery"],
  "vehicle.fuel": ["油量", "Fuel"],
  "vehicle.range": ["续航", "Range"],
  "vehicle.charging": ["充电", "Charging"],
  "vehicle.time_to_full": ["充满还需", "Time to full"],
  "vehicle.limit": ["上限", "Limit"],
  "vehicle.plugged": ["已插枪", "Plugged in"],
  "vehicle.unplugged": ["未插枪", "Unplugged"],
  "vehicle.tyres": ["车身与胎压", "Body and tyres"],
  "vehicle.locked": ["已上锁", "Locked"],
  "vehicle.unlocked": ["未上锁", "Unlocked"],
  "vehicle.doors_closed": ["车门已关", "Doors closed"],
  "vehicle.doors_open": ["车门未关：{doors}", "Door open: {doors}"],
  "vehicle.windows_open": ["车窗未关", "Windows open"],
  "vehicle.trunk_open": ["后备箱开启", "Boot open"],
  "vehicle.hood_open": ["引擎盖开启", "Bonnet open"],
  "vehicle.climate": ["空调", "Climate"],
  "vehicle.cabin": ["车内", "Cabin"],
  "vehicle.outside": ["车外", "Outside"],
  "vehicle.hvac_on": ["空调开 · 目标 {t}°C", "A/C on · target {t}°C"],
  "vehicle.hvac_off": ["空调关", "A/C off"],
  "vehicle.drive": ["行驶", "Driving"],
  "vehicle.parked": ["驻车", "Parked"],
  "vehicle.odometer": ["总里程", "Odometer"],
  "vehicle.alerts": ["提醒", "Alerts"],
  "vehicle.no_alerts": ["一切正常", "All clear"],
  "vehicle.route": ["导航", "Navigation"],
  "vehicle.no_route": ["无导航", "No active route"],
  "vehicle.remaining": ["剩余 {km} 公里 · {time}", "{km} km to go · {time}"],
  "vehicle.arrived": ["已到达", "Arrived"],
  "vehicle.arrive": ["预计 {at} 到达 · 剩余电量 {soc}%", "Arrive {at} · {soc}% left"],
  "vehicle.asleep": ["车辆休眠中 · 数据来自 {age} 前", "Vehicle asleep · data from {age} ago"],
  "vehicle.offline": ["车辆离线", "Vehicle offline"],
  "vehicle.wake": ["唤醒车辆", "Wake the car"],
  "vehicle.waking": ["正在唤醒…", "Waking up…"],
  "vehicle.last_known": ["上次数据：电量 {pct}% · 续航 {km} 公里", "Last known: {pct}% · {km} km"],
  "vehicle.unavailable": ["此车型不提供该数据", "Not reported by this model"],
  "door.front_left": ["左前门", "driver's"],
  "door.front_right": ["右前门", "front passenger"],
  "door.rear_left": ["左后门", "rear left"],
  "door.rear_right": ["右后门", "rear right"],
  "charge.CHARGING": ["充电中", "Charging"],
  "charge.WAITING_FOR_CHARGING": ["等待充电", "Waiting to charge"],
  "charge.FULLY_CHARGED": ["已充满", "Fully charged"],
  "charge.FINISHED_NOT_FULL": ["充电结束（未满）", "Finished, not full"],
  "charge.NOT_CHARGING": ["未在充电", "Not charging"],
  "charge.PLUGGED_IN": ["已连接", "Plugged in"],
  "charge.TARGET_REACHED": ["已达目标电量", "Target reached"],
  "charge.ERROR": ["充电故障", "Charging error"],
  "severity.info": ["提示", "Info"],
  "severity.warning": ["警告", "Warning"],
  "severity.critical": ["严重", "Critical"],
  "power.asleep": ["休眠", "Asleep"],
  "power.offline": ["离线", "Offline"],
  "trip.heading": ["路线", "Route"],
  "trip.destination_placeholder": ["目的地，例如 北京", "Destination, e.g. Beijing"],
  "trip.plan": ["规划", "Plan"],
  "trip.start": ["出发", "Start"],
  "trip.empty": ["暂无路线", "No route planned"],
  "trip.empty_hint": ["输入目的地，或问问助手。", "Enter a destination or ask the assistant."],
  "trip.planning": ["正在规划路线…", "Planning the route…"],
  "trip.summary": ["{km} 公里 · {time} · {stops} 次停靠", "{km} km · {time} · {stops} stops"],
  "trip.arrive": ["{at} 到达 · 剩余 {soc}%", "Arrive {at} with {soc}%"],
  "trip.infeasible": ["无法到达", "Can't make it"],
  "trip.soc_chart": ["沿途电量", "Charge along the route"],
  "trip.status.planned": ["已规划", "Planned"],
  "trip.status.active": ["行驶中", "Driving"],
  "trip.status.arrived": ["已到达", "Arrived"],
  "trip.status.superseded": ["已被替换", "Replaced"],
  "trip.status.cancelled": ["已取消", "Cancelled"],
  "stop.charge": ["充电", "Charge"],
  "stop.fuel": ["加油", "Refuel"],
  "stop.meal": ["用餐", "Meal"],
  "stop.lunch": ["午餐", "Lunch"],
  "stop.dinner": ["晚餐", "Dinner"],
  "stop.charge_detail": ["{from}% → {to}% · {min} 分钟", "{from}% → {to}% · {min} min"],
  "stop.eat": ["推荐：{names}", "Eat at: {names}"],
  "assistant.heading": ["智能助手", "Assistant"],
  "assistant.placeholder": ["问我任何关于车和行程的问题…", "Ask about the car or the trip…"],
  "assistant.send": ["发送", "Send"],
  "assistant.welcome": ["你好！我可以查看车况、解释警示灯、规划充电和用餐。",
    "Hi! I can check the car, explain warning lights and plan charging and meals."],
  "assistant.thinking": ["思考中…", "Thinking…"],
  "assistant.connecting": ["连接中…", "Connecting…"],
  "assistant.unavailable": ["助手暂时不可用", "The assistant is unavailable"],
  "assistant.interrupted": ["回复中断了，请再试一次。", "The reply was cut off. Please try again."],
  "assistant.done": ["已完成", "Done"],
  "assistant.cancelled": ["已取消", "Cancelled"],
  "assistant.confirm_action": ["确认执行：{label}？", "Go ahead: {label}?"],
  "assistant.retry": ["重试", "Retry"],
  "command.sending": ["正在发送到车辆…", "Sending to the car…"],
  "command.done": ["车辆已执行", "Done by the car"],
  "command.failed": ["车辆未能执行：{why}", "The car couldn't do it: {why}"],
  "tool.get_vehicle_status": ["查询车况", "car status"],
  "tool.get_alerts": ["查询提醒", "alerts"],
  "tool.explain_warning_light": ["解读警示灯", "warning light"],
  "tool.send_remote_command": ["发送远程指令", "remote command"],
  "tool.get_command_status": ["查询指令状态", "command status"],
  "tool.find_chargers": ["查找充电站", "chargers"],
  "tool.find_restaurants": ["查找餐厅", "restaurants"],
  "tool.plan_trip": ["规划行程", "trip planner"],
  "color.red": ["红色", "red"],
  "color.yellow": ["黄色", "yellow"],
  "color.amber": ["琥珀色", "amber"],
  "color.green": ["绿色", "green"],
  "color.blue": ["蓝色", "blue"],
  "color.white": ["白色", "white"],
  "card.chargers": ["充电站", "Chargers"],
  "card.restaurants": ["餐厅", "Restaurants"],
  "card.none": ["没有找到结果", "Nothing found"],
  "card.stalls": ["{free}/{total} 空闲", "{free}/{total} free"],
  "card.price": ["¥{p}/度", "¥{p}/kWh"],
  "card.spend": ["人均 ¥{p}", "¥{p} per person"],
  "card.safe.yes": ["可以继续行驶", "Safe to drive"],
  "card.safe.with_care": ["谨慎行驶", "Drive with care"],
  "card.safe.no": ["请尽快停车", "Stop as soon as safe"],
  "card.active": ["本车当前亮起", "On in this car now"],
  "card.cost": ["费用 ¥{c}", "Cost ¥{c}"],
  "director.title": ["导演台", "Director"],
  "director.speed": ["速度", "Speed"],
  "common.close": ["关闭", "Close"],
  "common.language": ["语言", "Language"],
  "clock.title": ["仿真时钟", "Simulation clock"],
  "director.stage": ["场景", "Stage"],
  "director.vehicle": ["车辆", "Vehicle"],
  "director.sandbox": ["沙盒", "Sandbox"],
  "director.scenario": ["剧本", "Scenario"],
  "director.load": ["加载", "Load"],
  "director.reset": ["重置", "Reset"],
  "director.clock": ["时钟", "Clock"],
  "director.play": ["播放", "Play"],
  "director.pause": ["暂停", "Pause"],
  "director.advance": ["快进 15 分钟", "Advance 15 min"],
  "director.tweaks": ["状态", "State"],
  "director.soc": ["电量 %", "SoC %"],
  "director.set": ["设置", "Set"],
  "director.door": ["开/关主驾车门", "Open / close driver's door"],
  "director.light": ["警示灯", "Warning light"],
  "director.trigger": ["点亮", "Trigger"],
  "director.clear_lights": ["熄灭全部警示灯", "Clear warning lights"],
  "director.network": ["网络", "Network"],
  "director.latency": ["延迟", "Latency"],
  "director.fault": ["故障", "Fault"],
  "director.fault_none": ["无", "None"],
  "director.fault_timeout": ["超时", "timeout"],
  "director.network_hint": ["作用于控制台的数据和对话请求，不影响本面板。",
    "Applies to the console's data and chat requests, not to these controls."],
  "error.503": ["服务暂时不可用，正在重试", "Service temporarily unavailable — retrying"],
  "error.500": ["服务出错了，正在重试", "Something went wrong — retrying"],
  "error.504": ["服务没有响应，正在重试", "The service is not answering — retrying"],
  "error.network": ["连接中断，正在重连", "Connection lost — reconnecting"],
  "error.generic": ["请求失败", "The request failed"],
  "common.cancel": ["取消", "Cancel"],
  "common.confirm": ["确认", "Confirm"],
  "unit.min": ["{n} 分钟", "{n} min"],
  "unit.h_min": ["{h} 小时 {m} 分", "{h} h {m} min"],
  "unit.s": ["{n} 秒", "{n} s"],
};

let lang = "zh";
const listeners = new Set();

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (next !== "zh" && next !== "en") return;
  lang = next;
  document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
  applyStatic(document);
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
}

/** The console's string `key` in the current language, with `{name}` placeholders filled. */
export function t(key, vars = {}) {
  const entry = STRINGS[key];
  if (!entry) return key;
  const text = entry[lang === "zh" ? 0 : 1];
  if (typeof text !== "string") return text;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

/** One side of a bilingual `{zh, en}` value from the API; plain strings pass through. */
export function pick(text) {
  if (text == null) return "";
  if (typeof text === "string") return text;
  return text[lang] ?? text.en ?? text.zh ?? "";
}

/** Translate the markup's fixed labels: data-i18n (text), -placeholder, -title and -aria. */
export function applyStatic(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
}

export function formatDuration(seconds) {
  const total = Math.max(0, Math.round(seconds / 60));
  if (total < 60) return t("unit.min", { n: total });
  return t("unit.h_min", { h: Math.floor(total / 60), m: total % 60 });
}

/** "HH:MM" of an ISO time, in the time's own offset (the sim is in +08:00). */
export function formatClock(iso) {
  if (!iso) return "--:--";
  const match = /T(\d{2}):(\d{2})/.exec(iso);
  return match ? `${match[1]}:${match[2]}` : iso;
}

/** A distance for display: whole kilometres ("<1 km" below one). */
export function formatKm(km) {
  if (km == null || Number.isNaN(km)) return "—";
  return km < 1 ? "<1 km" : `${Math.round(km)} km`;
}

export function formatNumber(value, digits = 0) {
  if (value == null || Number.isNaN(value)) return "—";
  return Number(value).toFixed(digits);
}
