"""The pydantic models of a big API in chunks: datamodel-code-generator's time and memory grow
faster than the schemas (GitHub's 969 schemas: 16 s and 490 MB in one run), so a big set of
named schemas is cut into chunks, each generated with the schemas it refers to, on two cores.

- **Units.** Schemas whose classes the generator writes together stay together: a reference
  cycle, a schema and the schemas its `allOf` names (a subclass redeclares inherited fields
  with the base's own nested types), and a discriminated union with its variants (the
  generator narrows each variant's tag to a `Literal`).
- **Chunks.** Units in dependency order, packed up to a weight (the schemas' JSON size); a
  chunk's run gets its own schemas and every schema they reach, and keeps only the classes of
  its own schemas and what they alone use (their nested models and enums). Classes of the
  schemas it reaches come from their own chunk.
- **Names.** A named schema's class is its name (the normalizer makes it one) in every run; a
  nested class whose name another chunk took first is renamed to the next free number (the
  generator's own scheme: `Status`, `Status1`, ...), in chunk order: deterministic.

The merged module is then what one run would give, up to the numbers of nested classes."""

from __future__ import annotations

import ast
import json
import os
from collections.abc import Callable
from typing import Any, NamedTuple

from generator.emit.python.text import (
    Edit,
    Span,
    components,
    defines,
    name_spans,
    reads,
    renumbered,
    replaced,
    spans,
    statement_span,
)
from generator.schema.draft07 import closure, references

# a chunk's own schemas, as JSON text (reached ones come on top); and the size from which
# chunking pays: below it, one run (Permit's 335 schemas, most of the corpus)
CHUNK_WEIGHT = 700_000
CHUNKED_FROM = 800_000


def _together(schema: Any) -> set[str]:
    """The schemas `schema` must be generated with: those its `allOf`s name, and the variants
    of its discriminated unions (at any depth)."""
    found: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("allOf"), list):
            found |= references(node["allOf"])
        if isinstance(node.get("discriminator"), dict):
            found |= references([node.get("oneOf"), node.get("anyOf")])
            mapping = node["discriminator"].get("mapping")
            if isinstance(mapping, dict):
                found |= references([{"$ref": v} for v in mapping.values() if isinstance(v, str)])
        todo.extend(node.values())
    return found


def plan_chunks(named: dict[str, Any]) -> list[list[str]]:
    """The named schemas in chunks (each a sorted list), dependencies' chunks first; one chunk
    when the schemas weigh less than CHUNKED_FROM."""
    weight = CHUNK_WEIGHT
    sizes = {name: len(json.dumps(schema)) for name, schema in named.items()}
    if sum(sizes.values()) < CHUNKED_FROM:
        return [sorted(named)]
    edges = {name: references(schema) & named.keys() for name, schema in named.items()}
    parent = {name: name for name in named}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for name, schema in named.items():
        for other in _together(schema) & named.keys():
            union(name, other)
    # units that reach each other are one: each component of the units' graph (numbered
    # after what it needs, text.components) becomes a unit, in that order
    units = sorted({find(n) for n in named})
    at = {unit: i for i, unit in enumerate(units)}
    unit_edges: list[set[int]] = [set() for _ in units]
    for name, targets in edges.items():
        unit_edges[at[find(name)]].update(at[find(t)] for t in targets)
    component = components([targets - {i} for i, targets in enumerate(unit_edges)])
    first: dict[int, str] = {}
    for i, unit in enumerate(units):
        union(unit, first.setdefault(component[i], unit))
    order = sorted({find(u) for u in units}, key=lambda u: component[at[u]])
    members: dict[str, list[str]] = {}
    for name in sorted(named):
        members.setdefault(find(name), []).append(name)
    chunks: list[list[str]] = []
    current: list[str] = []
    load = 0
    for unit in order:
        current += members[unit]
        load += sum(sizes[n] for n in members[unit])
        if load >= weight:
            chunks.append(sorted(current))
            current, load = [], 0
    if current:
        chunks.append(sorted(current))
    return chunks


class Part(NamedTuple):
    """What one chunk's run keeps, as plain data (made where the chunk ran, pickled back): its
    imports (module, name, alias), its own definitions and statements about them in the
    generator's order, each as its text with the spans of the names in it, and the names of
    its nested classes."""

    imports: list[tuple[str, str, str | None]]
    pieces: list[tuple[str, list[tuple[int, int, str]]]]
    helpers: list[str]

    def text(self, renames: dict[str, str]) -> str:
        """The kept definitions, with the names in `renames` changed."""
        return "\n\n\n".join(
            replaced(text, [(a, b, renames[n]) for a, b, n in names if n in renames])
            for text, names in self.pieces
        )


def keep(source: str, own: set[str], named: set[str]) -> Part:
    """The part of a chunk's module that is the chunk's own: the classes of its schemas, and
    what they use not through a schema of another chunk."""
    tree = ast.parse(source)
    span = spans(source)
    defs = [n for n in tree.body if isinstance(n, ast.ClassDef | ast.Assign | ast.AnnAssign)]
    defined: dict[str, ast.stmt] = {}
    for node in defs:
        for name in defines(node):
            defined[name] = node
    uses = {name: reads(node) & defined.keys() for name, node in defined.items()}
    kept: set[str] = set()
    todo = sorted(own & defined.keys())
    while todo:
        name = todo.pop()
        if name in kept or (name in named and name not in own):
            continue
        kept.add(name)
        todo.extend(sorted(uses[name] - kept))
    pieces = [
        _piece(source, node, span)
        for node in tree.body[1:]
        if (
            isinstance(node, ast.ClassDef | ast.Assign | ast.AnnAssign)
            and set(defines(node)) & kept
        )
        or (isinstance(node, ast.Expr) and reads(node) & kept)
    ]
    imports = [
        (node.module, alias.name, alias.asname)
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module not in (None, "__future__")
        for alias in node.names
    ]
    return Part(imports, pieces, sorted(kept - named))


def _piece(source: str, node: ast.stmt, span: Span) -> tuple[str, list[Edit]]:
    """A statement's text (from its first decorator) and where it names things in it."""
    start, end = statement_span(node, span)
    return source[start:end], [
        (a - start, b - start, n) for a, b, n in name_spans(source, node, span)
    ]


def merge(parts: list[Part], header: str, named: set[str]) -> str:
    """One module from the chunks' parts: imports joined, nested names kept unique."""
    taken = set(named)
    bodies = []
    imports: dict[str, set[tuple[str, str | None]]] = {}
    for part in parts:
        renames: dict[str, str] = {}
        for name in part.helpers:
            if name in taken:
                renames[name] = renumbered(name, taken | set(part.helpers))
            taken.add(renames.get(name, name))
        bodies.append(part.text(renames))
        for module, name, alias in part.imports:
            imports.setdefault(module, set()).add((name, alias))
    lines = [header, "", "from __future__ import annotations", ""]
    for module in sorted(imports):
        names = ", ".join(
            n if a is None else f"{n} as {a}"
            for n, a in sorted(
                imports[module], key=lambda item: (item[0][:1].islower(), item[0], item[1] or "")
            )
        )
        lines.append(f"from {module} import {names}")
    return "\n".join(lines) + "\n\n\n" + "\n\n\n".join(b for b in bodies if b) + "\n"


def generate_chunked(
    named: dict[str, Any], chunks: list[list[str]], run: Callable[[dict[str, Any]], str],
    header: str,
) -> str:  # fmt: skip
    """Each chunk through `run` (a subset of the named schemas -> the generator's module), on
    two cores where there are (generator.background), merged in chunk order."""
    from generator.background import Pending

    names = set(named)
    reached = [closure(named, set(chunk)) for chunk in chunks]  # what each chunk's run reads

    def part(i: int) -> Part:
        return keep(run({n: named[n] for n in reached[i]}), set(chunks[i]), names)

    # the chunks shared between this process and a forked one as they go: each takes the
    # next from a pipe (heaviest first: what a run reads) when it is done with the last, so
    # both end together however long each chunk takes
    weights = [sum(len(json.dumps(named[n])) for n in reach) for reach in reached]
    order = sorted(range(len(chunks)), key=lambda i: (-weights[i], i))
    reading, writing = os.pipe()
    try:
        os.write(writing, b"".join(i.to_bytes(4, "big") for i in order))  # < a pipe's 64 KiB
        os.close(writing)
        writing = -1

        def take() -> list[tuple[int, Part]]:
            done = []
            while len(record := os.read(reading, 4)) == 4:
                index = int.from_bytes(record, "big")
                done.append((index, part(index)))
            return done

        forked = Pending(take)
        done = dict(take())
        done.update(forked.result())
    finally:
        os.close(reading)
        if writing >= 0:
            os.close(writing)
    return merge([done[i] for i in range(len(chunks))], header, names)
