"""Stable ids: uuid5 of a name or pointer, so the same input always gets the same id."""

from __future__ import annotations

import hashlib
import uuid

NAMESPACE = uuid.UUID("6f1c5ee2-6a3e-5b1a-9c51-0d3f4a2b7e10")
_NAMESPACE_BYTES = NAMESPACE.bytes  # UUID.bytes converts on every access


def stable_hex(seed: str) -> str:
    """uuid5(NAMESPACE, seed) as 32 hex digits, computed directly (uuid.UUID objects cost 3 us
    each, and a spec takes a thousand of them)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + seed.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return digest.hex()


def stable_uuid(seed: str) -> str:
    """A uuid that depends only on `seed`: the same name or pointer always gets the same id."""
    h = stable_hex(seed)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
