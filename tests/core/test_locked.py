"""`apigen generate --locked` (the publishing workflows): builds only from the spec whose sha256
apigen.lock.json records; any other is one line, exit 4, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from helpers import HISTORY, repo_config, run_cli, snapshot_tree


def test_generate_locked_refuses_another_spec(tmp_path: Path) -> None:
    config = str(repo_config(tmp_path))
    out = tmp_path / "out"
    base = ("generate", "pdp", "-q", "--offline", "-c", config, "--out", str(out), "--only")
    first = run_cli(*base, "postman")  # the offline snapshot: the PDP test spec, now locked
    assert first.code == 0, first.stderr
    same = run_cli(*base, "postman,curl", "--locked")
    assert same.code == 0, same.stderr
    before = snapshot_tree(out)
    other = sorted(HISTORY.glob("*.json"))[0]
    refused = run_cli(*base, "postman", "--source", str(other), "--locked")
    assert refused.code == 4 and refused.stderr.count("\n") == 1, refused.stderr
    assert "is not the one the lock records" in refused.stderr
    assert snapshot_tree(out) == before
    never = run_cli(
        "generate", "permit", "-q", "--offline", "-c", config, "--out", str(out), "--locked",
        "--source", str(other),
    )  # fmt: skip
    assert never.code == 4 and "(None)" in never.stderr  # nothing locked for it yet
