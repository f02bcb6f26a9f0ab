"""The collections' `Quick start` folders, run with newman against a stand-in that behaves like
the live API (objects exist once created, a second create of the same key conflicts, deletes
remove them, a role needs its user and tenant): each later request carries the key the earlier
answer returned, every contract test passes, and a second run in a row passes too (its keys are
new)."""

from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from helpers import NODE_BIN, Reply, Request, Server, serve

from generator.schema.examples import Examples

JSON = {"Content-Type": "application/json"}
FACTS = r"/v2/facts/[^/]+/[^/]+"
SCHEMA = r"/v2/schema/[^/]+/[^/]+"


class LiveStandIn:
    """The control plane's or the PDP's behaviour on the Quick start's paths, answers built
    from the normalized spec's schemas (so they keep every contract) with the live values."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec, self.examples = spec, Examples(spec)
        self.tenants: set[str] = set()
        self.users: set[str] = set()
        self.roles_defined: set[str] = set()  # a new environment has no roles
        self.roles: list[dict[str, str]] = []
        self.lock = threading.Lock()

    def _answer(self, method: str, template: str, **values: Any) -> Reply:
        responses = self.spec["paths"][template][method]["responses"]
        status = min(s for s in responses if s.startswith("2"))
        schema = responses[status].get("content", {}).get("application/json", {}).get("schema")
        if schema is None:
            return int(status), {}, b""
        body = self.examples.valid_value(schema, f"{method}:{template}")
        if isinstance(body, list):
            body = [{**item, **values} for item in body] if body else body
        elif isinstance(body, dict):
            body = {**body, **values}
        return int(status), JSON, json.dumps(body).encode()

    def permit(self, request: Request) -> Reply:
        path, body = unquote(request.path.split("?")[0]), request.body
        data = json.loads(body) if body else None
        facts, schema = "/v2/facts/{proj_id}/{env_id}", "/v2/schema/{proj_id}/{env_id}"
        # what the Quick start creates and deletes: (template base, kind, its id, those made)
        objects = (
            (facts, "users", "user_id", self.users),
            (facts, "tenants", "tenant_id", self.tenants),
            (schema, "roles", "role_id", self.roles_defined),
        )
        with self.lock:
            for base, kind, name, known in objects:
                prefix = FACTS if base == facts else SCHEMA
                if request.method == "POST" and re.fullmatch(f"{prefix}/{kind}", path):
                    if data["key"] in known:
                        return 409, JSON, b'{"detail": "exists"}'
                    known.add(data["key"])
                    return self._answer("post", f"{base}/{kind}", key=data["key"])
                match = re.fullmatch(f"{prefix}/{kind}/([^/]+)", path)
                if request.method == "DELETE" and match:
                    if match[1] not in known:
                        return 404, JSON, b'{"detail": "not found"}'
                    known.discard(match[1])
                    return self._answer("delete", f"{base}/{kind}/{{{name}}}")
            if request.method == "POST" and re.fullmatch(f"{FACTS}/role_assignments", path):
                known = (data["user"] in self.users, data["tenant"] in self.tenants)
                if not all(known) or data["role"] not in self.roles_defined:
                    return 404, JSON, b'{"detail": "no such user, tenant or role"}'
                self.roles.append(data)
                return self._answer("post", f"{facts}/role_assignments", **data)
            if request.method == "GET" and re.fullmatch(f"{FACTS}/role_assignments", path):
                user = request.query.get("user", [""])[0]
                found = [r for r in self.roles if r["user"] == user]
                if not found:
                    return 200, JSON, b"[]"
                return self._answer("get", f"{facts}/role_assignments", **found[0])
        return 404, JSON, b'{"detail": "not a Quick start path"}'

    def pdp(self, request: Request) -> Reply:
        path = unquote(request.path.split("?")[0])
        data = json.loads(request.body) if request.body else None
        with self.lock:
            match = re.fullmatch(r"/facts/users/([^/]+)", path)
            if request.method == "PUT" and match:
                if data.get("key") != match[1]:
                    return 422, JSON, b'{"detail": "the body names another user"}'
                self.users.add(match[1])
                return self._answer("put", "/facts/users/{user_id}", key=match[1])
            if request.method == "POST" and path == "/allowed":
                # a synced user without a role: known, and not allowed
                if data["user"]["key"] not in self.users:
                    return 404, JSON, b'{"detail": "no such user"}'
                allow = False
                return self._answer("post", "/allowed", allow=allow)
        return 404, JSON, b'{"detail": "not a Quick start path"}'


def _run(generated: Path, api: str, region: str, url: str, report: Path) -> dict[str, Any]:
    folder = generated / api / "postman"
    subprocess.run(
        [
            str(NODE_BIN / "newman"), "run", str(folder / f"{api}.postman_collection.json"),
            "-e", str(folder / f"{api}-{region}.postman_environment.json"),
            "--env-var", f"baseUrl={url}", "--env-var", "apiKey=k",
            "--folder", "Quick start", "--reporters", "json", "--reporter-json-export", str(report),
        ],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    run: dict[str, Any] = json.loads(report.read_text())["run"]
    return run


def _steps(run: dict[str, Any]) -> list[tuple[str, str, int, str, str]]:
    """(name, URL path and query, status, request body, answer) of each request, in order."""
    out = []
    for e in run["executions"]:
        url = e["request"]["url"]
        query = "&".join(f"{q['key']}={q['value']}" for q in url.get("query", []))
        path = "/" + "/".join(url["path"]) + (f"?{query}" if query else "")
        body = (e["request"].get("body") or {}).get("raw", "")
        answer = bytes(e["response"]["stream"]["data"]).decode() if e.get("response") else ""
        out.append((e["item"]["name"], unquote(path), e["response"]["code"], body, answer))
    return out


def test_the_control_plane_quick_start_chains_its_keys(generated: Path, tmp_path: Path) -> None:
    spec = json.loads((generated / "permit" / "openapi.json").read_text())
    stand_in = LiveStandIn(spec)
    server = Server("", {"*": stand_in.permit})
    httpd, thread = serve(server)
    seen: list[str] = []
    try:
        for run_index in range(2):  # a second run in a row passes too: its keys are new
            run = _run(generated, "permit", "us", server.url, tmp_path / f"{run_index}.json")
            assert run["failures"] == [], [f["error"].get("message") for f in run["failures"]]
            steps = _steps(run)
            assert [s[0] for s in steps] == [
                "1. Create a tenant", "2. Create a user", "3. Create a role",
                "4. Assign the user the role in the tenant", "5. List the user's roles",
                "6. Delete the user", "7. Delete the tenant", "8. Delete the role",
            ]  # fmt: skip
            assert all(200 <= s[2] < 300 for s in steps), steps
            tenant = json.loads(steps[0][4])["key"]
            user = json.loads(steps[1][4])["key"]
            role = json.loads(steps[2][4])["key"]
            assert tenant.startswith("tenant-") and user.startswith("user-")
            assert role.startswith("role-")
            assert not {tenant, user, role} & set(seen)
            seen += [tenant, user, role]
            assigned = json.loads(steps[3][3])
            assert (assigned["user"], assigned["role"], assigned["tenant"]) == (user, role, tenant)
            assert f"user={user}" in steps[4][1] and f"tenant={tenant}" in steps[4][1]
            assert json.loads(steps[4][4])[0]["user"] == user
            assert steps[5][1].endswith(f"/users/{user}")
            assert steps[6][1].endswith(f"/tenants/{tenant}")
            assert steps[7][1].endswith(f"/roles/{role}")
            assessed = sum(len(e.get("assertions", [])) for e in run["executions"])
            assert assessed >= 16  # the contract tests ran on every step
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    assert stand_in.users == stand_in.tenants == stand_in.roles_defined == set()  # cleaned up


def test_the_pdp_quick_start_syncs_then_checks_that_user(generated: Path, tmp_path: Path) -> None:
    spec = json.loads((generated / "pdp" / "openapi.json").read_text())
    stand_in = LiveStandIn(spec)
    server = Server("", {"*": stand_in.pdp})
    httpd, thread = serve(server)
    try:
        keys = []
        for run_index in range(2):
            run = _run(generated, "pdp", "local", server.url, tmp_path / f"{run_index}.json")
            assert run["failures"] == [], [f["error"].get("message") for f in run["failures"]]
            steps = _steps(run)
            assert [s[0] for s in steps] == ["1. Sync a user", "2. Check a permission"]
            key = steps[0][1].rsplit("/", 1)[1]
            assert key.startswith("user-") and json.loads(steps[0][3])["key"] == key
            assert json.loads(steps[1][3])["user"]["key"] == key
            assert json.loads(steps[1][4])["allow"] is False  # synced, no role yet
            keys.append(key)
        assert keys[0] != keys[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


STEPS = [
    "1. Create a tenant", "2. Create a user", "3. Create a role",
    "4. Assign the user the role in the tenant", "5. List the user's roles",
    "6. Delete the user", "7. Delete the tenant", "8. Delete the role",
]  # fmt: skip


def _quick_start_against(
    route: Any, generated: Path, tmp_path: Path
) -> tuple[Server, dict[str, Any]]:
    """The control plane's Quick start run by newman against `route` on 127.0.0.1: the
    server (with what it received) and newman's run."""
    server = Server("", {"*": route})
    httpd, thread = serve(server)
    try:
        run = _run(generated, "permit", "us", server.url, tmp_path / "run.json")
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    return server, run


def _skipped(run: dict[str, Any]) -> list[str]:
    """The steps whose request was not sent (newman lists no execution, or one without an
    answer, for a request its pre-request script skipped)."""
    sent = {e["item"]["name"] for e in run["executions"] if e.get("response")}
    return [name for name in STEPS if name not in sent]


def test_a_failed_create_stops_every_step_that_needs_its_key(
    generated: Path, tmp_path: Path
) -> None:
    """#34: the role create answers 422. Nothing after it touches /roles/ (no delete of the
    example key `editor`, nor of any key this run did not make); the run names the step that
    failed; the steps that need only the user and tenant still run and clean up."""
    spec = json.loads((generated / "permit" / "openapi.json").read_text())
    stand_in = LiveStandIn(spec)

    def permit(request: Request) -> Reply:
        if request.method == "POST" and re.fullmatch(f"{SCHEMA}/roles", request.path):
            return 422, JSON, b'{"detail": [{"msg": "invalid"}]}'
        return stand_in.permit(request)

    server, run = _quick_start_against(permit, generated, tmp_path)
    sent = [(r.method, unquote(r.path.split("?")[0])) for r in server.requests]
    after = sent[[m for m, _ in sent].index("POST", 2) + 1 :]  # after the role create
    assert not any("/roles" in path for _, path in after), after
    made = {json.loads(r.body)["key"] for r in server.requests if r.method == "POST" and r.body}
    for method, path in sent:
        if method == "DELETE":
            assert path.rsplit("/", 1)[1] in made, path  # only keys this run made
    assert _skipped(run) == ["4. Assign the user the role in the tenant", "8. Delete the role"]
    reasons = [f["error"].get("message", "") for f in run["failures"]]
    assert any("step 3 (Create a role)" in r for r in reasons), reasons
    assert stand_in.users == stand_in.tenants == set()  # the user and tenant still cleaned up


def test_a_kept_key_must_be_plain(generated: Path, tmp_path: Path) -> None:
    """#34: an answer whose key would re-target a later request (a variable, a path) is not
    kept: the variable is left alone and a test says why; the steps needing it are skipped."""
    spec = json.loads((generated / "permit" / "openapi.json").read_text())
    stand_in = LiveStandIn(spec)

    def permit(request: Request) -> Reply:
        status, headers, body = stand_in.permit(request)
        if request.method == "POST" and re.fullmatch(f"{FACTS}/users", request.path):
            answer = json.loads(body)
            answer["key"] = "../admin?x={{apiKey}}"
            return status, headers, json.dumps(answer).encode()
        return status, headers, body

    server, run = _quick_start_against(permit, generated, tmp_path)
    assert all("admin" not in r.path and "{{" not in r.path for r in server.requests)
    assert all(b"../admin" not in r.body for r in server.requests)
    reasons = [f["error"].get("message", "") for f in run["failures"]]
    assert any("is not a plain key" in r and "userKey left alone" in r for r in reasons), reasons
    assert "6. Delete the user" in _skipped(run)


def test_a_whole_collection_run_never_writes_on_a_key_it_did_not_make(
    generated: Path, tmp_path: Path
) -> None:
    """#34: every create answers 422, everything else 200. A run of the whole collection (not
    only the Quick start) then sends no write (PUT, PATCH, DELETE, POST) to a path holding a
    chain variable's default: the example keys (`editor`, `stripeinc`) a user may well have.
    Each such request is skipped with a failed test naming its create."""
    collection = json.loads(
        (generated / "permit" / "postman" / "permit.postman_collection.json").read_text()
    )
    defaults = {v["key"]: v["value"] for v in collection["variable"]}
    chained = {defaults[k] for k in ("tenantKey", "userKey", "roleKey", "resourceKey")}

    def answer(request: Request) -> Reply:
        if request.method == "POST":
            return 422, JSON, b'{"detail": [{"msg": "refused"}]}'
        return 200, JSON, b"{}"

    server = Server("", {"*": answer})
    httpd, thread = serve(server)
    folder = generated / "permit" / "postman"
    report = tmp_path / "run.json"
    try:
        subprocess.run(
            [
                str(NODE_BIN / "newman"), "run", str(folder / "permit.postman_collection.json"),
                "-e", str(folder / "permit-us.postman_environment.json"),
                "--env-var", f"baseUrl={server.url}", "--env-var", "apiKey=k",
                "--reporters", "json", "--reporter-json-export", str(report),
            ],
            capture_output=True, timeout=600, check=False,
        )  # fmt: skip
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    writes = [unquote(r.path.split("?")[0]) for r in server.requests if r.method != "GET"]
    segments = {s for path in writes for s in path.split("/")}
    assert not segments & chained, sorted(segments & chained)
    run = json.loads(report.read_text())["run"]
    skipped = [f for f in run["failures"] if "not sent: no key from" in f["error"]["message"]]
    assert len(skipped) >= 20
    assert any("Create Role (POST /v2/schema/" in f["error"]["message"] for f in skipped)
