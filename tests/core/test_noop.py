"""The no-op skip: exact, kept in the output folder's manifest, never fooled."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import PDP_SPEC, repo_config, run_cli, snapshot_tree

from generator import background, fingerprint


def generate(config: Path, *extra: str) -> str:
    result = run_cli("generate", "pdp", "--offline", "-c", str(config), *extra)
    assert result.code == 0, result.stderr
    return result.stderr


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    config = repo_config(tmp_path)
    generate(config)
    return config, tmp_path / "out" / "pdp"


def test_second_run_is_skipped_and_leaves_files_alone(setup: tuple[Path, Path]) -> None:
    config, folder = setup
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    log = generate(config)
    assert "is up to date" in log and "normalized" not in log
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["inputs"]) == {"spec", "config", "code"}
    assert manifest["kinds"] == ["curl", "go", "postman", "python", "typescript"]


def test_the_snapshot_the_first_run_writes_is_not_a_change(tmp_path: Path) -> None:
    """apigen.toml's snapshot list as a fresh clone has it: the output's own source.json first
    (absent on the first run), then the test data."""
    config = repo_config(tmp_path)
    text = config.read_text()
    listed = text.replace(f'"{PDP_SPEC}"', f'["out/pdp/source.json", "{PDP_SPEC}"]')
    assert listed != text
    config.write_text(listed)
    assert str(PDP_SPEC) in generate(config)
    lock = (tmp_path / "apigen.lock.json").read_text()
    log = generate(config)
    assert "out/pdp/source.json" in log and "is up to date" in log
    assert (tmp_path / "apigen.lock.json").read_text() == lock


def test_edited_or_missing_output_regenerates(setup: tuple[Path, Path]) -> None:
    config, folder = setup
    expected = snapshot_tree(folder)
    (folder / "curl" / "cheatsheet.md").write_text("edited")
    (folder / "postman" / "pdp-local.postman_environment.json").unlink()
    assert "normalized" in generate(config)
    assert snapshot_tree(folder) == expected


def test_config_change_regenerates(setup: tuple[Path, Path]) -> None:
    config, folder = setup
    config.write_text(config.read_text().replace('name = "PDP local"', 'name = "PDP on my laptop"'))
    assert "normalized" in generate(config)
    env = json.loads((folder / "postman" / "pdp-local.postman_environment.json").read_text())
    assert env["name"] == "PDP on my laptop"


def test_spec_change_regenerates(setup: tuple[Path, Path], tmp_path: Path) -> None:
    config, folder = setup
    spec = json.loads(PDP_SPEC.read_text())
    spec["info"]["version"] = "9.9.9"
    changed = tmp_path / "pdp.json"
    changed.write_text(json.dumps(spec))
    config.write_text(
        config.read_text().replace(
            'source = "https://pdp-api.permit.io/openapi.json"', f'source = "{changed}"'
        )
    )
    assert "normalized" in generate(config)
    assert json.loads((folder / "openapi.json").read_text())["info"]["version"] == "9.9.9"


def test_code_or_template_change_regenerates(
    setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, _ = setup
    monkeypatch.setattr(fingerprint, "code_hash", lambda: "another apigen")
    assert "normalized" in generate(config)


def test_code_hash_covers_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator

    copy = tmp_path / "templates"
    shutil.copytree(generator.TEMPLATES, copy)
    monkeypatch.setattr(generator, "TEMPLATES", copy)
    fingerprint.code_hash.cache_clear()
    first = fingerprint.code_hash()
    (copy / "curl" / "cheatsheet.md.j2").write_text("changed")
    fingerprint.code_hash.cache_clear()
    assert fingerprint.code_hash() != first
    fingerprint.code_hash.cache_clear()


def test_code_hash_is_kept_under_its_files_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contents' hash is kept beside the bytecode under a stamp of the files' names, sizes
    and times: a file rewritten to the same size still changes it."""
    import os

    import generator

    copy = tmp_path / "templates"
    shutil.copytree(generator.TEMPLATES, copy)
    monkeypatch.setattr(generator, "TEMPLATES", copy)
    kept = tmp_path / "cache" / "apigen-code-hash.txt"
    monkeypatch.setattr(fingerprint, "KEPT", kept)
    fingerprint.code_hash.cache_clear()
    first = fingerprint.code_hash()
    stamp, digest = kept.read_text().split()
    assert digest == first
    kept.write_text(f"{stamp} {'0' * 64}\n")
    fingerprint.code_hash.cache_clear()
    assert fingerprint.code_hash() == "0" * 64  # read back under the same stamp, not hashed
    target = copy / "curl" / "cheatsheet.md.j2"
    before = target.stat()
    target.write_bytes(target.read_bytes()[::-1])  # the same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    fingerprint.code_hash.cache_clear()
    assert fingerprint.code_hash() != first
    fingerprint.code_hash.cache_clear()


def test_fresh_out_and_more_kinds_mean_a_full_run(setup: tuple[Path, Path], tmp_path: Path) -> None:
    config, _ = setup
    assert "normalized" in generate(config, "--out", str(tmp_path / "elsewhere"))
    only = tmp_path / "only"
    generate(config, "--out", str(only), "--only", "postman")
    assert "is up to date" in generate(config, "--out", str(only), "--only", "postman")
    assert "normalized" in generate(config, "--out", str(only), "--only", "postman,curl")


def test_validation_verdict_is_reused_only_for_the_same_document_and_validator(
    setup: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openapi-pydantic runs again unless the lock says this exact normalized document passed
    this exact validator; a fresh --out alone does not make it run."""
    from generator import spec

    config, folder = setup
    lock_path = tmp_path / "apigen.lock.json"
    entry = json.loads(lock_path.read_text())["pdp"]
    assert entry["validated_with"] == spec.validator_label()
    assert entry["normalized_sha256"] == fingerprint.sha256((folder / "openapi.json").read_bytes())
    calls: list[str] = []
    real = spec.validation_errors
    monkeypatch.setattr(spec, "validation_errors", lambda doc: calls.append("v") or real(doc))
    monkeypatch.setattr(background, "_cores", lambda: 1)  # validated here, where calls are seen

    generate(config, "--out", str(tmp_path / "fresh"), "--only", "postman")
    assert calls == []  # same document, same validator: the verdict holds
    shutil.rmtree(tmp_path / "cache" / "valid")  # the cache's record of it: the lock's alone
    lock = json.loads(lock_path.read_text())
    lock["pdp"]["validated_with"] = "openapi-pydantic 0.0.1, pydantic 2.0.0"
    lock_path.write_text(json.dumps(lock))
    generate(config, "--out", str(tmp_path / "fresh2"), "--only", "postman")
    assert calls == ["v"]  # another validator version: checked again, and recorded
    assert json.loads(lock_path.read_text())["pdp"]["validated_with"] == spec.validator_label()
    lock = json.loads(lock_path.read_text())
    lock["pdp"]["normalized_sha256"] = "0" * 64
    lock_path.write_text(json.dumps(lock))
    shutil.rmtree(tmp_path / "cache" / "valid")
    generate(config, "--out", str(tmp_path / "fresh3"), "--only", "postman")
    assert calls == ["v", "v"]  # another document: checked again


def test_a_run_the_lock_does_not_record_reuses_the_cache_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config-less run (no lock) validates a normalized document once: the cache remembers
    that this document passed this validator, and nothing else (another document, another
    validator version, an emptied cache: validated again)."""
    from generator import spec

    calls: list[str] = []
    real = spec.validation_errors
    monkeypatch.setattr(spec, "validation_errors", lambda doc: calls.append("v") or real(doc))
    monkeypatch.setattr(background, "_cores", lambda: 1)  # validated here, where calls are seen
    source = tmp_path / "pdp.json"
    source.write_bytes(PDP_SPEC.read_bytes())
    out = tmp_path / "out"

    def run() -> None:
        result = run_cli("generate", "--source", str(source), "--out", str(out), "--only", "curl")
        assert result.code == 0, result.stderr
        shutil.rmtree(next(p for p in out.iterdir() if p.is_dir() and p.name[0] != "."))

    monkeypatch.chdir(tmp_path)
    run()
    run()
    assert calls == ["v"] and not (out / "apigen.lock.json").exists()
    monkeypatch.setattr(spec, "validator_label", lambda: "openapi-pydantic 0.0.1, pydantic 2.0.0")
    run()
    assert calls == ["v", "v"]
    document = json.loads(source.read_text())
    document["info"]["description"] = "another document"
    source.write_text(json.dumps(document))
    run()
    assert calls == ["v", "v", "v"]
    assert not (out / ".apigen-cache").exists()  # the cache is not output (#34)
    shutil.rmtree(tmp_path / ".apigen-cache")  # where a config-less run keeps it: its folder
    run()
    assert calls == ["v", "v", "v", "v"]


def test_document_left_invalid_after_normalization_is_exit_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the lock says, a document the validator rejects ends the run with exit 4."""
    config = repo_config(tmp_path)
    bad = json.loads(PDP_SPEC.read_text())
    bad["info"]["contact"] = {"email": ["not", "a", "string"]}
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad))
    result = run_cli("generate", "pdp", "--offline", "-c", str(config), "--source", str(source))
    assert result.code == 4, result.stderr
    assert "remain after normalization" in result.stderr and "/info/contact/email" in result.stderr
    assert not (tmp_path / "out" / "pdp").exists()
