"""The `required` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_required_deduplicated() -> None:
    out, _ = apply(
        "required", spec(schemas={"S": {"type": "object", "required": ["a", "b", "a"]}}), CTX
    )
    assert out["components"]["schemas"]["S"]["required"] == ["a", "b"]
