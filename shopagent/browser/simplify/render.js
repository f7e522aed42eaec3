// Rendering: the output tree as HTML, without the end tags HTML lets a document omit;
// a region's text and heading, read from the output tree.

const MAX_REGION_TEXT = 600;
const P_CLOSED_BY = /^<(p|ul|ol|table|form|fieldset|section|article|aside|header|footer|nav|main|div|dialog|h[1-6])[ >]/;
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (s) => esc(s).replace(/"/g, "&quot;");

const serialize = (node) => {
  if (node.text !== undefined) return esc(node.text);
  const inner = node.children.map(serialize).filter(Boolean);
  let body = "";
  for (let i = 0; i < inner.length; i++) {
    // A wrapper that is not printed does not end anything: its last part is judged by what follows the wrapper.
    const part = i + 1 < inner.length || node.tag ? dropEndTag(inner[i], inner[i + 1]) : inner[i];
    body += body && !/\s$/.test(body) ? ` ${part}` : part;
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
// Each named region with its visible text and heading.
const describeRegions = (regions) =>
  regions.map((r) => {
    const out = { id: r.id, text: plain(r.children, MAX_REGION_TEXT) };
    const heading = headingOf(r.children);
    if (heading) out.heading = heading.slice(0, 160);
    if (r.record) out.record = true;
    return out;
  });

