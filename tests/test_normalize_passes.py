"""Each normalization pass on a small spec of its own: what it repairs, and that it is pure."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from generator.config import ApiConfig, Region
from generator.normalize import PASSES, Context, apply, normalize
from generator.normalize.names import clean_names
from generator.schema.validation import Checker

API = ApiConfig(
    name="t",
    title="Test API",
    source="spec.json",
    snapshot=None,
    regions=(
        Region("us", "Test US", "https://us.example.test"),
        Region("eu", "Test EU", "https://eu.example.test"),
    ),
    python_package="t",
    default_tag="Misc",
)
CTX = Context(API)


def spec(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
        **top,
    }


def op(op_id: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"responses": {"200": {"description": "ok"}}, **extra}
    if op_id:
        out["operationId"] = op_id
    return out


@pytest.mark.parametrize("name", sorted(PASSES))
def test_every_pass_leaves_its_input_untouched(name: str) -> None:
    doc = spec(
        {"/a/{x}": {"get": op("read_a_a__x__get", tags=["A"])}},
        {
            "m__schemas__X": {
                "type": "Weird",
                "lte": 3,
                "hidden_from_schema": True,
                "required": ["a", "a"],
            }
        },
        tags=[{"name": "A"}, {"name": "A"}],
    )
    before = copy.deepcopy(doc)
    apply(name, doc, CTX)
    assert doc == before


def test_servers_added_from_config_only_when_missing() -> None:
    out, rec = apply("servers", spec(), CTX)
    assert out["servers"] == [
        {"url": "https://us.example.test", "description": "Test US"},
        {"url": "https://eu.example.test", "description": "Test EU"},
    ]
    assert len(rec.changes) == 2
    kept, rec = apply("servers", spec(servers=[{"url": "https://x.test"}]), CTX)
    assert kept["servers"] == [{"url": "https://x.test"}] and not rec.changes


def test_security_declares_bearer_when_absent() -> None:
    out, _rec = apply("security", spec({"/a": {"get": op()}}), CTX)
    assert out["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert out["security"] == [{"HTTPBearer": []}]
    existing = spec(components={"securitySchemes": {"Key": {"type": "http", "scheme": "Bearer"}}})
    existing["components"]["schemas"] = {}
    out, _ = apply("security", existing, CTX)
    assert list(out["components"]["securitySchemes"]) == ["Key"]
    assert out["security"] == [{"Key": []}]


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


def test_operation_ids_strip_fastapi_suffix_and_stay_unique() -> None:
    doc = spec(
        {
            "/policy-updater/trigger": {
                "post": op("trigger_policy_update_policy_updater_trigger_post")
            },
            "/callbacks/{key}": {
                "get": op("get_callback_by_key_callbacks__key__get"),
                "delete": op("get_callback_by_key_callbacks__key__delete"),
            },
            "/v2/facts/{p}/access_requests": {"get": op("list_access_requests")},
            "/v2/elements/{p}/config/{c}/access_requests": {
                "get": op("list_access_requests_v2_elements__p__config__c__access_requests_get")
            },
            "/v2/no/id": {"get": op()},
            "/v2/Weird": {"get": op("GetThing-Now")},
        }
    )
    out, rec = apply("operation-ids", doc, CTX)
    ids = {
        f"{m} {p}": o["operationId"] for p, item in out["paths"].items() for m, o in item.items()
    }
    assert ids == {
        "post /policy-updater/trigger": "trigger_policy_update",
        "get /callbacks/{key}": "get_callback_by_key",
        "delete /callbacks/{key}": "delete_callback_by_key",
        "get /v2/facts/{p}/access_requests": "list_access_requests",
        "get /v2/elements/{p}/config/{c}/access_requests": "list_elements_access_requests",
        "get /v2/no/id": "get_no_id",
        "get /v2/Weird": "get_thing_now",
    }
    assert (
        rec.mapping["trigger_policy_update_policy_updater_trigger_post"] == "trigger_policy_update"
    )


def test_operation_ids_do_not_depend_on_order() -> None:
    paths = {
        "/v2/a/x": {"get": op("list_x_v2_a_x_get")},
        "/v2/b/x": {"get": op("list_x_v2_b_x_get")},
    }
    forward, _ = apply("operation-ids", spec(paths), CTX)
    backward, _ = apply("operation-ids", spec(dict(reversed(paths.items()))), CTX)
    assert (
        forward["paths"]["/v2/a/x"]["get"]["operationId"]
        == backward["paths"]["/v2/a/x"]["get"]["operationId"]
    )
    assert (
        forward["paths"]["/v2/a/x"]["get"]["operationId"]
        != forward["paths"]["/v2/b/x"]["get"]["operationId"]
    )


def test_invalid_types_become_real_types() -> None:
    secret = {
        "anyOf": [
            {"type": "HeadersAuth"},
            {"type": "BasicAuth", "pattern": "^.+:.+$"},
            {"type": "Blob", "minLength": 1},
        ]
    }
    out, rec = apply(
        "invalid-types",
        spec(schemas={"P": {"type": "object", "properties": {"secret": secret}}}),
        CTX,
    )
    branches = out["components"]["schemas"]["P"]["properties"]["secret"]["anyOf"]
    assert branches[0] == {"type": "object", "additionalProperties": {"type": "string"}}
    assert branches[1] == {"type": "string", "pattern": "^.+:.+$"}
    assert branches[2] == {"type": "string", "minLength": 1}
    assert len(rec.changes) == 3


def test_tuple_items_by_version() -> None:
    tuple_schema = {
        "type": "array",
        "items": [{"type": "string"}, {"type": "integer"}],
        "minItems": 2,
        "maxItems": 2,
    }
    out, _ = apply("tuple-items", spec(schemas={"T": copy.deepcopy(tuple_schema)}), CTX)
    assert out["components"]["schemas"]["T"]["prefixItems"] == [
        {"type": "string"},
        {"type": "integer"},
    ]
    assert "items" not in out["components"]["schemas"]["T"]
    old = spec(schemas={"T": copy.deepcopy(tuple_schema)}, openapi="3.0.2")
    out, _ = apply("tuple-items", old, CTX)
    assert out["components"]["schemas"]["T"]["items"] == {
        "anyOf": [{"type": "string"}, {"type": "integer"}]
    }


def test_constraint_aliases_and_property_named_lte_untouched() -> None:
    schema = {"type": "object", "properties": {"lte": {"type": "integer", "lte": 60, "gt": 0}}}
    out, rec = apply("constraint-aliases", spec(schemas={"S": schema}), CTX)
    prop = out["components"]["schemas"]["S"]["properties"]["lte"]
    assert prop == {"type": "integer", "maximum": 60, "exclusiveMinimum": 0}
    assert len(rec.changes) == 2


def test_unknown_keywords_become_extensions() -> None:
    out, rec = apply(
        "unknown-keywords", spec(schemas={"S": {"type": "string", "hidden_from_schema": True}}), CTX
    )
    assert out["components"]["schemas"]["S"] == {"type": "string", "x-hidden-from-schema": True}
    assert rec.changes[0].pointer == "/components/schemas/S/hidden_from_schema"


def test_required_deduplicated() -> None:
    out, _ = apply(
        "required", spec(schemas={"S": {"type": "object", "required": ["a", "b", "a"]}}), CTX
    )
    assert out["components"]["schemas"]["S"]["required"] == ["a", "b"]


def test_closed_composition_opened() -> None:
    schema = {"oneOf": [{"$ref": "#/components/schemas/A"}], "additionalProperties": False}
    out, _ = apply("closed-compositions", spec(schemas={"S": schema, "A": {"type": "object"}}), CTX)
    assert "additionalProperties" not in out["components"]["schemas"]["S"]


def test_ref_allof_unwrapped_keeping_description_and_default() -> None:
    prop = {
        "allOf": [{"$ref": "#/components/schemas/Level"}],
        "description": "how much",
        "default": "read",
    }
    doc = spec(
        schemas={
            "S": {"type": "object", "properties": {"level": prop}},
            "Level": {"type": "string"},
        }
    )
    out, _ = apply("ref-allof", doc, CTX)
    assert out["components"]["schemas"]["S"]["properties"]["level"] == {
        "$ref": "#/components/schemas/Level",
        "description": "how much",
        "default": "read",
    }
    old, _ = apply("ref-allof", {**doc, "openapi": "3.0.3"}, CTX)
    assert "allOf" in old["components"]["schemas"]["S"]["properties"]["level"]


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


def test_invalid_examples_repaired_and_bad_defaults_removed() -> None:
    schemas = {
        "Group": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "users": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            },
            "required": ["id"],
            "additionalProperties": False,
            "example": {"users": ["user_1"], "org_id": "x"},
        },
        "Mode": {"type": "string", "enum": ["a", "b"], "default": "c"},
    }
    doc = spec(schemas=schemas)
    out, rec = apply("invalid-values", doc, CTX)
    group = out["components"]["schemas"]["Group"]
    assert Checker(out).is_valid(group, group["example"])
    assert set(group["example"]) == {"id", "users"}
    assert "default" not in out["components"]["schemas"]["Mode"]
    assert len(rec.changes) == 2


def test_volatile_ids_are_replaced_by_pointer_derived_ones() -> None:
    def doc(ids: tuple[str, str]) -> dict[str, Any]:
        return spec(
            schemas={
                "S": {"type": "object", "example": {"id": ids[0], "hex": ids[1], "name": "keep"}}
            }
        )

    one, rec = apply(
        "volatile-examples",
        doc(("4e39ae60-68d2-4c5d-81a4-64a0496842b5", "cb8eb90716234edf9313235415fbd7dd")),
        CTX,
    )
    two, _ = apply(
        "volatile-examples",
        doc(("303082b5-2ba7-4f04-8943-540adaf944a2", "d72a1b676dd7491f8ab375666c5dbe5a")),
        CTX,
    )
    assert one == two
    example = one["components"]["schemas"]["S"]["example"]
    assert example["name"] == "keep" and len(example["hex"]) == 32 and example["id"].count("-") == 4
    assert len(rec.changes) == 2


def test_canonical_order_is_stable() -> None:
    doc = spec(schemas={"b": {}, "a": {}})
    shuffled = dict(reversed(list(doc.items())))
    one, _ = apply("canonical-order", doc, CTX)
    two, _ = apply("canonical-order", shuffled, CTX)
    assert json.dumps(one) == json.dumps(two)
    assert list(one) == ["openapi", "info", "paths", "components"]
    assert list(one["components"]["schemas"]) == ["a", "b"]


def test_disabled_pass_is_skipped_and_unknown_rejected() -> None:
    from dataclasses import replace

    from generator.errors import UsageError

    result = normalize(spec(), Context(replace(API, disabled_passes=("servers",))))
    assert "servers" not in result.document
    with pytest.raises(UsageError, match="nope"):
        normalize(spec(), Context(replace(API, disabled_passes=("nope",))))


def one_at_a_time(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every pass run alone, in order, each with its own walk: what the shared walk must equal."""
    records = {}
    for name in PASSES:
        document, record = apply(name, document, CTX)
        records[name] = record
    return document, records


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_shared_walk_equals_passes_one_at_a_time(version: str) -> None:
    """Schemas built to make the schema passes interact: a tuple whose members have invalid
    types and aliases, a bare-$ref allOf whose member carries an invalid type, a closed
    composition wrapping a single $ref, nested tuples and duplicate `required`."""
    member = {"type": "Weird", "lte": 3, "hidden_from_schema": True, "required": ["a", "a"]}
    doc = spec(
        {"/a": {"get": op("read_a_a_get")}},
        {
            "T": {"type": "array", "items": [copy.deepcopy(member), {"items": [member, member]}]},
            "R": {"allOf": [{"$ref": "#/components/schemas/T", "type": "Weird"}], "default": []},
            "C": {"allOf": [{"$ref": "#/components/schemas/T"}], "additionalProperties": False},
            "H": {"type": "HeadersAuth", "gt": 1},
            "N": {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/H"}]}, member]},
        },
    )
    doc["openapi"] = version
    shared = normalize(copy.deepcopy(doc), CTX)
    alone, records = one_at_a_time(doc)
    assert json.dumps(shared.document) == json.dumps(alone)  # same values, same key order
    assert shared.records == records
    assert sum(len(r.changes) for r in records.values()) > 15
