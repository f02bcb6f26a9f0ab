"""pattern-examples: a pattern-constrained string without an example gets one that matches, so
a mock answers it with a value a client accepts; and a discriminated union's built example
carries its branch's tag."""

from __future__ import annotations

import dataclasses
import re

from specs import API, spec

from generator.normalize import Context, apply
from generator.schema.examples import Examples

URL = r"^https://[a-zA-Z0-9\-\.]+\.[a-zA-Z]{2,3}(/\S*)?$"
SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"


def test_a_pattern_without_an_example_gets_a_matching_one() -> None:
    document = spec(
        schemas={
            "Jwks": {
                "type": "object",
                "properties": {
                    "url": {"type": "string", "pattern": URL},
                    "version": {"type": "string", "pattern": SEMVER, "maxLength": 20},
                    "code": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{2}$"},
                    "given": {"type": "string", "pattern": "^a+$", "example": "aaa"},
                    "listed": {"type": "string", "pattern": "^a+$", "enum": ["a"]},
                    "short": {"type": "string", "pattern": "^[a-z]{5,}$", "maxLength": 2},
                    "count": {"type": "integer", "pattern": "^1$"},
                },
            }
        }
    )
    out, record = apply("pattern-examples", document, Context(dataclasses.replace(API)))
    props = out["components"]["schemas"]["Jwks"]["properties"]
    for name in ("url", "version", "code"):
        value = props[name]["example"]
        assert re.search(props[name]["pattern"], value), (name, value)
    assert props["url"]["example"] == "https://example.com/"  # by the field's meaning
    assert props["given"]["example"] == "aaa" and "example" not in props["listed"]
    assert "example" not in props["short"]  # no candidate fits both the pattern and the length
    assert "example" not in props["count"]  # not a string
    assert [c.pointer.rsplit("/", 2)[1] for c in record.changes] == ["url", "version", "code"]
    assert "example" not in document["components"]["schemas"]["Jwks"]["properties"]["url"]


def test_a_discriminated_union_example_carries_its_tag() -> None:
    branch = {
        "type": "object",
        "required": ["host"],
        "additionalProperties": False,
        "properties": {
            "host": {"type": "string"},
            "kind": {"type": "string", "enum": ["smtp"], "default": "smtp"},
        },
    }
    other = {
        "type": "object",
        "required": ["domain"],
        "properties": {"domain": {"type": "string"}, "kind": {"type": "string"}},
    }
    document = spec(
        schemas={
            "Smtp": branch,
            "Mailgun": other,
            "Config": {
                "oneOf": [{"$ref": "#/components/schemas/Smtp"}],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {"smtp": "#/components/schemas/Smtp"},
                },
            },
            "Implicit": {
                "oneOf": [{"$ref": "#/components/schemas/Mailgun"}],
                "discriminator": {"propertyName": "kind"},
            },
        }
    )
    examples = Examples(document)
    config = examples.value({"$ref": "#/components/schemas/Config"}, "body")
    assert config["kind"] == "smtp" and "host" in config
    implicit = examples.value({"$ref": "#/components/schemas/Implicit"}, "body")
    assert implicit["kind"] == "Mailgun"  # OpenAPI's implicit mapping: the schema's name
    plain = examples.value({"$ref": "#/components/schemas/Smtp"}, "body")
    assert "kind" not in plain  # no discriminator: optional properties stay out
