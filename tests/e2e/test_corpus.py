"""Real public specs of other APIs (../shared/corpus, pinned by sha256 in its SOURCES.md), each
generated as a new user would: `apigen generate --source SPEC --out DIR` in a folder without an
apigen.toml. Every OpenAPI 3.x one generates; its normalized spec is valid; operations, Postman
requests (and one per webhook), curl snippets and the methods of both clients agree in number;
the Python package passes mypy --strict and ruff check (its default rules) and imports, the
TypeScript one tsc --strict, the Go module go fmt, go vet and staticcheck; the Postman
collection's auth is what the spec's securitySchemes say (basic for Twilio, an API-key
header for PagerDuty, none where the spec declares none); nothing in the output names Permit.
The Swagger 2.0 file is refused with one line (exit 4)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from golang import STATICCHECK, go
from helpers import CORPUS, ROOT
from typescript import tsc

pytestmark = pytest.mark.slow  # make test-fast leaves it out

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _entries() -> dict[str, tuple[Path, str]]:
    """name -> (entry file, sha256) from SOURCES.md."""
    out = {}
    for row in re.findall(
        r"^\| ([\w.-]+) \| [^|]+ \| ([^|]+) \| \w+ \| (\w{64}) \|",
        (CORPUS / "SOURCES.md").read_text(),
        re.M,
    ):
        name, _path, digest = row
        folder = CORPUS / name
        if name == "digitalocean":
            entry = folder / "specification" / "DigitalOcean-public.v2.yaml"
        else:
            entry = next(p for p in folder.iterdir() if p.suffix in (".json", ".yaml", ".yml"))
        out[name] = (entry, digest)
    return out


ENTRIES = _entries()


def _generate(entry: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "APIGEN_CONFIG"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--source", str(entry), "--out", "out"],
        cwd=folder, capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip


def _requests(item: Any) -> int:
    if isinstance(item, dict):
        return ("request" in item) + sum(_requests(v) for v in item.get("item", []))
    return 0


def _auth(collection: dict[str, Any]) -> tuple[str, str, str] | None:
    """The collection's auth: (type, where, the header or parameter), or None."""
    found = collection.get("auth")
    if not found:
        return None
    if found["type"] == "apikey":
        values = {v["key"]: v["value"] for v in found["apikey"]}
        return "apikey", values["in"], values["key"]
    return found["type"], "header", "Authorization"


def _expected_auth(document: dict[str, Any]) -> tuple[str, str, str] | None:
    """What the spec's securitySchemes say the collection must send (its global requirement's
    first scheme, else the first an operation uses), read here without apigen's code."""
    schemes = document.get("components", {}).get("securitySchemes", {})
    used = [
        next(iter(r))
        for item in document.get("paths", {}).values()
        for method, op in item.items()
        if method in METHODS
        for r in op.get("security", document.get("security")) or []
        if r
    ]
    chosen = [next(iter(r)) for r in document.get("security") or [] if r] or used
    if not chosen:
        return None
    scheme = schemes[chosen[0]]
    if scheme["type"] == "apiKey":
        return "apikey", scheme["in"], scheme["name"]
    if scheme["type"] == "http":
        return str(scheme["scheme"]).lower(), "header", "Authorization"
    return "bearer", "header", "Authorization"  # OAuth 2 / OpenID Connect: the access token


@pytest.mark.parametrize("name", sorted(n for n in ENTRIES if n != "swagger2-keto"))
def test_corpus_spec_generates_without_a_config(name: str, tmp_path: Path) -> None:
    entry, digest = ENTRIES[name]
    assert hashlib.sha256(entry.read_bytes()).hexdigest() == digest  # the pinned file
    run = _generate(entry, tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "derived from the spec" in run.stderr
    (folder,) = [
        p
        for p in (tmp_path / "out").iterdir()
        if p.is_dir() and p.name not in ("site", ".apigen-cache")
    ]
    assert folder.name.isidentifier()
    document = json.loads((folder / "openapi.json").read_text())
    from openapi_spec_validator import validate

    validate(document)
    operations = sum(
        1 for item in document.get("paths", {}).values() for method in item if method in METHODS
    )
    collection = json.loads(
        next((folder / "postman").glob("*.postman_collection.json")).read_text()
    )
    snippets = json.loads((folder / "curl" / "snippets.json").read_text())
    names = json.loads((folder / "clients" / "names.json").read_text())
    webhooks = sum(  # each also a request, in the collection's webhook folder
        1 for item in document.get("webhooks", {}).values() for method in item if method in METHODS
    )
    assert _requests(collection) == operations + webhooks and operations == len(names)
    assert len(snippets) == operations
    assert _auth(collection) == _expected_auth(document), name
    typescript = (folder / "clients" / "typescript" / "src" / "client.ts").read_text()
    plain = [b for n, b in re.findall(r"^export class (\w+) \{\n(.*?)^\}", typescript, re.M | re.S)
             if n.endswith("Api") and not n.endswith("WithResponse")]  # fmt: skip
    assert sum(len(re.findall(r"^  async (\w+)\(", b, re.M)) for b in plain) == operations

    python = folder / "clients" / "python"
    (package,) = [p.name for p in python.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, package],
        cwd=python, capture_output=True, text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout[-3000:]
    linted = subprocess.run(  # ruff's default rules, as the package's users would run them
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", package],
        cwd=python, capture_output=True, text=True,
    )  # fmt: skip
    assert linted.returncode == 0, linted.stdout[-3000:]
    # the client imports, and every model builds (each loaded and complete: a schema pydantic
    # refuses, such as a pattern its engine cannot read, would fail only on first use)
    probe = (
        f"import {package}.client as c\n"
        f"from {package} import models\n"
        "built = [getattr(models, n) for n in models.__all__]\n"
        "for m in built:\n"
        "    if hasattr(m, 'model_rebuild'):\n"
        "        m.model_rebuild()\n"
        "        assert m.__pydantic_complete__, m\n"
        "print(len(c.__all__), len(built))\n"
    )
    imported = subprocess.run(
        [sys.executable, "-W", "error", "-c", probe], cwd=python, capture_output=True, text=True
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
    compiled = tsc(
        "5.9",
        "-p",
        "tsconfig.json",
        "--noEmit",
        cwd=folder.parent / folder.name / "clients" / "typescript",
    )
    assert compiled.returncode == 0, compiled.stdout[-3000:]
    module = folder / "clients" / "go"  # the Go module: one method per operation, checked by Go
    services = (module / "services.go").read_text()
    verbs = "|".join(m.upper() for m in METHODS)
    assert len(re.findall(rf"^// (?:{verbs}) /", services, re.M)) == operations
    assert "require" not in (module / "go.mod").read_text()
    for command in (("fmt", "./..."), ("vet", "./..."), ("run", STATICCHECK, "./...")):
        checked_go = go(*command, cwd=module)
        assert checked_go.returncode == 0 and checked_go.stdout == "", (
            f"go {command[0]}: {(checked_go.stdout + checked_go.stderr)[-3000:]}"
        )
    leaks = [
        str(p.relative_to(tmp_path))
        for p in (tmp_path / "out").rglob("*")
        if p.is_file()
        and ".apigen-cache" not in p.parts
        and re.search(rb"Permit|PERMIT_|projectKey|environmentKey|API key scope", p.read_bytes())
    ]
    assert leaks == []


def test_swagger_2_is_refused_in_one_line(tmp_path: Path) -> None:
    entry, _ = ENTRIES["swagger2-keto"]
    run = _generate(entry, tmp_path)
    assert run.returncode == 4
    assert (
        run.stderr.strip()
        .splitlines()[-1]
        .endswith("Swagger 2.0 is not supported, only OpenAPI 3.0 and 3.1")
    )
    assert "Traceback" not in run.stderr and not (tmp_path / "out").exists()


def test_the_corpus_covers_every_kind_of_auth() -> None:
    """basic (twilio-iam), an API key in a header (pagerduty), bearer, and none."""
    import yaml

    found = {}
    for name, (entry, _) in ENTRIES.items():
        if name in ("swagger2-keto", "digitalocean"):
            continue
        text = entry.read_text()
        document = json.loads(text) if entry.suffix == ".json" else yaml.safe_load(text)
        found[name] = _expected_auth(document)
    assert found["twilio-iam"] == ("basic", "header", "Authorization")
    assert found["pagerduty"] == ("apikey", "header", "Authorization")
    assert found["asana"] == ("bearer", "header", "Authorization")
    assert found["petstore-oai-3.0"] is None
