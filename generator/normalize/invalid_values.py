"""invalid defaults and examples: values that violate their own schema or format.

`GroupRead`'s example lists users `user_1`, `user_2` where the schema says uuid; the
`AccessRequest*` examples carry `org_id`/`env_id` the closed schema forbids and lack the required
`id`. Each bad example is repaired as little as possible (unknown keys dropped, missing required
values filled, bad leaves replaced by valid deterministic values); a bad default is removed.
"""

from __future__ import annotations

import re
from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.examples import Examples
from generator.schema.pointers import escape
from generator.schema.validation import Checker
from generator.schema.walk import all_schemas


def _parameters(document: Document) -> list[tuple[str, dict[str, Any]]]:
    from generator.schema.pointers import operations

    found = []
    for path, method, op in operations(document):
        for i, param in enumerate(op.get("parameters") or []):
            if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                found.append((f"/paths/{escape(path)}/{method}/parameters/{i}", param))
    return found


# What the generated clients type a `uri` as (pydantic's AnyUrl) takes an absolute URL only
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+")


def _typed(schema: dict[str, Any]) -> list[str]:
    """A default the clients' types cannot hold although JSON Schema would not check it: a
    `format: uri` default that is no absolute URL (`""`: GitHub's `AnyUrl | None = ''`)."""
    default = schema.get("default")
    if schema.get("format") == "uri" and isinstance(default, str) and not _URL.fullmatch(default):
        return [f"{default!r} is not an absolute URL (format uri)"]
    return []


def invalid_values(document: Document, ctx: Context, record: Record) -> Document:
    checker = Checker(document)
    examples = Examples(document, checker)
    for path, schema in list(all_schemas(document)):
        if "default" in schema:
            problems = checker.errors(schema, schema["default"]) or _typed(schema)
            if problems:
                del schema["default"]
                record.add(f"{path}/default", f"removed default: {problems[0]}")
        if "example" in schema:
            problems = checker.errors(schema, schema["example"])
            if problems:
                schema["example"] = examples.repair(schema["example"], schema, path)
                record.add(f"{path}/example", f"repaired example: {problems[0]}")
        if isinstance(schema.get("examples"), list):
            for i, value in enumerate(schema["examples"]):
                problems = checker.errors(schema, value)
                if problems:
                    schema["examples"][i] = examples.repair(value, schema, f"{path}/examples/{i}")
                    record.add(f"{path}/examples/{i}", f"repaired example: {problems[0]}")
    for path, param in _parameters(document):
        if "example" in param:
            problems = checker.errors(param["schema"], param["example"])
            if problems:
                param["example"] = examples.repair(param["example"], param["schema"], param["name"])
                record.add(f"{path}/example", f"repaired example: {problems[0]}")
    return document
