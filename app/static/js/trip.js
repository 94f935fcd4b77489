// The trip view: the planned route drawn from its GeoJSON LineString ([lon, lat]) on an SVG with
// no map tiles, the charging and meal stops, the car moving along it, and SoC along the route.

import { h, s } from "./dom.js";
import { icon, stopIcon } from "./icons.js";
import { formatClock, formatDuration, formatNumber, getLang, pick, t } from "./i18n.js";

const PAD = 36;

/**
 * An equirectangular projection fitted to the viewport: longitude is scaled by cos(mid-latitude)
 * so distances look right at China's latitudes, and north is up.
 */
export function makeProjection(points, width, height) {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLon, maxLon] = [Math.min(...lons), Math.max(...lons)];
  const [minLat, maxLat] = [Math.min(...lats), Math.max(...lats)];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-3);
  const spanY = Math.max(maxLat - minLat, 1e-3);
  const scale = Math.min((width - 2 * PAD) / spanX, (height - 2 * PAD) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return ([lon, lat]) => [
    offsetX + (lon - minLon) * k * scale,
    offsetY + (maxLat - lat) * scale,
  ];
}

function pathData(points) {
  return points.map(([x, y], i) => `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`).join(" ");
}

function nearestIndex(coords, target) {
  let best = 0;
  let bestD = Infinity;
  coords.forEach(([lon, lat], i) => {
    const d = (lon - target[0]) ** 2 + (lat - target[1]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}


function carMarker(position, heading, project) {
  const [x, y] = project(position);
  return s("g", {
    id: "car-marker",
    class: "car-marker",
    transform: `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${Math.round(heading || 0)})`,
    dataset: { lon: position[0], lat: position[1], x: x.toFixed(1), y: y.toFixed(1) },
  },
  s("circle", { r: 18, class: "car-halo" }),
  s("path", { d: "M0 -12 L9 10 L0 5 L-9 10 Z", class: "car-arrow" }));
}

function mapSvg(trip, car, width, height) {
  const plan = trip.plan;
  const coords = plan.route.geometry.coordinates;
  const extra = plan.stops.map((st) => [st.coordinates.lon, st.coordinates.lat]);
  if (car) extra.push([car.lon, car.lat]);
  const project = makeProjection([...coords, ...extra], width, height);
  const projected = coords.map(project);
  const svg = s("svg", {
    id: "trip-map", class: "trip-map", viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: "xMidYMid meet", role: "img", "aria-label": t("trip.heading"),
  });
  // a faint graticule every 1° so distances read as a map
  const grid = s("g", { class: "graticule" });
  const lons = coords.map((c) => c[0]);
  const lats = coords.map((c) => c[1]);
  for (let lon = Math.floor(Math.min(...lons)) - 1; lon <= Math.ceil(Math.max(...lons)) + 1; lon += 1) {
    const [x] = project([lon, lats[0]]);
    grid.append(s("line", { x1: x, y1: 0, x2: x, y2: height }));
  }
  for (let lat = Math.floor(Math.min(...lats)) - 1; lat <= Math.ceil(Math.max(...lats)) + 1; lat += 1) {
    const [, y] = project([lons[0], lat]);
    grid.append(s("line", { x1: 0, y1: y, x2: width, y2: y }));
  }
  svg.append(grid);
  svg.append(
    s("path", { class: "route-casing", d: pathData(projected) }),
    s("path", {
      id: "route-line", class: `route-line${plan.status === "infeasible" ? " infeasible" : ""}`,
      d: pathData(projected), dataset: { points: coords.length },
    }),
  );
  if (car && trip.status === "active") {
    const upto = nearestIndex(coords, [car.lon, car.lat]);
    const done = [...projected.slice(0, upto + 1), project([car.lon, car.lat])];
    svg.append(s("path", { id: "route-done", class: "route-done", d: pathData(done) }));
  }
  const [ox, oy] = projected[0];
  const [dx, dy] = projected[projected.length - 1];
  // every marker first, then each label where it covers no marker and no other label
  const markers = [{ x: ox, y: oy, r: 7 }, { x: dx, y: dy, r: 9 }];
  const labels = [];
  const origin = s("g", { class: "endpoint origin", transform: `translate(${ox} ${oy})` }, s("circle", { r: 7 }));
  const destination = s("g", { class: "endpoint destination", transform: `translate(${dx} ${dy})` },
    s("circle", { r: 9 }), s("circle", { r: 4, class: "inner" }));
  svg.append(origin, destination);
  labels.push({ group: origin, x: ox, y: oy, r: 7, text: pick(plan.origin.name).replace(/\s*\(.*\)$/, "") });
  labels.push({ group: destination, x: dx, y: dy, r: 9, text: pick(plan.destination.name) });
  for (const stop of plan.stops) {
    const [x, y] = project([stop.coordinates.lon, stop.coordinates.lat]);
    const group = s("g", {
      class: `stop-marker kind-${stop.kind}${stop.meal ? " with-meal" : ""}`,
      transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
      dataset: { kind: stop.kind, index: stop.index, meal: stop.meal || "" },
    },
    s("circle", { r: 14 }),
    stopIcon(stop, 18, { x: -9, y: -9 }),
    stop.meal ? s("g", { class: "meal-badge" }, s("circle", { cx: 12, cy: -12, r: 8 }),
      icon("meal", 10, { x: 7, y: -17 })) : null);
    svg.append(group);
    markers.push({ x, y, r: stop.meal ? 20 : 14 });
    labels.push({ group, x, y, r: stop.meal ? 20 : 14, text: String(stop.index + 1), cls: "stop-label" });
  }
  if (plan.infeasible) {
    const p = plan.infeasible.furthest_reachable;
    const [x, y] = project([p.lon, p.lat]);
    svg.append(s("g", { class: "unreachable-marker", transform: `translate(${x} ${y})` },
      s("path", { d: "M-9 -9 L9 9 M9 -9 L-9 9" })));
    markers.push({ x, y, r: 10 });
  }
  if (car) {
    const [x, y] = project([car.lon, car.lat]);
    markers.push({ x, y, r: 18 });
  }
  for (const label of placeLabels(labels, markers, width, height)) {
    label.group.append(s("text", {
      class: label.cls || "map-label", x: label.dx, y: label.dy, "text-anchor": label.anchor,
      dataset: { box: label.box.map((n) => n.toFixed(1)).join(",") },
    }, label.text));
  }
  if (car) svg.append(carMarker([car.lon, car.lat], car.heading, project));
  return svg;
}

const LABEL_PX = 15; // .endpoint text and .stop-label font size
const LABEL_GAP = 5;

/** A label's width in px at LABEL_PX: CJK characters are square, Latin ones about 0.6 wide. */
function labelWidth(text) {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) > 0x2e80 ? 1 : 0.6;
  return em * LABEL_PX;
}

function hitsCircle([x, y, w, h], c) {
  const nx = Math.max(x, Math.min(c.x, x + w));
  const ny = Math.max(y, Math.min(c.y, y + h));
  return (nx - c.x) ** 2 + (ny - c.y) ** 2 < c.r ** 2;
}

function hitsBox(a, b) {
  return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
}

/**
 * Place each label beside its marker: right, left, above or below, whichever first stays on the
 * map and covers no marker and no label placed before it (else the one covering least). Answers
 * the labels with their offset from the marker (dx, dy, anchor) and their box on the map.
 */
export function placeLabels(labels, markers, width, height) {
  const placed = [];
  return labels.map((label) => {
    const w = labelWidth(label.text);
    const h = LABEL_PX + 2;
    // clear every marker drawn over this one too (the car sits on the origin at the start)
    const reach = markers.reduce((r, m) => {
      const d = Math.hypot(m.x - label.x, m.y - label.y);
      return d < m.r ? Math.max(r, d + m.r) : r;
    }, label.r);
    const gap = reach + LABEL_GAP;
    const options = [
      { dx: gap, dy: 5, anchor: "start", box: [label.x + gap, label.y - h / 2, w, h] },
      { dx: -gap, dy: 5, anchor: "end", box: [label.x - gap - w, label.y - h / 2, w, h] },
      { dx: 0, dy: -gap, anchor: "middle", box: [label.x - w / 2, label.y - gap - h + 4, w, h] },
      { dx: 0, dy: gap + h - 4, anchor: "middle", box: [label.x - w / 2, label.y + gap, w, h] },
    ];
    const cost = (o) => {
      const [x, y, bw, bh] = o.box;
      const off = x < 0 || y < 0 || x + bw > width || y + bh > height ? 100 : 0;
      return off + markers.filter((m) => hitsCircle(o.box, m)).length * 10
        + placed.filter((b) => hitsBox(o.box, b)).length * 10;
    };
    const best = options.reduce((a, b) => (cost(b) < cost(a) ? b : a));
    placed.push(best.box);
    return { ...label, ...best };
  });
}

/** SoC along the route: the track's (distance, SoC) corners, the stops, where the car is now. */
function socChart(trip) {
  const plan = trip.plan;
  const points = plan.track.filter((p) => p.soc_pct != null);
  if (points.length < 2) return null;
  const width = 600;
  const height = 120;
  const maxKm = Math.max(...points.map((p) => p.distance_km), 1);
  const x = (km) => 30 + (km / maxKm) * (width - 40);
  const y = (soc) => 10 + (1 - soc / 100) * (height - 30);
  const line = points.map((p) => `${x(p.distance_km).toFixed(1)},${y(p.soc_pct).toFixed(1)}`).join(" ");
  const svg = s("svg", {
    id: "soc-chart", class: "soc-chart", viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: "none", role: "img", "aria-label": t("trip.soc_chart"),
  },
  s("line", { class: "axis", x1: 30, y1: y(0), x2: width - 10, y2: y(0) }),
  s("line", {
    class: "threshold", x1: 30, x2: width - 10,
    y1: y(plan.options.min_arrival_soc_pct), y2: y(plan.options.min_arrival_soc_pct),
  }),
  s("text", { class: "tick", x: 4, y: y(100) + 4 }, "100"),
  s("text", { class: "tick", x: 12, y: y(0) + 4 }, "0"),
  s("polygon", { class: "soc-area", points: `${x(0)},${y(0)} ${line} ${x(points[points.length - 1].distance_km)},${y(0)}` }),
  s("polyline", { id: "soc-line", class: "soc-line", points: line, dataset: { points: points.length } }));
  for (const stop of plan.stops) {
    if (stop.arrival_soc_pct == null) continue;
    svg.append(s("circle", {
      class: `soc-stop kind-${stop.kind}`, cx: x(stop.distance_along_km), cy: y(stop.arrival_soc_pct), r: 4,
    }));
  }
  if (trip.progress) {
    const px = x(trip.progress.distance_done_km);
    svg.append(s("line", { id: "soc-now", class: "now", x1: px, x2: px, y1: 4, y2: y(0) }));
  }
  return svg;
}

function mealNames(trip, stop) {
  const meal = trip.meals?.find((m) => m.stop_index === stop.index);
  return meal ? meal.results.slice(0, 2).map((r) => pick(r.restaurant.name)) : [];
}

function stopCard(trip, stop) {
  const lines = [
    h("div", { class: "stop-head" },
      h("span", { class: `stop-badge kind-${stop.kind}` }, stopIcon(stop, 14), String(stop.index + 1)),
      h("span", { class: "stop-time" }, formatClock(stop.arrival_at))),
    h("p", { class: "stop-name" }, pick(stop.name)),
  ];
  if (stop.kind === "charge" && stop.arrival_soc_pct != null) {
    lines.push(h("p", { class: "muted" }, t("stop.charge_detail", {
      from: formatNumber(stop.arrival_soc_pct), to: formatNumber(stop.departure_soc_pct),
      min: stop.charge_time_min ?? Math.round(stop.duration_s / 60),
    })));
  }
  if (stop.meal) {
    const names = mealNames(trip, stop);
    lines.push(h("p", { class: "meal-line" }, icon("meal", 14), t(`stop.${stop.meal}`),
      names.length ? ` · ${t("stop.eat", { names: names.join(getLang() === "zh" ? "、" : ", ") })}` : ""));
  }
  return h("li", { class: `stop-card kind-${stop.kind}`, dataset: { index: stop.index } }, lines);
}

function summary(trip) {
  const plan = trip.plan;
  const feasible = plan.status === "ok";
  return h("div", { class: "trip-summary" },
    h("div", { class: "trip-title" },
      h("span", { class: "trip-dest", id: "trip-destination" }, pick(plan.destination.name)),
      feasible
        ? h("span", { class: `pill status-${trip.status}`, id: "trip-status" }, t(`trip.status.${trip.status}`))
        : h("span", { class: "pill severity-critical", id: "trip-status" }, t("trip.infeasible"))),
    h("p", { class: "muted" }, t("trip.summary", {
      km: formatNumber(plan.distance_km), time: formatDuration(plan.total_time_s),
      stops: plan.stops.length,
    }), plan.arrival_at ? ` · ${t("trip.arrive", {
      at: formatClock(plan.arrival_at), soc: formatNumber(plan.arrival_soc_pct),
    })}` : "", plan.total_cost_cny ? ` · ¥${formatNumber(plan.total_cost_cny)}` : ""),
    plan.infeasible ? h("p", { class: "infeasible-reason" }, pick(plan.infeasible.reason)) : null,
  );
}

export function renderEmpty(root) {
  root.dataset.state = "empty";
  root.replaceChildren(h("div", { class: "trip-empty", id: "trip-empty" },
    h("svg", { class: "empty-icon", viewBox: "0 0 64 64", "aria-hidden": "true" }),
    h("p", { class: "empty-title" }, t("trip.empty")),
    h("p", { class: "muted" }, t("trip.empty_hint"))));
  const icon = root.querySelector(".empty-icon");
  icon.replaceWith(s("svg", { class: "empty-icon", viewBox: "0 0 64 64", "aria-hidden": "true" },
    s("path", { d: "M12 52 C20 30 44 40 52 12", fill: "none", "stroke-dasharray": "4 6" }),
    s("circle", { cx: 12, cy: 52, r: 4 }), s("circle", { cx: 52, cy: 12, r: 4 })));
}

export function renderPlanning(root) {
  root.dataset.state = "loading";
  root.replaceChildren(h("div", { class: "trip-loading", "aria-busy": "true" },
    h("div", { class: "spinner" }), h("p", { class: "muted" }, t("trip.planning"))));
}

export function renderError(root, message) {
  root.dataset.state = "error";
  root.replaceChildren(h("div", { class: "trip-error", role: "alert" },
    icon("warn", 40), h("p", {}, message)));
}

/** `car` is {lat, lon, heading} from the vehicle's live location, or null. */
export function renderTrip(root, trip, car) {
  root.dataset.state = "trip";
  root.dataset.tripId = trip.trip_id;
  const scrolled = root.querySelector("#stop-list")?.scrollLeft || 0;
  const map = h("div", { class: "map-wrap" });
  const chart = socChart(trip);
  const parts = [
    summary(trip),
    map,
    chart ? h("div", { class: "chart-wrap" }, h("span", { class: "chart-label" }, t("trip.soc_chart")), chart) : null,
    trip.plan.stops.length
      ? h("ol", { class: "stop-list", id: "stop-list" }, trip.plan.stops.map((st) => stopCard(trip, st)))
      : null,
  ];
  root.replaceChildren(...parts.filter(Boolean));
  const stops = root.querySelector("#stop-list");
  if (stops) stops.scrollLeft = scrolled;
  const next = trip.progress?.stop_index ?? trip.progress?.next_stop_index;
  if (next != null) stops?.querySelector(`[data-index="${next}"]`)?.classList.add("next");
  // the map takes what the layout leaves it; draw it at exactly that size
  const box = map.getBoundingClientRect();
  map.append(mapSvg(trip, car, Math.max(240, Math.round(box.width)), Math.max(160, Math.round(box.height))));
}
