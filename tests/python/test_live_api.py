"""The generated clients against a stand-in for Permit's live API: a real HTTP server on
127.0.0.1 that answers as the official SDKs' code and e2e tests show the live API does (see
overlays/*.yaml for the evidence), not as the spec says.

- the eight list endpoints answer a plain array unless `include_total_count=true`;
- `PUT .../users/{user_id}` and `POST .../tenants` answer 201 when they create, 200 when the
  object existed;
- `GET /v2/api-key/scope` answers the key's project and environment;
- the PDP's `/facts/users` requires its body.
"""

from __future__ import annotations

import asyncio
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import ROOT, Request, Server

from generator.config import load_config
from generator.emit.clients import build_surface
from generator.emit.python import groups
from generator.model import build_api
from generator.plan import build_plan
from generator.schema.examples import Examples

KEY = "permit_key_SECRET123"
JSON = {"Content-Type": "application/json"}
FACTS, SCHEMA = "/v2/facts/p1/e1", "/v2/schema/p1/e1"
LISTS = {  # operation -> (path, item schema, page schema)
    "list_roles": (f"{SCHEMA}/roles", "RoleRead", "PaginatedResultRoleRead"),
    "list_resources": (f"{SCHEMA}/resources", "ResourceRead", "PaginatedResultResourceRead"),
    "list_condition_sets": (
        f"{SCHEMA}/condition_sets",
        "ConditionSetRead",
        "PaginatedResultConditionSetRead",
    ),
    "list_group": (f"{SCHEMA}/groups", "GroupRead", "PaginatedResultGroupRead"),
    "list_tenants": (f"{FACTS}/tenants", "TenantRead", "PaginatedResultTenantRead"),
    "list_role_assignments": (
        f"{FACTS}/role_assignments",
        "RoleAssignmentRead",
        "PaginatedResultRoleAssignmentRead",
    ),
    "list_resource_instances": (
        f"{FACTS}/resource_instances",
        "ResourceInstanceRead",
        "PaginatedResultResourceInstanceRead",
    ),
    "list_relationship_tuples": (
        f"{FACTS}/relationship_tuples",
        "RelationshipTupleRead",
        "PaginatedResultRelationshipTupleRead",
    ),
}
TOTAL = 5  # items behind every list


@functools.cache
def _document(generated: Path, api: str) -> dict[str, Any]:
    return dict(json.loads((generated / api / "openapi.json").read_text()))


def _item(generated: Path, schema: str, index: int) -> Any:
    document = _document(generated, "permit")
    value = Examples(document).valid_value(
        {"$ref": f"#/components/schemas/{schema}"}, f"{schema}-{index}"
    )
    if not isinstance(value, dict):
        return value
    # distinct items, as the live API's are (an iterator stops on a page that repeats the last)
    if "key" in value:
        return {**value, "key": f"k{index}"}
    if "id" in value:
        return {**value, "id": f"00000000-0000-4000-8000-{index:012d}"}
    field = next(k for k, v in value.items() if isinstance(v, str))
    return {**value, field: f"k{index}"}


def _methods(generated: Path) -> dict[str, tuple[str, str, str | None]]:
    """operation -> (group attribute, method, iterator) in the generated client."""
    config = load_config(ROOT / "apigen.toml").apis["permit"]
    plan = build_plan(build_api(config, _document(generated, "permit")), config)
    out = {}
    surface = build_surface(plan, build_api(config, _document(generated, "permit")), config)
    for group, plan_group in zip(groups(surface), plan.groups, strict=True):
        for method, op in zip(group.methods, plan_group.operations, strict=True):
            out[op.name] = (
                group.name,
                method.name,
                method.iterator.name if method.iterator else None,
            )
    return out


class LiveApi:
    """The stand-in's state: which users and tenants exist."""

    def __init__(self, server: Server, generated: Path) -> None:
        self.server = server
        self.users: set[str] = set()
        self.tenants: set[str] = set()
        routes = server.routes
        routes["GET /v2/api-key/scope"] = lambda r: (
            200,
            JSON,
            b'{"organization_id": "o1", "project_id": "p1", "environment_id": "e1"}',
        )
        for path, item, _page in LISTS.values():
            routes[f"GET {path}"] = functools.partial(self.listing, generated, item)
        routes[f"POST {FACTS}/tenants"] = functools.partial(self.create_tenant, generated)
        for user in ("u1", "u2"):
            routes[f"PUT {FACTS}/users/{user}"] = functools.partial(
                self.replace_user, generated, user
            )

    def listing(
        self, generated: Path, schema: str, req: Request
    ) -> tuple[int, dict[str, str], bytes]:
        query = req.query
        page = int(query.get("page", ["1"])[0])
        per_page = int(query.get("per_page", ["30"])[0])
        start = (page - 1) * per_page
        items = [_item(generated, schema, i) for i in range(start, min(TOTAL, start + per_page))]
        if query.get("include_total_count") == ["true"]:
            pages = -(-TOTAL // per_page)
            body = {"data": items, "total_count": TOTAL, "page_count": pages}
            return 200, JSON, json.dumps(body).encode()
        return 200, JSON, json.dumps(items).encode()

    def replace_user(
        self, generated: Path, user: str, req: Request
    ) -> tuple[int, dict[str, str], bytes]:
        if not req.body:
            return (
                422,
                JSON,
                b'{"detail": [{"loc": ["body"], "msg": "missing", "type": "missing"}]}',
            )
        created = user not in self.users
        self.users.add(user)
        return (201 if created else 200), JSON, json.dumps(_item(generated, "UserRead", 1)).encode()

    def create_tenant(self, generated: Path, req: Request) -> tuple[int, dict[str, str], bytes]:
        key = json.loads(req.body)["key"]
        created = key not in self.tenants
        self.tenants.add(key)
        return (
            (201 if created else 200),
            JSON,
            json.dumps(_item(generated, "TenantRead", 1)).encode(),
        )


@pytest.fixture
def live(server: Server, generated: Path) -> LiveApi:
    return LiveApi(server, generated)


@pytest.fixture
def permit(generated: Path) -> Any:
    return load_package(generated, "permit")


def _call(client: Any, where: tuple[str, str, str | None], **kwargs: Any) -> Any:
    return getattr(getattr(client, where[0]), where[1])(**kwargs)


def test_every_list_answers_items_sync_and_paginated_on_request(
    live: LiveApi, permit: Any, generated: Path
) -> None:
    methods = _methods(generated)
    client = permit.PermitApi(api_key=KEY, base_url=live.server.url)  # project/env from the key
    for name, (_, item, page) in LISTS.items():
        where = methods[name]
        items = _call(client, where)
        assert isinstance(items, list) and len(items) == TOTAL, name
        assert type(items[0]).__name__ == item, name
        paged = _call(client, where, include_total_count=True, per_page=2)
        assert type(paged).__name__ == page and paged.total_count == TOTAL, name
        assert len(paged.data) == 2
        assert where[2] is not None, name
        every = list(getattr(getattr(client, where[0]), where[2])(per_page=2))
        assert len(every) == TOTAL and type(every[-1]).__name__ == item, name
    # one scope request served every call that left proj_id/env_id out
    assert len(live.server.hits("/v2/api-key/scope")) == 1


def test_every_list_answers_items_async(live: LiveApi, permit: Any, generated: Path) -> None:
    methods = _methods(generated)

    async def run() -> list[tuple[int, int]]:
        async with permit.AsyncPermitApi(api_key=KEY, base_url=live.server.url) as client:
            out = []
            for name in LISTS:
                group, method, iterator = methods[name]
                listed = await getattr(getattr(client, group), method)()
                assert iterator is not None
                walked = [x async for x in getattr(getattr(client, group), iterator)(per_page=2)]
                out.append((len(listed), len(walked)))
            return out

    assert asyncio.run(run()) == [(TOTAL, TOTAL)] * len(LISTS)
    assert len(live.server.hits("/v2/api-key/scope")) == 1


def test_with_response_shows_created_or_existing(live: LiveApi, permit: Any) -> None:
    client = permit.PermitApi(api_key=KEY, base_url=live.server.url, project="p1", environment="e1")
    first = client.users.with_response.sync("u1", {"key": "u1", "email": "a@example.com"})
    again = client.users.with_response.sync("u1", {"key": "u1"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert (
        type(first.parsed).__name__ == "UserRead"
        and first.headers["content-type"] == "application/json"
    )
    synced = client.users.sync("u2", {"key": "u2"})  # permit-python's sync, with `created`
    assert synced.created and type(synced.user).__name__ == "UserRead"
    assert type(synced).__name__ == "UsersSyncResult"
    assert not client.users.sync("u2", {"key": "u2"}).created
    tenant = client.tenants.with_response.create({"key": "t1", "name": "T"})
    assert tenant.status_code == 201
    assert client.tenants.with_response.create({"key": "t1", "name": "T"}).status_code == 200
    assert not live.server.hits("/v2/api-key/scope")  # explicit project and environment


def test_nothing_the_caller_did_not_set_is_sent(live: LiveApi, permit: Any) -> None:
    client = permit.PermitApi(api_key=KEY, base_url=live.server.url, project="p1", environment="e1")
    client.roles.list()
    (request,) = live.server.requests
    assert request.query == {}
    assert "cookie" not in request.headers
    standard = {"host", "accept", "accept-encoding", "connection", "user-agent", "authorization"}
    assert set(request.headers) == standard
    client.role_assignments.list(detailed=False, per_page=3)
    assert live.server.requests[-1].query == {"detailed": ["false"], "per_page": ["3"]}


def test_a_post_answered_503_is_sent_once_a_get_is_retried(server: Server, permit: Any) -> None:
    server.routes[f"POST {FACTS}/users"] = lambda r: (503, JSON, b'{"message": "busy"}')
    statuses = iter([503, 200])
    server.routes[f"GET {SCHEMA}/roles"] = lambda r: (next(statuses), JSON, b"[]")
    retry = permit.RetryPolicy(backoff=0.01)
    client = permit.PermitApi(
        api_key=KEY, base_url=server.url, project="p1", environment="e1", retry=retry
    )
    with pytest.raises(permit.ServerError):
        client.users.create({"key": "u1"})
    assert len(server.hits(f"{FACTS}/users")) == 1  # never repeated on its own
    assert client.roles.list() == []
    assert len(server.hits(f"{SCHEMA}/roles")) == 2


def test_pdp_facts_requests_carry_their_body(server: Server, generated: Path) -> None:
    pdp = load_package(generated, "pdp")

    def create_user(req: Request) -> tuple[int, dict[str, str], bytes]:
        body = json.loads(req.body or b"null")
        if not isinstance(body, dict) or "key" not in body:
            return (
                422,
                JSON,
                b'{"detail": [{"loc": ["body"], "msg": "Field required", "type": "missing"}]}',
            )
        return 200, JSON, json.dumps(body).encode()

    server.routes["POST /facts/users"] = create_user
    client = pdp.PermitPdp(api_key=KEY, base_url=server.url)
    user = pdp.models.UserCreate(key="u1", email="jane@example.com")
    assert client.local_facts_api.create_user(user, x_wait_timeout=5) == {
        "key": "u1",
        "email": "jane@example.com",
    }
    (request,) = server.requests
    assert request.headers["x-wait-timeout"] == "5" and "x-timeout-policy" not in request.headers
