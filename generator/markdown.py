"""Markdown from spec text, for every Markdown apigen writes (the cheat-sheet, the normalize
report, CHANGES.md): prose that cannot turn into formatting, links or HTML, and code spans that
no backtick, pipe or newline in the text can end early."""

from __future__ import annotations

import re
from typing import Any

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_TICKS = re.compile(r"`+")


def md_text(value: Any) -> str:
    """Plain text inside Markdown: no formatting, links or HTML can come out of it."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def md_block(value: Any) -> str:
    """A Markdown paragraph from the spec: its formatting kept, raw HTML shown as text."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def fence(value: Any) -> str:
    """A code fence longer than any backtick run inside `value`."""
    runs = [len(m) for m in _TICKS.findall(str(value))]
    return "`" * max(3, max(runs, default=0) + 1)


def md_code(value: Any, *, table: bool = False) -> str:
    """An inline code span around `value`: delimited by more backticks than any run inside it,
    on one line; inside a table cell a pipe is escaped (GFM reads `\\|` there as a pipe)."""
    text = re.sub(r"\s*\n\s*", " ", str(value))
    if table:
        text = text.replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"
