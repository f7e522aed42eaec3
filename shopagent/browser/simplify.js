// The page simplifier (SPEC §2). One routine for live pages and stored HTML:
// it runs inside the page, names every usable element with a semantic id,
// writes that id onto the live element (data-shopagent-id) and returns
// simplified HTML plus the element list.
//
// Called as: (options) => ({url, title, html, elements, regions, truncated})
// Each element says which named region it sits in and which record (product card,
// row) it belongs to; `regions` gives each named region's visible text, so policies
// read the page's structure without parsing the html again.
(options) => {
  const MAX_TOKENS = options.maxTokens || 0;
  const ID_ATTR = "data-shopagent-id";
  const MAX_WORDS = 6;
  const MAX_SLUG = 48;
  const MAX_REGION_TEXT = 600;
  const LONG_SELECT = 25; // options; longer selects are collapsed in the html (never in the element list)
  const SHOWN_OPTIONS = 8;

  const SKIP_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "IFRAME", "OBJECT", "EMBED", "CANVAS", "VIDEO", "AUDIO", "SOURCE", "TRACK", "PICTURE", "BR", "HR", "WBR"]);
  const KEEP_TAGS = new Set(["HEADER", "NAV", "MAIN", "FOOTER", "ASIDE", "SECTION", "ARTICLE", "FORM", "FIELDSET", "LEGEND", "DIALOG",
    "H1", "H2", "H3", "H4", "H5", "H6", "P", "UL", "OL", "LI", "TABLE", "TR", "TH", "TD", "LABEL",
    "S", "DEL", "STRONG", "EM", "B", "IMG"]);
  const P_CLOSED_BY = /^<(p|ul|ol|table|form|fieldset|section|article|aside|header|footer|nav|main|div|dialog|h[1-6])[ >]/;
  const CONTAINER_TAGS = new Set(["ul", "ol", "table", "tr", "form", "fieldset"]); // never collapsed into their child
  const TEXT_INPUT_TYPES = new Set(["text", "search", "email", "number", "tel", "url", "password", "date", ""]);
  const BUTTON_INPUT_TYPES = new Set(["submit", "button", "reset", "image"]);
  const CLICK_ROLES = new Set(["button", "link", "menuitem", "tab", "option", "switch", "menuitemradio", "menuitemcheckbox", "treeitem"]);
  const REGION_ROLES = new Set(["dialog", "alertdialog", "region", "navigation", "search", "complementary", "form", "banner", "contentinfo", "listitem", "row", "article", "group", "radiogroup", "tabpanel"]);
  const PURCHASE_RE = /^(place (your )?order|complete (your )?(purchase|order)|submit order|confirm (and pay|order|purchase)|pay now|buy now|buy it now|purchase)$/i;

  const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
  const NON_ASCII = /[^\x00-\x7f]/;
  const slug = (s, maxWords = MAX_WORDS) => {
    let text = norm(s).toLowerCase();
    if (NON_ASCII.test(text)) text = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""); // é -> e; costly, so only when needed
    const words = text.replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean).slice(0, maxWords);
    let out = words.join("_");
    if (maxWords === MAX_WORDS && out.length > MAX_SLUG) out = out.slice(0, MAX_SLUG).replace(/_[^_]*$/, "");
    return out;
  };
  const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const escAttr = (s) => esc(s).replace(/"/g, "&quot;");
  // Words and punctuation marks, with Python's Unicode \w (observe.count_tokens): the budget is kept by the project's own count.
  const countTokens = (s) => (s.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) || []).length;

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
  const labelFor = (el) => (el.labels && el.labels.length ? norm(Array.from(el.labels).map(ownText).join(" ")) : "");

  // Required: the attribute, ARIA, or a label / legend that says so ("Size (required)", "Email *").
  const isRequired = (el) => {
    if (el.required || el.getAttribute("aria-required") === "true") return true;
    const fieldset = el.closest("fieldset");
    const legend = fieldset && fieldset.querySelector("legend");
    const said = (el.labels ? Array.from(el.labels).map((l) => l.textContent).join(" ") : "") + " " + (legend ? legend.textContent : "");
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
    if (tag === "BUTTON" || tag === "SUMMARY") return "button";
    if (tag === "A" && el.hasAttribute("href")) return "link";
    if (role === "checkbox" || role === "switch") return "checkbox";
    if (role === "radio") return "radio";
    if (role === "link") return "link";
    if (role === "combobox" || role === "listbox") return "select";
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
    if (!text) { const img = el.querySelector && el.querySelector("img[alt]"); if (img) text = norm(img.alt); }
    if (!text) text = norm(el.getAttribute("title")) || norm(el.getAttribute("name"));
    return text;
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
    if (tag === "DIALOG" || role === "dialog" || role === "alertdialog") return label || (el.querySelector("h1,h2,h3") || {}).textContent || "dialog";
    if (tag === "FIELDSET") { const lg = el.querySelector("legend"); return label || (lg ? lg.textContent.replace(/\(required\)/i, "") : ""); }
    if (tag === "ASIDE" || tag === "SECTION" || tag === "FORM" || role === "region" || role === "complementary" || role === "form" || role === "group" || role === "radiogroup" || role === "tabpanel") return label;
    if (tag === "ARTICLE" || role === "article" || tag === "LI" || role === "listitem" || tag === "TR" || role === "row") {
      const isCard = countInteractive(el) >= 2 || el.querySelector("h1,h2,h3,h4,h5,h6,[role=heading]");
      return label || (isCard ? recordName(el) : "");
    }
    if (tag === "DIV" && isRepeatedRecord(el)) return recordName(el);
    return "";
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
  const signature = (el) => el.tagName + "." + (el.getAttribute("class") || "");
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

  const usedIds = new Map();
  const unique = (id) => {
    const n = (usedIds.get(id) || 0) + 1;
    usedIds.set(id, n);
    return n === 1 ? id : `${id}_${n}`;
  };

  // Ids from an earlier pass that this pass does not give again are removed at the end.
  // Rewriting an unchanged id would dirty the DOM (and the page's style) for nothing.
  const named = new Set();

  const elements = [];
  const regions = []; // {id, record, node}: text is read from the output tree at the end
  const labelControls = new Set(); // visually hidden radios/checkboxes represented by their label
  const searchForms = new Set(); // forms holding a search box: their buttons survive any budget
  const searchBoxes = new Set();
  const isSearchBox = (el) => el.type === "search" || !!el.closest("[role=search]") ||
    /^(q|s|term)$|search|query|keyword/i.test(el.getAttribute("name") || "") ||
    /search|such|pesquis|busca|recherch|cerca|zoek|szuk|keyword|i[sš][cč]i/i.test(`${el.getAttribute("aria-label") || ""} ${el.getAttribute("placeholder") || ""} ${el.id}`);

  // A link outside the main content with the same visible words and address as an earlier link (a
  // menu's mobile copy, a footer repeating the header) is said once. Links in the main content are all
  // kept: a budget cuts what lies outside it first, and must not take the only copy with it. On a page
  // with no main landmark, only the site's chrome (header, navigation, footer, asides) is outside it.
  // Links that only run scripts or jump within the page are all kept.
  const MAIN = "main, [role=main], dialog, [role=dialog]";
  const CHROME = "header, footer, nav, aside, [role=banner], [role=contentinfo], [role=navigation], [role=complementary]";
  const hasMain = !!document.querySelector("main, [role=main]");
  const outsideMain = (el) => !el.closest(MAIN) && (hasMain || !!el.closest(CHROME));
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
      if (!ids || !ids.length) continue;
      if (out === NO_IDS) { out = ids; continue; }
      if (shared) { out = out.slice(); shared = false; }
      for (const id of ids) out.push(id);
    }
    return out;
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

    let kind = insideInteractive ? null : kindOf(el);
    let proxyFor = null;
    // The swatch pattern: a label rendering a hidden radio/checkbox stands in for it.
    if (!kind && tag === "LABEL" && el.control && isChoice(el.control) && (!visible(el.control) || visuallyHidden(el.control)) && visible(el)) {
      kind = el.control.type;
      proxyFor = el.control;
    }
    // Hidden elements are left out; a hidden radio/checkbox is represented by its label (proxyFor).
    if (!visible(el)) return null;
    if (kind && !proxyFor && visuallyHidden(el)) return null;

    if (kind === "link" && !proxyFor && repeatsEarlierLink(el)) return null;

    let node = null;
    let region = "";
    if (!kind && !insideInteractive) { // nothing inside a link or button is used on its own: no region to name
      region = slug(regionName(el));
    }
    const record = region !== "" && isRecordTag(el);
    if (region && path.length && path[path.length - 1] === region) region = "";
    // An id names at most two regions, the outermost and the innermost: "header.printers.laser_printers",
    // not "header.what_s_popular.printers_ink_and_office_supplies.laser_printers".
    const childPath = !region ? path : path.length < 2 ? [...path, region] : [path[0], region];
    const childRecord = record ? childPath.join(".") : recordId;

    if (kind) {
      const target = proxyFor || el;
      let own = slug(ownLabel(target, kind) || (proxyFor ? textOf(el) : ""));
      if (proxyFor && !own) own = slug(textOf(el));
      const parentName = path.length ? path[path.length - 1] : "";
      // A card's link whose text holds the card's name ("Designer Versace … TELO NEW LOGO …") is the card's link.
      // A one-word record ("Lingerie", a menu column named after its first link) is not a card's name:
      // "Lingerie sculptante" in it keeps its own words rather than becoming "link_3".
      const namesItsRecord = recordId && parentName.includes("_") && kind === "link" && slug(textOf(el), Infinity).includes(parentName);
      if (!own || own === parentName || namesItsRecord) own = kind === "link" ? "link" : kind;
      const id = unique([...path, own].join("."));
      if (el.getAttribute(ID_ATTR) !== id) el.setAttribute(ID_ATTR, id);
      named.add(el);
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
      }
      if ((kind === "button" || kind === "link") && PURCHASE_RE.test(norm(textOf(el) || info.text))) { info.purchase = true; attrs["data-purchase"] = "true"; }
      if (info.value === "" ) delete info.value;
      const outTag = kind === "link" ? "a" : kind === "select" ? "select" : kind === "input" ? (tag === "TEXTAREA" ? "textarea" : "input") : kind === "button" ? "button" : "input";
      if (outTag === "input" && (kind === "radio" || kind === "checkbox")) attrs.type = kind;
      node = { tag: outTag, attrs, children: [], elementIds: [id], label: info.text };
      elements.push(info);
      if (kind === "input" && tag !== "TEXTAREA" && isSearchBox(target)) { searchBoxes.add(id); if (target.form) searchForms.add(target.form); }
      if (kind === "select" && tag === "SELECT") {
        const option = (o) => ({ tag: "option", attrs: o.selected ? { selected: "" } : {}, children: [{ text: norm(o.textContent) }], elementIds: [] });
        const all = Array.from(target.options);
        if (all.length > LONG_SELECT) {
          // A long list (languages, countries) shows its first options and the chosen one; the element keeps them all.
          const shown = all.filter((o, i) => i < SHOWN_OPTIONS || o.selected);
          node.children = [...shown.map(option), { text: `… ${all.length - shown.length} more options` }];
        } else {
          node.children = all.map(option);
        }
        return node;
      }
      if (outTag === "input" && !proxyFor) return node;
      if (proxyFor) return { tag: "label", attrs: {}, children: [node, { text: info.text }], elementIds: [id] };
      if (outTag === "textarea") { node.children = info.value ? [{ text: info.value }] : []; return node; }
    }

    const children = [];
    // Sibling links, not the childNodes list: on a page of thousands of nodes, iterating a live NodeList is the walk's main cost.
    for (let child = el.firstChild; child; child = child.nextSibling) {
      const c = walk(child, childPath, insideInteractive || !!kind, childRecord);
      if (c) children.push(c);
    }
    if ((node || record) && children.length > 1) dropEchoedPictures(children);
    if (node) {
      node.children = children.length ? children : (node.label ? [{ text: node.label }] : []);
      node.elementIds = node.elementIds.concat(idsOf(children));
      return node;
    }
    if (tag === "IMG") {
      const alt = norm(el.getAttribute("alt"));
      // A gallery's eight views of one product are one picture to a reader (a link's picture is its label, and stays).
      if (!alt || (!insideInteractive && picturesSaid.has(alt))) return null;
      if (!insideInteractive) picturesSaid.add(alt);
      return { tag: "img", attrs: { alt }, children: [], elementIds: [] };
    }
    if (!children.length) return null;
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
    if (only && only.tag && !CONTAINER_TAGS.has(outTag) && !Object.keys(attrs).length && !Object.keys(only.attrs).length) {
      return { tag: outTag, attrs, children: only.children, elementIds: ids, el };
    }
    return { tag: outTag, attrs, children, elementIds: ids, el };
  };

  const serialize = (node) => {
    if (node.text !== undefined) return esc(node.text);
    const inner = node.children.map(serialize).filter(Boolean);
    let body = "";
    for (let i = 0; i < inner.length; i++) {
      // A wrapper that is not printed does not end anything: its last part is judged by what follows the wrapper.
      const part = i + 1 < inner.length || node.tag ? dropEndTag(inner[i], inner[i + 1]) : inner[i];
      body += body && !/\s$/.test(body) ? " " + part : part;
    }
    if (!node.tag) return body;
    const attrs = Object.entries(node.attrs).map(([k, v]) => (v === "" ? ` ${k}` : ` ${k}="${escAttr(v)}"`)).join("");
    if (node.tag === "input" || node.tag === "img") return `<${node.tag}${attrs}/>`;
    return `<${node.tag}${attrs}>${body}</${node.tag}>`;
  };
  // HTML's own rule: an item, row, cell or option closes where the next one starts or its parent ends,
  // and a paragraph where a block starts. The end tag there is tokens a model need not read.
  const CLOSED_BY = { li: /^<li[ >]/, td: /^<t[dh][ >]/, th: /^<t[dh][ >]/, tr: /^<tr[ >]/, option: /^<option[ >]/, p: P_CLOSED_BY };
  const dropEndTag = (part, next) => {
    if (part.charCodeAt(part.length - 1) !== 62) return part; // not ending in ">"
    const open = part.lastIndexOf("</");
    const closer = open >= 0 ? CLOSED_BY[part.slice(open + 2, -1)] : undefined;
    return closer && (next === undefined || closer.test(next)) ? part.slice(0, open) : part;
  };

  // ---- The budget: the html never exceeds MAX_TOKENS by countTokens. ----
  // What goes first: site chrome (footer, navigation and asides outside the main content,
  // the header's menus), then secondary content (reviews, descriptions, recommendations),
  // then, outside the main content before inside it, the tails of long lists and leaves from
  // the end. The search box, the cart link and purchase controls stay wherever they sit.
  // Every cut leaves a marker in its place.
  const CART_RE = /\b(cart|basket|bag|checkout|warenkorb|carrinho|panier|carrito|carrello|winkelwagen|ko[sš]aric)/i;
  const SECONDARY_RE = /review|rating|opinion|bewertung|avalia|avis|description|beschreibung|descri|details|specification|features|recommend|also (bought|viewed|like)|similar|related|you may|customers who|questions|q&a/i;
  // Kept through any budget: the search box and its buttons, purchase controls, and cart or
  // add-to-cart controls that appear once (a label repeated on every card is a card's button;
  // only its first appearance is kept).
  const keepersOf = (elements) => {
    const keep = new Set(searchBoxes);
    for (const form of searchForms) form.querySelectorAll(`button[${ID_ATTR}], input[${ID_ATTR}]`).forEach((b) => keep.add(b.getAttribute(ID_ATTR)));
    const times = new Map();
    for (const e of elements) times.set(e.text.toLowerCase(), (times.get(e.text.toLowerCase()) || 0) + 1);
    const seen = new Set();
    for (const e of elements) {
      const label = e.text.toLowerCase();
      const cartLike = (e.kind === "link" || e.kind === "button") && CART_RE.test(`${e.text} ${e.id}`);
      // The first of a repeated label is kept too: a product page's own button comes before the carousels'.
      if (e.purchase || (cartLike && (times.get(label) < 3 || !seen.has(label)))) keep.add(e.id);
      seen.add(label);
    }
    return keep;
  };

  // 3: site chrome, 2: secondary content, 0: the rest. A section holding a keeper is never secondary.
  const tierOf = (node, keep) => {
    const el = node.el;
    if (!el || !el.getAttribute) return 0;
    const tag = el.tagName;
    const role = (el.getAttribute("role") || "").toLowerCase();
    const inMain = !!(el.parentElement && el.parentElement.closest(MAIN));
    const label = norm(el.getAttribute("aria-label")) || labelledBy(el);
    if (tag === "FOOTER" || role === "contentinfo" || tag === "ASIDE" || role === "complementary") return inMain ? 2 : 3;
    if (tag === "NAV" || role === "navigation") return /pag|seite|página/i.test(label) ? 0 : inMain ? 2 : 3;
    if (tag === "HEADER" || role === "banner") return inMain ? 0 : 3;
    if (tag === "SECTION" || tag === "ASIDE" || role === "region" || role === "tabpanel" || tag === "DIV" || tag === "ARTICLE") {
      const heading = el.querySelector("h1, h2, h3, h4, [role=heading]");
      const said = label || (heading ? norm(heading.textContent) : "");
      const holdsKeeper = () => (node.elementIds || []).some((id) => keep.has(id));
      if (said && said.length < 80 && SECONDARY_RE.test(said) && !/^h1$/i.test(heading ? heading.tagName : "") && !holdsKeeper()) return 2;
    }
    return 0;
  };

  const kindsOf = (ids, byId) => {
    const counts = {};
    for (const id of ids) { const k = (byId.get(id) || {}).kind || "item"; counts[k] = (counts[k] || 0) + 1; }
    const words = Object.entries(counts).map(([k, n]) => `${n} ${k}${n > 1 ? "s" : ""}`);
    return words.length ? words.join(", ") : "text";
  };
  const marker = (text) => ({ tag: "p", attrs: {}, children: [{ text }], elementIds: [], marker: true });
  const idsUnder = (node) => idsOf(node.children || []);
  const keepersUnder = (node, keep) => {
    const found = [];
    const visit = (n) => {
      if (!n.children) return;
      if (n.tag && (n.elementIds || []).length === 1 && keep.has(n.elementIds[0]) && n.attrs.name === n.elementIds[0]) { found.push(n); return; }
      n.children.forEach(visit);
    };
    visit(node);
    return found;
  };

  function fitBudget(root, elements, limit) {
    const byId = new Map(elements.map((e) => [e.id, e]));
    const keep = keepersOf(elements);
    const removed = new Set();
    let html = serialize(root);
    const over = () => countTokens(html) > limit;
    const reserialize = () => (html = serialize(root));

    // Sections of a tier, largest first: each becomes its keepers and a marker saying what went.
    const collapse = (tier) => {
      const found = [];
      const visit = (n, inside) => {
        if (!n.children) return;
        const t = inside ? 0 : tierOf(n, keep);
        if (t === tier) { found.push(n); return; }
        n.children.forEach((c) => visit(c, inside || t > tier));
      };
      visit(root, false);
      found.sort((a, b) => idsUnder(b).length - idsUnder(a).length);
      for (const node of found) {
        // A mega-menu first loses the tails of its lists, so its top entries stay when the page then fits.
        if (tier === 3) cutLists(listsUnder(node, () => true), keep, removed, over, reserialize);
        if (!over()) return;
        const kept = keepersUnder(node, keep);
        const gone = idsUnder(node).filter((id) => !keep.has(id));
        gone.forEach((id) => removed.add(id));
        const name = node.attrs.name || (node.el && node.el.tagName.toLowerCase()) || "section";
        node.children.splice(0, node.children.length, ...kept, marker(`… ${name}: ${kindsOf(gone, byId)} cut to fit`));
        reserialize();
      }
    };
    collapse(3);
    collapse(2);
    // Then, outside the main content before inside it: the tails of long lists, then leaves from the end.
    let leavesCut = false;
    for (const inMain of [false, true]) {
      if (over()) cutLists(listsUnder(root, (here) => here === inMain), keep, removed, over, reserialize);
      if (over()) leavesCut = cutLeaves(root, inMain, keep, removed, limit, reserialize) || leavesCut;
      reserialize();
    }
    if (leavesCut) root.children.push(marker(LEAVES_CUT));
    reserialize();
    while (countTokens(html) > limit && html.length) html = html.slice(0, Math.floor(html.length * 0.9)); // keepers alone exceed it
    for (let i = elements.length - 1; i >= 0; i--) if (removed.has(elements[i].id)) elements.splice(i, 1);
    return html;
  }

  // The nodes of the tree with whether each sits in the main content (main, or a dialog).
  const eachNode = (root, visit) => {
    const go = (n, parent, inMain) => {
      const here = inMain || !!(n.el && n.el.matches(MAIN));
      if (visit(n, parent, here) === false || !n.children) return;
      n.children.forEach((c) => go(c, n, here));
    };
    go(root, null, false);
  };

  // The longest lists lose items from the end: "… 23 more items". A list is a node whose children are
  // mostly alike (items, rows, cards of one tag); a section holding a nav, an aside and the product is not
  // one, or its last "item" would be the whole product. An item holding a keeper ends the cutting there.
  const itemTagOf = (n) => {
    const counts = new Map();
    let tagged = 0;
    for (const c of n.children) if (c.tag) { tagged++; counts.set(c.tag, (counts.get(c.tag) || 0) + 1); }
    for (const [tag, count] of counts) if (count >= 3 && count >= 0.8 * tagged) return tag;
    return null;
  };
  // [list, item tag] pairs, longest list first.
  const listsUnder = (root, where) => {
    const lists = [];
    eachNode(root, (n, parent, inMain) => {
      const item = where(inMain) && n.tag && n.children ? itemTagOf(n) : null;
      if (item) lists.push([n, item]);
    });
    return lists.sort(([a], [b]) => b.children.length - a.children.length);
  };
  function cutLists(lists, keep, removed, over, reserialize) {
    for (const [list, item] of lists) {
      const kids = list.children;
      const cuttable = () => kids.length > 1 && kids[kids.length - 1].tag === item && !(kids[kids.length - 1].elementIds || []).some((id) => keep.has(id));
      const note = { tag: list.tag === "ol" || list.tag === "ul" ? "li" : "p", attrs: {}, children: [{ text: "" }], elementIds: [], marker: true };
      let cut = 0;
      while (cuttable() && over()) {
        const batch = Math.max(1, Math.ceil(kids.length / 10));
        for (let i = 0; i < batch && cuttable(); i++) { (kids.pop().elementIds || []).forEach((id) => removed.add(id)); cut++; }
        note.children[0].text = `… ${cut} more items`;
        kids.push(note);
        reserialize();
        kids.pop();
      }
      if (cut) kids.push(note);
      reserialize();
      if (!over()) return;
    }
  }

  // Leaves are dropped from the end (keepers and cut markers stay) until the page and this marker fit.
  const LEAVES_CUT = "… more of the page's text and links cut to fit";
  function cutLeaves(root, inMain, keep, removed, limit, reserialize) {
    const leaves = [];
    eachNode(root, (n, parent, here) => {
      const ids = n.elementIds || [];
      const leaf = n.text !== undefined || !n.children || !n.children.length || (ids.length === 1 && n.attrs.name === ids[0]);
      if (leaf && here === inMain) leaves.push([n, parent]);
      return !leaf;
    });
    const room = limit - countTokens(serialize(marker(LEAVES_CUT)));
    let html = reserialize();
    let cut = false;
    for (let i = leaves.length - 1; i >= 0 && countTokens(html) > room; i--) {
      const [leaf, parent] = leaves[i];
      if (!parent || parent.marker || (leaf.elementIds || []).some((id) => keep.has(id))) continue; // what was cut stays said
      parent.children.splice(parent.children.indexOf(leaf), 1);
      (leaf.elementIds || []).forEach((id) => removed.add(id));
      cut = true;
      if (i % 8 === 0) { pruneEmpty(root, removed); html = reserialize(); }
    }
    pruneEmpty(root, removed);
    return cut;
  }

  // Tags whose children were all cut say nothing: they go too (controls and pictures stay).
  function pruneEmpty(node, removed) {
    if (!node.children) return;
    node.children.forEach((c) => pruneEmpty(c, removed));
    const says = (c) => c.text !== undefined || c.tag === "input" || c.tag === "img" || c.children.length || (c.elementIds || []).some((id) => !removed.has(id));
    node.children = node.children.filter(says);
  }

  const root = walk(document.body, [], false, null) || { tag: "body", attrs: {}, children: [], elementIds: [] };
  document.querySelectorAll(`[${ID_ATTR}]`).forEach((el) => { if (!named.has(el)) el.removeAttribute(ID_ATTR); });
  let html = serialize(root);
  let truncated = false;
  if (MAX_TOKENS > 0 && countTokens(html) > MAX_TOKENS) {
    html = fitBudget(root, elements, MAX_TOKENS);
    truncated = true;
  }

  // A region's text, read from the output tree and cut at `limit` characters without walking further.
  const plain = (nodes, limit) => {
    const parts = [];
    let size = 0;
    const visit = (node) => {
      if (size >= limit) return;
      const t = node.text !== undefined ? node.text : node.tag === "img" ? node.attrs.alt || "" : null;
      if (t === null) { node.children.forEach(visit); return; }
      if (t) { parts.push(t); size += t.length + 1; }
    };
    nodes.forEach(visit);
    return norm(parts.join(" ")).slice(0, limit);
  };
  const headingOf = (nodes) => {
    for (const n of nodes) {
      if (n.tag && /^h[1-6]$/.test(n.tag)) return plain([n], 160);
      const inner = n.children ? headingOf(n.children) : "";
      if (inner) return inner;
    }
    return "";
  };
  const regionList = regions.map((r) => {
    const out = { id: r.id, text: plain(r.children, MAX_REGION_TEXT) };
    const heading = headingOf(r.children);
    if (heading) out.heading = heading.slice(0, 160);
    if (r.record) out.record = true;
    return out;
  });

  // One JSON string crosses to Python far faster than Playwright's value-by-value serialization.
  return JSON.stringify({ url: location.href, title: document.title, html, elements, regions: regionList, truncated });
}
