"""A YAML text's reading is kept as JSON in the cache (`generator.spec.use_cache`): a later run
over the same text reads that JSON, gets exactly what reading the YAML gives, and does not import
PyYAML; what JSON cannot hold exactly (shared values, infinities, what only the full loader
builds) is never kept."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from helpers import ROOT

from generator import fingerprint, log, spec

TEXT = b"""openapi: 3.1.0
info: {title: Kept, version: '1'}
paths:
  /pets:
    get:
      responses:
        200: {description: ok}
        4XX: {description: not found}
components:
  schemas:
    Big: {type: integer, maximum: 18446744073709551616, example: 0o17}
    Flag: {type: boolean, default: yes, x-when: 2001-12-14}
"""


@pytest.fixture
def kept(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "parsed"
    spec.use_cache(folder)
    try:
        yield folder
    finally:
        spec.use_cache(None)


def test_a_kept_reading_is_what_reading_the_yaml_gives(kept: Path) -> None:
    first = spec.parse_data(TEXT, "s.yaml")
    files = list(kept.iterdir())
    assert len(files) == 1
    second = spec.parse_data(TEXT, "s.yaml")
    assert second == first and second is not first
    assert orjson.dumps(second) == orjson.dumps(first)  # order and types too
    assert first["paths"]["/pets"]["get"]["responses"].keys() == {"200", "4XX"}
    assert first["components"]["schemas"]["Big"]["maximum"] == float(2**64)
    assert first["components"]["schemas"]["Flag"] == {
        "type": "boolean",
        "default": True,
        "x-when": "2001-12-14",
    }


def test_the_kept_file_is_what_a_second_run_reads(kept: Path) -> None:
    """Proof that the JSON is read and the YAML is not: a kept file changed by hand is what the
    next reading of the same text gives; another text is read afresh."""
    spec.parse_data(TEXT, "s.yaml")
    (path,) = kept.iterdir()
    path.write_bytes(orjson.dumps({"found": {"keys": 0, "integers": 0}, "data": {"marked": 1}}))
    assert spec.parse_data(TEXT, "s.yaml") == {"marked": 1}
    assert spec.parse_data(TEXT + b"x-more: 1\n", "s.yaml")["x-more"] == 1


def test_the_counts_are_said_again_from_a_kept_reading(
    kept: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(log._state, "quiet", False)  # (a test before may have run quietly)
    for _ in range(2):
        spec.parse_data(TEXT, "s.yaml")
        said = capsys.readouterr().err
        assert "s.yaml: read as JSON would: 1 YAML key(s)" in said
        assert "1 integer(s) beyond 64 bits as floats" in said


@pytest.mark.parametrize(
    "text",
    [
        b"a: &x {b: 1}\nc: *x\n",  # a value YAML shares and JSON would copy
        b"a: .inf\n",  # JSON has no infinity
        b"a: [1, .NaN]\n",  # nor NaN
        b"a: !!str 123\n",  # read by the full loader
        b"base: &b {x: 1}\nderived:\n  <<: *b\n",  # a merge key: the full loader
    ],
)
def test_what_json_cannot_hold_exactly_is_not_kept(kept: Path, text: bytes) -> None:
    first = spec.parse_data(text, "s.yaml")
    assert not kept.exists() or not list(kept.iterdir())
    assert spec.parse_data(text, "s.yaml") == first or first != first  # NaN != NaN


def test_a_damaged_kept_file_is_read_afresh_and_replaced(kept: Path) -> None:
    expected = spec.parse_data(TEXT, "s.yaml")
    (path,) = kept.iterdir()
    for damage in (b"{not json", b"[]", b'{"data": 1}'):
        path.write_bytes(damage)
        assert spec.parse_data(TEXT, "s.yaml") == expected
        assert orjson.loads(path.read_bytes())["data"] == expected


def test_another_apigen_does_not_read_this_ones_readings(
    kept: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec.parse_data(TEXT, "s.yaml")
    monkeypatch.setattr(fingerprint, "code_hash", lambda: "another apigen")
    spec.parse_data(TEXT, "s.yaml")
    assert len(list(kept.iterdir())) == 2


def test_nothing_is_kept_without_a_cache(tmp_path: Path) -> None:
    spec.use_cache(None)
    spec.parse_data(TEXT, "s.yaml")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("configured", [False, True], ids=["config-less", "apigen.toml"])
def test_a_second_run_of_a_yaml_spec_does_not_import_pyyaml(
    tmp_path: Path, configured: bool
) -> None:
    """The whole CLI, as a user runs it: the regeneration reads the kept JSON."""
    (tmp_path / "spec.yaml").write_bytes(TEXT)
    args = ["generate", "--out", "out", "-q", "--only", "postman"]
    if configured:
        (tmp_path / "apigen.toml").write_text(
            '[apis.kept]\nsource = "spec.yaml"\nregions = [{key = "us", name = "US", '
            'url = "https://api.example.com"}]\n'
        )
    else:
        args += ["--source", "spec.yaml"]
    probe = (
        "import sys\n"
        "from generator import cli\n"
        f"code = cli.run({args!r})\n"
        "print(code, 'yaml' in sys.modules)\n"
    )
    seen = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, check=True,
        )  # fmt: skip
        seen.append(done.stdout.split())
        for manifest in (tmp_path / "out").glob("*/manifest.json"):
            manifest.unlink()  # not a no-op: the spec is read and built again
    assert seen == [["0", "True"], ["0", "False"]]
