"""The `canonical-order` normalization pass on small specs of its own."""

from __future__ import annotations

import json

from specs import CTX, spec

from generator.normalize import apply


def test_canonical_order_is_stable() -> None:
    doc = spec(schemas={"b": {}, "a": {}})
    shuffled = dict(reversed(list(doc.items())))
    one, _ = apply("canonical-order", doc, CTX)
    two, _ = apply("canonical-order", shuffled, CTX)
    assert json.dumps(one) == json.dumps(two)
    assert list(one) == ["openapi", "info", "paths", "components"]
    assert list(one["components"]["schemas"]) == ["a", "b"]
