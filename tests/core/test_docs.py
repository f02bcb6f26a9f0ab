"""The front page and docs/ name only what exists: every relative link resolves, every path in
code (`generator/...`, `tests/...`, `Makefile`, ...) is in the checkout, every `make` target is
in the Makefile, and every `apigen` command and option a page shows is one `--help` lists."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ROOTS = ("generator/", "templates/", "tests/", "tools/", "overlays/", "docs/", "bench/", ".github/")
FILES = {"Makefile", "pyproject.toml", "apigen.toml", "apigen.lock.json", "requirements.lock"}
# paths of the installed wheel, not of the checkout (templates/ ships as generator/templates)
INSTALLED = {"generator/templates"}
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)


def _code(text: str) -> list[str]:
    """Inline code spans and the lines of fenced blocks."""
    blocks = [line for block in FENCE.findall(text) for line in block.splitlines()]
    return CODE.findall(FENCE.sub("", text)) + blocks


def _paths(snippet: str) -> list[str]:
    out = []
    for word in re.split(r"[\s,;()=\"']+", snippet):
        word = word.rstrip(".:")
        if any(mark in word for mark in ("<", "*", "{", "...", "…", "$")):
            continue  # a pattern or a placeholder, not a path
        if (word.startswith(ROOTS) or word in FILES) and word not in INSTALLED:
            out.append(word.split("#")[0])
    return out


@functools.cache
def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"(?m)^([a-z][\w-]*):", text))


@functools.cache
def _commands() -> set[str]:
    import argparse

    from generator.cli import build_parser

    actions = build_parser()._subparsers._group_actions  # type: ignore[union-attr]
    return {
        name
        for action in actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


@functools.cache
def _help(command: str) -> str:
    result = run_cli(command, "--help")
    return result.stdout + result.stderr


def test_there_are_docs_and_the_front_page_is_short() -> None:
    assert len(PAGES) >= 15
    assert len((ROOT / "README.md").read_text().splitlines()) <= 200


@pytest.mark.parametrize(
    "page", PAGES, ids=lambda p: p.name if p.parent == ROOT else f"docs/{p.name}"
)
def test_links_paths_targets_and_commands_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    problems = []
    for target in LINK.findall(text):
        if target.startswith(("http://", "https://", "mailto:", "#")):
            continue
        if not (page.parent / target.split("#")[0]).exists():
            problems.append(f"link {target}")
    for snippet in _code(text):
        for path in _paths(snippet):
            if not (ROOT / path).exists():
                problems.append(f"path {path}")
        for target in re.findall(r"\bmake ([a-z][\w-]*)", snippet):
            if target not in _make_targets():
                problems.append(f"make {target}")
        # a command line: `apigen CMD ...` (or `.venv/bin/apigen CMD ...`) at its start
        for command, rest in re.findall(
            r"^\s*(?:\.venv/bin/)?apigen ([a-z]+)\b([^|&;#]*)", snippet
        ):
            if command not in _commands():
                problems.append(f"apigen {command}")
                continue
            for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", rest):
                if option not in _help(command):
                    problems.append(f"apigen {command} {option}")
    assert not problems, f"{page.name}: " + ", ".join(sorted(set(problems)))
