"""What JSON value a schema keyword holds: the value checks the normalizer's `keyword-values`
pass and the draft-07 writer share (the writer is the stricter: non-empty compositions, unique
names and types)."""

from __future__ import annotations

import math
from typing import Any

from generator.schema.walk import JSON_TYPES


def number(value: Any) -> bool:
    """A finite JSON number (not a boolean)."""
    return type(value) in (int, float) and math.isfinite(value)


def count(value: Any) -> bool:
    """A non-negative integer (`5.0` counts: JSON does not tell them apart)."""
    if type(value) is float and math.isfinite(value) and value.is_integer():
        return value >= 0
    return type(value) is int and value >= 0


def schema(value: Any) -> bool:
    return isinstance(value, dict | bool)


def schemas(value: Any, *, non_empty: bool = False) -> bool:
    return (
        isinstance(value, list) and (bool(value) or not non_empty) and all(schema(v) for v in value)
    )


def schema_map(value: Any) -> bool:
    return isinstance(value, dict) and all(schema(v) for v in value.values())


def names(value: Any, *, unique: bool = False) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str) for v in value)
        and (not unique or len(set(value)) == len(value))
    )


def type_names(value: Any, *, strict: bool = False) -> bool:
    """A JSON type name, or a list of them (`strict`: a non-empty list without repeats)."""
    if isinstance(value, str):
        return value in JSON_TYPES
    return (
        isinstance(value, list)
        and all(isinstance(v, str) and v in JSON_TYPES for v in value)
        and (not strict or (bool(value) and len(set(value)) == len(value)))
    )
