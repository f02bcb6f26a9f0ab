"""Normalizing a spec apigen already normalized changes nothing, overlays included: for the
current control-plane and PDP specs and the five historical ones, `apigen normalize` of its own
`openapi.json` writes the same bytes (no overlay action re-applies to its own output)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import HISTORY, PDP_SPEC, PERMIT_SPEC, repo_config, run_cli

pytestmark = pytest.mark.slow  # make test-fast leaves it out


SPECS = [
    ("permit", PERMIT_SPEC),
    ("pdp", PDP_SPEC),
    *(("permit", path) for path in sorted(HISTORY.glob("*.json"))),
]
assert len(SPECS) == 7, "the current, PDP and five historical specs"


@pytest.mark.parametrize(("api", "spec"), SPECS, ids=[p.name for _, p in SPECS])
def test_normalizing_its_own_output_is_a_no_op(api: str, spec: Path, tmp_path: Path) -> None:
    config = str(repo_config(tmp_path))
    first = run_cli(
        "normalize", api, "-q", "--offline", "-c", config, "--source", str(spec),
        "--out", str(tmp_path / "first"),
    )  # fmt: skip
    assert first.code == 0, first.stderr
    once = tmp_path / "first" / api / "openapi.json"
    again = run_cli(
        "normalize", api, "-q", "--offline", "-c", config, "--source", str(once),
        "--out", str(tmp_path / "second"),
    )  # fmt: skip
    assert again.code == 0, again.stderr
    assert (tmp_path / "second" / api / "openapi.json").read_bytes() == once.read_bytes()
