// The budget: the html never exceeds the limit by countTokens.
// Words and punctuation marks, with Python's Unicode \w (observe.count_tokens): the budget is kept by the project's own count.
const countTokens = (s) => (s.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) || []).length;

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
  for (const form of searchForms) {
    for (const b of form.querySelectorAll(`button[${ID_ATTR}], input[${ID_ATTR}]`)) keep.add(b.getAttribute(ID_ATTR));
  }
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
  if (!el?.getAttribute) return 0;
  const tag = el.tagName;
  const role = (el.getAttribute("role") || "").toLowerCase();
  const inMain = !!(el.parentElement?.closest(MAIN));
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
  for (const id of ids) { const k = byId.get(id)?.kind || "item"; counts[k] = (counts[k] || 0) + 1; }
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


// Sections of a tier, largest first: each becomes its keepers and a marker saying what went.
function collapseTier(cut, tier) {
  const { root, keep, removed, byId, over, reserialize } = cut;
  const found = [];
  const visit = (n, inside) => {
    if (!n.children) return;
    const t = inside ? 0 : tierOf(n, keep);
    if (t === tier) { found.push(n); return; }
    for (const c of n.children) visit(c, inside || t > tier);
  };
  visit(root, false);
  found.sort((a, b) => idsUnder(b).length - idsUnder(a).length);
  for (const node of found) {
    // A mega-menu first loses the tails of its lists, so its top entries stay when the page then fits.
    if (tier === 3) cutLists(listsUnder(node, () => true), keep, removed, over, reserialize);
    if (!over()) return;
    const kept = keepersUnder(node, keep);
    const gone = idsUnder(node).filter((id) => !keep.has(id));
    for (const id of gone) removed.add(id);
    const name = node.attrs.name || (node.el?.tagName.toLowerCase()) || "section";
    node.children.splice(0, node.children.length, ...kept, marker(`… ${name}: ${kindsOf(gone, byId)} cut to fit`));
    reserialize();
  }
}

// The html of the tree cut to `limit` tokens; the elements that were cut leave `elements`.
function fitBudget(root, elements, limit) {
  const byId = new Map(elements.map((e) => [e.id, e]));
  const keep = keepersOf(elements);
  const removed = new Set();
  let html = serialize(root);
  const over = () => countTokens(html) > limit;
  const reserialize = () => {
    html = serialize(root);
    return html;
  };
  const cut = { root, keep, removed, byId, over, reserialize };
  collapseTier(cut, 3);
  collapseTier(cut, 2);
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
    const here = inMain || !!(n.el?.matches(MAIN));
    if (visit(n, parent, here) === false || !n.children) return;
    for (const c of n.children) go(c, n, here);
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
  eachNode(root, (n, _parent, inMain) => {
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
      for (let i = 0; i < batch && cuttable(); i++) { for (const id of kids.pop().elementIds || []) removed.add(id); cut++; }
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
    for (const id of leaf.elementIds || []) removed.add(id);
    cut = true;
    if (i % 8 === 0) { pruneEmpty(root, removed); html = reserialize(); }
  }
  pruneEmpty(root, removed);
  return cut;
}

// Tags whose children were all cut say nothing: they go too (controls and pictures stay).
function pruneEmpty(node, removed) {
  if (!node.children) return;
  for (const c of node.children) pruneEmpty(c, removed);
  const says = (c) => c.text !== undefined || c.tag === "input" || c.tag === "img" || c.children.length || (c.elementIds || []).some((id) => !removed.has(id));
  node.children = node.children.filter(says);
}

