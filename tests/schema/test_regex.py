"""generator.schema.regex: spec patterns in linear time, and the backtracking judge."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import PERMIT_SPEC, SHARED

from generator.schema import regex

UNSAFE = [
    "^(a+)+$", "(a*)*", r"(\w+\s?)*$", "(a|aa)*c", "(a|a)*c", r"(\.(a|a))*c", r"\d*\d*x",
    "^.*.*=", "(x+x+)+y", "a*b?a*c", "(?=a)b", r"(a)\1", "([",
]  # fmt: skip
SAFE = [
    "[a-z0-9-]{2,}", "^.+:.+$", r"^[A-Za-z0-9\-_]+$", r"^([a-z0-9]+-)*[a-z0-9]+$",
    r"^https://[a-zA-Z0-9\-\.]+\.[a-zA-Z]{2,3}(/\S*)?$", "^[^@]+@[^@]+$", "(ab*)*c",
    r"(\d{1,3}\.){3}\d{1,3}",
]  # fmt: skip


@pytest.mark.parametrize("pattern", UNSAFE)
def test_unsafe_patterns_are_refused(pattern: str) -> None:
    assert not regex.backtracking_safe(pattern)


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_are_kept(pattern: str) -> None:
    assert regex.backtracking_safe(pattern)


def test_linear_engine_matches_what_hangs_python_re() -> None:
    assert regex.search("^(a+)+$", "a" * 50_000 + "!") is False
    assert regex.search("^(a+)+$", "aaa") is True
    assert regex.search("(?=a)b", "ab") is None  # not readable in linear time: unchecked


def _corpus_patterns() -> list[str]:
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.add(value)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in [PERMIT_SPEC, *sorted((SHARED / "corpus").rglob("*.json"))]:
        walk(json.loads(path.read_text()))
    return sorted(found)


@pytest.mark.slow
def test_patterns_judged_safe_run_quickly_in_node_on_hostile_texts() -> None:
    """Every pattern of the shared specs judged safe, against texts built to make a backtracking
    engine work (runs of each class's characters, then a character that breaks the match), at
    the sandbox's bound: node finishes them all (a blow-up would not, within the time-out)."""
    patterns = [p for p in _corpus_patterns() if regex.backtracking_safe(p)]
    assert len(patterns) >= 5
    script = """
const patterns = JSON.parse(process.argv[1]);
const fillers = ["a", "1", "-", ".", " ", "a1", "a-", "1.", "x:", "@a"];
let runs = 0;
for (const p of patterns) {
  const re = new RegExp(p);
  for (const f of fillers) {
    for (const tail of ["", "!", "\\n", " !"]) {
      re.test(f.repeat(Math.floor(1000 / f.length)) + tail); runs++;
    }
  }
}
console.log(runs);
"""
    done = subprocess.run(
        ["node", "-e", script, json.dumps(patterns)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(patterns) * 40
