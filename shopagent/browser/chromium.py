"""Find a Chromium to drive: SHOPAGENT_CHROMIUM, then Debian's packages, then Playwright's own.

Headless runs prefer Chromium's headless shell (Debian's `chromium-headless-shell`, the
build Playwright itself uses for headless work): the same Blink, without the browser
window's compositing and UI, at about half the CPU per page. Headed runs need the full
browser.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from shopagent.errors import ShopagentError

DEBIAN_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")
HEADLESS_SHELL_PATHS = ("/usr/bin/chromium-headless-shell", "/usr/lib/chromium/chromium-headless-shell")
INSTALL_HINT = (
    "install one with `apt-get install chromium chromium-headless-shell` (Debian/Ubuntu) or set SHOPAGENT_CHROMIUM=/path/to/chrome"
)

# Flags that keep Chromium from phoning home: this machine's network is closed and
# the simulated shopper must reach the store under test only.
LAUNCH_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]


def find_chromium(headless: bool = True) -> str | None:
    """The executable to launch, or None to let Playwright use its managed browser."""
    env = os.environ.get("SHOPAGENT_CHROMIUM")
    if env:
        if not Path(env).exists():
            raise ShopagentError(f"SHOPAGENT_CHROMIUM={env} does not exist; {INSTALL_HINT}")
        return env
    for path in (HEADLESS_SHELL_PATHS if headless else ()) + DEBIAN_PATHS:
        if Path(path).exists():
            return path
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    return found


def launch_args(images: bool = True) -> list[str]:
    args = list(LAUNCH_ARGS)
    if not images:
        # Pictures are decoration to an agent reading simplified HTML (alt text stays in the
        # DOM); not fetching and decoding them is the largest saving in a headless population.
        args.append("--blink-settings=imagesEnabled=false")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to start its sandbox as root
    return args
