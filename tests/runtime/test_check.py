"""Permit checks as one call (both clients, Python sync and async and TypeScript, against a
real server on 127.0.0.1): `check(user, action, resource, context?)` answers the decision's
`allow` as a boolean, building the query as permit-node's Enforcer does (a user key or object,
a resource "type:key" or object, the default tenant); `bulk_check` one boolean per check; a 503
on the read-only `/allowed` is retried up to max_attempts; bad input is refused before sending;
an answer that is not a decision is an UnexpectedResponseError."""

from __future__ import annotations

import asyncio
import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import TS_SCRIPTS, Reply, Request, Server
from typescript import node


def _json(status: int, value: Any) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(value).encode()


def _sent(server: Server, path: str) -> list[Any]:
    """The JSON bodies of the requests to exactly `path`, in order."""
    return [json.loads(r.body) for r in server.requests if r.path.split("?")[0] == path]


def route(server: Server) -> Any:
    def answer(req: Request) -> Reply:
        path = req.path.split("?")[0]
        body = json.loads(req.body or b"null")
        if path == "/allowed/bulk":
            return _json(200, {"allow": [{"allow": q["user"]["key"] == "jane"} for q in body]})
        if path == "/facts/users":  # a write: answered 503, it must not be repeated
            return _json(503, {"detail": "busy"})
        if path != "/allowed":
            return 404, {}, b""
        user = body["user"]["key"]
        tries = [q for q in _sent(server, "/allowed") if q["user"]["key"] == user]
        if user == "flaky" and len(tries) < 3:
            return _json(503, {"detail": "PDP warming up"})
        if user == "down":
            return _json(503, {"detail": "PDP down"})
        if user == "odd":
            return _json(200, {"allow": "yes"})
        return _json(200, {"allow": user == "jane", "query": body})

    return answer


@pytest.fixture
def deciding(server: Server) -> Server:
    server.routes["*"] = route(server)
    return server


def _python(pdp: Any, client_class: str, url: str) -> dict[str, Any]:
    client = getattr(pdp, client_class)(
        api_key="k", base_url=url, retry=pdp.RetryPolicy(max_attempts=3, backoff=0.001)
    )
    calls = {
        "jane": lambda: client.check("jane", "write", "document:acme"),
        "bob": lambda: client.check(
            {"key": "bob", "email": "bob@example.com"},
            "read",
            {"type": "document", "tenant": "t2"},
            {"ip": "1.2.3.4"},
        ),
        "flaky": lambda: client.check("flaky", "read", "document"),
        "down": lambda: client.check("down", "read", "document"),
        "odd": lambda: client.check("odd", "read", "document"),
        "bulk": lambda: client.bulk_check(
            [
                {"user": "jane", "action": "write", "resource": "document:acme"},
                {"user": "bob", "action": "read", "resource": "document"},
            ]
        ),
        "badResource": lambda: client.check("jane", "read", "a:b:c"),
        "badUser": lambda: client.check({"email": "x"}, "read", "document"),
        "write": lambda: client.local_facts_api.create_user({"key": "w"}),
    }

    async def run(value: Any) -> Any:
        return await value if inspect.iscoroutine(value) else value

    out: dict[str, Any] = {}
    for name, call in calls.items():
        try:
            out[name] = {"ok": asyncio.run(run(call()))}
        except (TypeError, ValueError) as error:
            out[name] = {"error": type(error).__name__, "status": None, "unexpected": False}
        except pdp.PermitApiError as error:
            unexpected = isinstance(error, pdp.UnexpectedResponseError)
            out[name] = {
                "error": type(error).__name__,
                "status": error.status,
                "unexpected": unexpected,
            }
    return out


def _check(out: dict[str, Any], server: Server) -> None:
    assert out["jane"] == {"ok": True} and out["bob"] == {"ok": False}
    queries = _sent(server, "/allowed")
    assert queries[0] == {
        "user": {"key": "jane"},
        "action": "write",
        "resource": {"type": "document", "key": "acme", "tenant": "default"},
        "context": {},
    }
    assert queries[1] == {
        "user": {"key": "bob", "email": "bob@example.com"},
        "action": "read",
        "resource": {"type": "document", "tenant": "t2"},
        "context": {"ip": "1.2.3.4"},
    }
    assert out["flaky"] == {"ok": False}  # two 503s, then the decision
    assert sum(1 for q in queries if q["user"]["key"] == "flaky") == 3
    assert out["down"]["status"] == 503  # three attempts, then the error
    assert sum(1 for q in queries if q["user"]["key"] == "down") == 3
    assert out["odd"]["unexpected"]
    assert out["bulk"] == {"ok": [True, False]}
    bulk = _sent(server, "/allowed/bulk")
    assert [q["resource"] for q in bulk[0]] == [
        {"type": "document", "key": "acme", "tenant": "default"},
        {"type": "document", "tenant": "default"},
    ]
    assert out["badResource"]["error"] in ("ValueError", "TypeError")
    assert out["badUser"]["error"] == "TypeError"
    assert len(queries) == 2 + 3 + 3 + 1  # the refused inputs sent nothing
    assert out["write"]["status"] == 503 and len(_sent(server, "/facts/users")) == 1


@pytest.mark.parametrize("client_class", ["PermitPdp", "AsyncPermitPdp"])
def test_python(deciding: Server, generated: Path, client_class: str) -> None:
    _check(_python(load_package(generated, "pdp"), client_class, deciding.url), deciding)


def test_typescript(deciding: Server, ts_root: Path) -> None:
    index = ts_root / "node_modules" / "permit-pdp" / "dist" / "index.js"
    run = node(TS_SCRIPTS / "check.mjs", str(index), deciding.url, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    _check(json.loads(run.stdout), deciding)
