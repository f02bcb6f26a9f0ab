"""The `closed-compositions` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_closed_composition_opened() -> None:
    schema = {"oneOf": [{"$ref": "#/components/schemas/A"}], "additionalProperties": False}
    out, _ = apply("closed-compositions", spec(schemas={"S": schema, "A": {"type": "object"}}), CTX)
    assert "additionalProperties" not in out["components"]["schemas"]["S"]
