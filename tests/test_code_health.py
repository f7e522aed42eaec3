"""The checks that keep the layout: lint, format, types, import contracts, short functions."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MAX_FUNCTION_LINES = 60
# Biome, from npm (scripts/setup.sh): the page simplifier's JavaScript, with the same 60-line rule (biome.jsonc).
BIOME = ROOT / "node_modules" / ".bin" / "biome"
SIMPLIFIER = "shopagent/browser/simplify"


def biome() -> Path:
    if not BIOME.exists():
        if os.environ.get("CI"):
            pytest.fail("biome is not installed: scripts/setup.sh installs it with npm ci")
        pytest.skip("biome is not installed (scripts/setup.sh installs it with npm ci)")
    return BIOME


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "shopagent", "tests", "bench"],
        ["ruff", "format", "--check", "shopagent", "tests", "bench"],
        ["mypy"],
        ["lint-imports"],
        ["biome", "lint", "--error-on-warnings", SIMPLIFIER],
    ],
    ids=["ruff-lint", "ruff-format", "mypy", "import-contracts", "biome-lint"],
)
def test_tool_passes(command):
    tool = biome() if command[0] == "biome" else BIN / command[0]
    result = subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_joined_simplifier_declares_and_uses_every_name(tmp_path):
    """The parts run as one closure (observe.simplifier_source): biome checks it for undeclared and unused names."""
    from shopagent.browser.observe import simplifier_source

    (tmp_path / "simplify.joined.js").write_text(simplifier_source(), encoding="utf-8")
    (tmp_path / "biome.json").write_text(f'{{"extends": ["{ROOT / "biome.jsonc"}"]}}', encoding="utf-8")
    command = [str(biome()), "lint", "--error-on-warnings", "simplify.joined.js"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def long_functions(folder: Path, limit: int, base: Path = ROOT) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                length = node.end_lineno - node.lineno + 1
                if length > limit:
                    found.append(f"{path.relative_to(base)}:{node.lineno} {node.name} ({length} lines)")
    return found


def test_no_function_is_longer_than_a_screen():
    assert long_functions(ROOT / "shopagent", MAX_FUNCTION_LINES) == []


def test_the_length_check_finds_a_long_function(tmp_path):
    (tmp_path / "long.py").write_text("def f():\n" + "    x = 1\n" * 70)
    (tmp_path / "short.py").write_text("def g():\n    return 1\n")
    assert long_functions(tmp_path, MAX_FUNCTION_LINES, base=tmp_path) == ["long.py:1 f (71 lines)"]
