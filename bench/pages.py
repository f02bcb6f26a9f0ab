"""The reference's weight and speed beside Redocly's (issue #36): Permit's reference pages as a
reader opens them (the API's home `output/site/permit/curl/index.html`, its largest group page
and its schemas page; every group page's size summed too) and `redocly build-docs` of the same
normalized spec (one page holding everything),
each served over HTTP on 127.0.0.1 and loaded in headless Chromium (Playwright) several times,
taking turns: bytes, gzipped bytes, first contentful paint, and two moments of use, from the
navigation's timing: `content` when the document is parsed (every element in the DOM:
`domInteractive`), and `interactive` when every script has run and the DOMContentLoaded
handlers have returned (`domContentLoadedEventEnd`; Redoc's module script, which brings its
search and menus to life, runs before it). Medians in milliseconds.

    .venv/bin/python bench/pages.py [RUNS]      # after `make generate`; writes output/bench/pages.json

Figures for information: no test asserts them.
"""

from __future__ import annotations

import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from helpers import static_server  # noqa: E402

REDOCLY = ROOT / "tools" / "node" / "node_modules" / ".bin" / "redocly"
PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"


TIMING = (
    "() => { const n = performance.getEntriesByType('navigation')[0];"
    " return [n.domInteractive, n.domContentLoadedEventEnd]; }"
)


def measure(page: Any, url: str) -> tuple[float, float, float]:
    """(first contentful paint, content, interactive) in milliseconds from the navigation."""
    page.goto(url, wait_until="load")
    # a function, not an expression: Playwright evaluates an expression with eval, which the
    # page's policy forbids
    page.wait_for_function(f"() => ({PAINT}) !== null", timeout=60_000, polling=50)
    content, interactive = page.evaluate(TIMING)
    return float(page.evaluate(PAINT)), float(content), float(interactive)


def main() -> None:
    from conftest import CHROMIUM, FLAGS
    from playwright.sync_api import sync_playwright

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    ours = ROOT / "output" / "site"
    spec = ROOT / "output" / "permit" / "openapi.json"
    with tempfile.TemporaryDirectory(prefix="apigen-pages-") as tmp:
        root = Path(tmp)
        shutil.copytree(ours, root / "site")
        subprocess.run([str(REDOCLY), "build-docs", str(spec), "-o", str(root / "redoc.html")],
                       check=True, capture_output=True)  # fmt: skip
        reference = root / "site" / "permit" / "curl" / "reference"
        groups = [p for p in reference.glob("*.html") if p.name != "schemas.html"]
        largest = max(groups, key=lambda p: (p.stat().st_size, p.name))
        pages = {
            "home": "site/permit/curl/index.html",
            "group": f"site/permit/curl/reference/{largest.name}",
            "schemas": "site/permit/curl/reference/schemas.html",
            "redocly": "redoc.html",
        }
        keys = ("paint", "content", "interactive")
        found: dict[str, dict[str, list[float]]] = {n: {k: [] for k in keys} for n in pages}
        with static_server(root) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for _ in range(runs):
                for name, rel in pages.items():
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    measured = measure(context.new_page(), f"{base}/{rel}")
                    for key, value in zip(keys, measured, strict=True):
                        found[name][key].append(value)
                    context.close()
            browser.close()
        report: dict[str, dict[str, Any]] = {}
        for name, rel in pages.items():
            data = (root / rel).read_bytes()
            report[name] = {
                "page": rel.rsplit("/", 1)[-1],
                "bytes": len(data),
                "gzipped_bytes": len(gzip.compress(data, 9)),
                **{f"{k}_ms": round(statistics.median(found[name][k]), 1) for k in keys},
            }
            row = report[name]
            print(f"{name:<8} {row['page']:<26} {row['bytes']:>8} B {row['gzipped_bytes']:>7} B gz"
                  f"  paint {row['paint_ms']:>6}  content {row['content_ms']:>6}"
                  f"  interactive {row['interactive_ms']:>6} ms")  # fmt: skip
    shipped = ours / "permit" / "curl"
    every = [shipped / "index.html", *sorted((shipped / "reference").glob("*.html"))]
    total = b"".join(p.read_bytes() for p in every)
    report["all pages"] = {
        "pages": len(every),
        "bytes": len(total),
        "gzipped_bytes": len(gzip.compress(total, 9)),
    }
    print(f"all {len(every)} pages together: {len(total)} B (a reader opens one at a time)")
    out = ROOT / "output" / "bench" / "pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
