"""The fast Checker gives jsonschema's answers: on hand-made edge cases and on every real schema."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import HISTORY, PDP_SPEC, PERMIT_SPEC, ROOT

from generator.config import load_config
from generator.normalize import Context, normalize
from generator.schema.examples import Examples
from generator.schema.validation import Checker, ReferenceChecker
from generator.schema.walk import all_schemas

pytestmark = pytest.mark.slow  # make test-fast leaves it out


DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Id": {"type": "string", "format": "uuid"},
            "Tree": {
                "type": "object",
                "properties": {
                    "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
                },
                "additionalProperties": False,
            },
            "Odd/Name~": {"type": "integer"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        }
    },
}
UUID = "c2f3a1e4-1b2c-4d5e-8f90-123456789abc"

CASES: list[tuple[Any, Any, bool]] = [
    ({"type": "integer"}, 1.0, True),
    ({"type": "integer"}, 1.5, False),
    ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False),
    ({"type": ["string", "null"]}, None, True),
    ({"enum": [1, "a"]}, True, False),
    ({"enum": [True]}, 1, False),
    ({"enum": [[1, 2]]}, [1.0, 2], True),
    ({"const": {"a": [False]}}, {"a": [0]}, False),
    ({"type": "string", "format": "uuid"}, UUID, True),
    ({"type": "string", "format": "uuid"}, UUID.replace("-", ""), False),
    # uuid.UUID's parsing, which jsonschema's check calls and Checker spells out
    ({"format": "uuid"}, UUID.upper(), True),
    ({"format": "uuid"}, UUID[:32] + "-" + UUID[32:], True),
    ({"format": "uuid"}, "{" + UUID + "}", False),
    ({"format": "uuid"}, "urn:uuid:" + UUID, False),
    ({"format": "uuid"}, "0x" + UUID[2:], True),
    ({"format": "uuid"}, "1_" + UUID[2:], True),
    ({"format": "uuid"}, " " + UUID[1:], True),
    ({"format": "uuid"}, UUID[:-1] + "g", False),
    ({"format": "uuid"}, UUID[:-1], False),
    ({"format": "uuid"}, 7, True),
    ({"format": "date-time"}, "2024-02-29t10:00:00z", True),
    ({"format": "date-time"}, "2023-02-29T10:00:00Z", False),
    ({"format": "date-time"}, "2000-02-29T23:59:59.5+23:59\n", True),
    ({"format": "date-time"}, "1900-02-29T10:00:00Z", False),
    ({"format": "date-time"}, "0000-01-01T10:00:00Z", False),
    ({"format": "date-time"}, "2024-04-31T10:00:00Z", False),
    ({"format": "date-time"}, "2024-01-01T24:00:00Z", False),
    ({"format": "date"}, "2024-01-01\n", False),
    ({"format": "time"}, "10:00:00+02:00", True),
    ({"format": "email"}, "nobody", False),
    ({"format": "ipv6"}, "fe80::1%eth0", False),
    ({"format": "ipv4"}, "10.0.0.256", False),
    ({"format": "uri"}, "not a uri", True),
    ({"format": "idn-hostname"}, "a" * 70, False),
    ({"type": "string", "pattern": "^a"}, "ba", False),
    ({"type": "string", "pattern": "b"}, "abc", True),
    ({"minLength": 2}, "é", False),
    ({"maxLength": 1}, 12345, True),
    ({"minimum": 2}, 2, True),
    ({"exclusiveMinimum": 2}, 2, False),
    ({"maximum": 2}, True, True),
    ({"multipleOf": 0.1}, 0.3, False),  # as jsonschema computes it
    ({"required": ["a"]}, [], True),
    ({"required": ["a"], "properties": {"a": {"type": "null"}}}, {"a": None}, True),
    (
        {"patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
        {"x-a": 1},
        True,
    ),
    (
        {"patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
        {"x-a": "1"},
        False,
    ),
    (
        {"patternProperties": {"^x-": {"type": "integer"}}, "additionalProperties": False},
        {"y": 1},
        False,
    ),
    ({"additionalProperties": {"type": "string"}}, {"a": "b", "c": 1}, False),
    ({"minProperties": 1}, {}, False),
    ({"uniqueItems": True}, [1, True], True),
    ({"uniqueItems": True}, [1, 1.0], False),
    ({"prefixItems": [{"type": "string"}], "items": False}, ["a", 1], False),
    ({"items": [{"type": "string"}]}, ["a"], False),
    ({"minItems": 1}, [], False),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 1.0, True),
    ({"oneOf": [{"type": "number"}, {"type": "integer"}]}, 1, False),
    ({"oneOf": [{"type": "number"}, {"type": "string"}]}, 1, True),
    ({"not": {"type": "null"}}, None, False),
    ({"allOf": [{"$ref": "#/components/schemas/Id"}, {"maxLength": 3}]}, UUID, False),
    ({"$ref": "#/components/schemas/Id", "maxLength": 3}, UUID, False),
    ({"$ref": "#/components/schemas/Tree"}, {"kids": [{"kids": []}]}, True),
    ({"$ref": "#/components/schemas/Tree"}, {"kids": [{"kid": []}]}, False),
    ({"$ref": "#/components/schemas/Odd~1Name~0"}, 3, True),
    ({"$ref": "#/components/schemas/Missing"}, 3, False),
    ({"$ref": "#/paths"}, 3, False),
    ({"$ref": "#/components/schemas/Loop"}, 3, False),  # cannot be checked: never valid
    ({"if": {"type": "string"}, "then": {"minLength": 2}}, "a", False),
    ({"contains": {"type": "integer"}}, ["a"], False),
    ({"type": "object", "properties": {"a": False}}, {"a": 1}, False),
    ({"type": "strng"}, "a", False),
    ({"minLength": "2"}, "a", False),
    ({"nullable": True, "type": "string"}, None, False),  # 3.1: nullable means nothing
]


@pytest.mark.parametrize(("schema", "value", "valid"), CASES)
def test_edge_cases_agree_with_jsonschema(schema: Any, value: Any, valid: bool) -> None:
    assert ReferenceChecker(DOC).is_valid(schema, value) is valid
    assert Checker(DOC).is_valid(schema, value) is valid


def test_openapi30_nullable_and_boolean_bounds() -> None:
    doc = {
        **DOC,
        "openapi": "3.0.2",
        "components": {"schemas": {"N": {"type": "string", "nullable": True}}},
    }
    cases = [
        ({"type": "string", "nullable": True}, None, True),
        ({"$ref": "#/components/schemas/N"}, None, True),
        ({"allOf": [{"type": "integer"}], "nullable": True}, None, True),
        ({"enum": ["a"], "nullable": True}, None, True),
        ({"type": "integer", "minimum": 2, "exclusiveMinimum": True}, 2, False),
        ({"type": "integer", "maximum": 2, "exclusiveMaximum": False}, 2, True),
    ]
    for schema, value, valid in cases:
        assert ReferenceChecker(doc).is_valid(schema, value) is valid, schema
        assert Checker(doc).is_valid(schema, value) is valid, schema


def test_messages_name_the_place_and_the_problem() -> None:
    checker = Checker(DOC)
    tree = {"$ref": "#/components/schemas/Tree"}
    assert checker.errors(tree, {"kids": [{"kid": 1}]}) == [
        "kids/0: Additional properties are not allowed ('kid' was unexpected)"
    ]
    assert checker.errors({"type": "string", "format": "uuid"}, "user_1") == [
        "(root): 'user_1' is not a 'uuid'"
    ]
    assert checker.errors({"required": ["id"]}, {}) == ["(root): 'id' is a required property"]
    assert checker.errors({"type": "integer"}, 3) == []
    # oneOf stops at the second match (the rest cannot make it valid), the words unchanged
    three = {"oneOf": [{"type": "integer"}, {"minimum": 0}, {"maximum": 9}]}
    assert checker.errors(three, 3) == [
        "(root): 3 is not valid under more than one of the given schemas"
    ]
    assert checker.errors(three, "x") == [
        "(root): 'x' is not valid under more than one of the given schemas"
    ]
    assert checker.errors(three, -1.5) == []


def _variants(value: Any, schema: dict[str, Any]) -> Iterator[Any]:
    """The value, and near misses of it: the kinds of mistakes real examples make."""
    yield value
    for odd in (None, "", "x", 0, -1, 2.5, True, [], {}, [None], {"": None}):
        yield odd
    if isinstance(value, dict):
        for key in list(value)[:4]:
            without = dict(value)
            del without[key]
            yield without
            for odd in (None, "user_1", 1.5, [], {"x": 1}):
                yield {**value, key: odd}
        yield {**value, "unexpected_key": 1}
    if isinstance(value, list) and value:
        yield value + value
        yield [None, *value]
    if isinstance(value, str):
        yield value + "\n"
        yield value[1:]
        yield value.upper()


def _pairs(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], Any]]:
    examples = Examples(document, ReferenceChecker(document))
    for path, schema in all_schemas(document):
        values = [schema[k] for k in ("example", "default", "const") if k in schema]
        values += schema.get("enum", [])[:2] if isinstance(schema.get("enum"), list) else []
        values.append(examples.value(schema, path, full=True))
        for value in values:
            for variant in _variants(copy.deepcopy(value), schema):
                yield path, schema, variant


CONFIG = load_config(ROOT / "apigen.toml")
SPECS = {
    "current": (PERMIT_SPEC, "permit", True),
    "current-raw": (PERMIT_SPEC, "permit", False),
    "pdp": (PDP_SPEC, "pdp", True),
    "2022-raw": (HISTORY / "openapi-2022-09-29.json", "permit", False),
    "2022": (HISTORY / "openapi-2022-09-29.json", "permit", True),
}


@pytest.mark.parametrize("key", sorted(SPECS))
def test_every_real_schema_agrees_with_jsonschema(key: str) -> None:
    """Every schema of the spec, with its own values, a generated example and near misses of
    each: the fast Checker says valid exactly when jsonschema does."""
    path, api, normalized = SPECS[key]
    document = json.loads(path.read_text())
    if normalized:
        document = normalize(document, Context(CONFIG.apis[api])).document
    fast, reference = Checker(document), ReferenceChecker(document)
    checked, invalid, disagree = 0, 0, []
    for where, schema, value in _pairs(document):
        expected = reference.is_valid(schema, value)
        if fast.is_valid(schema, value) is not expected:
            disagree.append((where, value, expected))
        checked += 1
        invalid += not expected
    assert disagree == [], disagree[:5]
    assert checked > 1000 and 0 < invalid < checked  # both answers were exercised


def test_a_ref_into_a_list_is_followed_without_jsonschema() -> None:
    """PagerDuty's `$ref: .../schema/oneOf/0`: an array index in the pointer is followed by the
    checker itself (no fallback to jsonschema, whose import costs a run 0.1 s)."""
    document = {
        "openapi": "3.1.0",
        "components": {
            "responses": {
                "R": {
                    "content": {
                        "application/json": {
                            "schema": {"oneOf": [{"type": "integer"}, {"type": "null"}]}
                        }
                    }
                }
            }
        },
    }
    checker = Checker(document)
    ref = {"$ref": "#/components/responses/R/content/application~1json/schema/oneOf/0"}
    assert checker.errors(ref, 3) == []
    assert checker.errors(ref, "x") == ["(root): 'x' is not of type 'integer'"]
    assert checker._reference is None  # answered without the fallback
    assert checker.errors({"$ref": "#/components/responses/R/content/x/schema/oneOf/9"}, 3)
