"""Emitters: each turns the API model (and the client plan) into files, relative path -> bytes.

An emitter is a module with two functions, checked against `Emitter` by mypy where `load`
returns it: `prepare`, work on the named schemas alone that runs before the model exists (the
Python models: the most memory), and `emit`. None of them reads the spec itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

import orjson

if TYPE_CHECKING:
    from generator.config import ApiConfig
    from generator.emit.clients import Surface
    from generator.model import Api, Operation, Schemas
    from generator.plan import ClientPlan

Files = dict[str, bytes]
T = TypeVar("T")


class EmitInput(NamedTuple):
    api: Api
    config: ApiConfig
    prepared: Files  # what this emitter's `prepare` returned
    plan: Callable[[], ClientPlan]  # the typed client plan, built once on first use
    version: str = "1.0.0"  # the generated packages' version (generator.versioning)
    # what the emitters of one API share, each built once on first use (the client surface,
    # each language's spelled groups: the clients and the snippets page read the same)
    shared: dict[str, Any] | None = None

    def once(self, key: str, make: Callable[[], T]) -> T:
        if self.shared is None:
            return make()
        if key not in self.shared:
            self.shared[key] = make()
        found: T = self.shared[key]
        return found

    def surface(self) -> Surface:
        """The client surface (generator.emit.clients), built once for every emitter."""
        from generator.emit.clients import build_surface

        return self.once("surface", lambda: build_surface(self.plan(), self.api, self.config))


class Emitter(Protocol):
    def prepare(self, schemas: Schemas, config: ApiConfig) -> Files: ...

    def emit(self, inp: EmitInput) -> Files: ...


def load(kind: str) -> Emitter:
    """The emitter of an artefact kind (generator.kinds registers each; imported on use)."""
    from generator import kinds

    emitter: Emitter = kinds.load(kind)
    return emitter


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


class BuiltMethod(Protocol):
    @property
    def operation(self) -> str: ...  # the operation's name (its normalized id)


class BuiltGroup(Protocol):
    """A client emitter's group: its methods, one per operation (of its tag, or placed there
    by `method_names`)."""

    @property
    def methods(self) -> Sequence[BuiltMethod]: ...


G = TypeVar("G", bound=BuiltGroup)


def operations_of(api: Api, groups: Sequence[G]) -> Iterator[tuple[G, Any, Operation]]:
    """Each method a client emitter built, with its group and the operation it calls, in the
    groups' order; every operation of the API exactly once."""
    ops = {op.name: op for op in api.operations}
    seen = 0
    for group in groups:
        for method in group.methods:
            seen += 1
            yield group, method, ops[method.operation]
    if seen != len(ops):
        raise AssertionError(f"{api.name}: {seen} methods for {len(ops)} operations")


def readme_examples(
    api: Api, config: ApiConfig, groups: Sequence[G]
) -> list[tuple[str, G, Any, Operation]]:
    """The client README's examples (`examples` in apigen.toml): title, group, method and
    operation of each; one naming no operation of the API is warned about and left out."""
    from generator import log

    found = {op.name: (group, method, op) for group, method, op in operations_of(api, groups)}
    out = []
    for title, name in config.examples:
        if name not in found:
            log.warn(f"{api.name}: README example {name!r} is not an operation of this API")
            continue
        out.append((title, *found[name]))
    return out


def example_argument(op: Operation, location: str, wire: str) -> Any:
    """An argument's example value: the body's example for the body, else the parameter's."""
    if location == "body":
        return op.body.example if op.body is not None else None
    return next((p.example for p in reversed(op.parameters) if p.name == wire), None)
