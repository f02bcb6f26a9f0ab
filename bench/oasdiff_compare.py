"""apigen's API diff against oasdiff's `breaking` on the same pairs of specs: for each change
oasdiff calls breaking (level error), whether apigen reports it as breaking, at a lower level, or
not at all (docs/ci-and-diff.md has the table this printed).

    go install github.com/oasdiff/oasdiff@v1.39.0
    python bench/oasdiff_compare.py OASDIFF LABEL OLD NEW CONFIG|- [LABEL OLD NEW CONFIG|- ...]

A change counts as found when an apigen finding names its property (or, for a removed path,
the path); apigen often reports a change once on its component schema, or as the whole answer's
type, where oasdiff lists it once per operation and property. oasdiff (kin-openapi) cannot read
Permit's raw specs (3.1 tuple `items`): compare the normalized ones (`apigen normalize`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

APIGEN = Path(sys.executable).with_name("apigen")


def compare(oasdiff: str, old: str, new: str, config: str | None) -> str:
    done = subprocess.run(
        [oasdiff, "breaking", old, new, "--format", "json"], capture_output=True, text=True
    )
    if not done.stdout.strip():
        return "oasdiff failed: " + (done.stderr.strip().splitlines() or [""])[0][:120]
    theirs = [x for x in json.loads(done.stdout) if x.get("level", 0) >= 3]
    args = [str(APIGEN), "diff", old, new, "--format", "json", "-q", "--offline"]
    ours = json.loads(
        subprocess.run(
            [*args, *(["-c", config] if config else [])], capture_output=True, text=True
        ).stdout
    )["findings"]

    def line(f: dict[str, object]) -> str:
        op = f.get("operation") or {}
        assert isinstance(op, dict)
        return f"{op.get('method', '')} {op.get('path', '')} {f['message']}"

    breaking = "\n".join(line(f) for f in ours if f["level"] == "breaking")
    every = "\n".join(line(f) for f in ours)
    found_breaking = lower = 0
    missing: Counter[str] = Counter()
    for change in theirs:
        names = [t.split("/")[-1] for t in re.findall(r"`([^`]+)`", change["text"])]
        keys = [n for n in names if n and not n.isdigit()] or [change["path"]]

        def hit(text: str, keys: list[str] = keys, change: dict[str, str] = change) -> bool:
            by_name = any(
                re.search(rf"(properties\.|`){re.escape(k)}\b|{re.escape(k)}`", text) for k in keys
            )
            return by_name or (change["id"].startswith("api-") and change["path"] in text)

        if hit(breaking):
            found_breaking += 1
        elif hit(every):
            lower += 1
        else:
            missing[change["id"]] += 1
    total = sum(f["level"] == "breaking" for f in ours)
    return (
        f"{len(theirs)} | {found_breaking} | {lower} | {sum(missing.values())} "
        f"{dict(missing) or ''} | {total}"
    )


def main() -> None:
    oasdiff, rest = sys.argv[1], sys.argv[2:]
    print(
        "| pair | oasdiff breaking | apigen: breaking too | at a lower level | not named | apigen breaking |"
    )
    print("|---|---|---|---|---|---|")
    for i in range(0, len(rest), 4):
        label, old, new, config = rest[i : i + 4]
        print(f"| {label} | {compare(oasdiff, old, new, None if config == '-' else config)} |")


if __name__ == "__main__":
    main()
