// The assistant panel: a chat whose replies stream in (SSE over fetch), with cards, action
// buttons that ask for confirmation, and suggested replies as chips.

import { ApiError, api, errorMessage, request } from "./api.js";
import { renderCard } from "./cards.js";
import { $, h } from "./dom.js";
import { getLang, onLangChange, pick, t } from "./i18n.js";
import { StreamStalled, readEvents } from "./sse.js";

const AGENT_NAMES = {
  car_genius: { zh: "车辆管家", en: "Car Genius" },
  travel_companion: { zh: "出行伙伴", en: "Travel Companion" },
  assistant: { zh: "助手", en: "Assistant" },
};

export function createAssistant({ getVehicleId, onTrip, onTurnDone, confirm, onSession }) {
  const list = $("#messages");
  const chips = $("#chips");
  const form = $("#composer");
  const input = $("#composer-input");
  const sendButton = $("#composer-send");
  const status = $("#assistant-status");
  let session = null; // {id, key}
  let busy = false;

  function sessionKey() {
    return `${getVehicleId()}|${getLang()}`;
  }

  async function ensureSession() {
    const key = sessionKey();
    if (session && session.key === key) return session.id;
    const { data } = await api.post("/v1/chat/sessions", {
      vehicle_id: getVehicleId(), locale: getLang(),
    });
    session = { id: data.session_id, key };
    onSession?.(session.id);
    return session.id;
  }

  function scrollDown() {
    list.scrollTop = list.scrollHeight;
  }

  function welcome() {
    list.replaceChildren(h("li", { class: "msg msg-assistant welcome" },
      h("div", { class: "bubble" }, t("assistant.welcome"))));
    setChips(t("assistant.chips"));
  }

  function setChips(texts) {
    chips.replaceChildren(...(texts || []).slice(0, 4).map((text) =>
      h("button", { type: "button", class: "chip", onclick: () => send(text) }, text)));
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    list.setAttribute("aria-busy", String(value));
  }

  function actionButtons(actions, bubble) {
    if (!actions?.length) return null;
    return h("div", { class: "actions" }, actions.map((action) => {
      const label = pick(action.label);
      const button = h("button", { type: "button", class: "btn btn-action", dataset: { actionType: action.type } }, label);
      button.addEventListener("click", async () => {
        if (action.requires_confirmation) {
          const yes = await confirm(t("assistant.confirm_action", { label }));
          bubble.querySelectorAll(".btn-action").forEach((b) => { b.disabled = true; });
          // the dialogue holds the proposal; the driver's yes or no settles it
          send(yes ? (getLang() === "zh" ? "确认" : "yes") : (getLang() === "zh" ? "取消" : "no"));
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

  /** Feed a whole turn (from turn.end or a JSON answer) into the bubble. */
  function finishTurn(bubble, turn, cardsShown) {
    const text = bubble.querySelector(".speech");
    if (!text.textContent) text.textContent = turn.speech;
    if (turn.agent) bubble.querySelector(".agent").textContent = pick(AGENT_NAMES[turn.agent]) || turn.agent;
    const cards = bubble.querySelector(".cards");
    if (!cardsShown) for (const c of turn.cards || []) addCard(cards, c);
    const actions = actionButtons(turn.actions, bubble);
    if (actions) bubble.append(actions);
    bubble.dataset.done = "true";
    setChips(turn.suggestions);
    onTurnDone?.(turn);
  }

  function addCard(container, c) {
    container.append(renderCard(c, { onShowTrip: onTrip }));
    if (c.type === "trip" && c.trip_id) onTrip(c.trip_id);
  }

  function failBubble(bubble, message, retryText) {
    bubble.dataset.error = "true";
    bubble.querySelector(".typing")?.remove();
    bubble.append(h("div", { class: "bubble-error", role: "alert" }, message,
      h("button", { type: "button", class: "btn btn-small", onclick: () => send(retryText) },
        getLang() === "zh" ? "重试" : "Retry")));
  }

  async function send(text) {
    text = (text || "").trim();
    if (!text || busy) return;
    setBusy(true);
    chips.replaceChildren();
    list.append(h("li", { class: "msg msg-user" }, h("div", { class: "bubble" }, text)));
    const bubble = h("div", { class: "bubble", dataset: { deltas: 0 } },
      h("span", { class: "agent" }),
      h("div", { class: "tools" }),
      h("p", { class: "speech" }),
      h("span", { class: "typing", "aria-label": t("assistant.thinking") }, h("i"), h("i"), h("i")),
      h("div", { class: "cards" }));
    list.append(h("li", { class: "msg msg-assistant" }, bubble));
    scrollDown();
    status.textContent = t("assistant.thinking");
    try {
      const id = await ensureSession();
      const response = await request("POST", `/v1/chat/sessions/${id}/messages`, {
        body: { text }, accept: "text/event-stream", raw: true, timeoutMs: 30000,
      });
      if (!(response.headers.get("content-type") || "").includes("text/event-stream")) {
        bubble.querySelector(".typing").remove();
        finishTurn(bubble, await response.json(), false);
        return;
      }
      await streamTurn(bubble, response);
      if (bubble.dataset.done !== "true") failBubble(bubble, t("assistant.interrupted"), text);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404 && error.problem?.code?.includes("SESSION")) {
        session = null; // the sandbox was reset or expired: start over on the next message
      }
      failBubble(bubble, error instanceof StreamStalled ? t("assistant.interrupted") : errorMessage(error), text);
    } finally {
      status.textContent = "";
      setBusy(false);
      scrollDown();
    }
  }

  async function streamTurn(bubble, response) {
    const speech = bubble.querySelector(".speech");
    const cards = bubble.querySelector(".cards");
    const tools = bubble.querySelector(".tools");
    let cardsShown = false;
    for await (const { event, data } of readEvents(response)) {
      if (event === "intent" && data?.agent) {
        bubble.querySelector(".agent").textContent = pick(AGENT_NAMES[data.agent]) || data.agent;
      } else if (event === "tool_call") {
        tools.append(h("span", { class: "tool", dataset: { tool: data.tool } }, data.tool));
      } else if (event === "tool_result") {
        const chip = tools.querySelector(`[data-tool="${CSS.escape(data.tool)}"]:not(.done)`);
        chip?.classList.add(data.error ? "failed" : "done");
      } else if (event === "speech.delta") {
        bubble.querySelector(".typing")?.remove();
        speech.textContent += data.text;
        bubble.dataset.deltas = String(Number(bubble.dataset.deltas) + 1);
        scrollDown();
      } else if (event === "card") {
        addCard(cards, data);
        cardsShown = true;
        scrollDown();
      } else if (event === "turn.end") {
        bubble.querySelector(".typing")?.remove();
        finishTurn(bubble, data, cardsShown);
      }
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });

  onLangChange(() => {
    // a new language is a new conversation: the session's locale picks the reply language
    session = null;
    if (list.querySelectorAll(".msg-user").length === 0) welcome();
    else setChips(t("assistant.chips"));
  });

  return {
    send,
    /** Continue in a session started elsewhere (a demo's), and hear its proactive events. */
    useSession(id) {
      session = { id, key: sessionKey() };
      onSession?.(id);
    },
    reset() {
      session = null;
      welcome();
    },
  };
}
