// The assistant panel: a chat whose replies stream in (SSE over fetch), with cards, action
// buttons that ask for confirmation, and suggested replies as chips.
//
// Every entry of the conversation is kept as data (the API answers in both languages), so a
// language switch re-renders the whole conversation in the other one. Remote commands the
// driver confirmed here are seen through to the end: after a short "sending…" moment the
// console settles them (POST /v1/sim/settle), as a real car would carry them out in seconds.

import { ApiError, api, errorMessage, request } from "./api.js";
import { renderCard } from "./cards.js";
import { contextChips, fitsContext, sameAsAChip } from "./chips.js";
import { $, h } from "./dom.js";
import { getLang, onLangChange, pick, t } from "./i18n.js";
import { StreamStalled, readEvents } from "./sse.js";

const AGENT_NAMES = {
  car_genius: { zh: "车辆管家", en: "Car Genius" },
  travel_companion: { zh: "出行伙伴", en: "Travel Companion" },
  assistant: { zh: "助手", en: "Assistant" },
};

// How long "sending…" shows before the console settles a command it sent: long enough to read.
const SENDING_MS = 1200;

const YES = { zh: "确认", en: "yes" };
const NO = { zh: "取消", en: "no" };

function agentName(agent) {
  return pick(AGENT_NAMES[agent]) || agent || "";
}

function toolName(tool) {
  const label = t(`tool.${tool}`);
  return label === `tool.${tool}` ? tool : label;
}

/** The remote commands a turn sent that are still on their way. */
function pendingCommands(trace) {
  return (trace || [])
    .map((step) => step.result)
    .filter((r) => r && r.command_id && (r.status === "pending" || r.status === "delivered"));
}

export function createAssistant({ getVehicleId, getVehicle, getAlerts, onTrip, onTurnDone, confirm, onSession }) {
  const list = $("#messages");
  const chips = $("#chips");
  const form = $("#composer");
  const input = $("#composer-input");
  const sendButton = $("#composer-send");
  const status = $("#assistant-status");
  let session = null; // {id, vehicleId, locale}
  let busy = false;
  // The conversation as data: {role: "user", text: string | {zh, en}} or
  // {role: "assistant", turn, error?, commands?: [{command_id, status, failure?}]} or
  // {role: "proactive", item} (a bubble events.js draws and keeps up to date).
  let entries = [];
  let suggestions = null; // {locale, texts} from the last turn

  async function ensureSession() {
    const vehicleId = getVehicleId();
    if (session && session.vehicleId === vehicleId) return session.id;
    const locale = getLang();
    const { data } = await api.post("/v1/chat/sessions", { vehicle_id: vehicleId, locale });
    session = { id: data.session_id, vehicleId, locale: data.locale || locale };
    onSession?.(session.id);
    return session.id;
  }

  /** The last reply (proactive bubbles in between don't answer the driver). */
  function lastReply() {
    return entries.findLast((e) => e.role !== "proactive");
  }

  function waitingForYes() {
    const last = lastReply();
    return Boolean(last?.role === "assistant" && last.turn?.actions?.some((a) => a.requires_confirmation));
  }

  function scrollDown() {
    list.scrollTop = list.scrollHeight;
  }

  // --- chips ------------------------------------------------------------------------------

  /** The chips for now: a yes/no while a confirmation is pending; else the last turn's
   * follow-ups ("the first one", "cheaper") while they are in the language shown and fit the car,
   * filled up with the console's own chips for the car (bilingual, so they switch language). */
  function renderChips() {
    const vehicle = getVehicle();
    const alerts = getAlerts();
    let items;
    if (waitingForYes()) items = [YES, NO];
    else {
      const followUps = suggestions && suggestions.locale === getLang()
        ? suggestions.texts.filter((text) => fitsContext(text, vehicle, alerts) && !sameAsAChip(text))
        : [];
      items = [...followUps.slice(0, 2), ...contextChips(vehicle, alerts)];
    }
    chips.replaceChildren(...items.slice(0, 4).map((item) =>
      h("button", { type: "button", class: "chip", onclick: () => send(item) }, pick(item))));
  }

  // --- rendering entries ------------------------------------------------------------------

  function userItem(entry) {
    return h("li", { class: "msg msg-user" }, h("div", { class: "bubble" }, pick(entry.text)));
  }

  function emptyBubble() {
    return h("div", { class: "bubble", dataset: { deltas: 0 } },
      h("span", { class: "agent" }),
      h("div", { class: "tools" }),
      h("p", { class: "speech" }),
      h("div", { class: "cards" }));
  }

  function commandLine(command) {
    const state = command.status === "executed" ? "done"
      : command.status === "failed" ? "failed" : "sending";
    const text = state === "done" ? t("command.done")
      : state === "failed" ? t("command.failed", { why: pick(command.failure?.message) || "" })
        : t("command.sending");
    return h("p", { class: `command-status ${state}`, dataset: { commandId: command.command_id, state } }, text);
  }

  /** Fill a bubble with a finished turn, in the current language. */
  function fillBubble(bubble, entry) {
    const { turn } = entry;
    entry.bubble = bubble;
    bubble.querySelector(".agent").textContent = agentName(turn.agent);
    const tools = bubble.querySelector(".tools");
    tools.replaceChildren(...(turn.trace || []).map((step) =>
      h("span", { class: `tool ${step.error ? "failed" : "done"}`, dataset: { tool: step.tool } }, toolName(step.tool))));
    bubble.querySelector(".speech").textContent = pick(turn.speech_text) || turn.speech;
    const cards = bubble.querySelector(".cards");
    cards.replaceChildren(...(turn.cards || []).map((c) => renderCard(c, { onShowTrip: onTrip })));
    bubble.querySelector(".actions")?.remove();
    bubble.querySelectorAll(".command-status").forEach((el) => el.remove());
    const actions = actionButtons(turn.actions, entry);
    if (actions) bubble.append(actions);
    for (const command of entry.commands || []) bubble.append(commandLine(command));
    bubble.dataset.done = "true";
  }

  function assistantItem(entry) {
    const bubble = emptyBubble();
    if (entry.error) {
      bubble.dataset.error = "true";
      bubble.append(h("div", { class: "bubble-error", role: "alert" }, entry.error(),
        h("button", { type: "button", class: "btn btn-small", onclick: () => send(entry.retry) },
          t("assistant.retry"))));
    } else fillBubble(bubble, entry);
    return h("li", { class: "msg msg-assistant" }, bubble);
  }

  function welcomeItem() {
    return h("li", { class: "msg msg-assistant welcome" }, h("div", { class: "bubble" }, t("assistant.welcome")));
  }

  /** The whole conversation again, in the current language (the live bubble keeps streaming). */
  function renderAll(live) {
    const itemOf = { user: userItem, assistant: assistantItem, proactive: (e) => e.item };
    const items = [welcomeItem(), ...entries.map((e) => itemOf[e.role](e))];
    if (live) items.push(live);
    list.replaceChildren(...items);
    renderChips();
    scrollDown();
  }

  function actionButtons(actions, entry) {
    if (!actions?.length) return null;
    const answered = entry !== lastReply();
    return h("div", { class: "actions" }, actions.map((action) => {
      const label = pick(action.label);
      const button = h("button", {
        type: "button", class: "btn btn-action", dataset: { actionType: action.type },
        disabled: answered && action.requires_confirmation,
      }, label);
      button.addEventListener("click", async () => {
        if (action.requires_confirmation) {
          const yes = await confirm(t("assistant.confirm_action", { label }));
          // the dialogue holds the proposal; the driver's yes or no settles it
          send(yes ? YES : NO);
          return;
        }
        if (action.type === "start_trip" && action.command?.trip_id) {
          await api.post(`/v1/trips/${action.command.trip_id}/start`);
          onTrip(action.command.trip_id);
        }
      });
      return button;
    }));
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    list.setAttribute("aria-busy", String(value));
  }

  // --- a turn ---------------------------------------------------------------------------------

  async function send(said) {
    const text = (pick(said) || "").trim();
    if (!text || busy) return;
    setBusy(true);
    chips.replaceChildren();
    list.querySelectorAll(".btn-action").forEach((b) => { b.disabled = true; });
    entries.push({ role: "user", text: typeof said === "string" ? said.trim() : said });
    list.append(userItem(entries[entries.length - 1]));
    const bubble = emptyBubble();
    bubble.insertBefore(
      h("span", { class: "typing", "aria-label": t("assistant.thinking") }, h("i"), h("i"), h("i")),
      bubble.querySelector(".cards"));
    const live = h("li", { class: "msg msg-assistant" }, bubble);
    list.append(live);
    scrollDown();
    status.textContent = t("assistant.thinking");
    let entry = null;
    try {
      const id = await ensureSession();
      const response = await request("POST", `/v1/chat/sessions/${id}/messages`, {
        body: { text }, accept: "text/event-stream", raw: true, timeoutMs: 30000,
      });
      const turn = (response.headers.get("content-type") || "").includes("text/event-stream")
        ? await streamTurn(bubble, response)
        : await response.json();
      if (!turn) throw new StreamStalled("cut off");
      entry = { role: "assistant", turn };
      entries.push(entry);
      suggestions = { locale: turn.locale?.startsWith("en") ? "en" : "zh", texts: turn.suggestions || [] };
      bubble.querySelector(".typing")?.remove();
      for (const c of turn.cards || []) if (c.type === "trip" && c.trip_id) onTrip(c.trip_id);
      entry.commands = pendingCommands(turn.trace).map((r) => ({ command_id: r.command_id, status: r.status }));
      fillBubble(bubble, entry);
      renderChips();
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.problem?.code?.includes("SESSION")) {
        session = null; // the sandbox was reset or expired: start over on the next message
      }
      const failed = { role: "assistant", retry: said,
        error: () => (error instanceof StreamStalled ? t("assistant.interrupted") : errorMessage(error)) };
      entries.push(failed);
      live.replaceWith(assistantItem(failed));
      renderChips();
    } finally {
      status.textContent = "";
      setBusy(false);
      scrollDown();
    }
    if (entry?.commands?.length) await seeThrough(entry);
    if (entry) onTurnDone?.(entry.turn);
  }

  /** Commands this turn sent: "sending…", then settle them and show how they ended. */
  async function seeThrough(entry) {
    await new Promise((resolve) => setTimeout(resolve, SENDING_MS));
    try {
      await api.post("/v1/sim/settle");
      const vehicleId = session?.vehicleId || getVehicleId();
      entry.commands = await Promise.all(entry.commands.map(async (c) => {
        try {
          return (await api.get(`/v1/vehicles/${vehicleId}/commands/${c.command_id}`)).data;
        } catch {
          return c;
        }
      }));
    } catch {
      return; // the console's own settle failed: the commands stay "sending", the poll shows the car
    }
    const bubble = entry.bubble;
    if (bubble?.isConnected) {
      bubble.querySelectorAll(".command-status").forEach((el) => el.remove());
      for (const command of entry.commands) bubble.append(commandLine(command));
    }
  }

  /** Read a streamed turn into the bubble; answers the whole turn from turn.end (null if cut). */
  async function streamTurn(bubble, response) {
    const speech = bubble.querySelector(".speech");
    const cards = bubble.querySelector(".cards");
    const tools = bubble.querySelector(".tools");
    // the stream speaks the session's language; after a switch the bubble waits for turn.end
    const sameLanguage = session?.locale?.startsWith(getLang());
    for await (const { event, data } of readEvents(response)) {
      if (event === "intent" && data?.agent) {
        bubble.querySelector(".agent").textContent = agentName(data.agent);
      } else if (event === "tool_call") {
        tools.append(h("span", { class: "tool", dataset: { tool: data.tool } }, toolName(data.tool)));
      } else if (event === "tool_result") {
        const chip = tools.querySelector(`[data-tool="${CSS.escape(data.tool)}"]:not(.done):not(.failed)`);
        chip?.classList.add(data.error ? "failed" : "done");
      } else if (event === "speech.delta" && sameLanguage) {
        bubble.querySelector(".typing")?.remove();
        speech.textContent += data.text;
        bubble.dataset.deltas = String(Number(bubble.dataset.deltas) + 1);
        scrollDown();
      } else if (event === "card") {
        cards.append(renderCard(data, { onShowTrip: onTrip }));
        scrollDown();
      } else if (event === "turn.end") {
        return data;
      }
    }
    return null;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });

  onLangChange((lang) => {
    // Replies stream in the session's language: a new session speaks the new one, unless the
    // assistant is waiting for a yes or no (a new session would forget the question).
    if (session && !session.locale.startsWith(lang) && !waitingForYes()) session = null;
    renderAll(busy ? list.lastElementChild : null);
  });

  return {
    send,
    /** The car changed: its chips may too. */
    vehicleChanged: renderChips,
    /** A proactive bubble joins the conversation where it arrived, and stays through redraws. */
    tell(item) {
      entries.push({ role: "proactive", item });
      list.append(item);
      scrollDown();
    },
    /** Continue in a session started elsewhere (a demo's), and hear its proactive events. */
    useSession(id) {
      session = { id, vehicleId: getVehicleId(), locale: getLang() };
      onSession?.(id);
    },
    reset() {
      session = null;
      entries = [];
      suggestions = null;
      renderAll(null);
    },
  };
}
