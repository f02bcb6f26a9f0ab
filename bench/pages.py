"""The reference page's weight and speed beside Redocly's (issue #36): Permit's snippets page
(`output/site/permit/curl/index.html`) and `redocly build-docs` of the same normalized spec,
each served over HTTP on 127.0.0.1 and loaded in headless Chromium (Playwright) several times,
taking turns: bytes, gzipped bytes, first contentful paint, and the moment the page can be used
(apigen's: DOMContentLoaded, its script having run; Redoc's: its content rendered, its tags'
sections, `[data-section-id]`, in the DOM). Medians in milliseconds.

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


def measure(page: Any, url: str, ready: str) -> tuple[float, float]:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_function(ready, timeout=60_000, polling=50)
    used = page.evaluate("performance.now()")
    page.wait_for_function(f"({PAINT}) !== null", timeout=60_000, polling=50)
    return float(page.evaluate(PAINT)), float(used)


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
        pages = {
            "apigen": ("site/permit/curl/index.html", "document.readyState !== 'loading'"),
            "redocly": (
                "redoc.html",
                "document.querySelectorAll('[data-section-id]').length > 2",
            ),
        }
        found: dict[str, dict[str, list[float]]] = {n: {"paint": [], "used": []} for n in pages}
        with static_server(root) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for _ in range(runs):
                for name, (rel, ready) in pages.items():
                    context = browser.new_context(viewport={"width": 1280, "height": 900})
                    paint, used = measure(context.new_page(), f"{base}/{rel}", ready)
                    found[name]["paint"].append(paint)
                    found[name]["used"].append(used)
                    context.close()
            browser.close()
        report = {}
        for name, (rel, _) in pages.items():
            data = (root / rel).read_bytes()
            report[name] = {
                "bytes": len(data),
                "gzipped_bytes": len(gzip.compress(data, 9)),
                "first_paint_ms": round(statistics.median(found[name]["paint"]), 1),
                "usable_ms": round(statistics.median(found[name]["used"]), 1),
            }
            row = report[name]
            print(f"{name:<8} {row['bytes']:>9} B {row['gzipped_bytes']:>8} B gz  "
                  f"paint {row['first_paint_ms']:>7} ms  usable {row['usable_ms']:>7} ms")  # fmt: skip
    out = ROOT / "output" / "bench" / "pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
