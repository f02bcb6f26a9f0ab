"""callback-refs: an operation's callback given as a `$ref` (to `#/components/callbacks/...`)
becomes a copy of the callback it names.

OpenAPI 3.0 and 3.1 allow a Reference Object among an operation's `callbacks`; openapi-pydantic,
which checks the normalized document, reads only Callback Objects there, so a spec using them
(PeerTube's, APIs.guru) was refused after normalization. apigen generates no callbacks (the
normalize report lists them), so the copy changes no artefact; each is recorded.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations, resolve


def callback_refs(document: Document, ctx: Context, record: Record) -> Document:
    for section in ("paths", "webhooks"):
        for path, method, op in operations(document, section):
            _inline(document, op.get("callbacks"), f"/{section}/{escape(path)}/{method}", record)
    return document


def _inline(document: Document, callbacks: Any, where: str, record: Record) -> None:
    if isinstance(callbacks, dict):
        for name, callback in callbacks.items():
            ref = callback.get("$ref") if isinstance(callback, dict) else None
            target, seen = callback, 0
            while isinstance(target, dict) and isinstance(target.get("$ref"), str) and seen < 20:
                try:
                    target, seen = resolve(document, target["$ref"]), seen + 1
                except (KeyError, IndexError, ValueError, TypeError):
                    target = None  # does not resolve: the reference check says so
            if ref is None or not isinstance(target, dict):
                continue
            callbacks[name] = copy.deepcopy(target)
            record.add(f"{where}/callbacks/{escape(name)}", f"{ref} -> a copy of that callback")
