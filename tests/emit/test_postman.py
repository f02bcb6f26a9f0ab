"""The Postman collections and environments: format, auth, naming, determinism."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import SHARED, generate_from, repo_config, run_cli, snapshot_tree

POSTMAN_SCHEMA = json.loads(
    (SHARED / "schemas" / "postman-collection-v2.1.0.schema.json").read_text()
)


def load(generated: Path, api: str, name: str) -> Any:
    return json.loads((generated / api / "postman" / name).read_text())


def requests(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The reference requests: one per operation (not the `Quick start` flow's copies)."""
    return [
        item
        for folder in collection["item"]
        if folder["name"] != "Quick start"
        for item in folder["item"]
    ]


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_collection_validates_against_official_schema(
    generated: Path, api: str, count: int
) -> None:
    collection = load(generated, api, f"{api}.postman_collection.json")
    jsonschema.Draft7Validator(POSTMAN_SCHEMA).validate(collection)
    assert len(requests(collection)) == count
    names = [r["name"] for r in requests(collection)]
    assert len(set(names)) == count


def test_auth_is_collection_level_only(generated: Path) -> None:
    collection = load(generated, "permit", "permit.postman_collection.json")
    assert collection["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{apiKey}}", "type": "string"}],
    }
    assert all("auth" not in r["request"] for r in requests(collection))
    assert all(
        h["key"].lower() != "authorization"
        for r in requests(collection)
        for h in r["request"]["header"]
    )


def test_folders_follow_declared_tags_and_deprecated_last(generated: Path) -> None:
    collection = load(generated, "permit", "permit.postman_collection.json")
    document = json.loads((generated / "permit" / "openapi.json").read_text())
    folders = [f["name"] for f in collection["item"]]
    declared = [t["name"] for t in document["tags"]]
    assert folders[0] == "Quick start" and folders[-1] == "Deprecated"
    # the declared order, except that a folder whose writes need a key (`Resource Actions`
    # on `{{resourceKey}}`) comes after the folder whose create makes it (`Resources`)
    assert sorted(folders[1:-1]) == sorted(t for t in declared if t in folders)
    assert folders.index("Resources") < folders.index("Resource Actions")
    assert folders.index("Roles") < folders.index("Resource Roles")
    # Organizations to Condition Sets have no such needs: in the declared order
    assert folders[1:6] == declared[:5]
    deprecated = collection["item"][-1]["item"]
    assert len(deprecated) == 6 and all(r["name"].endswith("(deprecated)") for r in deprecated)


def test_urls_variables_query_and_body(generated: Path) -> None:
    collection = load(generated, "permit", "permit.postman_collection.json")
    by_name = {r["name"]: r for r in requests(collection)}
    list_users = by_name["List Users"]["request"]
    url = list_users["url"]
    assert url["raw"].startswith("{{baseUrl}}/v2/facts/:proj_id/:env_id/users")
    assert url["host"] == ["{{baseUrl}}"]
    variables = {v["key"]: v["value"] for v in url["variable"]}
    assert variables == {"proj_id": "{{projectKey}}", "env_id": "{{environmentKey}}"}
    query = {q["key"]: q for q in url["query"]}
    assert query["page"] == {
        "key": "page",
        "value": "1",
        "description": query["page"]["description"],
        "disabled": True,
    }
    assert query["per_page"]["value"] == "30"
    create = by_name["Create User"]["request"]
    body = json.loads(create["body"]["raw"])
    assert body["key"] and create["body"]["options"]["raw"]["language"] == "json"
    assert create["body"]["raw"].startswith("{\n  ")
    assert {"key": "Content-Type", "value": "application/json"} in create["header"]
    text = json.dumps(collection)
    assert "<string>" not in text and "<integer>" not in text


TINY = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1"},
    "paths": {
        "/v2/facts/{proj_id}/{env_id}/things": {
            "get": {
                "operationId": "list_things",
                "summary": "List Things",
                "tags": ["Things"],
                "parameters": [
                    {
                        "name": "proj_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "env_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "kind",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "enum": ["a", "b"]},
                    },
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 10}},
                    {
                        "name": "ids",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "array", "items": {"type": "integer"}},
                    },
                ],
                "responses": {"200": {"description": "ok"}},
                "security": [],
            }
        }
    },
}


def test_required_query_enabled_optional_disabled_and_public_noauth(tmp_path: Path) -> None:
    generate_from(TINY, tmp_path)
    collection = load(tmp_path / "out", "permit", "permit.postman_collection.json")
    (request,) = requests(collection)
    query = [
        (q["key"], q["value"], q.get("disabled", False)) for q in request["request"]["url"]["query"]
    ]
    assert query == [("kind", "a", False), ("limit", "10", True), ("ids", "1", False)]
    assert request["request"]["url"]["raw"].endswith("/things?kind=a&ids=1")
    assert request["request"]["auth"] == {"type": "noauth"}


def test_descriptions_carry_scope_and_rate_limit(generated: Path) -> None:
    collection = load(generated, "permit", "permit.postman_collection.json")
    by_name = {r["name"]: r["request"]["description"] for r in requests(collection)}
    assert "**API key scope:** environment" in by_name["List Users"]
    assert "**Rate limit:** facts" in by_name["List Users"]
    assert "**Operation:** `list_users`" in by_name["List Users"]
    assert "**API key scope:** organization" in by_name["List Projects"]


# ajv 8 (tools/node) in the spec's dialect validates each saved example against its schema,
# the spec's components reachable as `spec#/components/schemas/X`.
AJV_CHECK = """
const [ajvPath, specPath, casesPath, dialect] = process.argv.slice(2);
const Ajv = require(ajvPath + (dialect === "3.1" ? "/dist/2020" : "/dist/ajv")).default;
const addFormats = require(ajvPath + "-formats");
const fs = require("fs");
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const rewrite = (node) => JSON.parse(JSON.stringify(node).split('"#/components/').join('"spec#/components/'));
ajv.addSchema({ $id: "spec", components: rewrite(spec.components) });
const bad = [];
for (const [name, schema, body] of JSON.parse(fs.readFileSync(casesPath, "utf8"))) {
  const validate = ajv.compile(rewrite(schema));
  if (!validate(JSON.parse(body))) bad.push(name + ": " + ajv.errorsText(validate.errors));
}
console.log(JSON.stringify(bad));
"""


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_a_saved_example_for_every_documented_answer(
    generated: Path, tmp_path: Path, api: str, count: int
) -> None:
    """Every request carries an example of each documented status (2xx, 204 with an empty
    body, 422 and the other documented errors), each JSON body valid against its schema."""
    import subprocess

    from helpers import NODE_BIN

    spec = json.loads((generated / api / "openapi.json").read_text())
    documented = {
        (method.upper(), path): op["responses"]
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "put", "post", "delete", "patch")
    }
    collection = load(generated, api, f"{api}.postman_collection.json")
    cases, checked = [], 0
    for item in requests(collection):
        request = item["request"]
        path = "/" + "/".join(
            "{" + p[1:] + "}" if p.startswith(":") else p for p in request["url"]["path"]
        )
        responses = documented.pop((request["method"], path))
        assert [r["code"] for r in item["response"]] == [int(s) for s in responses if s.isdigit()]
        for saved in item["response"]:
            content = responses[str(saved["code"])].get("content", {})
            media = content.get("application/json", {})
            schema = media.get("schema")
            if schema is None:  # the documented example, if any, else an empty body
                shown = json.loads(saved["body"]) if saved["body"] else None
                assert shown == media.get("example"), item["name"]
                continue
            assert saved["header"] == [{"key": "Content-Type", "value": "application/json"}]
            cases.append([f"{item['name']} {saved['code']}", schema, saved["body"]])
            checked += 1
    assert documented == {} and checked >= {"permit": 450, "pdp": 40}[api]
    assert sum(len(i["response"]) for i in requests(collection)) >= count
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    (tmp_path / "check.js").write_text(AJV_CHECK)
    ran = subprocess.run(
        ["node", str(tmp_path / "check.js"), str(NODE_BIN.parent / "ajv"),
         str(generated / api / "openapi.json"), str(tmp_path / "cases.json"), spec["openapi"][:3]],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert json.loads(ran.stdout) == []


@pytest.mark.parametrize(
    ("api", "regions"),
    [
        (
            "permit",
            {
                "us": ("Permit US", "https://api.permit.io"),
                "eu": ("Permit EU", "https://api.eu.permit.io"),
            },
        ),
        (
            "pdp",
            {
                "local": ("PDP local", "http://localhost:7766"),
                "cloud": ("PDP cloud", "https://cloudpdp.api.permit.io"),
                "cloud-eu": ("PDP cloud EU", "https://cloudpdp.api.eu-central-1.permit.io"),
            },
        ),
    ],
)
def test_environments_per_region(
    generated: Path, api: str, regions: dict[str, tuple[str, str]]
) -> None:
    for key, (name, url) in regions.items():
        env = load(generated, api, f"{api}-{key}.postman_environment.json")
        values = {v["key"]: v for v in env["values"]}
        assert env["name"] == name
        assert values["baseUrl"]["value"] == url
        assert values["apiKey"] == {"key": "apiKey", "value": "", "type": "secret", "enabled": True}
        # the project and environment variables only where a path parameter uses them
        roles = {"projectKey", "environmentKey"}
        assert roles <= set(values) if api == "permit" else not roles & set(values)
        collection = (generated / api / "postman" / f"{api}.postman_collection.json").read_text()
        assert all(f"{{{{{key}}}}}" in collection for key in set(values) - {"apiKey"})


def test_generate_twice_is_byte_identical(generated: Path, tmp_path: Path) -> None:
    config = repo_config(tmp_path)
    again = run_cli(
        "generate", "--offline", "--out", str(tmp_path / "again"), "-q", "-c", str(config)
    )
    assert again.code == 0, again.stderr
    first, second = snapshot_tree(generated), snapshot_tree(tmp_path / "again")
    assert first.keys() == second.keys()
    assert first == second


def _items(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for item in node.get("item", []):
        out.append(item)
        out += _items(item)
    return out


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_names_and_descriptions_read_right(generated: Path, api: str) -> None:
    """No folder described as `None`, no request named with an `[op_id]` suffix (same-named
    requests are told apart by their path family: `(facts)`, `(elements)`), and no request's
    verb contradicting its method (the PDP's DELETE summarized "Get Callback By Key")."""
    items = _items(load(generated, api, f"{api}.postman_collection.json"))
    assert not [i["name"] for i in items if i.get("description") == "None"]
    requests = [i for i in items if "request" in i]
    assert not [i["name"] for i in requests if i["name"].endswith("]")]
    assert len({i["name"] for i in requests}) == len(requests)
    contradictions = [
        (i["request"]["method"], i["name"])
        for i in requests
        if (
            i["name"].split(" ")[0] in ("Get", "List")
            and i["request"]["method"] in ("DELETE", "PUT", "PATCH")
        )
        or (i["name"].split(" ")[0] in ("Delete", "Remove") and i["request"]["method"] != "DELETE")
    ]
    assert contradictions == []
    if api == "permit":
        names = {i["name"] for i in requests}
        assert {"List Access Requests (facts)", "List Access Requests (elements)"} <= names
    else:
        assert "Delete Callback By Key" in {i["name"] for i in requests}


def test_contract_tests_are_one_marked_collection_script_and_can_be_left_out(
    tmp_path: Path,
) -> None:
    from generator.emit.contract import BEGIN, END, SCRIPT_ID

    for name in ("on", "off"):
        (tmp_path / name).mkdir()
    on = load(
        generate_from(TINY, tmp_path / "on").parent, "permit", "permit.postman_collection.json"
    )
    (event,) = on["event"]
    assert event["listen"] == "test" and event["script"]["id"] == SCRIPT_ID
    lines = event["script"]["exec"]
    assert lines[0] == BEGIN and lines[-1] == END
    assert all("event" not in item for item in requests(on))  # items stay the user's
    config = repo_config(tmp_path / "off")
    config.write_text(config.read_text() + "\n[apis.permit.postman]\ntests = false\n")
    (tmp_path / "off" / "spec.json").write_text(json.dumps(TINY))
    result = run_cli(
        "generate", "permit", "--source", str(tmp_path / "off" / "spec.json"),
        "--out", str(tmp_path / "off" / "out"), "-q", "-c", str(config), "--only", "postman",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    off = load(tmp_path / "off" / "out", "permit", "permit.postman_collection.json")
    assert "event" not in off and requests(off) == requests(on)
    config.write_text(config.read_text().replace("tests = false", 'tests = "no"'))
    result = run_cli("generate", "permit", "-c", str(config), "--only", "postman")
    assert (
        result.code == 2 and "[apis.permit.postman]: tests must be true or false" in result.stderr
    )


def test_creates_keep_their_keys_for_the_requests_on_that_object(generated: Path) -> None:
    """`[apis.permit.postman.chain]`: each create's test script keeps the answer's key in a
    collection variable (with the create's example before any ran), and every request with
    the path parameter it fills defaults to that variable."""
    from helpers import ROOT

    from generator.config import load_config
    from generator.emit.contract import ITEM_BEGIN, ITEM_END

    collection = load(generated, "permit", "permit.postman_collection.json")
    chain = load_config(ROOT / "apigen.toml").apis["permit"].kinds["postman"].chain
    variables = {v["key"]: v["value"] for v in collection["variable"]}
    assert {c.variable for c in chain} <= set(variables)
    assert variables["tenantKey"] == "stripeinc"  # create_tenant's documented example key
    by_name = {i["name"]: i for i in requests(collection)}
    (script,) = by_name["Create Tenant"]["event"]
    lines = script["script"]["exec"]
    assert script["listen"] == "test" and lines[0] == ITEM_BEGIN and lines[-1] == ITEM_END
    text = "\n".join(lines)
    assert 'pm.collectionVariables.set("tenantKey", kept);' in text
    assert 'var kept = String(answer["key"]);' in text and ".test(kept)" in text
    fills = {name: c.variable for c in chain for name in c.fills}
    filled = 0
    for item in requests(collection):
        for variable in item["request"]["url"].get("variable", []):
            if variable["key"] in fills:
                assert variable["value"] == "{{" + fills[variable["key"]] + "}}", item["name"]
                filled += 1
    assert filled >= 60
    stored = {c.variable for c in chain}
    with_tests = [
        i["name"]
        for i in requests(collection)
        if any(e["listen"] == "test" for e in i.get("event", []))
    ]
    assert len(with_tests) == len(stored)  # one create per kept variable, nothing else
    # every write on a kept key reads first whether this run's create made it
    guarded = [
        i for i in requests(collection)
        if any(e["listen"] == "prerequest" for e in i.get("event", []))
    ]  # fmt: skip
    writes = [
        i for i in requests(collection)
        if i["request"]["method"] in ("POST", "PUT", "PATCH", "DELETE")
        and any(v["key"] in fills for v in i["request"]["url"].get("variable", []))
    ]  # fmt: skip
    assert guarded == writes and len(writes) >= 20


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_every_path_variable_is_described(generated: Path, api: str) -> None:
    """Every request's path variables (the Quick start's copies too) say what they name."""
    collection = load(generated, api, f"{api}.postman_collection.json")
    found = [
        (item["name"], v["key"])
        for item in _items(collection)
        if "request" in item
        for v in item["request"]["url"].get("variable", [])
        if not v.get("description")
    ]
    assert found == []


AUTH_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Auth kinds", "version": "1"},
    "servers": [{"url": "https://auth.example.test"}],
    "security": [{"basic": []}],
    "components": {
        "securitySchemes": {
            "basic": {"type": "http", "scheme": "basic"},
            "query": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            "digest": {"type": "http", "scheme": "digest"},
        }
    },
    "paths": {
        "/basic": {
            "get": {"operationId": "with_basic", "responses": {"204": {"description": "ok"}}}
        },
        "/query": {
            "get": {
                "operationId": "with_query_key",
                "security": [{"digest": []}, {"query": []}],  # digest cannot be sent: the key
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/cookie": {
            "get": {
                "operationId": "with_cookie",
                "security": [{"cookie": []}],
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/public": {
            "get": {
                "operationId": "public",
                "security": [],
                "responses": {"204": {"description": "ok"}},
            }
        },
    },
}


def test_auth_follows_the_security_schemes(tmp_path: Path) -> None:
    """Postman and curl send what each operation's security says: HTTP basic for the API,
    an API key in the query or a cookie where an operation says so, nothing where it is
    public; the environments carry exactly the credentials those need."""
    import os
    import subprocess
    import sys

    from helpers import ROOT

    (tmp_path / "spec.json").write_text(json.dumps(AUTH_SPEC))
    env = {k: v for k, v in os.environ.items() if k != "APIGEN_CONFIG"}
    ran = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--source", "spec.json", "--out", "out",
         "--only", "postman,curl,python,typescript"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env={**env, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    folder = tmp_path / "out" / "auth_kinds"
    collection = load(tmp_path / "out", "auth_kinds", "auth_kinds.postman_collection.json")
    assert collection["auth"]["type"] == "basic"
    own = {i["name"]: i["request"].get("auth") for i in requests(collection)}
    assert own["With basic"] is None  # inherited
    assert own["Public"] == {"type": "noauth"}
    assert own["With query key"]["type"] == "apikey"
    assert {v["key"]: v["value"] for v in own["With query key"]["apikey"]} == {
        "key": "api_key", "value": "{{apiKey}}", "in": "query",
    }  # fmt: skip
    assert own["With cookie"] == {"type": "noauth"}
    (cookie,) = [i for i in requests(collection) if i["name"] == "With cookie"]
    assert {"key": "Cookie", "value": "session={{apiKey}}"} in cookie["request"]["header"]
    (environment,) = (folder / "postman").glob("*.postman_environment.json")
    keys = [v["key"] for v in json.loads(environment.read_text())["values"]]
    assert keys == ["baseUrl", "apiKey", "username", "password"]
    snippets = json.loads((folder / "curl" / "snippets.json").read_text())
    assert '-u "$API_USERNAME:$API_PASSWORD"' in snippets["with_basic"]["snippet"]
    assert '"$API_URL/query?api_key=$API_KEY"' in snippets["with_query_key"]["snippet"]
    assert '-b session="$API_KEY"' in snippets["with_cookie"]["snippet"]
    assert (
        "-u" not in snippets["public"]["snippet"] and "API_KEY" not in snippets["public"]["snippet"]
    )
    sheet = (folder / "curl" / "cheatsheet.md").read_text()
    assert 'export API_USERNAME="..."' in sheet and 'export API_KEY="..."' in sheet
    # the clients: the API's scheme in their settings; the public operation sends nothing
    python = folder / "clients" / "python" / "auth_kinds"
    assert "AUTH: dict[str, str] | None = {'kind': 'basic'" in (python / "_settings.py").read_text()
    client = (python / "client.py").read_text()
    assert client.count("credentials=False") == 2  # sync and async `public`
    typescript = (folder / "clients" / "typescript" / "src" / "client.ts").read_text()
    assert typescript.count("credentials: false") == 1 and '"kind":"basic"' in typescript.replace(
        " ", ""
    )


WEBHOOKS = {
    "openapi": "3.1.0",
    "info": {"title": "Hooks", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "security": [{"bearer": []}],
    "tags": [{"name": "Webhook events", "description": "The API's own webhook settings"}],
    "paths": {
        "/hooks": {
            "get": {
                "operationId": "list_hooks",
                "tags": ["Webhook events"],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
    "webhooks": {
        "thing": {
            "post": {
                "summary": "A thing was made",
                "parameters": [
                    {"name": "X-Signature", "in": "header", "required": True,
                     "schema": {"type": "string"}, "example": "sig-1"},
                ],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
                },
                "responses": {"204": {"description": "received"}},
            },
            "delete": {"responses": {"200": {"description": "ok"}}, "deprecated": True},
        },
        "ref": {"$ref": "#/components/pathItems/Gone"},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string", "format": "uuid"}},
            }
        },
        "pathItems": {"Gone": {"put": {"operationId": "thing_gone",
                                        "responses": {"200": {"description": "ok"}}}}},
    },
}  # fmt: skip


def test_webhooks_are_a_folder_of_requests_to_the_receiver(tmp_path: Path) -> None:
    """#24: each webhook (a `$ref` path item too) is a request to `{{webhookUrl}}` with its
    example payload and headers, no credentials, its documented answers saved, and a script
    that skips it while no receiver is set; the folder is told apart from a tag of its name,
    and the collection still validates."""
    (tmp_path / "spec.json").write_text(json.dumps(WEBHOOKS))
    config = tmp_path / "apigen.toml"
    config.write_text('[apis.hooks]\nsource = "spec.json"\n')
    result = run_cli("generate", "hooks", "-c", str(config), "--out", str(tmp_path / "out"), "-q",
                     "--only", "postman")  # fmt: skip
    assert result.code == 0, result.stderr
    collection = load(tmp_path / "out", "hooks", "hooks.postman_collection.json")
    jsonschema.Draft7Validator(POSTMAN_SCHEMA).validate(collection)
    assert [f["name"] for f in collection["item"]] == [
        "Webhook events",
        "Webhook events (sent by the API)",
    ]
    hooks = collection["item"][1]["item"]
    assert [h["name"] for h in hooks] == ["A thing was made", "thing delete (deprecated)", "ref"]
    made = hooks[0]["request"]
    assert made["url"] == {"raw": "{{webhookUrl}}", "host": ["{{webhookUrl}}"]}
    assert made["auth"] == {"type": "noauth"} and made["method"] == "POST"
    assert {"key": "X-Signature", "value": "sig-1"} in made["header"]
    assert json.loads(made["body"]["raw"])["id"]  # a valid example: the required uuid
    assert [r["code"] for r in hooks[0]["response"]] == [204]
    assert [r["code"] for r in hooks[2]["response"]] == [200]
    assert hooks[2]["request"]["method"] == "PUT"
    script = hooks[0]["event"][0]
    assert script["listen"] == "prerequest"
    assert "  pm.execution.skipRequest();" in script["script"]["exec"]
    assert {"key": "webhookUrl", "value": "", "type": "string"} in collection["variable"]
    ids = [h["id"] for h in hooks] + [r["id"] for h in hooks for r in h["response"]]
    assert len(set(ids)) == len(ids)
    operations = [i["name"] for i in collection["item"][0]["item"]]
    assert operations == ["List hooks"]  # the contract tests read the operations alone
    contract = "\n".join(collection["event"][0]["script"]["exec"])
    assert "thing" not in contract.split("var APIGEN_CONTRACT", 1)[1].split("};", 1)[0]


def test_publishing_tells_webhooks_apart_and_keeps_a_users_script_on_one(tmp_path: Path) -> None:
    """Two webhooks with the same method and no path: a publish finds each by its folder and
    name, updates each with its own new payload, and keeps the line a user added to one and
    the receiver URL the user set."""
    import copy

    from generator.postman_merge import fingerprint, identities, merge

    spec = copy.deepcopy(WEBHOOKS)
    spec["webhooks"]["other"] = copy.deepcopy(spec["webhooks"]["thing"])
    del spec["webhooks"]["other"]["delete"]
    spec["webhooks"]["other"]["post"]["summary"] = "Another thing"
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    config = tmp_path / "apigen.toml"
    config.write_text('[apis.hooks]\nsource = "spec.json"\n')
    args = ["-c", str(config), "--out", str(tmp_path / "out"), "-q", "--only", "postman"]
    assert run_cli("generate", "hooks", *args).code == 0
    sent = load(tmp_path / "out", "hooks", "hooks.postman_collection.json")
    keys = [k for k in identities(sent) if k.startswith("Webhook events (sent by the API)/")]
    assert len(keys) == 4  # thing's POST and DELETE, ref's PUT, other's POST
    live = copy.deepcopy(sent)
    other = next(i for i in live["item"][1]["item"] if i["name"] == "Another thing")
    other["event"][0]["script"]["exec"].append("console.log('ours');")
    receiver = next(v for v in live["variable"] if v["key"] == "webhookUrl")
    receiver["value"] = "https://hooks.example.com/in"  # the user's receiver
    spec["webhooks"]["other"]["post"]["parameters"][0]["example"] = "sig-2"
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    assert run_cli("generate", "hooks", *args).code == 0
    new = load(tmp_path / "out", "hooks", "hooks.postman_collection.json")
    merged = merge(new, live, fingerprint(sent)).body
    hooks = {i["name"]: i for i in merged["item"][1]["item"]}
    assert len(hooks) == 4
    headers = {n: {h["key"]: h["value"] for h in i["request"]["header"]} for n, i in hooks.items()}
    assert headers["Another thing"]["X-Signature"] == "sig-2"
    assert headers["A thing was made"]["X-Signature"] == "sig-1"
    assert hooks["Another thing"]["event"][0]["script"]["exec"][-1] == "console.log('ours');"
    assert "console.log('ours');" not in json.dumps(hooks["A thing was made"])
    values = {v["key"]: v["value"] for v in merged["variable"]}
    assert values == {
        "baseUrl": "https://api.example.com",
        "webhookUrl": "https://hooks.example.com/in",
    }
