// Names: slugs of labels, the regions and records that prefix an element's id, unique ids.

const MAX_WORDS = 6;
const MAX_SLUG = 48;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, on purpose
const NON_ASCII = /[^\x00-\x7f]/;
const slug = (s, maxWords = MAX_WORDS) => {
  let text = norm(s).toLowerCase();
  if (NON_ASCII.test(text)) text = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); // é -> e; costly, so only when needed
  const words = text.replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).slice(0, maxWords);
  let out = words.join("_");
  if (maxWords === MAX_WORDS && out.length > MAX_SLUG) out = out.slice(0, MAX_SLUG).replace(/_[^_]*$/, "");
  return out;
};

// Regions: named ancestors whose name prefixes the ids inside them.
// Records (product cards, rows) are regions too, but their name is left off the
// output tag: the ids inside already carry it.
const isRecordTag = (el) => {
  const tag = el.tagName;
  const role = (el.getAttribute("role") || "").toLowerCase();
  return tag === "ARTICLE" || role === "article" || tag === "LI" || role === "listitem" || tag === "TR" || role === "row" || tag === "DIV";
};
const regionName = (el) => {
  const tag = el.tagName;
  const role = (el.getAttribute("role") || "").toLowerCase();
  const label = norm(el.getAttribute("aria-label")) || labelledBy(el);
  if (tag === "HEADER" || role === "banner") return label || "header";
  if (tag === "FOOTER" || role === "contentinfo") return label || "footer";
  if (tag === "NAV" || role === "navigation") return label || "nav";
  if (tag === "DIALOG" || role === "dialog" || role === "alertdialog") return label || el.querySelector("h1,h2,h3")?.textContent || "dialog";
  if (tag === "FIELDSET") { const lg = el.querySelector("legend"); return label || (lg ? lg.textContent.replace(/\(required\)/i, "") : ""); }
  if (!label && isOptionList(el)) return optionListLabel(el);
  if (!label && role === "radiogroup") return radioGroupLabel(el);
  if (tag === "ASIDE" || tag === "SECTION" || tag === "FORM" || role === "region" || role === "complementary" || role === "form" || role === "group" || role === "radiogroup" || role === "tabpanel") return label;
  if (tag === "ARTICLE" || role === "article" || tag === "LI" || role === "listitem" || tag === "TR" || role === "row") {
    const isCard = countInteractive(el) >= 2 || el.querySelector("h1,h2,h3,h4,h5,h6,[role=heading]");
    return label || (isCard ? recordName(el) : "");
  }
  if (tag === "DIV" && isRepeatedRecord(el)) return recordName(el);
  return "";
};
// A product option shown as a list of buttons inside a form (colour swatches, sizes), named by the short
// text just before it ("Color", "Size"): its buttons are the choices of one option.
const OPTION_LIST_ROLES = new Set(["radiogroup", "listbox", "group"]);
const CHOICE = "button, [role=button], [role=radio], [role=option]";
const MAX_CHOICE_TEXT = 24;
const isChoiceItem = (child) => {
  if (child.querySelector("a[href], input:not([type=hidden]), select, textarea")) return false;
  const choices = child.matches(CHOICE) ? [child] : child.querySelectorAll(CHOICE);
  return choices.length === 1 && textOf(choices[0]).length <= MAX_CHOICE_TEXT;
};
const isOptionList = (el) => {
  const tag = el.tagName;
  const listLike = tag === "UL" || tag === "OL" || OPTION_LIST_ROLES.has((el.getAttribute("role") || "").toLowerCase());
  if (!listLike || el.children.length < 2 || !el.closest("form")) return false;
  return Array.from(el.children).every(isChoiceItem);
};
const inOptionList = (el) => {
  const list = el.closest("ul, ol, [role=radiogroup], [role=listbox], [role=group]");
  return !!list && isOptionList(list);
};
// An unlabelled radio group is named by the short text before it, or before the box that holds it (up to 3 levels).
const radioGroupLabel = (el) => {
  let node = el;
  for (let depth = 0; node && depth < 4; depth++, node = node.parentElement) {
    const text = node.previousElementSibling ? optionListLabel(node) : "";
    if (text) return text;
  }
  return "";
};
const optionListLabel = (el) => {
  const before = el.previousElementSibling;
  const text = before ? textOf(before) : "";
  return text.length <= 30 && !text.includes("\n") ? text : "";
};
// A record (product card, table row, list item) is named after its heading or first link.
const recordName = (el) => {
  const h = el.querySelector("h1,h2,h3,h4,h5,h6,[role=heading]");
  if (h && norm(h.textContent)) return h.textContent;
  const a = el.querySelector("a[href]");
  if (a && norm(a.textContent)) return a.textContent;
  return (textOf(el).split("\n")[0] || "");
};
const countInteractive = (el) => el.querySelectorAll("a[href],button,input:not([type=hidden]),select,textarea,[role=button],[onclick]").length;
const signature = (el) => `${el.tagName}.${el.getAttribute("class") || ""}`;
// How many of a parent's children share each signature, counted once per parent (a grid of
// 100 cards would otherwise be compared 100 × 100 times).
const siblingSignatures = new Map();
const isRepeatedRecord = (el) => {
  const parent = el.parentElement;
  if (!parent || parent.children.length < 3 || el.children.length < 2) return false;
  let counts = siblingSignatures.get(parent);
  if (!counts) {
    counts = new Map();
    for (const sib of parent.children) { const s = signature(sib); counts.set(s, (counts.get(s) || 0) + 1); }
    siblingSignatures.set(parent, counts);
  }
  return counts.get(signature(el)) >= 3;
};

const counter = (used) => (id) => {
  const n = (used.get(id) || 0) + 1;
  used.set(id, n);
  return n === 1 ? id : `${id}_${n}`;
};
const unique = counter(new Map());
// Two records of one name (a shop listing a product twice, two menus headed "View all") are two regions: "name_2".
const uniqueRecord = counter(new Map());

// Ids from an earlier pass that this pass does not give again are removed at the end.
// Rewriting an unchanged id would dirty the DOM (and the page's style) for nothing.
const named = new Set();

