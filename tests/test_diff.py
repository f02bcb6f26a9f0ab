"""`apigen diff`, `apigen check` and CHANGES.md, on the real history and on small specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import HISTORY, PERMIT_SPEC, repo_config, run_cli, snapshot_tree
from specs import API

from generator.diff import diff_documents, to_json


def cli_diff(old: Path, new: Path, tmp_path: Path) -> dict[str, Any]:
    result = run_cli(
        "diff", str(old), str(new), "--format", "json", "-q", "-c", str(repo_config(tmp_path))
    )
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_volatile_only_versions_show_no_change(tmp_path: Path) -> None:
    data = cli_diff(HISTORY / "openapi-2025-07-20.json", PERMIT_SPEC, tmp_path)
    assert all(v == 0 for v in data["summary"].values())
    markdown = run_cli(
        "diff",
        str(HISTORY / "openapi-2025-07-20.json"),
        str(PERMIT_SPEC),
        "-q",
        "-c",
        str(repo_config(tmp_path)),
    )
    assert markdown.stdout == "# API changes: permit\n\nNo API changes.\n"


def test_2025_05_20_to_current_reports_role_assignment_changes(tmp_path: Path) -> None:
    data = cli_diff(HISTORY / "openapi-2025-05-20.json", PERMIT_SPEC, tmp_path)
    changed = {(o["method"], o["path"]): o for o in data["operations"]["changed"]}
    op = changed[("DELETE", "/v2/facts/{proj_id}/{env_id}/role_assignments")]
    texts = [c["change"] for c in op["changes"]]
    assert "parameter `return_deleted` (query) added, optional" in texts
    assert "response 200 added (`RoleAssignmentRead`)" in texts
    assert any(t.startswith("response 404 added") for t in texts)
    assert not any(c["breaking"] for c in op["changes"])


def _raw_keys(path: Path) -> tuple[set[tuple[str, str]], set[str]]:
    doc = json.loads(path.read_text())
    ops = {
        (m, p)
        for p, item in doc["paths"].items()
        for m in item
        if m in ("get", "post", "put", "patch", "delete")
    }
    return ops, set(doc["components"]["schemas"])


def test_2024_12_to_2025_03_counts_match_a_direct_comparison(tmp_path: Path) -> None:
    old, new = HISTORY / "openapi-2024-12-15.json", HISTORY / "openapi-2025-03-26.json"
    data = cli_diff(old, new, tmp_path)
    (old_ops, old_schemas), (new_ops, new_schemas) = _raw_keys(old), _raw_keys(new)
    assert data["summary"]["operations_added"] == len(new_ops - old_ops) == 29
    assert data["summary"]["operations_removed"] == len(old_ops - new_ops)
    assert data["summary"]["schemas_added"] == len(new_schemas - old_schemas) == 15
    assert data["summary"]["schemas_removed"] == len(old_schemas - new_schemas)
    added = {(o["method"].lower(), o["path"]) for o in data["operations"]["added"]}
    assert added == new_ops - old_ops


def _doc(
    params: list[dict[str, Any]], schema: dict[str, Any], responses: dict[str, Any]
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "get_a", "parameters": params, "responses": responses}}
        },
        "components": {"schemas": {"S": schema}},
    }


def test_breaking_rules() -> None:
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}},
        }
    }
    old = _doc(
        [
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "gone", "in": "query", "schema": {"type": "string"}},
        ],
        {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
            "required": ["a"],
        },
        ok,
    )
    new = _doc(
        [
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}},
            {"name": "extra", "in": "query", "schema": {"type": "string"}},
        ],
        {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "c": {"type": "string"}},
            "required": [],
        },
        {**ok, "404": {"description": "missing"}},
    )
    data = to_json(diff_documents(API, old, new))
    (op,) = data["operations"]["changed"]
    verdicts = {c["change"]: c["breaking"] for c in op["changes"]}
    assert verdicts == {
        "parameter `q` (query) made required": True,
        "parameter `gone` (query) removed": True,
        "parameter `extra` (query) added, optional": False,
        "response 404 added (no content)": False,
    }
    (schema,) = data["schemas"]["changed"]
    verdicts = {c["change"]: c["breaking"] for c in schema["changes"]}
    assert verdicts == {
        "property `a` type `string` -> `integer`": True,
        "property `b` removed": True,
        "property `c` added": False,
        "property `a` made optional": False,
    }
    assert data["summary"]["breaking"] == 4


def test_check_after_generate_and_after_an_edit(tmp_path: Path) -> None:
    config = str(repo_config(tmp_path))
    assert run_cli("generate", "pdp", "--offline", "-q", "-c", config).code == 0
    clean = run_cli("check", "pdp", "--offline", "-q", "-c", config)
    assert clean.code == 0, clean.stdout + clean.stderr
    target = tmp_path / "out" / "pdp" / "postman" / "pdp.postman_collection.json"
    target.write_text(target.read_text().replace("Permit.io PDP", "Edited"))
    before = snapshot_tree(tmp_path / "out")
    drift = run_cli("check", "pdp", "--offline", "-q", "-c", config)
    assert drift.code == 1
    assert drift.stdout.strip() == f"{target} (differs)"
    assert snapshot_tree(tmp_path / "out") == before  # check never writes output


@pytest.mark.parametrize("fmt", ["yaml"])
def test_diff_rejects_unknown_format(tmp_path: Path, fmt: str) -> None:
    result = run_cli(
        "diff",
        str(PERMIT_SPEC),
        str(PERMIT_SPEC),
        "--format",
        fmt,
        "-c",
        str(repo_config(tmp_path)),
    )
    assert result.code == 2 and "--format must be md or json" in result.stderr


def test_diff_of_two_urls(server: Any, tmp_path: Path) -> None:
    old, new = (HISTORY / "openapi-2025-05-20.json").read_bytes(), PERMIT_SPEC.read_bytes()
    server.routes["/old.json"] = lambda r: (200, {"Content-Type": "application/json"}, old)
    server.routes["/new.json"] = lambda r: (200, {"Content-Type": "application/json"}, new)
    result = run_cli(
        "diff",
        f"{server.url}/old.json",
        f"{server.url}/new.json",
        "-q",
        "-c",
        str(repo_config(tmp_path)),
    )
    assert result.code == 0, result.stderr
    assert (
        "### `DELETE /v2/facts/{proj_id}/{env_id}/role_assignments` (`unassign_role`)"
        in result.stdout
    )
    assert not (tmp_path / "cache").exists()  # a diff leaves the fetch cache alone


def test_spec_text_in_changes_md_is_escaped() -> None:
    """Names and enum values come from the spec: in CHANGES.md they are code spans that no
    backtick, pipe, newline or HTML in them can break out of."""
    from generator.diff import to_markdown

    hostile = "a`b</p><script>x</script>|\n# h"
    old = _doc([], {"type": "object", "properties": {}}, {"200": {"description": "ok"}})
    new = _doc(
        [],
        {"type": "object", "properties": {hostile: {"type": "string", "enum": [hostile]}}},
        {"200": {"description": "ok"}},
    )
    text = to_markdown(diff_documents(API, old, new))
    assert "\n# h" not in text
    assert "``a`b</p><script>x</script>| # h``" in text  # one code span, on one line
