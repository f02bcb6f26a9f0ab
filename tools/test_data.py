"""`make test-data`: the Permit specs (and the Postman schema) the tests read, each pinned by
sha256 in tests/support/data.json, into .apigen-cache/test-data/ (or --dest).

Sources, first that applies: --mirror DIR (a local folder with the same layout, e.g. ../shared),
--base-url URL (a mirror server: URL/<relative path>), else each file's public URL. A file whose
sha256 differs is refused and nothing of it is kept; a file already present with the right hash
is not fetched again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fetch(url: str, timeout: float) -> bytes:
    import httpx

    response = httpx.get(url, timeout=timeout, follow_redirects=True)
    response.raise_for_status()
    return response.content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dest", type=Path, default=ROOT / ".apigen-cache" / "test-data")
    parser.add_argument("--mirror", type=Path, help="a local folder with the same layout")
    parser.add_argument("--base-url", default=os.environ.get("APIGEN_TEST_DATA_URL"))
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args(argv)
    manifest = json.loads((ROOT / "tests" / "support" / "data.json").read_text())["files"]
    for rel, entry in sorted(manifest.items()):
        target = args.dest / rel
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]:
            continue
        where = (
            str(args.mirror / rel)
            if args.mirror
            else f"{args.base_url.rstrip('/')}/{rel}"
            if args.base_url
            else entry["url"]
        )
        try:
            data = (args.mirror / rel).read_bytes() if args.mirror else fetch(where, args.timeout)
        except Exception as exc:  # one line, whatever failed (network, HTTP status, missing file)
            print(f"test-data: {rel}: cannot get {where}: {exc}", file=sys.stderr)
            return 3
        digest = hashlib.sha256(data).hexdigest()
        if digest != entry["sha256"]:
            print(
                f"test-data: {rel}: sha256 {digest} from {where}, expected {entry['sha256']}",
                file=sys.stderr,
            )
            return 4
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        print(f"test-data: {rel} ({len(data)} bytes, sha256 ok)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
