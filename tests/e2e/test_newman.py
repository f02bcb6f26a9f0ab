"""newman runs the generated collections against a Prism mock of the normalized spec."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


# every operation's request, and the Quick start's steps (8 and 2)
@pytest.mark.parametrize(("api", "region", "count"), [("permit", "us", 259), ("pdp", "local", 31)])
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
    # every request sent is refused; the 4 that would write on (or check) the user the failed
    # sync should have made are not sent at all (#34: never a write on an example's key)
    assert codes(executions) == Counter({401: 27})
    run = json.loads((tmp_path / "pdp-0.json").read_text())["run"]
    skipped = [f for f in run["failures"] if "not sent: no key from" in f["error"]["message"]]
    assert len(skipped) == 4


def _run(generated: Path, api: str, region: str, base_url: str, tmp_path: Path) -> dict[str, Any]:
    """newman's whole run (stats, failures, executions) with the key set."""
    newman(generated, api, region, base_url, tmp_path, "apiKey=dummy-key")
    run: dict[str, Any] = json.loads((tmp_path / f"{api}-1.json").read_text())["run"]
    return run


def _failed(run: dict[str, Any]) -> list[str]:
    return sorted(f["error"].get("test", "") for f in run["failures"])


@pytest.mark.parametrize(("api", "region", "count"), [("permit", "us", 259), ("pdp", "local", 31)])
def test_contract_tests_pass_against_the_static_mock(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path, api: str, region: str, count: int
) -> None:
    """Every request's status, Content-Type and answer schema checked; Prism's static answers
    (the spec's own examples) keep every contract."""
    mock = prism(generated / api / "openapi.json")
    run = _run(generated, api, region, mock.url, tmp_path)
    assert run["stats"]["requests"]["total"] == count
    assert _failed(run) == []
    names = [a["assertion"] for e in run["executions"] for a in e.get("assertions", [])]
    statuses = [n for n in names if ": status " in n]
    assert len(statuses) == count  # one status test per request, named by its operation
    # an answer schema test wherever the status Prism answers (the first success) has one,
    # on every operation's request and on the Quick start's copies
    paths = json.loads((generated / api / "openapi.json").read_text())["paths"]

    def has_schema(method: str, path: str) -> bool:
        responses = paths[path][method]["responses"]
        first = sorted(s for s in responses if s.startswith("2"))[0]
        content = responses[first].get("content", {})
        return bool(content.get("application/json", {}).get("schema"))

    with_schema = sum(
        has_schema(method, path)
        for path, item in paths.items()
        for method in item
        if method in ("get", "put", "post", "delete", "patch")
    )
    collection = json.loads(
        (generated / api / "postman" / f"{api}.postman_collection.json").read_text()
    )
    (quick,) = [f for f in collection["item"] if f["name"] == "Quick start"]
    in_quick = sum(
        has_schema(
            i["request"]["method"].lower(),
            "/"
            + "/".join(
                "{" + s[1:] + "}" if s.startswith(":") else s for s in i["request"]["url"]["path"]
            ),
        )
        for i in quick["item"]
    )
    assert with_schema >= {"permit": 200, "pdp": 14}[api] and in_quick >= 1
    assert sum(": answer matches " in n for n in names) == with_schema + in_quick
    assert sum(n.endswith(": Content-Type is JSON") for n in names) >= with_schema


# Prism 5.16's dynamic mode (-d) answers these from its own generator, not from the spec: each
# is a mock defect, not an API or a test defect.
MOCK_DEFECTS = {
    # `num_shards: {exclusiveMinimum: 1}`: Prism generates 1
    "stats_environments: answer matches EnvironmentStats",
    "list_pdp_configs: answer matches its 200 answer's schema",
    "enable_debug_audit_logs: answer matches PDPConfigRead",
    "disable_debug_audit_logs: answer matches PDPConfigRead",
    "rotate_pdp_api_key: answer matches PDPConfigRead",
    "migrate_shards: answer matches PDPConfigRead",
    "get_pdp_config_values: status 500 is a documented success (200)",
    # recursive schemas (a role's ancestors hold roles): Prism answers 500
    "get_resource_role_ancestors: status 500 is a documented success (200)",
    "get_resource_role_descendants: status 500 is a documented success (200)",
    "get_role_ancestors: status 500 is a documented success (200)",
    "get_role_descendants: status 500 is a documented success (200)",
    # an array with a stray `pattern`: Prism generates a string (and reports its own violation)
    "get_user_permissions: answer matches its 200 answer's schema",
}


@pytest.mark.slow
@pytest.mark.parametrize(("api", "region"), [("permit", "us"), ("pdp", "local")])
def test_contract_tests_against_the_dynamic_mock_fail_only_on_mock_defects(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path, api: str, region: str
) -> None:
    mock = prism(generated / api / "openapi.json", "-d")
    run = _run(generated, api, region, mock.url, tmp_path)
    assert set(_failed(run)) <= MOCK_DEFECTS


class _Breaking(BaseHTTPRequestHandler):
    """Passes every request to the mock and its answer back, except two: GET of one user
    answers its `key` as a number, and the roles list answers 500."""

    upstream = ""

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")
        }
        request = urllib.request.Request(
            self.upstream + self.path, data=body, headers=headers, method=self.command
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, data, kind = (
                    answer.status,
                    answer.read(),
                    answer.headers.get("Content-Type"),
                )
        except urllib.error.HTTPError as error:
            status, data, kind = error.code, error.read(), error.headers.get("Content-Type")
        path = self.path.split("?")[0]
        if self.command == "GET" and re.fullmatch(r"/v2/facts/[^/]+/[^/]+/users/[^/]+", path):
            document = json.loads(data)
            document["key"] = 42  # a string in UserRead
            data = json.dumps(document).encode()
        if self.command == "GET" and re.fullmatch(r"/v2/schema/[^/]+/[^/]+/roles", path):
            status = 500
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any

    def log_message(self, *args: Any) -> None:
        pass


def test_contract_tests_fail_exactly_where_the_answer_breaks_the_contract(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path
) -> None:
    """A server that answers every request as the spec says but two: exactly those two tests
    fail, each named after its operation and the rule it broke."""
    mock = prism(generated / "permit" / "openapi.json")
    handler = type("Breaking", (_Breaking,), {"upstream": mock.url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run = _run(generated, "permit", "us", f"http://127.0.0.1:{server.server_port}", tmp_path)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
    assert run["stats"]["requests"]["total"] == 259
    assert _failed(run) == [
        "get_user: answer matches UserRead",
        "list_roles: status 500 is a documented success (200)",
    ]
    messages = [f["error"]["message"] for f in run["failures"]]
    assert any(".key should be string" in m for m in messages), messages


ROUND_TRIP = """
const { Collection, Url } = require(process.argv[2]);
const original = JSON.parse(require("fs").readFileSync(process.argv[3], "utf8"));
const loaded = new Collection(original).toJSON();
const items = (node) => (node.item || []).flatMap((i) => (i.request ? [i] : items(i)));
const shape = (r) => JSON.stringify({
  method: r.method,
  url: new Url(r.url).toString(),  // toJSON leaves `raw` out: compared as the URL it builds
  variables: (typeof r.url === "string" ? [] : r.url.variable || []).map((v) => [v.key, v.value]),
  header: (r.header || []).map((h) => [h.key, h.value, !!h.disabled]),
  body: r.body ? r.body.raw : null,
});
const before = items(original), after = items(loaded);
const changed = before.filter((item, i) => !after[i] || shape(item.request) !== shape(after[i].request));
const script = (c) => JSON.stringify((c.event || []).map((e) => [e.listen, e.script.exec]));
console.log(JSON.stringify({
  requests: before.length, after: after.length, changed: changed.map((i) => i.name),
  scripts: script(original) === script(loaded),
}));
"""


@pytest.mark.parametrize(("api", "count"), [("permit", 259), ("pdp", 31)])
def test_the_postman_sdk_loads_and_round_trips_the_collection(
    generated: Path, tmp_path: Path, api: str, count: int
) -> None:
    """postman-collection (pinned in tools/node, the library Postman's own tools read
    collections with): every request and the test script come back unchanged."""
    script = tmp_path / "round_trip.js"
    script.write_text(ROUND_TRIP)
    collection = generated / api / "postman" / f"{api}.postman_collection.json"
    ran = subprocess.run(
        ["node", str(script), str(NODE_BIN.parent / "postman-collection"), str(collection)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    found = json.loads(ran.stdout)
    assert found == {"requests": count, "after": count, "changed": [], "scripts": True}
    assert collection.stat().st_size <= 1_500_000


WEBHOOKS_SPEC = """\
openapi: 3.1.0
info: {title: Pets, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{bearer: []}]
paths:
  /pets:
    post:
      operationId: create_pet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
      responses:
        "201":
          description: created
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
webhooks:
  newPet:
    post:
      summary: A pet was added
      requestBody:
        content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
      responses:
        "200": {description: received}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties: {id: {type: integer}, name: {type: string}}
"""


def test_webhooks_go_to_the_receiver_without_credentials_and_are_skipped_without_one(
    tmp_path: Path, server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#24's webhooks folder, run by newman against two servers on 127.0.0.1, the API and a
    receiver: without `webhookUrl` the webhook is skipped and the API's request tested; with
    it, the receiver gets the example payload and no API key, and the contract tests leave
    its answer alone although its path is an operation's (POST /pets answers 201, the
    receiver 200)."""
    from helpers import Server, run_cli, serve

    spec = tmp_path / "pets.yaml"
    spec.write_text(WEBHOOKS_SPEC)
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", str(spec), "--out", "out", "-q", "--only", "postman")
    assert result.code == 0, result.stderr
    pet = b'{"id": 7, "name": "Rex"}'
    server.routes["POST /pets"] = lambda r: (201, {"Content-Type": "application/json"}, pet)
    receiver = Server(url="")
    httpd, thread = serve(receiver)
    receiver.routes["*"] = lambda r: (200, {}, b"")
    folder = tmp_path / "out" / "pets" / "postman"
    try:
        runs = []
        for extra in ([], ["--env-var", f"webhookUrl={receiver.url}/pets"]):
            report = tmp_path / f"run-{len(extra)}.json"
            subprocess.run(
                [
                    str(NODE_BIN / "newman"), "run", str(folder / "pets.postman_collection.json"),
                    "-e", str(folder / "pets-default.postman_environment.json"),
                    "--env-var", f"baseUrl={server.url}", "--env-var", "apiKey=k-1", *extra,
                    "--reporters", "json", "--reporter-json-export", str(report),
                ],
                capture_output=True, timeout=600, check=False,
            )  # fmt: skip
            runs.append(json.loads(report.read_text())["run"])
            api_calls = [
                (r.method, r.path, r.headers.get("authorization")) for r in server.requests
            ]
            assert api_calls == [("POST", "/pets", "Bearer k-1")]
            server.requests.clear()
            if not extra:
                assert receiver.requests == []
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    [sent] = receiver.requests
    assert (sent.method, sent.path, sent.headers.get("authorization")) == ("POST", "/pets", None)
    assert "k-1" not in json.dumps(sent.headers)
    body = json.loads(sent.body)
    assert sorted(body) == ["id", "name"] and isinstance(body["id"], int)
    for run in runs:
        assert run["failures"] == [], run["failures"]
    tested = [a["assertion"] for e in runs[1]["executions"] for a in e.get("assertions", [])]
    assert tested and all(t.startswith("create_pet: ") for t in tested), tested
