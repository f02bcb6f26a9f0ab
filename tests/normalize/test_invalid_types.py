"""The `invalid-types` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_invalid_types_become_real_types() -> None:
    secret = {
        "anyOf": [
            {"type": "HeadersAuth"},
            {"type": "BasicAuth", "pattern": "^.+:.+$"},
            {"type": "Blob", "minLength": 1},
        ]
    }
    out, rec = apply(
        "invalid-types",
        spec(schemas={"P": {"type": "object", "properties": {"secret": secret}}}),
        CTX,
    )
    branches = out["components"]["schemas"]["P"]["properties"]["secret"]["anyOf"]
    assert branches[0] == {"type": "object", "additionalProperties": {"type": "string"}}
    assert branches[1] == {"type": "string", "pattern": "^.+:.+$"}
    assert branches[2] == {"type": "string", "minLength": 1}
    assert len(rec.changes) == 3
