// The recorder: runs in every document of a recorded shopper (after the simplifier is
// installed as window.__shopagentSimplify) and reports what the person does, each
// action with the observation taken just before it, through window.__shopagentRecord.
//
// Called as: (config) => undefined, with config = {askWhy: 0..1}
(config) => {
  const send = (payload) => window.__shopagentRecord(payload);
  const observe = () => window.__shopagentSimplify({});
  const ID = "data-shopagent-id";
  let replaying = false;  // true while we re-issue an event held back for a rationale
  let pending = null;     // {el, observation} for the field or select in use
  let submittedForm = null; // Enter in a field "clicks" its form's submit button: that is the same action

  const findElement = (observation, id) => JSON.parse(observation).elements.find((e) => e.id === id);
  const named = (node) => (node && node.closest ? node.closest(`[${ID}]`) : null);
  const inOverlay = (node) => node && node.closest && node.closest("#shopagent-why");

  // ------------------------------------------------------------- the "why?" overlay
  const askWhy = (action) => new Promise((resolve) => {
    const box = document.createElement("div");
    box.id = "shopagent-why";
    box.setAttribute("style", "position:fixed;left:50%;top:20%;transform:translateX(-50%);z-index:2147483647;background:#fff;border:2px solid #3b7dd8;border-radius:8px;padding:12px 16px;font:15px system-ui;box-shadow:0 6px 24px rgba(0,0,0,.25);width:420px");
    box.innerHTML = '<label style="display:block;margin-bottom:6px">In one line: why this? <small>(Enter to save, Esc to skip)</small><input id="shopagent-why-text" type="text" style="width:100%;margin-top:6px;padding:6px;font:inherit"></label>';
    document.body.appendChild(box);
    const input = box.querySelector("input");
    input.focus();
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" && e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation();
      const text = e.key === "Enter" ? input.value.trim() : "";
      box.remove();
      resolve(text);
    });
  });

  // Report an action; with probability askWhy hold the event, ask why, then let it happen.
  const record = (event, action, observation, proceed) => {
    if (!(Math.random() < config.askWhy)) {
      send({ kind: "action", action, observation, rationale: "" });
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    askWhy(action).then((rationale) => {
      send({ kind: "action", action, observation, rationale });
      replaying = true;
      try { proceed(); } finally { replaying = false; }
    });
  };

  // ------------------------------------------------------------- pages
  const reportPage = () => {
    const nav = performance.getEntriesByType("navigation")[0];
    send({ kind: "page", navigation: nav ? nav.type : "navigate", observation: observe() });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reportPage, { once: true });
  else reportPage();
  window.addEventListener("pageshow", (e) => { if (e.persisted) send({ kind: "page", navigation: "back_forward", observation: observe() }); });

  // ------------------------------------------------------------- clicks and purchases
  document.addEventListener("click", (event) => {
    if (replaying || !event.isTrusted || inOverlay(event.target)) return;
    if (event.detail === 0 && submittedForm && event.target.form === submittedForm) return;
    const observation = observe();
    const el = named(event.target);
    if (!el) return;
    const id = el.getAttribute(ID);
    const info = findElement(observation, id);
    if (!info || info.kind === "input" || info.kind === "select") return; // typing and selects are recorded on their own
    const action = info.purchase ? { type: "purchase", target: id } : { type: "click", target: id };
    record(event, action, observation, () => el.click());
  }, true);

  // ------------------------------------------------------------- typing: one `type` per Enter or per field left
  document.addEventListener("focusin", (event) => {
    if (inOverlay(event.target)) return;
    const el = named(event.target);
    if (!el || pending && pending.el === el) return;
    const observation = observe();
    const info = findElement(observation, el.getAttribute(ID));
    if (info && (info.kind === "input" || info.kind === "select")) pending = { el, observation, done: false };
  }, true);

  document.addEventListener("keydown", (event) => {
    if (replaying || !event.isTrusted || event.key !== "Enter" || !pending || pending.el !== event.target || pending.el.tagName === "SELECT") return;
    const el = pending.el;
    submittedForm = el.form;
    setTimeout(() => { submittedForm = null; }, 0);
    const action = { type: "type", target: el.getAttribute(ID), text: el.value, submit: true };
    const observation = pending.observation;
    // The field may stay in use (a page that searches without navigating): watch it afresh.
    pending = { el, observation: observe(), lastText: el.value };
    record(event, action, observation, () => { if (el.form) el.form.requestSubmit(); });
  }, true);

  document.addEventListener("change", (event) => {
    if (replaying || !pending || pending.el !== event.target) return;
    const el = pending.el;
    const observation = pending.observation;
    const lastText = pending.lastText;
    pending = { el, observation: observe(), lastText: el.value };
    if (el.tagName === "SELECT") {
      const value = el.selectedOptions[0] ? el.selectedOptions[0].textContent.replace(/\s+/g, " ").trim() : "";
      record(event, { type: "select", target: el.getAttribute(ID), value }, observation,
        () => el.dispatchEvent(new Event("change", { bubbles: true })));
    } else if (el.value !== lastText) {
      // Leaving a field is not worth interrupting: no "why?" here.
      send({ kind: "action", action: { type: "type", target: el.getAttribute(ID), text: el.value, submit: false }, observation, rationale: "" });
    }
  }, true);
}
