"""One Chromium, many shoppers: each shopper is its own BrowserContext (cookies, cart) and page.

A network guard lets each context reach only the origins it was given. Chromium
itself enforces it: every other request goes to a proxy that refuses connections,
so it fails before leaving the machine, and each failure is counted.
"""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Browser as PWBrowser
from playwright.async_api import BrowserContext, Frame, Page, Playwright, Request, ViewportSize, async_playwright
from playwright.async_api import Error as PlaywrightError

from shopagent.browser.chromium import INSTALL_HINT, find_chromium, launch_args
from shopagent.browser.observe import install_script, observe, observe_html
from shopagent.browser.watch import LINGER_S, SHOW_PAUSE_S, hide_intent, show_intent
from shopagent.errors import BrowserCrashed, ShopagentError
from shopagent.types import Observation

VIEWPORT: ViewportSize = {"width": 1280, "height": 900}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ShopagentError(f"{url!r} is not an absolute http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"


def proxy_bypass(origins: list[str]) -> str:
    """Chromium proxy-bypass rules that let exactly these origins go direct.

    `<-loopback>` takes back Chromium's implicit bypass for localhost, so other
    servers on this machine are refused like any other site.
    """
    rules = ["<-loopback>"]
    for origin in origins:
        parts = urlsplit(origin)
        host = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
        rules.append(f"{parts.scheme}://{host}:{port}")
    return ",".join(rules)


# What Chromium reports for a request sent to the refusing proxy (CONNECT for https).
_BLOCKED_ERRORS = ("ERR_PROXY_CONNECTION_FAILED", "ERR_TUNNEL_CONNECTION_FAILED")


class DeadEnd:
    """A loopback port that is bound but never listens: connecting to it is refused at once.

    Holding the socket keeps the port from being taken by anything else while the browser runs.
    """

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.proxy = f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def close(self) -> None:
        self._socket.close()


@dataclass
class Shopper:
    """A shopper's private browser context and its one page."""

    context: BrowserContext
    page: Page
    origins: list[str]
    blocked: list[str] = field(default_factory=list)
    crashed: bool = False
    trace_path: Path | None = None
    navigations_started: int = 0
    navigations_committed: int = 0
    fetches_in_flight: int = 0
    fetches_started: int = 0
    watch: bool = False

    def watch_navigations(self) -> None:
        """Count main-frame navigations requested and committed, so actions can wait for late ones."""
        main = self.page.main_frame

        def started(request: Request) -> None:
            if request.is_navigation_request() and request.frame == main:
                self.navigations_started += 1

        def committed(frame: Frame) -> None:
            if frame == main:
                self.navigations_committed = max(self.navigations_committed + 1, self.navigations_started)

        def fetched(request: Request, change: int) -> None:
            # A client-rendered page fetches what it shows next (a variant, shipping methods) after the click returns.
            if request.resource_type in ("fetch", "xhr"):
                self.fetches_in_flight = max(0, self.fetches_in_flight + change)
                self.fetches_started += max(0, change)

        self.page.on("request", started)
        self.page.on("request", lambda r: fetched(r, 1))
        self.page.on("requestfinished", lambda r: fetched(r, -1))
        self.page.on("framenavigated", committed)
        self.page.on("requestfailed", lambda r: committed(main) if r.is_navigation_request() and r.frame == main else None)
        self.page.on("requestfailed", lambda r: fetched(r, -1))

    @property
    def blocked_count(self) -> int:
        return len(self.blocked)

    def check_alive(self) -> None:
        if self.crashed or self.page.is_closed():
            raise BrowserCrashed("the page crashed or was closed; start a new shopper to go on")

    async def goto(self, url: str) -> None:
        self.check_alive()
        try:
            await self.page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as exc:
            self.check_alive()
            raise ShopagentError(f"could not open {url}: {str(exc).splitlines()[0]}") from None

    async def observe(self, max_tokens: int = 0) -> Observation:
        self.check_alive()
        try:
            return await observe(self.page, max_tokens)
        except PlaywrightError as exc:
            self.check_alive()
            if "Target" in str(exc) and "closed" in str(exc):
                self.crashed = True
                raise BrowserCrashed("the browser went away while observing the page") from None
            raise

    async def wait_for_new_url(self, old: str, timeout_ms: float = 3000) -> str:
        """The page's URL once it differs from `old` (a form that posts and redirects), or as it is after `timeout_ms`."""
        try:
            await self.page.wait_for_url(lambda url: url != old, timeout=timeout_ms, wait_until="domcontentloaded")
        except PlaywrightError:
            self.check_alive()
        return self.page.url

    async def cookie(self, name: str) -> str | None:
        for c in await self.context.cookies():
            if c["name"] == name:
                return c["value"]
        return None

    async def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        await self.page.screenshot(path=str(path))

    async def show_intent(self, rationale: str, target: str | None) -> None:
        """With `watch`: the rationale and the target's outline, for SHOW_PAUSE_S, then gone before the action."""
        if not self.watch or self.crashed or self.page.is_closed():
            return
        await show_intent(self.page, rationale, target)
        await asyncio.sleep(SHOW_PAUSE_S)
        await hide_intent(self.page)

    async def close(self) -> None:
        if self.watch and not self.crashed and not self.page.is_closed():
            await asyncio.sleep(LINGER_S)  # let a person see where the session ended
        try:
            if self.trace_path:
                await self.context.tracing.stop(path=str(self.trace_path))
            await self.context.close()
        except PlaywrightError:
            pass  # the browser is already gone; nothing left to close


@dataclass
class BrowserLaunch:
    """How to start Chromium: Browser(**vars(launch))."""

    headless: bool = True
    slow_mo: float = 0
    images: bool = True
    watch: bool = False  # show each rationale and outline its target before acting (for headed runs)


class Browser:
    """An async context manager owning Playwright and one Chromium.

    async with Browser(headless=True) as browser:
        shopper = await browser.new_shopper(["http://127.0.0.1:8000"])
    """

    def __init__(self, headless: bool = True, slow_mo: float = 0, images: bool = True, watch: bool = False) -> None:
        self.headless = headless
        self.watch = watch
        self.slow_mo = slow_mo
        self.images = images
        self._pw: Playwright | None = None
        self._browser: PWBrowser | None = None
        self._static_page: Page | None = None
        self._dead_end: DeadEnd | None = None
        self.disconnected = False

    async def start(self) -> Browser:
        self._dead_end = DeadEnd()
        self._pw = await async_playwright().start()
        executable = find_chromium(self.headless)
        try:
            self._browser = await self._pw.chromium.launch(
                executable_path=executable, headless=self.headless, slow_mo=self.slow_mo, args=launch_args(self.images)
            )
        except PlaywrightError as exc:
            await self._pw.stop()
            self._dead_end.close()
            first = str(exc).strip().splitlines()[0]
            where = executable or "Playwright's managed Chromium"
            raise ShopagentError(f"could not start Chromium ({where}): {first}; {INSTALL_HINT}") from None
        self._browser.on("disconnected", lambda _: setattr(self, "disconnected", True))
        return self

    async def __aenter__(self) -> Browser:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def version(self) -> str:
        return self._browser.version if self._browser else ""

    async def new_shopper(self, origins: list[str], *, trace_path: Path | None = None, java_script: bool = True) -> Shopper:
        """A fresh context that may reach only `origins` (scheme://host:port)."""
        if self._browser is None or self.disconnected:
            raise BrowserCrashed("the browser is not running; start a new one")
        assert self._dead_end is not None
        # Chromium applies a context's proxy to its pages, popups and workers alike, and
        # asks nothing of the driver per request (Playwright's route() would, and it
        # turns the HTTP cache off).
        context = await self._browser.new_context(
            viewport=VIEWPORT,
            java_script_enabled=java_script,
            proxy={"server": self._dead_end.proxy, "bypass": proxy_bypass(list(origins))},
        )
        context.set_default_timeout(10_000)
        shopper = Shopper(context=context, page=await context.new_page(), origins=list(origins), trace_path=trace_path, watch=self.watch)

        def count_blocked(request: Request) -> None:
            if any(error in (request.failure or "") for error in _BLOCKED_ERRORS):
                shopper.blocked.append(request.url)

        context.on("requestfailed", count_blocked)
        # Install the simplifier as each document starts, so observing never waits to compile it.
        await context.add_init_script(install_script())
        shopper.watch_navigations()

        def last_page_closed(_page: Page) -> None:
            # A person closed the window: with no page left there is nothing to act on.
            if not context.pages:
                shopper.crashed = True

        shopper.page.on("crash", lambda _page: setattr(shopper, "crashed", True))
        shopper.page.on("close", last_page_closed)
        if trace_path:
            trace_path.parent.mkdir(parents=True, exist_ok=True)
            await context.tracing.start(screenshots=True, snapshots=True)
        return shopper

    async def observe_html(self, html: str, url: str = "about:blank", max_tokens: int = 0) -> Observation:
        """Simplify stored HTML with the live routine, in a scriptless page that fetches nothing."""
        if self._static_page is None:
            shopper = await self.new_shopper([], java_script=False)
            self._static_page = shopper.page
        return await observe_html(self._static_page, html, url, max_tokens)

    async def close(self) -> None:
        try:
            if self._browser is not None and not self.disconnected:
                await self._browser.close()
        except PlaywrightError:
            pass
        finally:
            if self._pw is not None:
                await self._pw.stop()
            if self._dead_end is not None:
                self._dead_end.close()
            self._pw = self._browser = self._dead_end = None
