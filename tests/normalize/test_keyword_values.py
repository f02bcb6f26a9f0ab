"""The `keyword-values` pass, and the walk reaching every place a schema can sit (#34, #37)."""

from __future__ import annotations

from typing import Any

from specs import CTX, op, spec

from generator.normalize import apply
from generator.schema.walk import all_schemas


def _one(schema: dict[str, Any], openapi: str = "3.1.0") -> tuple[dict[str, Any], list[str]]:
    doc = spec(schemas={"S": schema})
    doc["openapi"] = openapi
    out, rec = apply("keyword-values", doc, CTX)
    return out["components"]["schemas"]["S"], [c.message for c in rec.changes]


def test_values_of_the_wrong_kind_become_extensions() -> None:
    out, messages = _one(
        {"type": {"evil": 1}, "maxLength": "9", "required": ["a", 2], "items": "x", "enum": "a"}
    )
    assert out == {
        "x-invalid-type": {"evil": 1},
        "x-invalid-maxLength": "9",
        "x-invalid-required": ["a", 2],
        "x-invalid-items": "x",
        "x-invalid-enum": "a",
    }
    assert len(messages) == 5


def test_exclusive_bounds_take_the_documents_form() -> None:
    out, messages = _one({"type": "integer", "minimum": 3, "exclusiveMinimum": True})
    assert out == {"type": "integer", "exclusiveMinimum": 3}
    assert messages == ["exclusiveMinimum: true (OpenAPI 3.0's form) -> 3"]
    out, _ = _one({"type": "integer", "maximum": 3, "exclusiveMaximum": False})
    assert out == {"type": "integer", "maximum": 3}
    out, _ = _one({"type": "integer", "exclusiveMinimum": 3}, "3.0.3")
    assert out == {"type": "integer", "exclusiveMinimum": True, "minimum": 3}
    out, _ = _one({"type": "integer", "exclusiveMinimum": True, "minimum": 3}, "3.0.3")
    assert out == {"type": "integer", "exclusiveMinimum": True, "minimum": 3}


def test_examples_written_as_named_example_objects_become_their_values() -> None:
    """Codat's assess API (APIs.guru) writes a schema's `examples` as a media type's, which the
    document's own validation refused (exit 4): the meaning is plain, so it is converted."""
    named = {"Example 1": {"value": {"a": 1}}, "Example 2": {"summary": "s", "value": 2}}
    out, messages = _one({"type": "object", "examples": named})
    assert out == {"type": "object", "examples": [{"a": 1}, 2]}
    assert "named Example Object" in messages[0]
    out, _ = _one({"type": "object", "examples": {"a": 1}})  # no Example Objects: kept aside
    assert out == {"type": "object", "x-invalid-examples": {"a": 1}}
    out, messages = _one({"type": "object", "examples": [1]})
    assert out == {"type": "object", "examples": [1]} and messages == []


def test_a_pattern_no_linear_engine_reads_is_kept_and_named() -> None:
    out, messages = _one({"type": "string", "pattern": "(?=a)b"})
    assert out["pattern"] == "(?=a)b"
    assert messages and "not checked" in messages[0]


def test_the_walk_visits_every_place_a_schema_can_sit() -> None:
    s = {"type": "string"}
    content = {"application/json": {"schema": dict(s)}}
    doc = spec(
        paths={
            "/a": {
                "parameters": [{"name": "p", "in": "query", "content": content}],
                "post": op(
                    "a",
                    requestBody={"content": content},
                    responses={
                        "200": {
                            "description": "",
                            "content": content,
                            "headers": {"H": {"schema": s}},
                        }
                    },
                    callbacks={
                        "cb": {"{$url}": {"post": op("cb", requestBody={"content": content})}}
                    },
                ),
            }
        },
        webhooks={"w": {"post": op("w", requestBody={"content": content})}},
    )
    doc["components"].update(
        responses={"R": {"description": "", "content": content}},
        requestBodies={"B": {"content": content}},
        parameters={"P": {"name": "q", "in": "query", "schema": s}},
        headers={"H": {"schema": s}},
        callbacks={
            "C": {
                "{$url}": {
                    "get": op("c", responses={"200": {"description": "", "content": content}})
                }
            }
        },
        pathItems={"I": {"get": op("i", parameters=[{"name": "x", "in": "query", "schema": s}])}},
    )
    found = [path for path, _ in all_schemas(doc)]
    expected = [
        "/components/responses/R/content/application~1json/schema",
        "/components/requestBodies/B/content/application~1json/schema",
        "/components/parameters/P/schema",
        "/components/headers/H/schema",
        "/components/callbacks/C/{$url}/get/responses/200/content/application~1json/schema",
        "/components/pathItems/I/get/parameters/0/schema",
        "/paths/~1a/parameters/0/content/application~1json/schema",
        "/paths/~1a/post/requestBody/content/application~1json/schema",
        "/paths/~1a/post/responses/200/content/application~1json/schema",
        "/paths/~1a/post/responses/200/headers/H/schema",
        "/paths/~1a/post/callbacks/cb/{$url}/post/requestBody/content/application~1json/schema",
        "/webhooks/w/post/requestBody/content/application~1json/schema",
    ]
    assert found == expected
