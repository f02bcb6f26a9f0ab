"""Go literals of example values, typed by the generated types (generator.emit.go.types): what
README examples and snippets pass. A value the types cannot spell (a union, a field the struct
lacks) is None: the caller decodes its JSON instead."""

from __future__ import annotations

import json
import re
from typing import Any

from generator.emit.go.escape import go_string
from generator.emit.go.types import GoTypes

_NAME = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")


class Literals:
    def __init__(self, types: GoTypes, package: str) -> None:
        self.types = types
        self.package = package
        self.declared = set(types.named.values()) | set(types.kinds) | set(types.aliases)

    def qualified(self, expression: str) -> str:
        """A type expression as another package writes it (`[]permitapi.Role`)."""
        return _NAME.sub(
            lambda m: f"{self.package}.{m.group(0)}" if m.group(0) in self.declared else m.group(0),
            expression,
        )

    def value(self, value: Any, expression: str, depth: int = 0) -> str | None:
        """A literal of `value` as the Go type `expression`, or None."""
        if depth > 30:
            return None
        if expression in self.types.aliases:
            return self.value(value, self.types.aliases[expression], depth + 1)
        if expression.startswith("Nullable["):
            inner = expression[len("Nullable[") : -1]
            if value is None:
                return f"{self.package}.Null[{self.qualified(inner)}]()"
            found = self.value(value, inner, depth + 1)
            return found and f"{self.package}.Value[{self.qualified(inner)}]({found})"
        if expression == "string":
            return go_string(value) if isinstance(value, str) else None
        if expression == "bool":
            return ("true" if value else "false") if isinstance(value, bool) else None
        if expression == "int64":
            ok = isinstance(value, int) and not isinstance(value, bool)
            return str(value) if ok else None
        if expression == "float64":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            return repr(float(value)) if ok else None
        if expression == "any":
            return self.untyped(value)
        if expression.startswith("[]"):
            if not isinstance(value, list):
                return None
            items = [self.value(v, expression[2:], depth + 1) for v in value]
            if any(i is None for i in items):
                return None
            return f"{self.qualified(expression)}{{{', '.join(str(i) for i in items)}}}"
        if expression.startswith("map[string]"):
            if not isinstance(value, dict):
                return None
            pairs = [(k, self.value(v, expression[11:], depth + 1)) for k, v in value.items()]
            if any(p is None for _, p in pairs):
                return None
            body = ", ".join(f"{go_string(k)}: {p}" for k, p in pairs)
            return f"{self.qualified(expression)}{{{body}}}"
        kind = self.types.kinds.get(expression)
        if kind == "enum":
            const = self.types.consts.get(expression, {}).get(value)
            if const is not None:
                return f"{self.package}.{const}"
            literal = go_string(value) if isinstance(value, str) else json.dumps(value)
            return f"{self.package}.{expression}({literal})"
        if kind == "struct":
            return self.struct(value, expression, depth)
        return None

    def struct(self, value: Any, expression: str, depth: int) -> str | None:
        if not isinstance(value, dict):
            return None
        fields = self.types.fields.get(expression, {})
        parts = []
        for wire, item in value.items():
            if wire not in fields:
                return None
            field, inner, mode = fields[wire]
            if mode == "nullable":
                literal = self.value(item, f"Nullable[{inner}]", depth + 1)
            else:
                literal = self.value(item, inner, depth + 1)
                if literal is not None and mode == "pointer":
                    literal = self.pointer(literal, inner)
            if literal is None:
                return None
            parts.append(f"{field}: {literal}")
        return f"{self.package}.{expression}{{{', '.join(parts)}}}"

    def pointer(self, literal: str, expression: str) -> str:
        if (
            literal.startswith(f"{self.package}.")
            and "{" in literal
            and self.types.kinds.get(expression) == "struct"
        ):
            return f"&{literal}"
        return f"{self.package}.Ptr[{self.qualified(expression)}]({literal})"

    def untyped(self, value: Any) -> str:
        """A JSON value as Go's `any` holds it after decoding."""
        if value is None:
            return "nil"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(float(value))
        if isinstance(value, str):
            return go_string(value)
        if isinstance(value, list):
            return "[]any{" + ", ".join(self.untyped(v) for v in value) + "}"
        if isinstance(value, dict):
            body = ", ".join(f"{go_string(k)}: {self.untyped(v)}" for k, v in value.items())
            return "map[string]any{" + body + "}"
        return go_string(str(value))
