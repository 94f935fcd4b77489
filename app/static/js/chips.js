// Suggestion chips that fit the car shown and the moment: its powertrain (no chargers for a
// petrol car), its state (lock it when it is unlocked; no road trip with a brake fault) and the
// trip (food on the way while driving). Each chip is bilingual, so it follows the language.

// Each chip with what an API suggestion asking the same looks like: the API's suggestions come
// in one language only, so the console shows its own bilingual chip in their place.
const CHIP = {
  status: { zh: "车况怎么样？", en: "How is the car?", same: /车况|how('s| is) (my |the )?car/i },
  chargers: { zh: "附近有充电站吗？", en: "Chargers nearby?", same: /充电站|chargers? nearby/i },
  range: { zh: "还能开多远？", en: "How far can I go?", same: /多远|how far/i },
  lock: { zh: "锁车", en: "Lock the car", same: /^锁车|^lock/i },
  climate: { zh: "打开空调", en: "Turn on the A/C", same: /空调|a\/c|climate/i },
  food: { zh: "附近有什么好吃的？", en: "Somewhere to eat nearby?", same: /好吃|somewhere to eat/i },
  toBeijing: { zh: "去北京", en: "Drive to Beijing", same: /^去北京|drive to beijing/i },
  toShanghai: { zh: "去上海", en: "Drive to Shanghai", same: /^去上海|drive to shanghai/i },
};

const CHARGER_WORDS = /充电|charg/i;
const TRIP_WORDS = /^(去|开车去|导航|途经)|drive to|navigate|\bvia\b|send (it )?to the car|发送到车上/i;

function hasBattery(vehicle) {
  return Boolean(vehicle?.state?.battery);
}

/** A car a demo should not send on a road trip: one with a critical alert (a brake fault, a
 * flat tyre, an empty battery). */
function unfitToDrive(alerts) {
  return (alerts || []).some((a) => a.severity === "critical");
}

function driving(vehicle) {
  return (vehicle?.state?.motion?.speed_kmh ?? 0) > 0 || Boolean(vehicle?.state?.navigation?.trip_id);
}

/** The console's own chips for this car now, most useful first (at most four). */
export function contextChips(vehicle, alerts) {
  const s = vehicle?.state;
  const chips = [CHIP.status];
  chips.push(hasBattery(vehicle) ? CHIP.chargers : CHIP.range);
  if (s && !driving(vehicle)) {
    if (!s.security.locked) chips.push(CHIP.lock);
    if (s.climate && !s.climate.hvac_on && s.climate.cabin_temp_c >= 26) chips.push(CHIP.climate);
  }
  if (driving(vehicle)) chips.push(CHIP.food);
  else if (!unfitToDrive(alerts)) {
    const address = `${s?.location?.address?.en || ""}`;
    chips.push(/Beijing/.test(address) ? CHIP.toShanghai : CHIP.toBeijing);
  }
  return chips.slice(0, 4);
}

/** Whether a suggestion from the API suits this car (the API's defaults don't know the car). */
export function fitsContext(text, vehicle, alerts) {
  if (!vehicle) return true;
  if (CHARGER_WORDS.test(text) && !hasBattery(vehicle)) return false;
  if (TRIP_WORDS.test(text) && unfitToDrive(alerts)) return false;
  return true;
}

/** Whether an API suggestion asks what one of the console's own chips asks. */
export function sameAsAChip(text) {
  return Object.values(CHIP).some((chip) => chip.same.test(text));
}
