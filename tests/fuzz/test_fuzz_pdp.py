"""The mutation fuzzer (tests/support/fuzz.py) on the pdp spec with a fixed seed: 300 mutants in
chunks (one file per spec, so that the test workers share them), the packages of every tenth
imported and compiled. `make fuzz` runs more."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz import run_chunk

# every 10th mutant that generates also has its packages imported and compiled (30 per spec)
SEED, PER_SPEC, CHUNK, EXECUTE_EVERY = 20261129, 300, 30, 10


@pytest.mark.parametrize("start", range(0, PER_SPEC, CHUNK))
def test_mutants_keep_every_invariant(start: int, tmp_path: Path) -> None:
    failures = run_chunk("pdp", SEED, start, CHUNK, tmp_path, EXECUTE_EVERY)
    assert not failures, "\n".join(failures)
