"""The TypeScript package installed as its README says, before publication: `npm pack` (whose
prepack compiles `dist/` with source and declaration maps) and `npm install ./<tarball>` into a
fresh project; then used from an ES module, from CommonJS `require()` (Node 20.19+), and from a
`.cts` file that tsc --strict compiles under NodeNext."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import TSC

pytestmark = pytest.mark.slow  # make test-fast leaves it out
NODE_MODULES = Path(__file__).resolve().parents[2] / "tools" / "node" / "node_modules"


def _run(*args: str, cwd: Path, url: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "npm_config_audit": "false", "npm_config_fund": "false"}
    if url:
        env["PERMIT_API_URL"] = url
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_packed_and_installed_as_the_readme_says(
    generated: Path, tmp_path: Path, prism: Callable[[Path], Any]
) -> None:
    package = tmp_path / "permit-api"
    shutil.copytree(generated / "permit" / "clients" / "typescript", package)
    (package / "node_modules").mkdir()
    # its devDependency, as `npm install` in that folder would provide it
    os.symlink(NODE_MODULES / "typescript", package / "node_modules" / "typescript")
    (package / "node_modules" / ".bin").mkdir()
    os.symlink("../typescript/bin/tsc", package / "node_modules" / ".bin" / "tsc")
    packed = _run("npm", "pack", "--silent", cwd=package)
    assert packed.returncode == 0, packed.stderr[-2000:]
    tarball = package / packed.stdout.strip().splitlines()[-1]
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    for wanted in ("dist/index.js", "dist/index.d.ts", "dist/index.js.map", "dist/index.d.ts.map",
                   "dist/client.js", "cjs/index.js", "cjs/index.d.ts", "cjs/index.js.map",
                   "cjs/package.json", "src/index.ts", "package.json", "README.md"):  # fmt: skip
        assert f"package/{wanted}" in names, wanted
    manifest = json.loads((package / "package.json").read_text())
    assert manifest["license"] == "MIT"
    assert manifest["exports"]["."]["require"]["default"] == "./cjs/index.js"
    # @arethetypeswrong/cli (pinned in tools/node): types right for every resolution mode
    attw = _run(str(NODE_MODULES / ".bin" / "attw"), "--format", "json", str(tarball), cwd=package)
    assert attw.returncode == 0, attw.stdout[-3000:]
    assert not json.loads(attw.stdout)["problems"]

    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text(json.dumps({"name": "app", "private": True}))
    installed = _run("npm", "install", "--offline", "--ignore-scripts", str(tarball), cwd=app)
    assert installed.returncode == 0, installed.stderr[-2000:]
    mock = prism(generated / "permit" / "openapi.json")  # one call each, $PERMIT_API_URL at it
    settings = '{ apiKey: "k", project: "default", environment: "production" }'
    (app / "esm.mjs").write_text(
        'import { PermitApi } from "permit-api";\n'
        f"const api = new PermitApi({settings});\n"
        'console.log(typeof (await api.users.get("jane")).key);\n'
    )
    (app / "cjs.cjs").write_text(
        'const { PermitApi } = require("permit-api");\n'
        f'new PermitApi({settings}).users.get("jane").then((u) => console.log(typeof u.key));\n'
    )
    for script in ("esm.mjs", "cjs.cjs"):
        ran = _run("node", script, cwd=app, url=mock.url)
        assert ran.returncode == 0 and ran.stdout.strip() == "string", (script, ran.stderr)
    (app / "use.cts").write_text(
        'import { PermitApi, NotFoundError } from "permit-api";\n'
        'const api = new PermitApi({ apiKey: "k", project: "default", environment: "production" });\n'
        "export async function main(): Promise<string | undefined> {\n"
        "  try {\n"
        '    return (await api.users.get("jane")).key;\n'
        "  } catch (error) {\n"
        "    if (error instanceof NotFoundError) return undefined;\n"
        "    throw error;\n"
        "  }\n"
        "}\n"
    )
    (app / "use.mts").write_text(  # the same from an ES module, under the same settings
        'import { PermitApi, type UserRead } from "permit-api";\n'
        'const api = new PermitApi({ apiKey: "k", project: "default", environment: "production" });\n'
        'const user: UserRead = await api.users.get("jane");\n'
        "export const kind = typeof user.key;\n"
    )
    (app / "tsconfig.json").write_text(json.dumps({"compilerOptions": {
        "strict": True, "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022",
        "exactOptionalPropertyTypes": True, "types": [], "lib": ["ES2022"], "outDir": "out",
    }, "files": ["use.cts", "use.mts"]}))  # fmt: skip
    built = subprocess.run(
        [str(TSC["5.9"]), "-p", "tsconfig.json"], cwd=app, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout[-3000:]
    ran = _run(
        "node", "-e", 'require("./out/use.cjs").main().then((k) => console.log(typeof k))',
        cwd=app, url=mock.url,
    )  # fmt: skip
    assert ran.returncode == 0 and ran.stdout.strip() == "string", ran.stderr
    ran = _run(
        "node", "-e", 'import("./out/use.mjs").then((m) => console.log(m.kind))', cwd=app,
        url=mock.url,
    )  # fmt: skip
    assert ran.returncode == 0 and ran.stdout.strip() == "string", ran.stderr
