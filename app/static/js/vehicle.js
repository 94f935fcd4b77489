// The vehicle panel: energy and range, charging, the car outline with tyres and doors, driving,
// climate, navigation and alerts. Rebuilt from the snapshot whenever it changes.

import { carOutline } from "./car.js";
import { h } from "./dom.js";
import { icon } from "./icons.js";
import { formatClock, formatDuration, formatNumber, pick, t } from "./i18n.js";

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 };

function tile(id, title, ...body) {
  return h("article", { class: `tile ${id}`, id: `tile-${id}` },
    h("h3", { class: "tile-title" }, title), ...body);
}

function energyLevel(pct) {
  if (pct < 15) return "critical";
  if (pct < 30) return "warning";
  return "ok";
}

function energyTile(vehicle) {
  const { battery, fuel } = vehicle.state;
  const electric = Boolean(battery);
  const pct = electric ? battery.soc_pct : fuel?.level_pct;
  const range = electric ? battery.range_km : fuel?.range_km;
  if (pct == null) {
    return tile("energy", t("vehicle.energy"), h("p", { class: "muted" }, t("vehicle.unavailable")));
  }
  const level = energyLevel(pct);
  return tile("energy", t(electric ? "vehicle.energy" : "vehicle.fuel"),
    h("div", { class: "big-row" },
      h("span", { class: `big-value level-${level}`, id: "energy-value" }, `${Math.round(pct)}%`),
      h("span", { class: "sub-value" },
        h("span", { class: "sub-label" }, t("vehicle.range")),
        h("span", { id: "range-value" }, `${Math.round(range)} km`))),
    h("div", { class: "bar", role: "progressbar", "aria-valuenow": Math.round(pct) },
      h("div", { class: `bar-fill level-${level}`, style: `width:${Math.max(2, pct)}%` })),
  );
}

function chargingTile(vehicle) {
  const charging = vehicle.state.charging;
  if (!charging) {
    const fuel = vehicle.state.fuel;
    return tile("charging", t("vehicle.fuel"),
      h("p", { class: "muted" }, fuel ? `${formatNumber(fuel.remaining_l, 1)} L` : "—"));
  }
  const active = charging.status === "CHARGING";
  const lines = [
    h("p", { class: `charge-status status-${charging.status.toLowerCase()}`, id: "charge-status" },
      active ? icon("bolt", 18) : null,
      t(`charge.${charging.status}`)),
    h("p", { class: "muted" },
      `${charging.plug_connected ? t("vehicle.plugged") : t("vehicle.unplugged")} · ` +
      `${t("vehicle.limit")} ${Math.round(charging.limit_pct)}%`),
  ];
  if (active) {
    lines.push(h("p", { class: "charge-power" }, `${formatNumber(charging.power_kw, 0)} kW`));
  }
  if (charging.time_to_full_min != null) {
    lines.push(h("p", { id: "time-to-full" },
      `${t("vehicle.time_to_full")} ${formatDuration(charging.time_to_full_min * 60)}`));
  }
  return tile("charging", t("vehicle.charging"), ...lines);
}

function bodyTile(vehicle) {
  const sec = vehicle.state.security;
  const openDoors = Object.entries(sec.doors_open || {}).filter(([, open]) => open);
  const windows = Object.values(sec.windows_open_pct || {}).some((pct) => pct > 0);
  const notes = [
    h("li", { class: sec.locked ? "ok" : "warn", id: "lock-state" },
      sec.locked ? t("vehicle.locked") : t("vehicle.unlocked")),
    h("li", { class: openDoors.length ? "warn" : "ok", id: "door-state" },
      openDoors.length
        ? t("vehicle.doors_open", { doors: openDoors.map(([d]) => t(`door.${d}`)).join(", ") })
        : t("vehicle.doors_closed")),
  ];
  if (windows) notes.push(h("li", { class: "warn" }, t("vehicle.windows_open")));
  if (sec.trunk_open) notes.push(h("li", { class: "warn" }, t("vehicle.trunk_open")));
  if (sec.hood_open) notes.push(h("li", { class: "warn" }, t("vehicle.hood_open")));
  return tile("car", t("vehicle.tyres"), carOutline(vehicle.state), h("ul", { class: "body-notes" }, notes));
}

function driveTile(vehicle) {
  const { motion, location } = vehicle.state;
  const moving = motion.speed_kmh > 0;
  return tile("drive", moving ? t("vehicle.drive") : t("vehicle.parked"),
    h("div", { class: "big-row" },
      h("span", { class: "big-value", id: "speed-value" }, `${Math.round(motion.speed_kmh)}`),
      h("span", { class: "unit" }, "km/h")),
    h("p", { class: "muted ellipsis small", id: "address" }, location ? pick(location.address) || coords(location) : "—"),
    h("p", { class: "muted small" }, `${t("vehicle.odometer")} ${formatNumber(motion.odometer_km, 0)} km`),
  );
}

function coords(location) {
  const c = location.coordinates;
  return `${c.lat.toFixed(4)}, ${c.lon.toFixed(4)}`;
}

function climateTile(vehicle) {
  const climate = vehicle.state.climate;
  if (!climate) return tile("climate", t("vehicle.climate"), h("p", { class: "muted" }, t("vehicle.unavailable")));
  return tile("climate", t("vehicle.climate"),
    h("div", { class: "temps" },
      h("div", {}, h("span", { class: "mid-value", id: "cabin-temp" }, `${formatNumber(climate.cabin_temp_c, 0)}°`),
        h("span", { class: "sub-label" }, t("vehicle.cabin"))),
      h("div", {}, h("span", { class: "mid-value dim" }, `${formatNumber(climate.outside_temp_c, 0)}°`),
        h("span", { class: "sub-label" }, t("vehicle.outside")))),
    h("p", { class: climate.hvac_on ? "accent" : "muted" },
      climate.hvac_on ? t("vehicle.hvac_on", { t: formatNumber(climate.target_temp_c, 0) }) : t("vehicle.hvac_off")),
  );
}

function navTile(vehicle) {
  const nav = vehicle.state.navigation;
  if (!nav) return null; // the trip view says "No route planned"; keep the room for alerts
  const details = [];
  const arrived = nav.distance_remaining_km === 0;
  if (arrived) {
    details.push(h("p", { class: "accent", id: "nav-remaining" }, t("vehicle.arrived")));
  } else if (nav.distance_remaining_km != null && nav.time_remaining_s != null) {
    details.push(h("p", { id: "nav-remaining" }, t("vehicle.remaining", {
      km: formatNumber(nav.distance_remaining_km, 0), time: formatDuration(nav.time_remaining_s),
    })));
  }
  if (nav.arrival_at && !arrived) {
    details.push(h("p", { class: "muted small" }, t("vehicle.arrive", {
      at: formatClock(nav.arrival_at), soc: formatNumber(nav.predicted_arrival_soc_pct, 0),
    })));
  }
  return tile("nav", t("vehicle.route"), h("div", { class: "nav-row" },
    h("p", { class: "nav-dest", id: "nav-destination" }, pick(nav.destination_label) || nav.destination_name),
    h("div", { class: "nav-details" }, ...details)));
}

function alertsTile(alerts) {
  const sorted = [...(alerts || [])].sort(
    (a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3),
  );
  const list = sorted.length
    ? h("ul", { class: "alert-list", id: "alerts-list" }, sorted.map((a) =>
      h("li", { class: `alert severity-${a.severity}`, dataset: { severity: a.severity, alertId: a.id } },
        h("span", { class: "severity-dot", title: t(`severity.${a.severity}`) }),
        h("div", {}, h("strong", {}, pick(a.title)), h("p", { class: "muted" }, pick(a.advice))))))
    : h("p", { class: "all-clear", id: "alerts-list" }, icon("check", 18), t("vehicle.no_alerts"));
  return tile("alerts", t("vehicle.alerts"), list);
}

/**
 * The car is asleep and won't report until woken: what it last said (from the fleet list) and a
 * button to wake it, as a phone app would show.
 */
export function renderAsleep(root, summary, message, onWake) {
  const pct = summary?.soc_pct ?? summary?.fuel_pct;
  const wake = h("button", { type: "button", class: "btn btn-accent", id: "wake-button" }, t("vehicle.wake"));
  wake.addEventListener("click", () => onWake(wake));
  root.replaceChildren(h("article", { class: "tile asleep-card", id: "asleep-card" },
    h("div", { class: "moon", "aria-hidden": "true" }),
    h("p", { class: "asleep-title" }, message),
    pct != null
      ? h("p", { class: "muted" }, t("vehicle.last_known", {
        pct: Math.round(pct), km: Math.round(summary.range_km ?? 0),
      }))
      : null,
    summary?.address ? h("p", { class: "muted small" }, pick(summary.address)) : null,
    wake));
}

/** Skeleton tiles while the first snapshot is on its way. */
export function renderLoading(root) {
  root.replaceChildren(...["energy", "car", "charging", "drive", "climate", "alerts"].map((id) =>
    h("article", { class: `tile ${id} skeleton`, "aria-busy": "true" },
      h("div", { class: "shimmer line short" }), h("div", { class: "shimmer line" }),
      h("div", { class: "shimmer line" }))));
}

export function renderVehicle(root, vehicle, alerts) {
  const tiles = [
    energyTile(vehicle),
    bodyTile(vehicle),
    chargingTile(vehicle),
    driveTile(vehicle),
    climateTile(vehicle),
    navTile(vehicle),
    alertsTile(alerts),
  ];
  root.replaceChildren(...tiles.filter(Boolean));
}
