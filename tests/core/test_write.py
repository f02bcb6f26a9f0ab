"""generator/write.py: a set of files lands whole or not at all, with a manifest of hashes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import repo_config, run_cli

from generator.errors import UsageError
from generator.write import MANIFEST, atomic_write, is_fresh, write_files

INPUTS = {"spec": "s1", "config": "c1", "code": "k1"}


def test_write_files_reports_changes_and_records_hashes(tmp_path: Path) -> None:
    changed = write_files(tmp_path, {"a/x.txt": b"1", "b.txt": b"2"}, INPUTS, ("curl",))
    assert sorted(changed) == ["a/x.txt", "b.txt"]
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["kinds"] == ["curl"] and set(manifest["files"]) == {"a/x.txt", "b.txt"}
    assert write_files(tmp_path, {"a/x.txt": b"1", "b.txt": b"3"}, INPUTS, ("curl",)) == ["b.txt"]
    assert is_fresh(tmp_path, INPUTS, ("curl",))
    assert not is_fresh(tmp_path, INPUTS, ("curl", "python"))  # a kind never built
    assert not is_fresh(tmp_path, {**INPUTS, "spec": "s2"}, ("curl",))
    (tmp_path / "b.txt").write_bytes(b"edited")
    assert not is_fresh(tmp_path, INPUTS, ("curl",))


def test_a_failed_set_leaves_the_previous_output(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.txt": b"old"}, INPUTS)

    (tmp_path / "z.txt").mkdir()  # a folder where a file must go: found before any rename
    (tmp_path / "z.txt" / "keep").write_text("k")
    with pytest.raises(UsageError, match="in the way"):
        write_files(tmp_path, {"a.txt": b"new", "z.txt": b"x"}, INPUTS)
    assert (tmp_path / "a.txt").read_bytes() == b"old"
    assert not list(tmp_path.rglob("*.tmp"))


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "f.json"
    atomic_write(target, b"{}")
    atomic_write(target, b"[]")
    assert target.read_bytes() == b"[]"
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.json"]


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_written_files_get_the_mode_a_plain_write_would(
    tmp_path: Path, umask: int, mode: int
) -> None:
    """Atomic writes go through a private temporary file; the result is readable as any file
    the user writes (a published curl page must be readable by the web server)."""
    old = os.umask(umask)
    try:
        result = run_cli(
            "generate", "pdp", "--offline", "-c", str(repo_config(tmp_path)), "--only", "curl"
        )
        assert result.code == 0, result.stderr
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) > 5
    assert {p.stat().st_mode & 0o777 for p in files} == {mode}
    assert (tmp_path / "apigen.lock.json").stat().st_mode & 0o777 == mode


def test_files_no_longer_generated_go_with_their_empty_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file the last run wrote under a kind built now, and this run does not, is removed
    (an edited one is kept and named); other kinds' files and files outside the kinds' folders
    stay."""
    first = {
        "clients/python/pkg/models/_old.py": b"old",
        "clients/python/pkg/models/_kept.py": b"kept",
        "clients/python/pkg/gone/_x.py": b"x",
        "clients/python/pkg/edited.py": b"e",
        "curl/index.html": b"c",
        "openapi.json": b"{}",
    }
    write_files(tmp_path, first, INPUTS, ("python", "curl"), ("clients/python", "curl"))
    (tmp_path / "clients/python/pkg/edited.py").write_bytes(b"mine")
    second = {"clients/python/pkg/models/_kept.py": b"kept"}
    changed = write_files(tmp_path, second, INPUTS, ("python",), ("clients/python",))
    assert sorted(changed) == [
        "clients/python/pkg/edited.py",
        "clients/python/pkg/gone/_x.py",
        "clients/python/pkg/models/_old.py",
    ]
    assert not (tmp_path / "clients/python/pkg/models/_old.py").exists()
    assert not (tmp_path / "clients/python/pkg/gone").exists()  # left empty: removed
    assert (tmp_path / "clients/python/pkg/edited.py").read_bytes() == b"mine"
    assert "edited.py: no longer generated, but edited since" in capsys.readouterr().err
    assert (tmp_path / "curl/index.html").read_bytes() == b"c"  # not built now
    assert (tmp_path / "openapi.json").exists()  # outside every kind's folder
    files = json.loads((tmp_path / MANIFEST).read_text())["files"]
    assert set(files) == {"clients/python/pkg/models/_kept.py", "curl/index.html", "openapi.json"}
