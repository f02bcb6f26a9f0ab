"""The `callback-refs` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply
from generator.spec import validation_errors

HOOK = {"{$request.body#/url}": {"post": op("on_event")}}
REF = {"$ref": "#/components/callbacks/Index"}


def test_a_callback_given_as_a_ref_becomes_a_copy_of_it() -> None:
    """PeerTube's 3.0 spec (APIs.guru) names its callbacks by `$ref`, which OpenAPI allows and
    openapi-pydantic's 3.0 model, the normalized document's check, refused."""
    document = spec(
        paths={"/search": {"get": op("search", callbacks={"index": REF, "inline": HOOK})}},
        openapi="3.0.3",
    )
    document["components"]["callbacks"] = {"Index": HOOK}
    assert validation_errors(document)  # refused as it is
    out, record = apply("callback-refs", document, CTX)
    assert out["paths"]["/search"]["get"]["callbacks"] == {"index": HOOK, "inline": HOOK}
    assert out["components"]["callbacks"] == {"Index": HOOK}  # kept
    assert [c.pointer for c in record.changes] == ["/paths/~1search/get/callbacks/index"]
    assert validation_errors(out) == []


def test_a_webhooks_callbacks_too() -> None:
    document = spec(webhooks={"made": {"post": op("made", callbacks={"again": REF})}})
    document["components"]["callbacks"] = {"Index": HOOK}
    out, record = apply("callback-refs", document, CTX)
    assert out["webhooks"]["made"]["post"]["callbacks"] == {"again": HOOK}
    assert [c.pointer for c in record.changes] == ["/webhooks/made/post/callbacks/again"]
