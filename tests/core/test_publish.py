"""`apigen publish postman` against a stand-in for the Postman API on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import HISTORY, repo_config, run_cli
from postman_api import PostmanApi, serve

KEY = "PMAK-secret-0123456789"
WORKSPACE = "ws-1"


@pytest.fixture
def postman(monkeypatch: pytest.MonkeyPatch) -> Iterator[PostmanApi]:
    api = PostmanApi(key=KEY, workspace=WORKSPACE)
    httpd, thread = serve(api)
    monkeypatch.setenv("POSTMAN_API_KEY", KEY)
    monkeypatch.setenv("POSTMAN_API_URL", api.url)
    monkeypatch.setenv("POSTMAN_WORKSPACE_ID", WORKSPACE)
    yield api
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two generations: the PDP and the control plane of 2025-05-20, then of 2025-07-20."""
    out = {}
    for name in ("old", "new"):
        folder = tmp_path_factory.mktemp(name)
        config = repo_config(folder)
        spec = "openapi-2025-05-20.json" if name == "old" else "openapi-2025-07-20.json"
        for api, source in (("permit", str(HISTORY / spec)), ("pdp", None)):
            args = ["generate", api, "--offline", "-q", "-c", str(config), "--only", "postman"]
            result = run_cli(*args, *(["--source", source] if source else []))
            assert result.code == 0, result.stderr
        out[name] = folder
    return out


def _publish(config: Path, out: Path, *apis: str) -> Any:
    return run_cli("publish", "postman", *apis, "-q", "-c", str(config), "--out", str(out))


def _setup(tmp_path: Path, outputs: dict[str, Path], which: str = "old") -> tuple[Path, Path]:
    config = repo_config(tmp_path)
    out = tmp_path / "published"
    shutil.copytree(outputs[which] / "out", out)
    return config, out


def _bodies(api: PostmanApi) -> list[str]:
    return [json.dumps(c.body) for c in api.calls if c.body is not None]


def test_first_publish_creates_then_nothing_changed_sends_no_write(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    config, out = _setup(tmp_path, outputs)
    result = _publish(config, out)
    assert result.code == 0, result.stderr
    posts = [c for c in postman.writes() if c.method == "POST"]
    assert sorted(c.path for c in posts) == ["/collections"] * 2 + ["/environments"] * 5
    assert all(c.query == {"workspace": [WORKSPACE]} for c in posts)
    assert len(postman.collections) == 2 and len(postman.environments) == 5
    state = json.loads((tmp_path / "apigen.postman.json").read_text())
    assert set(state[WORKSPACE]) == {"permit", "pdp"}
    calls = len(postman.calls)
    again = _publish(config, out)
    assert again.code == 0, again.stderr
    assert not [c for c in postman.calls[calls:] if c.method != "GET"]  # no write at all
    for text in (result.stderr, again.stderr, (tmp_path / "apigen.postman.json").read_text()):
        assert KEY not in text


def test_a_lost_state_finds_the_workspace_items_by_name(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out).code == 0
    (tmp_path / "apigen.postman.json").unlink()
    assert _publish(config, out).code == 0
    assert len(postman.collections) == 2 and len(postman.environments) == 5  # no duplicates


def test_a_changed_spec_keeps_item_ids_and_stored_keys(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    config, out = _setup(tmp_path, outputs, "old")
    assert _publish(config, out).code == 0
    (uid,) = [u for u, c in postman.collections.items() if c["info"]["name"] == "Permit.io API"]
    ids = {
        (i["request"]["method"], "/".join(i["request"]["url"]["path"])): i["id"]
        for i in postman.items(uid)
        if "request" in i
    }
    us = next(u for u, e in postman.environments.items() if e["name"] == "Permit US")
    for value in postman.environments[us]["values"]:
        if value["key"] == "apiKey":
            value["value"] = "stored-in-the-workspace"  # a user pasted a key into Postman
    calls = len(postman.calls)
    shutil.rmtree(out)
    shutil.copytree(outputs["new"] / "out", out)
    result = _publish(config, out)
    assert result.code == 0, result.stderr
    puts = [c for c in postman.calls[calls:] if c.method == "PUT"]
    assert [c.path for c in puts if c.path.startswith("/collections")] == [f"/collections/{uid}"]
    after = {
        (i["request"]["method"], "/".join(i["request"]["url"]["path"])): i["id"]
        for i in postman.items(uid)
        if "request" in i
    }
    kept = [k for k in ids if k in after and after[k] == ids[k]]
    assert (
        len(kept) == len(ids.keys() & after.keys()) > 200
    )  # every unchanged operation kept its id
    assert postman.environments[us]["values"][1]["value"] == "stored-in-the-workspace"
    for body in _bodies(postman):
        for value in _api_key_values(body):
            assert value in ("", "stored-in-the-workspace")  # never a key apigen supplied
    assert "stored-in-the-workspace" not in result.stderr


def _api_key_values(body: str) -> list[str]:
    data = json.loads(body)
    environment = data.get("environment") if isinstance(data, dict) else None
    if not environment:
        return []
    return [v["value"] for v in environment["values"] if v["key"] == "apiKey"]


def test_429_is_waited_out(tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi) -> None:
    config, out = _setup(tmp_path, outputs)
    postman.script = [(429, {"Retry-After": "1"})]
    import time

    started = time.monotonic()
    result = _publish(config, out, "pdp")
    assert result.code == 0, result.stderr
    assert time.monotonic() - started >= 0.9
    assert len(postman.collections) == 1


def test_a_post_answered_503_is_not_repeated(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    config, out = _setup(tmp_path, outputs)
    original = postman.handle

    def fail_posts(call: Any) -> Any:
        if call.method == "POST":
            return 503, {}, {"error": {"name": "serverError", "message": "busy"}}
        return original(call)

    postman.handle = fail_posts  # type: ignore[method-assign]
    result = _publish(config, out, "pdp")
    assert result.code == 3 and "POST /collections: HTTP 503" in result.stderr
    assert len([c for c in postman.calls if c.method == "POST"]) == 1
    assert not (tmp_path / "apigen.postman.json").exists()


def test_401_leaves_the_recorded_state(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out).code == 0
    state = (tmp_path / "apigen.postman.json").read_text()
    shutil.rmtree(out)
    shutil.copytree(outputs["new"] / "out", out)
    postman.key = "rotated"
    result = _publish(config, out)
    assert result.code == 3 and "HTTP 401" in result.stderr and result.stderr.count("\n") == 1
    assert KEY not in result.stderr
    assert (tmp_path / "apigen.postman.json").read_text() == state


@pytest.mark.parametrize(
    ("unset", "message"),
    [("POSTMAN_API_KEY", "POSTMAN_API_KEY"), ("POSTMAN_WORKSPACE_ID", "--workspace")],
)
def test_missing_key_or_workspace_is_exit_2(
    tmp_path: Path,
    outputs: dict[str, Path],
    postman: PostmanApi,
    monkeypatch: pytest.MonkeyPatch,
    unset: str,
    message: str,
) -> None:
    config, out = _setup(tmp_path, outputs)
    monkeypatch.delenv(unset)
    result = _publish(config, out)
    assert result.code == 2 and message in result.stderr and not postman.calls


@pytest.mark.parametrize(
    ("glob", "text"),
    [
        ("pdp.postman_collection.json", "{not json"),
        ("pdp.postman_collection.json", "[]"),
        ("pdp.postman_collection.json", '{"item": []}'),
        ("pdp-*.postman_environment.json", '{"name": "x", "values": [{"value": 1}]}'),
    ],
)
def test_a_damaged_output_file_is_one_line_exit_2(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi, glob: str, text: str
) -> None:
    config, out = _setup(tmp_path, outputs)
    damaged = sorted((out / "pdp" / "postman").glob(glob))[0]
    damaged.write_text(text)
    result = _publish(config, out, "pdp")
    assert result.code == 2, result.stderr
    assert str(damaged) in result.stderr and result.stderr.count("\n") == 1
    if "collection" in glob:  # read before anything is sent
        assert not postman.writes()


@pytest.mark.parametrize("answer", [{"ok": True}, ["collection"], {"collection": {"name": "x"}}])
def test_an_answer_without_its_object_is_exit_3(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi, answer: Any
) -> None:
    config, out = _setup(tmp_path, outputs)
    original = postman.handle

    def odd_posts(call: Any) -> Any:
        return (200, {}, answer) if call.method == "POST" else original(call)

    postman.handle = odd_posts  # type: ignore[method-assign]
    result = _publish(config, out, "pdp")
    assert result.code == 3 and "POST /collections" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and KEY not in result.stderr
    assert len([c for c in postman.calls if c.method == "POST"]) == 1
    assert not (tmp_path / "apigen.postman.json").exists()


@pytest.mark.parametrize(
    "state",
    [[], {WORKSPACE: []}, {WORKSPACE: {"pdp": 1}}, {WORKSPACE: {"pdp": {"environments": 1}}}],
)
def test_a_foreign_state_file_is_forgotten_not_a_crash(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi, state: Any
) -> None:
    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out, "pdp").code == 0
    created = len(postman.collections), len(postman.environments)
    (tmp_path / "apigen.postman.json").write_text(json.dumps(state))
    result = _publish(config, out, "pdp")
    assert result.code == 0, result.stderr
    assert (len(postman.collections), len(postman.environments)) == created  # found by name
    saved = json.loads((tmp_path / "apigen.postman.json").read_text())
    assert saved[WORKSPACE]["pdp"]["collection_uid"] in postman.collections


@pytest.mark.parametrize(
    "url", ["http://api.getpostman.example", "ftp://127.0.0.1/x", "https://", "file:///tmp/x"]
)
def test_the_postman_api_url_must_be_https_except_loopback(
    tmp_path: Path,
    outputs: dict[str, Path],
    postman: PostmanApi,
    monkeypatch: pytest.MonkeyPatch,
    url: str,
) -> None:
    """The key travels in every request: plain http only to this machine (the stand-in here)."""
    config, out = _setup(tmp_path, outputs)
    monkeypatch.setenv("POSTMAN_API_URL", url)
    result = _publish(config, out)
    assert result.code == 2 and "POSTMAN_API_URL" in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and not postman.calls


def _find(node: dict[str, Any], name: str) -> dict[str, Any]:
    stack = list(node.get("item") or [])
    while stack:
        item = stack.pop()
        if item.get("name") == name:
            return item
        stack.extend(item.get("item") or [])
    raise KeyError(name)


def _names(node: dict[str, Any]) -> set[str]:
    out, stack = set(), list(node.get("item") or [])
    while stack:
        item = stack.pop()
        out.add(item.get("name"))
        stack.extend(item.get("item") or [])
    return out


ROLES = "/v2/schema/{proj_id}/{env_id}/roles/{role_id}"
USER = "/v2/facts/{proj_id}/{env_id}/users/{user_id}"


def test_publishing_keeps_what_users_added_in_the_workspace(
    tmp_path: Path, postman: PostmanApi
) -> None:
    """A user adds a test and an example to one request, edits a folder's description, adds a
    request and a folder; the spec then changes elsewhere (a summary, two operations gone):
    the publish keeps all of the user's work, updates the changed request, drops the removed
    request nobody touched and keeps the edited one in `Removed from the API`; a second
    publish writes nothing."""
    spec = json.loads((HISTORY / "openapi-2025-07-20.json").read_text())
    changed = json.loads(json.dumps(spec))
    changed["paths"][USER]["get"]["summary"] = "Get User By Key"
    del changed["paths"][ROLES]["get"]  # the user edits this one first
    del changed["paths"][ROLES]["delete"]  # nobody touches this one
    config, out = repo_config(tmp_path), tmp_path / "out"
    for name, document in (("old", spec), ("new", changed)):
        (tmp_path / f"{name}.json").write_text(json.dumps(document))
    args = ["-q", "-c", str(config), "--only", "postman", "--out", str(out)]
    assert run_cli("generate", "permit", "--source", str(tmp_path / "old.json"), *args).code == 0
    assert _publish(config, out, "permit").code == 0
    (uid,) = postman.collections
    live = postman.collections[uid]
    x = _find(live, "Get Tenant")
    x_id = x["id"]
    mine = 'pm.test("tenant has a key", () => pm.expect(pm.response.json().key).to.be.a("string"));'
    x["event"] = [{"listen": "test", "script": {"type": "text/javascript", "exec": [mine]}}]
    x["response"].append({"id": "mine-1", "name": "Our tenant", "code": 200, "status": "OK",
                          "header": [], "body": '{"key": "ours"}'})  # fmt: skip
    folder = _find(live, "Tenants")
    folder["description"] = "Our team's notes on tenants."
    users = _find(live, "Users")
    users["item"].append({"id": "mine-r", "name": "Our own request",
                          "request": {"method": "GET", "url": "{{baseUrl}}/v2/ours"}})  # fmt: skip
    health = {
        "id": "mine-g1",
        "name": "Health",
        "request": {"method": "GET", "url": "{{baseUrl}}/h"},
    }
    live["item"].append({"id": "mine-g", "name": "Our folder", "item": [health]})
    _find(live, "Get Role")["request"]["description"] = "We rely on this one."
    assert _names(live) >= {"Get Role", "Delete Role", "Get User"}

    assert run_cli("generate", "permit", "--source", str(tmp_path / "new.json"), *args).code == 0
    calls = len(postman.calls)
    result = run_cli("publish", "postman", "permit", "-c", str(config), "--out", str(out))
    assert result.code == 0, result.stderr
    puts = [c for c in postman.calls[calls:] if c.method == "PUT"]
    assert [c.path for c in puts] == [f"/collections/{uid}"]
    live = postman.collections[uid]
    x = _find(live, "Get Tenant")
    assert x["id"] == x_id
    assert x["event"][0]["script"]["exec"] == [mine]
    assert "Our tenant" in [r["name"] for r in x["response"]]
    assert len(x["response"]) >= 3  # its generated examples are still there
    assert _find(live, "Tenants")["description"] == "Our team's notes on tenants."
    assert "Our own request" in {i["name"] for i in _find(live, "Users")["item"]}
    assert [i["name"] for i in _find(live, "Our folder")["item"]] == ["Health"]
    assert "Get User By Key" in _names(live) and "Get User" not in _names(live)
    removed = _find(live, "Removed from the API")
    assert [i["name"] for i in removed["item"]] == ["Get Role"]
    assert removed["item"][0]["request"]["description"] == "We rely on this one."
    assert "Delete Role" not in _names(live)
    assert "Get Role" in result.stderr and "Removed from the API" in result.stderr
    # the contract tests and the chaining still there, and the user's test beside them
    assert live["event"][0]["script"]["id"] == "apigen-contract-tests"
    calls = len(postman.calls)
    again = _publish(config, out, "permit")
    assert again.code == 0, again.stderr
    assert [c for c in postman.calls[calls:] if c.method != "GET"] == []


def _forget_sent_hashes(folder: Path, sent: Any = None) -> None:
    """The state's record of each collection sent loses its hash (publish must then read the
    workspace); with `sent`, its fingerprint becomes that (a hand edit)."""
    state_file = folder / "apigen.postman.json"
    state = json.loads(state_file.read_text())
    for entry in state[WORKSPACE].values():
        entry["collection_sha256"] = "0" * 64
        if sent is not None:
            entry["collection_sent"] = sent
    state_file.write_text(json.dumps(state))


def test_a_merge_equal_to_the_workspace_writes_nothing(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    """A lost hash (the state's record of what was sent) makes publish read the workspace; the
    merge then equals it and nothing is sent."""
    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out).code == 0
    _forget_sent_hashes(tmp_path)
    calls = len(postman.calls)
    result = _publish(config, out)
    assert result.code == 0, result.stderr
    assert [
        c for c in postman.calls[calls:] if c.path.startswith("/collections") and c.method != "GET"
    ] == []
    assert "already up to date" in result.stderr or result.stderr == ""


def test_a_damaged_fingerprint_or_workspace_is_not_a_crash(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    """A hand-edited state's fingerprint counts as no record; a workspace collection the
    merge cannot read is one line naming it (exit 3), and nothing is sent for it."""
    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out).code == 0
    damaged = {"items": {"GET /x": 3}, "folders": [1], "info": 5}
    _forget_sent_hashes(tmp_path, damaged)
    result = _publish(config, out)
    assert result.code == 0, result.stderr
    _forget_sent_hashes(tmp_path, damaged)
    (uid,) = [u for u, c in postman.collections.items() if c["info"]["name"] == "Permit.io PDP"]
    postman.collections[uid]["item"][0]["item"] = "not a list"
    calls = len(postman.calls)
    result = _publish(config, out, "pdp")
    assert result.code == 3
    assert "collection 'Permit.io PDP' cannot be merged" in result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert [c for c in postman.calls[calls:] if c.method == "PUT"] == []


# ---- #34: publish by identity, from anywhere ---------------------------------------------

TENANT = "/v2/facts/{proj_id}/{env_id}/tenants/{tenant_id}"


def _two_generations(tmp_path: Path, change: Any) -> tuple[Path, Path, list[str]]:
    """The 2025-07-20 spec generated, then `change(spec)` generated: the config, the output
    folder and the generate arguments (the first generation is in `out` on return)."""
    spec = json.loads((HISTORY / "openapi-2025-07-20.json").read_text())
    changed = json.loads(json.dumps(spec))
    change(changed)
    config, out = repo_config(tmp_path), tmp_path / "out"
    for name, document in (("old", spec), ("new", changed)):
        (tmp_path / f"{name}.json").write_text(json.dumps(document))
    args = ["-q", "-c", str(config), "--only", "postman", "--out", str(out)]
    assert run_cli("generate", "permit", "--source", str(tmp_path / "old.json"), *args).code == 0
    return config, out, args


def _generate_new(tmp_path: Path, args: list[str]) -> None:
    assert run_cli("generate", "permit", "--source", str(tmp_path / "new.json"), *args).code == 0


def test_a_users_copy_ahead_of_apigens_item_keeps_its_request(
    tmp_path: Path, postman: PostmanApi
) -> None:
    """A user copies `Get Tenant` into a folder of their own, first in the collection, and
    changes its headers and body; the spec then changes that operation: apigen's own item
    (found by the id it recorded) is updated, the copy keeps everything."""

    def change(spec: dict[str, Any]) -> None:
        spec["paths"][TENANT]["get"]["summary"] = "Get Tenant By Key"
        spec["paths"][TENANT]["get"]["description"] = "Now documented."

    config, out, args = _two_generations(tmp_path, change)
    assert _publish(config, out, "permit").code == 0
    (uid,) = postman.collections
    live = postman.collections[uid]
    assert _publish(config, out, "permit").code == 0  # the ids recorded
    original = _find(live, "Get Tenant")
    copy = json.loads(json.dumps(original))
    copy["id"] = "users-copy"
    copy["request"]["header"] = [{"key": "X-Ours", "value": "1"}]
    copy["request"]["body"] = {"mode": "raw", "raw": '{"ours": true}'}
    live["item"].insert(0, {"id": "ours", "name": "Our copies", "item": [copy]})
    _generate_new(tmp_path, args)
    result = _publish(config, out, "permit")
    assert result.code == 0, result.stderr
    live = postman.collections[uid]
    mine = _find(live, "Our copies")["item"][0]
    assert mine["id"] == "users-copy" and mine["name"] == "Get Tenant"
    assert mine["request"]["header"] == [{"key": "X-Ours", "value": "1"}]
    assert mine["request"]["body"] == {"mode": "raw", "raw": '{"ours": true}'}
    updated = _find(live, "Get Tenant By Key")
    assert updated["id"] == original["id"]
    assert "Now documented." in json.dumps(updated["request"]["description"])


def test_a_fresh_checkout_publishes_by_the_record_the_collection_carries(
    tmp_path: Path, postman: PostmanApi
) -> None:
    """CI publishes from a fresh checkout: no state file. The collection in the workspace
    carries publishing's record, so changed descriptions are updated and a dropped operation
    nobody edited is removed (not kept as the user's); a second publish writes nothing."""

    def change(spec: dict[str, Any]) -> None:
        spec["paths"][USER]["get"]["description"] = "A new description."
        del spec["paths"][ROLES]["delete"]

    config, out, args = _two_generations(tmp_path, change)
    assert _publish(config, out, "permit").code == 0
    (tmp_path / "apigen.postman.json").unlink()  # a fresh checkout
    _generate_new(tmp_path, args)
    result = _publish(config, out, "permit")
    assert result.code == 0, result.stderr
    (uid,) = postman.collections
    live = postman.collections[uid]
    assert "Delete Role" not in _names(live)
    assert "Removed from the API" not in _names(live)
    assert "A new description." in json.dumps(_find(live, "Get User")["request"]["description"])
    (tmp_path / "apigen.postman.json").unlink()
    calls = len(postman.calls)
    again = _publish(config, out, "permit")
    assert again.code == 0, again.stderr
    assert [c for c in postman.calls[calls:] if c.method != "GET"] == []


def test_workspace_text_reaches_the_log_as_one_line(tmp_path: Path, postman: PostmanApi) -> None:
    """A workspace member names a request so that its text would start a line of its own: a
    GitHub Actions command. The log shows it flattened, within apigen's own line."""

    def change(spec: dict[str, Any]) -> None:
        del spec["paths"][ROLES]["get"]

    config, out, args = _two_generations(tmp_path, change)
    assert _publish(config, out, "permit").code == 0
    (uid,) = postman.collections
    item = _find(postman.collections[uid], "Get Role")
    item["name"] = "Get Role\n::error file=app.py,line=1::forged\r\n::add-mask::x"
    item["request"]["header"] = [{"key": "X-Edited", "value": "1"}]  # the user's now
    _generate_new(tmp_path, args)
    result = run_cli("publish", "postman", "permit", "-c", str(config), "--out", str(out))
    assert result.code == 0, result.stderr
    assert "forged" in result.stderr
    assert not any(line.startswith("::") for line in result.stderr.splitlines())


def test_malformed_workspaces_and_states_never_crash(
    tmp_path: Path, outputs: dict[str, Path], postman: PostmanApi
) -> None:
    """A request given as a bare URL (valid v2.1), reversed script markers, folders 5,000 deep
    and a state file nested past reading: exit 0, 2 or 3, never 5; where a publish went
    through, the next one writes nothing."""
    import sys

    from generator.emit.contract import ITEM_BEGIN, ITEM_END

    config, out = _setup(tmp_path, outputs)
    assert _publish(config, out, "permit").code == 0
    (uid,) = [u for u, c in postman.collections.items() if c["info"]["name"] == "Permit.io API"]
    live = postman.collections[uid]
    live["item"].append({"id": "bare", "name": "Bare", "request": "{{baseUrl}}/v2/api-key/scope"})
    create = _find(live, "Create Role")
    (test,) = [e for e in create["event"] if e["listen"] == "test"]
    lines = test["script"]["exec"]
    test["script"]["exec"] = ["// mine", lines[-1], *lines[1:-1], lines[0], "// mine too"]
    assert lines[0] == ITEM_BEGIN and lines[-1] == ITEM_END
    _forget_sent_hashes(tmp_path)
    first = _publish(config, out, "permit")
    assert first.code == 0, first.stderr
    create = _find(postman.collections[uid], "Create Role")
    (test,) = [e for e in create["event"] if e["listen"] == "test"]
    assert test["script"]["exec"].count(ITEM_BEGIN) == 1
    assert test["script"]["exec"][0] == "// mine" and test["script"]["exec"][-1] == "// mine too"
    assert _find(postman.collections[uid], "Bare")["request"] == "{{baseUrl}}/v2/api-key/scope"
    _forget_sent_hashes(tmp_path)
    calls = len(postman.calls)
    assert _publish(config, out, "permit").code == 0
    assert [c for c in postman.calls[calls:] if c.method != "GET"] == []
    # folders 5,000 deep: refused, one line, nothing sent (the stand-in writes them out with a
    # higher recursion limit, as any JSON producer could)
    deep: dict[str, Any] = {"id": "d0", "name": "deep", "item": []}
    node = deep
    for level in range(5000):
        child: dict[str, Any] = {"id": f"d{level + 1}", "name": "deeper", "item": []}
        node["item"].append(child)
        node = child
    live = postman.collections[uid]
    live["item"].append(deep)
    _forget_sent_hashes(tmp_path)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(30000)
    try:
        calls = len(postman.calls)
        result = _publish(config, out, "permit")
    finally:
        sys.setrecursionlimit(limit)
    assert result.code == 3, result.stderr
    assert "internal error" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert [c for c in postman.calls[calls:] if c.method != "GET"] == []
    live["item"].remove(deep)
    # a state file nested past reading
    (tmp_path / "apigen.postman.json").write_text("[" * 100_000 + "]" * 100_000)
    result = _publish(config, out, "permit")
    assert result.code == 2 and "unreadable Postman state file" in result.stderr
