"""keyword values: schema keywords whose value is not the JSON type JSON Schema gives them.

A `type` that is not a type name or a list of them, a `maxLength` that is not a count, a
`required` that is not a list of names, a subschema that is not a schema: validators and
generators disagree on what such a value means, and ajv 6, which Postman's sandbox runs,
writes some of them into the code it generates. Each becomes an `x-invalid-<keyword>`
extension (the information is kept; nothing reads it as a rule), recorded. The exclusive
bounds are converted instead, as their meaning is plain: OpenAPI 3.1 (JSON Schema 2020-12) wants
a number (`exclusiveMinimum: true` beside `minimum: 3` -> `exclusiveMinimum: 3`), 3.0 a boolean
(`exclusiveMinimum: 3` -> `minimum: 3, exclusiveMinimum: true`), and a schema's `examples`
written as a media type's named Example Objects becomes the list of their values. Patterns no
linear-time engine reads (look-arounds, back-references) are kept and named: apigen does not
check them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.normalize.base import Record, SchemaPass
from generator.schema import values
from generator.schema.regex import matcher


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


CHECKS: dict[str, Callable[[Any], bool]] = {
    "type": values.type_names,
    "enum": lambda v: isinstance(v, list),
    "examples": lambda v: isinstance(v, list),
    "multipleOf": lambda v: values.number(v) and v > 0,
    "maximum": values.number,
    "minimum": values.number,
    "maxLength": values.count,
    "minLength": values.count,
    "maxItems": values.count,
    "minItems": values.count,
    "maxProperties": values.count,
    "minProperties": values.count,
    "maxContains": values.count,
    "minContains": values.count,
    "pattern": _text,
    "format": _text,
    "required": values.names,
    "uniqueItems": _flag,
    "readOnly": _flag,
    "writeOnly": _flag,
    "deprecated": _flag,
    "nullable": _flag,
    "title": _text,
    "description": _text,
    "$ref": _text,
    "items": lambda v: values.schema(v) or values.schemas(v),
    "additionalItems": values.schema,
    "additionalProperties": values.schema,
    "contains": values.schema,
    "propertyNames": values.schema,
    "not": values.schema,
    "if": values.schema,
    "then": values.schema,
    "else": values.schema,
    "unevaluatedItems": values.schema,
    "unevaluatedProperties": values.schema,
    "allOf": values.schemas,
    "anyOf": values.schemas,
    "oneOf": values.schemas,
    "prefixItems": values.schemas,
    "properties": values.schema_map,
    "patternProperties": values.schema_map,
    "$defs": values.schema_map,
    "definitions": values.schema_map,
    "dependentSchemas": values.schema_map,
    "dependentRequired": lambda v: isinstance(v, dict) and all(values.names(x) for x in v.values()),
    "discriminator": lambda v: isinstance(v, dict) and isinstance(v.get("propertyName"), str),
}


def _exclusive(schema: dict[str, Any], key: str, path: str, record: Record, is_31: bool) -> None:
    value = schema[key]
    bound = "minimum" if key == "exclusiveMinimum" else "maximum"
    if is_31 and isinstance(value, bool):
        del schema[key]
        if value and values.number(schema.get(bound)):
            schema[key] = schema.pop(bound)
            record.add(f"{path}/{key}", f"{key}: true (OpenAPI 3.0's form) -> {schema[key]!r}")
        else:
            record.add(f"{path}/{key}", f"{key}: {value} (OpenAPI 3.0's form) removed")
    elif not is_31 and values.number(value):
        current = schema.get(bound)
        if values.number(current) and current != value:
            schema[f"x-invalid-{key}"] = schema.pop(key)
            record.add(f"{path}/{key}", f"{key}: {value!r} beside {bound} {current!r} -> x-")
            return
        schema[bound] = value
        schema[key] = True
        record.add(f"{path}/{key}", f"{key}: {value!r} (3.1's form) -> {bound} and true")
    elif not (_flag(value) if not is_31 else values.number(value)):
        schema[f"x-invalid-{key}"] = schema.pop(key)
        record.add(f"{path}/{key}", f"{key} is not a {'number' if is_31 else 'boolean'} -> x-")


def _named_examples(value: Any) -> bool:
    """A schema's `examples` written as a media type's (`{"Example 1": {"value": ...}}`, as
    Codat's specs do): JSON Schema wants a list of values, and what was meant is plain."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(v, dict) and "value" in v for v in value.values())
    )


def _keyword_values(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    for key in list(schema):
        if key in ("exclusiveMinimum", "exclusiveMaximum"):
            _exclusive(schema, key, path, record, is_31)
            continue
        check = CHECKS.get(key)
        if check is None:
            continue
        value = schema[key]
        if key == "examples" and _named_examples(value):
            schema[key] = [example["value"] for example in value.values()]
            record.add(
                f"{path}/examples",
                f"examples as {len(value)} named Example Object(s) (a media type's form) -> "
                "a list of their values",
            )
            continue
        if not check(value):
            schema[f"x-invalid-{key}"] = schema.pop(key)
            shown = type(value).__name__
            record.add(f"{path}/{key}", f"{key} holds a value of the wrong kind ({shown}) -> x-")
        elif key == "pattern" and matcher(value) is None:
            record.add(
                f"{path}/pattern",
                "pattern kept, not checked by apigen nor its contract tests: no linear-time "
                "engine reads it (look-arounds, back-references or invalid)",
            )
    names = schema.get("patternProperties")
    if isinstance(names, dict):
        for name in names:
            if matcher(name) is None:
                record.add(
                    f"{path}/patternProperties",
                    f"property-name pattern {name[:60]!r} not checked: no linear-time engine "
                    "reads it",
                )


keyword_values = SchemaPass(_keyword_values)
