"""A schema and its null, apart: what a reader or a typed client needs to know of a schema that
admits null (3.1's `type: [..., "null"]`, an `anyOf`/`oneOf` branch `{type: null}`, 3.0's
`nullable: true`, `null` among an enum's values). Shared by the Go types and the reference."""

from __future__ import annotations

from typing import Any


def split_null(schema: Any, nullable_keyword: bool) -> tuple[Any, bool]:
    """(the schema without its null, whether it admits null). `nullable_keyword`: the
    document is OpenAPI 3.0, where `nullable: true` says so. A union left with one branch is
    that branch, the union's own keywords (a description, a default) laid over it."""
    if not isinstance(schema, dict):
        return schema, False
    if nullable_keyword and schema.get("nullable") is True:
        return {k: v for k, v in schema.items() if k != "nullable"}, True
    kind = schema.get("type")
    if isinstance(kind, list) and "null" in kind:
        rest = [k for k in kind if k != "null"]
        core = dict(schema, type=rest[0] if len(rest) == 1 else rest)
        if not rest:
            core.pop("type")
        return core, True
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list):
            kept = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(kept) < len(branches):
                others = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
                if len(kept) == 1 and isinstance(kept[0], dict) and not others.get("properties"):
                    return {**kept[0], **others}, True
                return dict(others, **{key: kept}), True
    values = schema.get("enum")
    if isinstance(values, list) and None in values:
        return dict(schema, enum=[v for v in values if v is not None]), True
    return schema, False
