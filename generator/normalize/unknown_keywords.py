"""unknown keywords: keys in schema objects that neither JSON Schema nor OpenAPI define.

47 schemas carry pydantic's `hidden_from_schema: true`; validators reject the key. Such keys
become `x-` extensions (`x-hidden-from-schema`), which keeps the information and is valid.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass
from generator.schema.walk import KNOWN_KEYWORDS


def _unknown_keywords(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    for key in [k for k in schema if k not in KNOWN_KEYWORDS and not k.startswith("x-")]:
        new = "x-" + key.replace("_", "-")
        schema[new] = schema.pop(key)
        record.add(f"{path}/{key}", f"{key} -> {new}")


unknown_keywords = SchemaPass(_unknown_keywords)
