// The car's live telemetry (GET /v1/vehicles/{id}/telemetry, SSE): a frame whenever its state
// or the sim clock moves. EventSource reconnects by itself after a network drop; an answer it
// cannot use (a 4xx, a dropped stream it gave up on) closes it, and we open a new one after a
// pause. While the stream is down the console polls instead (`onDown`/`onUp` tell it).

import { settings } from "./api.js";

const REOPEN_MS = 3000;

export function createLive({ onFrame, onUp, onDown }) {
  let source = null;
  let vehicleId = null;
  let reopenTimer = null;
  let up = false;

  function setUp(value) {
    if (up === value) return;
    up = value;
    document.body.dataset.live = String(value);
    (value ? onUp : onDown)?.();
  }

  function open() {
    close();
    if (!vehicleId) return;
    const query = new URLSearchParams({ sandbox: settings.sandbox });
    if (settings.apiKey) query.set("api_key", settings.apiKey);
    const es = new EventSource(`/v1/vehicles/${encodeURIComponent(vehicleId)}/telemetry?${query}`);
    source = es;
    es.addEventListener("open", () => { if (source === es) setUp(true); });
    es.addEventListener("telemetry", (event) => {
      if (source !== es) return;
      setUp(true);
      try {
        onFrame(JSON.parse(event.data));
      } catch {
        // a frame we cannot read: the next one, or the fallback poll, brings the state
      }
    });
    es.addEventListener("error", () => {
      if (source !== es) return;
      setUp(false);
      if (es.readyState === EventSource.CLOSED) {
        clearTimeout(reopenTimer);
        reopenTimer = setTimeout(open, REOPEN_MS);
      }
    });
  }

  function close() {
    clearTimeout(reopenTimer);
    if (source) source.close();
    source = null;
  }

  return {
    /** Follow this car in the current sandbox (again, after a switch). */
    follow(id) {
      vehicleId = id;
      setUp(false);
      open();
    },
    get up() {
      return up;
    },
  };
}
