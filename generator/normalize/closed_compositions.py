"""composition: `additionalProperties: false` beside `oneOf`/`anyOf` with no own properties.

`EmailConfigurationCreate` is `oneOf: [SMTP..., Mailgun...]` plus `additionalProperties: false`;
with no `properties` beside it every property counts as additional, so no non-empty object
validates. The branches already close their own shapes, so the outer flag is dropped.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass


def _closed_compositions(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    if (
        schema.get("additionalProperties") is False
        and not schema.get("properties")
        and any(isinstance(schema.get(k), list) for k in ("oneOf", "anyOf", "allOf"))
    ):
        del schema["additionalProperties"]
        record.add(f"{path}/additionalProperties", "dropped: it rejected every branch")


closed_compositions = SchemaPass(_closed_compositions, frozenset({"additionalProperties"}))
