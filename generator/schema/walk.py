"""Schema objects in an OpenAPI document: find them (validating values: generator.schema.validation)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.schema.pointers import HTTP_METHODS, escape

JSON_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})

# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
ONE = (
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
MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")

KNOWN_KEYWORDS = frozenset(
    {
        *ONE,
        *MANY,
        *MAP,
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


_KIND = {**dict.fromkeys(ONE, 1), **dict.fromkeys(MANY, 2), **dict.fromkeys(MAP, 3)}


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


Slot = tuple[str, dict[str, Any], str]  # (pointer, the object holding the schema, its key)


def _content(content: Any, path: str) -> Iterator[Slot]:
    if isinstance(content, dict):
        for media, obj in content.items():
            if not isinstance(obj, dict):
                continue
            base = f"{path}/{escape(media)}"
            if "schema" in obj:
                yield f"{base}/schema", obj, "schema"
            encoding = obj.get("encoding")
            if isinstance(encoding, dict):
                for name, enc in encoding.items():
                    if isinstance(enc, dict):
                        yield from _headers(
                            enc.get("headers"), f"{base}/encoding/{escape(name)}/headers"
                        )


def _holder(obj: Any, path: str) -> Iterator[Slot]:
    """A parameter or header object's schema, or the schemas of its `content`."""
    if isinstance(obj, dict):
        if "schema" in obj:
            yield f"{path}/schema", obj, "schema"
        yield from _content(obj.get("content"), f"{path}/content")


def _parameter_schemas(params: Any, path: str) -> Iterator[Slot]:
    if isinstance(params, list):
        for i, param in enumerate(params):
            yield from _holder(param, f"{path}/{i}")


def _headers(headers: Any, path: str) -> Iterator[Slot]:
    if isinstance(headers, dict):
        for name, header in headers.items():
            yield from _holder(header, f"{path}/{escape(name)}")


def _response(response: Any, path: str) -> Iterator[Slot]:
    if isinstance(response, dict):
        yield from _content(response.get("content"), f"{path}/content")
        yield from _headers(response.get("headers"), f"{path}/headers")


def _body(body: Any, path: str) -> Iterator[Slot]:
    if isinstance(body, dict):
        yield from _content(body.get("content"), f"{path}/content")


def _callbacks(callbacks: Any, path: str) -> Iterator[Slot]:
    if isinstance(callbacks, dict):
        for name, callback in callbacks.items():
            if isinstance(callback, dict):
                for expression, item in callback.items():
                    yield from _path_item(item, f"{path}/{escape(name)}/{escape(expression)}")


def _path_item(item: Any, path: str) -> Iterator[Slot]:
    if not isinstance(item, dict):
        return
    yield from _parameter_schemas(item.get("parameters"), f"{path}/parameters")
    for method in HTTP_METHODS:
        op = item.get(method)
        if not isinstance(op, dict):
            continue
        base = f"{path}/{method}"
        yield from _parameter_schemas(op.get("parameters"), f"{base}/parameters")
        yield from _body(op.get("requestBody"), f"{base}/requestBody")
        responses = op.get("responses")
        if isinstance(responses, dict):
            for status, response in responses.items():
                yield from _response(response, f"{base}/responses/{escape(str(status))}")
        yield from _callbacks(op.get("callbacks"), f"{base}/callbacks")


def _named(section: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(section, dict):
        for name, value in section.items():
            yield escape(name), value


def slots(document: dict[str, Any]) -> Iterator[Slot]:
    """Where a document holds a top-level schema, whatever its value (an object, or a 3.1
    boolean schema): component schemas, responses, request bodies, parameters, headers,
    callbacks and path items; every path's and webhook's operations (parameters, bodies,
    answers, their headers, callbacks); a parameter's or header's `content` as well as its
    `schema`."""
    components = document.get("components")
    if not isinstance(components, dict):
        components = {}
    schemas = components.get("schemas")
    if isinstance(schemas, dict):
        for name in schemas:
            yield f"/components/schemas/{escape(name)}", schemas, name
    for name, response in _named(components.get("responses")):
        yield from _response(response, f"/components/responses/{name}")
    for name, body in _named(components.get("requestBodies")):
        yield from _body(body, f"/components/requestBodies/{name}")
    for name, param in _named(components.get("parameters")):
        yield from _holder(param, f"/components/parameters/{name}")
    for name, header in _named(components.get("headers")):
        yield from _holder(header, f"/components/headers/{name}")
    for name, callback in _named(components.get("callbacks")):
        if isinstance(callback, dict):
            for expression, item in callback.items():
                yield from _path_item(item, f"/components/callbacks/{name}/{escape(expression)}")
    for name, item in _named(components.get("pathItems")):
        yield from _path_item(item, f"/components/pathItems/{name}")
    for section in ("paths", "webhooks", "x-webhooks"):
        for name, item in _named(document.get(section)):
            yield from _path_item(item, f"/{section}/{name}")


def roots(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Top-level schema objects (`slots` whose value is an object), with their pointers."""
    for path, holder, key in slots(document):
        schema = holder[key]
        if isinstance(schema, dict):
            yield path, schema


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
