"""Artefact kinds are registered once (generator.kinds.REGISTRY): a throwaway kind added there,
and nowhere else, is built by `--only`, configured by its own `[apis.<api>.<kind>]` table,
covered by the manifest and `apigen check`, and linked from the site; `make dist` packages only
the kinds that say they make a package."""

from __future__ import annotations

import json
from pathlib import Path

import listing_kind
import pytest
from helpers import PDP_SPEC, repo_config, run_cli

from generator import kinds


@pytest.fixture
def with_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(kinds.REGISTRY, "listing", listing_kind.KIND)


def test_a_new_kind_needs_only_its_registration(with_listing: None, tmp_path: Path) -> None:
    config = repo_config(tmp_path)
    config.write_text(
        config.read_text().replace(
            "[apis.pdp.shell_variables]",
            '[apis.pdp.listing]\nheading = "PDP calls"\n\n[apis.pdp.shell_variables]',
        )
    )
    out = tmp_path / "out"
    args = ("-q", "--offline", "-c", str(config), "--source", str(PDP_SPEC), "--out", str(out))
    result = run_cli("generate", "pdp", "--only", "listing,site", *args)
    assert result.code == 0, result.stderr
    manifest = json.loads((out / "pdp" / "manifest.json").read_text())
    assert manifest["kinds"] == ["listing"] and "listing/operations.txt" in manifest["files"]
    everything = run_cli("generate", "pdp", *args)  # every kind: the new one among them
    assert everything.code == 0, everything.stderr
    listing = (out / "pdp" / "listing" / "operations.txt").read_text().splitlines()
    assert listing[0] == "PDP calls" and len(listing) == 1 + 29
    manifest = json.loads((out / "pdp" / "manifest.json").read_text())
    assert "listing" in manifest["kinds"] and "listing/operations.txt" in manifest["files"]
    site = (out / "site" / "index.html").read_text()
    assert 'href="pdp/listing/operations.txt"' in site
    assert (out / "site" / "pdp" / "listing" / "operations.txt").is_file()
    check = run_cli("check", "pdp", *args)
    assert check.code == 0, check.stdout + check.stderr
    (out / "pdp" / "listing" / "operations.txt").write_text("edited\n")
    assert run_cli("check", "pdp", *args).code == 1  # drift in the new kind's file
    help_text = run_cli("generate", "--help").stdout
    assert "listing" in help_text
    bad = run_cli("generate", "pdp", "--only", "nope", *args)
    assert bad.code == 2 and "listing" in bad.stderr  # the known kinds, the new one among them


def test_its_settings_are_checked(with_listing: None, tmp_path: Path) -> None:
    config = repo_config(tmp_path)
    config.write_text(config.read_text() + "\n[apis.pdp.listing]\nheading = 3\n")
    result = run_cli("generate", "pdp", "-q", "--offline", "-c", str(config))
    assert result.code == 2 and "[apis.pdp.listing]: heading must be a string" in result.stderr


def test_without_the_registration_the_table_is_unknown(tmp_path: Path) -> None:
    config = repo_config(tmp_path)
    config.write_text(config.read_text() + "\n[apis.pdp.listing]\nheading = 'x'\n")
    result = run_cli("generate", "pdp", "-q", "--offline", "-c", str(config))
    assert result.code == 2 and "unknown key(s) listing" in result.stderr


def test_the_registry_names_existing_modules_templates_and_runtimes() -> None:
    from helpers import ROOT

    for kind in kinds.REGISTRY.values():
        module = kinds.load(kind.name)
        assert hasattr(module, "emit" if kind.per_api else "build_all"), kind.name
        if kind.templates:
            assert (ROOT / "templates" / kind.templates).is_dir(), kind.name
        if kind.runtime:
            assert (ROOT / "generator" / "runtime" / kind.runtime).is_dir(), kind.name
    assert {k.package for k in kinds.REGISTRY.values() if k.package} == {"python", "npm", "go"}
    for kind in kinds.languages():  # a client language's adapter and tooling
        module = kinds.load(kind.name)
        assert all(hasattr(module, f) for f in ("snippets", "install", "install_local")), kind
        assert all(hasattr(kinds.tooling(kind), f) for f in ("dist", "lint")), kind
