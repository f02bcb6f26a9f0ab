"""What valid OpenAPI allows, read as it is meant (#24 failure classes 1 and 5, minimal
fixtures modelled on the corpus specs that failed): YAML keys that are not strings (Asana's
unquoted response codes) and integers beyond 64 bits (DigitalOcean's `maximum`); a multi-file
spec whose `properties` map, tag description and `default` response are `$ref`s into other
files (DigitalOcean); a 3.1 document with webhooks and no `paths`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli
from specs import ALLOF_NOTES
from typescript import tsc

CONFIG = """\
[settings]
out = "out"
cache = "cache"
lock = "lock.json"

[apis.demo]
source = "{source}"

[[apis.demo.regions]]
key = "default"
name = "Default"
url = "https://api.example.com"
"""


def _generate(folder: Path, entry: str, *extra: str) -> tuple[int, str, dict[str, Any]]:
    config = folder / "apigen.toml"
    config.write_text(CONFIG.format(source=folder / entry))
    result = run_cli("generate", "demo", "-c", str(config), *extra)
    out = folder / "out" / "demo" / "openapi.json"
    return result.code, result.stderr, json.loads(out.read_text()) if out.exists() else {}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _check_clients(clients: Path, probe: str) -> None:
    """The generated Python package runs `probe` (warnings as errors) and passes
    `mypy --strict` and `ruff check`; the TypeScript one passes `tsc --strict`."""
    imported = subprocess.run(
        [sys.executable, "-W", "error", "-c", probe],
        cwd=clients / "python", capture_output=True, text=True,
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr[-3000:]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "demo"],
        cwd=clients / "python", capture_output=True, text=True,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "."],
        cwd=clients / "python", capture_output=True, text=True,
    )  # fmt: skip
    assert ruff.returncode == 0, ruff.stdout[-3000:]
    compiled = tsc("5.9", "-p", "tsconfig.json", "--noEmit", cwd=clients / "typescript")
    assert compiled.returncode == 0, compiled.stdout[-3000:]


def test_yaml_integer_keys_and_big_integers(tmp_path: Path) -> None:
    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.0.3
        info: {title: Demo, version: "1"}
        paths:
          /things:
            get:
              operationId: list_things
              parameters:
                - name: limit
                  in: query
                  schema: {type: integer, minimum: 0, maximum: 18446744073709551616}
              responses:
                200:
                  description: ok
                  content:
                    application/json:
                      schema: {type: array, items: {type: string}}
                404:
                  description: gone
        """})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    op = document["paths"]["/things"]["get"]
    assert sorted(op["responses"]) == ["200", "404"]
    assert op["parameters"][0]["schema"]["maximum"] == 18446744073709551616.0
    assert (
        "2 YAML key(s) that are not strings" in stderr and "1 integer(s) beyond 64 bits" in stderr
    )
    source = json.loads((tmp_path / "out" / "demo" / "source.json").read_text())
    assert "200" in source["paths"]["/things"]["get"]["responses"]


def test_yaml_key_read_as_text_that_clashes_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.0.3
        info: {title: Demo, version: "1"}
        paths:
          /things:
            get:
              responses:
                200: {description: ok}
                "200": {description: again}
        """})  # fmt: skip
    code, stderr, _ = _generate(tmp_path, "spec.yaml")
    assert code == 4 and "duplicate key '200'" in stderr and "Traceback" not in stderr


def test_multi_file_references_to_maps_texts_and_default_responses(tmp_path: Path) -> None:
    _write(tmp_path, {
        "spec.yaml": """\
            openapi: 3.0.3
            info: {title: Demo, version: "1"}
            tags:
              - name: things
                description:
                  $ref: "texts.yml#/intro"
            paths:
              /things:
                get:
                  operationId: list_things
                  tags: [things]
                  responses:
                    "200":
                      description: ok
                      content:
                        application/json:
                          schema:
                            $ref: "models/thing.yml"
                    default:
                      $ref: "shared/error.yml"
            """,
        "texts.yml": """\
            intro: Things, *all* of them.
            """,
        "models/thing.yml": """\
            allOf:
              - type: object
                properties:
                  $ref: "attributes.yml#/thing_ids"
            """,
        "models/attributes.yml": """\
            thing_ids:
              ids:
                type: array
                items: {type: integer}
            """,
        "shared/error.yml": """\
            description: unexpected error
            content:
              application/json:
                schema: {type: object, properties: {message: {type: string}}}
            """,
    })  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    assert document["tags"][0]["description"] == "Things, *all* of them."
    responses = document["paths"]["/things"]["get"]["responses"]
    assert responses["default"]["description"] == "unexpected error"
    schemas = document["components"]["schemas"]
    properties = [s.get("properties", {}) for s in schemas["Thing"]["allOf"]]
    assert any("ids" in p for p in properties), schemas["thing"]
    assert "$ref" not in json.dumps(properties)


def test_a_31_document_with_webhooks_and_no_paths(tmp_path: Path) -> None:
    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.1.0
        info: {title: Webhooks only, version: "1"}
        webhooks:
          newPet:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {name: {type: string}}}
              responses:
                "200": {description: received}
        """})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    assert document["paths"] == {} and "newPet" in document["webhooks"]
    report = (tmp_path / "out" / "demo" / "normalize-report.md").read_text()
    assert "## Kept in the normalized spec, not in every artefact (1)" in report
    assert "`/webhooks/newPet`: a webhook, in the Postman collection only" in report
    collection = json.loads(
        (tmp_path / "out" / "demo" / "postman" / "demo.postman_collection.json").read_text()
    )
    [folder] = collection["item"]  # no operations: the webhook's folder alone
    assert folder["name"] == "Webhook events" and [i["name"] for i in folder["item"]] == ["newPet"]
    assert folder["item"][0]["request"]["url"]["raw"] == "{{webhookUrl}}"
    _write(tmp_path, {"old.yaml": """\
        openapi: 3.0.3
        info: {title: No paths, version: "1"}
        """})  # fmt: skip
    code, stderr, _ = _generate(tmp_path, "old.yaml")
    assert code == 4 and "no 'paths' object" in stderr  # required in 3.0


@pytest.mark.slow
def test_types_check_on_narrowing_subclasses_and_inner_refs(tmp_path: Path) -> None:
    """Classes 2 and 3: an allOf subclass narrowing an inherited enum (Spotify, PagerDuty), a
    `$ref` into another schema's inside (PagerDuty), a root list defaulting to null
    (DigitalOcean): mypy --strict and tsc --strict both find nothing."""
    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.0.3
        info: {title: Demo, version: "1"}
        paths:
          /media:
            get:
              operationId: list_media
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          items: {type: array, items: {$ref: "#/components/schemas/Episode"}}
                          total: {$ref: "#/components/schemas/Page/properties/total"}
                          first: {$ref: "#/components/schemas/Tagged/allOf/0"}
                          stop: {$ref: "#/components/schemas/Stop"}
        components:
          schemas:
            Media:
              type: object
              required: [type]
              properties:
                type: {type: string, enum: [episode, track]}
                name: {type: string}
            Episode:
              allOf:
                - $ref: "#/components/schemas/Media"
                - type: object
                  properties:
                    type: {type: string, enum: [episode]}
            Page:
              type: object
              properties:
                total: {type: integer}
            Tagged:
              allOf:
                - {type: object, properties: {tag: {type: string}}}
            Stop:
              type: array
              nullable: true
              default: null
              items: {type: string}
        """})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    schemas = document["components"]["schemas"]
    assert "PagePropertiesTotal" in schemas and "TaggedAllOf0" in schemas, sorted(schemas)
    clients = tmp_path / "out" / "demo" / "clients"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "demo"],
        cwd=clients / "python", capture_output=True, text=True,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    # An API without project or environment path parameters: neither client takes them (a
    # type error in TypeScript, an unknown argument in Python), and neither says it does.
    (clients / "typescript" / "src" / "use.ts").write_text(
        'import { DemoClient } from "./client.js";\n'
        'new DemoClient({ region: "default", timeoutMs: 1_000 });\n'
        "// @ts-expect-error: no project here\n"
        'new DemoClient({ project: "p" });\n'
        "// @ts-expect-error: no environment here\n"
        'new DemoClient({ environment: "e" });\n'
    )
    compiled = tsc("5.9", "-p", "tsconfig.json", "--noEmit", cwd=clients / "typescript")
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    python_client = (clients / "python" / "demo" / "client.py").read_text()
    typescript_client = (clients / "typescript" / "src" / "client.ts").read_text()
    omitted = 'Omit<ClientOptions, "region" | "project" | "environment">'
    said = [
        line
        for text in (python_client, typescript_client)
        for line in text.splitlines()
        if ("project" in line or "environment" in line) and omitted not in line
    ]
    assert said == [] and omitted in typescript_client
    assert all("`region` is default, the only" in t for t in (python_client, typescript_client))


def test_callbacks_and_links_are_kept_and_reported_not_generated(tmp_path: Path) -> None:
    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.0.3
        info: {title: Callbacks, version: "1"}
        paths:
          /subscribe:
            post:
              operationId: subscribe
              callbacks:
                onEvent:
                  "{$request.body#/url}":
                    post:
                      responses:
                        "200": {description: ok}
              responses:
                "201":
                  description: subscribed
                  links:
                    GetSubscription:
                      operationId: subscribe
        """})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    op = document["paths"]["/subscribe"]["post"]
    assert "onEvent" in op["callbacks"] and "GetSubscription" in op["responses"]["201"]["links"]
    data = json.loads((tmp_path / "out" / "demo" / "normalize-report.json").read_text())
    assert data["not_generated"] == [
        {"pointer": "/paths/~1subscribe/post/callbacks/onEvent", "what": "callback"},
        {"pointer": "/paths/~1subscribe/post/responses/201/links/GetSubscription", "what": "link"},
    ]


OPERATION_SCHEMES = """\
    openapi: 3.0.3
    info: {title: Demo, version: "1"}
    security: [{bearer: []}]
    paths:
      /things:
        get: {operationId: list_things, tags: [things], responses: {"200": {description: ok}}}
      /things/by-token:
        get:
          operationId: list_by_token
          tags: [things]
          security: [{token: []}]
          responses: {"200": {description: ok}}
      /things/public:
        get:
          operationId: list_public
          tags: [things]
          security: []
          responses: {"200": {description: ok}}
      /things/by-session:
        get:
          operationId: list_by_session
          tags: [things]
          security: [{session: []}]
          responses: {"200": {description: ok}}
    components:
      securitySchemes:
        bearer: {type: http, scheme: bearer}
        token: {type: apiKey, in: query, name: token}
        session: {type: apiKey, in: cookie, name: sid}
    """

PYTHON_CALLS = """\
import sys
from demo import DemoClient

api = DemoClient(api_key="k-1", base_url=sys.argv[1], api_keys={"token": "t-2"})
api.things.list()
api.things.list_by_token()
api.things.list_public()
api.things.list_by_session()
"""

TYPESCRIPT_CALLS = """\
import { DemoClient } from "./pkg/cjs/index.js";

const api = new DemoClient({ apiKey: "k-1", baseUrl: process.argv[2], apiKeys: { token: "t-2" } });
await api.things.list();
await api.things.listByToken();
await api.things.listPublic();
await api.things.listBySession();
"""


def test_each_operation_sends_its_own_scheme_from_both_clients(tmp_path: Path, server: Any) -> None:
    """#24 item 5, per-operation `security`: an operation with a scheme of its own gets its key
    where that scheme says (a query key with the key given for it, a cookie with the API key);
    `security: []` sends nothing; the rest the API's bearer: the Python and the TypeScript
    client against a real server on 127.0.0.1, as the Postman collection does."""
    import shutil

    from typescript import node

    server.routes["*"] = lambda r: (200, {"Content-Type": "application/json"}, b"{}")
    _write(tmp_path, {"spec.yaml": OPERATION_SCHEMES})
    code, stderr, _ = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    clients = tmp_path / "out" / "demo" / "clients"

    def sent() -> list[tuple[str, str | None, str | None, dict[str, list[str]]]]:
        found = [
            (r.path.split("?")[0], r.headers.get("authorization"), r.headers.get("cookie"), r.query)
            for r in server.requests
        ]
        server.requests.clear()
        return found

    expected = [
        ("/things", "Bearer k-1", None, {}),
        ("/things/by-token", None, None, {"token": ["t-2"]}),
        ("/things/public", None, None, {}),
        ("/things/by-session", None, "sid=k-1", {}),
    ]
    (tmp_path / "calls.py").write_text(PYTHON_CALLS)
    ran = subprocess.run(
        [sys.executable, str(tmp_path / "calls.py"), server.url],
        capture_output=True, text=True, env={"PYTHONPATH": str(clients / "python")},
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert sent() == expected
    package = tmp_path / "ts" / "pkg"
    shutil.copytree(clients / "typescript", package)
    (package.parent / "node_modules").mkdir()
    (package.parent / "node_modules" / "@types").mkdir()
    built = tsc("5.9", "-p", "tsconfig.cjs.json", cwd=package)
    assert built.returncode == 0, built.stdout[-3000:]
    (package.parent / "calls.mjs").write_text(TYPESCRIPT_CALLS)
    ran = node(package.parent / "calls.mjs", server.url)
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert sent() == expected


# ---- #37: no silent auth ------------------------------------------------------------------

OPEN_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Open", "version": "1"},
    "paths": {
        "/a": {
            "get": {
                "operationId": "get_a",
                "parameters": [{"name": "X-Key", "in": "header", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


def test_a_spec_without_security_is_said_once_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "open.json").write_text(json.dumps(OPEN_SPEC))
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", "open.json", "--out", "out", "--only", "postman")
    assert result.code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if "declares no security" in line]
    assert len(said) == 1 and "add_security" in said[0] and "--auth" in said[0]
    report = (tmp_path / "out" / "open" / "normalize-report.md").read_text()
    assert "declares no security scheme" in report


@pytest.mark.parametrize(
    ("auth", "expected"),
    [
        ("bearer", {"type": "bearer"}),
        ("basic", {"type": "basic"}),
        ("apikey:header:X-Key", {"type": "apikey", "in": "header", "key": "X-Key"}),
        ("apikey:query:token", {"type": "apikey", "in": "query", "key": "token"}),
    ],
)
def test_auth_gives_a_config_less_run_its_scheme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, auth: str, expected: dict[str, str]
) -> None:
    (tmp_path / "open.json").write_text(json.dumps(OPEN_SPEC))
    monkeypatch.chdir(tmp_path)
    result = run_cli(
        "generate", "--source", "open.json", "--out", "out", "--only", "postman", "--auth", auth
    )
    assert result.code == 0, result.stderr
    assert "declares no security" not in result.stderr
    collection = json.loads(
        (tmp_path / "out/open/postman/open.postman_collection.json").read_text()
    )
    found = collection.get("auth", {})
    assert found.get("type") == expected["type"]
    if expected["type"] == "apikey":
        values = {v["key"]: v["value"] for v in found["apikey"]}
        assert values["key"] == expected["key"] and values["in"] == expected["in"]
        # the scheme's own header is no longer a parameter beside it (another stays)
        request = collection["item"][0]["item"][0]["request"]
        headers = [h["key"] for h in request.get("header", [])]
        assert ("X-Key" in headers) == (expected["in"] != "header")


def test_auth_is_refused_where_it_cannot_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "open.json").write_text(json.dumps(OPEN_SPEC))
    monkeypatch.chdir(tmp_path)
    bad = run_cli("generate", "--source", "open.json", "--out", "out", "--auth", "digest")
    assert bad.code == 2 and "--auth must be" in bad.stderr
    (tmp_path / "apigen.toml").write_text("")
    configured = run_cli("generate", "--source", "open.json", "--auth", "bearer")
    assert configured.code == 2 and "add_security" in configured.stderr
    devnull = run_cli(
        "generate", "--source", "open.json", "--out", "out", "-c", "/dev/null", "--only", "curl"
    )
    assert devnull.code == 0, devnull.stderr  # config-less beside a config, on request


def test_failure_classes_of_real_specs(tmp_path: Path) -> None:
    """#37: a 3.1 document with 3.0's boolean `exclusiveMinimum`, a component named like a type
    the models module imports (`UUID`), a `format: uri` property defaulting to `""` (GitHub's
    `AnyUrl | None = ''`), a discriminated union over `allOf` children whose parent declares the
    tag as a plain string: the normalized spec is valid 3.1, the Python package imports and
    passes mypy --strict, the TypeScript one tsc --strict."""
    from openapi_spec_validator import validate

    _write(tmp_path, {"spec.yaml": """\
        openapi: 3.1.0
        info: {title: Demo, version: "1"}
        paths:
          /pets:
            get:
              operationId: list_pets
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Holder"}
          /ids/{id}:
            get:
              operationId: get_id
              parameters:
                - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/UUID"}}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Link"}
        components:
          schemas:
            Holder:
              type: object
              properties:
                pet:
                  oneOf:
                    - {$ref: "#/components/schemas/Cat"}
                    - {$ref: "#/components/schemas/Dog"}
                  discriminator:
                    propertyName: kind
                    mapping: {cat: "#/components/schemas/Cat", dog: "#/components/schemas/Dog"}
            Animal:
              type: object
              required: [kind]
              properties:
                kind: {type: string}
            Cat:
              allOf:
                - {$ref: "#/components/schemas/Animal"}
                - type: object
                  properties:
                    lives: {type: integer, minimum: 0, exclusiveMinimum: true}
            Dog:
              allOf:
                - {$ref: "#/components/schemas/Animal"}
                - {type: object, properties: {bark: {type: boolean}}}
            UUID: {type: string, format: uuid}
            Link:
              type: object
              properties:
                url: {type: string, format: uri, default: ""}
                id: {$ref: "#/components/schemas/UUID"}
        """})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.yaml")
    assert code == 0, stderr
    validate(document)  # valid OpenAPI 3.1
    schemas = document["components"]["schemas"]
    assert "UUIDSchema" in schemas and "UUID" not in schemas
    lives = schemas["Cat"]["allOf"][1]["properties"]["lives"]
    assert lives == {"type": "integer", "exclusiveMinimum": 0}
    assert "default" not in schemas["Link"]["properties"]["url"]
    clients = tmp_path / "out" / "demo" / "clients"
    _check_clients(clients, "import demo.models, demo.client")


def test_boolean_schemas_and_extensions_among_paths_and_answers(tmp_path: Path) -> None:
    """3.1 boolean schemas (`items: true`, a property `false`, a component `true`) and `x-`
    keys under `paths` and `responses` (APIs.guru's apicurio registry) were refused (exit 4):
    each is rewritten and reported; the normalized spec is valid 3.1; the models keep what the
    booleans meant (`false` items: an empty list alone) and the three clients check."""
    from golang import go
    from openapi_spec_validator import validate

    _write(tmp_path, {"spec.json": json.dumps({
        "openapi": "3.1.0",
        "info": {"title": "Demo", "version": "1"},
        "paths": {
            "x-codegen-contextRoot": "/api",
            "/things": {
                "get": {
                    "operationId": "list_things",
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {
                            "schema": {"type": "array", "items": True}}}},
                        "x-note": "not a status",
                    },
                },
                "post": {
                    "operationId": "make_thing",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "responses": {"201": {"description": "made", "content": {
                        "application/json": {"schema": True}}}},
                },
            },
        },
        "components": {"schemas": {
            "Thing": {
                "type": "object",
                "required": ["a"],
                "properties": {
                    "a": True,
                    "gone": False,
                    "none": {"type": "array", "items": False},
                    "pair": {"type": "array", "prefixItems": [{"type": "string"}], "items": False},
                    "open": {"type": "object", "additionalProperties": True},
                    "closed": {"type": "object", "unevaluatedProperties": False},
                },
            },
            "Anything": True,
        }},
    })})  # fmt: skip
    code, stderr, document = _generate(tmp_path, "spec.json")
    assert code == 0, stderr
    validate(document)  # valid OpenAPI 3.1
    assert list(document["paths"]) == ["/things"]
    assert list(document["paths"]["/things"]["get"]["responses"]) == ["200"]
    thing = document["components"]["schemas"]["Thing"]["properties"]
    assert thing["a"] == {} and thing["gone"] == {"not": {}}
    assert thing["none"] == {"type": "array", "maxItems": 0}
    assert thing["pair"] == {"type": "array", "prefixItems": [{"type": "string"}], "maxItems": 1}
    assert thing["open"]["additionalProperties"] is True  # allowed as it is
    assert thing["closed"]["unevaluatedProperties"] == {"not": {}}  # openapi-pydantic's form
    assert document["components"]["schemas"]["Anything"] == {}
    report = json.loads((tmp_path / "out" / "demo" / "normalize-report.json").read_text())
    said = json.dumps(report)
    assert "x-codegen-contextRoot" in said and "x-note" in said
    assert "boolean schema false" in said and "maxItems 0" in said
    clients = tmp_path / "out" / "demo" / "clients"
    probe = (
        "import demo.client\n"
        "from demo.models import Thing\n"
        "assert Thing.model_validate({'a': [1], 'none': [], 'pair': ['x']}).pair == ['x']\n"
        "for bad in ({'a': 1, 'none': [1]}, {'a': 1, 'pair': ['x', 'y']}):\n"
        "    try:\n"
        "        Thing.model_validate(bad)\n"
        "    except ValueError:\n"
        "        continue\n"
        "    raise SystemExit(f'accepted {bad}')\n"
    )
    _check_clients(clients, probe)
    vetted = go("vet", "./...", cwd=clients / "go")
    assert vetted.returncode == 0, vetted.stderr[-3000:]


def test_allof_beside_notes_and_merging_its_own_schema(tmp_path: Path) -> None:
    """`allOf: [{$ref: Node}, {...}]` inside Node itself (APIs.guru's amplifyuibuilder): the
    Python and Go writers declared the merged object inside itself without end (an internal
    error); now every client generates and checks, and the Python model reads a nested loop."""
    _write(tmp_path, {"spec.json": json.dumps(ALLOF_NOTES)})
    code, stderr, _ = _generate(tmp_path, "spec.json")
    assert code == 0, stderr
    clients = tmp_path / "out" / "demo" / "clients"
    probe = (
        "from demo.models import Node, Text\n"
        "node = Node.model_validate({'name': 'n', 'loop': {'depth': 1, 'loop': {'name': 'm'}},"
        " 'more': {'id': 'a', 'size': 2}})\n"
        "assert node.name == Text('n') and node.loop and node.loop.depth == 1\n"
        "assert node.loop.loop and node.loop.loop.name == Text('m')\n"
        "assert node.more and (node.more.id, node.more.size) == ('a', 2)\n"
    )
    _check_clients(clients, probe)


def test_a_30_documents_x_webhooks_are_its_webhooks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#37: Redoc's `x-webhooks` in a 3.0 document (3.0 has no `webhooks`) become the Postman
    collection's `Webhook events` and are listed in the report, not dropped without a word."""
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Hooks", "version": "1"},
        "paths": {
            "/a": {"get": {"operationId": "get_a", "responses": {"200": {"description": "ok"}}}}
        },
        "x-webhooks": {
            "newPet": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"type": "object"}}}
                    },
                    "responses": {"200": {"description": "received"}},
                }
            }
        },
    }
    (tmp_path / "hooks.json").write_text(json.dumps(spec))
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", "hooks.json", "--out", "out", "--only", "postman")
    assert result.code == 0, result.stderr
    collection = json.loads(
        (tmp_path / "out/hooks/postman/hooks.postman_collection.json").read_text()
    )
    folders = {f["name"]: f for f in collection["item"]}
    assert [i["name"] for i in folders["Webhook events"]["item"]] == ["newPet"]
    report = (tmp_path / "out" / "hooks" / "normalize-report.md").read_text()
    assert "/x-webhooks/newPet" in report


def test_the_configured_title_names_the_api(tmp_path: Path) -> None:
    """#37: the `title` an apigen.toml (e.g. `apigen init`'s) sets names the API in the
    artefacts over the spec's `info.title`; without one, the spec's title stands."""
    (tmp_path / "spec.json").write_text(
        json.dumps(
            {"openapi": "3.1.0", "info": {"title": "Spec Title", "version": "1"}, "paths": {}}
        )
    )
    config = tmp_path / "apigen.toml"
    for extra, expected in (("", "Spec Title"), ('title = "Our API"\n', "Our API")):
        config.write_text(
            CONFIG.format(source=tmp_path / "spec.json").replace(
                "[apis.demo]\n", "[apis.demo]\n" + extra
            )
        )
        result = run_cli("generate", "demo", "-c", str(config), "--only", "postman")
        assert result.code == 0, result.stderr
        collection = tmp_path / "out" / "demo" / "postman" / "demo.postman_collection.json"
        assert json.loads(collection.read_text())["info"]["name"] == expected


def test_optional_parameters_of_any_type_alone(tmp_path: Path) -> None:
    """The sweep's stream-io-api.com: every optional parameter untyped (`Any` holds UNSET, so
    the `Unset` type goes unused): client.py imported it, and ruff refused the package."""
    _write(tmp_path, {"spec.json": json.dumps({
        "openapi": "3.0.3",
        "info": {"title": "Demo", "version": "1"},
        "paths": {"/things": {"post": {
            "operationId": "make_thing",
            "parameters": [{"name": "payload", "in": "query", "schema": {}}],
            "responses": {"200": {"description": "ok"}},
        }}},
    })})  # fmt: skip
    code, stderr, _ = _generate(tmp_path, "spec.json")
    assert code == 0, stderr
    client = (tmp_path / "out" / "demo" / "clients" / "python" / "demo" / "client.py").read_text()
    assert "payload: Any = UNSET" in client and "Unset," not in client
    _check_clients(tmp_path / "out" / "demo" / "clients", "import demo.client")
