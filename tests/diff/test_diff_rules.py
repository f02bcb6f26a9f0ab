"""The diff's rules table (generator/diff/rules.py): one case per finding kind, each a small
old/new spec pair that produces it, judged as the table says (level, wire, SDK); every kind the
table lists has its case; the docs' table and the JSON schema's `kind` enum are the table."""

# ruff: noqa: E501, E731  (the cases are a table)
from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from helpers import ROOT
from specs import API

from generator.diff import RULES, diff_documents
from generator.diff.rules import rules_markdown

Spec = dict[str, Any]
THING = "/things/{thing_id}"


def base() -> Spec:
    ok = lambda ref: {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }
    query = {
        "name": "q",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "default": "a"},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "tags": [{"name": "things"}, {"name": "items"}],
        "paths": {
            THING: {
                "get": {
                    "operationId": "get_thing",
                    "tags": ["things"],
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
                        query,
                    ],
                    "responses": {"200": ok("Thing"), "404": {"description": "missing"}},
                },
                "post": {
                    "operationId": "update_thing",
                    "tags": ["things"],
                    "parameters": [
                        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}},
                    },
                    "responses": {"200": ok("Thing")},
                },
            },
            "/things": {"get": {"operationId": "list_things", "tags": ["things"], "responses": {"200": {"description": "ok"}}}},
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "login": {"type": "http", "scheme": "basic"},
            },
            "schemas": {
                "Thing": {  # answers only
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "enum": ["a", "b"]},
                        "count": {"type": "integer", "maximum": 100},
                    },
                },
                "ThingIn": {  # requests only
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "enum": ["a", "b"]},
                        "count": {"type": "integer", "maximum": 100, "default": 1},
                    },
                },
                "Extra": {"type": "object", "properties": {"x": {"type": "boolean"}}},
            }
        },
    }  # fmt: skip


def get(s: Spec) -> Spec:
    op: Spec = s["paths"][THING]["get"]
    return op


def post(s: Spec) -> Spec:
    op: Spec = s["paths"][THING]["post"]
    return op


def q(s: Spec) -> Spec:
    param: Spec = get(s)["parameters"][1]
    return param


def props(s: Spec, schema: str) -> Spec:
    found: Spec = s["components"]["schemas"][schema]["properties"]
    return found


def _rename_path(s: Spec) -> None:
    s["paths"]["/things/{id}"] = s["paths"].pop(THING)
    for op in s["paths"]["/things/{id}"].values():
        op["parameters"][0]["name"] = "id"


def _header(s: Spec) -> None:
    get(s)["responses"]["200"]["headers"] = {
        "X-Rate": {"required": True, "schema": {"type": "integer"}}
    }


def _media(answer: Spec, media: str) -> None:
    answer["content"] = {media: answer["content"]["application/json"]}


def _reuse(s: Spec) -> None:
    get(s)["operationId"] = "list_things"
    s["paths"]["/things"]["get"]["operationId"] = "all_things"


# kind -> (change to the new spec, change to the old one, (level, wire, sdk))
Change = Callable[[Spec], Any]
NOTHING: Change = lambda s: None
CASES: dict[str, tuple[Change, Change, tuple[str, bool, bool]]] = {
    "operation-added": (lambda s: s["paths"].__setitem__("/more", {"get": {"operationId": "more", "responses": {"200": {"description": "ok"}}}}), NOTHING, ("info", False, False)),
    "operation-removed": (lambda s: s["paths"][THING].pop("post"), NOTHING, ("breaking", True, True)),
    "operation-id-changed": (lambda s: get(s).__setitem__("operationId", "fetch_thing"), NOTHING, ("breaking", False, True)),
    "operation-id-reused": (_reuse, NOTHING, ("breaking", False, True)),
    "client-method-renamed": (lambda s: get(s).__setitem__("operationId", "fetch_thing"), NOTHING, ("breaking", False, True)),
    "tag-changed": (lambda s: get(s).__setitem__("tags", ["items"]), NOTHING, ("breaking", False, True)),
    "operation-deprecated": (lambda s: get(s).__setitem__("deprecated", True), NOTHING, ("info", False, False)),
    "path-parameter-renamed": (_rename_path, NOTHING, ("breaking", False, True)),
    "security-added": (lambda s: get(s).__setitem__("security", [{"key": []}]), NOTHING, ("breaking", True, False)),
    "security-removed": (lambda s: get(s).__setitem__("security", []), lambda s: get(s).__setitem__("security", [{"key": []}]), ("info", False, False)),
    "security-changed": (lambda s: get(s).__setitem__("security", [{"login": []}]), lambda s: get(s).__setitem__("security", [{"key": []}]), ("breaking", True, True)),
    "parameter-added": (lambda s: get(s)["parameters"].append({"name": "extra", "in": "query", "schema": {"type": "string"}}), NOTHING, ("info", False, False)),
    "parameter-added-required": (lambda s: get(s)["parameters"].append({"name": "x-must", "in": "header", "required": True, "schema": {"type": "string"}}), NOTHING, ("breaking", True, True)),
    "parameter-removed": (lambda s: get(s)["parameters"].pop(1), NOTHING, ("breaking", False, True)),
    "parameter-made-required": (lambda s: q(s).__setitem__("required", True), NOTHING, ("breaking", True, True)),
    "parameter-made-optional": (lambda s: q(s).__setitem__("required", False), lambda s: q(s).__setitem__("required", True), ("info", False, False)),
    "parameter-type-widened": (lambda s: q(s).__setitem__("schema", {"type": "array", "items": {"type": "string"}, "default": "a"}), NOTHING, ("breaking", False, True)),
    "parameter-type-changed": (lambda s: q(s).__setitem__("schema", {"type": "integer", "default": "a"}), NOTHING, ("breaking", True, True)),
    "parameter-constraint-added": (lambda s: q(s)["schema"].__setitem__("maxLength", 5), NOTHING, ("breaking", True, False)),
    "parameter-deprecated": (lambda s: q(s).__setitem__("deprecated", True), NOTHING, ("info", False, False)),
    "parameter-default-changed": (lambda s: q(s)["schema"].__setitem__("default", "b"), NOTHING, ("warning", False, False)),
    "request-body-added": (lambda s: get(s).__setitem__("requestBody", {"content": {"application/json": {"schema": {"type": "object"}}}}), NOTHING, ("info", False, False)),
    "request-body-removed": (lambda s: post(s).pop("requestBody"), NOTHING, ("breaking", False, True)),
    "request-body-type-changed": (lambda s: post(s)["requestBody"]["content"]["application/json"].__setitem__("schema", {"type": "string"}), NOTHING, ("breaking", True, True)),
    "request-body-media-type-changed": (lambda s: _media(post(s)["requestBody"], "application/xml"), NOTHING, ("breaking", True, False)),
    "response-media-type-changed": (lambda s: _media(get(s)["responses"]["200"], "text/csv"), NOTHING, ("breaking", True, True)),
    "response-header-removed": (lambda s: get(s)["responses"]["200"].pop("headers"), _header, ("breaking", True, False)),
    "response-header-changed": (lambda s: get(s)["responses"]["200"]["headers"]["X-Rate"].__setitem__("schema", {"type": "string"}), _header, ("breaking", True, False)),
    "response-added": (lambda s: get(s)["responses"].__setitem__("201", {"description": "made"}), NOTHING, ("info", False, False)),
    "response-removed": (lambda s: get(s)["responses"].pop("200"), NOTHING, ("breaking", True, True)),
    "response-changed": (lambda s: get(s)["responses"].__setitem__("200", {"description": "ok"}), NOTHING, ("breaking", True, True)),
    "response-type-changed": (lambda s: get(s)["responses"]["200"]["content"]["application/json"].__setitem__("schema", {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}), NOTHING, ("breaking", True, True)),
    "schema-added": (lambda s: s["components"]["schemas"].__setitem__("New", {"type": "string"}), NOTHING, ("info", False, False)),
    "schema-removed": (lambda s: s["components"]["schemas"].pop("Extra"), NOTHING, ("breaking", False, True)),
    "schema-renamed": (lambda s: s["components"]["schemas"].__setitem__("Extra2", s["components"]["schemas"].pop("Extra")), NOTHING, ("breaking", False, True)),
    "property-added": (lambda s: props(s, "Thing").__setitem__("note", {"type": "string"}), NOTHING, ("info", False, False)),
    "property-added-required": (lambda s: (props(s, "ThingIn").__setitem__("must", {"type": "string"}), s["components"]["schemas"]["ThingIn"]["required"].append("must")), NOTHING, ("breaking", True, True)),
    "property-removed": (lambda s: props(s, "Thing").pop("count"), NOTHING, ("breaking", False, True)),
    "property-made-required": (lambda s: s["components"]["schemas"]["ThingIn"]["required"].append("count"), NOTHING, ("breaking", True, True)),
    "property-made-optional": (lambda s: s["components"]["schemas"]["Thing"].__setitem__("required", []), NOTHING, ("breaking", True, True)),
    "property-deprecated": (lambda s: props(s, "Thing")["name"].__setitem__("deprecated", True), NOTHING, ("info", False, False)),
    "type-changed": (lambda s: props(s, "ThingIn").__setitem__("count", {"type": "string"}), NOTHING, ("breaking", True, True)),
    "enum-value-added": (lambda s: props(s, "Thing")["name"]["enum"].append("c"), NOTHING, ("warning", False, False)),
    "enum-value-removed": (lambda s: props(s, "ThingIn")["name"]["enum"].pop(), NOTHING, ("breaking", True, True)),
    "constraint-added": (lambda s: props(s, "ThingIn")["name"].__setitem__("maxLength", 10), NOTHING, ("breaking", True, False)),
    "constraint-removed": (lambda s: props(s, "Thing")["count"].pop("maximum"), NOTHING, ("warning", False, False)),
    "constraint-changed": (lambda s: props(s, "ThingIn")["count"].__setitem__("maximum", 10), NOTHING, ("breaking", True, False)),
    "default-changed": (lambda s: props(s, "ThingIn")["count"].__setitem__("default", 2), NOTHING, ("warning", False, False)),
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_rule(kind: str) -> None:
    change_new, change_old, (level, wire, sdk) = CASES[kind]
    old, new = base(), base()
    change_old(old)
    change_old(new)
    change_new(new)
    diff = diff_documents(API, copy.deepcopy(old), copy.deepcopy(new))
    found = [f for f in diff.findings if f.kind == kind]
    assert found, f"{kind}: not reported; got {[f.kind for f in diff.findings]}"
    assert (found[0].level, found[0].wire_breaking, found[0].sdk_breaking) == (level, wire, sdk)
    assert found[0].postman == RULES[kind].postman


def test_every_rule_has_its_case_and_no_case_is_unlisted() -> None:
    assert set(CASES) == set(RULES)


def test_an_unlisted_kind_is_refused() -> None:
    from generator.diff.rules import judge

    with pytest.raises(KeyError):
        judge("property-teleported", frozenset({"request"}), frozenset())


def test_the_docs_table_is_the_rules_table() -> None:
    page = (ROOT / "docs" / "ci-and-diff.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", page, re.S)
    assert found, "docs/ci-and-diff.md has no generated rules table"
    assert found.group(1) == rules_markdown(), "regenerate it with `python -m generator.diff`"


def test_the_json_schema_lists_every_kind() -> None:
    schema = json.loads((ROOT / "docs" / "api-diff.schema.json").read_text())
    assert schema["$defs"]["finding"]["properties"]["kind"]["enum"] == list(RULES)
