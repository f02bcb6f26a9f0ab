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
            "plain": {"type": "string", "pattern": "^[a-z]+$", "default": "a", "maxLength": 9},
            "ref": {"$ref": "#/components/schemas/A~1b", "description": "kept out"},
        },
    }
    assert convert(schema, True) == {
        "type": "object",
        "properties": {
            "file": {"type": "string"},
            "at": {"type": "string", "format": "date-time"},
            "named": {"type": "string"},
            "plain": {"type": "string", "pattern": "^[a-z]+$", "maxLength": 9},
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


# ---- #34: nothing but draft-07, each value of its type ------------------------------------

EVIL = 'x" || (function(){throw new Error(`PWNED`)})() || "'


def test_values_draft_07_does_not_allow_make_the_subschema_anything() -> None:
    from generator.schema.draft07 import meta_problems

    cases = [
        {"type": ["string", EVIL]},
        {"type": EVIL},
        {"type": [{"a": 1}]},
        {"maxLength": "1; evil()"},
        {"minimum": "0 || evil()"},
        {"multipleOf": -1},
        {"required": ["a", 1]},
        {"uniqueItems": "yes"},
        {"enum": "a"},
        {"allOf": []},
        {"$ref": "https://evil.example/schema.json"},
    ]
    for case in cases:
        problems: list[str] = []
        wrapped = convert({"type": "object", "propertyNames": case}, True, problems)
        assert wrapped == {"type": "object", "propertyNames": {}}, case
        assert problems, case
        assert meta_problems(wrapped) == []


def test_only_draft_07_keywords_are_written() -> None:
    out = convert(
        {"type": "string", "$anchor": "a", "discriminator": {}, "foo": EVIL, "minContains": 1},
        True,
    )
    assert out == {"type": "string"}


def test_proto_keys_stay_data_in_the_script() -> None:
    """An object literal reads `"__proto__": {...}` as the prototype: written computed."""
    import json
    import subprocess

    from generator.emit.contract import _json, _key

    schema = convert(
        {"type": "object", "properties": {"__proto__": {"type": "string"}}, "required": ["a"]},
        True,
    )
    text = _json(schema)
    assert '["__proto__"]:' in text
    source = f"var s = {text}; var d = {{{_key('__proto__')}: 1}};"
    source += "console.log(JSON.stringify([Object.keys(s.properties), Object.keys(d)]));"
    found = subprocess.run(["node", "-e", source], capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == [["__proto__"], ["__proto__"]]
    # a text holding the mark's own spelling is not confused with it
    tricky = {"apigen-proto": "apigen-proto", "__proto__": {"x": '"apigen-proto":'}}
    text = _json(tricky)
    source = f"var s = {text}; console.log(JSON.stringify(Object.keys(s).concat(s.__proto__.x)));"
    found = subprocess.run(["node", "-e", source], capture_output=True, text=True, check=True)
    assert json.loads(found.stdout) == ["apigen-proto", "__proto__", '"apigen-proto":']


def test_patterns_unsafe_for_backtracking_are_left_out_and_the_rest_bounded() -> None:
    assert convert({"type": "string", "pattern": "^(a+)+$"}, True) == {"type": "string"}
    guarded = convert({"type": "string", "pattern": "^[a-z]+$"}, True)
    assert guarded == {
        "type": "string",
        "allOf": [{"if": {"maxLength": 1000}, "then": {"pattern": "^[a-z]+$"}}],
    }
    assert _valid(guarded, "abc") and not _valid(guarded, "ab1") and _valid(guarded, "1" * 1001)
    short = convert({"type": "string", "pattern": "^[a-z]+$", "maxLength": 20}, True)
    assert short == {"type": "string", "pattern": "^[a-z]+$", "maxLength": 20}
    names = convert(
        {"type": "object", "patternProperties": {"^(a|a)*$": {}}, "additionalProperties": False},
        True,
    )
    assert names == {"type": "object"}  # looser, never stricter
