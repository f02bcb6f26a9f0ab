"""invalid types: `type` values that are not JSON types.

`ProxyConfig{Create,Read,Update}.secret` is `anyOf` of `type: HeadersAuth` (a dict of headers),
`type: BasicAuth` (a 'user:password' string) and `type: BearerAuth` (a token string).
Known names get their real shape; other unknown types are inferred from their keywords.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.normalize.base import Record, SchemaPass
from generator.schema.walk import JSON_TYPES

KNOWN: dict[str, dict[str, Any]] = {
    "HeadersAuth": {"type": "object", "additionalProperties": {"type": "string"}},
    "BasicAuth": {"type": "string"},
    "BearerAuth": {"type": "string"},
}
_STRING_KEYS = ("pattern", "minLength", "maxLength", "format")
_OBJECT_KEYS = ("properties", "additionalProperties", "required")


def _replacement(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    if name in KNOWN:
        return KNOWN[name]
    if any(k in schema for k in _STRING_KEYS):
        return {"type": "string"}
    if any(k in schema for k in _OBJECT_KEYS):
        return {"type": "object"}
    return {}


def _invalid_types(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    kind = schema.get("type")
    if isinstance(kind, str) and kind not in JSON_TYPES:
        replacement = copy.deepcopy(_replacement(kind, schema))
        del schema["type"]
        for key, value in replacement.items():
            schema.setdefault(key, value)
        shown = replacement.get("type", "any value")
        record.add(f"{path}/type", f"invalid type {kind!r} -> {shown}")
    elif isinstance(kind, list) and not all(isinstance(k, str) and k in JSON_TYPES for k in kind):
        kept = [k for k in kind if isinstance(k, str) and k in JSON_TYPES]
        schema["type"] = list(dict.fromkeys(kept)) or "string"
        record.add(f"{path}/type", f"dropped invalid entries from type {kind!r}")


invalid_types = SchemaPass(_invalid_types, frozenset({"type"}))
