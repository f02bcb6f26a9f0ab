"""Schema objects in an OpenAPI document: find them (validating values: generator.schema.validation)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.schema.pointers import escape, operations

JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})

# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)
_MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

KNOWN_KEYWORDS = frozenset(
    {
        *_ONE,
        *_MANY,
        *_MAP,
        "$ref",
        "$id",
        "$schema",
        "$comment",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$vocabulary",
        "type",
        "enum",
        "const",
        "title",
        "description",
        "default",
        "example",
        "examples",
        "format",
        "readOnly",
        "writeOnly",
        "deprecated",
        "nullable",
        "discriminator",
        "xml",
        "externalDocs",
        "required",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxContains",
        "minContains",
        "maxProperties",
        "minProperties",
        "dependentRequired",
        "contentEncoding",
        "contentMediaType",
        "contentSchema",
    }
)


_KIND = {**dict.fromkeys(_ONE, 1), **dict.fromkeys(_MANY, 2), **dict.fromkeys(_MAP, 3)}


def children(schema: dict[str, Any], path: str) -> list[tuple[str, dict[str, Any]]]:
    """Direct sub-schemas of a schema object, with their pointers, in the object's key order."""
    found: list[tuple[str, dict[str, Any]]] = []
    for key, value in schema.items():
        kind = _KIND.get(key)
        if kind is None:
            continue
        if kind == 1:
            if isinstance(value, dict):
                found.append((f"{path}/{key}", value))
            elif key == "items" and isinstance(value, list):  # the old tuple form
                found += [
                    (f"{path}/items/{i}", v) for i, v in enumerate(value) if isinstance(v, dict)
                ]
        elif kind == 2:
            if isinstance(value, list):
                found += [
                    (f"{path}/{key}/{i}", v) for i, v in enumerate(value) if isinstance(v, dict)
                ]
        elif isinstance(value, dict):
            found += [
                (f"{path}/{key}/{escape(n)}", v) for n, v in value.items() if isinstance(v, dict)
            ]
    return found


def _content(content: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(content, dict):
        for media, obj in content.items():
            if isinstance(obj, dict) and isinstance(obj.get("schema"), dict):
                yield f"{path}/{escape(media)}/schema", obj["schema"]


def _parameter_schemas(params: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(params, list):
        for i, param in enumerate(params):
            if isinstance(param, dict) and isinstance(param.get("schema"), dict):
                yield f"{path}/{i}/schema", param["schema"]


def roots(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Top-level schema objects: components, parameters, bodies, responses, headers."""
    components = document.get("components", {})
    for kind in ("schemas",):
        for name, schema in components.get(kind, {}).items():
            if isinstance(schema, dict):
                yield f"/components/{kind}/{escape(name)}", schema
    for name, param in components.get("parameters", {}).items():
        if isinstance(param, dict) and isinstance(param.get("schema"), dict):
            yield f"/components/parameters/{escape(name)}/schema", param["schema"]
    for path, item in document.get("paths", {}).items():
        if isinstance(item, dict):
            yield from _parameter_schemas(
                item.get("parameters"), f"/paths/{escape(path)}/parameters"
            )
    for path, method, op in operations(document):
        base = f"/paths/{escape(path)}/{method}"
        yield from _parameter_schemas(op.get("parameters"), f"{base}/parameters")
        body = op.get("requestBody")
        if isinstance(body, dict):
            yield from _content(body.get("content"), f"{base}/requestBody/content")
        for status, response in (op.get("responses") or {}).items():
            if not isinstance(response, dict):
                continue
            rbase = f"{base}/responses/{escape(str(status))}"
            yield from _content(response.get("content"), f"{rbase}/content")
            for hname, header in (response.get("headers") or {}).items():
                if isinstance(header, dict) and isinstance(header.get("schema"), dict):
                    yield f"{rbase}/headers/{escape(hname)}/schema", header["schema"]


def all_schemas(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in the document, nested ones included, with its pointer: pre-order,
    each schema's children read after the caller has seen (and maybe changed) it."""
    stack = list(roots(document))
    stack.reverse()
    while stack:
        path, schema = stack.pop()
        yield path, schema
        found = children(schema, path)
        found.reverse()
        stack += found
