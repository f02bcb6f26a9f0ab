"""Answers are checked before they are typed, and page iterators end (both clients, Python sync
and async and TypeScript, against a real server on 127.0.0.1): a 200 `text/html` page or an
empty 200 where JSON is declared raises UnexpectedResponseError, a 204 resolves to nothing; an
iterator over a server that repeats page 1 stops after 2 requests, a bare array where a page
object is declared raises UnexpectedResponseError, and `max_pages`/`maxPages: 3` stops at 3."""

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

USERS = "/v2/facts/p/{env}/users"


def _user(key: str) -> dict[str, Any]:
    uuid = "00000000-0000-4000-8000-00000000000"
    return {
        "key": key, "id": f"{uuid}1", "organization_id": f"{uuid}2", "project_id": f"{uuid}3",
        "environment_id": f"{uuid}4", "associated_tenants": [], "roles": [],
        "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
    }  # fmt: skip


def _json(status: int, value: Any) -> Reply:
    return status, {"Content-Type": "application/json"}, json.dumps(value).encode()


def route(req: Request) -> Reply:
    path = req.path.split("?")[0]
    env = path.split("/")[4]
    if path.endswith("/users/html"):
        return 200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"
    if path.endswith("/users/empty"):
        return 200, {"Content-Type": "application/json"}, b""
    if path.endswith("/users/gone"):
        return 204, {}, b""
    page = int(req.query.get("page", ["1"])[0])
    if env == "repeat":  # a server that ignores `page`
        return _json(200, {"data": [_user("a"), _user("b")], "total_count": 9, "page_count": 5})
    if env == "bare":  # a plain array where the spec declares the page object
        return _json(200, [_user("a")])
    # endless: a new, full page every time and no page count
    return _json(
        200,
        {"data": [_user(f"u{page}a"), _user(f"u{page}b")], "total_count": 9999, "page_count": 999},
    )


@pytest.fixture
def answering(server: Server) -> Server:
    """conftest's server, answering as `route` says."""
    server.routes["*"] = route
    return server


def _lists(server: Server, env: str) -> int:
    return sum(1 for r in server.requests if r.path.split("?")[0] == USERS.format(env=env))


def _python(permit: Any, client_class: str, url: str) -> dict[str, Any]:
    def make(env: str) -> Any:
        return getattr(permit, client_class)(
            api_key="k", base_url=url, project="p", environment=env
        )

    async def run(value: Any) -> Any:
        if inspect.iscoroutine(value):
            return await value
        if hasattr(value, "__aiter__"):
            return [u.key async for u in value]
        if hasattr(value, "__next__"):
            return [u.key for u in value]
        return value

    calls = {
        "html": lambda: make("e").users.get("html"),
        "empty": lambda: make("e").users.get("empty"),
        "gone": lambda: make("e").users.delete("gone"),
        "repeat": lambda: make("repeat").users.iter_list(per_page=2),
        "bare": lambda: make("bare").users.iter_list(per_page=2),
        "endless": lambda: make("endless").users.iter_list(per_page=2, max_pages=3),
    }
    out: dict[str, Any] = {}
    for name, call in calls.items():
        try:
            out[name] = {"ok": asyncio.run(run(call()))}
        except permit.UnexpectedResponseError as error:
            out[name] = {"error": type(error).__name__, "unexpected": True, "reason": error.reason}
    return out


def _check(out: dict[str, Any], server: Server) -> None:
    for name in ("html", "empty", "bare"):
        assert out[name]["unexpected"], (name, out[name])
    assert "text/html" in out["html"]["reason"] and "empty" in out["empty"]["reason"]
    assert out["gone"] == {"ok": None}
    assert out["repeat"] == {"ok": ["a", "b"]} and _lists(server, "repeat") == 2
    assert out["endless"] == {"ok": ["u1a", "u1b", "u2a", "u2b", "u3a", "u3b"]}
    assert _lists(server, "endless") == 3


@pytest.mark.parametrize("client_class", ["PermitApi", "AsyncPermitApi"])
def test_python(answering: Server, generated: Path, client_class: str) -> None:
    _check(_python(load_package(generated, "permit"), client_class, answering.url), answering)


def test_typescript(answering: Server, ts_root: Path) -> None:
    index = ts_root / "node_modules" / "permit-api" / "dist" / "index.js"
    run = node(TS_SCRIPTS / "answers.mjs", str(index), answering.url, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["bare"]["reason"] == "a page that is not a list of items"
    _check(out, answering)
