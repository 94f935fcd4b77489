// One typed client for the whole /v1 API. `paths` and `components` come from the app's own
// /openapi.json (`npm run gen`), so a renamed field or a dropped route fails `npm run check`.
import createClient from "openapi-fetch";

import type { components, paths } from "./api";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];
/** The languages every bilingual text has, and the session's answers come in. */
export type Locale = keyof Schemas["Bilingual"];

export interface Connection {
  /** Where incar-sim runs, e.g. http://127.0.0.1:8000 */
  baseUrl: string;
  /** Your own copy of the world (`X-Sandbox`): vehicles, clock, trips and chats. */
  sandbox: string;
  /** Only for a shared server started with INCAR_API_KEYS. */
  apiKey?: string;
}

export function connectionHeaders({ sandbox, apiKey }: Connection): Record<string, string> {
  const headers: Record<string, string> = { "X-Sandbox": sandbox };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

// The chat route answers JSON or an event stream on one path; reading responses as JSON only
// keeps `data` a `Turn` instead of `Turn | <stream>`. Errors are problem+json.
type Json = "application/json" | "application/problem+json";

export function createIncarClient(connection: Connection) {
  return createClient<paths, Json>({
    baseUrl: connection.baseUrl,
    headers: connectionHeaders(connection),
  });
}

export type IncarClient = ReturnType<typeof createIncarClient>;

/** A failed call, with the API's stable `code` and the ready-made text for the driver. */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly locale: Locale = "en",
  ) {
    super(problem.message?.[locale] ?? problem.detail ?? problem.title);
    this.name = "ApiError";
  }

  get code(): string {
    return this.problem.code;
  }
}
