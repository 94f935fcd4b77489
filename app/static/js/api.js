// The HTTP client: every request carries the sandbox; data and chat requests also carry the
// director's latency and fault knobs. Control requests (/v1/sim/...) never do, so the director
// can always switch a fault off again. Errors become ApiError with the problem details.

import { t, pick } from "./i18n.js";

export const settings = {
  sandbox: "default",
  latencyMs: 0,
  fault: "",
  // On a server with INCAR_API_KEYS, the console's link carries a key (?api_key=).
  apiKey: "",
};

const DEFAULT_TIMEOUT_MS = 15000;
const SLOW_AFTER_MS = 300;

export class ApiError extends Error {
  /** kind: "http" (a problem+json answer), "network" (no answer), "timeout" (gave up waiting). */
  constructor(kind, status, problem, retryAfterS) {
    super(problem?.detail || `${kind} ${status || ""}`.trim());
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.retryAfterS = retryAfterS;
  }
}

/** What a driver would read for this error, in the current language. */
export function errorMessage(error) {
  if (!(error instanceof ApiError)) return t("error.generic");
  // Outages get the console's own words: it knows it keeps retrying.
  if (error.kind === "network") return t("error.network");
  if (error.kind === "timeout" || error.status === 504) return t("error.504");
  if (error.status === 503) return t("error.503");
  if (error.status >= 500) return t("error.500");
  if (error.problem?.message) return pick(error.problem.message);
  return error.problem?.detail || t("error.generic");
}

// --- activity: a slow request shows the loading bar --------------------------------------------

let inFlight = 0;
const activityListeners = new Set();

export function onActivity(fn) {
  activityListeners.add(fn);
}

function track(promise) {
  inFlight += 1;
  const timer = setTimeout(() => notify(), SLOW_AFTER_MS);
  return promise.finally(() => {
    clearTimeout(timer);
    inFlight -= 1;
    notify();
  });
}

function notify() {
  for (const fn of activityListeners) fn(inFlight > 0);
}

// --- requests ----------------------------------------------------------------------------------

function isControl(path) {
  return path.startsWith("/v1/sim/");
}

function headersFor(path, extra) {
  const headers = { "X-Sandbox": settings.sandbox, ...extra };
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
  if (!isControl(path)) {
    if (settings.latencyMs > 0) headers["X-Sim-Latency-Ms"] = String(settings.latencyMs);
    if (settings.fault) headers["X-Sim-Fault"] = settings.fault;
  }
  return headers;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/**
 * Send a request. Returns {status, data, etag} for JSON answers (data is null on 204/304), or the
 * raw Response when `raw` is set (for streams). Throws ApiError for anything that is not 2xx/304.
 */
export async function request(method, path, options = {}) {
  const { body, etag, raw = false, accept, contentType, timeoutMs = DEFAULT_TIMEOUT_MS } = options;
  const extra = {};
  if (body !== undefined) extra["Content-Type"] = contentType || "application/json";
  if (etag) extra["If-None-Match"] = etag;
  if (accept) extra.Accept = accept;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const run = async () => {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: headersFor(path, extra),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        cache: "no-store",
      });
    } catch {
      clearTimeout(timer);
      throw new ApiError(controller.signal.aborted ? "timeout" : "network", 0, null);
    }
    if (!response.ok && response.status !== 304) {
      clearTimeout(timer);
      const retry = Number(response.headers.get("Retry-After")) || undefined;
      throw new ApiError("http", response.status, await problemOf(response), retry);
    }
    if (raw) {
      clearTimeout(timer); // the caller reads the body and watches it for stalls
      return response;
    }
    try {
      const text = response.status === 304 || response.status === 204 ? "" : await response.text();
      return {
        status: response.status,
        data: text ? JSON.parse(text) : null,
        etag: response.headers.get("ETag"),
      };
    } catch {
      throw new ApiError(controller.signal.aborted ? "timeout" : "network", 0, null);
    } finally {
      clearTimeout(timer);
    }
  };
  return track(run());
}

export const api = {
  get: (path, options) => request("GET", path, options),
  post: (path, body, options) => request("POST", path, { ...options, body }),
  put: (path, body, options) => request("PUT", path, { ...options, body }),
  patch: (path, body) =>
    request("PATCH", path, { body, contentType: "application/merge-patch+json" }),
  del: (path) => request("DELETE", path),
};
