"""Identifier spelling shared by the stages: snake_case from any spec name."""

from __future__ import annotations

import re


def snake(text: str) -> str:
    """`GetThing-Now` -> `get_thing_now`; never empty."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    return re.sub(r"[^a-zA-Z0-9]+", "_", text).strip("_").lower() or "operation"
