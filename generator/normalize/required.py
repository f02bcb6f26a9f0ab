"""required: duplicate names in `required` (`ResourceInstanceDetailedRead` lists one twice)."""

from __future__ import annotations

from generator.normalize.base import Context, Document, Record
from generator.schemas import all_schemas


def dedupe_required(document: Document, ctx: Context, record: Record) -> Document:
    for path, schema in all_schemas(document):
        required = schema.get("required")
        if isinstance(required, list) and len(set(map(str, required))) != len(required):
            unique = list(dict.fromkeys(required))
            record.add(f"{path}/required", f"removed {len(required) - len(unique)} duplicate(s)")
            schema["required"] = unique
    return document
