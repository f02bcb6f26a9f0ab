"""TypeScript identifiers for spec names, unique within their scope."""

from __future__ import annotations

import functools
from typing import Any

from generator.emit.typescript.types import RESERVED
from generator.schema.naming import Names, snake

# Property names a class cannot give a group or a method.
CLASS_MEMBERS = {"constructor", "prototype", "__proto__", "toString", "toJSON", "valueOf"}
JS_EXTRA = {"arguments", "eval", "await", "async", "of", "undefined", "NaN", "Infinity"}


def ts_names(reserved: set[str] | None = None) -> Names:
    """TypeScript names: a taken one gets its qualifier appended (`ImportApiGroup`)."""
    return Names(reserved, separator="")


@functools.lru_cache(maxsize=8192)
def camel(name: str) -> str:
    """`proj_id` -> `projId`, `X-Wait-Timeout` -> `xWaitTimeout`; never a digit first."""
    words = [w for w in snake(name).split("_") if w]
    text = words[0] + "".join(w.capitalize() for w in words[1:]) if words else "value"
    return f"p{text[0].upper()}{text[1:]}" if text[0].isdigit() else text


def pascal(name: str) -> str:
    text = camel(name)
    return text[0].upper() + text[1:]


def variable(name: str) -> str:
    """A camelCase name that may be a function parameter (never a reserved word)."""
    text = camel(name)
    return f"{text}_" if text in RESERVED or text in JS_EXTRA else text


# What the API diff compares of the TypeScript client (generator.kinds registers this module as
# the TypeScript kind's `sdk`): a change in any of these is SDK-breaking.


def method_name(operation: str) -> str:
    return camel(operation)


def group_name(tag: str) -> str:
    return camel(tag)


def param_type(schemas: Any, schema: Any) -> str:
    from generator.emit.typescript.types import ClientTypes
    from generator.plan import parameter_type

    return ClientTypes(schemas, "T.").ref(parameter_type(schemas, schema))
