"""`apigen diff`, `apigen check` and CHANGES.md, on the real history and on small specs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import HISTORY, PERMIT_SPEC, ROOT, repo_config, run_cli, snapshot_tree
from specs import API, spec

from generator.diff import diff_documents, to_json


def cli_diff(old: Path, new: Path, tmp_path: Path) -> dict[str, Any]:
    result = run_cli(
        "diff", str(old), str(new), "--format", "json", "-q", "-c", str(repo_config(tmp_path))
    )
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


SCHEMA = json.loads((ROOT / "docs" / "api-diff.schema.json").read_text())


def _valid(data: dict[str, Any]) -> dict[str, Any]:
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    return data


def _findings(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in data["findings"] if f["kind"] == kind]


def test_volatile_only_versions_show_no_change(tmp_path: Path) -> None:
    data = _valid(cli_diff(HISTORY / "openapi-2025-07-20.json", PERMIT_SPEC, tmp_path))
    assert data["findings"] == [] and all(v == 0 for v in data["summary"].values())
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
    data = _valid(cli_diff(HISTORY / "openapi-2025-05-20.json", PERMIT_SPEC, tmp_path))
    assert len(data["findings"]) == 6  # as before this diff was made direction-aware
    for path in ("role_assignments", "users/{user_id}/roles"):
        ops = [
            f
            for f in data["findings"]
            if f["operation"]["method"] == "DELETE"
            and f["operation"]["path"] == f"/v2/facts/{{proj_id}}/{{env_id}}/{path}"
        ]
        assert sorted(f["kind"] for f in ops) == [
            "parameter-added",
            "response-added",
            "response-added",
        ]
        assert any("`return_deleted`" in f["message"] for f in ops)
    assert data["summary"]["breaking"] == 0
    unassign = next(
        f for f in data["findings"] if f["operation"]["path"].endswith("/role_assignments")
    )
    assert unassign["operation"]["client_method"] == "role_assignments.unassign"
    assert (
        unassign["new_pointer"]
        == "/paths/~1v2~1facts~1{proj_id}~1{env_id}~1role_assignments/delete"
    )


def test_2024_12_to_2025_03_operation_ids_deprecations_tags_removals(tmp_path: Path) -> None:
    data = _valid(
        cli_diff(HISTORY / "openapi-2024-12-15.json", HISTORY / "openapi-2025-03-26.json", tmp_path)
    )
    renamed = _findings(data, "operation-id-changed") + _findings(data, "operation-id-reused")
    assert len(renamed) == 7
    assert all(f["sdk_breaking"] and not f["wire_breaking"] and f["postman"] for f in renamed)
    assert any("`list_access_requests`" in f["message"] for f in renamed)
    deprecated = _findings(data, "parameter-deprecated")
    assert len(deprecated) == 11 and all(f["level"] == "info" for f in deprecated)
    tags = _findings(data, "tag-changed")
    assert len(tags) == 35 and all(f["postman"] and not f["wire_breaking"] for f in tags)
    removed = _findings(data, "operation-removed")
    assert len(removed) == 10 and all(
        f["level"] == "breaking" and f["wire_breaking"] for f in removed
    )
    assert all("groups" in f["operation"]["path"] for f in removed)


def test_2022_to_2024_rules_follow_where_a_schema_is_used(tmp_path: Path) -> None:
    data = _valid(
        cli_diff(HISTORY / "openapi-2022-09-29.json", HISTORY / "openapi-2024-12-15.json", tmp_path)
    )
    response_only = [
        f
        for f in data["findings"]
        if f["kind"] in ("property-added-required", "property-made-required")
        and f["message"].endswith("(used in response)")
    ]
    assert len(response_only) >= 25 and all(f["level"] == "info" for f in response_only)
    patterns = [f for f in _findings(data, "constraint-added") if "pattern" in f["message"]]
    assert len(patterns) == 14 and all(
        f["wire_breaking"] and f["level"] == "breaking" for f in patterns
    )
    assert all(f["message"].endswith("(used in request)") for f in patterns)
    per_page = _findings(data, "parameter-constraint-added")
    assert [f["operation"]["path"] for f in per_page] == ["/v2/orgs"] and per_page[0][
        "wire_breaking"
    ]
    widened = _findings(data, "parameter-type-widened")
    assert len(widened) == 5 and not any(f["wire_breaking"] for f in widened)
    assert not any(
        "(X)" in f["message"] or ("`(" in f["message"] and ") -> `" in f["message"])
        for f in _findings(data, "type-changed")
    )


def test_2025_03_to_2025_05_renames_and_defaults(tmp_path: Path) -> None:
    data = _valid(
        cli_diff(HISTORY / "openapi-2025-03-26.json", HISTORY / "openapi-2025-05-20.json", tmp_path)
    )
    assert not _findings(data, "schema-removed")
    renames = [f for f in _findings(data, "schema-renamed") if "schema" in f]
    assert len(renames) == 11
    assert all(f["sdk_breaking"] and not f["wire_breaking"] for f in renames)
    assert any("`FullData` renamed `DataGeneratorLibFullData`" in f["message"] for f in renames)
    defaults = _findings(data, "default-changed")
    assert len(defaults) == 6
    assert any("`1000` -> `5000`" in f["message"] for f in defaults)


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
    data = _valid(to_json(diff_documents(API, old, new)))
    found = {
        f["message"].split(" (used in")[0]: (f["level"], f["wire_breaking"], f["sdk_breaking"])
        for f in data["findings"]
    }
    assert found == {
        "parameter `q` (query) made required": ("breaking", True, True),
        "parameter `gone` (query) removed: callers that pass it break": ("breaking", False, True),
        "parameter `extra` (query) added, optional": ("info", False, False),
        "response 404 added (no content)": ("info", False, False),
        # S is used in responses only: what narrows it breaks nobody, what widens it does
        "schema `S` `properties.a`: type `string` -> `integer`": ("breaking", True, True),
        "schema `S` `properties.b`: property removed": ("breaking", False, True),  # SDK: gone
        "schema `S` `properties.c`: property added": ("info", False, False),
        "schema `S` `properties.a`: property made optional": ("breaking", True, True),
    }


def test_the_same_change_is_judged_by_where_the_schema_is_used() -> None:
    def doc(schema: dict[str, Any], where: str) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/S"}
        op: dict[str, Any] = {"operationId": "op", "responses": {"200": {"description": "ok"}}}
        if where == "request":
            op["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref}}}
        else:
            op["responses"]["200"]["content"] = {"application/json": {"schema": ref}}
        return spec({"/a": {"post": op}}, {"S": schema})

    old = {"type": "object", "properties": {"a": {"type": "string", "enum": ["x"]}}}
    new = {
        "type": "object",
        "properties": {
            "a": {"type": "string", "enum": ["x", "y"], "maxLength": 3},
            "b": {"type": "string"},
        },
        "required": ["b"],
    }
    judged = {}
    for where in ("request", "response"):
        data = to_json(diff_documents(API, doc(old, where), doc(new, where)))
        judged[where] = {f["kind"]: (f["level"], f["wire_breaking"]) for f in data["findings"]}
    assert judged["request"] == {
        "property-added-required": ("breaking", True),
        "enum-value-added": ("info", False),
        "constraint-added": ("breaking", True),
    }
    assert judged["response"] == {
        "property-added-required": ("info", False),
        "enum-value-added": ("warning", False),
        "constraint-added": ("info", False),
    }


def test_a_renamed_schema_with_the_same_structure_is_a_rename() -> None:
    shape = {"type": "object", "properties": {"k": {"type": "string"}}, "title": "Old"}
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Old"}}},
        }
    }
    old = spec({"/a": {"get": {"operationId": "op", "responses": ok}}}, {"Old": shape})
    new_ok = json.loads(json.dumps(ok).replace("Old", "New"))
    new = spec(
        {"/a": {"get": {"operationId": "op", "responses": new_ok}}},
        {"New": {**shape, "title": "New"}},
    )
    data = to_json(diff_documents(API, old, new))
    kinds = sorted(f["kind"] for f in data["findings"])
    assert kinds == ["schema-renamed", "schema-renamed"]  # the schema, and the answer's reference
    assert all(f["sdk_breaking"] and not f["wire_breaking"] for f in data["findings"])


@pytest.mark.parametrize(
    ("edited", "text"),
    [
        ("postman/pdp.postman_collection.json", "Permit.io PDP"),
        ("clients/typescript/src/client.ts", "PermitPdp"),
    ],
)
def test_check_after_generate_and_after_an_edit(tmp_path: Path, edited: str, text: str) -> None:
    config = str(repo_config(tmp_path))
    assert run_cli("generate", "pdp", "--offline", "-q", "-c", config).code == 0
    clean = run_cli("check", "pdp", "--offline", "-q", "-c", config)
    assert clean.code == 0, clean.stdout + clean.stderr
    target = tmp_path / "out" / "pdp" / edited
    target.write_text(target.read_text().replace(text, "Edited"))
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
        "`DELETE /v2/facts/{proj_id}/{env_id}/role_assignments` (`role_assignments.unassign`): "
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
    assert "``properties.a`b</p><script>x</script>| # h``" in text  # one code span, one line


def test_inline_schemas_and_component_responses_are_compared_without_a_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#34/#37: a type change inside an inline request body, an inline answer and a
    `components.responses` schema: three breaking changes on both axes, from `apigen diff
    OLD NEW` in a folder without apigen.toml (the normalization defaults derived, as
    `generate --source` derives them)."""
    import copy as _copy

    from helpers import run_cli

    def body(prop: str, kind: str) -> dict[str, Any]:
        schema = {"type": "object", "properties": {prop: {"type": kind}}}
        return {"application/json": {"schema": schema}}

    old: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Inline", "version": "1"},
        "paths": {
            "/a": {
                "post": {
                    "operationId": "make_a",
                    "requestBody": {"required": True, "content": body("n", "string")},
                    "responses": {"200": {"description": "ok", "content": body("m", "string")}},
                }
            },
            "/b": {
                "get": {
                    "operationId": "get_b",
                    "responses": {"200": {"$ref": "#/components/responses/B"}},
                }
            },
        },
        "components": {"responses": {"B": {"description": "b", "content": body("k", "string")}}},
    }
    new = _copy.deepcopy(old)
    post = new["paths"]["/a"]["post"]
    post["requestBody"]["content"] = body("n", "integer")
    post["responses"]["200"]["content"] = body("m", "integer")
    new["components"]["responses"]["B"]["content"] = body("k", "integer")
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "old.json", "new.json", "--format", "json")
    assert result.code == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    breaking = [f for f in findings if f["level"] == "breaking"]
    assert len(breaking) == 3, findings
    assert all(f["wire_breaking"] and f["sdk_breaking"] for f in breaking)
    where = {(f["operation"]["method"], f["operation"]["path"]) for f in breaking}
    assert where == {("POST", "/a"), ("GET", "/b")}
    pointers = sorted(f["new_pointer"] for f in breaking)
    assert "/paths/~1a/post/requestBody/content/application~1json/schema/properties/n" in pointers


def test_error_answers_are_compared_on_the_wire_and_break_no_generated_code() -> None:
    """An error answer (any status but 2xx) is compared as a success answer is, as oasdiff
    compares it: a property retyped, an enum value added, content gained or lost and the
    answer's own type changed are reported; written in place, none breaks generated code (the
    clients hand an error's body over as it came)."""
    import copy as _copy

    def answer(**props: Any) -> dict[str, Any]:
        schema = {"type": "object", "properties": props}
        return {"description": "no", "content": {"application/json": {"schema": schema}}}

    old: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Errors", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "get_a",
                    "responses": {
                        "200": {"description": "ok"},
                        "404": answer(code={"type": "string"}, kind={"enum": ["x", "y"]}),
                        "409": answer(code={"type": "string"}),
                        "default": {"description": "other"},
                    },
                }
            },
            "/b": {
                "get": {
                    "operationId": "get_b",
                    "responses": {
                        "200": {"description": "ok"},
                        "400": answer(n={"type": "string"}),
                    },
                }
            },
        },
    }
    new = _copy.deepcopy(old)
    a = new["paths"]["/a"]["get"]["responses"]
    a["404"] = answer(code={"type": "integer"}, kind={"enum": ["x", "y", "z"]})
    a["409"] = {"description": "no"}  # content gone
    a["default"] = answer(why={"type": "string"})  # content gained
    schema_b = new["paths"]["/b"]["get"]["responses"]["400"]["content"]["application/json"]
    schema_b["schema"] = {"type": "string"}
    data = _valid(to_json(diff_documents(API, old, new)))
    found = {(f["kind"], f["operation"]["path"]): f for f in data["findings"]}
    retyped = found["type-changed", "/a"]
    assert "response 404" in retyped["message"] and "code" in retyped["message"]
    assert (retyped["level"], retyped["wire_breaking"], retyped["sdk_breaking"]) == (
        "breaking",
        True,
        False,
    )
    assert retyped["new_pointer"].endswith(
        "/responses/404/content/application~1json/schema/properties/code"
    )
    assert found["enum-value-added", "/a"]["level"] == "warning"
    changed = [f for f in data["findings"] if f["kind"] == "response-changed"]
    assert sorted(f["message"] for f in changed) == [
        "response 409 now has no content",
        "response default now has content",
    ]
    assert all(f["wire_breaking"] and not f["sdk_breaking"] for f in changed)
    whole = found["response-type-changed", "/b"]
    assert (whole["wire_breaking"], whole["sdk_breaking"]) == (True, False)
    # the same changes in a success answer break generated code too
    old_ok = _copy.deepcopy(old)
    new_ok = _copy.deepcopy(new)
    for doc in (old_ok, new_ok):
        doc["paths"]["/b"]["get"]["responses"]["200"] = doc["paths"]["/b"]["get"]["responses"].pop(
            "400"
        )
    ok = to_json(diff_documents(API, old_ok, new_ok))
    success = [f for f in ok["findings"] if f["operation"]["path"] == "/b"]
    assert [(f["kind"], f["sdk_breaking"]) for f in success] == [("response-type-changed", True)]


def _one_operation(**op: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Wire", "version": "1"},
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "token": {"type": "http", "scheme": "bearer"},  # the same, named otherwise
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            }
        },
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "get_thing",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                    **op,
                }
            }
        },
    }


def _kinds(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, bool, bool]]:
    data = _valid(to_json(diff_documents(API, old, new)))
    return [(f["kind"], f["wire_breaking"], f["sdk_breaking"]) for f in data["findings"]]


def test_a_path_parameter_renamed_is_the_same_url_on_the_wire() -> None:
    """`/things/{id}` -> `/things/{thing_id}`: one finding, SDK-breaking (the argument's name),
    not an operation removed and another added, nor the parameter removed and added."""
    old = _one_operation()
    new = _one_operation()
    new["paths"]["/things/{thing_id}"] = new["paths"].pop("/things/{id}")
    new["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["name"] = "thing_id"
    assert _kinds(old, new) == [("path-parameter-renamed", False, True)]
    # the parameter's own changes are still compared, under its new name
    new["paths"]["/things/{thing_id}"]["get"]["parameters"][0]["schema"] = {"type": "integer"}
    assert ("parameter-type-changed", True, True) in _kinds(old, new)


def test_credentials_are_compared_as_they_travel() -> None:
    """A scheme renamed but sent alike changes nothing; a second scheme required beside the
    first, another kind, or the key's header renamed strands the callers; credentials made
    optional or dropped break nobody; required where none were, every caller without them."""
    bearer = _one_operation(security=[{"bearer": []}])
    assert _kinds(bearer, _one_operation(security=[{"token": []}])) == []
    both = _one_operation(security=[{"bearer": [], "key": []}])
    assert _kinds(bearer, both) == [("security-changed", True, False)]
    assert _kinds(both, bearer) == []  # asks for less
    either = _one_operation(security=[{"bearer": []}, {"key": []}])
    assert _kinds(bearer, either) == []
    assert _kinds(either, bearer) == [("security-changed", True, False)]  # key holders stranded
    optional = _one_operation(security=[{"bearer": []}, {}])
    assert _kinds(bearer, optional) == [("security-removed", False, False)]
    assert _kinds(optional, bearer) == [("security-added", True, False)]
    assert _kinds(_one_operation(security=[]), bearer) == [("security-added", True, False)]
    assert _kinds(optional, _one_operation(security=[])) == []  # open before and after
    renamed = _one_operation(security=[{"key": []}])
    renamed["components"]["securitySchemes"]["key"]["name"] = "X-Api-Key"
    assert _kinds(_one_operation(security=[{"key": []}]), renamed) == [
        ("security-changed", True, False)
    ]
    cased = _one_operation(security=[{"key": []}])
    cased["components"]["securitySchemes"]["key"]["name"] = "x-key"  # a header: case aside
    assert _kinds(_one_operation(security=[{"key": []}]), cased) == []
    in_query = _one_operation(security=[{"key": []}])
    in_query["components"]["securitySchemes"]["key"] |= {"in": "query", "name": "token"}
    query_cased = _one_operation(security=[{"key": []}])
    query_cased["components"]["securitySchemes"]["key"] |= {"in": "query", "name": "Token"}
    assert _kinds(in_query, query_cased) == [("security-changed", True, False)]


def test_media_types_and_response_headers() -> None:
    """A body's or an answer's media type compared as readers take it (parameters and case
    aside, every JSON one alike); an answer's headers by name, case aside."""

    def with_media(body: str, answer: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
        schema = {"type": "object", "properties": {"a": {"type": "string"}}}
        ok: dict[str, Any] = {"description": "ok", "content": {answer: {"schema": schema}}}
        if headers is not None:
            ok["headers"] = headers
        return _one_operation(
            requestBody={"required": True, "content": {body: {"schema": schema}}},
            responses={"200": ok},
        )

    json_ = with_media("application/json", "application/json")
    assert _kinds(json_, with_media("application/json; charset=utf-8", "Application/JSON")) == []
    assert _kinds(json_, with_media("application/merge-patch+json", "application/json")) == []
    assert _kinds(json_, with_media("application/x-www-form-urlencoded", "application/json")) == [
        ("request-body-media-type-changed", True, False)
    ]
    assert _kinds(json_, with_media("application/json", "text/csv")) == [
        ("response-media-type-changed", True, True)
    ]
    rate = {"X-Rate": {"required": True, "schema": {"type": "integer"}}}
    headed = with_media("application/json", "application/json", rate)
    lower = with_media("application/json", "application/json", {"x-rate": rate["X-Rate"]})
    assert _kinds(headed, lower) == []
    assert _kinds(headed, json_) == [("response-header-removed", True, False)]
    optional = with_media(
        "application/json", "application/json", {"X-Rate": {"schema": {"type": "integer"}}}
    )
    assert _kinds(headed, optional) == [("response-header-changed", True, False)]
    assert _kinds(optional, json_) == [("response-header-removed", False, False)]
    retyped = with_media(
        "application/json",
        "application/json",
        {"X-Rate": {"required": True, "schema": {"type": "string"}}},
    )
    assert _kinds(headed, retyped) == [("response-header-changed", True, False)]
