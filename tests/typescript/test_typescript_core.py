"""generator/runtime/typescript/_core.ts on its own, as `make lint` type-checks it: compiled by
the pinned TypeScript and its pure parts (Retry-After, the retry decision, encoding, URLs,
construction, the project/environment errors) checked on Node without generating a package."""

from __future__ import annotations

from pathlib import Path

from helpers import ROOT, TS_SCRIPTS
from typescript import node, tsc

SCRIPT = TS_SCRIPTS / "core_unit.mjs"


def test_runtime_pure_parts(tmp_path: Path) -> None:
    runtime = ROOT / "generator" / "runtime" / "typescript"
    (tmp_path / "package.json").write_text('{"type": "module"}')
    built = tsc(
        "5.9",
        "-p",
        str(runtime / "tsconfig.json"),
        "--noEmit",
        "false",
        "--outDir",
        str(tmp_path),
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stdout[-3000:]
    run = node(SCRIPT, str(tmp_path / "_core.js"))
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-3000:]
