"""The mutation fuzzer (tests/fuzz.py) with a fixed seed: 300 mutants of the permit spec (one file
per spec, so that the test workers share them). `make fuzz` runs more with a random seed."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz import check, mutants

SEED = 20261129
PER_SPEC = 300
CHUNK = 30


@pytest.mark.parametrize("start", range(0, PER_SPEC, CHUNK))
def test_mutants_keep_every_invariant(start: int, tmp_path: Path) -> None:
    api = "permit"
    failures = []
    for index, document, changes in mutants(api, SEED, CHUNK, start):
        problems = check(api, document, tmp_path / str(index))
        if problems:
            failures.append(f"{api} seed {SEED} index {index} ({'; '.join(changes)}): {problems}")
    assert not failures, "\n".join(failures)
