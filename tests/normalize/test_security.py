"""The `security` normalization pass on small specs of its own."""

from __future__ import annotations

import dataclasses

from specs import API, CTX, op, spec

from generator.normalize import Context, apply

BEARER = Context(dataclasses.replace(API, add_security="bearer"))


def test_security_declares_bearer_when_absent() -> None:
    out, _rec = apply("security", spec({"/a": {"get": op()}}), BEARER)
    assert out["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert out["security"] == [{"HTTPBearer": []}]
    existing = spec(components={"securitySchemes": {"Key": {"type": "http", "scheme": "Bearer"}}})
    existing["components"]["schemas"] = {}
    out, _ = apply("security", existing, BEARER)
    assert list(out["components"]["securitySchemes"]) == ["Key"]
    assert out["security"] == [{"Key": []}]


def test_without_add_security_the_spec_keeps_its_own() -> None:
    """Another API's spec: no scheme added where it declares none; a requirement naming an
    undeclared scheme is dropped (none left: the key goes, the operation inherits)."""
    out, record = apply("security", spec({"/a": {"get": op()}}), CTX)
    assert "security" not in out and "securitySchemes" not in out.get("components", {})
    # nothing changed; the report says the artefacts send no credentials, and the fix (#37)
    assert [c.pointer for c in record.changes] == ["/components/securitySchemes"]
    assert "declares no security scheme" in record.changes[0].message
    document = spec(
        {
            "/a": {"get": op(security=[{"Nope": []}])},
            "/b": {"get": op(security=[{"Nope": []}, {"Key": []}])},
            "/c": {"get": op(security=[])},
        },
        security=[{"Key": []}],
    )
    document["components"]["securitySchemes"] = {
        "Key": {"type": "apiKey", "in": "query", "name": "k"}
    }
    out, record = apply("security", document, CTX)
    paths = out["paths"]
    assert "security" not in paths["/a"]["get"]
    assert paths["/b"]["get"]["security"] == [{"Key": []}]
    assert paths["/c"]["get"]["security"] == [] and out["security"] == [{"Key": []}]
    assert len(record.changes) == 2
