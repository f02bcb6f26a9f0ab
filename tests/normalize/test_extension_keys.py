"""The `extension-keys` normalization pass, and the shape check that lets extensions through
where OpenAPI allows them."""

from __future__ import annotations

import pytest
from specs import CTX, op, spec

from generator.errors import SpecError
from generator.normalize import apply
from generator.shape import check_shape


def test_extensions_among_paths_webhooks_and_answers_are_removed_and_said() -> None:
    answers = {"200": {"description": "ok"}, "x-note": "not a status"}
    document = spec(
        paths={"x-codegen-contextRoot": "/api", "/a": {"get": op("a", responses=answers)}},
        webhooks={"x-group": ["a"], "made": {"post": op("made")}},
    )
    check_shape(document, "t")  # valid input: OpenAPI allows extensions in these objects
    out, record = apply("extension-keys", document, CTX)
    assert list(out["paths"]) == ["/a"]
    assert list(out["paths"]["/a"]["get"]["responses"]) == ["200"]
    assert list(out["webhooks"]) == ["made"]
    assert [c.pointer for c in record.changes] == [
        "/paths/x-codegen-contextRoot",
        "/paths/~1a/get/responses/x-note",
        "/webhooks/x-group",
    ]


def test_other_keys_of_those_objects_are_still_checked() -> None:
    with pytest.raises(SpecError, match=r"/paths/~1a must be an object"):
        check_shape(spec(paths={"/a": "not a path item"}), "t")
    with pytest.raises(SpecError, match=r"/responses/200 must be an object"):
        check_shape(spec(paths={"/a": {"get": op("a", responses={"200": "ok"})}}), "t")
    named = spec()
    named["components"]["responses"] = {"x-named": "a component's name is no extension"}
    with pytest.raises(SpecError, match=r"/components/responses/x-named must be an object"):
        check_shape(named, "t")
