// Proactive events: what the assistant says unasked (low battery, lunch, a full charger, a
// warning light, arrival), followed over GET /v1/chat/sessions/{id}/events and shown in the chat
// panel as assistant bubbles. Their buttons act only after the driver's yes. Each bubble keeps
// its event, so a language switch re-renders it in the new language.

import { api, errorMessage, settings } from "./api.js";
import { renderCard } from "./cards.js";
import { h } from "./dom.js";
import { onLangChange, pick } from "./i18n.js";

const AGENTS = {
  car_genius: { zh: "车辆管家", en: "Car Genius" },
  travel_companion: { zh: "出行伙伴", en: "Travel Companion" },
};
const WORDS = {
  proactive: { zh: "主动提醒", en: "Heads-up" },
  confirm: { zh: "确认：{label}？", en: "Confirm: {label}?" },
  km: { zh: "公里", en: "km" },
  kwh: { zh: "度电", en: "kWh" },
  yuan: { zh: "元", en: "yuan" },
  charging: { zh: "充电分钟", en: "min charging" },
  free: { zh: "空闲桩", en: "free stalls" },
};

function word(key, vars = {}) {
  return pick(WORDS[key]).replace(/\{(\w+)\}/g, (_, name) => vars[name] ?? "");
}

function eventCard(card, onTrip) {
  if (card.type === "trip_summary") {
    const facts = [
      [card.distance_km, word("km")],
      card.energy_kwh == null ? null : [card.energy_kwh, word("kwh")],
      [card.charging_min, word("charging")],
      [card.cost_cny, word("yuan")],
    ].filter(Boolean);
    return h("section", { class: "card card-trip_summary", dataset: { cardType: card.type } },
      h("h4", { class: "card-title" }, pick(card.destination)),
      h("ul", { class: "summary-facts" }, facts.map(([value, unit]) =>
        h("li", {}, h("strong", {}, String(value)), " ", unit))));
  }
  if (card.type === "replan") {
    return h("section", { class: "card card-replan", dataset: { cardType: card.type } },
      h("h4", { class: "card-title" }, pick(card.name)),
      h("p", {}, `${card.available_stalls}/${card.total_stalls} ${word("free")}`));
  }
  return renderCard(card, { onShowTrip: onTrip });
}

export function createEvents({ place, confirm, onTrip, onChanged }) {
  let source = null;
  let following = null;
  const shown = new Map(); // event_id -> {event, item}
  onLangChange(() => {
    for (const { event, item } of shown.values()) render(event, item);
  });

  function render(event, item) {
    const bubble = h("div", { class: "bubble" },
      h("span", { class: "agent" }, `${pick(AGENTS[event.agent])} · ${word("proactive")}`),
      h("strong", { class: "event-title" }, pick(event.title)),
      h("p", { class: "speech" }, pick(event.speech)),
      h("div", { class: "cards" }, event.card ? eventCard(event.card, onTrip) : null));
    if (event.actions?.length) {
      bubble.append(h("div", { class: "actions" }, event.actions.map((action) =>
        h("button", {
          type: "button",
          class: "btn btn-action",
          dataset: { actionType: action.type },
          onclick: () => act(event, action, bubble),
        }, pick(action.label)))));
    }
    item.replaceChildren(bubble);
  }

  async function act(event, action, bubble) {
    const yes = await confirm(word("confirm", { label: pick(action.label) }));
    bubble.querySelectorAll(".btn-action").forEach((b) => { b.disabled = true; });
    try {
      const path = `/v1/chat/sessions/${following}/events/${encodeURIComponent(event.event_id)}`
        + `/actions/${encodeURIComponent(action.action_id)}`;
      const { data } = await api.post(path, { confirm: yes });
      bubble.append(h("p", { class: "speech outcome" }, pick(data.speech)));
      if (data.status === "done" && data.trip_id) onTrip(data.trip_id);
    } catch (error) {
      bubble.append(h("div", { class: "bubble-error", role: "alert" }, errorMessage(error)));
    }
  }

  function show(event) {
    if (shown.has(event.event_id)) return;
    const item = h("li", {
      class: "msg msg-proactive", // not msg-assistant: that is a reply to what the driver said
      dataset: { eventKind: event.kind, eventId: event.event_id },
    });
    shown.set(event.event_id, { event, item });
    render(event, item);
    place(item);
    onChanged?.(event);
  }

  function stop() {
    source?.close();
    source = null;
    following = null;
  }

  return {
    /** Follow a session's events (again from the start: the ones shown are not repeated). */
    follow(sessionId) {
      if (sessionId === following && source) return;
      stop();
      following = sessionId;
      const query = new URLSearchParams({ sandbox: settings.sandbox });
      if (settings.apiKey) query.set("api_key", settings.apiKey);
      source = new EventSource(`/v1/chat/sessions/${encodeURIComponent(sessionId)}/events?${query}`);
      source.addEventListener("proactive", (message) => show(JSON.parse(message.data)));
    },
    stop,
    /** A new conversation: forget the bubbles shown (the chat panel is cleared). */
    reset() {
      stop();
      shown.clear();
    },
  };
}
