"""The API model built from the normalized real specs: coverage, names, examples, scopes."""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import replace

import pytest
from helpers import PDP_SPEC, PERMIT_SPEC, ROOT

from generator.config import load_config
from generator.model import Api, Operation, build_api, key_scope
from generator.normalize import Context, normalize
from generator.schema.validation import Checker

CONFIG = load_config(ROOT / "apigen.toml")


@functools.cache
def model(api: str) -> Api:
    path = PERMIT_SPEC if api == "permit" else PDP_SPEC
    document = normalize(json.loads(path.read_text()), Context(CONFIG.apis[api])).document
    return build_api(CONFIG.apis[api], document)


@pytest.mark.parametrize(("api", "count", "bodies"), [("permit", 251, 108), ("pdp", 29, 9)])
def test_every_operation_unique_names_and_valid_examples(api: str, count: int, bodies: int) -> None:
    m = model(api)
    checker = Checker({"openapi": m.schemas.openapi, "components": {"schemas": m.schemas.named}})
    assert len(m.operations) == count
    assert len({o.name for o in m.operations}) == count
    assert len({o.title for o in m.operations}) == count
    with_body = [o for o in m.operations if o.body]
    assert len(with_body) == bodies
    for op in with_body:
        assert op.body is not None
        assert checker.errors(op.body.schema, op.body.example) == [], op.name
    for op in m.operations:
        for param in op.parameters:
            if param.required:
                assert checker.errors(param.schema, param.example) == [], (op.name, param.name)
            assert "<" not in json.dumps(param.example)


def test_scopes_and_rate_limits() -> None:
    ops = {o.name: o for o in model("permit").operations}
    by_path = {f"{o.method.upper()} {o.path}": o for o in ops.values()}
    assert by_path["GET /v2/facts/{proj_id}/{env_id}/users"].scope == "environment"
    assert by_path["GET /v2/facts/{proj_id}/{env_id}/users"].rate_limit == "facts"
    assert by_path["GET /v2/projects/{proj_id}/envs"].scope == "project"
    assert by_path["GET /v2/projects"].scope == "organization"
    assert by_path["GET /v2/api-key/scope"].scope == "environment"  # override in apigen.toml
    assert Counter(o.scope for o in model("pdp").operations) == {"environment": 29}
    assert {o.rate_limit for o in ops.values()} == {None, "facts", "schema", "bulk"}


def test_key_scope_rule() -> None:
    api = replace(CONFIG.apis["permit"], scope_overrides={})
    assert key_scope(api, "get", "/v2/schema/{proj_id}/{env_id}/roles") == "environment"
    assert key_scope(api, "get", "/v2/projects/{proj_id}/envs/{env_id}") == "project"
    assert key_scope(api, "get", "/v2/orgs") == "organization"


def test_path_variables_and_tags() -> None:
    m = model("permit")
    op = next(
        o
        for o in m.operations
        if o.path == "/v2/facts/{proj_id}/{env_id}/users" and o.method == "get"
    )
    variables = {p.name: p.variable for p in op.params("path")}
    assert variables == {"proj_id": "project", "env_id": "environment"}
    assert [t.name for t in m.tags][:3] == ["Organizations", "Projects", "Environments"]
    assert all(o.tag in {t.name for t in m.tags} for o in m.operations)
    assert sum(1 for o in m.operations if o.deprecated) == 6
    assert all(
        p.name.lower() != "authorization" for o in model("pdp").operations for p in o.parameters
    )


def test_shared_answers_are_built_once_and_seeded_ones_per_operation() -> None:
    """An error answer every operation repeats (here by `$ref` and inline) is built and checked
    once, the same value for each; an answer whose value the seed decides (a bare uuid) is still
    built per operation, as Examples.valid_value builds it."""
    from generator.schema.examples import Examples

    error = {"description": "no", "content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}}  # fmt: skip
    uuid = {"content": {"application/json": {"schema": {"type": "string", "format": "uuid"}}}}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            f"/{name}": {
                "get": {
                    "operationId": name,
                    "responses": {
                        "200": {"description": "ok", **uuid},
                        "401": {"$ref": "#/components/responses/Unauthorized"},
                        "403": error,
                    },
                }
            }
            for name in ("first", "second")
        },
        "components": {
            "responses": {"Unauthorized": error},
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}, "code": {"type": "integer"}},
                    "required": ["message", "code"],
                }
            },
        },
    }
    api = build_api(replace(CONFIG.apis["permit"], path_variables={}), document)
    first, second = ({r.status: r for r in op.responses} for op in api.operations)
    assert first["401"].example is second["401"].example is first["403"].example
    assert first["401"].example == {"message": "Hello from the docs.", "code": 1}
    examples, bare = Examples(document), {"type": "string", "format": "uuid"}
    assert first["200"].example == examples.valid_value(bare, "first:200")
    assert second["200"].example == examples.valid_value(bare, "second:200")
    assert first["200"].example != second["200"].example


def test_path_families_follow_their_definition_in_linear_time() -> None:
    """`_families` (what tells same-titled requests apart: `(facts)`, `(elements)`) gives, for
    each operation, its first literal path segment that some other operation's path lacks,
    as the pairwise definition does; on seeded random paths, repeated segments included.
    (It once compared every pair: Microsoft Graph beta's 22,361 operations took 94 s.)"""
    import random

    from generator.model import _families

    def defined(members: list[Operation]) -> list[str]:
        def literal(o: Operation) -> list[str]:
            return [s for s in o.path.split("/") if s and not s.startswith("{")]

        out = []
        for op in members:
            theirs = [set(literal(o)) for o in members if o is not op]
            out.append(next((s for s in literal(op) if any(s not in t for t in theirs)), ""))
        return out

    base = model("permit").operations[0]
    rng = random.Random(7)
    words = ["facts", "elements", "v2", "users", "{id}", "roles", "users"]
    for _ in range(300):
        members = [
            base._replace(path="/" + "/".join(rng.choices(words, k=rng.randint(0, 5))))
            for _ in range(rng.randint(2, 6))
        ]
        assert _families(members) == defined(members), [m.path for m in members]
