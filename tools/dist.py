"""`make dist`: every generated client package into output/dist/, with the version the API diff
gave (in each package's manifest): for each client language the registry names
(generator.kinds), every `output/*/<its root>/<its manifest>` is built by its tooling module's
`dist` (Python: an sdist and a wheel, twine-checked; TypeScript: an npm tarball holding `dist/`
beside `src/`; and so on). Each package is built from a copy, so nothing is written into
output/<api>/clients/.

Usage: python tools/dist.py [OUTPUT_DIR]   (default: output)
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from generator import kinds


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    found = [
        (kind, manifest.parent)
        for kind in kinds.languages()
        if kind.tooling and kind.manifest
        for manifest in sorted(root.glob(f"*/{kind.root}/{kind.manifest}"))
    ]
    if not found:
        print(f"dist: no generated client under {root}; run `make generate`", file=sys.stderr)
        return 2
    dist = root / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir(parents=True)
    made: list[Path] = []
    for kind, package in found:
        try:
            made += kinds.tooling(kind).dist(package, dist)
        except RuntimeError as exc:
            print(f"dist: {kind.name}: {exc}", file=sys.stderr)
            return 1
    print("\n".join(sorted(str(p) for p in made)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
