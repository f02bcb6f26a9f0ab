"""#34: a spec cannot run code in the user's Postman sandbox. ajv 6 (postman-sandbox's) writes an
unknown `type` name into the JavaScript it generates, unquoted; a 3.0 spec can put one in a
keyword its own Schema object does not check, in an answer reached from anywhere. Each spec is
generated, and where generation succeeds newman runs the collection against a server on
127.0.0.1: no payload runs (no marker variable, no request off the base URL, the environment
unchanged, no test failing with the payload's error)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import NODE_BIN, run_cli, write_config

pytestmark = pytest.mark.slow

# no quotes of either kind: ajv also writes the type names into a '...' error message
# (ajv compiles with `new Function`: `pm` is reached where it is in scope, and the marker thrown)
JS = (
    "if (typeof pm !== `undefined`) {pm.environment.set(`pwned`,`yes`);"
    "pm.sendRequest(pm.environment.get(`baseUrl`)+`/stolen/`+pm.environment.get(`apiKey`));}"
    "throw new Error(`APIGEN-PWNED`)"
)
EVIL_TYPE = ["string", f'x" || (function(){{{JS}}})() || "']
EVIL_PATTERN = "^(a+)+$"


def _spec(where: str) -> dict[str, Any]:
    """A 3.0 spec whose one answer holds the payload in `where`."""
    evil: dict[str, Any] = {"type": EVIL_TYPE}
    answer: dict[str, Any] = {"type": "object", "properties": {"id": {"type": "string"}}}
    if where == "propertyNames":
        answer["propertyNames"] = evil
    elif where == "contains":
        answer["properties"]["tags"] = {"type": "array", "contains": evil}
    elif where == "if":
        answer["if"] = evil
        answer["then"] = {"required": ["id"]}
    elif where == "patternProperties":
        answer["patternProperties"] = {"^x-": evil}
    elif where == "proto":
        answer["properties"]["__proto__"] = evil
        answer["properties"]["constructor"] = {"type": "string"}
    elif where == "pattern":
        answer["properties"]["id"] = {"type": "string", "pattern": EVIL_PATTERN}
    responses: dict[str, Any] = {"200": {"$ref": "#/components/responses/Thing"}}
    components: dict[str, Any] = {
        "responses": {
            "Thing": {
                "description": "a thing",
                "content": {"application/json": {"schema": answer}},
            }
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    }
    if where == "patternProperties":  # inline, not through components
        responses = {
            "200": {"description": "a thing", "content": {"application/json": {"schema": answer}}}
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "security": [{"bearer": []}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "get_thing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": responses,
                }
            }
        },
        "components": components,
    }


def _newman(collection: Path, environment: Path, base: str, out: Path) -> dict[str, Any]:
    report = out / "report.json"
    exported = out / "env.json"
    subprocess.run(
        [
            str(NODE_BIN / "newman"), "run", str(collection), "-e", str(environment),
            "--env-var", f"baseUrl={base}", "--env-var", "apiKey=SECRET-KEY-1",
            "--reporters", "json", "--reporter-json-export", str(report),
            "--export-environment", str(exported), "--timeout-script", "20000",
        ],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    run: dict[str, Any] = json.loads(report.read_text())["run"]
    run["environment"] = {v["key"]: v["value"] for v in json.loads(exported.read_text())["values"]}
    return run


def _generate(tmp_path: Path, spec: dict[str, Any], disabled: list[str]) -> tuple[int, Path]:
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec))
    extra = f"disable_passes = {json.dumps(disabled)}" if disabled else ""
    config = write_config(tmp_path, source=str(source), extra_api=extra)
    # disable_passes belongs to the API's table: put it there, before the regions
    text = config.read_text().replace(extra, "")
    if extra:
        text = text.replace("[[apis.permit.regions]]", f"{extra}\n[[apis.permit.regions]]", 1)
    config.write_text(text)
    result = run_cli("generate", "permit", "-c", str(config), "--only", "postman", "-q")
    return result.code, tmp_path / "out" / "permit" / "postman"


@pytest.mark.parametrize(
    "where", ["propertyNames", "contains", "if", "patternProperties", "proto", "pattern"]
)
@pytest.mark.parametrize("disabled", [[], ["invalid-types", "keyword-values"]])
def test_no_spec_text_runs_in_the_sandbox(
    tmp_path: Path, server: Any, where: str, disabled: list[str]
) -> None:
    """With the normalizer's repairs on, and with them off (the draft-07 writer and ajv's own
    schema check alone stand between the spec and the sandbox)."""
    code, folder = _generate(tmp_path, _spec(where), disabled)
    assert code in (0, 4)
    if code == 4:
        return
    answer = {"id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "x-a": 1, "tags": ["t"]}
    server.routes["*"] = lambda r: (
        200,
        {"Content-Type": "application/json"},
        json.dumps(answer).encode(),
    )
    run = _newman(
        folder / "permit.postman_collection.json",
        folder / "permit-us.postman_environment.json",
        server.url,
        tmp_path,
    )
    paths = [r.path for r in server.requests]
    assert paths and all(p.startswith("/things/") for p in paths), paths
    assert "pwned" not in run["environment"]
    assert run["environment"]["baseUrl"] == server.url
    assert "PWNED" not in json.dumps(run["failures"])
    assert "SECRET-KEY-1" not in "".join(paths)
    tested = [a["assertion"] for e in run["executions"] for a in e.get("assertions", [])]
    assert any("answer matches" in t for t in tested), tested
