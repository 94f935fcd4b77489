// Demo mode: one click (or /?demo=road-trip) plays a scripted trip at x60 in the console's
// sandbox, and the assistant speaks up at its moments. A bar at the bottom pauses and resumes
// the clock, skips to just before the next moment, plays the demo again, or leaves.

import { api, errorMessage } from "./api.js";
import { h } from "./dom.js";
import { onLangChange, pick } from "./i18n.js";

const WORDS = {
  demo: { zh: "演示", en: "Demo" },
  pause: { zh: "暂停", en: "Pause" },
  resume: { zh: "继续", en: "Resume" },
  next: { zh: "下一个时刻", en: "Next moment" },
  restart: { zh: "重新开始", en: "Restart" },
  exit: { zh: "退出", en: "Exit" },
  done: { zh: "演示结束", en: "The demo is over" },
  low_soc: { zh: "电量低", en: "Battery low" },
  meal_time: { zh: "用餐时间", en: "Meal time" },
  charger_busy: { zh: "充电站已满", en: "Charger busy" },
  arrival: { zh: "到达", en: "Arrival" },
  warning_light: { zh: "警示灯", en: "Warning light" },
  tire_pressure: { zh: "胎压", en: "Tyre pressure" },
  up_next: { zh: "下一个：", en: "Up next: " },
  play_demo: { zh: "演示：自驾去杭州", en: "Demo: road trip to Hangzhou" },
};

/**
 * app: { lang(), started(run, demo) -> Promise (show the car, the trip and the demo's chat),
 *        clockChanged(clock), flash(message) }
 */
export function createDemo(app) {
  let demo = null; // the script playing (from GET /v1/sim/demos)
  let running = false;
  let upNext = null;
  const label = h("span", { class: "demo-title" });
  const next = h("span", { class: "demo-next" });
  const pause = h("button", { type: "button", class: "btn", id: "demo-pause", onclick: () => toggle() });
  const skip = h("button", { type: "button", class: "btn btn-accent", id: "demo-next", onclick: () => nextMoment() });
  const restart = h("button", { type: "button", class: "btn", id: "demo-restart", onclick: () => play(demo.id) });
  const exit = h("button", { type: "button", class: "btn", id: "demo-exit", onclick: () => leave() });
  const bar = h("div", { id: "demo-bar", class: "demo-bar", hidden: true, role: "toolbar" },
    label, next, pause, skip, restart, exit);
  document.body.append(bar);

  // The Director's one-click button (index.html): <button id="dir-demo" data-demo="...">.
  const directorButton = document.querySelector("#dir-demo");
  directorButton?.addEventListener("click", () => play(directorButton.dataset.demo));

  function render() {
    if (directorButton) directorButton.textContent = pick(WORDS.play_demo);
    label.textContent = demo ? `${pick(WORDS.demo)} · ${pick(demo.title)}` : "";
    next.textContent = !upNext ? pick(WORDS.done)
      : upNext.kind ? `${pick(WORDS.up_next)}${pick(WORDS[upNext.kind] || WORDS.demo)}` : "";
    pause.textContent = pick(running ? WORDS.pause : WORDS.resume);
    skip.textContent = pick(WORDS.next);
    skip.disabled = !upNext;
    restart.textContent = pick(WORDS.restart);
    exit.textContent = pick(WORDS.exit);
  }

  async function guarded(action) {
    try {
      await action();
    } catch (error) {
      app.flash(errorMessage(error));
    }
    render();
  }

  function play(demoId) {
    return guarded(async () => {
      const demos = (await api.get("/v1/sim/demos")).data;
      demo = demos.find((d) => d.id === demoId);
      if (!demo) throw new Error(`No demo '${demoId}'`);
      const { data: run } = await api.post(`/v1/sim/demos/${encodeURIComponent(demoId)}/play`, { locale: app.lang() });
      running = run.clock.running;
      upNext = run.next_moment;
      bar.hidden = false;
      document.body.classList.add("demo-on");
      await app.started(run, demo);
    });
  }

  function toggle() {
    return guarded(async () => {
      const body = running ? { run: false } : { run: true, speed: demo?.speed || 60 };
      const { data: clock } = await api.post("/v1/sim/clock", body);
      running = clock.running;
      app.clockChanged(clock);
    });
  }

  function nextMoment() {
    return guarded(async () => {
      const { data } = await api.post("/v1/sim/demos/next-moment");
      running = data.clock.running;
      app.clockChanged(data.clock);
      // what follows the moment skipped to, once it has passed
      upNext = data.moment;
    });
  }

  function leave() {
    return guarded(async () => {
      if (running) app.clockChanged((await api.post("/v1/sim/clock", { run: false })).data);
      running = false;
      bar.hidden = true;
      document.body.classList.remove("demo-on");
    });
  }

  onLangChange(render);
  render();
  /** The chat panel showed a proactive event: the moment skipped to has come. */
  function told(event) {
    if (bar.hidden) return;
    if (event.kind === "arrival") upNext = null;
    else if (upNext && event.event_id === upNext.event_id) upNext = { kind: null };
    render();
  }

  return { play, told };
}
