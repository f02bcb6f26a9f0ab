"""Versions of the generated client packages, from the API diff (Permit's `info.version` is
always 2.0.0 and cannot serve): major on a wire- or SDK-breaking change (minor below 1.0), minor
when the API changed otherwise (additions, deprecations, ...), patch when only apigen's code,
templates or configuration changed. The version lives in the lock."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from generator.diff import ApiDiff

INITIAL = "1.0.0"


class Bump(NamedTuple):
    old: str
    new: str
    part: str  # major, minor, patch or none
    reason: str

    def headline(self, distribution: str) -> str:
        if self.part == "none":
            return f"Version: {distribution} {self.new} (unchanged)."
        return f"Version: {distribution} {self.old} -> {self.new} ({self.part}: {self.reason})."


def _parts(version: str) -> tuple[int, int, int]:
    try:
        major, minor, patch = (int(p) for p in version.split(".")[:3])
    except ValueError:
        return 1, 0, 0
    return major, minor, patch


def bump(previous: str | None, diff: ApiDiff | None, apigen_changed: bool) -> Bump:
    """The next version after `previous` for the API changes `diff` (None: the API did not
    change) and whether apigen itself changed since the last generation."""
    old = previous or INITIAL
    major, minor, patch = _parts(old)
    if diff is not None and not diff.empty:
        if diff.wire_breaking or diff.sdk_breaking:
            count = diff.count("breaking")
            reason = f"{count} breaking change{'s' if count != 1 else ''}"
            if major == 0:
                return Bump(old, f"0.{minor + 1}.0", "minor", reason + " (below 1.0)")
            return Bump(old, f"{major + 1}.0.0", "major", reason)
        added = sum(f.kind.endswith("-added") for f in diff.findings)
        reason = f"{added} addition{'s' if added != 1 else ''}" if added else "API changes"
        return Bump(old, f"{major}.{minor + 1}.0", "minor", reason + ", nothing breaking")
    if apigen_changed:
        return Bump(old, f"{major}.{minor}.{patch + 1}", "patch", "apigen's output changed")
    return Bump(old, old, "none", "no change")


def bump_unknown(previous: str | None) -> Bump:
    """The API changed but no previous spec is at hand to say how: a minor step."""
    old = previous or INITIAL
    major, minor, _ = _parts(old)
    return Bump(
        old, f"{major}.{minor + 1}.0", "minor", "the API changed; no previous spec to compare"
    )
