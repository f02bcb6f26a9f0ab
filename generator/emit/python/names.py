"""Python identifiers for spec names, unique within their scope."""

from __future__ import annotations

import keyword

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
