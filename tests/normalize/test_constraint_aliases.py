"""The `constraint-aliases` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, spec

from generator.normalize import apply


def test_constraint_aliases_and_property_named_lte_untouched() -> None:
    schema = {"type": "object", "properties": {"lte": {"type": "integer", "lte": 60, "gt": 0}}}
    out, rec = apply("constraint-aliases", spec(schemas={"S": schema}), CTX)
    prop = out["components"]["schemas"]["S"]["properties"]["lte"]
    assert prop == {"type": "integer", "maximum": 60, "exclusiveMinimum": 0}
    assert len(rec.changes) == 2
