import { fetchEventSource } from "@microsoft/fetch-event-source";

import type { paths } from "./api";
import {
  ApiError,
  type Connection,
  connectionHeaders,
  type IncarClient,
  type Locale,
  type Problem,
  type Schemas,
} from "./client";

export type Session = Schemas["Session"];
export type Turn = Schemas["Turn"];
type PostMessage = paths["/v1/chat/sessions/{session_id}/messages"]["post"];
type MessageIn = PostMessage["requestBody"]["content"]["application/json"];

export async function startChat(
  client: IncarClient,
  vehicleId: string,
  locale: Locale,
): Promise<Session> {
  const { data, error } = await client.POST("/v1/chat/sessions", {
    body: { vehicle_id: vehicleId, locale },
  });
  if (error) throw new ApiError(error, locale);
  return data;
}

/** One turn as a single JSON answer. */
export async function sendMessage(
  client: IncarClient,
  session: Session,
  text: string,
): Promise<Turn> {
  const { data, error } = await client.POST("/v1/chat/sessions/{session_id}/messages", {
    params: { path: { session_id: session.session_id } },
    body: { text },
  });
  if (error) throw new ApiError(error, session.locale);
  return data;
}

/** The events of a streamed turn, in order: turn.start, intent…, tool_call/tool_result…,
 * speech.delta…, card…, turn.end (the whole turn, as `sendMessage` returns it). */
export type ChatEvent =
  | { event: "turn.start"; data: Schemas["TurnStart"] }
  | { event: "intent"; data: Schemas["IntentInfo"] }
  | { event: "tool_call"; data: Schemas["ToolCallData"] }
  | { event: "tool_result"; data: Schemas["ToolResultData"] }
  | { event: "speech.delta"; data: Schemas["SpeechDelta"] }
  | { event: "card"; data: Turn["cards"][number] }
  | { event: "turn.end"; data: Turn };

/** The same turn streamed as server-sent events (a POST, which EventSource cannot send).
 * Resolves with the final turn; a stream that breaks off before `turn.end` rejects. */
export async function streamMessage(
  connection: Connection,
  session: Session,
  text: string,
  onEvent: (event: ChatEvent) => void,
  signal?: AbortSignal,
): Promise<Turn> {
  const sessionPath = encodeURIComponent(session.session_id);
  const url = `${connection.baseUrl}/v1/chat/sessions/${sessionPath}/messages`;
  const body: MessageIn = { text };
  let turn: Turn | undefined;
  await fetchEventSource(url, {
    method: "POST",
    headers: {
      ...connectionHeaders(connection),
      Accept: "text/event-stream",
      "Content-Type": "application/json",
    },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
    openWhenHidden: true, // a car's screen is never "hidden"; don't reconnect on tab switches
    async onopen(response) {
      if (response.ok) return;
      throw new ApiError((await response.json()) as Problem, session.locale);
    },
    onmessage(message) {
      const event = { event: message.event, data: JSON.parse(message.data) } as ChatEvent;
      if (event.event === "turn.end") turn = event.data;
      onEvent(event);
    },
    onclose() {
      if (!turn) throw new Error("The stream ended before turn.end");
    },
    onerror(error) {
      throw error; // a turn is not idempotent: never resend it automatically
    },
  });
  signal?.throwIfAborted();
  if (!turn) throw new Error("The stream ended before turn.end");
  return turn;
}

/** Speech as it arrives, for a live caption. */
export function captionFrom(events: ChatEvent[]): string {
  return events.flatMap((e) => (e.event === "speech.delta" ? [e.data.text] : [])).join("");
}
