"""A client language is one registration (issue #35): a throwaway language registered as a Kind,
with its adapter module, shows up everywhere a language does — `--only`, the snippets page's
tabs and install lines, the site's client rows, `make dist` — with no other change."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from generator import kinds

TOY = '''
"""A throwaway client language: one file per operation, and snippets."""
from generator.emit import Files


def prepare(schemas, config):
    return {}


def emit(inp):
    return {f"clients/toy/{op.name}.toy": f"call {op.method} {op.path}\\n".encode() for op in inp.api.operations} | {
        "clients/toy/README.md": b"# toy\\n", "clients/toy/toy.mod": b"toy 1\\n"}


def snippets(inp):
    return {op.name: f"toy.call({op.name!r})" for op in inp.api.operations}


def install(config, version):
    return f"toy get {config.name}@{version}"


def install_local(folder):
    return f"toy link {folder}"
'''
TOOLING = """
def dist(package, out):
    made = out / f"{package.parent.parent.name}.toy.zip"
    made.write_bytes(b"toy")
    return [made]


def lint(root):
    return []
"""
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Things", "version": "1"},
    "paths": {"/things": {"get": {"operationId": "list_things", "tags": ["things"],
              "responses": {"200": {"description": "ok", "content": {"application/json": {
                  "schema": {"type": "array", "items": {"type": "string"}}}}}}}}},
}  # fmt: skip


def test_a_throwaway_language_is_one_registration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "toylang.py").write_text(TOY)
    (tmp_path / "toytools.py").write_text(TOOLING)
    (tmp_path / "open.json").write_text(json.dumps(SPEC))
    monkeypatch.syspath_prepend(str(tmp_path))
    toy = kinds.Kind("toy", "toylang", "clients/toy", site=("README.md",), label="Toy",
                     tooling="toytools", manifest="toy.mod")  # fmt: skip
    monkeypatch.setitem(kinds.REGISTRY, "toy", toy)  # in place: modules hold the dict
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", "open.json", "--out", "out", "--only", "curl,toy,site")
    assert result.code == 0, result.stderr
    out = tmp_path / "out"
    assert (
        out / "things" / "clients" / "toy" / "list_things.toy"
    ).read_text() == "call get /things\n"
    home = (out / "things" / "curl" / "index.html").read_text()
    assert "toy get things@" in home  # its install line in the set-up
    page = "".join(p.read_text() for p in (out / "things" / "curl" / "reference").glob("*.html"))
    assert 'data-language="toy"' in page and "toy.call('list_things')" in page
    site = (out / "site" / "index.html").read_text()
    assert (
        "Toy client: <code>toy get things@" in site and "toy link output/things/clients/toy" in site
    )
    spec = importlib.util.spec_from_file_location("dist", ROOT / "tools" / "dist.py")
    assert spec is not None and spec.loader is not None
    dist = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dist)
    monkeypatch.setattr(sys, "argv", ["dist.py", str(out)])
    assert dist.main() == 0
    assert (out / "dist" / "things.toy.zip").read_bytes() == b"toy"
