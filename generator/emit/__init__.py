"""Emitters: each turns the API model (and the client plan) into files, relative path -> bytes.

An emitter is a module with two functions, checked against `Emitter` by mypy where `load`
returns it: `prepare`, work on the named schemas alone that runs before the model exists (the
Python models: the most memory), and `emit`. None of them reads the spec itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import orjson

if TYPE_CHECKING:
    from generator.config import ApiConfig
    from generator.model import Api, Schemas
    from generator.plan import ClientPlan

Files = dict[str, bytes]
KINDS = ("postman", "curl", "python", "typescript")
ALL_KINDS = (*KINDS, "site")  # the site spans every API: the pipeline builds it after them


class EmitInput(NamedTuple):
    api: Api
    config: ApiConfig
    prepared: Files  # what this emitter's `prepare` returned
    plan: Callable[[], ClientPlan]  # the typed client plan, built once on first use
    version: str = "1.0.0"  # the generated packages' version (generator.versioning)


class Emitter(Protocol):
    def prepare(self, schemas: Schemas, config: ApiConfig) -> Files: ...

    def emit(self, inp: EmitInput) -> Files: ...


def load(kind: str) -> Emitter:
    """The emitter of an artefact kind (imported on use: a run loads only what it builds)."""
    if kind == "postman":
        from generator.emit import postman

        return postman
    if kind == "curl":
        from generator.emit import curl

        return curl
    if kind == "python":
        from generator.emit import python

        return python
    if kind == "typescript":
        from generator.emit import typescript

        return typescript
    raise KeyError(kind)


def as_text(value: Any) -> str:
    """A value as it goes into a URL, a header or a form field: always a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode("utf-8")
    return str(value)


def path_parameter(segment: str) -> str | None:
    """The name in a `{name}` path segment; None for a literal segment."""
    if len(segment) > 2 and segment[0] == "{" and segment[-1] == "}" and "}" not in segment[1:-1]:
        return segment[1:-1]
    return None
