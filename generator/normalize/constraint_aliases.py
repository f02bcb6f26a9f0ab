"""constraint aliases: pydantic's `lte`/`gte`/`lt`/`gt` leaked into schemas as keywords.

The `timeout` query parameter of `POST /v2/projects/{proj_id}/envs/{env_id}/copy/async` has
`lte: 60`, which no validator or generator knows; it means `maximum: 60`.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass

ALIASES = {"lte": "maximum", "gte": "minimum", "lt": "exclusiveMaximum", "gt": "exclusiveMinimum"}


def _constraint_aliases(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    for alias, keyword in ALIASES.items():
        if alias not in schema or not isinstance(schema[alias], int | float):
            continue
        value = schema.pop(alias)
        if keyword.startswith("exclusive") and not is_31:
            bound = "maximum" if keyword == "exclusiveMaximum" else "minimum"
            schema.setdefault(bound, value)
            schema[keyword] = True
        else:
            schema.setdefault(keyword, value)
        record.add(f"{path}/{alias}", f"{alias}: {value} -> {keyword}")


constraint_aliases = SchemaPass(_constraint_aliases, frozenset(ALIASES))
