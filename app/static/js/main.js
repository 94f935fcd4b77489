// The console: reads the URL, follows the car's telemetry stream (polling the snapshot, ETag →
// 304 keeps it cheap, only while the stream is down or to resync the details now and then) and
// wires the panels together. URL parameters: sandbox, vehicle, lang, scenario (shows its focus
// car unless `vehicle` names one), fault, latency, director=1.

import { ApiError, api, errorMessage, onActivity, settings } from "./api.js";
import { createAssistant } from "./assistant.js";
import { createDemo } from "./demo.js";
import { createDirector } from "./director.js";
import { $ } from "./dom.js";
import { createEvents } from "./events.js";
import { applyStatic, formatClock, getLang, onLangChange, pick, setLang, t } from "./i18n.js";
import { createLive } from "./live.js";
import { renderEmpty, renderError, renderPlanning, renderTrip } from "./trip.js";
import { renderAsleep, renderLoading, renderVehicle } from "./vehicle.js";

const POLL_MS = 1000; // while the telemetry stream is down
const RESYNC_MS = 15000; // while it is up: the details a frame does not carry (tyres, doors...)
const RETRY_MAX_MS = 3000;
const FOLLOW_UP_MS = 2000; // at most this often, a frame also refreshes the alerts and the trip

const params = new URLSearchParams(location.search);
const state = {
  vehicleId: params.get("vehicle") || "ix3-shanghai",
  // a link's `vehicle` wins over the scenario's focus car
  vehicleNamed: params.has("vehicle"),
  scenario: params.get("scenario") || null,
  vehicle: null,
  summary: null,
  etag: null,
  alerts: [],
  clock: null,
  trip: null,
  pollTimer: null,
  pollError: null,
};
settings.sandbox = params.get("sandbox") || "default";
settings.apiKey = params.get("api_key") || "";
settings.fault = params.get("fault") || "";
settings.latencyMs = Number(params.get("latency")) || 0;

const appEl = $("#app");
const tiles = $("#vehicle-tiles");
const tripView = $("#trip-view");
const startButton = $("#start-button");

// --- the banner: what a cockpit shows when the service is in trouble -------------------------

let flashTimer = null;

function showBanner(message, detail, kind) {
  const banner = $("#banner");
  banner.hidden = false;
  banner.dataset.kind = kind;
  $("#banner-text").textContent = message;
  $("#banner-detail").textContent = detail || "";
}

function hideBanner(kind) {
  const banner = $("#banner");
  if (!banner.hidden && (!kind || banner.dataset.kind === kind)) banner.hidden = true;
}

function flash(message) {
  showBanner(message, "", "flash");
  clearTimeout(flashTimer);
  flashTimer = setTimeout(() => hideBanner("flash"), 5000);
}

const WAKE_S = 10; // how long a wake command takes in sim time (see the commands endpoint)

function isAsleep(error) {
  return error instanceof ApiError && error.problem?.code === "VEHICLE_ASLEEP";
}

async function showAsleep(error) {
  hideBanner("poll");
  state.pollError = null;
  appEl.dataset.state = "asleep";
  state.vehicle = null;
  state.etag = null;
  if (!state.summary || state.summary.id !== state.vehicleId) {
    try {
      const fleet = (await api.get("/v1/vehicles")).data;
      state.summary = fleet.find((v) => v.id === state.vehicleId) || null;
    } catch {
      state.summary = null;
    }
  }
  if (tiles.querySelector("#asleep-card")?.dataset.waking) return;
  $("#vehicle-name").textContent = state.summary ? pick(state.summary.name) : "—";
  $("#vehicle-plate").textContent = state.summary?.plate || "";
  const power = $("#power-state");
  power.hidden = false;
  power.textContent = t("power.asleep");
  power.dataset.power = "asleep";
  renderAsleep(tiles, state.summary, errorMessage(error), wake);
}

async function wake(button) {
  button.disabled = true;
  button.textContent = t("vehicle.waking");
  tiles.querySelector("#asleep-card").dataset.waking = "true";
  try {
    await api.post(`/v1/vehicles/${state.vehicleId}/commands`, { type: "wake" });
    // sim time only moves when someone moves it; a paused clock would keep the car asleep
    if (!state.clock?.running) clockChanged((await api.post("/v1/sim/clock", { advance_s: WAKE_S })).data);
    await refresh();
  } catch (error) {
    flash(errorMessage(error));
    button.disabled = false;
    button.textContent = t("vehicle.wake");
  }
}

function pollFailed(error) {
  if (isAsleep(error)) {
    showAsleep(error);
    return;
  }
  state.pollError = error;
  appEl.dataset.state = state.vehicle ? "stale" : "error";
  const code = error instanceof ApiError ? error.problem?.code || (error.status || error.kind) : "";
  showBanner(errorMessage(error), code ? String(code) : "", "poll");
}

function pollRecovered() {
  if (state.pollError) {
    state.pollError = null;
    hideBanner("poll");
    director.ensureLoaded();
  }
  appEl.dataset.state = "ready";
}

// --- polling ------------------------------------------------------------------------------------

async function pollVehicle() {
  const id = state.vehicleId;
  const { status, data, etag } = await api.get(`/v1/vehicles/${id}`, { etag: state.etag });
  if (id !== state.vehicleId) return false;
  if (status === 304) return false;
  state.vehicle = data;
  state.etag = etag;
  if (data.state.power_state === "online") {
    try {
      state.alerts = (await api.get(`/v1/vehicles/${id}/alerts`)).data.data;
    } catch {
      // keep the last alerts; the snapshot itself arrived
    }
  }
  return true;
}

async function pollClock() {
  try {
    const { data } = await api.get("/v1/sim/clock");
    clockChanged(data);
  } catch {
    // the clock is cosmetic; the vehicle poll reports trouble
  }
}

async function poll() {
  clearTimeout(state.pollTimer);
  let delay = live.up ? RESYNC_MS : POLL_MS;
  try {
    const [changed] = await Promise.all([pollVehicle(), pollClock()]);
    pollRecovered();
    if (changed) await vehicleChanged();
  } catch (error) {
    pollFailed(error);
    const retry = error instanceof ApiError && error.retryAfterS ? error.retryAfterS * 1000 : RETRY_MAX_MS;
    delay = isAsleep(error) ? delay : Math.min(retry, RETRY_MAX_MS);
  }
  state.pollTimer = setTimeout(poll, delay);
}

function refresh() {
  state.etag = null;
  return poll();
}

// --- the telemetry stream -------------------------------------------------------------------------

/** Fold a telemetry frame into the snapshot on screen; a change a frame can't describe (the car
 * woke or slept, a trip started or ended) fetches the whole snapshot. */
function applyFrame(frame) {
  if (frame.vehicle_id !== state.vehicleId) return;
  if (state.clock) clockChanged({ ...state.clock, now: frame.as_of });
  const v = state.vehicle;
  if (!v) {
    if (frame.power_state === "online") refresh();
    return;
  }
  const s = v.state;
  if (frame.power_state !== s.power_state || (frame.trip_id || null) !== (s.navigation?.trip_id || null)) {
    refresh();
    return;
  }
  s.motion.speed_kmh = frame.speed_kmh;
  s.motion.odometer_km = frame.odometer_km;
  if (s.battery && frame.soc_pct != null) s.battery.soc_pct = frame.soc_pct;
  if (s.fuel && frame.fuel_pct != null) s.fuel.level_pct = frame.fuel_pct;
  // the frame's range is the car's total: it is one tank's only when there is one
  if (frame.range_km != null && Boolean(s.battery) !== Boolean(s.fuel)) (s.battery || s.fuel).range_km = frame.range_km;
  if (s.charging && frame.charging_status) {
    s.charging.status = frame.charging_status;
    s.charging.power_kw = frame.charge_power_kw ?? s.charging.power_kw;
  }
  if (s.location && frame.coordinates) {
    s.location.coordinates = frame.coordinates;
    s.location.heading_deg = frame.heading_deg;
    s.location.address = frame.address;
  }
  if (s.climate && frame.cabin_temp_c != null) s.climate.cabin_temp_c = frame.cabin_temp_c;
  s.security.locked = frame.locked;
  if (s.navigation && frame.distance_remaining_km != null) {
    s.navigation.distance_remaining_km = frame.distance_remaining_km;
    s.navigation.time_remaining_s = frame.time_remaining_s;
  }
  renderTopbar();
  renderVehiclePanel();
  renderTripView();
  assistant.vehicleChanged();
  followUp();
}

let followUpTimer = null;
let followUpDue = false;

/** Alerts and trip progress follow the frames, at most every FOLLOW_UP_MS. */
function followUp() {
  followUpDue = true;
  if (followUpTimer) return;
  followUpTimer = setTimeout(async () => {
    followUpTimer = null;
    if (!followUpDue) return;
    followUpDue = false;
    const id = state.vehicleId;
    try {
      const alerts = (await api.get(`/v1/vehicles/${id}/alerts`)).data.data;
      if (id === state.vehicleId) state.alerts = alerts;
      if (state.trip?.status === "active") state.trip = (await api.get(`/v1/trips/${state.trip.trip_id}`)).data;
    } catch {
      // the next frame or poll tries again
    }
    renderVehiclePanel();
    renderTripView();
    assistant.vehicleChanged();
  }, FOLLOW_UP_MS);
}

const live = createLive({
  onFrame: applyFrame,
  // up: the poll slows to a resync; down: it polls every second until the stream is back
  onUp() {
    clearTimeout(state.pollTimer);
    state.pollTimer = setTimeout(poll, RESYNC_MS);
  },
  onDown() {
    clearTimeout(state.pollTimer);
    state.pollTimer = setTimeout(poll, POLL_MS);
  },
});

// --- rendering ----------------------------------------------------------------------------------

function renderTopbar() {
  const v = state.vehicle;
  $("#vehicle-name").textContent = v ? pick(v.name) : "—";
  $("#vehicle-plate").textContent = v ? v.plate : "";
  const power = $("#power-state");
  const ps = v?.state.power_state;
  power.hidden = !ps || ps === "online";
  if (!power.hidden) {
    power.textContent = t(`power.${ps}`);
    power.dataset.power = ps;
  }
}

function renderClock() {
  const c = state.clock;
  $("#sim-clock").textContent = formatClock(c?.now);
  const speed = $("#clock-speed");
  speed.hidden = !c?.running;
  speed.textContent = c?.running ? `▶ ×${Math.round(c.speed)}` : "";
}

function renderVehiclePanel() {
  if (!state.vehicle) return;
  renderVehicle(tiles, state.vehicle, state.alerts);
  const ps = state.vehicle.state.power_state;
  tiles.dataset.power = ps;
  const note = ps === "asleep" ? t("vehicle.asleep", { age: ageText(state.vehicle.age_s) })
    : ps === "offline" ? t("vehicle.offline") : null;
  if (note) tiles.prepend(Object.assign(document.createElement("p"), { className: "freshness", textContent: note }));
}

function ageText(seconds) {
  if (seconds < 3600) return t("unit.min", { n: Math.round(seconds / 60) });
  if (seconds < 86400) return t("unit.h_min", { h: Math.floor(seconds / 3600), m: Math.round((seconds % 3600) / 60) });
  return getLang() === "zh" ? `${Math.round(seconds / 86400)} 天` : `${Math.round(seconds / 86400)} d`;
}

function carPosition() {
  const loc = state.vehicle?.state.location;
  if (!loc || !state.trip || state.trip.vehicle_id !== state.vehicleId) return null;
  return { lat: loc.coordinates.lat, lon: loc.coordinates.lon, heading: loc.heading_deg };
}

function renderTripView() {
  if (!state.trip) {
    renderEmpty(tripView);
    startButton.hidden = true;
    return;
  }
  renderTrip(tripView, state.trip, carPosition());
  startButton.hidden = !(state.trip.status === "planned" && state.trip.plan.status === "ok");
}

async function vehicleChanged() {
  renderTopbar();
  renderVehiclePanel();
  assistant.vehicleChanged();
  const nav = state.vehicle.state.navigation;
  if (nav?.trip_id && nav.trip_id !== state.trip?.trip_id) {
    await showTrip(nav.trip_id);
    return;
  }
  if (state.trip?.status === "active") {
    try {
      state.trip = (await api.get(`/v1/trips/${state.trip.trip_id}`)).data;
    } catch {
      // keep drawing the last progress
    }
  }
  renderTripView();
}

function clockChanged(clock) {
  state.clock = clock;
  renderClock();
}

async function showTrip(tripId) {
  try {
    state.trip = (await api.get(`/v1/trips/${tripId}`)).data;
    renderTripView();
  } catch (error) {
    renderError(tripView, errorMessage(error));
  }
}

// --- trip controls --------------------------------------------------------------------------------

$("#plan-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const destination = $("#plan-destination").value.trim();
  if (!destination) return;
  renderPlanning(tripView);
  startButton.hidden = true;
  try {
    state.trip = (await api.post("/v1/trips/plan", { vehicle_id: state.vehicleId, destination })).data;
    renderTripView();
  } catch (error) {
    renderError(tripView, errorMessage(error));
  }
});

startButton.addEventListener("click", async () => {
  if (!state.trip) return;
  try {
    state.trip = (await api.post(`/v1/trips/${state.trip.trip_id}/start`)).data;
    await refresh();
    renderTripView();
  } catch (error) {
    flash(errorMessage(error));
  }
});

// --- confirmation dialog ------------------------------------------------------------------------

function confirmDialog(text) {
  const backdrop = $("#confirm");
  $("#confirm-text").textContent = text;
  backdrop.hidden = false;
  return new Promise((resolve) => {
    const done = (answer) => {
      backdrop.hidden = true;
      $("#confirm-yes").onclick = null;
      $("#confirm-no").onclick = null;
      resolve(answer);
    };
    $("#confirm-yes").onclick = () => done(true);
    $("#confirm-no").onclick = () => done(false);
    $("#confirm-yes").focus();
  });
}

// --- wiring -------------------------------------------------------------------------------------

function updateUrl() {
  const next = new URLSearchParams(location.search);
  next.set("sandbox", settings.sandbox);
  next.set("vehicle", state.vehicleId);
  next.set("lang", getLang());
  next.delete("scenario");
  history.replaceState(null, "", `?${next}`);
}

function resetView() {
  state.vehicle = null;
  state.etag = null;
  state.alerts = [];
  state.trip = null;
  renderLoading(tiles);
  renderTopbar();
  renderTripView();
  events.reset();
  assistant.reset();
  updateUrl();
  live.follow(state.vehicleId);
}

const events = createEvents({
  place: (item) => assistant.tell(item),
  confirm: confirmDialog,
  onTrip: (id) => showTrip(id),
  onChanged: (event) => demo.told(event),
});

const assistant = createAssistant({
  getVehicleId: () => state.vehicleId,
  getVehicle: () => state.vehicle,
  getAlerts: () => state.alerts,
  onTrip: (tripId) => showTrip(tripId),
  onTurnDone: () => refresh(),
  confirm: confirmDialog,
  onSession: (id) => events.follow(id),
});

const director = createDirector({
  vehicleId: () => state.vehicleId,
  vehicle: () => state.vehicle,
  scenario: () => state.scenario,
  clockState: () => state.clock,
  clockChanged: (clock) => {
    clockChanged(clock);
    return refresh();
  },
  flash,
  refresh,
  setVehicle(id) {
    state.vehicleId = id;
    resetView();
    refresh();
  },
  setSandbox(name) {
    settings.sandbox = name;
    resetView();
    director.sync();
    refresh();
  },
  scenarioLoaded(id, focusVehicle) {
    state.scenario = id;
    if (focusVehicle) state.vehicleId = focusVehicle;
    resetView();
    director.sync();
    refresh();
  },
});

for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => setLang(button.dataset.lang));
}

onLangChange((lang) => {
  for (const b of document.querySelectorAll("[data-lang]")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  }
  renderTopbar();
  renderClock();
  renderVehiclePanel();
  renderTripView();
  updateUrl();
});

onActivity((slow) => $("#activity").classList.toggle("active", slow));

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(renderTripView, 150);
});

/** The car a scenario is about (`focus_vehicle`), or null if the list can't be read. */
async function focusOf(scenarioId) {
  try {
    const scenarios = (await api.get("/v1/sim/scenarios")).data;
    return scenarios.find((sc) => sc.id === scenarioId)?.focus_vehicle || null;
  } catch {
    return null;
  }
}

const demo = createDemo({
  lang: getLang,
  clockChanged,
  flash,
  async started(run, script) {
    state.vehicleId = script.vehicle_id;
    state.scenario = script.scenario;
    resetView();
    assistant.useSession(run.session_id);
    clockChanged(run.clock);
    director.sync();
    await refresh();
    await showTrip(run.trip_id);
  },
});

async function start() {
  const lang = params.get("lang") || (navigator.language?.startsWith("zh") ? "zh" : "en");
  applyStatic(document);
  setLang(lang === "en" ? "en" : "zh");
  renderLoading(tiles);
  renderTripView();
  assistant.reset();
  director.sync();
  if (params.get("director") === "1") director.setOpen(true);
  if (state.scenario) {
    try {
      await api.post("/v1/sim/scenario", { scenario: state.scenario });
      if (!state.vehicleNamed) state.vehicleId = await focusOf(state.scenario) || state.vehicleId;
      updateUrl();
    } catch (error) {
      flash(errorMessage(error));
    }
  }
  director.sync();
  director.load().catch(() => {});
  live.follow(state.vehicleId);
  if (params.get("demo")) await demo.play(params.get("demo"));
  await poll();
  document.body.dataset.ready = "true";
}

start();
