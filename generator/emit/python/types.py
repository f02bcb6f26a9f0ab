"""The client plan's language-neutral types as Python annotations."""

from __future__ import annotations

import re
from typing import NamedTuple

from generator.plan import TypeRef

SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
ANY = "Any"


class Annotation(NamedTuple):
    """An annotation's text and what it needs imported."""

    text: str
    uses_any: bool = False
    uses_models: bool = False

    def or_none(self) -> Annotation:
        return self._replace(text=f"{self.text} | None")


def param_annotation(t: TypeRef) -> Annotation:
    """A parameter's annotation: scalars, lists and unions of them; anything else is `Any`."""
    if t.kind in SCALARS:
        return Annotation(SCALARS[t.kind])
    if t.kind == "array":
        inner = param_annotation(t.items[0])
        return inner._replace(text=f"list[{inner.text}]")
    if t.kind == "union":
        kinds = [param_annotation(i).text for i in t.items if i.kind != "null"]
        unique = list(dict.fromkeys(kinds))
        if ANY in unique or not unique:
            return Annotation(ANY, uses_any=True)
        nullable = any(i.kind == "null" for i in t.items)
        return Annotation(" | ".join(unique + (["None"] if nullable else [])))
    return Annotation(ANY, uses_any=True)


def model_annotation(t: TypeRef | None) -> str | None:
    """`models.X` or `list[models.X]` for a (list of) named model; None for anything else."""
    if t is None:
        return None
    if t.kind == "model":
        return f"models.{t.name}"
    if t.kind == "array":
        inner = model_annotation(t.items[0])
        return f"list[{inner}]" if inner else None
    if t.kind == "union":
        branches = [model_annotation(i) for i in t.items]
        if all(branches):
            return " | ".join(dict.fromkeys(b for b in branches if b))
    return None


def body_annotation(t: TypeRef, typed: frozenset[str] = frozenset()) -> Annotation:
    """A body accepts the model or its dict form: the TypedDict of the same schema where
    bodies.py has one for each model named (`typed`), else any dict."""
    model = model_annotation(t)
    if not model:
        return Annotation(ANY, uses_any=True)
    named = set(re.findall(r"models\.(\w+)", model))
    if named and named <= typed:
        return Annotation(_either(t), uses_models=True)
    raw = "list[dict[str, Any]]" if t.kind == "array" else "dict[str, Any]"
    return Annotation(f"{model} | {raw}", uses_any=True, uses_models=True)


def _either(t: TypeRef) -> str:
    """A body's model or its typed dict, at each level: `models.X | bodies.X`, and a list of
    either (`list[models.X | bodies.X]`: a list literal takes its items' context from it)."""
    if t.kind == "model":
        return f"models.{t.name} | bodies.{t.name}"
    if t.kind == "array":
        return f"list[{_either(t.items[0])}]"
    return " | ".join(dict.fromkeys(_either(i) for i in t.items))


def annotation(t: TypeRef, *, models: bool = False) -> Annotation:
    """A parameter's annotation; with `models`, an answer's: its model(s), else `Any`."""
    if not models:
        return param_annotation(t)
    found = model_annotation(t)
    return Annotation(found, uses_models=True) if found else Annotation(ANY, uses_any=True)
