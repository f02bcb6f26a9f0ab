"""generator/versioning.py: the clients' version from the API diff, on the history specs."""

from __future__ import annotations

import functools

import pytest
from helpers import HISTORY, PERMIT_SPEC, ROOT

from generator import log
from generator.config import load_config
from generator.diff import ApiDiff
from generator.pipeline import run_diff
from generator.versioning import bump, bump_unknown

CONFIG = load_config(ROOT / "apigen.toml")


@functools.cache
def diff(old: str, new: str) -> ApiDiff:
    def path(key: str) -> str:
        return str(PERMIT_SPEC if key == "current" else HISTORY / f"openapi-{key}.json")

    log.set_quiet(True)
    return run_diff(CONFIG, CONFIG.apis["permit"], path(old), path(new), True)


@pytest.mark.parametrize(
    ("old", "new", "from_1", "from_0", "part"),
    [
        ("2024-12-15", "2025-03-26", "2.0.0", "0.5.0", "major"),  # 10 operations removed
        ("2022-09-29", "2024-12-15", "2.0.0", "0.5.0", "major"),  # patterns added to requests
        ("2025-03-26", "2025-05-20", "2.0.0", "0.5.0", "major"),  # renames: SDK-breaking only
        ("2025-05-20", "current", "1.1.0", "0.5.0", "minor"),  # additions only
    ],
)
def test_bump_on_the_history(old: str, new: str, from_1: str, from_0: str, part: str) -> None:
    found = diff(old, new)
    assert bump("1.0.0", found, False).new == from_1
    below = bump("0.4.2", found, False)
    assert below.new == from_0 and below.part == "minor"  # below 1.0 a breaking change is minor
    assert bump("1.0.0", found, True).part == part  # an API change outranks apigen's own


def test_an_unchanged_api() -> None:
    found = diff("2025-07-20", "current")
    assert found.empty
    assert bump("1.4.2", found, False) == ("1.4.2", "1.4.2", "none", "no change")
    patch = bump("1.4.2", found, True)
    assert (patch.new, patch.part) == ("1.4.3", "patch")
    assert bump(None, None, False).new == "1.0.0"
    assert bump_unknown("2.3.1").new == "2.4.0"


def test_headline_names_the_package_and_the_reason() -> None:
    major = bump("2.4.0", diff("2024-12-15", "2025-03-26"), False)
    assert major.headline("permit-api").startswith("Version: permit-api 2.4.0 -> 3.0.0 (major: ")
    assert "breaking change" in major.reason
