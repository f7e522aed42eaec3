// Runs the stages: extraction, rendering, the budget; returns the observation as one JSON string.
// Called as: simplify(options) with options.maxTokens (0: no budget).
const simplify = (options) => {
  const maxTokens = options.maxTokens || 0;
  const root = walk(document.body, [], false, null) || { tag: "body", attrs: {}, children: [], elementIds: [] };
  for (const el of document.querySelectorAll(`[${ID_ATTR}]`)) if (!named.has(el)) el.removeAttribute(ID_ATTR);
  let html = serialize(root);
  let truncated = false;
  if (maxTokens > 0 && countTokens(html) > maxTokens) {
    html = fitBudget(root, elements, maxTokens);
    truncated = true;
  }
  // One JSON string crosses to Python far faster than Playwright's value-by-value serialization.
  return JSON.stringify({ url: location.href, title: document.title, html, elements, regions: describeRegions(regions), truncated });
};
