"""`make dist`: an sdist and a wheel of every generated Python client and an npm tarball of every
TypeScript client into output/dist/, with the version the API diff gave (in each package's
pyproject.toml and package.json), then `twine check --strict` on the Python ones. The npm
tarballs hold `dist/` (`.js` and `.d.ts`, compiled with the pinned TypeScript) beside `src/`.

Each package is built from a copy, so nothing is written into output/<api>/clients/.
Usage: python tools/dist.py [OUTPUT_DIR]   (default: output)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.kinds import REGISTRY  # which kinds make packages, and where they are

TSC = Path(__file__).resolve().parent / "node" / "node_modules" / "typescript" / "bin" / "tsc"


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    roots = {kind.package: kind.root for kind in REGISTRY.values() if kind.package}
    packages = sorted(root.glob(f"*/{roots['python']}/pyproject.toml"))
    if not packages:
        print(
            f"dist: no generated client under {root}/*/{roots['python']}; run `make generate`",
            file=sys.stderr,
        )
        return 2
    dist = root / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir(parents=True)
    for pyproject in packages:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "src"
            shutil.copytree(pyproject.parent, source)
            built = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "build",
                    "--sdist",
                    "--wheel",
                    "--outdir",
                    str(dist),
                    str(source),
                ],
                capture_output=True,
                text=True,
            )
            if built.returncode != 0:
                print(
                    f"dist: building {pyproject.parent} failed:\n{built.stderr[-2000:]}",
                    file=sys.stderr,
                )
                return 1
    for manifest in sorted(root.glob(f"*/{roots['npm']}/package.json")):
        if not npm_pack(manifest.parent, dist):
            return 1
    files = sorted(str(p) for p in dist.iterdir())
    wheels = [f for f in files if not f.endswith(".tgz")]
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *wheels])
    if checked.returncode != 0:
        return 1
    print("\n".join(files))
    return 0


def npm_pack(package: Path, dist: Path) -> bool:
    """`npm run build`'s compiles (ES module and CommonJS) and `npm pack` of a copy of
    `package` into `dist`."""
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
                str(dist.resolve()),
            ],
        ):
            done = subprocess.run(command, cwd=source, capture_output=True, text=True)
            if done.returncode != 0:
                print(
                    f"dist: {command[0]} for {package} failed:\n{(done.stdout + done.stderr)[-2000:]}",
                    file=sys.stderr,
                )
                return False
    return True


if __name__ == "__main__":
    sys.exit(main())
