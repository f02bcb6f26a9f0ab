"""newman runs the generated collections against a Prism mock of the normalized spec."""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import NODE_BIN


def newman(
    generated: Path, api: str, region: str, base_url: str, tmp_path: Path, *env: str
) -> list[dict[str, Any]]:
    folder = generated / api / "postman"
    report = tmp_path / f"{api}-{len(env)}.json"
    args = [
        str(NODE_BIN / "newman"),
        "run",
        str(folder / f"{api}.postman_collection.json"),
        "-e",
        str(folder / f"{api}-{region}.postman_environment.json"),
        "--env-var",
        f"baseUrl={base_url}",
        *(x for pair in env for x in ("--env-var", pair)),
        "--reporters",
        "json",
        "--reporter-json-export",
        str(report),
    ]
    subprocess.run(args, capture_output=True, timeout=600, check=False)
    executions: list[dict[str, Any]] = json.loads(report.read_text())["run"]["executions"]
    return executions


def codes(executions: list[dict[str, Any]]) -> Counter[int]:
    return Counter(e.get("response", {}).get("code", 0) for e in executions)


@pytest.mark.parametrize(("api", "region", "count"), [("permit", "us", 251), ("pdp", "local", 29)])
def test_every_request_gets_2xx_from_prism(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path, api: str, region: str, count: int
) -> None:
    mock = prism(generated / api / "openapi.json")
    executions = newman(generated, api, region, mock.url, tmp_path, "apiKey=dummy-key")
    assert len(executions) == count
    failures = [
        (e["item"]["name"], e.get("response", {}).get("code"))
        for e in executions
        if not 200 <= e.get("response", {}).get("code", 0) < 300
    ]
    assert failures == []


def test_without_api_key_prism_answers_401(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path
) -> None:
    mock = prism(generated / "pdp" / "openapi.json")
    executions = newman(generated, "pdp", "local", mock.url, tmp_path)
    assert codes(executions) == Counter({401: 29})
