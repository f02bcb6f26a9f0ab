"""JSON pointers and the operations of a document, over plain JSON data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMA_REF = "#/components/schemas/"


def escape(token: str) -> str:
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def schema_name(ref: Any) -> str | None:
    """The component schema a `$ref` names (`#/components/schemas/A~1b` -> `A/b`: the rest of
    the reference is a JSON pointer token); None for any other value."""
    if not isinstance(ref, str) or not ref.startswith(SCHEMA_REF):
        return None
    return unescape(ref[len(SCHEMA_REF) :])


def pointer(*tokens: str | int) -> str:
    return "".join(f"/{escape(str(t))}" for t in tokens)


def resolve(document: Any, ref: str) -> Any:
    """The value at a local `#/...` reference; KeyError when it does not exist."""
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = document
    for token in ref[1:].split("/")[1:]:
        key = unescape(token)
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def operations(
    document: dict[str, Any], section: str = "paths"
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation of `section` (`paths`, or `webhooks`:
    then the webhook's name for the path), in document order."""
    items = document.get(section)
    for path, item in items.items() if isinstance(items, dict) else ():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op
