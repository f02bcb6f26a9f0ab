"""The generated Go client's behaviour against a real server on 127.0.0.1 that records every
request, as the Python and TypeScript clients' tests check theirs (tests/runtime/): answers
checked before they are typed (an HTML page, an empty body), iterators that end (a repeated page,
a short page, max pages) and a page that is not a list; `""`, `.` and `..` refused with no
request; a bare-array list and its total-count twin; no POST repeated after a 503 (a GET is);
a 409's `error_code` and `title`; unset parameters unsent; the key's scope asked once by eight
concurrent calls; the client printed without its key."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from golang import consumer, go, module_path
from helpers import Reply, Request, Server

pytestmark = pytest.mark.slow
HERE = Path(__file__).parent
USERS = "/v2/facts/p/{env}/users"
KEY = "permit_key_GO_SECRET_93d1"


def _user(key: str) -> dict[str, Any]:
    return {"key": key, "id": "1", "organization_id": "o", "project_id": "p", "environment_id": "e",
            "associated_tenants": [], "roles": [], "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z"}  # fmt: skip


def _json(status: int, value: Any, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(value).encode()


def route(req: Request) -> Reply:
    path = req.path.split("?")[0]
    parts = path.split("/")
    if path == "/v2/api-key/scope":
        time.sleep(0.2)  # slow enough for the eight calls to overlap
        return _json(200, {"organization_id": "o", "project_id": "p1", "environment_id": "e1"})
    if path.startswith("/v2/schema/p/roles/roles"):
        roles = [{"key": "r1", "name": "R1"}, {"key": "r2", "name": "R2"}]
        if req.query.get("include_total_count") == ["true"]:
            return _json(200, {"data": roles, "total_count": 2, "page_count": 1})
        return _json(200, roles)
    key = parts[-1]
    env = parts[4] if len(parts) > 4 else ""
    if key == "html":
        return 200, {"Content-Type": "text/html"}, b"<html>maintenance</html>"
    if key == "empty":
        return 200, {"Content-Type": "application/json"}, b""
    if key == "gone":
        return 204, {}, b""
    if key == "busy" or (req.method == "POST" and b'"busy"' in req.body):
        return _json(503, {"message": "busy"})
    if req.method == "POST" and b'"dup"' in req.body:
        return _json(409, {"title": "Conflict", "error_code": "DUPLICATE_ENTITY", "message": "m"})
    if key == "scoped":
        return _json(200, _user("scoped"))
    page = int(req.query.get("page", ["1"])[0])
    if env == "repeat":
        return _json(200, {"data": [_user("a"), _user("b")], "total_count": 9, "page_count": 5})
    if env == "bare":
        return _json(200, [_user("a")])
    if env == "short":
        items = [_user("s1"), _user("s2")] if page == 1 else [_user("s3")]
        return _json(200, {"data": items, "total_count": 3, "page_count": 99})
    return _json(200, {"data": [_user(f"u{page}a"), _user(f"u{page}b")], "total_count": 9999,
                       "page_count": 999})  # fmt: skip


def _lists(server: Server, env: str) -> int:
    return sum(1 for r in server.requests if r.path.split("?")[0] == USERS.format(env=env))


def test_go_client_behaviour(server: Server, generated: Path, tmp_path: Path) -> None:
    server.routes["*"] = route
    module = generated / "permit" / "clients" / "go"
    program = (HERE / "behaviour.go.txt").read_text().replace("MODULE", module_path(module))
    project = consumer(tmp_path / "behaviour", module, {"main.go": program})
    run = go("run", ".", server.url, cwd=project)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["html"]["class"] == "unexpected" and "text/html" in out["html"]["error"]
    assert out["empty"]["class"] == "unexpected" and "empty" in out["empty"]["error"]
    assert out["gone"] == {"ok": "deleted"}
    assert out["repeat"] == {"ok": ["a", "b"]} and _lists(server, "repeat") == 2
    assert out["short"] == {"ok": ["s1", "s2", "s3"]} and _lists(server, "short") == 2
    assert out["endless"]["ok"] == ["u1a", "u1b", "u2a", "u2b", "u3a", "u3b"]
    assert _lists(server, "endless") == 3
    assert out["bare"]["class"] == "unexpected" and _lists(server, "bare") == 1
    refused = {"userDotDot": "user_id", "userDot": "user_id", "userEmpty": "user_id",
               "tenantUserDotDot": "tenant_id", "clientProjectDotDot": "proj_id",
               "envDotDot": "env_id"}  # fmt: skip
    for case, parameter in refused.items():
        assert out[case]["parameter"] == parameter and out[case]["class"] == "invalid", case
    assert not [r for r in server.requests if "/.." in r.path or r.path.endswith("/.")]
    assert out["bareList"] == {"ok": 2} and out["totalCount"] == {"ok": 2}
    posts = [r for r in server.requests if r.method == "POST" and b'"busy"' in r.body]
    gets = [r for r in server.requests if r.path.endswith("/users/busy")]
    assert out["postBusy"]["status"] == 503 and len(posts) == 1  # never repeated
    assert out["getBusy"]["status"] == 503 and len(gets) == 3  # repeated: 3 attempts
    assert out["conflict"]["class"] == "conflict"
    assert (out["conflict"]["code"], out["conflict"]["title"]) == ("DUPLICATE_ENTITY", "Conflict")
    searched = [r for r in server.requests if "search=" in r.path]
    assert len(searched) == 1 and searched[0].query == {"search": ["ann"]}  # nothing unset sent
    scope = [r for r in server.requests if r.path == "/v2/api-key/scope"]
    assert out["scope"] == {"ok": {"scoped": True}} and len(scope) == 1
    assert len(server.hits("/v2/facts/p1/e1/users/scoped")) == 8
    assert KEY not in out["string"]["ok"] and "127.0.0.1" in out["string"]["ok"]
    auth = {r.headers.get("authorization") for r in server.requests}
    assert auth == {f"Bearer {KEY}"}
