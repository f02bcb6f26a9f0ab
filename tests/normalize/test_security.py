"""The `security` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply


def test_security_declares_bearer_when_absent() -> None:
    out, _rec = apply("security", spec({"/a": {"get": op()}}), CTX)
    assert out["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert out["security"] == [{"HTTPBearer": []}]
    existing = spec(components={"securitySchemes": {"Key": {"type": "http", "scheme": "Bearer"}}})
    existing["components"]["schemas"] = {}
    out, _ = apply("security", existing, CTX)
    assert list(out["components"]["securitySchemes"]) == ["Key"]
    assert out["security"] == [{"Key": []}]
