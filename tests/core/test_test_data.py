"""`make test-data` (tools/test_data.py): the tests' specs from a mirror, pinned by sha256; and
what a clone without any of them is told."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, SHARED, run_cli, static_server

MANIFEST = json.loads((ROOT / "tests" / "support" / "data.json").read_text())["files"]
TOOL = str(ROOT / "tools" / "test_data.py")


def test_downloads_from_a_mirror_server_and_checks_every_hash(tmp_path: Path) -> None:
    with static_server(SHARED) as base:
        result = subprocess.run(
            [sys.executable, TOOL, "--base-url", base, "--dest", str(tmp_path / "data")],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.count("sha256 ok") == len(MANIFEST) == 8
        again = subprocess.run(
            [sys.executable, TOOL, "--base-url", base, "--dest", str(tmp_path / "data")],
            capture_output=True,
            text=True,
        )
        assert again.returncode == 0 and again.stdout == ""  # present and right: not fetched
    for rel, entry in MANIFEST.items():
        data = (tmp_path / "data" / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_a_file_with_another_hash_is_refused_and_not_kept(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(SHARED / "specs", mirror / "specs")
    shutil.copytree(SHARED / "schemas", mirror / "schemas")
    (mirror / "specs" / "permit" / "pdp-openapi.json").write_text('{"openapi": "3.1.0"}')
    with static_server(mirror) as base:
        result = subprocess.run(
            [sys.executable, TOOL, "--base-url", base, "--dest", str(tmp_path / "data")],
            capture_output=True,
            text=True,
        )
    assert result.returncode == 4
    assert (
        "specs/permit/pdp-openapi.json: sha256" in result.stderr
        and "expected 52845ee8" in result.stderr
    )
    assert not (tmp_path / "data" / "specs" / "permit" / "pdp-openapi.json").exists()


def test_the_tests_use_the_downloaded_data_when_there_is_no_shared(tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run([sys.executable, TOOL, "--mirror", str(SHARED), "--dest", str(data)], check=True)
    probe = "import helpers; print(helpers.SHARED)"
    found = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT / "tests" / "support",
        env={
            "APIGEN_TEST_SPECS": str(data),
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT / "tests" / "support"),
        },
    )
    beside = ROOT.parent / "shared" / "specs" / "permit" / "openapi.json"
    expected = str(ROOT.parent / "shared") if beside.is_file() else str(data)
    assert found.stdout.strip() == expected, found.stderr


def test_offline_without_cache_or_snapshot_says_how_to_get_a_spec(tmp_path: Path) -> None:
    text = (ROOT / "apigen.toml").read_text().replace('"overlays/', f'"{ROOT}/overlays/')
    (tmp_path / "apigen.toml").write_text(text)
    result = run_cli("generate", "--offline", "-c", str(tmp_path / "apigen.toml"))
    assert result.code == 3 and result.stderr.count("\n") <= 3
    assert (
        "offline and not in the cache" in result.stderr
        and "output/permit/source.json" in result.stderr
    )
