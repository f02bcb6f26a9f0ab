"""Every operation through the generated TypeScript client on Node 20 against a Prism mock of
the normalized spec: 2xx with a key, 401 (AuthenticationError) without one."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from typescript import PACKAGES, install, node

from generator.config import load_config
from generator.emit.typescript import groups
from generator.model import build_api
from generator.plan import build_plan

SCRIPT = Path(__file__).parent.parent / "ts" / "calls.mjs"


def _calls(generated: Path, api: str) -> list[dict[str, Any]]:
    """Each method with its positional arguments and required options from the examples."""
    config = load_config(ROOT / "apigen.toml").apis[api]
    document = json.loads((generated / api / "openapi.json").read_text())
    model = build_api(config, document)
    tagged = [ops for _, ops in model.by_tag() if ops]
    out = []
    for group, ops in zip(groups(build_plan(model), model, config), tagged, strict=True):
        for method, op in zip(group.methods, ops, strict=True):
            examples = {p.name: p.example for p in op.parameters}
            args = [
                op.body.example if op.body and f.location == "body" else examples[f.wire]
                for f in method.positional
            ]
            options = {
                f.key: examples[f.wire]
                for f in method.options
                if f.required and f.location != "body"
            }
            if op.body and not op.body.required:
                options["body"] = op.body.example
            out.append(
                {"group": group.prop, "method": method.name, "args": args, "options": options}
            )
    return out


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_every_operation_answers_2xx_and_401_without_a_key(
    generated: Path,
    prism: Callable[[Path], Any],
    tmp_path: Path,
    api: str,
    count: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = install(generated, tmp_path)
    calls = _calls(generated, api)
    assert len(calls) == count
    listed = tmp_path / "calls.json"
    listed.write_text(json.dumps(calls))
    mock = prism(generated / api / "openapi.json")
    index = root / "node_modules" / PACKAGES[api] / "dist" / "index.js"
    client = "PermitPdp" if api == "pdp" else "PermitApi"
    run = node(SCRIPT, str(index), client, str(listed), mock.url)
    assert run.returncode == 0, run.stderr[-3000:]
    answers = json.loads(run.stdout)
    assert len(answers) == count
    failed = {k: v for k, v in answers.items() if not 200 <= (v["status"] or 0) < 300}
    assert failed == {}
    bare = node(SCRIPT, str(index), client, str(listed), mock.url, "nokey")
    assert bare.returncode == 0, bare.stderr[-3000:]
    refused = Counter((v["status"], v.get("error")) for v in json.loads(bare.stdout).values())
    assert refused == Counter({(401, "AuthenticationError"): count})
    with capsys.disabled():
        print(f"\n{api}: {count}/{count} operations 2xx from Prism, {count} x 401 without a key")
