"""Every operation through the generated TypeScript client on Node 20 against a Prism mock of
the normalized spec: 2xx with a key, 401 (AuthenticationError) without one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from client_calls import ts_calls
from helpers import TS_SCRIPTS
from typescript import PACKAGES, node

SCRIPT = TS_SCRIPTS / "calls.mjs"


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_every_operation_answers_2xx_and_401_without_a_key(
    generated: Path,
    ts_root: Path,
    prism: Callable[[Path], Any],
    tmp_path: Path,
    api: str,
    count: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    calls = ts_calls(generated, api)
    assert len(calls) == count
    listed = tmp_path / "calls.json"
    listed.write_text(json.dumps(calls))
    mock = prism(generated / api / "openapi.json")
    index = ts_root / "node_modules" / PACKAGES[api] / "dist" / "index.js"
    client = "PermitPdp" if api == "pdp" else "PermitApi"
    run = node(SCRIPT, str(index), client, str(listed), mock.url)
    assert run.returncode == 0, run.stderr[-3000:]
    answers = json.loads(run.stdout)
    if api == "pdp":  # Permit's most used call, as permit-node makes it: a boolean
        assert answers.pop("@check") == {"status": 200, "typeofData": "boolean"}
    assert len(answers) == count
    failed = {k: v for k, v in answers.items() if not 200 <= (v["status"] or 0) < 300}
    assert failed == {}
    bare = node(SCRIPT, str(index), client, str(listed), mock.url, "nokey")
    assert bare.returncode == 0, bare.stderr[-3000:]
    refused = Counter((v["status"], v.get("error")) for v in json.loads(bare.stdout).values())
    assert refused == Counter({(401, "AuthenticationError"): count})
    with capsys.disabled():
        print(f"\n{api}: {count}/{count} operations 2xx from Prism, {count} x 401 without a key")
