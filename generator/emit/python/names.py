"""Python identifiers for spec names, unique within their scope."""

from __future__ import annotations

import keyword
from typing import Any

from generator.schema.naming import Names, snake

__all__ = ["Names", "class_name", "py_name"]


def py_name(name: str) -> str:
    """A Python identifier for any spec name: snake_case, never a keyword, never a digit first."""
    text = snake(name)
    if text[0].isdigit():
        text = f"p_{text}"
    return f"{text}_" if keyword.iskeyword(text) or keyword.issoftkeyword(text) else text


def class_name(name: str, suffix: str) -> str:
    """`role_assignments` -> `RoleAssignmentsApi` (the suffix once)."""
    base = "".join(w.capitalize() for w in name.split("_") if w)
    return base if base.endswith(suffix) else f"{base}{suffix}"


# What the API diff compares of the Python client (generator.kinds registers this module as
# the Python kind's `sdk`): a change in any of these is SDK-breaking.


def method_name(operation: str) -> str:
    return py_name(operation)


def group_name(tag: str) -> str:
    return py_name(tag)


def param_type(schemas: Any, schema: Any) -> str:
    from generator.emit.python.types import param_annotation
    from generator.plan import parameter_type

    return param_annotation(parameter_type(schemas, schema)).text
