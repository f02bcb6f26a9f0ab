"""generator.background: a forked child's result, its errors and its end (#24 item 7: the
Python models overlap the rest of a run on a second core)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.background import Pending
from generator.errors import SpecError

# pytest-xdist's workers run threads: a fork copies only the calling thread, so there
# `Pending` works in place. Each case runs in a fresh single-threaded interpreter instead.
CASES = {
    "result": """
        p = Pending(lambda: {"models.py": b"x" * 200_000, "pid": str(os.getpid()).encode()})
        got = p.result()
        assert got["models.py"] == b"x" * 200_000   # more than a pipe holds at once
        assert got["pid"] != str(os.getpid()).encode()  # computed in another process
        assert p.result() is got
        print("ok")
    """,
    "error": """
        def fail():
            raise SpecError("demo: datamodel-code-generator failed: bad")
        p = Pending(fail)
        try:
            p.result()
        except SpecError as exc:
            assert str(exc) == "demo: datamodel-code-generator failed: bad" and exc.code == 4
            print("ok")
    """,
    "unpicklable": """
        class Odd(Exception):
            def __reduce__(self):
                raise TypeError("no")
        def fail():
            raise Odd("strange")
        try:
            Pending(fail).result()
        except RuntimeError as exc:
            assert "Odd: strange" in str(exc)
            print("ok")
    """,
    "result that does not pickle": """
        # pickled into the pipe as it goes: the parent reads a cut-short stream
        p = Pending(lambda: {"a.py": b"x" * 300_000, "b": lambda: None})
        try:
            p.result()
        except RuntimeError as exc:
            assert "ended without a result" in str(exc)
            p.cancel()  # nothing left to stop, and no error
            print("ok")
    """,
    "child dies": """
        p = Pending(lambda: os._exit(3))
        try:
            p.result()
        except RuntimeError as exc:
            assert "ended without a result" in str(exc)
            print("ok")
    """,
    "cancel": """
        started = time.monotonic()
        p = Pending(lambda: time.sleep(30))
        pid = p._child[0]
        p.cancel()
        assert time.monotonic() - started < 10
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print("ok")   # killed and reaped
    """,
    "inline": """
        p = Pending(lambda: os.getpid(), background=False)
        assert p._child is None and p.result() == os.getpid()
        print("ok")
    """,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_pending(case: str) -> None:
    if not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2:
        pytest.fail("these tests need fork and two processors (as CI has)")
    script = "import os, time\nfrom generator.background import Pending\n"
    script += "from generator.errors import SpecError\n" + textwrap.dedent(CASES[case])
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stderr[-2000:]


def test_with_other_threads_the_work_runs_in_place() -> None:
    """Here (pytest's threads, or any caller's): no fork, the value computed at once."""
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        p = Pending(lambda: os.getpid())
        assert p._child is None and p.result() == os.getpid()
        with pytest.raises(SpecError, match=r"^x$"):  # raised where the work runs: here
            Pending(lambda: (_ for _ in ()).throw(SpecError("x")))
    finally:
        stop.set()
        other.join()


def test_models_made_in_a_child_are_the_same_as_made_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDP's whole output from `apigen generate` run as a command (single-threaded: its
    Python models made in a forked child) is byte for byte the output made in place."""
    from helpers import PDP_SPEC, run_cli, snapshot_tree

    from generator import background

    spec = tmp_path / "pdp.json"
    spec.write_bytes(PDP_SPEC.read_bytes())
    forked = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--source", str(spec), "--out", "a", "-q"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert forked.returncode == 0, forked.stderr[-2000:]
    monkeypatch.setattr(background, "_cores", lambda: 1)  # no second core: in place
    monkeypatch.chdir(tmp_path)
    here = run_cli("generate", "--source", str(spec), "--out", "b", "-q")
    assert here.code == 0, here.stderr
    a, b = snapshot_tree(tmp_path / "a"), snapshot_tree(tmp_path / "b")
    a = {k: v for k, v in a.items() if not k.startswith(".apigen-cache")}
    b = {k: v for k, v in b.items() if not k.startswith(".apigen-cache")}
    assert any(k.endswith("models/__init__.py") for k in a) and a == b


def test_the_validator_beside_the_emitters_still_stops_the_run(tmp_path: Path) -> None:
    """A first run validates in a forked child while the artefacts are built: a document the
    validator refuses is still exit 4 with its one line, and nothing is written."""
    import json

    from helpers import PDP_SPEC

    bad = json.loads(PDP_SPEC.read_text())
    bad["info"]["contact"] = {"email": ["not", "a", "string"]}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    ran = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--source", "bad.json", "--out", "o"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert ran.returncode == 4, ran.stderr[-2000:]
    assert "remain after normalization" in ran.stderr and "/info/contact/email" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not [p for p in (tmp_path / "o").glob("*") if not p.name.startswith(".")]


def test_kinds_emitted_in_a_child_are_the_same_as_emitted_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a second core idle, the kinds after the first are emitted in a forked child (the
    control plane: more operations than SPLIT_OPERATIONS): the files are byte for byte those
    emitted in place."""
    from helpers import PERMIT_SPEC, run_cli, snapshot_tree

    from generator import background, stages

    assert stages.SPLIT_OPERATIONS < 251
    spec = tmp_path / "permit.json"
    spec.write_bytes(PERMIT_SPEC.read_bytes())
    kinds = ["--only", "postman,curl,typescript"]
    command = [sys.executable, "-m", "generator", "generate", "--source", str(spec), "-q", *kinds]
    forked = subprocess.run(
        [*command, "--out", "a"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert forked.returncode == 0, forked.stderr[-2000:]
    monkeypatch.setattr(background, "_cores", lambda: 1)  # no second core: in place
    monkeypatch.chdir(tmp_path)
    here = run_cli("generate", "--source", str(spec), "--out", "b", "-q", *kinds)
    assert here.code == 0, here.stderr
    a, b = snapshot_tree(tmp_path / "a"), snapshot_tree(tmp_path / "b")
    a = {k: v for k, v in a.items() if not k.startswith(".apigen-cache")}
    b = {k: v for k, v in b.items() if not k.startswith(".apigen-cache")}
    assert any(k.endswith("curl/index.html") for k in a)
    assert any(k.endswith("clients/typescript/src/client.ts") for k in a) and a == b


SMALL_SPEC = """\
openapi: 3.0.3
info: {title: Things, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /things/{id}:
    get:
      operationId: get_thing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties: {id: {type: string}, size: {type: integer, minimum: 0}}
"""

TWO_APIS = """\
[settings]
out = "{out}"
cache = "cache"
lock = "lock.json"

[apis.pets]
source = "{pets}"

[apis.games]
source = "{games}"
"""


def test_apis_built_together_are_the_same_as_built_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two APIs in one run: each normalized and its Python models started in a forked process
    before either is emitted. Every file is byte for byte what a run of that API alone makes;
    and when the second API's spec is bad, the run stops with its one line and writes nothing."""
    from helpers import run_cli, snapshot_tree

    pets, games = tmp_path / "pets.yaml", tmp_path / "games.yaml"
    for path, noun in ((pets, "Pet"), (games, "Game")):
        path.write_text(SMALL_SPEC.replace("Thing", noun).replace("things", noun.lower() + "s"))
    monkeypatch.chdir(tmp_path)

    def config(name: str, games_spec: Path = games) -> str:
        path = tmp_path / f"{name}.toml"
        path.write_text(TWO_APIS.format(out=name, pets=pets, games=games_spec))
        return str(path)

    command = [sys.executable, "-m", "generator", "generate", "-q", "--offline", "-c"]
    together = subprocess.run(
        [*command, config("together")], capture_output=True, text=True, timeout=600
    )
    assert together.returncode == 0, together.stderr[-2000:]
    for api in ("pets", "games"):
        alone = run_cli("generate", api, "-q", "--offline", "-c", config("alone"))
        assert alone.code == 0, alone.stderr
    a, b = snapshot_tree(tmp_path / "together"), snapshot_tree(tmp_path / "alone")
    a = {k: v for k, v in a.items() if not k.startswith("site")}  # spans the APIs of a run
    b = {k: v for k, v in b.items() if not k.startswith("site")}
    assert any(k.endswith("models/__init__.py") for k in a) and a == b
    bad = tmp_path / "bad.yaml"
    bad.write_text(games.read_text().replace("#/components/schemas/", "#/components/nothing/"))
    failed = subprocess.run(
        [*command, config("failed", bad)], capture_output=True, text=True, timeout=600
    )
    assert failed.returncode == 4, failed.stderr[-2000:]
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
    assert not (tmp_path / "failed").exists()
