"""Spec text into Go source (generator.emit.go.escape), checked with Go itself: string literals
read back as the exact text, comments that gofmt leaves alone (no doc-comment list, heading,
code block or curly quote made of spec text), for hostile strings and random ones."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from golang import go

from generator.emit.go.escape import go_comment, go_string, tag_name

pytestmark = pytest.mark.slow

HOSTILE = [
    "plain", 'quote " and \\ backslash', "new\nline\r\n\ttab", "`backquote`", "*/ /* // ",
    "\x00\x01\x7f", "é ü 漢字 🎉", "\u2028\u2029\ufeff", "- a list\n- item",
    "1. first\n2. second", "# Heading\n\nText", "Heading Like Line\n\nMore text here.",
    "Intro.\n\nResource creation - `value` MAY be returned\n\nIt's fine\n\nv1.2 Notes\n\nEnd.",
    "    indented code\n\nafter", "Deprecated: not really", "``quoted'' text",
    "```code``` ''''x", "a\n\n\n\nb", "}\n}\nfunc main() {", "\\u0041", "> quote",
    "| table |", "+ plus", "• bullet", "", " ", "x" * 300,
]  # fmt: skip


def _check(texts: list[str], tmp_path: Path) -> None:
    """Each text as a comment (on a var and on a func: doc comments gofmt reformats) and as a
    literal; gofmt rewrites nothing and the program prints the texts back."""
    lines = ['package main\n\nimport (\n\t"encoding/json"\n\t"os"\n)\n']
    for index, text in enumerate(texts):
        doc = go_comment(text) or "// (none)\n"
        lines.append(f"\n{doc}var v{index} = {go_string(text)}\n")
        lines.append(f"\n// F{index} is a function.\n//\n{doc}func F{index}() {{}}\n")
    values = ", ".join(f"v{i}" for i in range(len(texts)))
    lines.append(
        f"\nfunc main() {{\n\t_ = json.NewEncoder(os.Stdout).Encode([]string{{{values}}})\n}}\n"
    )
    (tmp_path / "go.mod").write_text("module example.test/escape\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text("".join(lines))
    fmt = go("fmt", ".", cwd=tmp_path)
    assert fmt.returncode == 0 and fmt.stdout == "", (fmt.stdout, fmt.stderr)
    vet = go("vet", ".", cwd=tmp_path)
    assert vet.returncode == 0, vet.stderr[-2000:]
    run = go("run", ".", cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    expected = ["".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in t) for t in texts]
    assert json.loads(run.stdout) == expected


def test_hostile_text_is_data_in_go(tmp_path: Path) -> None:
    _check(HOSTILE, tmp_path)


ALPHABET = (
    "aZ09 \t\n\r\\\"'`/*-#>|+•.,:()[]{}<>$%&~^"
    "\x00\x1b\x7f\u0085\u00a0\u2028\u2029\ufeff\u200béü漢🎉\ud800"
)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_text_is_data_in_go(tmp_path: Path, seed: int) -> None:
    """Random strings over an alphabet of what breaks source text (seeded: a failure replays)."""
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 80))) for _ in range(60)]
    _check(texts, tmp_path)


def test_tag_names() -> None:
    assert tag_name("user_id") and tag_name("x-rate-limit") and tag_name("a.b:c")
    assert not tag_name('a"b') and not tag_name("a,b") and not tag_name("a`b") and not tag_name("")


def test_printable_ascii_is_data_in_go(tmp_path: Path) -> None:
    """go_string writes printable ASCII without its quote or backslash as it stands: random
    strings of it, and with those two mixed in, round-trip through Go (seeded)."""
    rng = random.Random(11)
    plain = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')
    texts = ["".join(rng.choice(plain) for _ in range(rng.randint(0, 60))) for _ in range(40)]
    texts += [t[: len(t) // 2] + rng.choice('"\\') + t[len(t) // 2 :] for t in texts[:20]]
    _check(texts, tmp_path)
