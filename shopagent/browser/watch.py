"""What a person watching a headed run sees: the shopper's rationale in a banner, and the
element it is about to use outlined. Both are removed before the action runs, so they
never reach a screenshot, a trace's snapshot of the action, or the next observation."""

from __future__ import annotations

import contextlib

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from shopagent.browser.observe import ID_ATTR

SHOW_PAUSE_S = 1.2  # how long the banner and outline stay before the action runs
LINGER_S = 4.0  # how long the window stays on the final page before it closes

_SHOW = """([text, target, attr]) => {
  document.getElementById('shopagent-watch')?.remove();
  const banner = document.createElement('div');
  banner.id = 'shopagent-watch';
  banner.setAttribute('aria-hidden', 'true');
  // At the top: a headed window on a small screen loses the bottom of the viewport under the browser's own toolbar.
  banner.style.cssText = 'position:fixed;left:12px;right:12px;top:12px;z-index:2147483647;padding:10px 14px;' +
    'background:rgba(20,20,40,.88);color:#fff;font:15px/1.4 system-ui,sans-serif;border-radius:8px;pointer-events:none';
  banner.textContent = 'Shopper: ' + text;  // words, not an emoji: many machines have no emoji font
  document.documentElement.appendChild(banner);
  const el = target && document.querySelector('[' + attr + '="' + CSS.escape(target) + '"]');
  if (el) {
    el.scrollIntoView({block: 'center'});
    el.dataset.shopagentOutline = el.style.outline || '';
    el.style.outline = '3px solid #e53e3e';
    el.style.outlineOffset = '2px';
  }
}"""

_HIDE = """(attr) => {
  document.getElementById('shopagent-watch')?.remove();
  for (const el of document.querySelectorAll('[data-shopagent-outline]')) {
    el.style.outline = el.dataset.shopagentOutline; el.style.outlineOffset = '';
    delete el.dataset.shopagentOutline;
  }
}"""


async def show_intent(page: Page, rationale: str, target: str | None) -> None:
    with contextlib.suppress(PlaywrightError):  # the page is navigating; the banner is a courtesy, never a failure
        await page.evaluate(_SHOW, [rationale, target or "", ID_ATTR])


async def hide_intent(page: Page) -> None:
    with contextlib.suppress(PlaywrightError):
        await page.evaluate(_HIDE, ID_ATTR)
