"""Editor metadata: TypeScript's language service (what VS Code shows) finds the `deprecated`
tag and modifier on a deprecated operation and a deprecated property and reports both uses,
and a `withResponse` method has documentation; mypy reports a call to a deprecated Python
method (`--enable-error-code deprecated`, PEP 702)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import TS_SCRIPTS
from typescript import NODE_MODULES, node

USAGE = """import { PermitApi, type DataGeneratorLibFullData } from "permit-api";

const api = new PermitApi({ apiKey: "k" });
export async function main(data: DataGeneratorLibFullData): Promise<unknown> {
  await api.misc.listDeprecatedApiEvents();
  await api.users.withResponse.get("jane");
  return data.roles;
}
"""


def test_language_service_shows_deprecations_and_docs(ts_root: Path) -> None:
    folder = ts_root / "editor"
    folder.mkdir(exist_ok=True)
    (folder / "package.json").write_text('{"type": "module", "private": true}')
    (folder / "usage.ts").write_text(USAGE)
    run = node(
        TS_SCRIPTS / "editor.mjs", str(NODE_MODULES / "typescript"), str(folder / "usage.ts")
    )
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    assert out["errors"] == []
    assert "deprecated" in out["operation"]["tags"] and out["operation"]["deprecated"]
    assert "deprecated" in out["property"]["tags"] and out["property"]["deprecated"]
    assert out["deprecatedUses"] == 2
    assert "status and headers" in out["raw"]["documentation"] and "throws" in out["raw"]["tags"]


def test_mypy_reports_a_deprecated_call(generated: Path, tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(
        "from permit_api import PermitApi\n\n"
        "api = PermitApi(api_key='k')\n"
        "api.misc.list_deprecated_api_events()\n"
        "api.users.get('jane')\n"
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--enable-error-code", "deprecated",
         "--no-incremental", "usage.py"],
        cwd=tmp_path, capture_output=True, text=True,
        env={**__import__("os").environ, "MYPYPATH": str(generated / "permit" / "clients" / "python")},
    )  # fmt: skip
    lines = [line for line in checked.stdout.splitlines() if "usage.py" in line]
    assert len(lines) == 1 and "deprecated" in lines[0] and ":4:" in lines[0], checked.stdout
