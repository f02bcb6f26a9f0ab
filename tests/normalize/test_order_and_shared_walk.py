"""The normalization pipeline: disabling passes, and the shared schema walk."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from specs import API, CTX, op, spec

from generator.normalize import PASSES, Context, apply, normalize


def test_disabled_pass_is_skipped_and_unknown_rejected() -> None:
    from dataclasses import replace

    from generator.errors import UsageError

    result = normalize(spec(), Context(replace(API, disabled_passes=("servers",))))
    assert "servers" not in result.document
    with pytest.raises(UsageError, match="nope"):
        normalize(spec(), Context(replace(API, disabled_passes=("nope",))))


def one_at_a_time(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Every pass run alone, in order, each with its own walk: what the shared walk must equal."""
    records = {}
    for name in PASSES:
        document, record = apply(name, document, CTX)
        records[name] = record
    return document, records


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_shared_walk_equals_passes_one_at_a_time(version: str) -> None:
    """Schemas built to make the schema passes interact: a tuple whose members have invalid
    types and aliases, a bare-$ref allOf whose member carries an invalid type, a closed
    composition wrapping a single $ref, nested tuples and duplicate `required`."""
    member = {"type": "Weird", "lte": 3, "hidden_from_schema": True, "required": ["a", "a"]}
    doc = spec(
        {"/a": {"get": op("read_a_a_get")}},
        {
            "T": {"type": "array", "items": [copy.deepcopy(member), {"items": [member, member]}]},
            "R": {"allOf": [{"$ref": "#/components/schemas/T", "type": "Weird"}], "default": []},
            "C": {"allOf": [{"$ref": "#/components/schemas/T"}], "additionalProperties": False},
            "H": {"type": "HeadersAuth", "gt": 1},
            "N": {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/H"}]}, member]},
        },
    )
    doc["openapi"] = version
    shared = normalize(copy.deepcopy(doc), CTX)
    alone, records = one_at_a_time(doc)
    assert json.dumps(shared.document) == json.dumps(alone)  # same values, same key order
    assert shared.records == records
    assert sum(len(r.changes) for r in records.values()) > 15
