"""The TypeScript client's checkout-only tools (generator.kinds `tooling`): `make dist` compiles
a generated package with the pinned TypeScript (ES module and CommonJS builds) and packs it
(`npm pack`); `make lint` type-checks the runtime with TypeScript 5 and 7."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NODE = Path(__file__).resolve().parents[3] / "tools" / "node" / "node_modules"
TSC = NODE / "typescript" / "bin" / "tsc"
TSC7 = NODE / "typescript7" / "bin" / "tsc"


def dist(package: Path, out: Path) -> list[Path]:
    """`npm run build`'s compiles and `npm pack` of a copy of `package` into `out`; raises
    RuntimeError naming the failure."""
    before = set(out.iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "package"
        shutil.copytree(package, source)
        for command in (
            [str(TSC), "-p", "tsconfig.json"],
            [str(TSC), "-p", "tsconfig.cjs.json"],
            # compiled above with the pinned tsc: its prepack (the same compile) is not run again
            [
                "npm",
                "pack",
                "--silent",
                "--ignore-scripts",
                "--pack-destination",
                str(out.resolve()),
            ],
        ):
            done = subprocess.run(command, cwd=source, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(
                    f"{command[0]} for {package} failed:\n{(done.stdout + done.stderr)[-2000:]}"
                )
    return sorted(set(out.iterdir()) - before)


def lint(root: Path) -> list[list[str]]:
    """The commands that check the runtime (run from the repository's root `root`)."""
    config = str(root / "generator" / "runtime" / "typescript" / "tsconfig.json")
    return [[str(TSC), "-p", config], [str(TSC7), "-p", config]]
