"""required: duplicate names in `required` (`ResourceInstanceDetailedRead` lists one twice)."""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass


def _required(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    names = schema.get("required")
    if isinstance(names, list) and len(set(map(str, names))) != len(names):
        unique = list(dict.fromkeys(names))
        record.add(f"{path}/required", f"removed {len(names) - len(unique)} duplicate(s)")
        schema["required"] = unique


required = SchemaPass(_required, frozenset({"required"}))
