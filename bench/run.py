"""apigen's benchmark: whole-process timings (median of several runs) and peak memory, against
the tools users would otherwise run, on the same spec in the same run.

    make bench                      # or: .venv/bin/python bench/run.py --runs 5

Writes output/bench/results.json. Timings are for information: no test asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPEC = SHARED / "specs" / "permit" / "openapi.json"
APIGEN = [str(ROOT / ".venv" / "bin" / "apigen")]
O2P = ROOT / "tools" / "node" / "node_modules" / ".bin" / "openapi2postmanv2"
DCG = ROOT / ".venv" / "bin" / "datamodel-codegen"
TARGETS = {
    "postman+curl / openapi-to-postmanv2": 0.2,
    "everything / datamodel-codegen CLI": 0.5,
    "no-op per API (s)": 0.3,
    "10x spec / 1x spec": 12.0,
    "10x peak memory (MB)": 400.0,
}


def once(command: list[str], fresh: Path | None, forget: Path | None) -> tuple[float, float]:
    """Seconds and peak resident MB of one whole-process run: `fresh` (a folder) and `forget`
    (a file) are removed first."""
    if fresh is not None:
        shutil.rmtree(fresh, ignore_errors=True)
    if forget is not None:
        forget.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024


def measure(
    name: str, command: list[str], runs: int, fresh: Path | None = None, forget: Path | None = None
) -> dict[str, Any]:
    times, peaks = [], []
    for _ in range(runs):
        seconds, peak = once(command, fresh, forget)
        times.append(seconds)
        peaks.append(peak)
    result = {
        "name": name,
        "command": " ".join(command),
        "runs": runs,
        "median_s": round(statistics.median(times), 3),
        "min_s": round(min(times), 3),
        "max_s": round(max(times), 3),
        "peak_mb": round(max(peaks), 1),
    }
    print(
        f"{name:<44} {result['median_s']:>7.3f} s  (min {result['min_s']:.3f}, max {result['max_s']:.3f})"
        f"  {result['peak_mb']:>6.1f} MB",
        flush=True,
    )
    return result


def config(folder: Path) -> Path:
    text = (ROOT / "apigen.toml").read_text()
    text = text.replace('snapshot = "../shared/', f'snapshot = "{SHARED}/')
    for key in ("out", "cache", "lock"):
        text = re.sub(rf'(?m)^{key} = "[^"]*"', f'{key} = "{folder / key}"', text)
    path = folder / "apigen.toml"
    path.write_text(text)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")))
    parser.add_argument("--output", type=Path, default=ROOT / "output" / "bench" / "results.json")
    args = parser.parse_args()
    runs = args.runs
    # apigen as installed tools run: with bytecode for its modules (pip writes it on install)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    with tempfile.TemporaryDirectory(prefix="apigen-bench-") as tmp:
        work = Path(tmp)
        cfg = config(work)
        out = work / "out"
        gen = [*APIGEN, "generate", "--offline", "-q", "-c", str(cfg), "--out", str(out)]
        print(f"spec: {SPEC} ({SPEC.stat().st_size / 1e6:.1f} MB); {runs} runs each; medians\n")
        results = [
            measure(f"apigen generate --only {kind} (both APIs)", [*gen, "--only", kind], runs, out)
            for kind in ("postman", "curl", "python", "postman,curl")
        ]
        # The runs above reuse the lock's verdict that the normalized spec passed openapi-pydantic
        # (its first run recorded it); without a lock, the first run of a new spec validates.
        results.append(
            measure(
                "apigen generate --only postman,curl (both APIs), no lock: validates",
                [*gen, "--only", "postman,curl"],
                runs,
                out,
                work / "lock",
            )
        )
        everything = measure("apigen generate, everything (both APIs)", gen, runs, out)
        results.append(everything)
        subprocess.run(gen, check=True)
        noop = measure("apigen generate, no-op (both APIs)", gen, runs)
        results.append(noop)
        o2p = measure(
            "openapi-to-postmanv2 (folderStrategy=Tags)",
            [
                str(O2P),
                "-s",
                str(SPEC),
                "-o",
                str(work / "o2p.json"),
                "-p",
                "-O",
                "folderStrategy=Tags",
            ],
            runs,
        )
        dcg = measure(
            "datamodel-codegen CLI (control-plane models)",
            [
                str(DCG),
                "--input",
                str(SPEC),
                "--input-file-type",
                "openapi",
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--output",
                str(work / "models.py"),
            ],
            runs,
        )
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
    named = {r["name"]: r for r in results}
    postman_curl = named["apigen generate --only postman,curl (both APIs)"]
    validating = named["apigen generate --only postman,curl (both APIs), no lock: validates"]
    ratios = {
        "postman+curl / openapi-to-postmanv2": round(postman_curl["median_s"] / o2p["median_s"], 3),
        "postman+curl, no lock / openapi-to-postmanv2": round(
            validating["median_s"] / o2p["median_s"], 3
        ),
        "everything / datamodel-codegen CLI": round(everything["median_s"] / dcg["median_s"], 3),
        "no-op per API (s)": round(noop["median_s"] / 2, 3),
        "10x spec / 1x spec": round(big["median_s"] / base["median_s"], 2),
        "10x peak memory (MB)": big["peak_mb"],
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
        "results": results,
        "ratios": ratios,
        "targets": TARGETS,
    }
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {args.output}")


if __name__ == "__main__":
    main()
