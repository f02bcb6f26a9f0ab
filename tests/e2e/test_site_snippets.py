"""The snippets pages as a reader copies from them: every operation of both APIs has a curl, a
Python and a TypeScript snippet; the Python snippets together pass `mypy --strict` and the
TypeScript ones `tsc --strict` against the generated packages, and each of them, run as it
stands against a Prism mock of its API (only $PERMIT_API_KEY and the base URL set, as the
page's set-up says), ends without an error: the clients raise on any answer that is not a 2xx."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typescript import NODE_SCRIPTS, project, tsc

PANEL = re.compile(
    r'<div class="panel" id="(?P<op>[^"]+)-(?P<lang>curl|python|typescript|go)"[^>]*>'
    r".*?<code[^>]*>(?P<code>.*?)</code>",
    re.S,
)
URL_ENV = {"permit": "PERMIT_API_URL", "pdp": "PERMIT_PDP_URL"}
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def snippets(curl: Path) -> dict[str, dict[str, str]]:
    """language -> operation -> the snippet's text as the API's group pages show it (without
    script: the curl snippet's base URL, in its own element, is the first region's)."""
    out: dict[str, dict[str, str]] = {}
    pages = sorted((curl / "reference").glob("*.html"))
    assert pages
    for page in pages:
        for m in PANEL.finditer(page.read_text()):
            found = out.setdefault(m["lang"], {})
            assert m["op"] not in found, (m["lang"], m["op"])
            found[m["op"]] = html.unescape(re.sub(r"<[^>]*>", "", m["code"]))
    return out


def operations(spec: Path) -> set[str]:
    document = json.loads(spec.read_text())
    return {
        op["operationId"]
        for item in document["paths"].values()
        for method, op in item.items()
        if method in METHODS
    }


def _env(api: str, url: str, **more: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "PERMIT_API_KEY": "k", URL_ENV[api]: url, **more}


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_every_operation_has_a_snippet_in_every_language(generated: Path, api: str) -> None:
    found = snippets(generated / api / "curl")
    wanted = operations(generated / api / "openapi.json")
    assert len(wanted) == {"permit": 251, "pdp": 29}[api]
    for language in ("curl", "python", "typescript", "go"):
        assert set(found[language]) == wanted, language
        assert all(code.strip() for code in found[language].values()), language
    # the client snippets call the client the README documents, by its resource-style name
    if api == "permit":
        assert "api.users.create(" in found["python"]["create_user"]
        assert "await api.users.create(" in found["typescript"]["create_user"]


# Runs each snippet as its own script in one interpreter (a fresh namespace each, the package
# imported once): the count of snippets that raised, and the first lines of each error.
PY_RUNNER = """
import runpy, sys, traceback
failed = []
for path in sys.argv[1:]:
    try:
        runpy.run_path(path, run_name="__main__")
    except BaseException as exc:
        failed.append(f"{path}: {type(exc).__name__}: {str(exc)[:300]}")
print("\\n".join(failed), file=sys.stderr)
print(len(sys.argv) - 1 - len(failed))
sys.exit(1 if failed else 0)
"""


@pytest.mark.slow
@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_python_snippets_type_check_and_run(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path, api: str
) -> None:
    found = snippets(generated / api / "curl")["python"]
    folder = generated / api / "clients" / "python"
    for name, code in found.items():
        (tmp_path / f"{name}.py").write_text(code)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "."],
        capture_output=True, text=True, cwd=tmp_path, timeout=600,
        env={**os.environ, "MYPYPATH": str(folder)},
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout[-3000:]
    mock = prism(generated / api / "openapi.json")
    runner = tmp_path / "run_all.py.txt"
    runner.write_text(PY_RUNNER)
    scripts = sorted(str(tmp_path / f"{name}.py") for name in found)
    ran = subprocess.run(
        [sys.executable, str(runner), *scripts], capture_output=True, text=True, timeout=900,
        env=_env(api, mock.url, PYTHONPATH=str(folder)), cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-4000:]
    assert int(ran.stdout.split()[-1]) == len(found)


# Imports each compiled snippet in turn (an ES module runs on import): the count that ran.
NODE_RUNNER = """
const failed = [];
for (const file of process.argv.slice(2)) {
  try {
    await import(file);
  } catch (error) {
    failed.push(`${file}: ${error && error.name}: ${String(error && error.message).slice(0, 300)}`);
  }
}
console.error(failed.join("\\n"));
console.log(process.argv.length - 2 - failed.length);
process.exit(failed.length ? 1 : 0);
"""


@pytest.mark.slow
@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_typescript_snippets_compile_and_run(
    generated: Path, ts_root: Path, prism: Callable[[Path], Any], api: str
) -> None:
    found = snippets(generated / api / "curl")["typescript"]
    files = {f"{name}.mts": code for name, code in found.items()}
    folder = project(ts_root, f"snippets-{api}", NODE_SCRIPTS, files)
    built = tsc("5.9", "-p", "tsconfig.json", cwd=folder)
    assert built.returncode == 0, built.stdout[-3000:]
    (folder / "out" / "run_all.mjs").write_text(NODE_RUNNER)
    mock = prism(generated / api / "openapi.json")
    compiled = sorted(f"./{name}.mjs" for name in found)
    ran = subprocess.run(
        ["node", "run_all.mjs", *compiled], capture_output=True, text=True, timeout=900,
        env=_env(api, mock.url), cwd=folder / "out",
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-4000:]
    assert int(ran.stdout.split()[-1]) == len(found)


def _requests(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for item in node.get("item", []):
        found += [item] if "request" in item else _requests(item)
    return found


def _self_named(value: Any, where: str) -> list[str]:
    """Every string that equals the property it is the value of."""
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and item == key:
                out.append(f"{where}: {key}")
            out += _self_named(item, where)
    elif isinstance(value, list):
        for item in value:
            out += _self_named(item, where)
    return out


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_no_example_is_its_own_name(generated: Path, api: str) -> None:
    """The examples every artefact shares (Postman's bodies, query and path values; the same
    feed curl, Python and TypeScript): never a field's own name (`"key": "key"`)."""
    collection = json.loads(
        (generated / api / "postman" / f"{api}.postman_collection.json").read_text()
    )
    bad, bodies = [], 0
    for item in _requests(collection):
        url = item["request"]["url"]
        for param in url.get("query", []) + url.get("variable", []):
            if str(param.get("value", "")).strip('[]"') == param["key"]:
                bad.append(f"{item['name']}: {param['key']}")
        raw = item["request"].get("body", {}).get("raw")
        if raw:
            bodies += 1
            bad += _self_named(json.loads(raw), item["name"])
    assert bad == []
    assert bodies >= {"permit": 100, "pdp": 15}[api]
