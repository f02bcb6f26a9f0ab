"""The `encoded-refs` normalization pass, and the input check that resolves a reference's
fragment percent-decoded (RFC 6901 section 6)."""

from __future__ import annotations

import pytest
from specs import CTX, op, spec

from generator.errors import SpecError
from generator.normalize import apply
from generator.refs import check_document

PARAM = {"name": "page", "in": "query", "schema": {"type": "integer"}}


def _document(ref: str) -> dict[str, object]:
    return spec(
        paths={
            "/companies/{companyId}/data": {"get": op("data", parameters=[PARAM])},
            "/companies/{companyId}/push": {"get": op("push", parameters=[{"$ref": ref}])},
        },
        schemas={"100%": {"type": "string"}, "Holder": {"$ref": "#/components/schemas/100%"}},
    )


def test_a_percent_encoded_fragment_resolves_and_is_written_plain() -> None:
    """Codat's accounting API (APIs.guru) was refused: `%7B` is `{` in a URI fragment."""
    encoded = "#/paths/~1companies~1%7BcompanyId%7D~1data/get/parameters/0"
    document = _document(encoded)
    check_document(document, "t")  # resolves, percent-decoded
    out, record = apply("encoded-refs", document, CTX)
    push = out["paths"]["/companies/{companyId}/push"]["get"]["parameters"][0]
    assert push == {"$ref": "#/paths/~1companies~1{companyId}~1data/get/parameters/0"}
    assert [c.pointer for c in record.changes] == [
        "/paths/~1companies~1{companyId}~1push/get/parameters/0/$ref"
    ]
    # a `%` that names a node as written stays: `100%` is a schema's own name
    assert out["components"]["schemas"]["Holder"] == {"$ref": "#/components/schemas/100%"}


def test_a_fragment_that_resolves_in_neither_form_is_still_refused() -> None:
    with pytest.raises(SpecError, match="does not resolve"):
        check_document(_document("#/paths/~1companies~1%7BnoSuch%7D~1data/get"), "t")
