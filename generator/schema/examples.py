"""Deterministic, schema-valid example values; never `<string>`-style placeholders.

Order of preference: the schema's own `example`/`examples`, then `default`, `const`, `enum`,
then a value built from `format`, `pattern`, the type and its bounds.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from generator.schema import regex
from generator.schema.ids import stable_uuid
from generator.schema.pointers import resolve, unescape
from generator.schema.validation import Checker

# Python's own regex parser, for building a string that matches a `pattern`.
_sre_c: Any = importlib.import_module("re._constants")
_sre_p: Any = importlib.import_module("re._parser")

FORMAT_EXAMPLES: dict[str, str] = {
    "email": "jane.doe@example.com",
    "idn-email": "jane.doe@example.com",
    "date-time": "2025-01-01T12:00:00Z",
    "date": "2025-01-01",
    "time": "12:00:00Z",
    "duration": "P1D",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "password": "s3cret-value",
    "byte": "ZXhhbXBsZQ==",
    "binary": "example",
    "json-pointer": "/example",
    "regex": "^example$",
}


# Property and parameter names whose meaning says more than their type: the value a reader
# recognises (a slug for a key, a name for a name), never the field's own name. Exact names
# first, then suffixes; each must still fit the schema's pattern and lengths.
EXACT_NAMES: dict[str, str] = {
    "key": "acme-corp",
    "slug": "acme-corp",
    "name": "Acme Corp",
    "first_name": "Jane",
    "firstname": "Jane",
    "last_name": "Doe",
    "lastname": "Doe",
    "full_name": "Jane Doe",
    "username": "jane.doe",
    "title": "Quarterly report",
    "description": "An example, for the docs.",
    "summary": "An example, for the docs.",
    "search": "acme",
    "query": "acme",
    "q": "acme",
    "phone": "+15555550100",
    "phone_number": "+15555550100",
    "country": "US",
    "locale": "en-US",
    "language": "en",
    "currency": "USD",
    "timezone": "UTC",
    "color": "#336699",
    "role": "editor",
    "action": "read",
    "tenant": "acme-corp",
    "resource": "document",
    "message": "Hello from the docs.",
    "text": "Hello from the docs.",
    "token": "tok-example-123",
    "password": "s3cret-value",
    "version": "1.0.0",
    "path": "/docs/example",
    "domain": "example.com",
    "host": "example.com",
    "hostname": "example.com",
    "ip": "192.0.2.1",
    "type": "document",
    "subject": "Welcome to Acme",
    "message_content": "Hello from the docs.",
    "method": "GET",
    "http_method": "GET",
    "scheme": "https",
    "url_ttl": "3600",
    "content": "Hello from the docs.",
    "body": "Hello from the docs.",
    "comment": "Looks good.",
    "reason": "Needed for the quarterly report.",
    "status": "active",
    "value": "example-value",
}
BY_NAME: tuple[tuple[str, str], ...] = (
    ("url", "https://example.com/"),
    ("uri", "https://example.com/"),
    ("email", "jane.doe@example.com"),
    ("_key", "acme-corp"),
    ("_slug", "acme-corp"),
    ("_name", "Acme Corp"),
    ("_id", "acme-corp-1"),
    ("_description", "An example, for the docs."),
    ("_at", "2025-01-01T12:00:00Z"),
    ("_date", "2025-01-01"),
)


def _from_pattern(pattern: str) -> str | None:
    """A short string matching `pattern`, built from its parse tree; None when unsupported."""
    try:
        parsed = _sre_p.parse(pattern)
    except (re.error, RecursionError):
        return None

    def char_from_class(items: Any) -> str:
        allowed: list[str] = []
        for op, arg in items:
            if op is _sre_c.NEGATE:
                return "x"
            if op is _sre_c.LITERAL:
                allowed.append(chr(arg))
            elif op is _sre_c.RANGE:
                allowed.append(chr(arg[0]))
            elif op is _sre_c.CATEGORY:
                allowed.append("1" if arg is _sre_c.CATEGORY_DIGIT else "a")
        for op, arg in items:
            if op is _sre_c.RANGE and arg[0] <= ord("a") <= arg[1]:
                return "a"
        letters = [c for c in allowed if c.isalnum()]
        return (letters or allowed or ["a"])[0]

    def build(tokens: Any) -> str:
        out: list[str] = []
        for op, arg in tokens:
            if op is _sre_c.LITERAL:
                out.append(chr(arg))
            elif op is _sre_c.ANY:
                out.append("a")
            elif op is _sre_c.IN:
                out.append(char_from_class(arg))
            elif op in (
                _sre_c.MAX_REPEAT,
                _sre_c.MIN_REPEAT,
                getattr(_sre_c, "POSSESSIVE_REPEAT", None),
            ):
                low, high, sub = arg
                count = max(low, min(high, 3) if high is not _sre_c.MAXREPEAT else 3)
                out.append(build(sub) * count)
            elif op is _sre_c.SUBPATTERN:
                out.append(build(arg[-1]))
            elif op is _sre_c.BRANCH:
                out.append(build(arg[1][0]))
            elif op is _sre_c.CATEGORY:
                out.append("1" if arg is _sre_c.CATEGORY_DIGIT else "a")
            elif op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
                continue
            else:
                return ""
        return "".join(out)

    try:
        text = build(parsed)
    except (TypeError, ValueError, IndexError):
        return None
    return text if regex.search(pattern, text) else None


def string_value(schema: dict[str, Any], seed: str) -> str:
    """A string for a string schema: its format's, its field's (the last part of `seed`, a
    JSON pointer) or one its pattern gives; within its lengths."""
    fmt = schema.get("format")
    if fmt == "uuid":
        return stable_uuid(seed)
    pattern = schema.get("pattern")
    name = seed.rsplit("/", 1)[-1].lower()
    candidates = [FORMAT_EXAMPLES.get(str(fmt), ""), EXACT_NAMES.get(name, "")]
    candidates += [text for suffix, text in BY_NAME if name.endswith(suffix)]
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-")
    candidates.append(f"my-{slug}" if slug else "")  # a placeholder, never the field's own name
    if isinstance(pattern, str):
        candidates.append(_from_pattern(pattern) or "")
    candidates.append("example")
    text = next(
        (c for c in candidates if c and (not isinstance(pattern, str) or regex.search(pattern, c))),
        "example",
    )
    low = schema.get("minLength")
    high = schema.get("maxLength")
    if isinstance(low, int) and len(text) < low:
        text = text + "x" * (low - len(text))
    if isinstance(high, int) and len(text) > high:
        text = text[:high]
    return text


def _tagged(schema: dict[str, Any], branch: Any, value: Any) -> Any:
    """A branch's object under a `discriminator` carries the branch's tag (the mapping's key
    naming the branch's `$ref`, else the schema name the `$ref` ends with, as OpenAPI's implicit
    mapping has it), even where the branch leaves the property optional: servers and typed
    clients pick the branch by it."""
    found = schema.get("discriminator")
    prop = found.get("propertyName") if isinstance(found, dict) else None
    ref = branch.get("$ref") if isinstance(branch, dict) else None
    if not isinstance(prop, str) or not isinstance(ref, str) or not isinstance(value, dict):
        return value
    if prop in value:
        return value
    mapping = found.get("mapping") if isinstance(found, dict) else None
    tags = [k for k, v in mapping.items() if v == ref] if isinstance(mapping, dict) else []
    return {**value, prop: tags[0] if tags else unescape(ref.rsplit("/", 1)[-1])}  # implicit


def _kind(schema: dict[str, Any]) -> str | None:
    """The type a value is built as: the first of a list that is not null; an object or an array
    by its keywords when `type` is missing (None: neither)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else ("array" if "items" in schema else None)
    return kind if isinstance(kind, str) else None


class Examples:
    """Builds and repairs example values for the schemas of one document."""

    def __init__(self, document: dict[str, Any], checker: Checker | None = None) -> None:
        self.document = document
        self.checker = checker or Checker(document)

    def _deref(
        self, schema: dict[str, Any], stack: tuple[str, ...]
    ) -> tuple[dict[str, Any], tuple[str, ...]] | None:
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return schema, stack
        if ref in stack:
            return None
        try:
            target = resolve(self.document, ref)
        except (KeyError, IndexError, ValueError):
            return {}, stack
        return target, (*stack, ref)

    def _own(self, schema: dict[str, Any]) -> Any:
        """The schema's own example, if valid against it."""
        candidates = []
        if "example" in schema:
            candidates.append(schema["example"])
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            candidates.append(schema["examples"][0])
        if "default" in schema and schema["default"] is not None:
            candidates.append(schema["default"])
        if "const" in schema:
            candidates.append(schema["const"])
        if isinstance(schema.get("enum"), list):
            candidates += [v for v in schema["enum"] if v is not None][:1]
        for value in candidates:
            if self.checker.is_valid(schema, value):
                return value
        return _MISSING

    def valid_value(self, schema: dict[str, Any], seed: str) -> Any:
        """An example that validates against `schema`: its own (checked), else a built one,
        checked and repaired if need be."""
        own = self._own(schema)
        if own is not _MISSING:
            return own
        value = self.value(schema, seed)
        return value if self.checker.is_valid(schema, value) else self.repair(value, schema, seed)

    def seed_free(self, schema: Any, stack: tuple[str, ...] = ()) -> bool:
        """Whether `valid_value(schema, seed)` is the same for every seed. The seed names the
        value's own strings (a uuid from it, a text from its field's name) and its arrays'
        items; an object's properties are named by their keys instead. So a schema whose every
        top-level shape (through `$ref`s, `allOf`, `anyOf`, `oneOf` and array items) is an
        object, a number, a boolean or null builds the same value whatever the seed: the error
        answers every operation shares, built once."""
        if not isinstance(schema, dict) or self._own(schema) is not _MISSING:
            return True
        resolved = self._deref(schema, stack)
        if resolved is None:
            return True
        target, stack = resolved
        if target is not schema:
            return self.seed_free(target, stack)
        parts = [
            part
            for key in ("allOf", "anyOf", "oneOf")
            if isinstance(schema.get(key), list)
            for part in schema[key]
        ]
        if parts:
            return all(self.seed_free(part, stack) for part in parts)
        kind = _kind(schema)
        if kind == "array":
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list):
                return all(self.seed_free(p, stack) for p in prefix)
            return self.seed_free(schema.get("items", {}), stack)
        return kind != "string"

    def value(
        self, schema: Any, seed: str, *, full: bool = False, stack: tuple[str, ...] = ()
    ) -> Any:
        """An example for `schema`. `seed` (a name or pointer) makes ids stable; `full` fills optional
        properties too."""
        if not isinstance(schema, dict):
            return "example"
        own = self._own(schema)
        if own is not _MISSING:
            return own
        resolved = self._deref(schema, stack)
        if resolved is None:
            return None
        target, stack = resolved
        if target is not schema:
            return self.value(target, seed, full=full, stack=stack)
        if isinstance(schema.get("allOf"), list):
            return self._all_of(schema, seed, full, stack)
        for key in ("anyOf", "oneOf"):
            if isinstance(schema.get(key), list):
                return self._any_of(schema, schema[key], seed, full, stack)
        kind = _kind(schema)
        if kind == "string":
            return self._string(schema, seed)
        if kind == "integer":
            return self._integer(schema)
        if kind == "number":
            return self._number(schema)
        if kind in ("boolean", "null"):
            return True if kind == "boolean" else None
        if kind == "array":
            return self._array(schema, seed, full, stack)
        if kind == "object":
            return self._object(schema, seed, full, stack)
        return "example"

    def _all_of(self, schema: dict[str, Any], seed: str, full: bool, stack: tuple[str, ...]) -> Any:
        parts = [self.value(part, seed, full=full, stack=stack) for part in schema["allOf"]]
        if parts and all(isinstance(p, dict) for p in parts):
            merged: dict[str, Any] = {}
            for part in parts:
                merged.update(part)
            return merged
        return parts[0] if parts else {}

    def _any_of(
        self,
        schema: dict[str, Any],
        branches: list[Any],
        seed: str,
        full: bool,
        stack: tuple[str, ...],
    ) -> Any:
        fallback: Any = None
        for branch in branches:
            if isinstance(branch, dict) and branch.get("type") == "null":
                continue
            candidate = _tagged(schema, branch, self.value(branch, seed, full=full, stack=stack))
            if self.checker.is_valid(schema, candidate):
                return candidate
            if fallback is None:
                fallback = candidate
        return fallback

    def _string(self, schema: dict[str, Any], seed: str) -> str:
        return string_value(schema, seed)

    @staticmethod
    def _bounds(schema: dict[str, Any], step: float) -> tuple[float | None, float | None]:
        low, high = schema.get("minimum"), schema.get("maximum")
        xlow, xhigh = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if isinstance(xlow, int | float) and not isinstance(xlow, bool):
            low = xlow + step if low is None else max(low, xlow + step)
        if isinstance(xhigh, int | float) and not isinstance(xhigh, bool):
            high = xhigh - step if high is None else min(high, xhigh - step)
        return low, high

    def _integer(self, schema: dict[str, Any]) -> int:
        low, high = self._bounds(schema, 1)
        value = 1
        if low is not None and value < low:
            value = int(low) if float(low).is_integer() else int(low) + 1
        if high is not None and value > high:
            value = int(high)
        multiple = schema.get("multipleOf")
        if isinstance(multiple, int) and multiple > 0 and value % multiple:
            value = multiple * max(1, value // multiple)
        return value

    def _number(self, schema: dict[str, Any]) -> float | int:
        low, high = self._bounds(schema, 0.5)
        value: float = 1
        if low is not None and value < low:
            value = low
        if high is not None and value > high:
            value = high
        return value

    def _array(
        self, schema: dict[str, Any], seed: str, full: bool, stack: tuple[str, ...]
    ) -> list[Any]:
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            return [
                self.value(p, f"{seed}/{i}", full=full, stack=stack) for i, p in enumerate(prefix)
            ]
        items = schema.get("items", {})
        count = max(1, int(schema.get("minItems", 1) or 1))
        high = schema.get("maxItems")
        if isinstance(high, int):
            count = min(count, high)
        return [
            self.value(items, seed if i == 0 else f"{seed}/{i}", full=full, stack=stack)
            for i in range(count)
        ]

    def _object(
        self, schema: dict[str, Any], seed: str, full: bool, stack: tuple[str, ...]
    ) -> dict[str, Any]:
        props = schema.get("properties") or {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        out: dict[str, Any] = {}
        for name, sub in props.items():
            wanted = name in required or full or (isinstance(sub, dict) and "example" in sub)
            if wanted:
                value = self.value(sub, name, full=False, stack=stack)
                if value is None and name not in required:
                    continue
                out[name] = value
        for name in required:
            if name not in out:
                extra = schema.get("additionalProperties")
                out[name] = self.value(extra if isinstance(extra, dict) else {}, name, stack=stack)
        return out

    def repair(
        self, value: Any, schema: dict[str, Any], seed: str, stack: tuple[str, ...] = ()
    ) -> Any:
        """`value` changed as little as needed to validate against `schema`."""
        if self.checker.is_valid(schema, value):
            return value
        resolved = self._deref(schema, stack)
        if resolved is not None:
            target, inner = resolved
            if target is not schema:
                return self.repair(value, target, seed, inner)
            candidate = self._repair_shape(value, schema, seed, stack)
            if self.checker.is_valid(schema, candidate):
                return candidate
        return self.value(schema, seed, stack=stack)

    def _repair_shape(
        self, value: Any, schema: dict[str, Any], seed: str, stack: tuple[str, ...]
    ) -> Any:
        for key in ("anyOf", "oneOf"):
            for branch in schema.get(key) or []:
                if isinstance(branch, dict):
                    candidate = self.repair(value, branch, seed, stack)
                    if self.checker.is_valid(schema, candidate):
                        return candidate
        if isinstance(value, list) and isinstance(schema.get("items"), dict):
            return [
                self.repair(v, schema["items"], f"{seed}/{i}", stack) for i, v in enumerate(value)
            ]
        if isinstance(value, dict) and (props := schema.get("properties")) is not None:
            extra = schema.get("additionalProperties", True)
            fixed: dict[str, Any] = {}
            for name, item in value.items():
                if name in props:
                    fixed[name] = self.repair(item, props[name], name, stack)
                elif extra is not False:
                    fixed[name] = item
            for name in schema.get("required", []):
                if name not in fixed and name in props:
                    fixed[name] = self.value(props[name], name, stack=stack)
            return fixed
        return value


class _Missing:
    pass


_MISSING = _Missing()
