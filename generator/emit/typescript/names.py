"""TypeScript identifiers for spec names, unique within their scope."""

from __future__ import annotations

from generator.emit.typescript.types import RESERVED
from generator.schema.naming import Names, snake

# Property names a class cannot give a group or a method.
CLASS_MEMBERS = {"constructor", "prototype", "__proto__", "toString", "toJSON", "valueOf"}
JS_EXTRA = {"arguments", "eval", "await", "async", "of", "undefined", "NaN", "Infinity"}


def ts_names(reserved: set[str] | None = None) -> Names:
    """TypeScript names: a taken one gets its qualifier appended (`ImportApiGroup`)."""
    return Names(reserved, separator="")


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
