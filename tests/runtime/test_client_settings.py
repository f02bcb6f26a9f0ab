"""Typed configuration and errors in the Python client (the TypeScript client's twin cases are
in tests/typescript/test_typescript_runtime.py): $PERMIT_API_URL is the base URL when neither
`base_url` nor `region` is given; a 409 `ErrorDetails` body gives `error_code` and `title`;
the overall `deadline` stops retries that would start past it; sync and async alike."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from pathlib import Path
from typing import Any

import pytest
from client_calls import load_package
from helpers import Reply, Request, Server

USERS = "/v2/facts/p/e/users"


def _json(status: int, value: Any, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(value).encode()


def route(req: Request) -> Reply:
    key = req.path.split("?")[0].rsplit("/", 1)[1]
    if key == "dup":
        body = {"id": "x1", "title": "Conflict", "error_code": "DUPLICATE_ENTITY", "message": "m"}
        return _json(409, body)
    if key == "slow":
        return _json(503, {"message": "later"}, **{"Retry-After": "5"})
    return _json(404, {"message": "no such user"})


@pytest.fixture
def answering(server: Server) -> Server:
    server.routes["*"] = route
    return server


def _run(value: Any) -> Any:
    async def wait() -> Any:
        return await value

    return asyncio.run(wait()) if inspect.iscoroutine(value) else value


@pytest.mark.parametrize("client_class", ["PermitApi", "AsyncPermitApi"])
def test_settings_and_errors(
    answering: Server, generated: Path, client_class: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    permit = load_package(generated, "permit")
    make = getattr(permit, client_class)
    monkeypatch.setenv("PERMIT_API_URL", answering.url)
    api = make(api_key="k", project="p", environment="e")
    assert answering.url in repr(api)  # $PERMIT_API_URL
    assert "api.eu.permit.io" in repr(make(api_key="k", region="eu"))  # a region wins over it
    assert "127.0.0.1:9" in repr(make(api_key="k", base_url="http://127.0.0.1:9"))

    with pytest.raises(permit.ConflictError) as conflict:
        _run(api.users.get("dup"))
    assert (conflict.value.error_code, conflict.value.title) == ("DUPLICATE_ENTITY", "Conflict")
    with pytest.raises(permit.NotFoundError) as missing:
        _run(api.users.get("nobody"))
    assert (missing.value.error_code, missing.value.title) == (None, None)

    started = time.monotonic()
    bounded = make(api_key="k", project="p", environment="e", deadline=1.0)
    with pytest.raises(permit.ServerError):
        _run(bounded.users.get("slow"))  # Retry-After: 5 would pass the deadline
    assert time.monotonic() - started < 3
    assert len(answering.hits(USERS + "/slow")) == 1
    with pytest.raises(ValueError, match="deadline"):
        make(api_key="k", deadline=0)
