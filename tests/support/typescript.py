"""The generated TypeScript packages as a user's project has them: copied into a `node_modules`,
built with `tsc -p` (what `npm run build` runs), beside `@types/node` for the Node-only profile."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from helpers import ROOT, TSC

PACKAGES = {"permit": "permit-api", "pdp": "permit-pdp"}
NODE_MODULES = ROOT / "tools" / "node" / "node_modules"
# tsc reports `file(line,col): error TSxxxx: ...`
ERROR = re.compile(r"^(?P<file>[^(\s]+)\((?P<line>\d+),\d+\): error (?P<code>TS\d+)", re.M)


# A reader's Node project: ES modules run by Node (20+), strictest optional properties, built
# to `out/` so that each file can then run.
NODE_SCRIPTS = {
    "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
    "lib": ["ES2022"], "types": ["node"], "exactOptionalPropertyTypes": True,
    "noEmit": False, "outDir": "out",
}  # fmt: skip


def tsc(version: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TSC[version]), *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )


def compile_core(folder: Path) -> Path:
    """The TypeScript runtime core compiled as an ES module into `folder`: its `_core.js`."""
    (folder / "package.json").write_text('{"type": "module"}')
    runtime = ROOT / "generator" / "runtime" / "typescript"
    built = tsc(
        "5.9", "-p", str(runtime / "tsconfig.json"), "--noEmit", "false", "--outDir", str(folder),
        cwd=folder,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:]
    return folder / "_core.js"


def errors(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str]]:
    return [(m["file"], int(m["line"]), m["code"]) for m in ERROR.finditer(result.stdout)]


def install(generated: Path, root: Path) -> Path:
    """`root/node_modules/<package>` for both APIs, each built to `dist/`; `@types/node` (and
    the `undici-types` it reads) linked from tools/node. Returns `root`."""
    modules = root / "node_modules"
    modules.mkdir(parents=True, exist_ok=True)
    for api, name in PACKAGES.items():
        dest = modules / name
        if dest.exists():
            continue
        shutil.copytree(generated / api / "clients" / "typescript", dest)
        for config in ("tsconfig.json", "tsconfig.cjs.json"):  # what `npm run build` runs
            built = tsc("5.9", "-p", config, cwd=dest)
            assert built.returncode == 0, built.stdout[-3000:]
    (modules / "@types").mkdir(exist_ok=True)
    for link, target in (
        (modules / "@types" / "node", NODE_MODULES / "@types" / "node"),
        (modules / "undici-types", NODE_MODULES / "undici-types"),
    ):
        if not link.exists():
            os.symlink(target, link)
    return root


def project(root: Path, name: str, compiler: dict[str, Any], files: dict[str, str]) -> Path:
    """A folder under `root` (so it sees root/node_modules) with a tsconfig and source files."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps({"type": "module", "private": True}))
    config = {
        "compilerOptions": {"strict": True, "noEmit": True, "skipLibCheck": False, **compiler},
        "files": sorted(files),
    }
    (folder / "tsconfig.json").write_text(json.dumps(config, indent=2))
    for file, text in files.items():
        (folder / file).write_text(text)
    return folder


def node(script: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """The system's Node (20 here: the packages' floor) running a test script."""
    return subprocess.run(
        ["node", str(script), *args], capture_output=True, text=True, timeout=timeout
    )
