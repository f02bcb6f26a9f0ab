"""The `boolean-schemas` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply
from generator.shape import check_shape


def test_every_boolean_schema_becomes_the_object_it_equals() -> None:
    document = spec(
        paths={
            "/a": {
                "parameters": [{"name": "q", "in": "query", "schema": True}],
                "post": op(
                    "a",
                    requestBody={"content": {"application/json": {"schema": False}}},
                    responses={"200": {"description": "ok", "headers": {"X": {"schema": True}}}},
                ),
            }
        },
        schemas={
            "Any": True,
            "T": {
                "type": "object",
                "properties": {"yes": True, "no": False},
                "patternProperties": {"^x": False},
                "additionalProperties": False,
                "allOf": [True],
                "not": False,
            },
            "Empty": {"type": "array", "items": False, "maxItems": 3},
            "Pair": {"type": "array", "prefixItems": [True, {"type": "string"}], "items": False},
            "Tight": {"type": "array", "prefixItems": [True], "items": False, "maxItems": 0},
            "Open": {"type": "object", "unevaluatedProperties": True},
        },
    )
    check_shape(document, "t")  # boolean schemas are valid input
    out, record = apply("boolean-schemas", document, CTX)
    schemas = out["components"]["schemas"]
    assert schemas["Any"] == {}
    assert schemas["T"] == {
        "type": "object",
        "properties": {"yes": {}, "no": {"not": {}}},
        "patternProperties": {"^x": {"not": {}}},
        "additionalProperties": False,  # allowed as it is in both versions
        "allOf": [{}],
        "not": {"not": {}},
    }
    assert schemas["Empty"] == {"type": "array", "maxItems": 0}
    assert schemas["Pair"] == {
        "type": "array",
        "prefixItems": [{}, {"type": "string"}],
        "maxItems": 2,
    }
    assert schemas["Tight"]["maxItems"] == 0  # a tighter bound is kept
    assert schemas["Open"] == {"type": "object", "unevaluatedProperties": {}}
    item = out["paths"]["/a"]
    assert item["parameters"][0]["schema"] == {}
    assert item["post"]["requestBody"]["content"]["application/json"]["schema"] == {"not": {}}
    assert item["post"]["responses"]["200"]["headers"]["X"]["schema"] == {}
    pointers = [change.pointer for change in record.changes]
    assert "/components/schemas/Any" in pointers
    assert "/paths/~1a/post/requestBody/content/application~1json/schema" in pointers
    assert "/components/schemas/Pair/prefixItems/0" in pointers
    assert len(pointers) == 15


def test_a_document_of_schema_objects_is_left_alone() -> None:
    document = spec(schemas={"T": {"type": "object", "additionalProperties": True}})
    out, record = apply("boolean-schemas", document, CTX)
    assert out == document and record.changes == []
