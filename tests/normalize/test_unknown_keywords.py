"""The `unknown-keywords` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_unknown_keywords_become_extensions() -> None:
    out, rec = apply(
        "unknown-keywords", spec(schemas={"S": {"type": "string", "hidden_from_schema": True}}), CTX
    )
    assert out["components"]["schemas"]["S"] == {"type": "string", "x-hidden-from-schema": True}
    assert rec.changes[0].pointer == "/components/schemas/S/hidden_from_schema"
