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

Files are served gzipped, as a production server sends them, under three conditions
(`PROFILES`): on 127.0.0.1 with nothing throttled (where only the browser's own work counts),
and under the two network profiles of Lighthouse's DevTools throttling (core/config/
constants.js: `desktopDense4G` and `mobileSlow4G`, RTT x 3.75 as request latency, throughput x
0.9), the mobile one with its 4x CPU slowdown and a phone's screen (412 x 823 at 1.75x).

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
import urllib.request
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from helpers import GZIP_LEVEL, static_server  # noqa: E402

REDOCLY = ROOT / "tools" / "node" / "node_modules" / ".bin" / "redocly"
PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"


TIMING = (
    "() => { const n = performance.getEntriesByType('navigation')[0];"
    " return [n.domInteractive, n.domContentLoadedEventEnd]; }"
)


class Profile(NamedTuple):
    """A reader's conditions: network (None: unthrottled), CPU slowdown and screen."""

    about: str
    latency_ms: float | None
    down_kbps: float
    up_kbps: float
    cpu: float
    viewport: tuple[int, int]
    scale: float = 1.0
    mobile: bool = False


PROFILES = {
    "local": Profile("127.0.0.1, unthrottled", None, 0, 0, 1, (1280, 900)),
    "desktop": Profile(
        "Lighthouse desktop: 150 ms latency, 9.2 Mbit/s",
        40 * 3.75, 10240 * 0.9, 10240 * 0.9, 1, (1350, 940),
    ),
    "mobile": Profile(
        "Lighthouse mobile: 563 ms latency, 1.5 Mbit/s, CPU / 4",
        150 * 3.75, 1638.4 * 0.9, 750 * 0.9, 4, (412, 823), 1.75, True,
    ),
}  # fmt: skip


def open_page(browser: Any, profile: Profile) -> tuple[Any, Any]:
    """A fresh context and page under `profile` (network and CPU through the DevTools
    protocol, as Lighthouse's DevTools throttling sets them)."""
    width, height = profile.viewport
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=profile.scale,
        is_mobile=profile.mobile,
        has_touch=profile.mobile,
    )
    page = context.new_page()
    if profile.latency_ms is not None:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile.latency_ms,
                "downloadThroughput": profile.down_kbps * 1024 / 8,  # bytes per second
                "uploadThroughput": profile.up_kbps * 1024 / 8,
            },
        )
        if profile.cpu != 1:
            session.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu})
    return context, page


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
        found: dict[tuple[str, str, str], list[float]] = {
            (p, n, k): [] for p in PROFILES for n in pages for k in keys
        }
        with static_server(root, compress=True) as base, sync_playwright() as pw:
            for rel in pages.values():  # each page compressed before the loads are timed
                gzip_first = urllib.request.Request(
                    f"{base}/{rel}", headers={"Accept-Encoding": "gzip"}
                )
                with urllib.request.urlopen(gzip_first) as answer:
                    answer.read()
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for _ in range(runs):
                for profile_name, profile in PROFILES.items():
                    for name, rel in pages.items():
                        context, page = open_page(browser, profile)
                        measured = measure(page, f"{base}/{rel}")
                        for key, value in zip(keys, measured, strict=True):
                            found[profile_name, name, key].append(value)
                        context.close()
            browser.close()
        report: dict[str, dict[str, Any]] = {}
        for name, rel in pages.items():
            data = (root / rel).read_bytes()
            report[name] = {
                "page": rel.rsplit("/", 1)[-1],
                "bytes": len(data),
                "gzipped_bytes": len(gzip.compress(data, GZIP_LEVEL)),  # as served
                **{
                    condition: {
                        f"{k}_ms": round(statistics.median(found[condition, name, k]), 1)
                        for k in keys
                    }
                    for condition in PROFILES
                },
            }
            row = report[name]
            print(f"{name:<8} {row['page']:<26} {row['bytes']:>8} B {row['gzipped_bytes']:>7} B gz")
        for condition in PROFILES:
            print(f"  {PROFILES[condition].about}")
            for name in pages:
                got = report[name][condition]
                print(f"    {name:<8} paint {got['paint_ms']:>7}  content {got['content_ms']:>7}"
                      f"  interactive {got['interactive_ms']:>7} ms")  # fmt: skip
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
