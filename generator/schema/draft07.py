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
- documentation (`title`, `description`, `example(s)`, `default`, `x-*`, ...) is dropped: it
  validates nothing and the collection carries it once per schema.
"""

from __future__ import annotations

import re
from typing import Any

from generator.schema.pointers import escape, schema_name

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


def convert(schema: Any, is_31: bool) -> Any:
    """`schema` in draft-07 (a new object; the input is not changed)."""
    if isinstance(schema, bool):
        return schema
    if not isinstance(schema, dict):
        return {}
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in DROPPED or key.startswith("x-") or key == "nullable":
            continue
        if key == "$ref" and isinstance(value, str):
            name = schema_name(value)
            out[key] = "#/definitions/" + escape(name) if name is not None else value
        elif key in ONE:
            out[key] = convert(value, is_31) if not isinstance(value, list) else _list(value, is_31)
        elif key in MANY and isinstance(value, list):
            out[key] = _list(value, is_31)
        elif key in MAP and isinstance(value, dict):
            out[key] = {k: convert(v, is_31) for k, v in value.items()}
        elif key == "$defs" and isinstance(value, dict):
            out["definitions"] = {k: convert(v, is_31) for k, v in value.items()}
        elif key == "prefixItems" and isinstance(value, list):
            out["items"] = _list(value, is_31)
            if "items" in schema:
                out["additionalItems"] = convert(schema["items"], is_31)
        elif key == "dependentRequired" and isinstance(value, dict):
            out.setdefault("dependencies", {}).update(value)
        elif key == "dependentSchemas" and isinstance(value, dict):
            deps = out.setdefault("dependencies", {})
            deps.update({k: convert(v, is_31) for k, v in value.items()})
        elif key == "format":
            if value in AJV6_FORMATS:
                out[key] = value
        elif key == "pattern":
            if isinstance(value, str) and not NOT_JS.search(value):
                out[key] = value
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(value, bool):
            bound = "minimum" if key == "exclusiveMinimum" else "maximum"
            if value and isinstance(schema.get(bound), int | float):
                out[key] = schema[bound]
        elif key in ("minimum", "maximum") and schema.get(f"exclusive{key.title()}") is True:
            continue  # said by the exclusive bound above
        else:
            out[key] = value
    if "prefixItems" in schema and "items" in schema:
        out["items"] = _list(schema["prefixItems"], is_31)
    if not is_31 and schema.get("nullable") is True:
        out = _nullable(out)
    return out


def _list(values: list[Any], is_31: bool) -> list[Any]:
    return [convert(v, is_31) for v in values]


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
