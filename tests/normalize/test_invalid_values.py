"""The `invalid-values` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply
from generator.schema.validation import Checker


def test_invalid_examples_repaired_and_bad_defaults_removed() -> None:
    schemas = {
        "Group": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "users": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            },
            "required": ["id"],
            "additionalProperties": False,
            "example": {"users": ["user_1"], "org_id": "x"},
        },
        "Mode": {"type": "string", "enum": ["a", "b"], "default": "c"},
    }
    doc = spec(schemas=schemas)
    out, rec = apply("invalid-values", doc, CTX)
    group = out["components"]["schemas"]["Group"]
    assert Checker(out).is_valid(group, group["example"])
    assert set(group["example"]) == {"id", "users"}
    assert "default" not in out["components"]["schemas"]["Mode"]
    assert len(rec.changes) == 2
