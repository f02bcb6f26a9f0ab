"""OpenAPI schemas (3.0, or 3.1's JSON Schema 2020-12) as JSON Schema draft-07, the dialect of
the ajv 6 that Postman's sandbox ships (postman-sandbox 4.x: `require('ajv')`, ajv 6.12). What
draft-07 cannot say is written in its terms or left out, never guessed:

- `$ref: #/components/schemas/X` -> `#/definitions/X` (the names live once, under `definitions`);
- 3.0 `nullable: true` -> `null` added to `type` (or `anyOf` with `{type: null}` where there is
  no type); 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` -> draft-07's numbers;
- 3.1 `prefixItems` -> `items: [...]` with `additionalItems` from `items`; `dependentRequired` and
  `dependentSchemas` -> `dependencies`; `$defs` -> `definitions`;
- `unevaluatedProperties`/`unevaluatedItems` (no draft-07 equivalent) are left out: the check is
  looser there, never stricter than the spec;
- `format`s ajv 6 does not know (`binary`, `byte`, `int32`, ...) are left out, as OpenAPI
  defines them as hints; so are patterns a JavaScript RegExp reads differently from Python's
  (`(?P<name>`, `\\A`, `\\Z`, inline flags);
- every other keyword is left out, and every kept one must hold a value of the JSON type
  draft-07 gives it: ajv 6 generates JavaScript from a schema and writes some values into that
  code (an unknown `type` name, unquoted), so a schema that breaks the rule becomes `{}`
  (anything) rather than reach the sandbox; the result is checked against draft-07's
  meta-schema before it is emitted (`meta_problems`), and ajv checks it again (validateSchema);
- patterns a backtracking engine could take too long on are left out, and the rest check texts
  up to 1,000 characters only (generator.schema.regex);
- documentation (`title`, `description`, `example(s)`, `default`, `x-*`, ...) is dropped: it
  validates nothing and the collection carries it once per schema.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from generator.schema import values
from generator.schema.pointers import escape, schema_name
from generator.schema.regex import SANDBOX_MAX_LENGTH, backtracking_safe

AJV6_FORMATS = frozenset(
    {
        "date", "time", "date-time", "uri", "uri-reference", "uri-template", "url", "email",
        "hostname", "ipv4", "ipv6", "regex", "uuid", "json-pointer",
        "json-pointer-uri-fragment", "relative-json-pointer",
    }
)  # fmt: skip
DROPPED = frozenset(
    {
        "title", "description", "example", "examples", "default", "deprecated", "readOnly",
        "writeOnly", "discriminator", "xml", "externalDocs", "$comment", "$schema", "$id",
        "unevaluatedProperties", "unevaluatedItems", "contentMediaType", "contentEncoding",
        "contentSchema", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
    }
)  # fmt: skip
# Python regex syntax a JavaScript RegExp (no `u` flag, as ajv 6 builds it) rejects or reads
# otherwise: named groups and back-references, \A \Z, inline flags, possessive quantifiers.
NOT_JS = re.compile(r"\(\?P[<=]|\\[AZ]|\(\?[aiLmsux]+\)|[*+?}]\+")
# keywords whose value is a schema, a list of schemas, or a map of schemas
ONE = ("items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames",
       "if", "then", "else")  # fmt: skip
MANY = ("allOf", "anyOf", "oneOf")
MAP = ("properties", "patternProperties", "definitions")


def convert(schema: Any, is_31: bool, problems: list[str] | None = None) -> Any:
    """`schema` in draft-07 (a new object; the input is not changed). Strict: only draft-07's
    keywords, each with a value of the JSON type draft-07 gives it (ajv 6 writes some values
    into the code it generates); a subschema with any other becomes `{}` (anything), and its
    reason is added to `problems`."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        if problems is not None:
            problems.append(f"a schema that is not an object ({type(schema).__name__})")
        return {}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in DROPPED or key.startswith("x-") or key == "nullable":
            continue
        if key == "$ref" and isinstance(value, str):
            name = schema_name(value)
            if name is None:
                return _refuse(problems, f"a $ref outside the component schemas ({value!r})")
            out[key] = "#/definitions/" + escape(name)
        elif key in ONE:
            if isinstance(value, list) and key == "items":
                out[key] = _list(value, is_31, problems)
            else:
                out[key] = convert(value, is_31, problems)
        elif key in MANY and isinstance(value, list):
            out[key] = _list(value, is_31, problems)
        elif key in MAP and isinstance(value, dict):
            out[key] = {k: convert(v, is_31, problems) for k, v in value.items()}
        elif key == "$defs" and isinstance(value, dict):
            out["definitions"] = {k: convert(v, is_31, problems) for k, v in value.items()}
        elif key == "prefixItems" and isinstance(value, list):
            out["items"] = _list(value, is_31, problems)
            if "items" in schema:
                out["additionalItems"] = convert(schema["items"], is_31, problems)
        elif key == "dependentRequired" and isinstance(value, dict):
            out.setdefault("dependencies", {}).update(value)
        elif key == "dependentSchemas" and isinstance(value, dict):
            deps = out.setdefault("dependencies", {})
            deps.update({k: convert(v, is_31, problems) for k, v in value.items()})
        elif key == "format":
            if value in AJV6_FORMATS:
                out[key] = value
        elif key == "pattern":
            if _sandbox_pattern(value):
                out[key] = value
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and values.number(schema.get(bound)):
                out[key] = schema[bound]
        elif key in ("minimum", "maximum") and schema.get(f"exclusive{key.title()}") is True:
            continue  # said by the exclusive bound above
        elif key in VALUE_CHECKS:
            out[key] = value
        # any other keyword: not draft-07's, left out
    if "prefixItems" in schema and "items" in schema:
        out["items"] = _list(schema["prefixItems"], is_31, problems)
    if not is_31 and schema.get("nullable") is True:
        out = _nullable(out)
    for key, value in out.items():
        check = VALUE_CHECKS.get(key)
        if check is not None and not check(value):
            return _refuse(problems, f"{key} is not what draft-07 allows ({_show(value)})")
    _guard_patterns(out)
    return out


def _refuse(problems: list[str] | None, reason: str) -> dict[str, Any]:
    if problems is not None:
        problems.append(reason)
    return {}


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _sandbox_pattern(value: Any) -> bool:
    """A pattern the sandbox may run: text a JavaScript RegExp reads as Python does, and safe
    for a backtracking engine (generator.schema.regex)."""
    return isinstance(value, str) and not NOT_JS.search(value) and backtracking_safe(value)


def _guard_patterns(out: dict[str, Any]) -> None:
    """A pattern checks texts up to SANDBOX_MAX_LENGTH characters only (what bounds the time
    a backtracking engine can take); property-name patterns that are not safe take the
    object's name rules with them (`patternProperties` and `additionalProperties` both: left
    alone, the check would only be looser, never stricter)."""
    names = out.get("patternProperties")
    if isinstance(names, dict) and not all(_sandbox_pattern(k) for k in names):
        del out["patternProperties"]
        out.pop("additionalProperties", None)
    pattern = out.get("pattern")
    if pattern is None:
        return
    limit = out.get("maxLength")
    if isinstance(limit, int) and limit <= SANDBOX_MAX_LENGTH:
        return
    del out["pattern"]
    guard = {"if": {"maxLength": SANDBOX_MAX_LENGTH}, "then": {"pattern": pattern}}
    out["allOf"] = [*out.get("allOf", []), guard]


def _schemas(value: Any) -> bool:
    return values.schemas(value, non_empty=True)


def _strings(value: Any) -> bool:
    return values.names(value, unique=True)


def _type(value: Any) -> bool:
    return values.type_names(value, strict=True)


def _dependencies(value: Any) -> bool:
    return isinstance(value, dict) and all(values.schema(v) or _strings(v) for v in value.values())


def _any(value: Any) -> bool:
    return True


# Draft-07's validation keywords and the values its meta-schema allows them.
VALUE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "$ref": lambda v: isinstance(v, str) and v.startswith("#/definitions/"),
    "type": _type,
    "enum": lambda v: isinstance(v, list),
    "const": _any,
    "multipleOf": lambda v: values.number(v) and v > 0,
    "maximum": values.number,
    "exclusiveMaximum": values.number,
    "minimum": values.number,
    "exclusiveMinimum": values.number,
    "maxLength": values.count,
    "minLength": values.count,
    "pattern": lambda v: isinstance(v, str),
    "items": lambda v: (
        values.schema(v) or (isinstance(v, list) and all(values.schema(i) for i in v))
    ),
    "additionalItems": values.schema,
    "maxItems": values.count,
    "minItems": values.count,
    "uniqueItems": lambda v: isinstance(v, bool),
    "contains": values.schema,
    "maxProperties": values.count,
    "minProperties": values.count,
    "required": _strings,
    "properties": values.schema_map,
    "patternProperties": values.schema_map,
    "additionalProperties": values.schema,
    "dependencies": _dependencies,
    "propertyNames": values.schema,
    "if": values.schema,
    "then": values.schema,
    "else": values.schema,
    "allOf": _schemas,
    "anyOf": _schemas,
    "oneOf": _schemas,
    "not": values.schema,
    "format": lambda v: isinstance(v, str),
    "definitions": values.schema_map,
}


def meta_problems(schema: Any) -> list[str]:
    """Where `schema` breaks the draft-07 meta-schema (what ajv's validateSchema checks)."""
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
        for e in _meta().iter_errors(schema)
    ][:3]


@functools.cache
def _meta() -> Any:
    from jsonschema import Draft7Validator

    return Draft7Validator(Draft7Validator.META_SCHEMA)


def _list(values: list[Any], is_31: bool, problems: list[str] | None = None) -> list[Any]:
    return [convert(v, is_31, problems) for v in values]


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list):
        schema["type"] = kind if "null" in kind else [*kind, "null"]
    else:
        return {"anyOf": [schema, {"type": "null"}]}
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    return schema


def references(schema: Any) -> set[str]:
    """The names of the component schemas `schema` refers to (directly)."""
    found: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            name = schema_name(node.get("$ref"))
            if name is not None:
                found.add(name)
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def closure(named: dict[str, Any], roots: set[str]) -> list[str]:
    """`roots` and every named schema they reach, sorted."""
    seen: set[str] = set()
    todo = sorted(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in named:
            continue
        seen.add(name)
        todo.extend(sorted(references(named[name]) - seen))
    return sorted(seen)
