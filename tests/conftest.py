from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))  # helpers, specs, ...

from helpers import NODE_BIN, SHARED, Server, free_port, serve, wait_for_port

SLOW_FOLDERS = {"e2e", "fuzz"}  # every test there is slow; elsewhere modules mark themselves


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FOLDERS & set(item.path.parts):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session", autouse=True)
def _shared_present() -> None:
    if not (SHARED / "specs" / "permit" / "openapi.json").is_file():
        pytest.exit(
            "test data missing: no ../shared, no $APIGEN_TEST_SPECS and no .apigen-cache/test-data;"
            " run `make test-data` (downloads the pinned specs and checks their sha256)",
            returncode=2,
        )


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server(url="")
    httpd, thread = serve(srv)
    yield srv
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


class Prism:
    def __init__(self, spec: Path, log: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [NODE_BIN / "prism", "mock", "-h", "127.0.0.1", "-p", str(self.port), *extra, spec],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_for_port(self.port, timeout=120)
        except TimeoutError:
            self.stop()
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"prism did not start: {tail}") from None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log.close()


@pytest.fixture
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Prism]]:
    """Start Prism mocking a spec on 127.0.0.1 on a free port (`-d`: its dynamic mode); stopped
    by PID afterwards."""
    started: list[Prism] = []

    def start(spec: Path, *extra: str) -> Prism:
        instance = Prism(spec, tmp_path_factory.mktemp("prism") / "prism.log", *extra)
        started.append(instance)
        return instance

    yield start
    for instance in started:
        instance.stop()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`apigen generate --offline` for both APIs into a folder shared by the session, with the
    project's configuration whose lock and cache are moved there too (no tracked file changes)."""
    from helpers import repo_config, run_cli

    out = tmp_path_factory.mktemp("generated")
    config = repo_config(tmp_path_factory.mktemp("config"))
    result = run_cli("generate", "--offline", "--out", str(out), "-q", "-c", str(config))
    assert result.code == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def ts_root(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both generated TypeScript packages in a `node_modules`, built once per test worker
    (tests/typescript.py); tests add their projects beside it."""
    from typescript import install

    return install(generated, tmp_path_factory.mktemp("ts"))
