"""Every example in both client READMEs of both APIs runs, verbatim, against a Prism mock of its
API, and ends: the only change is the environment a reader sets ($PERMIT_API_KEY, and
$PERMIT_API_URL / $PERMIT_PDP_URL pointing at Prism). Python blocks run as scripts against the
generated package; TypeScript blocks are compiled by tsc --strict (NodeNext) against the built
packages and run on Node."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typescript import NODE_SCRIPTS, project, tsc

pytestmark = pytest.mark.slow  # make test-fast leaves it out

BLOCK = re.compile(r"^(`{3,})(python|ts)\n(.*?)^\1$", re.M | re.S)
URL_ENV = {"permit": "PERMIT_API_URL", "pdp": "PERMIT_PDP_URL"}


def _blocks(readme: Path, language: str) -> list[str]:
    found = [m[3] for m in BLOCK.finditer(readme.read_text()) if m[2] == language]
    assert found, f"{readme}: no {language} example"
    return found


def _env(api: str, url: str, **more: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "PERMIT_API_KEY": "k", URL_ENV[api]: url, **more}


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_python_readme_examples_run(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path, api: str
) -> None:
    folder = generated / api / "clients" / "python"
    mock = prism(generated / api / "openapi.json")
    blocks = _blocks(folder / "README.md", "python")
    for index, code in enumerate(blocks):
        script = tmp_path / f"example_{index}.py"
        script.write_text(code)
        env = _env(api, mock.url, PYTHONPATH=str(folder))
        ran = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env
        )
        assert ran.returncode == 0, (code, ran.stderr[-3000:])
    assert len(blocks) >= (5 if api == "permit" else 3)


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_typescript_readme_examples_compile_and_run(
    generated: Path, ts_root: Path, prism: Callable[[Path], Any], api: str
) -> None:
    blocks = _blocks(generated / api / "clients" / "typescript" / "README.md", "ts")
    files = {f"example_{i}.mts": code for i, code in enumerate(blocks)}
    folder = project(ts_root, f"readme-{api}", NODE_SCRIPTS, files)
    built = tsc("5.9", "-p", "tsconfig.json", cwd=folder)
    assert built.returncode == 0, built.stdout[-3000:]
    mock = prism(generated / api / "openapi.json")
    for name, code in files.items():
        script = folder / "out" / name.replace(".mts", ".mjs")
        ran = subprocess.run(
            ["node", str(script)], capture_output=True, text=True, timeout=120,
            env=_env(api, mock.url), cwd=folder,
        )  # fmt: skip
        assert ran.returncode == 0, (code, ran.stderr[-3000:])
    assert len(blocks) >= (5 if api == "permit" else 3)
