"""A parameter named like a name the generated module itself uses (#24 class 4: PagerDuty's
`models`; likewise `cast`, `self`, `UNSET`, `T`, `Core`) gets another identifier: both
packages type-check (mypy --strict, tsc --strict) and the Python call sends the wire names."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import generate_from
from typescript import tsc

pytestmark = pytest.mark.slow  # make test-fast leaves it out

NAMES = ["models", "cast", "UNSET", "respond", "T", "Core", "httpx", "options"]


def _spec() -> dict[str, Any]:
    query = [{"name": n, "in": "query", "schema": {"type": "string"}} for n in NAMES]
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shadows", "version": "1"},
        "paths": {
            "/items/{models}/{T}": {
                "get": {
                    "operationId": "get_item",
                    "tags": ["items"],
                    "parameters": [
                        {"name": "models", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "T", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "self", "in": "query", "schema": {"type": "string"}},
                        *query[1:],
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Item"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}},
    }  # fmt: skip


def test_parameters_never_hide_module_names(tmp_path: Path) -> None:
    out = generate_from(_spec(), tmp_path)
    python = out / "clients" / "python"
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "permit_api"],
        cwd=python, capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout[-3000:]
    typescript = out / "clients" / "typescript"
    compiled = tsc("5.9", "-p", "tsconfig.json", "--noEmit", cwd=typescript)
    assert compiled.returncode == 0, compiled.stdout[-3000:]

    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "i1"})

    sys.path.insert(0, str(python))
    try:
        for name in [m for m in sys.modules if m == "permit_api" or m.startswith("permit_api.")]:
            del sys.modules[name]
        package = importlib.import_module("permit_api")
        client = package.PermitApi(
            api_key="k", base_url="http://127.0.0.1:9", transport=httpx.MockTransport(answer)
        )
        method = client.items.get
        wanted = {p: f"v-{p}" for p in ("self", *NAMES[1:])}
        keywords = [  # the query options, in the operation's order
            p.name
            for p in inspect.signature(method).parameters.values()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        ]
        assert len(keywords) == len(wanted)
        kwargs = dict(zip(keywords, wanted.values(), strict=True))
        item = method("m1", "t1", **kwargs)
    finally:
        sys.path.remove(str(python))
        for name in [m for m in sys.modules if m == "permit_api" or m.startswith("permit_api.")]:
            del sys.modules[name]
    assert item.id == "i1"
    assert seen[0].url.path == "/items/m1/t1"
    assert dict(seen[0].url.params) == wanted
