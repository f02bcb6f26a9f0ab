"""The `tuple-items` normalization pass on small specs of its own."""

from __future__ import annotations

import copy

from specs import CTX, spec

from generator.normalize import apply


def test_tuple_items_by_version() -> None:
    tuple_schema = {
        "type": "array",
        "items": [{"type": "string"}, {"type": "integer"}],
        "minItems": 2,
        "maxItems": 2,
    }
    out, _ = apply("tuple-items", spec(schemas={"T": copy.deepcopy(tuple_schema)}), CTX)
    assert out["components"]["schemas"]["T"]["prefixItems"] == [
        {"type": "string"},
        {"type": "integer"},
    ]
    assert "items" not in out["components"]["schemas"]["T"]
    old = spec(schemas={"T": copy.deepcopy(tuple_schema)}, openapi="3.0.2")
    out, _ = apply("tuple-items", old, CTX)
    assert out["components"]["schemas"]["T"]["items"] == {
        "anyOf": [{"type": "string"}, {"type": "integer"}]
    }
