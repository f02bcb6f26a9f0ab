"""Small helpers the lower modules share (the source, the lock, the CLI)."""

from __future__ import annotations

import re
from datetime import UTC, datetime


def is_url(source: str) -> bool:
    """A source with a scheme (`https://...`); anything else is a local path."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", source) is not None


def now() -> str:
    """The time in UTC, to the second, as the lock and the cache record it."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
