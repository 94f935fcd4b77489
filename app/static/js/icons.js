// Inline SVG icons: a cockpit has no emoji font to rely on (nor network to fetch one).

import { s } from "./dom.js";

const PATHS = {
  bolt: "M13 2 L4 14 H11 L10 22 L20 9 H13 Z",
  meal: "M7 2 V11 M4 2 V8 A3 3 0 0 0 10 8 V2 M7 11 V22 M17 2 C14 4 14 10 17 12 V22",
  fuel: "M5 21 V4 A1 1 0 0 1 6 3 H13 A1 1 0 0 1 14 4 V21 Z M5 10 H14 M14 8 H17 L19 11 V18 A1.5 1.5 0 0 1 16 18 V13",
  warn: "M12 3 L22 20 H2 Z M12 9 V14 M12 17 V17.5",
  check: "M4 12 L10 18 L20 6",
  flag: "M5 22 V3 M5 4 H17 L15 8 L17 12 H5",
};

const FILLED = new Set(["bolt"]);

/** An icon at `size` CSS pixels (or in SVG user units when nested inside another SVG). */
export function icon(name, size = 18, attrs = {}) {
  return s("svg", {
    class: `icon icon-${name}`, viewBox: "0 0 24 24", width: size, height: size,
    "aria-hidden": "true", ...attrs,
  }, s("path", {
    d: PATHS[name],
    fill: FILLED.has(name) ? "currentColor" : "none",
    stroke: "currentColor",
    "stroke-width": FILLED.has(name) ? 1 : 2,
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
  }));
}

export function stopIcon(stop, size, attrs) {
  if (stop.kind === "charge") return icon("bolt", size, attrs);
  if (stop.kind === "fuel") return icon("fuel", size, attrs);
  return icon("meal", size, attrs);
}
