// Reading the DOM: what is visible, an element's text and label, what kind of control it is.
// Part of the page simplifier: observe.py joins the files of this folder, in a fixed order
// (SIMPLIFIER_PARTS), inside one `(options) => { ... }` closure, so names declared here are
// seen by the other parts.

const ID_ATTR = "data-shopagent-id";
const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "number", "tel", "url", "password", "date", ""]);
const BUTTON_INPUT_TYPES = new Set(["submit", "button", "reset", "image"]);
const CLICK_ROLES = new Set(["button", "link", "menuitem", "tab", "option", "switch", "menuitemradio", "menuitemcheckbox", "treeitem"]);

const norm = (s) => (s || "").replace(/\s+/g, " ").trim();

const visible = (el) => {
  if (el.hidden || el.getAttribute("aria-hidden") === "true") return false;
  if (el.tagName === "DIALOG") return el.open;
  if (typeof el.checkVisibility === "function") return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
  const st = getComputedStyle(el);
  return st.display !== "none" && st.visibility !== "hidden";
};
// Rendered but not really there for a person: off-screen, zero-sized or transparent.
const visuallyHidden = (el) => {
  const r = el.getBoundingClientRect();
  // Off the page, not merely scrolled out of view: a page restored by "back" keeps its scroll position.
  if (r.width <= 1 || r.height <= 1 || r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return true;
  return getComputedStyle(el).opacity === "0";
};
const isChoice = (el) => el.tagName === "INPUT" && (el.type === "radio" || el.type === "checkbox");
// innerText lays text out, so it is costly: each element's is read once per pass.
const texts = new Map();
const textOf = (el) => {
  let text = texts.get(el);
  if (text === undefined) {
    text = (el.innerText !== undefined ? el.innerText : el.textContent).replace(/[ \t\r\f\v]+/g, " ").trim();
    texts.set(el, text);
  }
  return text;
};

const labelledBy = (el) => {
  const ids = el.getAttribute("aria-labelledby");
  if (!ids) return "";
  return norm(ids.split(/\s+/).map((id) => { const t = document.getElementById(id); return t ? t.textContent : ""; }).join(" "));
};
// A label's text without the text of the controls inside it (e.g. a select's options), read in place.
const NOT_LABEL_TEXT = "select, textarea, input, .req, option";
const ownText = (node) => {
  let out = "";
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === Node.TEXT_NODE) out += c.textContent;
    else if (c.nodeType === Node.ELEMENT_NODE && !c.matches(NOT_LABEL_TEXT)) out += ownText(c);
  }
  return out;
};
const labelFor = (el) => (el.labels?.length ? norm(Array.from(el.labels).map(ownText).join(" ")) : "");

// Required: the attribute, ARIA, or a label / legend that says so ("Size (required)", "Email *").
const isRequired = (el) => {
  if (el.required || el.getAttribute("aria-required") === "true") return true;
  const fieldset = el.closest("fieldset");
  const legend = fieldset?.querySelector("legend");
  const said = `${el.labels ? Array.from(el.labels).map((l) => l.textContent).join(" ") : ""} ${legend ? legend.textContent : ""}`;
  return /\brequired\b|\*/i.test(said);
};

const kindOf = (el) => {
  const tag = el.tagName;
  const role = (el.getAttribute("role") || "").toLowerCase();
  if (tag === "INPUT") {
    const type = (el.getAttribute("type") || "text").toLowerCase();
    if (type === "hidden") return null;
    if (type === "checkbox") return "checkbox";
    if (type === "radio") return "radio";
    if (BUTTON_INPUT_TYPES.has(type)) return "button";
    if (TEXT_INPUT_TYPES.has(type)) return "input";
    return "input";
  }
  if (tag === "TEXTAREA") return "input";
  if (tag === "SELECT") return "select";
  // A custom drop-down (a button that opens a listbox) is chosen from, not pressed.
  if (role === "combobox" || role === "listbox") return "select";
  if (tag === "BUTTON" || tag === "SUMMARY") return "button";
  if (tag === "A" && el.hasAttribute("href")) return "link";
  if (role === "checkbox" || role === "switch") return "checkbox";
  if (role === "radio") return "radio";
  if (role === "link") return "link";
  if (role === "textbox" || role === "searchbox" || el.isContentEditable && el.getAttribute("contenteditable") !== null) return "input";
  // A menu item that holds a form (a search box in a menubar) is a container, not one button.
  if (CLICK_ROLES.has(role)) return el.querySelector("input:not([type=hidden]), select, textarea") ? null : "button";
  if (el.hasAttribute("onclick")) return "button";
  if (tag === "DIV" || tag === "SPAN" || tag === "LI" || tag === "IMG" || tag === "TD" || tag === "P" || tag === "LABEL") {
    if (tag === "LABEL" && el.control) return null; // the control itself is the element
    if (el.closest("label")) return null; // clicking inside a label is clicking its control
    // Handlers added with addEventListener leave no trace in the DOM; shops mark them with a pointer cursor.
    if (getComputedStyle(el).cursor === "pointer") {
      const parent = el.parentElement;
      if (!parent || getComputedStyle(parent).cursor !== "pointer") return "button";
    }
  }
  return null;
};

const ownLabel = (el, kind) => {
  let text = norm(el.getAttribute("aria-label")) || labelledBy(el);
  if (!text && (kind === "input" || kind === "select" || kind === "checkbox" || kind === "radio")) text = labelFor(el);
  if (!text && kind === "radio" || !text && kind === "checkbox") text = norm(el.value);
  if (!text && el.tagName === "INPUT") text = norm(el.getAttribute("placeholder")) || (BUTTON_INPUT_TYPES.has(el.type) ? norm(el.value) : "");
  if (!text && el.tagName === "TEXTAREA") text = norm(el.getAttribute("placeholder"));
  if (!text && kind !== "select" && kind !== "input") text = textOf(el);
  if (!text) { const img = el.querySelector?.("img[alt]"); if (img) text = norm(img.alt); }
  if (!text) text = norm(el.getAttribute("title")) || norm(el.getAttribute("name"));
  return text;
};

const isSearchBox = (el) => el.type === "search" || !!el.closest("[role=search]") ||
  /^(q|s|term)$|search|query|keyword/i.test(el.getAttribute("name") || "") ||
  /search|such|pesquis|busca|recherch|cerca|zoek|szuk|keyword|i[sš][cč]i/i.test(`${el.getAttribute("aria-label") || ""} ${el.getAttribute("placeholder") || ""} ${el.id}`);

// The main content (main, or an open dialog) and, on a page with no main landmark, the site's chrome
// (header, navigation, footer, asides): what lies outside the one, or inside the other, is cut first.
const MAIN = "main, [role=main], dialog, [role=dialog]";
const CHROME = "header, footer, nav, aside, [role=banner], [role=contentinfo], [role=navigation], [role=complementary]";
const hasMain = !!document.querySelector("main, [role=main]");
const outsideMain = (el) => !el.closest(MAIN) && (hasMain || !!el.closest(CHROME));

// A toggle button's state: pressed, checked or selected by ARIA, or marked so by a class on it or on
// the item holding it (a swatch in a list); null when it says nothing.
const STATE_ATTRS = ["aria-pressed", "aria-checked", "aria-selected"];
const STATE_CLASS = /^(is-)?(selected|active|checked|current)$/i;
const hasStateClass = (el) => !!el && Array.from(el.classList || []).some((c) => STATE_CLASS.test(c));
const pressedState = (el) => {
  for (const name of STATE_ATTRS) {
    const v = el.getAttribute(name);
    if (v === "true" || v === "false") return v === "true";
  }
  const item = el.parentElement?.tagName === "LI" ? el.parentElement : null;
  return hasStateClass(el) || hasStateClass(item) ? true : null;
};
