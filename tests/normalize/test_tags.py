"""The `tags` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply


def test_tags_declared_deduplicated_and_untagged_get_default() -> None:
    doc = spec(
        {"/a": {"get": op(tags=["B"]), "post": op()}, "/b": {"get": op(tags=["A", "A"])}},
        tags=[{"name": "A", "description": "first"}, {"name": "A", "x-extra": 1}],
    )
    out, rec = apply("tags", doc, CTX)
    assert [t["name"] for t in out["tags"]] == ["A", "B", "Misc"]
    assert out["tags"][0] == {"name": "A", "description": "first", "x-extra": 1}
    assert out["paths"]["/a"]["post"]["tags"] == ["Misc"]
    assert out["paths"]["/b"]["get"]["tags"] == ["A"]
    assert any("duplicate" in c.message for c in rec.changes)
