"""`apigen fetch` against a real local HTTP server: redoc discovery, conditional cache, bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    PDP_SPEC,
    Request,
    Server,
    free_port,
    repo_config,
    run_cli,
    snapshot_tree,
    write_config,
)

from generator.errors import FetchError
from generator.source import check_named

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1"},
    "paths": {"/v2/ping": {"get": {"responses": {"200": {"description": "ok"}}}}},
}
SPEC_BYTES = json.dumps(SPEC).encode()
REDOC_PAGE = b"""<!DOCTYPE html><html><head><title>Permit.io API - ReDoc</title></head>
<body><noscript>ReDoc requires Javascript to function.</noscript>
<redoc spec-url="/v2/openapi.json"></redoc>
<script src="https://cdn.jsdelivr.net/npm/redoc@next/bundles/redoc.standalone.js"></script>
</body></html>"""


def spec_route(req: Request) -> tuple[int, dict[str, str], bytes]:
    if req.headers.get("if-none-match") == '"v1"':
        return 304, {"ETag": '"v1"'}, b""
    return 200, {"Content-Type": "application/json", "ETag": '"v1"'}, SPEC_BYTES


def page_route(req: Request) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, REDOC_PAGE


@pytest.fixture
def site(server: Server) -> Server:
    server.routes["/v2/redoc"] = page_route
    server.routes["/v2/openapi.json"] = spec_route
    return server


def test_fetch_from_redoc_page_then_conditional_304(site: Server, tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    first = run_cli("fetch", "permit", "-c", str(cfg), "--source", f"{site.url}/v2/redoc")
    assert first.code == 0, first.stderr
    saved = json.loads((tmp_path / "out" / "permit" / "source.json").read_text())
    assert saved == SPEC
    assert not (tmp_path / "apigen.lock.json").exists()  # --source is a one-off
    cfg = write_config(tmp_path, source=f"{site.url}/v2/redoc")
    assert run_cli("fetch", "permit", "-c", str(cfg)).code == 0
    lock = json.loads((tmp_path / "apigen.lock.json").read_text())["permit"]
    assert lock["spec_url"] == f"{site.url}/v2/openapi.json"
    assert lock["etag"] == '"v1"'
    assert len(lock["sha256"]) == 64

    second = run_cli("fetch", "permit", "-c", str(cfg), "--source", f"{site.url}/v2/redoc")
    assert second.code == 0, second.stderr
    spec_hits = site.hits("/v2/openapi.json")
    assert len(spec_hits) == 3
    assert "if-none-match" not in spec_hits[0].headers
    assert spec_hits[1].headers["if-none-match"] == '"v1"'
    assert spec_hits[2].headers["if-none-match"] == '"v1"'
    assert "spec from cache" in second.stderr
    assert json.loads((tmp_path / "out" / "permit" / "source.json").read_text()) == SPEC


def test_absolute_spec_url_and_redoc_init(server: Server, tmp_path: Path) -> None:
    server.routes["/docs"] = lambda r: (
        200,
        {"Content-Type": "text/html"},
        f"<html><script>Redoc.init('{server.url}/spec.yaml', {{}}, el)</script></html>".encode(),
    )
    server.routes["/spec.yaml"] = lambda r: (
        200,
        {"Content-Type": "application/yaml"},
        b"openapi: 3.0.2\ninfo: {title: T, version: '1'}\npaths: {}\n",
    )
    cfg = write_config(tmp_path)
    result = run_cli("fetch", "permit", "-c", str(cfg), "--source", f"{server.url}/docs")
    assert result.code == 0, result.stderr
    saved = json.loads((tmp_path / "out" / "permit" / "source.json").read_text())
    assert saved["openapi"] == "3.0.2"


def test_last_modified_is_sent_back(server: Server, tmp_path: Path) -> None:
    stamp = "Wed, 21 Oct 2025 07:28:00 GMT"

    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        if req.headers.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/json", "Last-Modified": stamp}, SPEC_BYTES

    server.routes["/openapi.json"] = route
    cfg = write_config(tmp_path)
    for _ in range(2):
        assert run_cli("fetch", "-c", str(cfg), "--source", f"{server.url}/openapi.json").code == 0
    assert server.requests[1].headers["if-modified-since"] == stamp


def test_offline_uses_cache_then_snapshot(site: Server, tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.json"
    snapshot.write_text(json.dumps({**SPEC, "info": {"title": "Snap", "version": "2"}}))
    cfg = write_config(tmp_path, source=f"{site.url}/v2/redoc", snapshot=snapshot)
    offline = run_cli("fetch", "-c", str(cfg), "--offline")
    assert offline.code == 0, offline.stderr
    assert "using" in offline.stderr and "snap.json" in offline.stderr
    assert json.loads((tmp_path / "out/permit/source.json").read_text())["info"]["title"] == "Snap"
    assert site.requests == []

    assert run_cli("fetch", "-c", str(cfg)).code == 0
    count = len(site.requests)
    cached = run_cli("fetch", "-c", str(cfg), "--offline")
    assert cached.code == 0
    assert len(site.requests) == count
    assert json.loads((tmp_path / "out/permit/source.json").read_text()) == SPEC
    assert "cache" in cached.stderr


def test_generate_falls_back_when_network_fails(tmp_path: Path) -> None:
    snapshot = tmp_path / "snap.json"
    snapshot.write_bytes(SPEC_BYTES)
    port = free_port()
    cfg = write_config(tmp_path, source=f"http://127.0.0.1:{port}/v2/redoc", snapshot=snapshot)
    result = run_cli("generate", "-c", str(cfg))
    assert result.code == 0, result.stderr
    assert "warning" in result.stderr and "network unavailable" in result.stderr
    assert str(snapshot) in result.stderr and "old" in result.stderr
    assert (tmp_path / "out" / "permit" / "source.json").is_file()


def test_retry_after_is_honoured(server: Server, tmp_path: Path) -> None:
    calls: list[float] = []

    def route(req: Request) -> tuple[int, dict[str, str], bytes]:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return 429, {"Retry-After": "1"}, b"slow down"
        if len(calls) == 2:
            return 503, {}, b"busy"
        return 200, {"Content-Type": "application/json"}, SPEC_BYTES

    server.routes["/openapi.json"] = route
    cfg = write_config(tmp_path, fetch={"max_backoff": 5.0})
    result = run_cli("fetch", "-c", str(cfg), "--source", f"{server.url}/openapi.json")
    assert result.code == 0, result.stderr
    assert len(calls) == 3
    assert calls[1] - calls[0] >= 0.9  # waited for Retry-After, not the 0.01 s back-off


def _timeout_route(req: Request) -> tuple[int, dict[str, str], bytes]:
    time.sleep(1.5)
    return 200, {"Content-Type": "application/json"}, SPEC_BYTES


BAD_CASES = {
    "connection refused": (None, {}, 3, "cannot connect"),
    "timeout": (_timeout_route, {"timeout": 0.3, "retries": 0}, 3, "timed out after 0.3s"),
    "404": (lambda r: (404, {}, b"nope"), {}, 3, "HTTP 404"),
    "repeated 500": (lambda r: (500, {}, b"boom"), {}, 3, "HTTP 500 after 3 attempts"),
    "429 storm": (lambda r: (429, {"Retry-After": "0"}, b""), {}, 3, "HTTP 429 after 3 attempts"),
    "html without spec": (
        lambda r: (200, {"Content-Type": "text/html"}, b"<html><body>Hi</body></html>"),
        {},
        4,
        "HTML page without a spec link",
    ),
    "invalid json": (
        lambda r: (200, {"Content-Type": "application/json"}, b'{"openapi": "3.1.0",'),
        {},
        4,
        "invalid JSON at line 1",
    ),
    "invalid yaml": (
        lambda r: (200, {"Content-Type": "application/yaml"}, b"openapi: [3.1\n  info: {"),
        {},
        4,
        "invalid YAML",
    ),
    "not openapi": (
        lambda r: (200, {"Content-Type": "application/json"}, b'{"hello": "world"}'),
        {},
        4,
        "not an OpenAPI 3 document",
    ),
    "over size cap": (
        lambda r: (200, {"Content-Type": "application/json"}, b" " * 5000 + SPEC_BYTES),
        {"max_bytes": 4096},
        3,
        "exceeds the 4096-byte cap",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_from_server(case: str, server: Server, tmp_path: Path) -> None:
    route, fetch, code, message = BAD_CASES[case]
    cfg = write_config(tmp_path, fetch=fetch)
    if route is None:
        url = f"http://127.0.0.1:{free_port()}/v2/openapi.json"
    else:
        server.routes["/v2/openapi.json"] = route
        url = f"{server.url}/v2/openapi.json"
    _assert_clean_failure(tmp_path, cfg, url, code, message)


def _assert_clean_failure(tmp_path: Path, cfg: Path, url: str, code: int, message: str) -> None:
    out = tmp_path / "out" / "permit"
    out.mkdir(parents=True)
    (out / "source.json").write_text("previous")
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "keep").write_text("x")
    before = (snapshot_tree(out), snapshot_tree(cache))
    result = run_cli("fetch", "permit", "-c", str(cfg), "--source", url)
    assert result.code == code, result.stderr
    lines = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert url.split("/v2")[0] in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert (snapshot_tree(out), snapshot_tree(cache)) == before
    assert not (tmp_path / "apigen.lock.json").exists()


def test_non_http_url(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    result = run_cli("fetch", "permit", "-c", str(cfg), "--source", "ftp://example.org/spec.json")
    assert result.code == 2
    assert "ftp://example.org/spec.json: only http(s) URLs are supported" in result.stderr


def test_missing_snapshot_path(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, snapshot=tmp_path / "missing.json")
    result = run_cli("fetch", "permit", "-c", str(cfg), "--offline")
    assert result.code == 3  # nothing usable offline; the message says how to get a spec
    assert "no snapshot yet" in result.stderr and "missing.json" in result.stderr
    assert "make test-data" in result.stderr and "Traceback" not in result.stderr


def test_missing_source_file(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    result = run_cli("fetch", "permit", "-c", str(cfg), "--source", str(tmp_path / "nope.json"))
    assert result.code == 2
    assert "nope.json" in result.stderr


def test_unknown_api_and_source_with_two_apis(tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    unknown = run_cli("fetch", "nope", "-c", str(cfg))
    assert unknown.code == 2 and "unknown API nope" in unknown.stderr
    missing = run_cli("fetch", "-c", str(tmp_path / "absent.toml"))
    assert missing.code == 2 and "config file not found" in missing.stderr


def test_quiet_silences_status(site: Server, tmp_path: Path) -> None:
    cfg = write_config(tmp_path)
    result = run_cli("fetch", "-q", "-c", str(cfg), "--source", f"{site.url}/v2/redoc")
    assert result.code == 0
    assert result.stderr == ""


def test_redirect_limit(server: Server, tmp_path: Path) -> None:
    server.routes["/loop"] = lambda r: (302, {"Location": "/loop"}, b"")
    cfg = write_config(tmp_path, fetch={"max_redirects": 3})
    result = run_cli("fetch", "-c", str(cfg), "--source", f"{server.url}/loop")
    assert result.code == 3
    assert "more than 3 redirects" in result.stderr


def test_the_installed_command_as_a_process(tmp_path: Path) -> None:
    """`python -m generator` as users run it: exit codes, one-line usage errors, and output
    complete although the process ends without tearing down its objects."""
    import subprocess
    import sys

    def apigen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=120
        )

    usage = apigen("generate", "--no-such-flag")
    assert usage.returncode == 2 and usage.stderr.count("\n") == 1
    assert "apigen: error: unrecognized arguments: --no-such-flag" in usage.stderr
    assert apigen("--help").returncode == 0
    config = repo_config(tmp_path)
    done = apigen("normalize", "pdp", "--offline", "-c", str(config))
    assert done.returncode == 0, done.stderr
    assert done.stderr.rstrip().endswith("changed)")  # the last status line made it out
    assert json.loads((tmp_path / "out" / "pdp" / "openapi.json").read_text())["paths"]
    diff = apigen(
        "diff", str(PDP_SPEC), str(PDP_SPEC), "--api", "pdp", "--offline", "-c", str(config)
    )
    assert diff.returncode == 0 and diff.stdout == "# API changes: pdp\n\nNo API changes.\n"


def test_a_redirect_from_https_to_http_is_refused(tmp_path: Path) -> None:
    """https -> http would carry the spec in clear text: exit 3, one line, nothing cached."""
    import httpx

    from generator.config import load_config
    from generator.errors import FetchError
    from generator.source import Cache, HttpFetcher

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            return httpx.Response(301, headers={"Location": "http://spec.example.test/o.json"})
        return httpx.Response(200, content=SPEC_BYTES)

    settings = load_config(write_config(tmp_path)).fetch
    fetcher = HttpFetcher(
        settings, Cache(tmp_path / "cache"), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(FetchError) as caught:
        fetcher.get("https://spec.example.test/openapi.json")
    assert caught.value.code == 3 and "refused a redirect from https" in str(caught.value)
    assert "\n" not in str(caught.value) and not (tmp_path / "cache").exists()


# ---- #34: what a fetched page names is held to the redirect rules ------------------------


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://docs.example.com/redoc", "http://docs.example.com/openapi.json"),
        ("https://docs.example.com/redoc", "http://127.0.0.1:8080/openapi.json"),
        ("https://docs.example.com/redoc", "https://127.0.0.1/openapi.json"),
        ("https://docs.example.com/redoc", "https://10.0.0.5/openapi.json"),
        ("https://docs.example.com/redoc", "https://[::1]/openapi.json"),
        ("https://docs.example.com/redoc", "https://[::ffff:169.254.169.254]/latest"),
        ("https://docs.example.com/redoc", "https://169.254.169.254/latest/meta-data"),
        ("https://docs.example.com/redoc", "https://localhost/openapi.json"),
        ("http://docs.example.com/redoc", "http://192.168.1.10/openapi.json"),
    ],
)
def test_a_named_link_may_not_downgrade_or_reach_a_private_address(source: str, url: str) -> None:
    with pytest.raises(FetchError, match="refused its link"):
        check_named(source, url)


@pytest.mark.parametrize(
    ("source", "url"),
    [
        ("https://docs.example.com/redoc", "https://api.example.com/openapi.json"),
        ("http://127.0.0.1:8000/redoc", "http://127.0.0.1:8000/openapi.json"),  # named local
        ("http://docs.example.com/redoc", "http://docs.example.com/openapi.json"),
    ],
)
def test_links_the_rules_allow(source: str, url: str) -> None:
    check_named(source, url)


def test_a_page_naming_a_plain_http_spec_exits_3(tmp_path: Path) -> None:
    """The whole command: a redoc page on https (served by a stand-in transport) whose
    spec-url is plain http is refused with exit 3 and one line, nothing written."""
    from helpers import run_cli, write_config

    config = write_config(tmp_path, source="https://docs.example.com/redoc")
    import httpx

    page = b'<html><redoc spec-url="http://docs.example.com/openapi.json"></redoc></html>'

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=page, headers={"Content-Type": "text/html"})

    original = httpx.Client.__init__

    def patched(self: httpx.Client, *args: Any, **kwargs: Any) -> None:
        kwargs["transport"] = httpx.MockTransport(answer)
        original(self, *args, **kwargs)

    mp = pytest.MonkeyPatch()
    mp.setattr(httpx.Client, "__init__", patched)
    try:
        result = run_cli("fetch", "permit", "-c", str(config))
    finally:
        mp.undo()
    assert result.code == 3, result.stderr
    assert "refused its link to http://docs.example.com/openapi.json" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
