"""What a generation depends on, as hashes: the spec, the API's configuration (with its overlays'
contents) and apigen's own code and templates. The manifest records them; equal hashes and
intact files mean a run has nothing to do."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
from pathlib import Path

from generator import __version__
from generator.config import ApiConfig
from generator.write import atomic_write, sha256

PACKAGE = Path(__file__).resolve().parent
KEPT = PACKAGE / "__pycache__" / "apigen-code-hash.txt"  # code_hash() under its files' stamp


@functools.cache
def code_hash() -> str:
    """apigen's version, its code and its templates: a change to any of them regenerates.

    Each file's name, size and modification time are a stamp; the hash of the contents is kept
    beside the bytecode under that stamp (as Python keeps bytecode under a source's size and
    time), so a run reads the files only after one changed."""
    import generator  # TEMPLATES read at call time: tests point it elsewhere

    files = []
    for root in (str(PACKAGE), str(generator.TEMPLATES)):
        found = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            rel = os.path.relpath(folder, root)
            found += [
                (() if rel == "." else tuple(rel.split(os.sep))) + (name,)
                for name in names
                # code and templates; every file of a runtime (copied into the packages)
                if name.endswith((".py", ".j2")) or rel.split(os.sep)[:1] == ["runtime"]
            ]
        files += [(root, parts) for parts in sorted(found)]
    stamp = hashlib.sha256(__version__.encode())
    for root, parts in files:
        info = os.stat(os.path.join(root, *parts))
        stamp.update(f"{root}\0{'/'.join(parts)}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    with contextlib.suppress(OSError, ValueError):
        seen, digest = KEPT.read_text(encoding="ascii").split()
        if seen == stamp.hexdigest():
            return digest
    contents = hashlib.sha256(__version__.encode())
    for root, parts in files:
        with open(os.path.join(root, *parts), "rb") as handle:
            contents.update("/".join(parts).encode() + b"\0" + handle.read())
    with contextlib.suppress(OSError):  # a read-only install: hashed each run
        KEPT.parent.mkdir(exist_ok=True)
        atomic_write(KEPT, f"{stamp.hexdigest()} {contents.hexdigest()}\n".encode("ascii"))
    return contents.hexdigest()


def config_hash(api: ApiConfig, strict: bool = False) -> str:
    """The API's configuration with its overlays' and SDK calls' contents (and --strict, which can turn a run
    into an error)."""
    # Not the snapshot chosen: which fallback file was found (a fresh clone's first run finds
    # the test data, the next one the output's own source.json) says nothing the spec's hash
    # does not; counting it made a fresh clone's second run regenerate and bump the clients.
    config = repr(dataclasses.replace(api, snapshot=None)).encode()
    for path in (*api.overlays, *([api.sdk_calls] if api.sdk_calls else [])):
        try:
            config += b"\0" + path.read_bytes()
        except OSError:
            config += b"\0(unreadable)"  # the run itself reports it
    if strict:
        config += b"\0strict"
    return sha256(config)


def input_hashes(api: ApiConfig, spec_sha256: str, strict: bool = False) -> dict[str, str]:
    """What a generation depends on: the spec, the API's configuration and apigen itself."""
    return {"spec": spec_sha256, "config": config_hash(api, strict), "code": code_hash()}
