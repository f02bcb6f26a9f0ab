"""apigen.lock.json: per API, what was fetched (any record with a fetch result's fields) and
whether its normalized form passed the validator (a separate verdict from the normalize stage).
The pipeline writes it; the source only fetches and caches."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from generator.config import ApiConfig, Config
from generator.errors import UsageError
from generator.util import is_url, now
from generator.write import atomic_write


class Fetched(Protocol):
    """What the lock records of a fetch (generator.source.FetchResult has these fields)."""

    @property
    def api(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def spec_url(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def etag(self) -> str | None: ...
    @property
    def origin(self) -> str: ...


class Verdict(NamedTuple):
    """The normalized document's sha256 and the validator versions that accepted it."""

    normalized_sha256: str
    validated_with: str


def _rel(path: str, root: Path) -> str:
    if is_url(path):
        return path
    p = Path(path)
    try:
        return str(p.resolve().relative_to(root.resolve()))
    except ValueError:
        return os.path.relpath(p.resolve(), root.resolve())


def read_lock(config: Config) -> dict[str, Any]:
    try:
        data = json.loads(config.lock.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        raise UsageError(f"{config.lock}: unreadable lock file") from None
    if not isinstance(data, dict):
        return {}
    bad = sorted(str(name) for name, entry in data.items() if not isinstance(entry, dict))
    if bad:
        raise UsageError(f"{config.lock}: the entry for {bad[0]} is not an object")
    return data


def known_valid(lock: dict[str, Any], api: ApiConfig, validator: str) -> str | None:
    """The normalized sha256 the lock records as valid for the validator `validator`."""
    entry = lock.get(api.name) or {}
    if entry.get("validated_with") == validator:
        found = entry.get("normalized_sha256")
        return found if isinstance(found, str) else None
    return None


def lock_entry(
    config: Config,
    result: Fetched,
    verdict: Verdict | None,
    previous: dict[str, Any],
    version: str | None = None,
) -> dict[str, Any]:
    """The lock entry for `result`; without a verdict (or a client version) the previous one
    is kept."""
    entry: dict[str, Any] = {
        "source": _rel(result.source, config.root),
        # a snapshot stands in for the source: which file served does not belong in the lock
        "spec_url": _rel(
            result.source if result.origin == "snapshot" else result.spec_url, config.root
        ),
        "sha256": result.sha256,
        "etag": result.etag,
        "origin": result.origin,
        "fetched_at": previous.get("fetched_at") or now(),
    }
    if verdict is not None:
        entry["normalized_sha256"] = verdict.normalized_sha256
        entry["validated_with"] = verdict.validated_with
    else:
        for key in ("normalized_sha256", "validated_with"):
            if previous.get(key):
                entry[key] = previous[key]
    if previous.get("sha256") != result.sha256:
        entry["fetched_at"] = now()
    client_version = version or previous.get("client_version")
    if client_version:
        entry["client_version"] = client_version
    return entry


def client_version(lock: dict[str, Any], api: ApiConfig) -> str | None:
    """The generated clients' version the lock records for `api`."""
    found = (lock.get(api.name) or {}).get("client_version")
    return found if isinstance(found, str) else None


def update_lock(
    config: Config, result: Fetched, verdict: Verdict | None, version: str | None = None
) -> None:
    lock = read_lock(config)
    previous = lock.get(result.api, {})
    entry = lock_entry(config, result, verdict, previous, version)
    if previous == entry:
        return
    lock[result.api] = entry
    text = json.dumps(dict(sorted(lock.items())), indent=2) + "\n"
    atomic_write(config.lock, text.encode())
