"""#34: credentials never leave the origin, and a key no header can carry is refused unseen.

A server on 127.0.0.1 answers every call with 302 to a second server (another origin, its
port differs): neither client follows it (the TypeScript core asks fetch for `redirect:
"manual"`; fetch alone would carry an API-key header across), so the second server sees no
request at all, whatever the scheme (bearer, a header, the query, a cookie)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import TS_SCRIPTS, Server, serve
from typescript import compile_core, node

from generator.runtime.python import _core as core

SCHEMES = {
    "bearer": {"kind": "bearer", "in": "header", "name": "Authorization"},
    "header": {"kind": "apikey", "in": "header", "name": "X-Api-Key"},
    "query": {"kind": "apikey", "in": "query", "name": "api_key"},
    "cookie": {"kind": "apikey", "in": "cookie", "name": "session"},
}
BAD_KEYS = ["SECRET-KEY-9\n", "SECRET\r\nX-Evil: 1", "SECRET\x00"]


@pytest.fixture
def servers() -> Any:
    target = Server(url="")
    t_httpd, t_thread = serve(target)
    target.routes["*"] = lambda r: (200, {"Content-Type": "application/json"}, b"{}")
    origin = Server(url="")
    o_httpd, o_thread = serve(origin)
    origin.routes["*"] = lambda r: (302, {"Location": f"{target.url}/steal"}, b"")
    yield origin, target
    for httpd, thread in ((t_httpd, t_thread), (o_httpd, o_thread)):
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.mark.slow
def test_typescript_never_follows_a_redirect_with_the_key(
    servers: tuple[Server, Server], tmp_path: Path
) -> None:
    origin, target = servers
    run = node(TS_SCRIPTS / "redirect.mjs", str(compile_core(tmp_path)), origin.url)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert target.requests == []  # nothing, with or without a key, reached the other origin
    assert len(origin.requests) == len(SCHEMES)
    for name, result in out["calls"].items():
        assert "302" in result and "SECRET-KEY-9" not in result, (name, result)
    for key, message in out["keys"].items():
        assert "line break or another control character" in message, key
        assert "SECRET" not in message, message  # neither the message nor the stack shows it
    # #37: an API whose spec declares no security: a key given is refused, with the fix
    assert out["no_scheme"].startswith("apiKey: this API's spec declares no security scheme")
    assert "add_security" in out["no_scheme"] and "SECRET" not in out["no_scheme"]
    assert out["no_scheme_without_key"] == origin.url


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_python_never_follows_a_redirect_with_the_key(
    servers: tuple[Server, Server], scheme: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    origin, target = servers
    monkeypatch.setattr(core, "AUTH", SCHEMES[scheme])
    client = core.SyncCore(api_key="SECRET-KEY-9", base_url=origin.url)
    with pytest.raises(Exception) as raised:
        client.request("GET", "/x", {})
    assert "302" in str(raised.value) and "SECRET-KEY-9" not in str(raised.value)
    assert "SECRET-KEY-9" not in repr(raised.value) and "SECRET-KEY-9" not in repr(client)
    assert target.requests == [] and len(origin.requests) == 1


@pytest.mark.parametrize("key", BAD_KEYS)
def test_python_refuses_a_key_no_header_can_carry_without_showing_it(
    key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(ValueError) as raised:
        core.SyncCore(api_key=key, base_url="http://127.0.0.1:9")
    assert "line break or another control character" in str(raised.value)
    assert "SECRET" not in str(raised.value) and "SECRET" not in repr(raised.value)
    monkeypatch.setattr(core, "SCHEMES", {"x": SCHEMES["header"]})
    with pytest.raises(ValueError, match=r"api_keys\['x'\] holds a line break") as raised:
        core.SyncCore(api_key="ok", api_keys={"x": key}, base_url="http://127.0.0.1:9")
    assert "SECRET" not in str(raised.value)


def test_python_refuses_a_key_it_could_not_send(monkeypatch: pytest.MonkeyPatch) -> None:
    """#37: the spec declares no security scheme: `api_key=` is refused with the fix named,
    rather than dropped; without one the client works (a key in the environment is unused)."""
    monkeypatch.setattr(core, "AUTH", None)
    monkeypatch.setattr(core, "SCHEMES", {})
    with pytest.raises(ValueError, match="declares no security scheme") as raised:
        core.SyncCore(api_key="SECRET-KEY-9", base_url="http://127.0.0.1:9")
    assert "add_security" in str(raised.value) and "SECRET" not in str(raised.value)
    assert core.SyncCore(base_url="http://127.0.0.1:9").base_url == "http://127.0.0.1:9"
