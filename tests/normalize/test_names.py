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


def test_every_name_becomes_an_identifier_even_when_its_spelling_is_taken() -> None:
    """A name whose identifier spelling another name has (`A/b` beside `AB`), a qualified
    name whose own part is no identifier (`pkg__schemas__x__Thing/a~b`), and a name of
    punctuation alone: each gets an identifier (the fuzzer's slash-name mutants left them as
    they were, and the Python client then had no class for them)."""
    names = ["AB", "A/b", "pkg__schemas__x__Thing/a~b", "ThingAB", "~"]
    renames = clean_names(names)
    assert renames == {
        "A/b": "AB2",
        "pkg__schemas__x__Thing/a~b": "ThingAB2",
        "~": "Schema",
    }
    assert all(new.isidentifier() for new in renames.values())
