"""Every curl snippet, run by bash as written, against a Prism mock of the normalized spec."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# A shell function in front of the real curl: the snippet runs unchanged, its status is printed.
STATUS_CURL = 'curl() { command curl -sS -o /dev/null -w "%{http_code}\\n" "$@"; }'


@pytest.mark.parametrize(
    ("api", "url_var", "count"), [("permit", "PERMIT_API_URL", 251), ("pdp", "PERMIT_PDP_URL", 29)]
)
def test_every_snippet_gets_2xx(
    generated: Path,
    prism: Callable[[Path], Any],
    tmp_path: Path,
    api: str,
    url_var: str,
    count: int,
) -> None:
    mock = prism(generated / api / "openapi.json")
    snippets = json.loads((generated / api / "curl" / "snippets.json").read_text())
    script = "\n".join([STATUS_CURL, *(s["snippet"] for s in snippets.values())]) + "\n"
    env = {
        **os.environ,
        url_var: mock.url,
        "PERMIT_API_KEY": "dummy-key",
        "PERMIT_PROJECT": "default",
        "PERMIT_ENV": "production",
    }
    proc = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=600, cwd=tmp_path
    )
    codes = proc.stdout.split()
    assert len(codes) == count, proc.stderr[-2000:]
    failures = [
        (name, code) for name, code in zip(snippets, codes, strict=True) if not code.startswith("2")
    ]
    assert failures == []
    assert Counter(c[0] for c in codes) == {"2": count}
