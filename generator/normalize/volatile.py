"""volatile examples: ids the live server regenerates on every request.

Two fetches of the unchanged API differ in 18 places, e.g. the uuids in
`DerivedRoleRuleRead.example` and the hex id in an `audit_logs` 400 example. Every uuid-shaped
string inside an example becomes uuid5 of its JSON pointer, in the same spelling (dashed or hex).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from generator.examples import NAMESPACE
from generator.jsonpath import escape
from generator.normalize.base import Context, Document, Record

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
        stable = uuid.uuid5(NAMESPACE, path)
        new = str(stable) if "-" in value else stable.hex
        if new != value:
            record.add(path, "volatile id replaced")
        return new
    return value


def _visit(node: Any, tokens: list[str], record: Record, parent: str | None) -> None:
    """`tokens`: the pointer's parts, joined only where an example is found."""
    if isinstance(node, dict):
        for key in list(node):
            value = node[key]
            if key in EXAMPLE_KEYS and parent != "properties":
                path = "".join(tokens) + "/" + escape(key)
                node[key] = _replace(value, path, record)
            elif isinstance(value, dict | list):
                tokens.append("/" + escape(key))
                _visit(value, tokens, record, key)
                tokens.pop()
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict | list):
                tokens.append(f"/{i}")
                _visit(item, tokens, record, None)
                tokens.pop()


def stabilize_volatile(document: Document, ctx: Context, record: Record) -> Document:
    for key in ("paths", "components"):
        if key in document:
            _visit(document[key], [f"/{key}"], record, key)
    return document
