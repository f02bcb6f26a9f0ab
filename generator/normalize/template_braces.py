"""template braces: `{{` in an example or default value.

Postman substitutes `{{name}}` with a variable anywhere in a request's URL, headers and body, so
an example such as `"{{apiKey}}"` would send the API key to wherever the value goes (a query
string, a log). A zero-width joiner goes between the braces (`{\u200d{`): the value reads the
same and names no variable. The Postman emitter applies the same rule to every other
spec-derived string it writes (names and keys), see generator.escape.postman_value.
"""

from __future__ import annotations

from typing import Any

from generator.escape import postman_value
from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape

VALUE_KEYS = ("example", "examples", "default")


def _neutral(value: Any, path: str, record: Record) -> Any:
    if isinstance(value, str):
        if "{{" in value:
            record.add(path, "`{{` made inert for Postman (`{\u200d{`)")
            return postman_value(value)
        return value
    if isinstance(value, dict):
        return {
            postman_value(k): _neutral(v, f"{path}/{escape(k)}", record) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_neutral(v, f"{path}/{i}", record) for i, v in enumerate(value)]
    return value


def template_braces(document: Document, ctx: Context, record: Record) -> Document:
    """Every example, examples and default value below `paths` and `components`."""
    todo: list[tuple[Any, str]] = [
        (document[key], f"/{key}") for key in ("paths", "components") if key in document
    ]
    while todo:
        node, path = todo.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                child = f"{path}/{escape(key)}"
                if key in VALUE_KEYS and not path.endswith("/properties"):
                    node[key] = _neutral(value, child, record)
                elif isinstance(value, dict | list):
                    todo.append((value, child))
        elif isinstance(node, list):
            todo.extend(
                (v, f"{path}/{i}") for i, v in enumerate(node) if isinstance(v, dict | list)
            )
    return document
