"""The Python clients' runtime (`generator/runtime/python`), imported as ordinary code with its
neutral settings, against a real local HTTP server: retries, errors, secrecy. No package is
generated here; test_python_client.py covers the generated methods on top of it."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from helpers import Request, Server

from generator.runtime.python import _core as core

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


def test_a_get_answered_503_then_200_succeeds_async(server: Server) -> None:
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


def test_a_post_answered_503_is_sent_once_a_get_is_retried(server: Server) -> None:
    server.routes["POST /things"] = lambda r: (503, JSON, b'{"message": "busy"}')
    statuses = iter([503, 200])
    server.routes["GET /things"] = lambda r: (next(statuses), JSON, b"[]")
    client = _client(server)
    with pytest.raises(core.ServerError):
        client.request("POST", "/things", {}, body={"key": "k"}, has_body=True)
    assert [r.method for r in server.requests] == ["POST"]
    data, _ = client.request("GET", "/things", {})
    assert data == [] and [r.method for r in server.requests] == ["POST", "GET", "GET"]
    opted = client.with_options(retry=core.RetryPolicy(backoff=0.01, retry_non_idempotent=True))
    with pytest.raises(core.ServerError):
        opted.request("POST", "/things", {}, body={}, has_body=True)
    assert [r.method for r in server.requests].count("POST") == 4  # 1 + 3 opted-in attempts
    assert client.retry.retry_non_idempotent is False  # the original client is unchanged


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


SCOPE = b'{"organization_id": "o1", "project_id": "p1", "environment_id": null}'


def test_scope_is_asked_once_for_many_calls_from_many_threads(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.setattr(core, "SCOPE_PATH", "/scope")

    def slow_scope(req: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.2)  # every thread arrives while the first one is asking
        return 200, JSON, SCOPE

    server.routes["/scope"] = slow_scope
    client = _client(server)
    found: list[str] = []
    threads = [
        threading.Thread(target=lambda: found.append(client.project(None))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == ["p1"] * 8
    assert client.project("explicit") == "explicit"  # an explicit value always wins
    with pytest.raises(ValueError, match=r"env_id not given.*scope has no environment"):
        client.environment(None)
    assert len(server.hits("/scope")) == 1
    assert client.with_options(retry=core.NO_RETRY).project(None) == "p1"  # shared scope
    assert len(server.hits("/scope")) == 1


def test_scope_is_asked_once_for_many_tasks(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(core, "SCOPE_PATH", "/scope")

    def slow_scope(req: Request) -> tuple[int, dict[str, str], bytes]:
        time.sleep(0.2)
        return 200, JSON, SCOPE.replace(b"null", b'"e1"')

    server.routes["/scope"] = slow_scope

    async def run() -> list[str]:
        client = core.AsyncCore(api_key=KEY, base_url=server.url, retry=FAST)
        try:
            jobs = [client.environment(None) for _ in range(8)] + [client.project(None)]
            return list(await asyncio.gather(*jobs))
        finally:
            await client.close()

    assert asyncio.run(run()) == ["e1"] * 8 + ["p1"]
    assert len(server.hits("/scope")) == 1


def test_unset_and_none_are_not_sent(server: Server) -> None:
    server.routes["/things"] = lambda r: (200, JSON, b"[]")
    _client(server).request(
        "GET",
        "/things",
        {},
        query={"a": core.UNSET, "b": None, "c": False, "d": 0},
        headers={"X-Unset": core.UNSET, "X-Set": "v"},
        cookies={"gone": core.UNSET},
    )
    (request,) = server.requests
    assert request.query == {"c": ["false"], "d": ["0"]}
    assert "x-unset" not in request.headers and request.headers["x-set"] == "v"
    assert "cookie" not in request.headers
    assert not core.UNSET and repr(core.UNSET) == "UNSET" and core.Unset() is core.UNSET


def test_unexpected_answer_names_the_field_and_keeps_the_body() -> None:
    import pydantic

    class Role(pydantic.BaseModel):
        key: str

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"key": "a"}, {"name": "no key"}])

    client = core.SyncCore(api_key=KEY, transport=httpx.MockTransport(handler))
    data, response = client.request("GET", "/roles", {})
    with pytest.raises(core.UnexpectedResponseError) as info:
        core.parse_as(list[Role], data, response)
    exc = info.value
    assert exc.field == "[1].key" and exc.reason == "Field required"
    assert exc.body == [{"key": "a"}, {"name": "no key"}]
    assert "[1].key: Field required" in str(exc) and KEY not in str(exc)


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


# --- bad answers: typed errors within the timeout and the size cap, never a hang ------------


def _trickle(wfile: Any) -> None:
    """A body that never ends: a byte every 0.2 s (each read is quick, the whole is endless)."""
    for _ in range(100):
        wfile.write(b" ")
        wfile.flush()
        time.sleep(0.2)


BAD_ANSWERS = {
    "invalid JSON": (
        lambda r: (200, JSON, b'{"key": '),
        core.UnexpectedResponseError,
        "not valid JSON",
    ),
    "truncated body": (
        lambda r: (200, {**JSON, "Content-Length": "1000"}, b'[{"key": "a"}'),
        core.NetworkError,
        "RemoteProtocolError",
    ),
    "endless slow body": (
        lambda r: (200, {**JSON, "Content-Length": "100000"}, _trickle),
        core.NetworkError,
        "did not arrive within the timeout",
    ),
    "huge body": (
        lambda r: (200, JSON, b"[" + b'"x",' * 300_000 + b'"x"]'),
        core.ResponseTooLargeError,
        "larger than 100000 bytes",
    ),
}


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("case", sorted(BAD_ANSWERS))
def test_bad_answers_raise_typed_errors_in_time(server: Server, case: str, flavour: str) -> None:
    route, error, message = BAD_ANSWERS[case]
    server.routes["/things"] = route
    options: dict[str, Any] = {
        "api_key": KEY,
        "base_url": server.url,
        "retry": core.NO_RETRY,
        "timeout": 1.0,
        "max_response_bytes": 100_000,
    }
    started = time.monotonic()
    with pytest.raises(error) as info:
        if flavour == "sync":
            core.SyncCore(**options).request("GET", "/things", {})
        else:

            async def run() -> Any:
                client = core.AsyncCore(**options)
                try:
                    return await client.request("GET", "/things", {})
                finally:
                    await client.close()

            asyncio.run(run())
    assert time.monotonic() - started < 5
    assert message in str(info.value) and KEY not in str(info.value)
    assert isinstance(info.value, core.ApiError)


def test_wrong_content_type_is_text_and_fails_the_model(server: Server) -> None:
    import pydantic

    class Thing(pydantic.BaseModel):
        key: str

    server.routes["/things"] = lambda r: (200, {"Content-Type": "text/html"}, b"<html>oops</html>")
    data, response = _client(server).request("GET", "/things", {})
    assert data == "<html>oops</html>"
    with pytest.raises(core.UnexpectedResponseError) as info:
        core.parse_as(Thing, data, response)
    assert info.value.body == "<html>oops</html>"


# The async core is the sync one with these spellings swapped (as httpcore's `unasync --check`
# keeps its twins equal): anything else that differs is a drift between the two.
UNASYNC = [
    ("AsyncCore", "SyncCore"),
    ("httpx.AsyncBaseTransport", "httpx.BaseTransport"),
    ("httpx.AsyncClient", "httpx.Client"),
    ("async with ", "with "),
    ("async for ", "for "),
    ("async def ", "def "),
    ("await ", ""),
    ("aclose()", "close()"),
    ("_sleep(", "time.sleep("),
    ("aiter_bytes(", "iter_bytes("),
    (
        "if self._scope.task_lock is None:\n"
        "            self._scope.task_lock = _task_lock()\n"
        "        with self._scope.task_lock:",
        "with self._scope.thread_lock:",
    ),
]


def test_the_async_core_is_the_sync_core_unasynced() -> None:
    import inspect

    sync = inspect.getsource(core.SyncCore)
    unasynced = inspect.getsource(core.AsyncCore)
    for old, new in UNASYNC:
        assert old in unasynced, old  # every rule still applies
        unasynced = unasynced.replace(old, new)
    assert unasynced == sync


def test_a_client_is_made_without_a_pool_and_shares_one_tls_context() -> None:
    """#37: making a client opens nothing (no connection pool, no CA bundle read: the official
    `Permit()` costs ~1 ms, a TLS context per client ~30 ms); its first request makes the
    pool, with the process's one TLS context; `with_options` copies share the pool."""
    first = core.SyncCore(api_key="k", base_url="https://127.0.0.1:9")
    assert first._pool.made is None
    clone = first.with_options(retry=core.RetryPolicy(max_attempts=1))
    pool = first.http
    assert clone.http is pool and first._pool.made is pool
    second = core.AsyncCore(api_key="k", base_url="https://127.0.0.1:9")
    assert second._pool.made is None
    assert second.http._transport._pool._ssl_context is pool._transport._pool._ssl_context
    first.close()
