"""Generated Python source as data: the names a statement binds and reads, where they sit,
renaming them, import lines, and the reference graph's components; shared by the models'
rewrites (models.py, lazy.py)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

Span = Callable[[Any], tuple[int, int]]
Edit = tuple[int, int, str]  # replace source[start:end] with the text


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


def statement_span(node: ast.stmt, span: Span) -> tuple[int, int]:
    """A top-level statement's (start, end), from the `@` of its first decorator."""
    start, end = span(node)
    decorators = getattr(node, "decorator_list", [])
    if decorators:
        start = min(span(d)[0] for d in decorators) - 1
    return start, end


def replaced(source: str, edits: list[Edit]) -> str:
    """`source` with each (start, end, text) edit made; the edits do not overlap."""
    pieces, position = [], 0
    for start, end, new in sorted(edits):
        pieces += [source[position:start], new]
        position = end
    return "".join([*pieces, source[position:]])


def components(edges: list[set[int]]) -> list[int]:
    """Tarjan's strongly connected components, iteratively: each node's component number. A
    component is numbered after every component it reaches, so ordering by number puts
    what a node needs before it."""
    count = len(edges)
    index, low, component = [-1] * count, [0] * count, [-1] * count
    stack: list[int] = []
    on_stack = [False] * count
    counter = found = 0
    for start in range(count):
        if index[start] >= 0:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack[start] = True
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if index[child] < 0:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack[child] = True
                    work.append((child, iter(sorted(edges[child]))))
                elif on_stack[child]:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    component[member] = found
                    if member == node:
                        break
                found += 1
    return component
