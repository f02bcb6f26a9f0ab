"""generator/plan.py: the typed client plan, from the model alone."""

from __future__ import annotations

import functools
import json

from helpers import PERMIT_SPEC, ROOT
from specs import API, op, spec

from generator.config import load_config
from generator.model import build_api
from generator.normalize import Context, normalize
from generator.plan import ClientPlan, Pagination, TypeRef, build_plan

PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30}},
]


def _plan(document: dict[str, object]) -> ClientPlan:
    return build_plan(build_api(API, normalize(document, Context(API)).document))


def _ok(schema: dict[str, object]) -> dict[str, object]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


SMALL = spec(
    {
        "/things": {
            "get": op(
                "list_things",
                parameters=PAGE_PARAMS,
                responses=_ok({"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}),
            ),
            "post": op(
                "create_thing",
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                responses={
                    "201": {
                        "description": "made",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    }
                },
            ),
        },
        "/pages": {
            "get": op(
                "list_pages",
                parameters=PAGE_PARAMS,
                responses=_ok({"$ref": "#/components/schemas/Page"}),
            )
        },
        "/things/{key}": {
            "put": op(
                "put_thing",
                parameters=[
                    {"name": "key", "in": "path", "required": True, "schema": {"type": "string"}},
                    {
                        "name": "mode",
                        "in": "query",
                        "schema": {"$ref": "#/components/schemas/Mode"},
                    },
                    {
                        "name": "when",
                        "in": "query",
                        "schema": {
                            "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]
                        },
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                responses={"204": {"description": "done"}},
            ),
        },
    },
    {
        "Thing": {"type": "object", "properties": {"key": {"type": "string"}}},
        "Mode": {"type": "string", "enum": ["a", "b"]},
        "Page": {
            "type": "object",
            "properties": {
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                "page_count": {"type": "integer"},
            },
        },
    },
)


def test_operations_types_and_idempotency() -> None:
    plan = _plan(SMALL)
    ops = {o.name: o for g in plan.groups for o in g.operations}
    assert set(plan.schemas) == {"Thing", "Mode", "Page"}
    create = ops["create_thing"]
    assert create.body is not None and create.body.type == TypeRef("model", "Thing")
    assert create.body.required and not create.idempotent
    assert create.result is not None and create.result.status == "201"
    put = ops["put_thing"]
    assert put.idempotent and put.result is None and [r.status for r in put.responses] == ["204"]
    params = {p.name: p for p in put.parameters}
    assert params["key"].location == "path" and params["key"].required
    assert params["mode"].type == TypeRef("string", "Mode")  # an enum: its scalar, and its name
    assert params["when"].type.kind == "union"
    assert [t.kind for t in params["when"].type.items] == ["string", "integer", "null"]
    assert params["X-Trace"].location == "header"


def test_pagination_of_arrays_and_page_objects() -> None:
    ops = {o.name: o for g in _plan(SMALL).groups for o in g.operations}
    assert ops["list_things"].pagination == Pagination(
        "page", "per_page", TypeRef("model", "Thing"), None, None
    )
    assert ops["list_pages"].pagination == Pagination(
        "page", "per_page", TypeRef("model", "Thing"), "data", "page_count"
    )
    assert ops["create_thing"].pagination is None


@functools.cache
def _permit() -> ClientPlan:
    cfg = load_config(ROOT / "apigen.toml").apis["permit"]
    document = normalize(json.loads(PERMIT_SPEC.read_text()), Context(cfg)).document
    return build_plan(build_api(cfg, document))


def test_the_permit_plan_covers_every_operation_and_schema() -> None:
    plan = _permit()
    ops = {o.name: o for g in plan.groups for o in g.operations}
    assert len(ops) == 251 and len(plan.schemas) == 318
    roles = ops["list_roles"]
    assert roles.pagination is not None and roles.pagination.items_field == "data"
    assert {p.role for p in roles.parameters if p.role} == {"project", "environment"}
    assert sum(o.idempotent for o in ops.values()) == sum(
        o.http_method in ("get", "put", "delete") for o in ops.values()
    )


def test_a_schema_name_with_a_slash_is_reached_through_its_escaped_reference() -> None:
    """`#/components/schemas/Result~1v2` names `Result/v2` (a JSON pointer token): the plan, the
    TypeScript types and the API diff read the name, not the escaped token (the fuzzer's
    `slash-name` mutant: a KeyError before)."""
    from generator.diff.algebra import ref_name
    from generator.emit.typescript.types import ClientTypes

    ref = {"$ref": "#/components/schemas/Result~1v2"}
    document = spec(
        {"/r": {"get": op("get_result", responses=_ok(ref))}},
        {"Result/v2": {"type": "object", "properties": {"ok": {"type": "boolean"}}}},
    )
    api = build_api(API, document)  # not normalized: the `names` pass would rename it
    named = document["components"]["schemas"]["Result/v2"]  # type: ignore[index]
    assert api.schemas.target(ref) == ("Result/v2", named)
    assert ref_name(ref) == "Result/v2"
    types = ClientTypes(api.schemas, "T.")
    assert types.value(None, ref, "") == types.ref(TypeRef("model", "Result/v2")) == "T.Result_v2"
