"""extension-keys: remove specification extensions (`x-` keys) from the Paths object, the
webhooks and each operation's Responses object, where every other key is a path, a webhook's
name or a status code.

OpenAPI allows extensions there, and apigen reads none of them. A stage reading these maps
would take `x-codegen-contextRoot` (APIs.guru's apicurio registry has it under `paths`) for a
path, and the document's own validation refuses a string where a Path Item belongs. Each one
removed is in the report, with its pointer.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations


def extension_keys(document: Document, ctx: Context, record: Record) -> Document:
    for where in ("paths", "webhooks"):
        items = document.get(where)
        if not isinstance(items, dict):
            continue
        _drop(items, f"/{where}", record)
        for name, method, op in operations(document, where):
            answers = op.get("responses")
            if isinstance(answers, dict):
                _drop(answers, f"/{where}/{escape(name)}/{method}/responses", record)
    return document


def _drop(mapping: dict[str, Any], pointer: str, record: Record) -> None:
    for key in [k for k in mapping if isinstance(k, str) and k.startswith("x-")]:
        del mapping[key]
        record.add(f"{pointer}/{escape(key)}", f"removed the extension {key!r} (not read)")
