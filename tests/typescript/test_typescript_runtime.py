"""The TypeScript client's behaviour on Node 20 against a real HTTP server on 127.0.0.1 standing
in for Permit's API (the shapes permit-node and its e2e tests show): retries (429 with
Retry-After, 503 on a GET, a POST answered 503 sent once), error subclasses, path encoding,
unset options not sent, pagination, the key's scope asked once, AbortSignal and timeouts, and the
API key in no message."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from helpers import TS_SCRIPTS, Reply, Request, Server, serve
from typescript import node

KEY = "permit_key_TS_SECRET_42"
USERS = "/v2/facts/p/e/users"
SCRIPT = TS_SCRIPTS / "scenarios.mjs"


def _json(status: int, value: Any, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(value).encode()


def _user(key: str) -> dict[str, Any]:
    return {
        "key": key,
        "id": f"id-{key}",
        "organization_id": "o",
        "project_id": "p",
        "environment_id": "e",
        "associated_tenants": [],
        "roles": [],
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    }


def _routes(server: Server) -> None:
    counts: dict[str, int] = {}

    def nth(name: str) -> int:
        counts[name] = counts.get(name, 0) + 1
        return counts[name]

    def users(req: Request) -> Reply:
        if req.method == "POST":  # create_user: rate limited once
            if nth("create") == 1:
                return _json(429, {"message": "slow down"}, **{"Retry-After": "1"})
            return _json(201, _user("u429"))
        page = int(req.query.get("page", ["1"])[0])
        per_page = int(req.query.get("per_page", ["3"])[0])
        keys = [f"user{i}" for i in range(5)]
        chunk = keys[(page - 1) * per_page : page * per_page]
        return _json(
            200,
            {"data": [_user(k) for k in chunk], "total_count": 5, "page_count": 3},
        )

    def one_user(req: Request) -> Reply:
        key = req.path.split("?")[0].rsplit("/", 1)[1]
        if req.method == "PUT":
            return _json(201 if key == "new" else 200, _user(key), **{"X-Request": "r1"})
        if key == "u503" and nth("u503") == 1:
            return _json(503, {"message": "busy"})
        if key.startswith("e"):
            status = int(key[1:])
            detail = [{"loc": ["body", "key"], "msg": "field required", "type": "missing"}]
            body = {"detail": detail} if status == 422 else {"message": f"failed {status}"}
            if status == 409:  # Permit's ErrorDetails
                body = {"id": "x1", "title": "Conflict", "error_code": "DUPLICATE_ENTITY", **body}
            extra = {"Retry-After": "0"} if status == 429 else {}
            return _json(status, body, **extra)
        if key == "slow":
            return _json(503, {"message": "later"}, **{"Retry-After": "5"})
        if key == "hang":

            def trickle(out: BinaryIO) -> None:
                out.write(b'{"key": ')
                out.flush()
                time.sleep(2)

            return 200, {"Content-Type": "application/json", "Content-Length": "100"}, trickle  # type: ignore[return-value]
        return _json(200, _user(key))

    def tenants(req: Request) -> Reply:
        body = json.loads(req.body)
        if body["key"] == "t-opt" and nth("opt") == 1:
            return _json(503, {"message": "busy"})
        if body["key"] == "t503":
            return _json(503, {"message": "busy"})
        return _json(201, {**body, "id": "t", "organization_id": "o", "project_id": "p"})

    def roles(req: Request) -> Reply:
        items = [{"key": "admin", "name": "Admin", "id": "r"}]
        if req.query.get("include_total_count") == ["true"]:
            return _json(200, {"data": items, "total_count": 1, "page_count": 1})
        return _json(200, items)  # the live API's plain array (permit-node src/api/roles.ts)

    def route(req: Request) -> Reply:
        path = req.path.split("?")[0]
        if path == "/v2/api-key/scope":
            return _json(200, {"organization_id": "o", "project_id": "p", "environment_id": "e"})
        if path == USERS:
            return users(req)
        if path.startswith(USERS + "/"):
            return one_user(req)
        if path == "/v2/facts/p/e/tenants":
            return tenants(req)
        if path == "/v2/schema/p/e/roles":
            return roles(req)
        return _json(404, {"message": "no route"})

    server.routes["*"] = route


@pytest.fixture(scope="module")
def run(ts_root: Path) -> Iterator[tuple[Any, Server]]:
    server = Server("")
    _routes(server)
    httpd, _ = serve(server)
    try:
        index = ts_root / "node_modules" / "permit-api" / "dist" / "index.js"
        out = node(SCRIPT, str(index), server.url, KEY, timeout=120)
        assert out.returncode == 0, out.stderr[-3000:]
        yield json.loads(out.stdout), server
    finally:
        httpd.shutdown()


def _sent(server: Server, method: str, path: str) -> list[Request]:
    return [r for r in server.requests if r.method == method and r.path.split("?")[0] == path]


def test_retries_follow_the_sdk_policy(run: tuple[Any, Server]) -> None:
    out, server = run
    assert out["retry429"] == {"ok": "u429"}  # a POST answered 429 + Retry-After: sent again
    assert len(_sent(server, "POST", USERS)) == 2
    assert out["get503"] == {"ok": "u503"} and len(_sent(server, "GET", USERS + "/u503")) == 2
    posts = [r for r in _sent(server, "POST", "/v2/facts/p/e/tenants") if b"t503" in r.body]
    assert len(posts) == 1  # a POST answered 503: never repeated on its own
    assert out["post503"]["error"]["name"] == "ServerError"
    assert out["post503"]["error"]["status"] == 503
    assert out["postOptIn"] == {"ok": "t-opt"}  # unless the caller opts in (withOptions)
    assert len(_sent(server, "GET", USERS + "/e500")) == 3  # maxAttempts
    assert len(_sent(server, "GET", USERS + "/e429")) == 3
    assert len(_sent(server, "GET", USERS + "/e404")) == 1


def test_errors_are_typed_subclasses_with_status(run: tuple[Any, Server]) -> None:
    out, server = run
    expected = {
        "401": "AuthenticationError",
        "403": "AuthenticationError",
        "404": "NotFoundError",
        "409": "ConflictError",
        "422": "UnprocessableEntityError",
        "429": "RateLimitError",
        "500": "ServerError",
        "418": "PermitApiError",
    }
    for code, name in expected.items():
        error = out[f"e{code}"]["error"]
        assert error["name"] == name and error["status"] == int(code)
        assert error["isApiError"] and error["isError"]
        assert error["method"] == "GET" and error["url"] == f"{server.url}{USERS}/e{code}"
    assert out["e422"]["error"]["detail"] == [
        {"loc": ["body", "key"], "msg": "field required", "type": "missing"}
    ]
    assert out["e429"]["error"]["retryAfter"] == 0
    assert (out["e409"]["error"]["errorCode"], out["e409"]["error"]["title"]) == (
        "DUPLICATE_ENTITY",
        "Conflict",
    )
    assert out["e404"]["error"]["errorCode"] is None
    assert out["e404"]["error"]["message"].endswith("failed with HTTP 404: failed 404")


def test_path_parameters_are_percent_encoded(run: tuple[Any, Server]) -> None:
    out, server = run
    assert out["encoded"] == {"ok": "a%2Fb%3Fc%7Cd"}  # the server saw the encoded segment
    assert [r.path for r in server.requests if "%2F" in r.path] == [f"{USERS}/a%2Fb%3Fc%7Cd"]


def test_unset_options_are_not_sent_and_pages_are_iterated(run: tuple[Any, Server]) -> None:
    out, server = run
    plain = [r.path for r in _sent(server, "GET", USERS) if "page=" not in r.path]
    assert plain == [USERS]  # listUsers(): no query parameter at all
    assert out["unset"] == {"ok": 3}
    assert out["pages"] == {"ok": ["user0", "user1", "user2", "user3", "user4"]}
    paged = [r.path.split("?")[1] for r in _sent(server, "GET", USERS) if "page=" in r.path]
    assert paged == ["page=1&per_page=2", "page=2&per_page=2", "page=3&per_page=2"]
    assert out["rolesArray"] == {"ok": [True, 1, 1]}
    for r in server.requests:
        assert "cookie" not in r.headers and "x-wait-timeout" not in r.headers


def test_with_response_gives_status_and_headers(run: tuple[Any, Server]) -> None:
    out, _ = run
    assert out["withResponse"] == {"ok": [201, 200, "new", "r1"]}
    assert out["sync"] == {"ok": [True, "new", False, "old"]}  # permit-node's {user, created}


def test_key_scope_is_asked_once_and_fills_project_and_environment(
    run: tuple[Any, Server],
) -> None:
    out, server = run
    assert out["scope"] == {"ok": 3}
    assert len(server.hits("/v2/api-key/scope")) == 1
    assert len(_sent(server, "GET", USERS + "/s1")) == 1
    assert len(_sent(server, "GET", USERS + "/s2")) == 1


def test_abort_signal_and_timeout(run: tuple[Any, Server]) -> None:
    out, server = run
    # during the 5 s Retry-After wait: a PermitApiError subclass, the signal's reason kept
    assert out["abort"] == {"ok": ["RequestAbortedError", True, True, 0, "AbortError", False]}
    timed = out["signalTimeout"]["error"]
    assert (timed["name"], timed["reason"], timed["timedOut"]) == (
        "RequestAbortedError",
        "TimeoutError",
        True,
    )
    # the call's deadline: a retry that would start past it is not made
    assert out["deadline"] == {"ok": ["ServerError", 503, True]}
    assert out["envUrl"] == {"ok": [server.url, "https://api.eu.permit.io"]}
    assert (
        len(_sent(server, "GET", USERS + "/slow")) == 3
    )  # abort, signal timeout, deadline: 1 each
    error = out["timeout"]["error"]
    assert error["name"] == "NetworkError" and error["status"] == 0
    assert "timed out" in error["message"]


def test_the_key_comes_from_the_environment_and_is_never_shown(run: tuple[Any, Server]) -> None:
    out, server = run
    assert out["noKey"]["error"]["message"] == "no API key: pass { apiKey } or set PERMIT_API_KEY"
    assert out["envKey"] == {"ok": server.url}
    assert out["plainFetch"] == {"ok": "plain"}  # the caller's fetch, called without a `this`
    assert out["keyShown"] == 0
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)
    assert all(r.headers["user-agent"].startswith("permit-api/") for r in server.requests)
