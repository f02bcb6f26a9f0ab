"""pattern examples: a string constrained by a `pattern` and given no example.

A mock server (Prism) answers such a field with a placeholder that breaks the pattern, so every
client that checks answers rejects the mock's answer: `jwks.url` (`^https://...`) in the
environment schemas, `min_pdp_version` (semantic versions) in `PDPConfigRead`. Each gets a
deterministic example that matches its pattern and lengths (generator.schema.examples: by
format, by field name, else built from the pattern); one no candidate matches is left alone.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Record, SchemaPass
from generator.schema import regex
from generator.schema.examples import string_value

GIVEN = ("example", "examples", "default", "enum", "const")


def _pattern_examples(schema: dict[str, Any], path: str, record: Record, is_31: bool) -> None:
    pattern = schema.get("pattern")
    if not isinstance(pattern, str) or any(key in schema for key in GIVEN):
        return
    if schema.get("type", "string") != "string":
        return
    value = string_value(schema, path)
    matches = regex.search(pattern, value)
    low, high = schema.get("minLength", 0), schema.get("maxLength")
    if not matches or (isinstance(low, int) and len(value) < low):
        return
    if isinstance(high, int) and len(value) > high:
        return
    schema["example"] = value
    record.add(f"{path}/example", f"example {value!r} added (matches its pattern)")


pattern_examples = SchemaPass(_pattern_examples, frozenset({"pattern"}))
