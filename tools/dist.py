"""`make dist`: an sdist and a wheel of every generated client package into output/dist/, with the
version the API diff gave (in each package's pyproject.toml), then `twine check --strict`.

Each package is built from a copy, so nothing is written into output/<api>/clients/.
Usage: python tools/dist.py [OUTPUT_DIR]   (default: output)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    packages = sorted(root.glob("*/clients/python/pyproject.toml"))
    if not packages:
        print(
            f"dist: no generated client under {root}/*/clients/python; run `make generate`",
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
    files = sorted(str(p) for p in dist.iterdir())
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files])
    if checked.returncode != 0:
        return 1
    print("\n".join(files))
    return 0


if __name__ == "__main__":
    sys.exit(main())
