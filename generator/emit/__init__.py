"""Emitters: each turns the API model into files (relative path -> bytes). None reads the raw spec."""

from __future__ import annotations

import json
from typing import Any


def as_text(value: Any) -> str:
    """An example value as it goes into a URL, a header or a form field: always a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)
