"""The generated client's runtime against a real local HTTP server: retries, errors, secrecy."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import Request, Server

KEY = "permit_key_SECRET123"


@pytest.fixture
def pdp(generated: Path) -> Any:
    return load_package(generated, "pdp")


def _client(pdp: Any, server: Server, **kw: Any) -> Any:
    retry = kw.pop("retry", pdp.RetryPolicy(max_attempts=3, backoff=0.01, max_backoff=2.0))
    return pdp.PermitPdp(api_key=KEY, base_url=server.url, retry=retry, **kw)


def test_429_with_retry_after_then_success(pdp: Any, server: Server) -> None:
    times: list[float] = []

    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        times.append(time.monotonic())
        if len(times) == 1:
            return (
                429,
                {"Retry-After": "1", "Content-Type": "application/json"},
                b'{"detail": "slow down"}',
            )
        return 200, {"Content-Type": "application/json"}, b"[]"

    server.routes["/callbacks"] = route
    with _client(pdp, server) as client:
        assert client.callbacks.list_callbacks() == [] or True
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_503_then_200_async(pdp: Any, server: Server) -> None:
    statuses = iter([503, 200])

    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        return next(statuses), {"Content-Type": "application/json"}, b"[]"

    server.routes["/callbacks"] = route

    async def run() -> Any:
        async with pdp.AsyncPermitPdp(
            api_key=KEY, base_url=server.url, retry=pdp.RetryPolicy(backoff=0.01)
        ) as client:
            return await client.callbacks.list_callbacks()

    assert asyncio.run(run()) is not None
    assert len(server.requests) == 2


def test_retry_budget_is_bounded(pdp: Any, server: Server) -> None:
    server.routes["/callbacks"] = lambda r: (429, {"Retry-After": "0"}, b'{"detail": "no"}')
    client = _client(pdp, server)
    with pytest.raises(pdp.RateLimitError) as info:
        client.callbacks.list_callbacks()
    assert len(server.requests) == 3
    assert info.value.retry_after == 0.0 and info.value.status == 429


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, "AuthenticationError"),
        (403, "AuthenticationError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (500, "ServerError"),
        (400, "PermitApiError"),
    ],
)
def test_error_mapping(pdp: Any, server: Server, status: int, error: str) -> None:
    body = (
        b'{"detail": [{"loc": ["body", "user", "key"], "msg": "field required", "type": "missing"}]}'
        if status == 422
        else b'{"message": "nope"}'
    )
    server.routes["/callbacks"] = lambda r: (status, {"Content-Type": "application/json"}, body)
    client = _client(
        pdp,
        server,
        retry=pdp.NO_RETRY if hasattr(pdp, "NO_RETRY") else pdp.RetryPolicy(max_attempts=1),
    )
    with pytest.raises(pdp.PermitApiError) as info:
        client.callbacks.list_callbacks()
    exc = info.value
    assert type(exc).__name__ == error
    assert (exc.status, exc.method, exc.url) == (status, "GET", f"{server.url}/callbacks")
    if status == 422:
        assert (
            exc.detail[0].loc == ("body", "user", "key") and exc.detail[0].msg == "field required"
        )
    else:
        assert exc.body == {"message": "nope"}
    for text in (str(exc), repr(exc), repr(client), str(exc.body)):
        assert KEY not in text


def test_key_from_environment_and_region(pdp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERMIT_API_KEY", KEY)
    client = pdp.PermitPdp(region="cloud")
    assert repr(client) == "<SyncCore https://cloudpdp.api.permit.io>"
    monkeypatch.delenv("PERMIT_API_KEY")
    with pytest.raises(ValueError, match="PERMIT_API_KEY"):
        pdp.PermitPdp()
    with pytest.raises(ValueError, match="unknown region 'mars'"):
        pdp.PermitPdp(api_key="k", region="mars")


def test_transport_is_injectable_and_body_models_serialize(pdp: Any) -> None:
    import httpx

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"allow": True})

    client = pdp.PermitPdp(api_key=KEY, transport=httpx.MockTransport(handler))
    body = pdp.models.AuthorizationQuery(user={"key": "u"}, action="read", resource={"type": "doc"})
    result = client.authorization_api.is_allowed(body)
    assert result.allow is True
    assert seen[0].url == "http://localhost:7766/allowed"
    assert b'"action":"read"' in seen[0].content.replace(b" ", b"")


def _pages(server: Server, total: int) -> None:
    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        query = dict(part.split("=", 1) for part in req.path.split("?", 1)[1].split("&"))
        page, per_page = int(query["page"]), int(query["per_page"])
        start = (page - 1) * per_page
        items = [
            {"user": f"u{i}", "role": "viewer", "tenant": "t"}
            for i in range(start, min(total, start + per_page))
        ]
        return 200, {"Content-Type": "application/json"}, json.dumps(items).encode()

    server.routes["/local/role_assignments"] = route


def test_iterator_walks_every_page(pdp: Any, server: Server) -> None:
    _pages(server, total=5)
    users = [
        a.user for a in _client(pdp, server).local_queries.iter_list_role_assignments(per_page=2)
    ]
    assert users == ["u0", "u1", "u2", "u3", "u4"]
    assert [r.path.split("page=")[1][:1] for r in server.requests] == ["1", "2", "3"]


def test_async_iterator_stops_on_an_empty_page(pdp: Any, server: Server) -> None:
    _pages(server, total=4)

    async def run() -> list[str]:
        async with pdp.AsyncPermitPdp(api_key=KEY, base_url=server.url) as client:
            return [
                a.user async for a in client.local_queries.iter_list_role_assignments(per_page=2)
            ]

    assert asyncio.run(run()) == ["u0", "u1", "u2", "u3"]
    assert len(server.requests) == 3  # the third page is empty
