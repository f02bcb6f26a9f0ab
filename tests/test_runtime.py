"""The Python clients' runtime (`generator/runtime/python`), imported as ordinary code with its
neutral settings, against a real local HTTP server: retries, errors, secrecy. No package is
generated here; test_python_client.py covers the generated methods on top of it."""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

import httpx
import pytest
from helpers import Request, Server

from generator.runtime.python import _core as core
from generator.runtime.python._retry import retry_after

KEY = "permit_key_SECRET123"
FAST = core.RetryPolicy(max_attempts=3, backoff=0.01, max_backoff=2.0)
JSON = {"Content-Type": "application/json"}


def _client(server: Server, retry: core.RetryPolicy = FAST) -> core.SyncCore:
    return core.SyncCore(api_key=KEY, base_url=server.url, retry=retry)


def test_429_with_retry_after_then_success(server: Server) -> None:
    times: list[float] = []

    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        times.append(time.monotonic())
        if len(times) == 1:
            return 429, {"Retry-After": "1", **JSON}, b'{"detail": "slow down"}'
        return 200, JSON, b"[]"

    server.routes["/things"] = route
    client = _client(server)
    data, response = client.request("GET", "/things", {})
    assert data == [] and response.status_code == 200
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9
    assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_503_then_200_async(server: Server) -> None:
    statuses = iter([503, 200])
    server.routes["/things"] = lambda r: (next(statuses), JSON, b"[]")

    async def run() -> Any:
        client = core.AsyncCore(api_key=KEY, base_url=server.url, retry=FAST)
        try:
            return await client.request("GET", "/things", {})
        finally:
            await client.close()

    data, _ = asyncio.run(run())
    assert data == []
    assert len(server.requests) == 2


def test_retry_budget_is_bounded(server: Server) -> None:
    server.routes["/things"] = lambda r: (429, {"Retry-After": "0"}, b'{"detail": "no"}')
    with pytest.raises(core.RateLimitError) as info:
        _client(server).request("GET", "/things", {})
    assert len(server.requests) == 3
    assert info.value.retry_after == 0.0 and info.value.status == 429


def test_one_retry_decision_for_every_case() -> None:
    policy = core.RetryPolicy(max_attempts=3, backoff=0.5, max_backoff=4.0)
    ok = httpx.Response(200)
    busy = httpx.Response(503)
    limited = httpx.Response(429, headers={"Retry-After": "30"})
    assert policy.next_delay(0, "GET", ok) is None
    assert policy.next_delay(0, "GET", busy) == 0.5
    assert policy.next_delay(1, "GET", busy) == 1.0
    assert policy.next_delay(2, "GET", busy) is None  # the budget is spent
    assert policy.next_delay(0, "POST", limited) == 4.0  # Retry-After, capped
    assert policy.next_delay(0, "GET", None) == 0.5  # connection error, idempotent
    assert policy.next_delay(0, "POST", None) is None  # never repeat a write that may have landed


def test_retry_after_reads_seconds_and_dates() -> None:
    now = 1_700_000_000.0
    assert retry_after("7") == 7.0
    assert retry_after(None) is None and retry_after("soon") is None
    assert retry_after(email.utils.formatdate(now + 10, usegmt=True), now=now) == 10.0
    assert retry_after(email.utils.formatdate(now - 10, usegmt=True), now=now) == 0.0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, "AuthenticationError"),
        (403, "AuthenticationError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (500, "ServerError"),
        (400, "ApiError"),
    ],
)
def test_error_mapping(server: Server, status: int, error: str) -> None:
    body = (
        b'{"detail": [{"loc": ["body", "user", "key"], "msg": "field required", "type": "missing"}]}'
        if status == 422
        else b'{"message": "nope"}'
    )
    server.routes["/things"] = lambda r: (status, JSON, body)
    client = _client(server, retry=core.NO_RETRY)
    with pytest.raises(core.ApiError) as info:
        client.request("GET", "/things", {}, query={"page": 2})
    exc = info.value
    assert type(exc).__name__ == error
    assert (exc.status, exc.method, exc.url) == (status, "GET", f"{server.url}/things")
    if isinstance(exc, core.UnprocessableEntityError):
        assert exc.detail[0].loc == ("body", "user", "key")
        assert exc.detail[0].msg == "field required"
    else:
        assert exc.body == {"message": "nope"}
    for text in (str(exc), repr(exc), repr(client), str(exc.body)):
        assert KEY not in text


def test_key_from_environment_and_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_KEY", KEY)  # the neutral settings' variable
    client = core.SyncCore(region="local")
    assert repr(client) == "<SyncCore http://127.0.0.1:8000>"
    monkeypatch.delenv("API_KEY")
    with pytest.raises(ValueError, match="API_KEY"):
        core.SyncCore()
    with pytest.raises(ValueError, match="unknown region 'mars'"):
        core.SyncCore(api_key="k", region="mars")


def test_defaults_fill_project_and_environment_and_name_the_argument() -> None:
    client = core.SyncCore(api_key="k", project="p1")
    assert client.project(None) == "p1" and client.project("p2") == "p2"
    with pytest.raises(ValueError, match="env_id not given"):
        client.environment(None)


def test_paths_queries_headers_and_cookies_are_encoded() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = core.SyncCore(api_key=KEY, transport=httpx.MockTransport(handler))
    data, _ = client.request(
        "PUT",
        "/things/{key}",
        {"key": "a/b?c|d"},
        query={"flag": True, "many": ["x", "y"], "unset": None},
        headers={"X-Mode": 3},
        cookies={"c": "v w"},
        body={"when": core.datetime(2025, 1, 2)},
        has_body=True,
    )
    assert data is None
    request = seen[0]
    assert request.url.raw_path == b"/things/a%2Fb%3Fc%7Cd?flag=true&many=x&many=y"
    assert request.headers["x-mode"] == "3" and request.headers["cookie"] == "c=v%20w"
    assert request.content == b'{"when":"2025-01-02T00:00:00"}'


def test_error_class_takes_the_configured_name() -> None:
    assert core.ApiError.__name__ == "ApiError"  # the neutral settings' ERROR_CLASS
