"""JSON text: the one serialization of documents and examples every stage shares."""

from __future__ import annotations

from typing import Any

import orjson


def dump_json(data: Any) -> bytes:
    """Stable JSON text: two-space indent, UTF-8, trailing newline (byte-identical to
    `json.dumps(data, indent=2, ensure_ascii=False)`, about 25 times faster)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


def json_text(data: Any) -> str:
    """An example value as indented JSON text, the same in every artefact (no trailing newline)."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
