"""The Prism fixture really mocks a spec on 127.0.0.1 and validates requests against it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1"},
    "paths": {
        "/items/{item_id}": {
            "get": {
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"example": {"id": 1}}},
                    }
                },
            }
        }
    },
}


def test_prism_mocks_and_validates(tmp_path: Path, prism: Callable[[Path], Any]) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    mock = prism(spec)
    assert mock.url.startswith("http://127.0.0.1:")
    ok = httpx.get(f"{mock.url}/items/7")
    assert ok.status_code == 200 and ok.json() == {"id": 1}
    assert httpx.get(f"{mock.url}/items/not-a-number").status_code == 422
    mock.stop()
    assert mock.proc.poll() is not None
