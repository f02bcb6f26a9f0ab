"""The `names` normalization pass on small specs of its own."""

from __future__ import annotations

from specs import CTX, op, spec

from generator.normalize import apply
from generator.normalize.names import clean_names


def test_names_cleaned_unique_and_refs_follow() -> None:
    names = [
        "permit_backend__schemas__schema_opal_data__FullData",
        "data_generator_lib__schemas__schema_opal_data__FullData",
        "pkg__schemas__schema_solo__Solo",
        "Taken",
        "pkg__schemas__schema_x__Taken",
    ]
    renames = clean_names(names)
    assert renames["permit_backend__schemas__schema_opal_data__FullData"] == "PermitBackendFullData"
    assert (
        renames["data_generator_lib__schemas__schema_opal_data__FullData"]
        == "DataGeneratorLibFullData"
    )
    assert renames["pkg__schemas__schema_solo__Solo"] == "Solo"
    assert renames["pkg__schemas__schema_x__Taken"] not in names
    assert clean_names(list(reversed(names))) == renames
    generic = clean_names(["PaginatedResult_UserRead_", "_Details", "_Taken", "Taken"])
    assert generic == {
        "PaginatedResult_UserRead_": "PaginatedResultUserRead",
        "_Details": "Details",
        "_Taken": "InternalTaken",
    }
    doc = spec(
        {
            "/a": {
                "get": op(
                    responses={
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": "#/components/schemas/pkg__schemas__schema_solo__Solo"
                                    }
                                }
                            },
                        }
                    }
                )
            }
        },
        {"pkg__schemas__schema_solo__Solo": {"type": "object"}},
    )
    out, _ = apply("names", doc, CTX)
    assert list(out["components"]["schemas"]) == ["Solo"]
    media = out["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"]["$ref"] == "#/components/schemas/Solo"
