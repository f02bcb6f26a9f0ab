"""The shape of an OpenAPI document: every part apigen reads has the JSON type the specification
gives it (an operation is an object, `responses` an object of objects, `parameters` a list, a
schema's `properties` an object of schemas, `required` a list of strings, ...).

Values are not judged here: an unknown `type` name, a pattern that does not compile or an
example that breaks its schema are the normalization passes' to repair. A document whose
structure is wrong is refused before any stage reads it, with the JSON pointer of the first
misplaced value (exit 4), instead of failing somewhere inside a stage.
"""

from __future__ import annotations

from typing import Any

from generator.errors import SpecError
from generator.schema.pointers import escape

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# kind -> {key: kind of its value}; "str", "bool", "list", "dict", "any" are plain types,
# "[X]" a list of X, "{X}" an object of X, "{~X}" an object of X that may also hold extensions
# (`x-` keys of any value: the Paths and Responses objects), "X|Y" either.
RULES: dict[str, dict[str, str]] = {
    "root": {
        "openapi": "str",
        "info": "info",
        "paths": "{~pathitem}",
        "components": "components",
        "tags": "[tag]",
        "servers": "[dict]",
        "security": "[dict]",
        "webhooks": "{~pathitem}",
    },
    "info": {"title": "str", "version": "str|number", "description": "str"},
    "tag": {"name": "str", "description": "str"},
    "pathitem": {
        **dict.fromkeys(METHODS, "operation"),
        "parameters": "[parameter]",
        "summary": "str",
        "description": "str",
    },
    "operation": {
        "operationId": "str",
        "tags": "[str]",
        "summary": "str",
        "description": "str",
        "parameters": "[parameter]",
        "requestBody": "body",
        "responses": "{~response}",
        "security": "[dict]",
        "deprecated": "bool",
        "callbacks": "dict",
    },
    "parameter": {
        "name": "str",
        "in": "str",
        "required": "bool",
        "deprecated": "bool",
        "description": "str",
        "schema": "schema",
        "content": "{media}",
        "examples": "dict",
    },
    "body": {"required": "bool", "description": "str", "content": "{media}"},
    "response": {"description": "str", "content": "{media}", "headers": "{parameter}"},
    "media": {"schema": "schema", "examples": "dict"},
    "components": {
        "schemas": "{schema}",
        "parameters": "{parameter}",
        "responses": "{response}",
        "requestBodies": "{body}",
        "headers": "{parameter}",
        "securitySchemes": "{dict}",
    },
    "schema": {
        "properties": "{schema}",
        "patternProperties": "{schema}",
        "additionalProperties": "schema",
        "items": "schema|[schema]",
        "prefixItems": "[schema]",
        "allOf": "[schema]",
        "anyOf": "[schema]",
        "oneOf": "[schema]",
        "not": "schema",
        "required": "[str]",
        "enum": "list",
        "type": "str|[str]",
        "title": "str",
        "description": "str",
        "format": "str",
        "pattern": "str",
        "discriminator": "discriminator",
        "nullable": "bool",
        "readOnly": "bool",
        "writeOnly": "bool",
        "deprecated": "bool",
    },
    "discriminator": {"propertyName": "str", "mapping": "{str}"},
}
PLAIN = {
    "str": (str,),
    "bool": (bool,),
    "number": (int, float),
    "list": (list,),
    "dict": (dict,),
    "any": (object,),
}
WORDS = {
    "str": "a string",
    "bool": "true or false",
    "number": "a number",
    "list": "a list",
    "dict": "an object",
}


def _pointer(chain: Any) -> str:
    parts: list[str] = []
    while chain is not None:
        chain, key = chain
        parts.append(escape(str(key)))
    return "/" + "/".join(reversed(parts)) if parts else "/"


def _describe(kind: str) -> str:
    options = []
    for option in kind.split("|"):
        if option.startswith("["):
            options.append("a list")
        elif option.startswith("{") or option in RULES:
            options.append("an object" if option != "schema" else "a schema (object or boolean)")
        else:
            options.append(WORDS.get(option, option))
    return " or ".join(dict.fromkeys(options))


class _Option:
    """One alternative of a kind, compiled once: the Python types it accepts and what its
    children are (a list's or an object's items of one kind, or an object's keys by rule)."""

    __slots__ = ("extensions", "items", "keys", "name", "types")

    def __init__(self, option: str) -> None:
        self.name = option
        self.items: str | None = None  # "[X]" / "{X}": every child is an X
        self.keys: dict[str, str] | None = None  # a rule object: child kinds by key
        self.extensions = option.startswith("{~")  # its `x-` keys are not items
        if option.startswith("["):
            self.types: tuple[type, ...] = (list,)
            self.items = option[1:-1]
        elif option.startswith("{"):
            self.types = (dict,)
            self.items = option[1:-1].lstrip("~")
        elif option == "schema":
            self.types = (dict, bool)
            self.keys = RULES["schema"]
        elif option in RULES:
            self.types = (dict,)
            self.keys = RULES[option]
        elif option == "number":
            self.types = (int, float)
        else:
            self.types = PLAIN[option]


_COMPILED: dict[str, tuple[_Option, ...]] = {}


def _options(kind: str) -> tuple[_Option, ...]:
    found = _COMPILED.get(kind)
    if found is None:
        found = _COMPILED[kind] = tuple(_Option(o) for o in kind.split("|"))
    return found


def check_shape(document: Any, where: str) -> None:
    """Refuse a document whose parts have the wrong JSON types (exit 4, naming the first)."""
    stack: list[tuple[Any, str, Any]] = [(document, "root", None)]
    pop, push = stack.pop, stack.append
    while stack:
        value, kind, chain = pop()
        kind_type = type(value)
        option = None
        for candidate in _options(kind):
            if kind_type in candidate.types or (
                kind_type is not bool and isinstance(value, candidate.types)
            ):
                option = candidate
                break
        if option is None or (kind_type is bool and bool not in option.types):
            raise SpecError(
                f"{where}: {_pointer(chain)} must be {_describe(kind)}, not {kind_type.__name__}"
            )
        if option.items is not None:
            inner = option.items
            if kind_type is list:
                for index, item in enumerate(value):
                    push((item, inner, (chain, index)))
            else:
                extensions = option.extensions
                for key, item in value.items():
                    if not (extensions and str(key).startswith("x-")):
                        push((item, inner, (chain, key)))
            continue
        rules = option.keys
        if rules is None or kind_type is not dict:
            continue
        ref = value.get("$ref")
        if ref is not None and option.name != "root":
            if type(ref) is not str:
                raise SpecError(f"{where}: {_pointer((chain, '$ref'))} must be a string")
            if option.name != "schema":
                continue  # a reference object: the rest is ignored
        for key, item in value.items():
            rule = rules.get(key)
            if rule is None or (item is None and rule in ("str", "bool")):
                continue  # not read by apigen, or a null it reads as absent
            push((item, rule, (chain, key)))
