// Extraction: one walk over the DOM builds the output tree, the element list and the named regions.
// Each usable element gets its id (written onto it as data-shopagent-id) and its entry in `elements`.

const LONG_SELECT = 25; // options; longer selects are collapsed in the html (never in the element list)
const SHOWN_OPTIONS = 8;
const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "IFRAME", "OBJECT", "EMBED", "CANVAS", "VIDEO", "AUDIO", "SOURCE", "TRACK", "PICTURE", "BR", "HR", "WBR"]);
const KEEP_TAGS = new Set(["HEADER", "NAV", "MAIN", "FOOTER", "ASIDE", "SECTION", "ARTICLE", "FORM", "FIELDSET", "LEGEND", "DIALOG",
  "H1", "H2", "H3", "H4", "H5", "H6", "P", "UL", "OL", "LI", "TABLE", "TR", "TH", "TD", "LABEL",
  "S", "DEL", "STRONG", "EM", "B", "IMG"]);
const CONTAINER_TAGS = new Set(["ul", "ol", "table", "tr", "form", "fieldset"]); // never collapsed into their child
const REGION_ROLES = new Set(["dialog", "alertdialog", "region", "navigation", "search", "complementary", "form", "banner", "contentinfo", "listitem", "row", "article", "group", "radiogroup", "tabpanel"]);
const PURCHASE_RE = /^(place (your )?order|complete (your )?(purchase|order)|submit order|confirm (and pay|order|purchase)|pay now|buy now|buy it now|purchase)$/i;

const elements = [];
const regions = []; // {id, record, node}: text is read from the output tree at the end
const searchForms = new Set(); // forms holding a search box: their buttons survive any budget
const searchBoxes = new Set();

// A link outside the main content with the same visible words and address as an earlier link (a
// menu's mobile copy, a footer repeating the header) is said once. Links in the main content are all
// kept: a budget cuts what lies outside it first, and must not take the only copy with it. On a page
// with no main landmark, only the site's chrome (header, navigation, footer, asides) is outside it.
// Links that only run scripts or jump within the page are all kept.
const linksSaid = new Set();
const repeatsEarlierLink = (el) => {
  const href = el.tagName === "A" ? el.href : "";
  if (!href || /^javascript:/i.test(href) || (href.includes("#") && href.split("#")[0] === location.href.split("#")[0])) return false;
  // The words a reader sees, not the label: a card's picture link and its title link to the same product differ.
  const key = `${href} ${(textOf(el) || el.getAttribute("aria-label") || "").toLowerCase()}`;
  if (!linksSaid.has(key)) { linksSaid.add(key); return false; }
  return outsideMain(el);
};

// A bare picture whose alt text an earlier one gave (a gallery's views of one product) is said once.
const picturesSaid = new Set();

// A picture whose alt text the link or card says again in words ("<img alt=X> … <h3>X</h3>") is said once.
const plainText = (n) => (n.text !== undefined ? n.text : n.tag === "img" ? "" : (n.children || []).map(plainText).join(" "));
const dropEchoedPictures = (children) => {
  const said = children.map(plainText).join(" ").toLowerCase();
  const echoed = (n) => n.tag === "img" && n.attrs.alt && said.includes(n.attrs.alt.toLowerCase());
  const prune = (list) => {
    for (let i = list.length - 1; i >= 0; i--) {
      if (echoed(list[i])) list.splice(i, 1);
      else if (list[i].children && !(list[i].elementIds || []).length) prune(list[i].children);
    }
  };
  prune(children);
};

// The ids of the elements under some nodes, without copying when only one of them holds any.
const NO_IDS = [];
const idsOf = (nodes) => {
  let out = NO_IDS;
  let shared = true;
  for (const n of nodes) {
    const ids = n.elementIds;
    if (!ids?.length) continue;
    if (out === NO_IDS) { out = ids; continue; }
    if (shared) { out = out.slice(); shared = false; }
    for (const id of ids) out.push(id);
  }
  return out;
};


// A control's id: its label's slug under the path; its kind ("link", "button") when the label says nothing of its own.
const controlId = (el, kind, proxyFor, path, recordId) => {
  const target = proxyFor || el;
  let own = slug(ownLabel(target, kind) || (proxyFor ? textOf(el) : ""));
  if (proxyFor && !own) own = slug(textOf(el));
  // A second record of one name ("name_2") is named as the first for what its controls are called.
  const parentName = path.length ? (recordId ? path[path.length - 1].replace(/_\d+$/, "") : path[path.length - 1]) : "";
  // A card's link whose text holds the card's name ("Designer Versace … TELO NEW LOGO …") is the card's link.
  // A one-word record ("Lingerie", a menu column named after its first link) is not a card's name:
  // "Lingerie sculptante" in it keeps its own words rather than becoming "link_3".
  const namesItsRecord = recordId && parentName.includes("_") && kind === "link" && slug(textOf(el), Infinity).includes(parentName);
  if (!own || own === parentName || namesItsRecord) own = kind === "link" ? "link" : kind;
  return unique([...path, own].join("."));
};

// What the element list says of a control (info), and the attributes its tag carries in the html (attrs).
const describeControl = (el, target, kind, id, path, recordId) => {
  const tag = el.tagName;
  const info = { id, kind, text: "" };
  if (path.length) info.region = path.join(".");
  if (recordId) info.record = recordId;
  const attrs = { name: id };
  if (target.disabled || target.getAttribute("aria-disabled") === "true") { info.disabled = true; attrs.disabled = ""; }
  if (kind !== "link" && kind !== "button" && isRequired(target)) info.required = true;
  if (kind === "checkbox" || kind === "radio") {
    const checked = target.checked !== undefined ? !!target.checked : target.getAttribute("aria-checked") === "true";
    info.checked = checked;
    if (checked) attrs.checked = "";
    info.text = norm(ownLabel(target, kind) || textOf(el)).slice(0, 120);
  } else if (kind === "select" && tag === "SELECT") {
    info.options = Array.from(target.options).map((o) => norm(o.textContent));
    const sel = target.selectedOptions[0];
    info.value = sel ? norm(sel.textContent) : "";
    info.text = norm(ownLabel(target, kind)).slice(0, 120);
  } else if (kind === "select") {
    // A custom drop-down: its label, and the choice it shows unless that is the label again (a placeholder).
    info.text = norm(ownLabel(target, kind) || textOf(el)).slice(0, 120);
    const shown = norm(textOf(el));
    const bare = (t) => t.toLowerCase().replace(/[^a-z0-9]+/g, "");
    info.value = bare(shown) !== bare(info.text) ? shown.slice(0, 120) : "";
  } else if (kind === "input") {
    info.text = norm(ownLabel(target, kind)).slice(0, 120);
    info.value = target.value !== undefined ? String(target.value) : norm(target.textContent);
    if (tag === "INPUT") attrs.type = (target.getAttribute("type") || "text").toLowerCase();
    if (info.value) attrs.value = info.value;
    const ph = target.getAttribute("placeholder");
    if (ph) attrs.placeholder = norm(ph);
  } else {
    // What the shopper reads: an ARIA label, or the visible text when it says more ("Cart 2" for "Cart").
    const aria = norm(el.getAttribute("aria-label")) || labelledBy(el);
    const seen = aria ? norm(textOf(el)) : "";
    const label = aria || norm(ownLabel(el, kind));
    info.text = (seen.length > label.length && seen.toLowerCase().includes(label.toLowerCase()) ? seen : label).slice(0, 120);
    const pressed = kind === "button" ? pressedState(el) ?? (inOptionList(el) ? false : null) : null;
    if (pressed !== null) { info.checked = pressed; if (pressed) attrs["aria-pressed"] = "true"; }
  }
  if ((kind === "button" || kind === "link") && PURCHASE_RE.test(norm(textOf(el) || info.text))) { info.purchase = true; attrs["data-purchase"] = "true"; }
  if (info.value === "") delete info.value;
  return { info, attrs };
};

// A select's options: a long list (languages, countries) shows its first options and the chosen one; the element keeps them all.
const optionNodes = (select) => {
  const option = (o) => ({ tag: "option", attrs: o.selected ? { selected: "" } : {}, children: [{ text: norm(o.textContent) }], elementIds: [] });
  const all = Array.from(select.options);
  if (all.length <= LONG_SELECT) return all.map(option);
  const shown = all.filter((o, i) => i < SHOWN_OPTIONS || o.selected);
  return [...shown.map(option), { text: `… ${all.length - shown.length} more options` }];
};

// A control's node, with its id given and its entry added to the element list; and whether the node is
// whole (a link's or a button's content is walked still, for its words and pictures).
const controlNode = (el, kind, proxyFor, path, recordId) => {
  const tag = el.tagName;
  const target = proxyFor || el;
  const id = controlId(el, kind, proxyFor, path, recordId);
  if (el.getAttribute(ID_ATTR) !== id) el.setAttribute(ID_ATTR, id);
  named.add(el);
  const { info, attrs } = describeControl(el, target, kind, id, path, recordId);
  const outTag = kind === "link" ? "a" : kind === "select" ? "select" : kind === "input" ? (tag === "TEXTAREA" ? "textarea" : "input") : kind === "button" ? "button" : "input";
  if (outTag === "input" && (kind === "radio" || kind === "checkbox")) attrs.type = kind;
  const node = { tag: outTag, attrs, children: [], elementIds: [id], label: info.text };
  elements.push(info);
  if (kind === "input" && tag !== "TEXTAREA" && isSearchBox(target)) { searchBoxes.add(id); if (target.form) searchForms.add(target.form); }
  if (kind === "select" && tag === "SELECT") { node.children = optionNodes(target); return [node, true]; }
  if (outTag === "input" && !proxyFor) return [node, true];
  if (proxyFor) return [{ tag: "label", attrs: {}, children: [node, { text: info.text }], elementIds: [id] }, true];
  if (outTag === "textarea") { node.children = info.value ? [{ text: info.value }] : []; return [node, true]; }
  return [node, false];
};

// A picture: its alt text. A gallery's eight views of one product are one picture to a reader (a link's picture is its label, and stays).
const pictureNode = (el, insideInteractive) => {
  const alt = norm(el.getAttribute("alt"));
  if (!alt || (!insideInteractive && picturesSaid.has(alt))) return null;
  if (!insideInteractive) picturesSaid.add(alt);
  return { tag: "img", attrs: { alt }, children: [], elementIds: [] };
};

// A container: named regions and the tags worth keeping stay; div and span soup is unwrapped.
const containerNode = (el, children, region, record, childPath) => {
  const tag = el.tagName;
  const ids = idsOf(children);
  if (region) regions.push({ id: childPath.join("."), record, children });
  const liveRole = ["status", "alert"].includes((el.getAttribute("role") || "").toLowerCase());
  const keep = KEEP_TAGS.has(tag) || region || liveRole;
  if (!keep) return { tag: null, attrs: {}, children, elementIds: ids, el }; // unwrap div/span soup
  const outTag = KEEP_TAGS.has(tag) ? tag.toLowerCase() : (REGION_ROLES.has((el.getAttribute("role") || "").toLowerCase()) ? "section" : "div");
  const attrs = region && !record ? { name: childPath.join(".") } : {};
  const role = el.getAttribute("role");
  if (role === "status" || role === "alert") attrs.role = role;
  if (el.getAttribute("aria-current")) attrs["aria-current"] = el.getAttribute("aria-current");
  // A bare wrapper around one bare element (li > article, td > p) says nothing twice.
  const only = children.length === 1 ? children[0] : null;
  if (only?.tag && !CONTAINER_TAGS.has(outTag) && !Object.keys(attrs).length && !Object.keys(only.attrs).length) {
    return { tag: outTag, attrs, children: only.children, elementIds: ids, el };
  }
  return { tag: outTag, attrs, children, elementIds: ids, el };
};

// What kind of control an element is, if any; the swatch pattern: a label rendering a hidden
// radio/checkbox stands in for it (proxyFor).
const controlKind = (el, insideInteractive) => {
  const kind = insideInteractive ? null : kindOf(el);
  if (!kind && el.tagName === "LABEL" && el.control && isChoice(el.control) && (!visible(el.control) || visuallyHidden(el.control)) && visible(el)) {
    return [el.control.type, el.control];
  }
  return [kind, null];
};

// Returns a node of the output tree: {tag, attrs, children, text, elementIds}
const walk = (el, path, insideInteractive, recordId) => {
  if (el.nodeType === Node.TEXT_NODE) {
    const t = norm(el.textContent);
    return t ? { text: t } : null;
  }
  if (el.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = el.tagName;
  if (SKIP_TAGS.has(tag) || tag === "svg" || tag === "SVG") return null;
  if (tag === "INPUT" && el.type === "hidden") return null;

  const [kind, proxyFor] = controlKind(el, insideInteractive);
  // Hidden elements are left out; a hidden radio/checkbox is represented by its label (proxyFor).
  if (!visible(el)) return null;
  if (kind && !proxyFor && visuallyHidden(el)) return null;
  if (kind === "link" && !proxyFor && repeatsEarlierLink(el)) return null;

  // Nothing inside a link or button is used on its own: no region to name.
  let region = !kind && !insideInteractive ? slug(regionName(el)) : "";
  const record = region !== "" && isRecordTag(el);
  if (region && path.length && path[path.length - 1] === region) region = "";
  // An id names at most two regions, the outermost and the innermost: "header.printers.laser_printers",
  // not "header.what_s_popular.printers_ink_and_office_supplies.laser_printers".
  let childPath = !region ? path : path.length < 2 ? [...path, region] : [path[0], region];
  if (record && region) childPath = uniqueRecord(childPath.join(".")).split(".");
  const childRecord = record ? childPath.join(".") : recordId;

  let node = null;
  if (kind) {
    const [control, whole] = controlNode(el, kind, proxyFor, path, recordId);
    if (whole) return control;
    node = control;
  }
  const children = [];
  // Sibling links, not the childNodes list: on a page of thousands of nodes, iterating a live NodeList is the walk's main cost.
  for (let child = el.firstChild; child; child = child.nextSibling) {
    const c = walk(child, childPath, insideInteractive || !!kind, childRecord);
    if (c) children.push(c);
  }
  if ((node || record) && children.length > 1) dropEchoedPictures(children);
  if (node) {
    node.children = children.length ? children : node.label ? [{ text: node.label }] : [];
    node.elementIds = node.elementIds.concat(idsOf(children));
    return node;
  }
  if (tag === "IMG") return pictureNode(el, insideInteractive);
  if (!children.length) return null;
  return containerNode(el, children, region, record, childPath);
};
