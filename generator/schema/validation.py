"""Validate values against the schemas of one document (JSON Schema 2020-12, OpenAPI 3.0 too).

`Checker` answers the pipeline's one question, "is this example valid?", thousands of times per
spec. It implements the keywords OpenAPI documents use, directly over the dicts, and stops at the
first error. A schema it does not cover (`if`, `contains`, `$id`, `multipleOf`, an exotic format,
...) goes to `ReferenceChecker`, which is `jsonschema` itself: same answers, only slower, and
imported only then. tests/schema/test_schema_validation.py holds the two to agreeing on every real schema.
"""

from __future__ import annotations

import copy
import operator
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from generator.schema.pointers import unescape
from generator.schema.regex import Matcher, matcher, search

# Keywords that change what is valid and that Checker does not implement.
UNSUPPORTED = frozenset(
    {
        "$id",
        "$anchor",
        "$dynamicRef",
        "$dynamicAnchor",
        "$schema",
        "$recursiveRef",
        "if",
        "then",
        "else",
        "dependentSchemas",
        "dependentRequired",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contains",
        "minContains",
        "maxContains",
        "multipleOf",
        "propertyNames",
    }
)


class _Anything:
    """Stands for a pattern no linear-time engine reads: it is not checked."""

    def search(self, text: str) -> bool:
        return True


_ANYTHING = _Anything()


class _Unsupported(Exception):
    """This schema needs the reference implementation."""


# RFC 3339 date-time as jsonschema checks it (rfc3339-validator): `$` admits a final newline.
_RFC3339 = re.compile(
    r"^(\d{4})-(0[1-9]|1[0-2])-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?"
    r"(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$",
    re.ASCII,
)
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _rfc3339(text: str) -> bool:
    found = _RFC3339.match(text)
    if found is None:
        return False
    year, month, day = (int(g) for g in found.groups())
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return year > 0 and 1 <= day <= _DAYS[month - 1] + (month == 2 and leap)


def _uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return all(text[i] == "-" for i in (8, 13, 18, 23))


def _date(text: str) -> bool:
    try:
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII)) and bool(
            date.fromisoformat(text)
        )
    except ValueError:
        return False


def _time(text: str) -> bool:
    return _rfc3339(f"1970-01-01T{text}".upper())


def _ipv4(text: str) -> bool:
    import ipaddress  # rare formats: imported when met

    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _ipv6(text: str) -> bool:
    import ipaddress

    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return not address.scope_id


def _regex(text: str) -> bool:
    try:
        re.compile(text)
    except re.error:
        return False
    return True


# The formats jsonschema checks with the packages installed here, the same way it does.
FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "uuid": _uuid,
    "date-time": lambda text: _rfc3339(text.upper()),
    "date": _date,
    "time": _time,
    "email": lambda text: "@" in text,
    "idn-email": lambda text: "@" in text,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "regex": _regex,
}
# Checked by jsonschema but not here: the reference decides.
REFERENCE_FORMATS = frozenset({"idn-hostname"})


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (
            isinstance(value, float) and value.is_integer()
        )
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "null":
        return value is None
    raise _Unsupported(f"unknown type {kind!r}")


def equal(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1, 1 is 1.0, containers compare deeply."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, list | dict) or isinstance(b, list | dict):
        return False
    return bool(a == b)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _at(at: str, key: str | int) -> str:
    """The value's path, as jsonschema prints it: `users/0/id`."""
    return f"{at}/{key}" if at else str(key)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_BOUNDS: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("minimum", operator.lt, "less than the minimum of"),
    ("maximum", operator.gt, "greater than the maximum of"),
    ("exclusiveMinimum", operator.le, "less than or equal to the minimum of"),
    ("exclusiveMaximum", operator.ge, "greater than or equal to the maximum of"),
)
_SIZES: tuple[tuple[str, Callable[[Any, Any], bool], str], ...] = (
    ("minProperties", operator.lt, "does not have enough properties"),
    ("maxProperties", operator.gt, "has too many properties"),
)


class Checker:
    """Validates values against schemas of one document, `$ref`s resolved, formats checked."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.openapi30 = is_openapi30(document)
        self._components = json_schema_components(document)
        self._reference: ReferenceChecker | None = None
        self._patterns: dict[str, Matcher] = {}
        # OpenAPI 3.0 (nullable, boolean exclusive bounds): checked in its JSON Schema form.
        self._converted: dict[int, tuple[Any, Any]] = {}
        self._texts: dict[int, tuple[list[Any], list[Any], frozenset[str]]] = {}  # enums' texts

    def _one_of(self, value: Any, options: list[Any]) -> bool:
        """`value` equals one of an enum's `options`: a text by a set lookup (Asana's enums of
        hundreds of field names, checked for every example), anything else by `equal`."""
        if type(value) is not str:
            return any(equal(value, option) for option in options)
        cached = self._texts.get(id(options))
        if cached is None or cached[0] is not options or cached[1] != options:
            # (a copy to compare with: a repair pass may change an enum in place)
            texts = frozenset(o for o in options if type(o) is str)
            cached = self._texts[id(options)] = (options, list(options), texts)
        return value in cached[2]

    def errors(self, schema: dict[str, Any], value: Any) -> list[str]:
        """The first way `value` violates `schema`, as a one-item list (empty when valid)."""
        try:
            found = self._check(self._target(schema), value, "")
        except (_Unsupported, TypeError, ValueError, RecursionError):
            # TypeError: a malformed keyword; RecursionError: a `$ref` loop that never narrows
            return self.reference.errors(schema, value)[:1]
        return [] if found is None else [found]

    def is_valid(self, schema: dict[str, Any], value: Any) -> bool:
        return not self.errors(schema, value)

    @property
    def reference(self) -> ReferenceChecker:
        if self._reference is None:
            self._reference = ReferenceChecker(self.document, self._components)
        return self._reference

    def _target(self, schema: Any) -> Any:
        if not self.openapi30:
            return schema
        cached = self._converted.get(id(schema))
        if cached is None or cached[0] is not schema:
            cached = self._converted[id(schema)] = (schema, to_json_schema(schema))
        return cached[1]

    def _resolve(self, ref: str) -> Any:
        if not ref.startswith("#/components/") or "%" in ref:
            raise _Unsupported(ref)
        node: Any = self._components
        try:
            for token in ref[len("#/components/") :].split("/"):
                key = unescape(token)
                node = node[int(key)] if type(node) is list and key.isdigit() else node[key]
        except (KeyError, TypeError, IndexError) as exc:
            raise _Unsupported(ref) from exc
        return node

    def _pattern(self, pattern: Any) -> Matcher:
        """The pattern in a linear-time engine (generator.schema.regex); one it cannot read
        is not checked (the normalize report names it), never run by a backtracking one."""
        compiled = self._patterns.get(pattern) if isinstance(pattern, str) else None
        if compiled is None:
            if not isinstance(pattern, str):
                raise _Unsupported("pattern")
            compiled = self._patterns[pattern] = matcher(pattern) or _ANYTHING
        return compiled

    def _check(self, schema: Any, value: Any, at: str) -> str | None:
        """The first error of `value` against `schema` as "pointer: message", else None."""
        if schema is True:
            return None
        if schema is False:
            return f"{at or '(root)'}: False schema does not allow {_show(value)}"
        if not isinstance(schema, dict):
            raise _Unsupported("schema is not an object")
        if not UNSUPPORTED.isdisjoint(schema):
            raise _Unsupported("keyword")
        ref = schema.get("$ref")
        if ref is not None:
            if not isinstance(ref, str):
                raise _Unsupported("$ref")
            found = self._check(self._resolve(ref), value, at)
            if found:
                return found
        kind = schema.get("type")
        if kind is not None:
            if isinstance(kind, str):
                typed = _type_ok(kind, value)
            elif isinstance(kind, list):
                typed = any(_type_ok(k, value) for k in kind)
            else:
                raise _Unsupported("type")
            if not typed:
                return f"{at or '(root)'}: {_show(value)} is not of type {_show(kind)}"
        where = at or "(root)"
        if "enum" in schema:
            options = schema["enum"]
            if not isinstance(options, list):
                raise _Unsupported("enum")
            if not self._one_of(value, options):
                return f"{where}: {_show(value)} is not one of {_show(options)}"
        if "const" in schema and not equal(value, schema["const"]):
            return f"{where}: {_show(schema['const'])} was expected"
        if isinstance(value, str):
            found = self._string(schema, value, where)
        elif _number(value):
            found = self._bounds(schema, value, where)
        elif isinstance(value, dict):
            found = self._object(schema, value, at)
        elif isinstance(value, list):
            found = self._array(schema, value, at)
        else:
            found = None
        if found:
            return found
        if "allOf" in schema or "anyOf" in schema or "oneOf" in schema or "not" in schema:
            return self._compositions(schema, value, at)
        return None

    def _string(self, schema: dict[str, Any], value: str, where: str) -> str | None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            return f"{where}: {_show(value)} is too short"
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"{where}: {_show(value)} is too long"
        if "pattern" in schema and not self._pattern(schema["pattern"]).search(value):
            return f"{where}: {_show(value)} does not match {_show(schema['pattern'])}"
        fmt = schema.get("format")
        if fmt is not None:
            if fmt in REFERENCE_FORMATS:
                raise _Unsupported(fmt)
            check = FORMAT_CHECKS.get(fmt)
            if check is not None and not check(value):
                return f"{where}: {_show(value)} is not a {_show(fmt)}"
        return None

    def _bounds(self, schema: dict[str, Any], value: float, where: str) -> str | None:
        for key, fails, text in _BOUNDS:
            if key in schema:
                bound = schema[key]
                if not _number(bound):
                    raise _Unsupported(key)
                if fails(value, bound):
                    return f"{where}: {value!r} is {text} {bound!r}"
        return None

    def _object(self, schema: dict[str, Any], value: dict[str, Any], at: str) -> str | None:
        where = at or "(root)"
        required = schema.get("required", [])
        if not isinstance(required, list):
            raise _Unsupported("required")
        for name in required:
            if name not in value:
                return f"{where}: {_show(name)} is a required property"
        for key, limit, text in _SIZES:
            if key in schema and limit(len(value), schema[key]):
                return f"{where}: {_show(value)} {text}"
        properties = schema.get("properties") or {}
        patterns = schema.get("patternProperties") or {}
        extra = schema.get("additionalProperties", True)
        unexpected = []
        for name, item in value.items():
            known = False
            if name in properties:
                known = True
                found = self._check(properties[name], item, _at(at, name))
                if found:
                    return found
            for pattern, sub in patterns.items():
                if self._pattern(pattern).search(name):
                    known = True
                    found = self._check(sub, item, _at(at, name))
                    if found:
                        return found
            if known or extra is True:
                continue
            if extra is False:
                unexpected.append(name)
                continue
            found = self._check(extra, item, _at(at, name))
            if found:
                return found
        if unexpected:
            names = ", ".join(repr(n) for n in unexpected)
            verb = "was" if len(unexpected) == 1 else "were"
            return f"{where}: Additional properties are not allowed ({names} {verb} unexpected)"
        return None

    def _array(self, schema: dict[str, Any], value: list[Any], at: str) -> str | None:
        where = at or "(root)"
        if "minItems" in schema and len(value) < schema["minItems"]:
            return (
                f"{where}: {_show(value)} should be non-empty"
                if schema["minItems"] == 1
                else f"{where}: {_show(value)} is too short"
            )
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return f"{where}: {_show(value)} is too long"
        if schema.get("uniqueItems") is True:
            for i, item in enumerate(value):
                if any(equal(item, other) for other in value[i + 1 :]):
                    return f"{where}: {_show(value)} has non-unique elements"
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", True)
        if not isinstance(prefix, list) or isinstance(items, list):
            raise _Unsupported("tuple items")
        for index, item in enumerate(value):
            sub = prefix[index] if index < len(prefix) else items
            found = self._check(sub, item, _at(at, index))
            if found:
                return found
        return None

    def _compositions(self, schema: dict[str, Any], value: Any, at: str) -> str | None:
        where = at or "(root)"
        all_of = schema.get("allOf")
        if all_of is not None:
            for sub in all_of:
                found = self._check(sub, value, at)
                if found:
                    return found
        any_of = schema.get("anyOf")
        if any_of is not None and all(self._check(sub, value, at) for sub in any_of):
            return f"{where}: {_show(value)} is not valid under any of the given schemas"
        one_of = schema.get("oneOf")
        if one_of is not None:
            matches = 0
            for sub in one_of:  # a second match settles it: the rest need not be checked
                if self._check(sub, value, at) is None:
                    matches += 1
                    if matches == 2:
                        break
            if matches != 1:
                how = "any of" if matches == 0 else "more than one of"
                return f"{where}: {_show(value)} is not valid under {how} the given schemas"
        if "not" in schema and self._check(schema["not"], value, at) is None:
            return f"{where}: {_show(value)} should not be valid under {_show(schema['not'])}"
        return None


def to_json_schema(schema: Any) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema 2020-12: nullable, boolean exclusive bounds."""
    if isinstance(schema, list):
        return [to_json_schema(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: to_json_schema(v) for k, v in schema.items() if k not in ("example", "examples")}
    for bound, flag in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
        if isinstance(out.get(flag), bool) and out.pop(flag) and bound in out:
            out[flag] = out.pop(bound)
    if out.pop("nullable", False) is True:
        if isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        if "$ref" in out or any(k in out for k in ("allOf", "anyOf", "oneOf")):
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def is_openapi30(document: dict[str, Any]) -> bool:
    return str(document.get("openapi", "")).startswith("3.0")


def json_schema_components(document: dict[str, Any]) -> Any:
    """The document's components as JSON Schema: OpenAPI 3.0's converted, 3.1's as they are."""
    components = document.get("components", {})
    return to_json_schema(components) if is_openapi30(document) else components


class ReferenceChecker:
    """The same checks by `jsonschema` (Draft 2020-12 with its format checker): every error."""

    def __init__(self, document: dict[str, Any], components: Any = None) -> None:
        """`components`: the document's, already in JSON Schema form (a Checker's), if at hand."""
        self.openapi30 = is_openapi30(document)
        self._components = json_schema_components(document) if components is None else components
        # id -> (schema, validator): holding the schema keeps its id from being reused.
        self._cache: dict[int, tuple[dict[str, Any], Any]] = {}

    def _validator(self, schema: dict[str, Any]) -> Any:
        from jsonschema import Draft202012Validator

        cached = self._cache.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        target = to_json_schema(schema) if self.openapi30 else copy.copy(schema)
        if isinstance(target, dict):
            target = {k: v for k, v in target.items() if k not in ("example", "examples")}
        root = {
            "components": self._components,
            "$defs": {"target": target},
            "$ref": "#/$defs/target",
        }
        validator = _linear_validator()(root, format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._cache[id(schema)] = (schema, validator)
        return validator

    def errors(self, schema: dict[str, Any], value: Any) -> list[str]:
        """Messages for each way `value` violates `schema` (empty when valid)."""
        from jsonschema.exceptions import SchemaError, UnknownType
        from referencing.exceptions import Unresolvable

        try:
            return [
                f"{'/'.join(str(p) for p in err.absolute_path) or '(root)'}: {err.message}"
                for err in self._validator(schema).iter_errors(value)
            ]
        except (
            SchemaError,
            UnknownType,
            Unresolvable,
            LookupError,
            AttributeError,
            TypeError,
            ValueError,
            RecursionError,
            re.error,
        ) as exc:
            return [f"schema cannot be checked: {type(exc).__name__}: {str(exc)[:200]}"]

    def is_valid(self, schema: dict[str, Any], value: Any) -> bool:
        return not self.errors(schema, value)


def _linear_validator() -> Any:
    """jsonschema's Draft 2020-12 validator with `pattern` and `patternProperties` matched by
    the linear-time engine (jsonschema's own use Python's backtracking `re`)."""
    global _LINEAR
    if _LINEAR is None:
        from jsonschema import Draft202012Validator, validators
        from jsonschema.exceptions import ValidationError

        def pattern(validator: Any, pattern: Any, instance: Any, schema: Any) -> Any:
            text = validator.is_type(instance, "string") and isinstance(pattern, str)
            if text and search(pattern, instance) is False:
                yield ValidationError(f"{instance!r} does not match {pattern!r}")

        def pattern_properties(validator: Any, patterns: Any, instance: Any, schema: Any) -> Any:
            if not validator.is_type(instance, "object"):
                return
            for pattern, subschema in patterns.items():
                for name, value in instance.items():
                    if search(pattern, name) is not False:
                        yield from validator.descend(
                            value, subschema, path=name, schema_path=pattern
                        )

        _LINEAR = validators.extend(  # type: ignore[no-untyped-call]
            Draft202012Validator, {"pattern": pattern, "patternProperties": pattern_properties}
        )
    return _LINEAR


_LINEAR: Any = None
