"""Writes requirements-generate.lock: the entries of requirements.lock (versions and hashes, as
`uv pip compile --generate-hashes` wrote them) for the names requirements-generate.in lists.

    python tools/generate_lock.py            # write it
    python tools/generate_lock.py --check    # exit 1 when it differs from what would be written
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "# What `make generate` installs (requirements-generate.in): requirements.lock's entries for\n"
    "# those names, hashes included. Written by tools/generate_lock.py; do not edit.\n"
)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def entries(lock: str) -> dict[str, str]:
    """name -> its entry (the `name==version \\` line and its `--hash` lines, no comments)."""
    out: dict[str, str] = {}
    current: list[str] = []
    for line in lock.splitlines():
        if re.match(r"^[A-Za-z0-9]", line):
            current = [line]
            out[canonical(line.split("==", 1)[0])] = ""
        elif line.strip().startswith("--hash") and current:
            current.append(line)
        else:
            continue
        name = canonical(current[0].split("==", 1)[0])
        out[name] = "\n".join(current)
    return out


def wanted() -> list[str]:
    text = (ROOT / "requirements-generate.in").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    return [canonical(line) for line in lines if line and not line.startswith("#")]


def render() -> str:
    found = entries((ROOT / "requirements.lock").read_text(encoding="utf-8"))
    missing = [name for name in wanted() if name not in found]
    if missing:
        raise SystemExit(f"requirements.lock has no entry for {', '.join(missing)}")
    return HEADER + "\n".join(found[name] for name in sorted(wanted())) + "\n"


def main() -> int:
    target = ROOT / "requirements-generate.lock"
    text = render()
    if "--check" in sys.argv[1:]:
        if target.read_text(encoding="utf-8") != text:
            print(f"{target.name} is stale: run python tools/generate_lock.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
