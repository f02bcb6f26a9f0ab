"""volatile examples: ids the live server regenerates on every request.

Two fetches of the unchanged API differ in 18 places, e.g. the uuids in
`DerivedRoleRuleRead.example` and the hex id in an `audit_logs` 400 example. Every uuid-shaped
string inside an example becomes uuid5 of its JSON pointer, in the same spelling (dashed or hex).
"""

from __future__ import annotations

import re
from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.ids import stable_hex, stable_uuid
from generator.schema.pointers import escape

DASHED = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
HEX = re.compile(r"^[0-9a-f]{32}$")
EXAMPLE_KEYS = ("example", "examples")


def _replace(value: Any, path: str, record: Record) -> Any:
    if isinstance(value, dict):
        return {k: _replace(v, f"{path}/{escape(k)}", record) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, f"{path}/{i}", record) for i, v in enumerate(value)]
    if isinstance(value, str) and (DASHED.match(value) or HEX.match(value)):
        new = stable_uuid(path) if "-" in value else stable_hex(path)
        if new != value:
            record.add(path, "volatile id replaced")
        return new
    return value


Link = tuple[Any, str | int] | None  # (parent link, token): a pointer built only when needed


def _pointer(link: Link) -> str:
    tokens: list[str] = []
    while link is not None:
        link, token = link
        tokens.append(escape(token) if isinstance(token, str) else str(token))
    return "/" + "/".join(reversed(tokens))


def volatile_examples(document: Document, ctx: Context, record: Record) -> Document:
    """One walk, depth first in document order, over everything below `paths` and `components`:
    each example (not a property named `example`) is rewritten where it is met."""
    todo: list[tuple[Any, Any, Link]] = [
        (document[key], key, (None, key)) for key in ("components", "paths") if key in document
    ]
    while todo:
        node, parent, link = todo.pop()
        if parent is _EXAMPLE:  # node is the dict holding the example, link its pointer
            key = link[1] if link is not None else ""
            node[key] = _replace(node[key], _pointer(link), record)
            continue
        # children pushed last-first, so that they come off the stack in document order
        if type(node) is dict:
            examples_here = parent != "properties"
            for key, value in reversed(node.items()):
                if examples_here and key in EXAMPLE_KEYS:
                    todo.append((node, _EXAMPLE, (link, key)))
                elif type(value) is dict or type(value) is list:
                    todo.append((value, key, (link, key)))
        else:
            for i in range(len(node) - 1, -1, -1):
                item = node[i]
                if type(item) is dict or type(item) is list:
                    todo.append((item, None, (link, i)))
    return document


_EXAMPLE = object()  # marks a pending example in the walk
