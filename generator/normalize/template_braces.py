"""template braces: `{{` in an example or default value.

Postman substitutes `{{name}}` with a variable anywhere in a request's URL, headers and body, so
an example such as `"{{apiKey}}"` would send the API key to wherever the value goes (a query
string, a log). A zero-width joiner goes between the braces (`{\u200d{`): the value reads the
same and names no variable. The Postman emitter applies the same rule to every other
spec-derived string it writes (names and keys), see generator.escape.postman_value.
"""

from __future__ import annotations

import re
from typing import Any

from generator.escape import postman_value
from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape
from generator.schema.text import may_match

VALUE_KEYS = ("example", "examples", "default")
BRACES = re.compile(rb"\{\{")


def _braces(value: Any) -> bool:
    """Whether `{{` is anywhere in the value, its keys included."""
    if type(value) is str:
        return "{{" in value
    if type(value) is dict:
        return any("{{" in k or _braces(v) for k, v in value.items())
    if type(value) is list:
        return any(_braces(v) for v in value)
    return False


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
    if not may_match(document, BRACES):
        return document
    todo: list[tuple[Any, str]] = [
        (document[key], f"/{key}") for key in ("paths", "components") if key in document
    ]
    while todo:
        node, path = todo.pop()
        if type(node) is dict:
            values_here = not path.endswith("/properties")
            for key, value in node.items():
                if values_here and key in VALUE_KEYS:
                    if _braces(value):
                        node[key] = _neutral(value, f"{path}/{escape(key)}", record)
                elif type(value) is dict or type(value) is list:
                    todo.append((value, f"{path}/{escape(key)}"))
        else:
            todo.extend(
                (v, f"{path}/{i}") for i, v in enumerate(node) if type(v) is dict or type(v) is list
            )
    return document
