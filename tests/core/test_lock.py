"""generator/lock.py: the lock entry from an immutable fetch result and a separate verdict."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import write_config

from generator.config import load_config
from generator.lock import Verdict, known_valid, lock_entry, read_lock, update_lock
from generator.source import fetch_result


def test_entry_records_fetch_and_verdict(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path))
    result = fetch_result(
        "permit", str(tmp_path / "s.json"), str(tmp_path / "s.json"), b"{}", {}, "file"
    )
    update_lock(cfg, result, Verdict("n" * 64, "openapi-pydantic 1, pydantic 2"))
    entry = read_lock(cfg)["permit"]
    assert entry["source"] == "s.json" and entry["sha256"] == result.sha256
    assert entry["normalized_sha256"] == "n" * 64
    assert (
        known_valid(read_lock(cfg), cfg.apis["permit"], "openapi-pydantic 1, pydantic 2")
        == "n" * 64
    )
    assert known_valid(read_lock(cfg), cfg.apis["permit"], "openapi-pydantic 9, pydantic 2") is None
    stamp = entry["fetched_at"]
    update_lock(cfg, result, None)  # `apigen fetch`: no verdict, the previous one stays
    again = read_lock(cfg)["permit"]
    assert again["normalized_sha256"] == "n" * 64 and again["fetched_at"] == stamp


def test_fetched_at_changes_only_with_the_spec(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path))
    old = fetch_result("permit", "a", "a", b"{}", {}, "file")
    previous = lock_entry(cfg, old, None, {})
    previous["fetched_at"] = "2020-01-01T00:00:00Z"
    assert lock_entry(cfg, old, None, previous)["fetched_at"] == "2020-01-01T00:00:00Z"
    new = fetch_result("permit", "a", "a", b"{ }", {}, "file")
    assert lock_entry(cfg, new, None, previous)["fetched_at"] != "2020-01-01T00:00:00Z"


def test_unchanged_entry_is_not_rewritten(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path))
    result = fetch_result("permit", "a", "a", b"{}", {}, "file")
    update_lock(cfg, result, None)
    mtime = cfg.lock.stat().st_mtime_ns
    update_lock(cfg, result, None)
    assert cfg.lock.stat().st_mtime_ns == mtime
    assert json.loads(cfg.lock.read_text())["permit"]["origin"] == "file"


def test_a_lock_entry_that_is_not_an_object_is_exit_2(tmp_path: Path) -> None:
    """Was an internal error (AttributeError) wherever the lock is read: `--locked`, the
    validator verdict, the client version."""
    from helpers import PDP_SPEC, repo_config, run_cli

    config = repo_config(tmp_path)
    (tmp_path / "apigen.lock.json").write_text(json.dumps({"pdp": "oops"}))
    args = ("generate", "pdp", "-q", "--offline", "-c", str(config), "--out", str(tmp_path / "o"))
    for extra in ((), ("--locked",)):
        result = run_cli(*args, "--source", str(PDP_SPEC), *extra)
        assert result.code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "the entry for pdp is not an object" in result.stderr
