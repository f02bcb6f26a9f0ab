"""The schema algebra the diff compares with: schemas as structure (documentation aside,
`allOf` with one `$ref` unwrapped), renames found by structure, where a schema is used (requests,
responses), a comparable type description, and whether one schema accepts every value another
does."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from generator.model import SCHEMA_REF, Api
from generator.schema.pointers import escape, schema_name

REQUEST, RESPONSE = "request", "response"
ERROR = "error"  # an error answer's schema, written in place (any status but 2xx)
CONSTRAINTS = (
    "pattern",
    "patternProperties",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "format",
    "multipleOf",
)
IGNORED = frozenset({"title", "description", "example", "examples", "externalDocs"})
COMPOSITIONS = ("allOf", "anyOf", "oneOf")


def unwrap(schema: Any) -> Any:
    """`allOf: [{$ref: X}]` (OpenAPI 3.0's way to annotate a reference) is `$ref: X`."""
    while (
        isinstance(schema, dict)
        and isinstance(schema.get("allOf"), list)
        and len(schema["allOf"]) == 1
        and isinstance(schema["allOf"][0], dict)
        and "$ref" in schema["allOf"][0]
    ):
        rest = {k: v for k, v in schema.items() if k != "allOf" and k not in IGNORED}
        schema = {**schema["allOf"][0], **{k: v for k, v in rest.items() if k == "nullable"}}
    return schema


def ref_name(schema: Any) -> str | None:
    schema = unwrap(schema)
    return schema_name(schema.get("$ref")) if isinstance(schema, dict) else None


def canonical(schema: Any, renames: dict[str, str]) -> Any:
    """A schema without documentation, references mapped through `renames`."""
    schema = unwrap(schema)
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in IGNORED or key.startswith("x-"):
                continue
            name = schema_name(value) if key == "$ref" else None
            if name is not None:
                out[key] = SCHEMA_REF + escape(renames.get(name, name))
            else:
                out[key] = canonical(value, renames)
        return out
    if isinstance(schema, list):
        return [canonical(v, renames) for v in schema]
    return schema


def text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def find_renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """old name -> new name for schemas removed and added with the same structure (references
    inside them may themselves be renames: matched until nothing more matches)."""
    removed = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    renames: dict[str, str] = {}
    while True:
        by_shape: dict[str, list[str]] = {}
        for name in added:
            if name not in renames.values():
                by_shape.setdefault(text(canonical(new[name], {})), []).append(name)
        found = False
        for name in removed:
            if name in renames:
                continue
            shape = text(canonical(old[name], renames))
            candidates = by_shape.get(shape)
            if candidates:
                renames[name] = candidates.pop(0)
                found = True
        if not found:
            return renames


def named_refs(schema: Any) -> Iterator[str]:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = ref_name(node)
            if name is not None:
                yield name
            stack.extend(v for k, v in node.items() if k not in IGNORED)
        elif isinstance(node, list):
            stack.extend(node)


def usage(api: Api) -> dict[str, set[str]]:
    """Schema name -> where it is reached from: `request` (bodies, parameters) and/or
    `response` (answers), through every reference."""
    named = api.schemas.named
    seeds: dict[str, set[str]] = {REQUEST: set(), RESPONSE: set()}
    for op in api.operations:
        if op.body is not None:
            seeds[REQUEST] |= set(named_refs(op.body.schema))
        for param in op.parameters:
            seeds[REQUEST] |= set(named_refs(param.schema))
        for response in op.responses:
            seeds[RESPONSE] |= set(named_refs(response.schema))
    out: dict[str, set[str]] = {}
    for where, start in seeds.items():
        todo = list(start)
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen or name not in named:
                continue
            seen.add(name)
            todo.extend(named_refs(named[name]))
        for name in seen:
            out.setdefault(name, set()).add(where)
    return out


# --- types: a comparable description, and whether one accepts all the other does ---------


def fingerprint(schema: Any, renames: dict[str, str] | None = None) -> str:
    """A short, comparable description of a schema's type (not its documentation)."""
    schema = unwrap(schema)
    if not isinstance(schema, dict):
        return "any"
    name = ref_name(schema)
    if name is not None:
        return (renames or {}).get(name, name)
    for key in COMPOSITIONS:
        if isinstance(schema.get(key), list):
            joiner = " & " if key == "allOf" else " | "
            return "(" + joiner.join(sorted(fingerprint(s, renames) for s in schema[key])) + ")"
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " | ".join(sorted(str(k) for k in kind))
    if kind == "array":
        return f"array<{fingerprint(schema.get('items'), renames)}>"
    fmt = schema.get("format")
    return f"{kind}({fmt})" if fmt else str(kind)


def types(schema: Any) -> set[str] | None:
    schema = unwrap(schema)
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if kind is None:
        branches = [b for key in ("anyOf", "oneOf") for b in schema.get(key) or []]
        if branches:
            found: set[str] = set()
            for branch in branches:
                inner = types(branch)
                if inner is None:
                    return None
                found |= inner
            return found
        return None  # any
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if schema.get("nullable"):
        kinds.add("null")
    return {str(k) for k in kinds}


def accepts(
    new: Any, old: Any, *, query: bool = False, renames: dict[str, str] | None = None
) -> bool:
    """Whether every value the old schema allows is allowed by the new one (a widening or no
    change); approximated on types, formats and the usual constraints. In a query string a value
    and a one-item list are written alike, so there T -> array<T> widens."""
    new, old = unwrap(new), unwrap(old)
    if ref_name(new) is not None or ref_name(old) is not None:
        old_name, new_name = ref_name(old), ref_name(new)
        return old_name is not None and (renames or {}).get(old_name, old_name) == new_name
    new_types, old_types = types(new), types(old)
    if new_types is None:
        return True
    if old_types is None:
        return False
    if query and new_types == {"array"} and "array" not in old_types:
        return accepts(new.get("items"), old, renames=renames)
    if "number" in new_types:
        new_types = new_types | {"integer"}
    if not old_types <= new_types:
        return False
    fmt = new.get("format")
    if fmt is not None and fmt != old.get("format"):
        return False
    if (
        new_types == {"array"}
        and old_types == {"array"}
        and not accepts(new.get("items"), old.get("items"), renames=renames)
    ):
        return False
    if isinstance(new.get("enum"), list) and (
        not isinstance(old.get("enum"), list)
        or not set(map(text, old["enum"])) <= set(map(text, new["enum"]))
    ):
        return False
    return not tighter(new, old)


def tighter(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """A constraint the new schema adds or narrows."""
    for key in ("pattern", "patternProperties"):
        if key in new and text(new[key]) != text(old.get(key)):
            return True
    for key in ("maxLength", "maxItems", "maximum", "exclusiveMaximum"):
        if key in new and (key not in old or num(new[key]) < num(old[key])):
            return True
    for key in ("minLength", "minItems", "minimum", "exclusiveMinimum"):
        if key in new and (key not in old or num(new[key]) > num(old[key])):
            return True
    return False


def num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
