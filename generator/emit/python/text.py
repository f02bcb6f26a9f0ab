"""Spans and import lines of generated Python source, shared by the models' rewrites
(models.py, chunks.py, lazy.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def spans(source: str) -> Callable[[Any], tuple[int, int]]:
    """A node's (start, end) in `source` as string offsets (ast counts UTF-8 bytes per line)."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + len(lines[line - 1].encode()[:column].decode())

    def span(node: Any) -> tuple[int, int]:
        end_line, end_column = node.end_lineno or node.lineno, node.end_col_offset or 0
        return offset(node.lineno, node.col_offset), offset(end_line, end_column)

    return span


def wrap_import(line: str, width: int = 88) -> str:
    """A long `from x import a, b` as isort writes it: one name a line in parentheses."""
    if len(line) <= width or " import " not in line:
        return line
    head, names = line.split(" import ", 1)
    return f"{head} import (\n" + "".join(f"    {n.strip()},\n" for n in names.split(",")) + ")"
