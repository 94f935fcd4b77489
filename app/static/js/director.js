// The director's drawer, for whoever runs the demo: stage (vehicle, sandbox, scenario), the sim
// clock, quick state tweaks and the network knobs. Everything here goes to /v1/sim/..., which the
// latency and fault knobs never touch, so a demo can always be brought back.

import { api, errorMessage, settings } from "./api.js";
import { $, h } from "./dom.js";
import { getLang, onLangChange, pick, t } from "./i18n.js";

export function createDirector(app) {
  const drawer = $("#director");
  const toggle = $("#director-toggle");
  const vehicleSelect = $("#dir-vehicle");
  const sandboxInput = $("#dir-sandbox");
  const scenarioSelect = $("#dir-scenario");
  const scenarioDesc = $("#dir-scenario-desc");
  const lightSelect = $("#dir-light");
  const latencySelect = $("#dir-latency");
  const faultSelect = $("#dir-fault");
  let scenarios = [];
  let lights = [];
  let vehicles = [];
  let speed = 60;

  function setOpen(open) {
    drawer.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("director-open", open);
  }

  async function run(button, action) {
    button?.classList.add("busy");
    try {
      await action();
    } catch (error) {
      app.flash(errorMessage(error));
    } finally {
      button?.classList.remove("busy");
    }
  }

  function fillVehicles() {
    vehicleSelect.replaceChildren(...vehicles.map((v) =>
      h("option", { value: v.id, selected: v.id === app.vehicleId() }, `${pick(v.name)} · ${v.plate || v.id}`)));
  }

  function fillScenarios(selected) {
    scenarioSelect.replaceChildren(...scenarios.map((sc) =>
      h("option", { value: sc.id, selected: sc.id === selected }, pick(sc.title))));
    describeScenario();
  }

  function describeScenario() {
    const sc = scenarios.find((x) => x.id === scenarioSelect.value);
    scenarioDesc.textContent = sc ? pick(sc.description) : "";
  }

  function fillLights() {
    lightSelect.replaceChildren(...lights.map((l) =>
      h("option", { value: l.id }, getLang() === "zh"
        ? `${pick(l.title)}（${t(`color.${l.color}`)}）` : `${pick(l.title)} (${t(`color.${l.color}`)})`)));
  }

  function markSpeed() {
    for (const b of drawer.querySelectorAll("[data-speed]")) {
      b.classList.toggle("active", Number(b.dataset.speed) === speed);
    }
  }

  async function load() {
    const [sc, lt, vs, cur] = await Promise.allSettled([
      api.get("/v1/sim/scenarios"),
      api.get("/v1/car-genius/warning-lights"),
      api.get("/v1/vehicles"),
      api.get("/v1/sim/scenario"),
    ]);
    if (sc.status === "fulfilled") scenarios = sc.value.data;
    if (lt.status === "fulfilled") lights = lt.value.data;
    if (vs.status === "fulfilled") vehicles = vs.value.data;
    // The sandbox may already be in a scenario (loaded by a test or another console tab).
    const current = cur.status === "fulfilled" ? cur.value.data.scenario : null;
    fillScenarios(app.scenario() || current);
    fillLights();
    fillVehicles();
  }

  function clock(body) {
    return api.post("/v1/sim/clock", body).then(({ data }) => app.clockChanged(data));
  }

  function energyPatch(vehicle, pct) {
    const { battery, fuel } = vehicle.state;
    if (battery) {
      // keep the car's own km-per-percent, so range moves with the charge
      const perPct = battery.soc_pct > 0 ? battery.range_km / battery.soc_pct
        : (vehicle.spec.battery_net_kwh / vehicle.spec.consumption_kwh_per_100km);
      return { battery: { soc_pct: pct, range_km: Math.round(perPct * pct) } };
    }
    const perPct = fuel.level_pct > 0 ? fuel.range_km / fuel.level_pct : 0;
    return {
      fuel: { level_pct: pct, range_km: Math.round(perPct * pct), remaining_l: (vehicle.spec.tank_l || 0) * pct / 100 },
    };
  }

  function patch(body) {
    return api.patch(`/v1/sim/vehicles/${app.vehicleId()}/state`, body).then(() => app.refresh());
  }

  toggle.addEventListener("click", () => setOpen(drawer.hidden));
  $("#director-close").addEventListener("click", () => setOpen(false));
  scenarioSelect.addEventListener("change", describeScenario);
  vehicleSelect.addEventListener("change", () => app.setVehicle(vehicleSelect.value));
  sandboxInput.addEventListener("change", () => {
    const name = sandboxInput.value.trim();
    if (name) app.setSandbox(name);
  });
  $("#dir-load").addEventListener("click", (e) => run(e.currentTarget, async () => {
    const id = scenarioSelect.value;
    await api.post("/v1/sim/scenario", { scenario: id });
    const sc = scenarios.find((x) => x.id === id);
    app.scenarioLoaded(id, sc?.focus_vehicle);
    fillVehicles();
  }));
  $("#dir-reset").addEventListener("click", (e) => run(e.currentTarget, async () => {
    await api.post("/v1/sim/reset");
    app.scenarioLoaded(app.scenario(), null);
  }));
  $("#dir-play").addEventListener("click", (e) => run(e.currentTarget, () => clock({ run: true, speed })));
  $("#dir-pause").addEventListener("click", (e) => run(e.currentTarget, () => clock({ run: false })));
  for (const b of drawer.querySelectorAll("[data-speed]")) {
    b.addEventListener("click", () => run(b, async () => {
      speed = Number(b.dataset.speed);
      markSpeed();
      if (app.clockState()?.running) await clock({ run: true, speed });
    }));
  }
  $("#dir-advance").addEventListener("click", (e) => run(e.currentTarget, () => clock({ advance_s: 900 })));
  $("#dir-soc-set").addEventListener("click", (e) => run(e.currentTarget, async () => {
    const vehicle = app.vehicle();
    const pct = Math.max(0, Math.min(100, Number($("#dir-soc").value)));
    if (vehicle) await patch(energyPatch(vehicle, pct));
  }));
  $("#dir-door").addEventListener("click", (e) => run(e.currentTarget, async () => {
    const open = Boolean(app.vehicle()?.state.security.doors_open?.front_left);
    await patch({ security: { doors_open: { front_left: !open } } });
  }));
  $("#dir-light-set").addEventListener("click", (e) => run(e.currentTarget, async () => {
    const current = app.vehicle()?.state.check_control || [];
    const id = lightSelect.value;
    if (current.some((m) => m.light_id === id)) return;
    const since = app.clockState()?.now;
    await patch({ check_control: [...current, { light_id: id, since }] });
  }));
  $("#dir-light-clear").addEventListener("click", (e) => run(e.currentTarget, () => patch({ check_control: [] })));
  latencySelect.addEventListener("change", () => {
    settings.latencyMs = Number(latencySelect.value);
    app.refresh();
  });
  faultSelect.addEventListener("change", () => {
    settings.fault = faultSelect.value;
    app.refresh();
  });

  onLangChange(() => {
    fillScenarios(scenarioSelect.value);
    fillLights();
    fillVehicles();
  });

  return {
    load,
    /** After an outage at start-up the lists may be empty: fill them once the service is back. */
    ensureLoaded() {
      if (!scenarios.length || !lights.length || !vehicles.length) load().catch(() => {});
    },
    setOpen,
    sync() {
      sandboxInput.value = settings.sandbox;
      latencySelect.value = String(settings.latencyMs);
      if (![...latencySelect.options].some((o) => o.value === latencySelect.value)) {
        latencySelect.append(h("option", { value: settings.latencyMs, selected: true }, `${settings.latencyMs} ms`));
      }
      faultSelect.value = settings.fault;
      markSpeed();
      fillVehicles();
    },
  };
}
