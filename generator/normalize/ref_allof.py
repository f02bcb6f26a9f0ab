"""single-$ref allOf: a `$ref` wrapped in `allOf` only to carry a description or a default.

FastAPI (Permit's specs) writes them.

`{"allOf": [{"$ref": "#/components/schemas/MemberAccessLevel"}], "default": "admin"}` becomes
`{"$ref": "...", "default": "admin"}`, which OpenAPI 3.1 allows. In 3.0 siblings of `$ref` are
ignored, so there the wrapper stays.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass


def _ref_allof(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    parts = schema.get("allOf")
    if (
        is_31
        and isinstance(parts, list)
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


ref_allof = SchemaPass(_ref_allof, frozenset({"allOf"}))
