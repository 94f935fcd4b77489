// The car seen from above: body, doors, windows, boot and bonnet, and a tyre-pressure reading at
// each wheel. Colours follow the state: an open door or a soft tyre is amber/red.

import { s } from "./dom.js";

const WHEELS = {
  front_left: { x: 88, y: 92, label: [4, 100], anchor: "start" },
  front_right: { x: 212, y: 92, label: [296, 100], anchor: "end" },
  rear_left: { x: 88, y: 262, label: [4, 270], anchor: "start" },
  rear_right: { x: 212, y: 262, label: [296, 270], anchor: "end" },
};

const DOORS = {
  front_left: { x: 100, y1: 130, y2: 190, side: -1 },
  front_right: { x: 200, y1: 130, y2: 190, side: 1 },
  rear_left: { x: 100, y1: 196, y2: 250, side: -1 },
  rear_right: { x: 200, y1: 196, y2: 250, side: 1 },
};

/** How worried to be about a tyre: ok, warning (25 kPa under target) or critical (50 under). */
export function tyreLevel(tyre) {
  const under = tyre.target_kpa - tyre.pressure_kpa;
  if (under >= 50) return "critical";
  if (under >= 25) return "warning";
  return "ok";
}

export function carOutline(state) {
  const security = state.security;
  const svg = s("svg", {
    viewBox: "0 0 300 360",
    class: "car-outline",
    role: "img",
    "aria-label": "car",
  });
  // wheels first, so the body overlaps them
  for (const [name, w] of Object.entries(WHEELS)) {
    const tyre = state.tires?.[name];
    const level = tyre ? tyreLevel(tyre) : "unknown";
    svg.append(
      s("rect", {
        x: w.x - 9, y: w.y - 24, width: 18, height: 48, rx: 6,
        class: `wheel level-${level}`,
      }),
    );
  }
  svg.append(
    s("path", {
      class: "car-body",
      d: "M150 20 C118 20 104 34 100 60 L98 300 C100 328 118 340 150 340 " +
        "C182 340 200 328 202 300 L200 60 C196 34 182 20 150 20 Z",
    }),
    s("path", { class: "glass", d: "M112 112 Q150 96 188 112 L182 140 Q150 132 118 140 Z" }),
    s("rect", { class: "glass roof", x: 118, y: 150, width: 64, height: 90, rx: 10 }),
    s("path", { class: "glass", d: "M118 262 Q150 270 182 262 L186 290 Q150 300 114 290 Z" }),
  );
  if (security.hood_open) {
    svg.append(s("path", { class: "open-part", d: "M108 60 Q150 10 192 60" }));
  }
  if (security.trunk_open) {
    svg.append(s("path", { class: "open-part", d: "M108 310 Q150 360 192 310" }));
  }
  for (const [name, d] of Object.entries(DOORS)) {
    const open = Boolean(security.doors_open?.[name]);
    const windowOpen = (security.windows_open_pct?.[name] ?? 0) > 0;
    if (open) {
      // an open door swings out from its front hinge
      const dx = d.side * 34;
      svg.append(
        s("line", {
          x1: d.x, y1: d.y1, x2: d.x + dx, y2: d.y1 + 44,
          class: "door open", dataset: { door: name },
        }),
      );
    } else {
      svg.append(
        s("line", {
          x1: d.x, y1: d.y1, x2: d.x, y2: d.y2,
          class: `door${windowOpen ? " window-open" : ""}`, dataset: { door: name },
        }),
      );
    }
  }
  // the lock in the middle of the roof
  const locked = security.locked;
  svg.append(
    s("g", { class: `lock ${locked ? "locked" : "unlocked"}`, transform: "translate(150 195)" },
      s("rect", { x: -11, y: -4, width: 22, height: 17, rx: 3 }),
      s("path", {
        d: locked ? "M-7 -4 V-10 A7 7 0 0 1 7 -10 V-4" : "M-7 -4 V-10 A7 7 0 0 1 7 -10 V-8",
        fill: "none",
      }),
    ),
  );
  for (const [name, w] of Object.entries(WHEELS)) {
    const tyre = state.tires?.[name];
    const level = tyre ? tyreLevel(tyre) : "unknown";
    const text = tyre ? `${Math.round(tyre.pressure_kpa)}` : "—";
    svg.append(
      s("text", {
        x: w.label[0], y: w.label[1], "text-anchor": w.anchor,
        class: `tyre-label level-${level}`, id: `tyre-${name}`,
      }, text),
      s("text", {
        x: w.label[0], y: w.label[1] + 24, "text-anchor": w.anchor, class: "tyre-unit",
      }, tyre ? "kPa" : ""),
    );
  }
  return svg;
}
