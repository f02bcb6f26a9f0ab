"""boolean-schemas: write JSON Schema's boolean schemas as the schema objects they equal.

OpenAPI 3.1 (JSON Schema 2020-12) allows `true` (any value) and `false` (no value) wherever a
schema goes: `items: true`, `properties: {legacy: false}`, a component schema `Any: true`.
OpenAPI tools, openapi-pydantic among them, read only schema objects there, so a real spec
using them was refused. Each becomes its object form, recorded:

- `true` -> `{}`;
- `items: false` -> `maxItems` (no item past the `prefixItems`, or none at all): the
  bound every emitter reads;
- any other `false` -> `{"not": {}}`.

`additionalProperties` keeps its boolean: both versions of OpenAPI allow it there, and every
reader takes `additionalProperties: false` as written (`unevaluatedProperties: false` is refused
by openapi-pydantic, so it becomes `{"not": {}}`).
"""

from __future__ import annotations

import json
from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape
from generator.schema.walk import MANY, MAP, ONE, all_schemas, slots

# the keywords whose value is one schema (the walk's, but `additionalProperties`, and with
# `contentSchema`), and those holding a list or a map of schemas
_ONE = (*(k for k in ONE if k != "additionalProperties"), "contentSchema")
_SEVERAL = (*MANY, *MAP)


def _object(value: bool) -> dict[str, Any]:
    return {} if value else {"not": {}}


def _say(value: bool) -> str:
    return f"boolean schema {json.dumps(value)} -> {json.dumps(_object(value))}"


def boolean_schemas(document: Document, ctx: Context, record: Record) -> Document:
    for path, holder, key in list(slots(document)):
        value = holder[key]
        if isinstance(value, bool):
            holder[key] = _object(value)
            record.add(path, _say(value))
    for path, schema in all_schemas(document):
        _schema(schema, path, record)
    return document


def _schema(schema: dict[str, Any], path: str, record: Record) -> None:
    if schema.get("items") is False:
        bound = len(schema["prefixItems"]) if isinstance(schema.get("prefixItems"), list) else 0
        del schema["items"]
        if not isinstance(schema.get("maxItems"), int) or schema["maxItems"] > bound:
            schema["maxItems"] = bound
        record.add(f"{path}/items", f"boolean schema false -> maxItems {bound}")
    for key in _ONE:
        value = schema.get(key)
        if isinstance(value, bool):
            schema[key] = _object(value)
            record.add(f"{path}/{key}", _say(value))
    for key in _SEVERAL:
        values: Any = schema.get(key)
        if isinstance(values, list):
            entries: list[tuple[Any, Any]] = list(enumerate(values))
        elif isinstance(values, dict):
            entries = list(values.items())
        else:
            continue
        for name, value in entries:
            if isinstance(value, bool):
                values[name] = _object(value)
                record.add(f"{path}/{key}/{escape(str(name))}", _say(value))
