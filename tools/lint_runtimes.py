"""`make lint`'s checks of each client language's runtime beyond ruff and mypy: the commands each
language's tooling module (generator.kinds `tooling`) gives, run from the repository's root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import kinds

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for kind in kinds.languages():
        if kind.tooling is None:
            continue
        for command in kinds.tooling(kind).lint(ROOT):
            shown = [Path(c).name if c.startswith("/") and " " not in c else c for c in command]
            print("lint:", kind.name, " ".join(shown))
            if subprocess.run(command, cwd=ROOT).returncode != 0:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
