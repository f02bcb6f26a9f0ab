"""Normalization: small named passes that repair the real spec's defects, in order.

Each pass is pure as seen from outside (`apply` works on a copy) and records what it changed.
A pass can be switched off per API in apigen.toml with `disable_passes = ["name", ...]`.
"""

from __future__ import annotations

from typing import NamedTuple

from generator.normalize.base import (
    Context,
    Document,
    Pass,
    Record,
    SchemaPass,
    run_rules,
)
from generator.normalize.boolean_schemas import boolean_schemas
from generator.normalize.callback_refs import callback_refs
from generator.normalize.canonical_order import canonical_order
from generator.normalize.closed_compositions import closed_compositions
from generator.normalize.constraint_aliases import constraint_aliases
from generator.normalize.encoded_refs import encoded_refs
from generator.normalize.extension_keys import extension_keys
from generator.normalize.internal_refs import internal_refs
from generator.normalize.invalid_types import invalid_types
from generator.normalize.invalid_values import invalid_values
from generator.normalize.keyword_values import keyword_values
from generator.normalize.names import names
from generator.normalize.operation_ids import operation_ids
from generator.normalize.path_descriptions import path_descriptions
from generator.normalize.pattern_examples import pattern_examples
from generator.normalize.ref_allof import ref_allof
from generator.normalize.required import required
from generator.normalize.security import security
from generator.normalize.servers import servers
from generator.normalize.tags import tags
from generator.normalize.template_braces import template_braces
from generator.normalize.tuple_items import tuple_items
from generator.normalize.unknown_keywords import unknown_keywords
from generator.normalize.volatile_examples import volatile_examples

__all__ = ["PASSES", "Context", "Document", "Normalized", "Record", "apply", "normalize"]

PASSES: dict[str, Pass] = {
    "extension-keys": extension_keys,  # first: every pass after it reads these maps
    "encoded-refs": encoded_refs,  # before any pass follows a reference
    "callback-refs": callback_refs,
    "servers": servers,
    "security": security,
    "tags": tags,
    "operation-ids": operation_ids,
    "internal-refs": internal_refs,
    "path-descriptions": path_descriptions,
    "boolean-schemas": boolean_schemas,  # before the schema passes: they read schema objects
    # Schema passes: consecutive ones share one walk (see base.SchemaPass). `ref-allof` comes
    # before `invalid-types` and `tuple-items` before the rest so that sharing it changes nothing.
    "closed-compositions": closed_compositions,
    "ref-allof": ref_allof,
    "tuple-items": tuple_items,
    "invalid-types": invalid_types,
    "keyword-values": keyword_values,
    "constraint-aliases": constraint_aliases,
    "unknown-keywords": unknown_keywords,
    "required": required,
    "names": names,
    "pattern-examples": pattern_examples,
    "invalid-values": invalid_values,
    "volatile-examples": volatile_examples,
    "template-braces": template_braces,
    "canonical-order": canonical_order,
}


def copy_document(document: Document) -> Document:
    import pickle  # the pipeline normalizes in place: only tests and `apply` copy

    result: Document = pickle.loads(pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
    return result


def apply(name: str, document: Document, ctx: Context) -> tuple[Document, Record]:
    """Run one pass on a copy of `document`: the input is never changed."""
    record = Record()
    return PASSES[name](copy_document(document), ctx, record), record


class Normalized(NamedTuple):
    document: Document
    records: dict[str, Record]


def normalize(document: Document, ctx: Context, *, in_place: bool = False) -> Normalized:
    """All enabled passes in order, on one private copy of `document` (or on `document` itself,
    for a caller that is done with it)."""
    unknown = [p for p in ctx.api.disabled_passes if p not in PASSES]
    if unknown:
        from generator.errors import UsageError

        raise UsageError(
            f"{ctx.api.name}: unknown pass(es) in disable_passes: {', '.join(unknown)}"
        )
    work = document if in_place else copy_document(document)
    records = {name: Record() for name in PASSES}
    group: list[tuple[SchemaPass, Record]] = []  # consecutive schema passes: one walk
    for name, run in PASSES.items():
        if name in ctx.api.disabled_passes:
            continue
        if isinstance(run, SchemaPass):
            group.append((run, records[name]))
            continue
        if group:
            work = run_rules(work, group, ctx.is_31(work))
            group = []
        work = run(work, ctx, records[name])
    if group:
        work = run_rules(work, group, ctx.is_31(work))
    return Normalized(work, records)
