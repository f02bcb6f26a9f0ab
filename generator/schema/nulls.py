"""A schema and its null, apart: what a reader or a typed client needs to know of a schema that
admits null (3.1's `type: [..., "null"]`, an `anyOf`/`oneOf` branch `{type: null}`, 3.0's
`nullable: true`, `null` among an enum's values). Shared by the Go types and the reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.schema.pointers import schema_name


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


def object_like(
    schema: Any,
    named: Mapping[str, Any],
    nullable_keyword: bool,
    seen: frozenset[str] = frozenset(),
) -> bool:
    """Whether a schema is an object with fields, through `$ref`s to `named` schemas and every
    `allOf` branch: what an `allOf` must be throughout for a typed client to declare it as one
    class or struct of all its fields (`[{$ref: String}, {description: ...}]` is not: it is
    the named type). Shared by the Python models and the Go types."""
    if not isinstance(schema, dict):
        return False
    name = schema_name(schema.get("$ref"))
    if name is not None:
        target = named.get(name)
        return name not in seen and object_like(target, named, nullable_keyword, seen | {name})
    core, _ = split_null(schema, nullable_keyword)
    if isinstance(core.get("properties"), dict) and core["properties"]:
        return True
    branches = core.get("allOf")
    if isinstance(branches, list) and branches:
        return all(object_like(b, named, nullable_keyword, seen) for b in branches)
    if core.get("type") == "object":
        extra = core.get("additionalProperties")
        return not (isinstance(extra, dict) and extra) and not ({"anyOf", "oneOf"} & set(core))
    return False
