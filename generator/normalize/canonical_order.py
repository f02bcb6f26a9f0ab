"""canonical order: a deterministic key order in the written document.

Top-level and operation keys in the order the OpenAPI spec lists them; component maps and
security schemes sorted by name. Paths, properties and parameters keep the API's own order.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import HTTP_METHODS

TOP = (
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "externalDocs",
    "paths",
    "webhooks",
    "components",
)
OPERATION = (
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "deprecated",
    "security",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "servers",
)


def _ordered(obj: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {k: obj[k] for k in order if k in obj}
    rest = {k: obj[k] for k in sorted(obj) if k not in known}
    return {**known, **rest}


def canonical_order(document: Document, ctx: Context, record: Record) -> Document:
    out = _ordered(document, TOP)
    for path, item in out.get("paths", {}).items():
        if not isinstance(item, dict):
            continue
        methods = {
            m: _ordered(item[m], OPERATION) for m in HTTP_METHODS if isinstance(item.get(m), dict)
        }
        others = {k: v for k, v in item.items() if k not in methods}
        out["paths"][path] = {**others, **methods}
    components = out.get("components")
    if isinstance(components, dict):
        out["components"] = {
            kind: dict(sorted(value.items())) if isinstance(value, dict) else value
            for kind, value in sorted(components.items())
        }
    if list(out) != list(document):
        record.add("", "reordered top-level keys")
    return out
