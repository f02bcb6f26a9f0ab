"""Identifier spelling shared by the stages: snake_case from any spec name, and names made
unique within a scope (each client emitter spells its own)."""

from __future__ import annotations

import functools
import re
from collections.abc import Container

_HUMP = re.compile(r"([a-z0-9])([A-Z])")
_OTHER = re.compile(r"[^a-zA-Z0-9]+")


@functools.lru_cache(maxsize=8192)
def snake(text: str) -> str:
    """`GetThing-Now` -> `get_thing_now`; never empty (each spelling computed once a run: the
    clients' surfaces and snippets ask for the same names many times)."""
    return _OTHER.sub("_", _HUMP.sub(r"\1_\2", text)).strip("_").lower() or "operation"


def unique(stem: str, taken: Container[str], separator: str = "") -> str:
    """`stem`, else the first of `stem` + separator + 2, 3, ... that is not in `taken`."""
    name, counter = stem, 2
    while name in taken:
        name, counter = f"{stem}{separator}{counter}", counter + 1
    return name


class Names:
    """Unique names inside one scope, decided by spec order (the first one keeps its name); a
    taken name gets the qualifier (`class` -> `class_header` in Python with separator `_`,
    `ImportApi` -> `ImportApiGroup` in TypeScript with none), then a counter."""

    def __init__(self, reserved: set[str] | None = None, separator: str = "_") -> None:
        self.used = set(reserved or ())
        self.separator = separator

    def take(self, wanted: str, qualifier: str) -> str:
        name = wanted
        stem = wanted.rstrip("_") if self.separator else wanted
        if name in self.used:
            name = f"{stem}{self.separator}{qualifier}"
        counter = 2
        while name in self.used:
            name = f"{stem}{self.separator}{qualifier}{counter}"
            counter += 1
        self.used.add(name)
        return name
