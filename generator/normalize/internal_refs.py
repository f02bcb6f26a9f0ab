"""internal-refs: a `$ref` into the inside of a named schema becomes a named schema of its own.

PagerDuty's spec points at `#/components/schemas/Tag/allOf/0` and
`#/components/schemas/Pagination/properties/total`. Valid JSON pointers, but every typed client
names types after `components/schemas` entries: the target is copied there as
`Pagination_properties_total` (unique; a copy, so the original schema is unchanged) and every
reference to that pointer is rewritten to it. A target that is itself a `$ref` is followed
first; one that does not resolve is left for the reference check to report.
"""

from __future__ import annotations

import copy
import re

from generator.normalize.base import Context, Document, Record
from generator.refs import refs_with_locations
from generator.schema.naming import unique
from generator.schema.pointers import pointer, resolve, unescape
from generator.schema.text import may_match

PREFIX = "#/components/schemas/"
# a `$ref` string naming something inside a named schema (a `/` after the name)
INNER = re.compile(rb'"\$ref":"#/components/schemas/(?:[^"\\/]|\\.)*/')


def internal_refs(document: Document, ctx: Context, record: Record) -> Document:
    schemas = (document.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict) or not may_match(document, INNER):
        return document
    named: dict[str, str] = {}  # pointer -> the schema name that now holds it
    broken: set[str] = set()  # pointers that do not resolve: the reference check says so
    while True:  # a copied target may point inside a schema itself: rounds until none does
        inner = [
            (holder, ref, location)
            for holder, ref, location in refs_with_locations(document)
            if ref.startswith(PREFIX) and "/" in ref[len(PREFIX) :] and ref not in broken
        ]
        if not inner:
            break
        for holder, ref, location in inner:
            if ref not in named:
                tokens = [unescape(t) for t in ref[len(PREFIX) :].split("/")]
                try:
                    target = resolve(document, ref)
                except (KeyError, IndexError, ValueError, TypeError):
                    target = None
                if not isinstance(target, dict | bool):
                    broken.add(ref)
                    continue
                stem = re.sub(r"[^A-Za-z0-9_.-]", "_", "_".join(tokens)) or "Schema"
                name = unique(stem, schemas)
                schemas[name] = copy.deepcopy(target)
                named[ref] = name
            holder["$ref"] = PREFIX + named[ref]
            record.add(pointer(*location, "$ref"), f"{ref} -> {PREFIX}{named[ref]}")
    if named:
        record.mapping.update(named)
    return document
