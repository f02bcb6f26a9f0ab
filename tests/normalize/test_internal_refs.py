"""The `internal-refs` normalization pass on small specs of its own."""

from __future__ import annotations

import json
import re

from specs import CTX, spec

from generator.normalize import apply

P = "#/components/schemas/"


def test_a_ref_inside_a_schema_names_a_copy_of_its_target() -> None:
    document = spec(
        schemas={
            "Pagination": {"type": "object", "properties": {"total": {"type": "integer"}}},
            "Page": {"type": "object", "properties": {
                "count": {"$ref": f"{P}Pagination/properties/total"},
                "again": {"$ref": f"{P}Pagination/properties/total"},
            }},
        }
    )  # fmt: skip
    out, record = apply("internal-refs", document, CTX)
    schemas = out["components"]["schemas"]
    assert schemas["Pagination_properties_total"] == {"type": "integer"}
    page = schemas["Page"]["properties"]
    assert page["count"] == page["again"] == {"$ref": f"{P}Pagination_properties_total"}
    assert schemas["Pagination"]["properties"]["total"] == {"type": "integer"}  # unchanged
    assert record.mapping == {f"{P}Pagination/properties/total": "Pagination_properties_total"}


def test_a_copied_target_pointing_inside_another_schema_is_named_too() -> None:
    """Codat's commerce API (APIs.guru): `CompanyInfo/definitions/accountBalance`, itself
    reached by an inner `$ref`, points at `Transaction/allOf/1/properties/currency`. The copy
    kept that pointer (made before the original's was rewritten: Account comes first), which
    the TypeScript client then named as a type it never declared."""
    document = spec(
        schemas={
            "Transaction": {"allOf": [
                {"type": "object"},
                {"type": "object", "properties": {"currency": {"type": "string"}}},
            ]},
            "Account": {"type": "object", "properties": {
                "balance": {"$ref": f"{P}CompanyInfo/definitions/accountBalance"},
            }},
            "CompanyInfo": {"type": "object", "definitions": {"accountBalance": {
                "type": "object",
                "properties": {"currency": {"$ref": f"{P}Transaction/allOf/1/properties/currency"}},
            }}},
            "Broken": {"$ref": f"{P}Nowhere/properties/x"},
        }
    )  # fmt: skip
    out, _ = apply("internal-refs", document, CTX)
    schemas = out["components"]["schemas"]
    copied = schemas["CompanyInfo_definitions_accountBalance"]
    assert copied["properties"]["currency"] == {
        "$ref": f"{P}Transaction_allOf_1_properties_currency"
    }
    assert schemas["Transaction_allOf_1_properties_currency"] == {"type": "string"}
    refs = re.findall(r'"\$ref": "([^"]+)"', json.dumps(out))
    inner = [ref for ref in refs if "/" in ref[len(P) :]]
    assert inner == [f"{P}Nowhere/properties/x"]  # left for the reference check
