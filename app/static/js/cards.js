// The assistant's cards: vehicle status, a warning light, chargers, restaurants (with the reasons
// they were picked) and a trip. Unknown card types are shown by title only, never dropped.

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { formatClock, formatDuration, formatKm, formatNumber, pick, t } from "./i18n.js";

function card(type, title, ...body) {
  return h("section", { class: `card card-${type}`, dataset: { cardType: type } },
    title ? h("h4", { class: "card-title" }, title) : null, ...body);
}

function statusCard(c) {
  return card("status", pick(c.title),
    h("p", {}, pick(c.text)),
    c.alerts?.length
      ? h("ul", { class: "card-alerts" }, c.alerts.map((a) =>
        h("li", { class: `severity-${a.severity}` }, h("span", { class: "severity-dot" }), pick(a.title))))
      : null);
}

function warningLightCard(c) {
  return card("warning_light", null,
    h("div", { class: "light-head" },
      h("span", { class: `light-lamp color-${c.color}`, title: pick(c.symbol) }, icon("warn", 22)),
      h("div", {},
        h("h4", { class: "card-title" }, pick(c.title)),
        h("span", { class: `pill severity-${c.severity}` }, t(`severity.${c.severity}`)),
        " ",
        h("span", { class: `pill safe-${c.safe_to_drive}` }, t(`card.safe.${c.safe_to_drive}`)),
        c.active_on_vehicle ? h("span", { class: "pill pill-dim" }, t("card.active")) : null)),
    h("p", {}, pick(c.explanation)),
    h("p", { class: "what-to-do" }, pick(c.what_to_do)));
}

/** A list card that found nothing says so instead of drawing an empty box. */
function emptyList(type, title) {
  return card(type, title, h("p", { class: "muted" }, t("card.none")));
}

function chargerCard(c) {
  if (!c.items?.length) return emptyList("charger_list", pick(c.title) || t("card.chargers"));
  return card("charger_list", pick(c.title) || t("card.chargers"),
    h("ol", { class: "card-items" }, c.items.map((it) =>
      h("li", { class: "card-item", dataset: { chargerId: it.charger_id } },
        h("span", { class: "item-index" }, String(it.index)),
        h("div", { class: "item-body" },
          h("strong", {}, pick(it.name)),
          h("p", { class: "muted" }, `${pick(it.operator)} · ${formatKm(it.distance_km)} · ` +
            `${formatNumber(it.max_power_kw)} kW`),
          h("p", { class: "item-tags" },
            h("span", { class: it.available_stalls > 0 ? "tag ok" : "tag warn" },
              t("card.stalls", { free: it.available_stalls, total: it.total_stalls })),
            h("span", { class: "tag" }, t("card.price", { p: formatNumber(it.price_cny_per_kwh, 2) }))))))));
}

function restaurantCard(c) {
  if (!c.items?.length) return emptyList("restaurant_list", pick(c.title) || t("card.restaurants"));
  return card("restaurant_list", pick(c.title) || t("card.restaurants"),
    h("ol", { class: "card-items" }, c.items.map((it) =>
      h("li", { class: "card-item", dataset: { restaurantId: it.restaurant_id } },
        h("span", { class: "item-index" }, String(it.index)),
        h("div", { class: "item-body" },
          h("strong", {}, pick(it.name)),
          h("p", { class: "muted" }, `${pick(it.cuisine)} · ★ ${formatNumber(it.rating, 1)} · ` +
            `${t("card.spend", { p: formatNumber(it.avg_spend_cny) })} · ${formatKm(it.distance_km)}`),
          h("p", { class: "item-tags reasons" }, it.reasons.map((r) => h("span", { class: "tag" }, pick(r)))))))));
}

function tripCard(c, onShowTrip) {
  const summary = t("trip.summary", {
    km: formatNumber(c.distance_km), time: formatDuration(c.total_time_s), stops: c.stops.length,
  });
  return card("trip", `${pick(c.origin).replace(/\s*\(.*\)$/, "")} → ${pick(c.destination)}`,
    c.feasible ? h("p", {}, summary)
      : h("p", {}, h("span", { class: "pill severity-critical" }, t("trip.infeasible"))),
    c.arrival_at
      ? h("p", { class: "muted" }, t("trip.arrive", {
        at: formatClock(c.arrival_at), soc: formatNumber(c.arrival_soc_pct),
      }), c.total_cost_cny ? ` · ${t("card.cost", { c: formatNumber(c.total_cost_cny) })}` : "")
      : null,
    c.stops.length
      ? h("ol", { class: "trip-stops" }, c.stops.map((st) => h("li", { class: `kind-${st.kind}` },
        icon(st.kind === "charge" ? "bolt" : "meal", 14), pick(st.name),
        st.charge_time_min != null ? ` · ${t("unit.min", { n: st.charge_time_min })}` : "")))
      : null,
    h("button", { type: "button", class: "btn btn-small", onclick: () => onShowTrip(c.trip_id) },
      t("trip.heading")));
}

export function renderCard(c, { onShowTrip }) {
  switch (c.type) {
    case "status": return statusCard(c);
    case "warning_light": return warningLightCard(c);
    case "charger_list": return chargerCard(c);
    case "restaurant_list": return restaurantCard(c);
    case "trip": return tripCard(c, onShowTrip);
    default: return card(c.type || "unknown", pick(c.title) || c.type);
  }
}
