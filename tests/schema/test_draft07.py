"""generator.schema.draft07: OpenAPI schemas as the draft-07 Postman's ajv 6 validates."""

from __future__ import annotations

import jsonschema

from generator.schema.draft07 import closure, convert


def _valid(schema: object, value: object, definitions: dict[str, object] | None = None) -> bool:
    root = {**(schema if isinstance(schema, dict) else {}), "definitions": definitions or {}}
    return jsonschema.Draft7Validator(root).is_valid(value)


def test_openapi_30_nullable_and_boolean_exclusive_bounds() -> None:
    text = convert({"type": "string", "nullable": True, "enum": ["a"]}, is_31=False)
    assert text == {"type": ["string", "null"], "enum": ["a", None]}
    assert _valid(text, None) and not _valid(text, "b")
    ref = convert({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": True}, False)
    assert ref == {"anyOf": [{"allOf": [{"$ref": "#/definitions/A"}]}, {"type": "null"}]}
    bound = convert({"type": "integer", "minimum": 1, "exclusiveMinimum": True}, False)
    assert bound == {"type": "integer", "exclusiveMinimum": 1}
    assert not _valid(bound, 1) and _valid(bound, 2)
    assert convert({"type": "integer", "minimum": 1, "exclusiveMinimum": False}, False) == {
        "type": "integer",
        "minimum": 1,
    }


def test_openapi_31_keywords_in_draft_07_terms() -> None:
    pair = convert({"type": "array", "prefixItems": [{"type": "string"}], "items": False}, True)
    assert pair == {"type": "array", "items": [{"type": "string"}], "additionalItems": False}
    assert _valid(pair, ["a"]) and not _valid(pair, ["a", 1]) and not _valid(pair, [1])
    deps = convert({"type": "object", "dependentRequired": {"a": ["b"]}}, True)
    assert deps == {"type": "object", "dependencies": {"a": ["b"]}}
    assert not _valid(deps, {"a": 1}) and _valid(deps, {"a": 1, "b": 2})
    loose = convert({"type": "object", "unevaluatedProperties": False}, True)
    assert loose == {"type": "object"}  # no draft-07 equivalent: looser, never stricter


def test_formats_patterns_and_documentation() -> None:
    schema = {
        "type": "object",
        "title": "T",
        "description": "d",
        "example": {},
        "x-internal": True,
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "at": {"type": "string", "format": "date-time"},
            "named": {"type": "string", "pattern": "^(?P<a>x)$"},
            "plain": {"type": "string", "pattern": "^[a-z]+$", "default": "a"},
            "ref": {"$ref": "#/components/schemas/A~1b", "description": "kept out"},
        },
    }
    assert convert(schema, True) == {
        "type": "object",
        "properties": {
            "file": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
            "named": {"type": "string"},
            "plain": {"type": "string", "pattern": "^[a-z]+$"},
            "ref": {"$ref": "#/definitions/A~1b"},
        },
    }
    assert schema["properties"]["file"] == {"type": "string", "format": "binary"}  # unchanged


def test_closure_follows_references() -> None:
    named = {
        "A": {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"items": {"$ref": "#/components/schemas/C~1d"}},
        "C/d": {"type": "string"},
        "Unused": {"type": "string"},
    }
    assert closure(named, {"A"}) == ["A", "B", "C/d"]
