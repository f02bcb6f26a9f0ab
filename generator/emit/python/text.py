"""Spans and import lines of generated Python source, shared by the models' rewrites
(models.py, chunks.py, lazy.py)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any


def defines(node: ast.stmt) -> list[str]:
    """The module-level names a statement binds (a class, an assignment's names)."""
    if isinstance(node, ast.ClassDef | ast.FunctionDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def reads(node: ast.AST) -> set[str]:
    """The names a statement reads (a field named like a model is no use of it)."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


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
