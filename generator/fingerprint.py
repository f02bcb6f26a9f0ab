"""What a generation depends on, as hashes: the spec, the API's configuration (with its overlays'
contents) and apigen's own code and templates. The manifest records them; equal hashes and
intact files mean a run has nothing to do."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
from pathlib import Path

from generator import __version__
from generator.config import ApiConfig
from generator.write import sha256

PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_hash() -> str:
    """apigen's version, its code and its templates: a change to any of them regenerates."""
    import generator  # TEMPLATES read at call time: tests point it elsewhere

    digest = hashlib.sha256(__version__.encode())
    for root in (str(PACKAGE), str(generator.TEMPLATES)):
        found = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            rel = os.path.relpath(folder, root)
            found += [
                (() if rel == "." else tuple(rel.split(os.sep))) + (name,)
                for name in names
                if name.endswith((".py", ".j2"))
            ]
        for parts in sorted(found):
            with open(os.path.join(root, *parts), "rb") as handle:
                digest.update("/".join(parts).encode() + b"\0" + handle.read())
    return digest.hexdigest()


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
