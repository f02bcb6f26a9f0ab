"""A throwaway artefact kind for tests/core/test_kinds.py: one text file listing the operations,
with a heading from its own settings table (`[apis.<api>.listing] heading = "..."`)."""

from __future__ import annotations

from typing import Any, NamedTuple

from generator.emit import EmitInput, Files
from generator.errors import UsageError
from generator.kinds import Kind


class ListingSettings(NamedTuple):
    heading: str


def settings(table: dict[str, Any], api: str, where: str) -> ListingSettings:
    heading = table.get("heading", f"Operations of {api}")
    if not isinstance(heading, str) or set(table) - {"heading"}:
        raise UsageError(f"{where}: heading must be a string")
    return ListingSettings(heading)


def prepare(schemas: Any, config: Any) -> Files:
    return {}


def emit(inp: EmitInput) -> Files:
    heading = inp.config.kinds["listing"].heading
    lines = [heading, *(f"{op.method.upper()} {op.path} {op.name}" for op in inp.api.operations)]
    return {"listing/operations.txt": ("\n".join(lines) + "\n").encode()}


KIND = Kind("listing", "listing_kind", "listing", site=("*.txt",), settings=settings)
