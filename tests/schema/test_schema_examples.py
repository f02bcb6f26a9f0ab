"""Example values: deterministic, valid for their schema, never placeholders."""

from __future__ import annotations

from typing import Any

import pytest

from generator.schema.examples import Examples, _from_pattern
from generator.schema.ids import stable_uuid
from generator.schema.validation import Checker

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "child": {"$ref": "#/components/schemas/Node"},
                },
                "required": ["name"],
            },
            "Mode": {"type": "string", "enum": ["read", "write"]},
        }
    },
}


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "uuid"},
        {"type": "string", "format": "email"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "pattern": "^[a-z]{3}-\\d{2}$"},
        {"type": "string", "pattern": "^.+:.+$"},
        {"type": "string", "minLength": 12, "maxLength": 14},
        {"type": "integer", "minimum": 5, "maximum": 9},
        {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 4},
        {"type": "number", "maximum": -2.5},
        {"type": "array", "items": {"type": "integer"}, "minItems": 3},
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
        {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Mode"}]},
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"type": "object", "properties": {"b": {"type": "integer"}}, "required": ["b"]},
            ]
        },
        {"$ref": "#/components/schemas/Node"},
        {"type": ["string", "null"], "format": "date"},
        {"type": "object", "additionalProperties": {"type": "string"}, "required": ["k"]},
    ],
)
def test_generated_values_are_valid(schema: dict[str, Any]) -> None:
    checker = Checker(DOC)
    value = Examples(DOC, checker).value(schema, "seed")
    assert checker.errors(schema, value) == []
    assert "<" not in str(value)


def test_own_example_wins_and_invalid_one_is_ignored() -> None:
    examples = Examples(DOC)
    assert examples.value({"type": "string", "example": "given"}, "x") == "given"
    assert examples.value({"type": "integer", "example": "nope", "default": 7}, "x") == 7
    assert examples.value({"$ref": "#/components/schemas/Mode"}, "x") == "read"


def test_uuids_depend_on_seed_only() -> None:
    examples = Examples(DOC)
    schema = {"type": "string", "format": "uuid"}
    assert (
        examples.value(schema, "user_id")
        == examples.value(schema, "user_id")
        == stable_uuid("user_id")
    )
    assert examples.value(schema, "user_id") != examples.value(schema, "tenant_id")


def test_recursive_schema_terminates() -> None:
    value = Examples(DOC).value({"$ref": "#/components/schemas/Node"}, "n", full=True)
    assert value["name"] == "Acme Corp"  # a name a reader recognises, not the field's own


def test_repair_keeps_valid_parts() -> None:
    schema = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["id"],
        "additionalProperties": False,
    }
    fixed = Examples(DOC).repair({"tags": ["a", "b"], "org_id": "x"}, schema, "s")
    assert fixed["tags"] == ["a", "b"] and "org_id" not in fixed and len(fixed["id"]) == 36


def test_pattern_builder() -> None:
    assert _from_pattern("^[A-Za-z0-9_-]+$") == "aaa"
    assert _from_pattern("^(foo|bar)\\d{2}$") == "foo11"
    assert _from_pattern("[") is None


@pytest.mark.parametrize(
    "seed", ["", "user_id", "/components/schemas/X/example/id", "é~1/ü", "x" * 500]
)
def test_stable_uuid_is_uuid5_of_the_seed(seed: str) -> None:
    import uuid

    from generator.schema.ids import NAMESPACE, stable_hex

    assert stable_uuid(seed) == str(uuid.uuid5(NAMESPACE, seed))
    assert stable_hex(seed) == uuid.uuid5(NAMESPACE, seed).hex


def test_string_examples_are_values_people_recognise() -> None:
    """Where the spec gives no example, a string follows its field's meaning (a slug for a
    key, a name for a name), never the field's own name; patterns and lengths still hold."""
    ex = Examples(DOC)
    assert ex.value({"type": "string"}, "key") == "acme-corp"
    assert ex.value({"type": "string"}, "tenant_key") == "acme-corp"
    assert ex.value({"type": "string"}, "name") == "Acme Corp"
    assert ex.value({"type": "string"}, "first_name") == "Jane"
    assert ex.value({"type": "string"}, "search") == "acme"
    # the slug breaks the pattern, so the pattern gives one; never the field's own name
    assert ex.value({"type": "string", "pattern": "^[a-z]+$"}, "key") == "aaa"
    assert ex.value({"type": "string"}, "relation") == "my-relation"  # no rule: a placeholder
    assert ex.value({"type": "string", "maxLength": 4}, "name") == "Acme"
    assert ex.value({"type": "string", "format": "email"}, "name") == "jane.doe@example.com"


@pytest.mark.parametrize(
    ("schema", "free"),
    [
        ({"type": "string", "format": "uuid"}, False),  # its id is the seed's
        ({"type": "string"}, False),  # its text is its field's, the seed's last part
        ({"type": "array", "items": {"type": "string"}}, False),
        ({"type": "integer"}, True),
        ({"type": "object", "properties": {"id": {"type": "string", "format": "uuid"}}}, True),
        ({"type": "array", "items": {"$ref": "#/components/schemas/Node"}}, True),
        ({"$ref": "#/components/schemas/Node"}, True),
        ({"$ref": "#/components/schemas/Mode"}, True),  # its own example: the enum's first
        ({"anyOf": [{"type": "null"}, {"type": "string", "format": "uuid"}]}, False),
        ({"oneOf": [{"$ref": "#/components/schemas/Node"}, {"type": "integer"}]}, True),
        ({"type": ["string", "null"]}, False),
        ({"type": "string", "example": "fixed"}, True),
        ({"properties": {"a": {"type": "string"}}}, True),
    ],
)
def test_seed_free_says_whether_the_seed_changes_the_value(
    schema: dict[str, Any], free: bool
) -> None:
    examples = Examples(DOC)
    assert examples.seed_free(schema) is free
    values = {repr(examples.valid_value(schema, seed)) for seed in ("a:200", "users/b_id")}
    if free:
        assert len(values) == 1
    elif schema.get("format") == "uuid":
        assert len(values) == 2  # the claim is not vacuous: the seed does change it


def test_seed_free_holds_on_every_real_component() -> None:
    """On every named schema of Permit's spec and PagerDuty's (oneOf, allOf, arrays of refs):
    what `seed_free` calls seed-free builds the same value from two different seeds."""
    import json

    from helpers import PERMIT_SPEC, ROOT

    pagerduty = ROOT.parent / "shared" / "corpus" / "pagerduty" / "openapiv3.json"
    checked = 0
    for path in (PERMIT_SPEC, pagerduty):
        document = json.loads(path.read_text())
        examples = Examples(document)
        for name in document["components"]["schemas"]:
            schema = {"$ref": f"#/components/schemas/{name}"}
            if examples.seed_free(schema):
                checked += 1
                first = examples.valid_value(schema, "create_user:200")
                assert first == examples.valid_value(schema, "other/thing_id"), name
    assert checked > 500
