// NET assistant website widget: a launcher button and a chat panel talking to Rasa's socket.io
// channel. Embed: set `window.NetAssistantConfig = {serverUrl, ...}` and load this one script.
import { io } from "socket.io-client";
import css from "./widget.css";
import { renderText, safeHref } from "./format.js";

const STRINGS = {
  en: {
    launcher: "Questions about NETs?",
    close: "Close",
    closeLabel: "Close chat",
    clear: "Clear",
    clearLabel: "Clear conversation and start a new one",
    input: "Your message",
    placeholder: "Type your question…",
    send: "Send",
    log: "Conversation",
    you: "You:",
    bot: "Assistant:",
    replies: "Suggested replies",
    typing: "The assistant is typing",
    emergency: "Emergency",
    call: "Call",
    noReply: "The assistant is not answering right now. Please try again later. " +
      "In an emergency, call your local emergency number now.",
  },
};
const DEFAULTS = {
  serverUrl: "",
  socketPath: "/socket.io/",
  title: "NET information assistant",
  locale: "en",
  colors: {}, // primary, primaryText, background, text, botBubble, emergency, emergencyBg
  strings: {}, // overrides of the texts above
  greetPayload: "/greet",
  replyTimeoutMs: 30000, // no reply by then: say so (the server may be down)
  storageKey: "net-assistant",
};
const COLOR_VARS = {
  primary: "--primary", primaryText: "--primary-text", background: "--background",
  text: "--text", botBubble: "--bot-bubble", emergency: "--emergency", emergencyBg: "--emergency-bg",
};
const MAX_STORED = 200;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children); // strings become text nodes
  return node;
}

function newSessionId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function storage(key) {
  // localStorage may be missing or full (private modes); the chat then works without it.
  return {
    load() {
      try {
        const value = JSON.parse(localStorage.getItem(key));
        return value && typeof value.sessionId === "string" && Array.isArray(value.messages)
          ? value : null;
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        localStorage.setItem(key, JSON.stringify({ ...value, messages: value.messages.slice(-MAX_STORED) }));
      } catch { /* keep going in memory */ }
    },
  };
}

export function mount(userConfig) {
  const config = { ...DEFAULTS, ...userConfig };
  if (!config.serverUrl) throw new Error("NET assistant widget: config.serverUrl is required");
  const t = { ...STRINGS.en, ...STRINGS[String(config.locale).split("-")[0]], ...config.strings };
  const store = storage(`${config.storageKey}:${config.serverUrl}`);
  const state = store.load() || { sessionId: newSessionId(), messages: [], open: false };

  // --- DOM (inside a shadow root, so the clinic's CSS and ours do not mix) ---
  const host = el("div", { class: "net-assistant" });
  const root = host.attachShadow({ mode: "open" });
  for (const [name, value] of Object.entries(config.colors || {})) {
    if (COLOR_VARS[name]) host.style.setProperty(COLOR_VARS[name], String(value));
  }
  const launcher = el("button", { class: "launcher", type: "button", "aria-haspopup": "dialog" },
    t.launcher);
  const title = el("h2", { id: "net-title" }, config.title);
  const clearButton = el("button", { type: "button", "aria-label": t.clearLabel }, t.clear);
  const closeButton = el("button", { type: "button", "aria-label": t.closeLabel }, t.close);
  const log = el("div", { class: "log", role: "log", "aria-label": t.log, tabindex: "0" });
  const typing = el("div", { class: "typing", role: "status" },
    el("span", { class: "sr-only" }, t.typing),
    ...[1, 2, 3].map(() => el("span", { "aria-hidden": "true" }, "●")));
  typing.hidden = true;
  const alert = el("div", { class: "sr-only", "aria-live": "assertive", "aria-atomic": "false" });
  const input = el("input", { id: "net-input", type: "text", autocomplete: "off",
    placeholder: t.placeholder, maxlength: "1000" });
  const form = el("form", {}, el("label", { class: "sr-only", for: "net-input" }, t.input), input,
    el("button", { type: "submit" }, t.send));
  const panel = el("section", { class: "panel", role: "dialog", "aria-labelledby": "net-title",
    lang: config.locale }, el("header", {}, title, clearButton, closeButton), log, typing, form);
  panel.hidden = true;
  root.append(el("style", {}, css), launcher, panel, alert);
  document.body.appendChild(host);

  // --- messages ---
  const nodes = new Map(); // message -> its element
  let emergencyTurn = false; // bot messages after the emergency marker, until the user writes
  let replyTimer = null;

  function messageBody(message) {
    const body = el("div", { class: `msg ${message.from}${message.emergency ? " emergency" : ""}` });
    if (message.from !== "notice") {
      body.append(el("span", { class: "sr-only" }, message.from === "user" ? t.you : t.bot, " "));
    }
    if (message.emergency) body.append(el("strong", { class: "badge" }, t.emergency));
    if (message.contact) body.append(contactLink(message.contact));
    else if (message.from === "bot") renderText(body, message.text, { phones: message.emergency });
    else body.append(message.text);
    return body;
  }

  function contactLink({ name, phone }) {
    const link = el("a", {}, `${t.call} ${name}: ${phone}`);
    link.href = safeHref(`tel:${phone.replace(/[^\d+]/g, "")}`) || "#";
    return link;
  }

  function quickReplies(message) {
    const group = el("div", { class: "quick-replies", role: "group", "aria-label": t.replies });
    for (const button of message.buttons) {
      const node = el("button", { type: "button" }, button.title);
      node.addEventListener("click", () => send(button.title, button.payload));
      group.append(node);
    }
    return group;
  }

  function show(message) {
    const item = el("div", {}, messageBody(message));
    if (message.buttons?.length) item.append(quickReplies(message));
    nodes.set(message, item);
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }

  function add(message, { persist = true } = {}) {
    if (persist) {
      state.messages.push(message);
      store.save(state);
    }
    show(message);
  }

  function removeQuickReplies() {
    for (const message of state.messages) delete message.buttons;
    for (const group of log.querySelectorAll(".quick-replies")) group.remove();
    store.save(state);
  }

  function announce(text) {
    alert.append(el("p", {}, text));
  }

  function markEmergency(message) {
    message.emergency = true;
    nodes.get(message)?.firstChild.replaceWith(messageBody(message));
    store.save(state);
    announce(message.text);
  }

  function receive(data) {
    if (!data || typeof data !== "object") return;
    clearTimeout(replyTimer);
    typing.hidden = true;
    if (data.type === "emergency") { // custom payload sent right after utter_emergency's text
      emergencyTurn = true;
      const last = state.messages[state.messages.length - 1]; // the text just before the marker
      if (last?.from === "bot" && !last.emergency) markEmergency(last);
      return;
    }
    if (data.type === "handoff") { // contacts after the handoff text: make the phone tappable
      if (typeof data.phone === "string" && /\d/.test(data.phone)) {
        add({ from: "bot", text: "", contact: { name: String(data.name || ""), phone: data.phone } });
      }
      return;
    }
    if (typeof data.text !== "string") return; // other custom payloads have no text to show
    const offered = data.quick_replies || data.buttons;
    const buttons = (Array.isArray(offered) ? offered : [])
      .filter((b) => b && typeof b.title === "string" && typeof b.payload === "string")
      .map(({ title: label, payload }) => ({ title: label, payload }));
    const message = { from: "bot", text: data.text, buttons, emergency: emergencyTurn };
    add(message);
    if (emergencyTurn) announce(message.text);
  }

  // --- connection: one socket per page, session id kept in localStorage ---
  let socket = null;
  let ready = false;
  let pending = [];
  let greeted = false;

  function connect() {
    if (socket) return;
    socket = io(config.serverUrl, { path: config.socketPath });
    socket.on("connect", () => socket.emit("session_request", { session_id: state.sessionId }));
    socket.on("session_confirm", () => {
      ready = true;
      for (const message of pending.splice(0)) socket.emit("user_uttered", message);
    });
    socket.on("disconnect", () => { ready = false; });
    socket.on("bot_uttered", receive);
  }

  function emit(text) {
    typing.hidden = false;
    clearTimeout(replyTimer);
    replyTimer = setTimeout(() => {
      typing.hidden = true;
      add({ from: "notice", text: t.noReply }, { persist: false });
    }, config.replyTimeoutMs);
    const message = { message: text, session_id: state.sessionId };
    if (ready) socket.emit("user_uttered", message);
    else pending.push(message);
  }

  function send(text, payload) {
    if (!text.trim()) return;
    emergencyTurn = false;
    alert.replaceChildren();
    removeQuickReplies();
    add({ from: "user", text });
    emit(payload ?? text);
    input.focus();
  }

  function greetIfNew() {
    if (!greeted && state.messages.length === 0) {
      greeted = true;
      emit(config.greetPayload);
    }
  }

  // --- opening, closing, clearing ---
  function open({ focus = true } = {}) {
    panel.hidden = false;
    launcher.hidden = true;
    state.open = true;
    store.save(state);
    connect();
    greetIfNew();
    log.scrollTop = log.scrollHeight;
    if (focus) input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    state.open = false;
    store.save(state);
    launcher.focus();
  }

  function clear() {
    state.sessionId = newSessionId();
    state.messages = [];
    store.save(state);
    log.replaceChildren();
    alert.replaceChildren();
    nodes.clear();
    pending = [];
    emergencyTurn = false;
    greeted = false;
    ready = false;
    socket?.disconnect().connect(); // a new socket joins only the new session's room
    greetIfNew();
    input.focus();
  }

  launcher.addEventListener("click", () => open());
  closeButton.addEventListener("click", close);
  clearButton.addEventListener("click", clear);
  panel.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    send(text);
  });

  for (const message of state.messages) show(message);
  if (state.open) open({ focus: false });
  return { open, close, clear };
}

function autoMount() {
  if (window.NetAssistantConfig) window.NetAssistant.widget = mount(window.NetAssistantConfig);
}

window.NetAssistant = { mount };
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", autoMount);
else autoMount();
