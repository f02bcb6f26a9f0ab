"""`make dist` (tools/dist.py): an sdist and a wheel of each generated Python client, twine-checked,
and an npm tarball of each TypeScript client, versioned by the API diff; the wheel installs into
a fresh venv and imports."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT, venv_with_wheel

pytestmark = pytest.mark.slow  # make test-fast leaves it out


def test_dist_builds_checks_and_installs(
    generated: Path, tmp_path: Path, prism: Callable[[Path], Any]
) -> None:
    out = tmp_path / "output"
    for api in ("permit", "pdp"):
        shutil.copytree(generated / api / "clients", out / api / "clients")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "dist.py"), str(out)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    dist = sorted(p.name for p in (out / "dist").iterdir())
    assert dist == [
        "pdp-go-v1.0.0.zip",
        "permit-api-1.0.0.tgz",
        "permit-pdp-1.0.0.tgz",
        "permit_api-1.0.0-py3-none-any.whl",
        "permit_api-1.0.0.tar.gz",
        "permit_pdp-1.0.0-py3-none-any.whl",
        "permit_pdp-1.0.0.tar.gz",
        "permitapi-go-v1.0.0.zip",
    ]
    assert result.stdout.count("PASSED") == 4  # twine check --strict, each file
    wheel = out / "dist" / "permit_api-1.0.0-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"permit_api/_core.py", "permit_api/_settings.py", "permit_api/py.typed"} <= names
    with tarfile.open(out / "dist" / "permit_pdp-1.0.0.tar.gz") as archive:
        readme = next(m for m in archive.getmembers() if m.name.endswith("/README.md"))
        text = archive.extractfile(readme).read().decode()  # type: ignore[union-attr]
    assert "## Check a permission" in text and "pip install permit-pdp==1.0.0" in text
    assert not list((out / "permit" / "clients" / "python").glob("*.egg-info"))  # built from a copy
    with tarfile.open(out / "dist" / "permit-api-1.0.0.tgz") as archive:
        members = {m.name for m in archive.getmembers()}
    assert {
        "package/package.json",
        "package/README.md",
        "package/dist/index.js",
        "package/dist/index.d.ts",
        "package/dist/index.js.map",
        "package/dist/index.d.ts.map",
        "package/cjs/index.js",
        "package/cjs/index.d.ts",
        "package/cjs/package.json",
        "package/src/_core.ts",
    } <= members
    assert not (out / "permit" / "clients" / "typescript" / "dist").exists()
    # the Go module as the module proxy serves one: <module>@v<version>/..., stamped 1980-01-01
    with zipfile.ZipFile(out / "dist" / "permitapi-go-v1.0.0.zip") as archive:
        entries = archive.infolist()
    prefix = "github.com/permitio/apigen-clients/permitapi@v1.0.0/"
    assert {prefix + n for n in ("go.mod", "client.go", "services.go", "types.go")} <= {
        e.filename for e in entries
    }
    assert all(
        e.filename.startswith(prefix) and e.date_time == (1980, 1, 1, 0, 0, 0) for e in entries
    )

    venv = venv_with_wheel(tmp_path, wheel)
    probe = (
        "import permit_api as p, importlib.metadata as m\n"
        "api = p.PermitApi(api_key='k', project='default', environment='production')\n"
        "print(m.version('permit-api'), type(api.users.get('jane')).__name__)"
    )
    mock = prism(generated / "permit" / "openapi.json")  # one call, $PERMIT_API_URL at Prism
    out_ = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PERMIT_API_URL": mock.url},
    )
    assert out_.stdout.split() == ["1.0.0", "UserRead"], out_.stderr
