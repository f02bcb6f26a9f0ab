"""single-$ref allOf: FastAPI wraps a `$ref` in `allOf` to give it a description or default.

`{"allOf": [{"$ref": "#/components/schemas/MemberAccessLevel"}], "default": "admin"}` becomes
`{"$ref": "...", "default": "admin"}`, which OpenAPI 3.1 allows. In 3.0 siblings of `$ref` are
ignored, so there the wrapper stays.
"""

from __future__ import annotations

from generator.normalize.base import Context, Document, Record
from generator.schemas import all_schemas


def unwrap_ref_allof(document: Document, ctx: Context, record: Record) -> Document:
    if not ctx.is_31(document):
        return document
    for path, schema in all_schemas(document):
        parts = schema.get("allOf")
        if (
            isinstance(parts, list)
            and len(parts) == 1
            and isinstance(parts[0], dict)
            and set(parts[0]) == {"$ref"}
            and "$ref" not in schema
        ):
            del schema["allOf"]
            siblings = dict(schema)
            schema.clear()
            schema["$ref"] = parts[0]["$ref"]
            schema.update(siblings)
            record.add(f"{path}/allOf", f"unwrapped {parts[0]['$ref'].rsplit('/', 1)[-1]}")
    return document
