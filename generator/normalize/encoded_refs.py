"""encoded-refs: a local `$ref` written as a URI fragment, percent-encoded, becomes the plain
JSON pointer every stage reads.

A reference is a URI, so its fragment may percent-encode characters (RFC 6901 section 6):
Codat's accounting API (APIs.guru) points at
`#/paths/~1companies~1%7BcompanyId%7D~1connections/get/parameters/2`, the path
`/companies/{companyId}/connections`. apigen refused it as not resolving. The input check now
resolves it as a fragment; this pass writes `%7B` as `{` (only where the decoded pointer is the
one that resolves), each change in the report.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from generator.normalize.base import Context, Document, Record
from generator.refs import points, refs_with_locations
from generator.schema.pointers import pointer
from generator.schema.text import may_match

ENCODED = re.compile(rb'"\$ref":"#[^"]*%[0-9A-Fa-f]{2}')


def encoded_refs(document: Document, ctx: Context, record: Record) -> Document:
    if not may_match(document, ENCODED):
        return document
    for holder, ref, location in refs_with_locations(document):
        if not ref.startswith("#") or "%" not in ref:
            continue
        plain = unquote(ref)
        if plain == ref or points(document, ref):
            continue  # no escape, or the pointer names a node as written
        if points(document, plain):
            holder["$ref"] = plain
            record.add(pointer(*location, "$ref"), f"{ref} -> {plain}")
    return document
