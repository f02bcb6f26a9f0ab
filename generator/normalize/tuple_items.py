"""tuple items: the draft-04 tuple form `items: [A, B]`, invalid in OpenAPI 3.x.

`OPALUpdateCallback.callbacks` items are `anyOf: [string, items: [string, OPALHttpFetcherConfig]]`.
OpenAPI 3.1 says `prefixItems: [A, B]` (bounded by `maxItems`; openapi tools reject `items: false`);
3.0 has no tuples, so there it becomes `items: {anyOf: [A, B]}`.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass


def _tuple_items(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    items = schema.get("items")
    if not isinstance(items, list):
        return
    if is_31:
        schema["prefixItems"] = items
        del schema["items"]
        schema.pop("additionalItems", None)
        schema.setdefault("maxItems", len(items))
        record.add(f"{path}/items", f"tuple of {len(items)} -> prefixItems")
    else:
        schema["items"] = {"anyOf": items} if len(items) != 1 else items[0]
        record.add(f"{path}/items", f"tuple of {len(items)} -> items.anyOf (3.0 has no tuples)")


tuple_items = SchemaPass(_tuple_items, frozenset({"items"}))
