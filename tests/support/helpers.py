"""Test helpers: a real local HTTP server with scripted routes, configs, and running the CLI."""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from generator.cli import run

ROOT = Path(__file__).resolve().parent.parent.parent
TESTS = ROOT / "tests"
TS_SCRIPTS = TESTS / "typescript" / "scripts"  # the Node scripts the TypeScript tests run


def _test_data() -> Path:
    """Where the Permit specs for the tests are: ../shared beside the checkout, else
    $APIGEN_TEST_SPECS, else the pinned copies `make test-data` downloads into the cache."""
    for folder in (
        ROOT.parent / "shared",
        Path(os.environ["APIGEN_TEST_SPECS"]) if os.environ.get("APIGEN_TEST_SPECS") else None,
        ROOT / ".apigen-cache" / "test-data",
    ):
        if folder is not None and (folder / "specs" / "permit" / "openapi.json").is_file():
            return folder
    return ROOT.parent / "shared"  # absent: conftest says how to get the data


SHARED = _test_data()
NODE_BIN = ROOT / "tools" / "node" / "node_modules" / ".bin"
# TypeScript 5.9 and 7 side by side (tools/node pins both; `.bin/tsc` is whichever npm linked last)
TSC = {
    "5.9": ROOT / "tools" / "node" / "node_modules" / "typescript" / "bin" / "tsc",
    "7": ROOT / "tools" / "node" / "node_modules" / "typescript7" / "bin" / "tsc",
}
PERMIT_SPEC = SHARED / "specs" / "permit" / "openapi.json"
# other APIs' public specs, read in place beside the checkout (the Permit specs may come from
# elsewhere: SHARED)
CORPUS = ROOT.parent / "shared" / "corpus"
PDP_SPEC = SHARED / "specs" / "permit" / "pdp-openapi.json"
HISTORY = SHARED / "specs" / "permit" / "history"

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[["Request"], Reply]


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""

    @property
    def query(self) -> dict[str, list[str]]:
        from urllib.parse import parse_qs, urlsplit

        return parse_qs(urlsplit(self.path).query, keep_blank_values=True)


@dataclass
class Server:
    url: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]


def serve(server: Server) -> tuple[ThreadingHTTPServer, threading.Thread]:
    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            req = Request(self.command, self.path, headers, body)
            server.requests.append(req)
            path = self.path.split("?")[0]
            route = (
                server.routes.get(f"{self.command} {path}")
                or server.routes.get(path)
                or server.routes.get("*")  # a stand-in that routes by itself
            )
            status, headers, body = route(req) if route else (404, {}, b"not found")
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers and not callable(body):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if callable(body):  # a route that writes its body itself (slowly, in parts)
                    body(self.wfile)
                else:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _any

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd, thread


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def write_config(
    folder: Path,
    *,
    source: str = "https://api.permit.io/v2/redoc",
    snapshot: Path | None = None,
    fetch: dict[str, Any] | None = None,
    extra_api: str = "",
) -> Path:
    """A config for one API named `permit`, fast fetch settings, cache and output inside `folder`."""
    settings = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "max_backoff": 0.2, **(fetch or {})}
    lines = [
        "[settings]",
        'out = "out"',
        'cache = "cache"',
        'lock = "apigen.lock.json"',
        "[fetch]",
        *(f"{k} = {json.dumps(v)}" for k, v in settings.items()),
        "[apis.permit]",
        'title = "Permit.io API"',
        f"source = {json.dumps(source)}",
    ]
    if snapshot is not None:
        lines.append(f"snapshot = {json.dumps(str(snapshot))}")
    lines += [
        "[[apis.permit.regions]]",
        'key = "us"',
        'name = "Permit US"',
        'url = "https://api.permit.io"',
        "[[apis.permit.regions]]",
        'key = "eu"',
        'name = "Permit EU"',
        'url = "https://api.eu.permit.io"',
        extra_api,
    ]
    path = folder / "apigen.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    """Run `apigen ARGS` in this process, capturing its output and exit code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(list(args))
        except SystemExit as exc:  # --help, and argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pin_test_data(text: str) -> str:
    """apigen.toml's text with each API's offline snapshot set to the test data and overlays
    found from anywhere."""
    files = {"permit": "openapi.json", "pdp": "pdp-openapi.json"}
    text = re.sub(
        r'snapshot = \[[^\]\n]*"output/(\w+)/source\.json"[^\]\n]*\]',
        lambda m: f'snapshot = "{SHARED / "specs" / "permit" / files[m.group(1)]}"',
        text,
    )
    return text.replace('"overlays/', f'"{ROOT}/overlays/')


def repo_config(folder: Path) -> Path:
    """The project's own apigen.toml, with output, cache and lock moved into `folder`."""
    text = pin_test_data((ROOT / "apigen.toml").read_text(encoding="utf-8"))
    for key, value in (("out", "out"), ("cache", "cache"), ("lock", "apigen.lock.json")):
        text = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{value}"', text)
    path = folder / "apigen.toml"
    path.write_text(text, encoding="utf-8")
    return path


GZIP_LEVEL = 6  # what nginx and most servers send


@contextlib.contextmanager
def static_server(folder: Path, compress: bool = False) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port) for the duration of the block;
    `compress`: files gzipped for a client that accepts it, as a production server sends them
    (each compressed once, on its first request: a request after it waits for no compression)."""
    gzipped: dict[Path, bytes] = {}

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path))
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (compress and accepts and path.is_file()):
                super().do_GET()
                return
            data = gzipped.get(path)
            if data is None:
                data = gzipped[path] = gzip.compress(path.read_bytes(), GZIP_LEVEL)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def generate_from(spec: dict[str, Any], folder: Path, *extra: str) -> Path:
    """`apigen generate permit --source <spec>` into `folder`/out; returns out/permit. The
    configured title is left out, so that the spec's own `info.title` (hostile text, in the
    escaping tests) names the API in every artefact."""
    path = folder / "spec.json"
    path.write_text(json.dumps(spec))
    config = repo_config(folder)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('title = "Permit.io API"\n', "", 1), encoding="utf-8")
    result = run_cli(
        "generate",
        "permit",
        "--source",
        str(path),
        "--out",
        str(folder / "out"),
        "-q",
        "-c",
        str(config),
        *extra,
    )
    assert result.code == 0, result.stderr
    return folder / "out" / "permit"


def venv_with_wheel(folder: Path, wheel: Path) -> Path:
    """A fresh venv in `folder` with `wheel` installed (no dependencies fetched: a .pth adds this
    environment's site-packages alone, whose own .pth files, the editable path to this checkout
    among them, are not processed). Returns the venv's folder."""
    import subprocess
    import sys
    import sysconfig

    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    site = Path(sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"])
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def models_source(package: Path) -> str:
    """The text of a generated Python package's `models` (a package of modules: every module,
    in name order)."""
    return "\n".join(p.read_text() for p in sorted((package / "models").glob("*.py")))


def search_entries(page: Path) -> list[dict[str, str]]:
    """The search data a reference page (or the site's index) carries: every operation it
    finds, with the page that documents it (relative to the site's root)."""
    from generator.emit.curl import SEARCH_BLOCK, read_search_block

    (block,) = SEARCH_BLOCK.findall(page.read_text())
    return read_search_block(block)


def group_page(api_folder: Path, operation: str) -> str:
    """The page that documents `operation` (its group's), relative to the API's folder:
    `curl/reference/users.html`."""
    prefix = api_folder.name + "/"
    for entry in search_entries(api_folder / "curl" / "index.html"):
        if entry["name"] == operation and entry["page"].startswith(prefix):
            return entry["page"].removeprefix(prefix)
    raise KeyError(operation)
