"""The Python client's checkout-only tools (generator.kinds `tooling`): `make dist` builds an
sdist and a wheel of a generated package (`python -m build`, then `twine check --strict`)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def dist(package: Path, out: Path) -> list[Path]:
    """An sdist and a wheel of `package` (built from a copy) into `out`; raises RuntimeError
    naming the failure."""
    before = set(out.iterdir())
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(package, source)
        command = [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out)]
        built = subprocess.run([*command, str(source)], capture_output=True, text=True)
        if built.returncode != 0:
            raise RuntimeError(f"building {package} failed:\n{built.stderr[-2000:]}")
    made = sorted(set(out.iterdir()) - before)
    # its report ("Checking ...: PASSED", one line a file) goes to the caller's output
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *map(str, made)])
    if checked.returncode != 0:
        raise RuntimeError(f"twine check of {package} failed (its report is above)")
    return made


def lint(root: Path) -> list[list[str]]:
    """The runtime's own checks beyond the repo's ruff and mypy (which cover it): none."""
    return []
