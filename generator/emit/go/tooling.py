"""The Go client's checkout-only tools (generator.kinds `tooling`): `make dist` zips a generated
module as Go's module proxy serves one (`<module>@v<version>/...`, `go mod download`'s layout);
`make lint` runs gofmt, go vet and staticcheck on the runtime."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

STATICCHECK = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time: the same module, the same zip


def _module(package: Path) -> str:
    found = re.search(r"^module\s+(\S+)", (package / "go.mod").read_text("utf-8"), re.M)
    if found is None:
        raise RuntimeError(f"{package}/go.mod names no module")
    return found.group(1)


def dist(package: Path, out: Path) -> list[Path]:
    """`<last path element>-v<version>.zip` of the module's files under `<module>@v<version>/`."""
    module = _module(package)
    version = _version(package)
    name = out / f"{module.rsplit('/', 1)[-1]}-go-v{version}.zip"
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in package.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(
                f"{module}@v{version}/{path.relative_to(package).as_posix()}", ZIP_TIME
            )
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), zipfile.ZIP_DEFLATED)
    return [name]


def _version(package: Path) -> str:
    found = re.search(r"`, version (\d+\.\d+\.\d+)\.", (package / "README.md").read_text("utf-8"))
    if found is None:
        raise RuntimeError(f"{package}/README.md states no version")
    return found.group(1)


def lint(root: Path) -> list[list[str]]:
    """gofmt (nothing to rewrite), go vet and staticcheck, in the runtime's module."""
    runtime = str(root / "generator" / "runtime" / "go")
    go = shutil.which("go") or "go"
    return [
        ["sh", "-c", f'test -z "$(gofmt -l {runtime})" || {{ gofmt -l {runtime}; exit 1; }}'],
        [go, "-C", runtime, "vet", "./..."],
        [go, "-C", runtime, "run", STATICCHECK, "./..."],
    ]
