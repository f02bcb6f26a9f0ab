"""What every normalization pass shares: its context and the record of what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from generator.config import ApiConfig

Document = dict[str, Any]


class Change(NamedTuple):
    pointer: str
    message: str


@dataclass
class Record:
    """Changes one pass made, in the order it made them."""

    changes: list[Change] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # e.g. old -> new names

    def add(self, pointer: str, message: str) -> None:
        self.changes.append(Change(pointer, message))


class Context(NamedTuple):
    api: ApiConfig

    @staticmethod
    def is_31(document: Document) -> bool:
        return str(document.get("openapi", "")).startswith("3.1")


class Pass(Protocol):
    """A pass repairs one defect: it may mutate the document it is handed (a private copy)."""

    def __call__(self, document: Document, ctx: Context, record: Record) -> Document: ...


class SchemaRule(Protocol):
    """A pass that looks at one schema object at a time and changes only that object."""

    def __call__(self, schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None: ...


class SchemaPass(NamedTuple):
    """A SchemaRule as a whole-document pass: the rule on every schema object, pre-order.

    Consecutive schema passes share one walk over the document (normalize() groups them): the
    rules run in order at each schema before the walk reads its children. That equals running
    the passes one after another as long as a rule reads nothing a later rule changes: true of
    the rules here (each reads and writes its own schema; `ref-allof` also reads whether a child
    is a bare `$ref`, which no rule before it changes), and tested on the real specs.
    """

    rule: SchemaRule
    keys: frozenset[str] | None = None  # the rule does nothing to a schema without one of these

    def __call__(self, document: Document, ctx: Context, record: Record) -> Document:
        return run_rules(document, [(self, record)], ctx.is_31(document))


def run_rules(document: Document, rules: list[tuple[SchemaPass, Record]], is_31: bool) -> Document:
    """One pre-order walk applying each rule, in order, to every schema object."""
    from generator.schema.walk import all_schemas

    steps = [(p.rule, record, p.keys) for p, record in rules]
    for path, schema in all_schemas(document):
        for rule, record, keys in steps:
            if keys is None or not keys.isdisjoint(schema):
                rule(schema, path, record, is_31)
    return document
