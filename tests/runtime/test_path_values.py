"""A caller's path value never changes which endpoint is called: `""`, `.` and `..` are refused
by both clients (Python sync and async, TypeScript) before any request, with a typed error naming
the parameter; values that merely contain dots (`a..b`, `...`) reach the server encoded. Against
a real server on 127.0.0.1 that records every request."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import TS_SCRIPTS, Server
from typescript import node

USERS = "/v2/facts/p/e/users"
SCRIPT = TS_SCRIPTS / "path_values.mjs"
USER = {
    "key": "x",
    "id": "00000000-0000-4000-8000-000000000001",
    "organization_id": "00000000-0000-4000-8000-000000000002",
    "project_id": "00000000-0000-4000-8000-000000000003",
    "environment_id": "00000000-0000-4000-8000-000000000004",
    "associated_tenants": [],
    "roles": [],
    "created_at": "2025-01-01T00:00:00Z",
    "updated_at": "2025-01-01T00:00:00Z",
}
REFUSED = {  # case -> the parameter the error names
    "tenantUserDotDot": "tenant_id",
    "userDot": "user_id",
    "userEmpty": "user_id",
    "projectDotDot": "proj_id",
    "clientProjectDotDot": "proj_id",
    "envDotDot": "env_id",
}


@pytest.fixture
def recording(server: Server) -> Server:
    """conftest's server, answering every request with a user."""
    server.routes["*"] = lambda req: (
        200,
        {"Content-Type": "application/json"},
        json.dumps(USER).encode(),
    )
    return server


def _cases(api: Any, make: Callable[..., Any]) -> dict[str, Callable[[], Any]]:
    client = make(project="p", environment="e")
    return {
        "tenantUserDotDot": lambda: client.tenants.delete_tenant_user("..", "alice"),
        "userDot": lambda: client.users.get("."),
        "userEmpty": lambda: client.users.get(""),
        "projectDotDot": lambda: client.users.get("alice", proj_id=".."),
        "clientProjectDotDot": lambda: make(project="..", environment="e").users.get("a"),
        "envDotDot": lambda: client.environments.delete(env_id=".."),
        "inner": lambda: client.users.get("a..b"),
        "three": lambda: client.users.get("..."),
    }


def _check(outcomes: dict[str, Any], server: Server) -> None:
    for case, parameter in REFUSED.items():
        error = outcomes[case]
        assert error["name"] == "InvalidPathParameterError", (case, error)
        assert error["parameter"] == parameter, case
        assert parameter in error["message"], case
    assert outcomes["inner"] == {"ok": True} and outcomes["three"] == {"ok": True}
    # the refused calls sent nothing; the two good ones arrived encoded, as they were given
    assert [(r.method, r.path) for r in server.requests] == [
        ("GET", f"{USERS}/a..b"),
        ("GET", f"{USERS}/..."),
    ]


def _outcome(fn: Callable[[], Any], permit: Any) -> dict[str, Any]:
    try:
        result = fn()
        if asyncio.iscoroutine(result):
            asyncio.run(result)
    except ValueError as error:
        assert isinstance(error, permit.InvalidPathParameterError)
        return {
            "name": type(error).__name__,
            "parameter": error.parameter,
            "message": str(error),
        }
    return {"ok": True}


@pytest.mark.parametrize("client_class", ["PermitApi", "AsyncPermitApi"])
def test_python_refuses_dot_segments(recording: Server, generated: Path, client_class: str) -> None:
    permit = load_package(generated, "permit")

    def make(**kw: Any) -> Any:
        return getattr(permit, client_class)(api_key="k", base_url=recording.url, **kw)

    outcomes = {name: _outcome(fn, permit) for name, fn in _cases(permit, make).items()}
    _check(outcomes, recording)


def test_typescript_refuses_dot_segments(recording: Server, ts_root: Path) -> None:
    index = ts_root / "node_modules" / "permit-api" / "dist" / "index.js"
    out = node(SCRIPT, str(index), recording.url, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    outcomes = json.loads(out.stdout)
    for case in REFUSED:
        assert outcomes[case]["isTypeError"] and outcomes[case]["isPathError"], case
    _check(outcomes, recording)
