"""Normalization on the real Permit specs in ../shared: valid, idempotent, deterministic."""

from __future__ import annotations

import functools
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import HISTORY, PDP_SPEC, PERMIT_SPEC, ROOT, repo_config, run_cli
from openapi_spec_validator import validate

from generator.config import load_config
from generator.normalize import Context, normalize
from generator.schema.text import dump_json
from generator.spec import validation_errors
from generator.stages import apply_overlays

pytestmark = pytest.mark.slow  # make test-fast leaves it out


CONFIG = load_config(ROOT / "apigen.toml")
SPECS = {
    "current": (PERMIT_SPEC, "permit"),
    "pdp": (PDP_SPEC, "pdp"),
    **{p.stem.removeprefix("openapi-"): (p, "permit") for p in sorted(HISTORY.glob("*.json"))},
}


@functools.cache
def normalized(key: str) -> dict[str, Any]:
    """As `apigen normalize` does it: the API's overlays first (on a history spec, the actions
    that still match), then the passes."""
    path, api = SPECS[key]
    document = json.loads(path.read_text())
    apply_overlays(CONFIG.apis[api], document, key, None, strict=False)  # (applied, remember)
    return normalize(document, Context(CONFIG.apis[api])).document


# 2025-07-20 normalizes to the current spec's bytes (test_volatile_only_difference_disappears)
@pytest.mark.parametrize("key", sorted(set(SPECS) - {"2025-07-20"}))
def test_valid_for_spec_validator_and_openapi_pydantic(key: str) -> None:
    document = normalized(key)
    validate(document)
    assert validation_errors(document) == []


@pytest.mark.parametrize("key", ["current", "pdp", "2022-09-29"])
def test_idempotent(key: str) -> None:
    _path, api = SPECS[key]
    again = normalize(normalized(key), Context(CONFIG.apis[api]))
    assert dump_json(again.document) == dump_json(normalized(key))
    assert all(not r.changes for name, r in again.records.items() if name != "canonical-order")


def test_volatile_only_difference_disappears() -> None:
    raw_old = json.loads((HISTORY / "openapi-2025-07-20.json").read_text())
    raw_new = json.loads(PERMIT_SPEC.read_text())
    assert raw_old != raw_new
    assert dump_json(normalized("2025-07-20")) == dump_json(normalized("current"))


def test_real_defects_repaired() -> None:
    doc = normalized("current")
    schemas = doc["components"]["schemas"]
    assert not any("__" in name for name in schemas)
    assert {"PermitBackendFullData", "DataGeneratorLibFullData"} <= set(schemas)
    secret = schemas["ProxyConfigCreate"]["properties"]["secret"]["anyOf"]
    assert [b["type"] for b in secret] == ["object", "string", "string"]
    assert "hidden_from_schema" not in json.dumps(doc)
    assert '"lte"' not in json.dumps(doc)
    assert [s["url"] for s in doc["servers"]] == [
        "https://api.permit.io",
        "https://api.eu.permit.io",
    ]
    names = [t["name"] for t in doc["tags"]]
    assert len(names) == len(set(names)) == 21 + 21 + 1  # declared, undeclared, Misc
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids)) == 251
    assert max(map(len, ids)) < 60
    pdp = normalized("pdp")
    assert pdp["security"] == [{"HTTPBearer": []}]
    assert [s["url"] for s in pdp["servers"]] == [
        "http://localhost:7766",
        "https://cloudpdp.api.permit.io",
        "https://cloudpdp.api.eu-central-1.permit.io",
    ]


@pytest.mark.parametrize("key", ["current", "pdp", "2022-09-29", "2024-12-15"])
def test_redocly_lint_has_no_errors(key: str, tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    target.write_bytes(dump_json(normalized(key)))
    node = ROOT / "tools" / "node"
    proc = subprocess.run(
        [
            str(node / "node_modules" / ".bin" / "redocly"),
            "lint",
            "--config",
            str(node / "redocly.yaml"),
            "--format=json",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    report = json.loads(proc.stdout[proc.stdout.index("{") :])
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    assert errors == [], errors[:3]
    assert proc.returncode == 0


def test_normalize_command_writes_document_and_reports(tmp_path: Path) -> None:
    config = repo_config(tmp_path)
    result = run_cli(
        "normalize", "pdp", "--offline", "--out", str(tmp_path), "-q", "-c", str(config)
    )
    assert result.code == 0, result.stderr
    folder = tmp_path / "pdp"
    assert json.loads((folder / "openapi.json").read_text())["servers"]
    report = json.loads((folder / "normalize-report.json").read_text())
    assert {p["name"] for p in report["passes"]} >= {"servers", "security", "operation-ids"}
    ops = next(p for p in report["passes"] if p["name"] == "operation-ids")
    assert (
        ops["mapping"]["trigger_policy_update_policy_updater_trigger_post"]
        == "trigger_policy_update"
    )
    assert "# Normalize report: pdp" in (folder / "normalize-report.md").read_text()
    lock = json.loads((tmp_path / "apigen.lock.json").read_text())["pdp"]
    assert (
        lock["normalized_sha256"]
        == hashlib.sha256((folder / "openapi.json").read_bytes()).hexdigest()
    )
    assert (folder / "source.json").read_bytes() == PDP_SPEC.read_bytes()


@pytest.mark.parametrize("key", sorted(SPECS))
def test_shared_schema_walk_changes_nothing(key: str) -> None:
    """The schema passes share one walk; on every real spec that gives exactly what running
    each pass alone gives: document bytes and every record."""
    from generator.normalize import PASSES, apply

    path, api = SPECS[key]
    ctx = Context(CONFIG.apis[api])
    document = json.loads(path.read_text())
    records = {}
    for name in PASSES:
        document, records[name] = apply(name, document, ctx)
    shared = normalize(json.loads(path.read_text()), ctx)
    assert dump_json(shared.document) == dump_json(document)
    assert shared.records == records


def test_many_bundled_references_are_summed_up_per_file() -> None:
    """Past BUNDLED_LISTED references the Markdown report has a row per file read (the JSON
    report keeps every reference)."""
    from generator.normalize.report import BUNDLED_LISTED, _bundled_markdown

    few = [{"ref": "a.yaml#/A", "pointer": "/x", "source": "a.yaml", "now": "(inlined)"}]
    assert "- `a.yaml#/A` at `/x`: read from `a.yaml`, now `(inlined)`" in _bundled_markdown(few)
    many = [
        {
            "ref": f"{name}.yaml#/{n}",
            "pointer": f"/p/{n}",
            "source": f"{name}.yaml",
            "now": "#/components/schemas/A" if n % 2 else "(inlined)",
        }
        for n in range(BUNDLED_LISTED + 1)
        for name in ("one", "two|three")
    ]
    lines = _bundled_markdown(many)
    assert f"## External references bundled ({len(many)} from 2 files)" in lines
    rows = [line for line in lines if line.startswith("| `")]
    half = (BUNDLED_LISTED + 1) // 2
    assert rows == [
        f"| `one.yaml` | {BUNDLED_LISTED + 1} | `#/components/schemas/A`, inlined {half + 1}x |",
        f"| `two\\|three.yaml` | {BUNDLED_LISTED + 1} | `#/components/schemas/A`, inlined {half + 1}x |",
    ]
