"""Emitters: each turns the API model into files (relative path -> bytes). None reads the raw spec."""

from __future__ import annotations

from typing import Any

import orjson


def as_text(value: Any) -> str:
    """An example value as it goes into a URL, a header or a form field: always a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode("utf-8")
    return str(value)


def path_parameter(segment: str) -> str | None:
    """The name in a `{name}` path segment; None for a literal segment."""
    if len(segment) > 2 and segment[0] == "{" and segment[-1] == "}" and "}" not in segment[1:-1]:
        return segment[1:-1]
    return None
