"""The `ref-allof` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_ref_allof_unwrapped_keeping_description_and_default() -> None:
    prop = {
        "allOf": [{"$ref": "#/components/schemas/Level"}],
        "description": "how much",
        "default": "read",
    }
    doc = spec(
        schemas={
            "S": {"type": "object", "properties": {"level": prop}},
            "Level": {"type": "string"},
        }
    )
    out, _ = apply("ref-allof", doc, CTX)
    assert out["components"]["schemas"]["S"]["properties"]["level"] == {
        "$ref": "#/components/schemas/Level",
        "description": "how much",
        "default": "read",
    }
    old, _ = apply("ref-allof", {**doc, "openapi": "3.0.3"}, CTX)
    assert "allOf" in old["components"]["schemas"]["S"]["properties"]["level"]
