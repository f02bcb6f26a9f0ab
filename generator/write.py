"""Atomic, deterministic writes: a set of files lands whole or not at all, with a manifest of hashes."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.schema.text import dump_json

MANIFEST = "manifest.json"


def _stage_beside(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file in `path`'s folder, ready to be renamed over it.

    Created with mode 0o666 less the umask, as a plain write would (mkstemp's 0o600 would
    leave a published page unreadable to a web server), and a name no other writer uses.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    for attempt in itertools.count():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left over from a killed run that had our pid
            continue
        break
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename over it."""
    tmp = _stage_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_fresh(folder: Path, inputs: Mapping[str, str], kinds: tuple[str, ...]) -> bool:
    """True when the last run used the same inputs, built these kinds, and every file it wrote
    is still there, unchanged: regenerating would write the same bytes."""
    manifest = read_manifest(folder)
    if manifest.get("inputs") != dict(inputs) or not set(kinds) <= set(manifest.get("kinds", [])):
        return False
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for rel, digest in files.items():
        try:
            if sha256((folder / rel).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def write_files(
    folder: Path,
    files: Mapping[str, bytes],
    inputs: Mapping[str, str],
    kinds: tuple[str, ...] = (),
    owned: tuple[str, ...] = (),
) -> list[str]:
    """Write `files` (relative path -> bytes) under `folder` as one unit, and update the manifest.

    Every file is first written to a temporary sibling; only when all are on disk are they
    renamed into place, so a failure leaves the previous output untouched. Then a file the
    last run wrote under one of the `owned` folders (relative; "" for all of `folder`: those of
    the kinds built now) that this run no longer writes is removed, if it still holds what was
    written (an edited one is left, and named), and folders it leaves empty with it. Returns
    the paths whose content changed or went.
    """
    manifest = read_manifest(folder)
    known: dict[str, str] = dict(manifest.get("files", {}))
    gone = sorted(
        rel
        for rel in known
        if rel not in files and any(not o or rel == o or rel.startswith(f"{o}/") for o in owned)
    )
    staged: list[tuple[str, Path]] = []
    changed: list[str] = []
    try:
        for rel, data in sorted(files.items()):
            target = folder / rel
            digest = sha256(data)
            known[rel] = digest
            if target.is_file() and sha256(target.read_bytes()) == digest:
                continue
            if target.is_dir():  # a rename over it would fail half-way through the set
                raise UsageError(f"{target}: a folder is in the way of a generated file")
            staged.append((rel, _stage_beside(target, data)))
        for index, (rel, staged_path) in enumerate(staged):
            os.replace(staged_path, folder / rel)
            changed.append(rel)
            staged[index] = (rel, Path())
    except BaseException:
        for _, staged_tmp in staged:
            if staged_tmp.name:
                with contextlib.suppress(OSError):
                    staged_tmp.unlink()
        raise
    for rel in gone:
        _remove_stale(folder, rel, known.pop(rel))
        changed.append(rel)
    same_inputs = manifest.get("inputs") == dict(inputs)
    built = sorted(set(kinds) | (set(manifest.get("kinds", [])) if same_inputs else set()))
    new_manifest = {
        "generator": "apigen",
        "inputs": dict(sorted(inputs.items())),
        "kinds": built,
        "files": dict(sorted(known.items())),
    }
    atomic_write(folder / MANIFEST, dump_json(new_manifest))
    return changed


def _remove_stale(folder: Path, rel: str, digest: str) -> None:
    """A file an earlier run wrote and this one does not: removed if unedited, with the folders
    it leaves empty (up to `folder`)."""
    from generator import log

    target = folder / rel
    try:
        if sha256(target.read_bytes()) != digest:
            log.warn(f"{target}: no longer generated, but edited since: left in place")
            return
        target.unlink()
    except OSError:  # gone already
        return
    parent = target.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:  # not empty (or a cache folder beside it): kept
            break
        parent = parent.parent
