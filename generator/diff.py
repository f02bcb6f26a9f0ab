"""A semantic diff of two normalized specs: what changed in the API, and whom it breaks.

Every finding has a level (`breaking`, `warning`: potentially breaking, `info`) and two axes:
`wire_breaking` (an existing HTTP client's request or parse now fails) and `sdk_breaking` (code
written against the generated clients no longer compiles or changes meaning); `postman` marks
changes collection users see (an item's id or folder). Rules depend on where a schema is used:
what narrows a request breaks senders, what widens a response breaks readers (see README).

Schemas are compared by structure, not by name: a reference whose old and new targets are
structurally identical is a rename (an SDK change only), and `allOf` with one `$ref` is that
`$ref`. Descriptions, titles and examples are not compared, so volatile example ids never show.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from generator.config import ApiConfig
from generator.escape import md_code, md_text
from generator.model import SCHEMA_REF, Api, Operation, Parameter, build_api
from generator.schema.pointers import escape

LEVELS = ("breaking", "warning", "info")
REQUEST, RESPONSE = "request", "response"
CONSTRAINTS = (
    "pattern",
    "patternProperties",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "format",
    "multipleOf",
)
IGNORED = frozenset({"title", "description", "example", "examples", "externalDocs"})
COMPOSITIONS = ("allOf", "anyOf", "oneOf")


@dataclass(frozen=True)
class Finding:
    kind: str  # e.g. operation-removed, property-added-required, schema-renamed
    level: str  # breaking, warning, info
    wire_breaking: bool
    sdk_breaking: bool
    message: str  # one line of Markdown; spec text in code spans
    method: str | None = None
    path: str | None = None
    client_method: str | None = None
    schema: str | None = None
    old_pointer: str | None = None
    new_pointer: str | None = None
    postman: bool = False  # a Postman item's id or folder changes

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "level": self.level,
            "wire_breaking": self.wire_breaking,
            "sdk_breaking": self.sdk_breaking,
            "postman": self.postman,
            "message": self.message,
        }
        if self.method is not None:
            out["operation"] = {
                "method": self.method.upper(),
                "path": self.path,
                "client_method": self.client_method,
            }
        if self.schema is not None:
            out["schema"] = self.schema
        out["old_pointer"] = self.old_pointer
        out["new_pointer"] = self.new_pointer
        return out


@dataclass
class ApiDiff:
    api: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.findings

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    @property
    def wire_breaking(self) -> bool:
        return any(f.wire_breaking for f in self.findings)

    @property
    def sdk_breaking(self) -> bool:
        return any(f.sdk_breaking for f in self.findings)

    @property
    def additions(self) -> bool:
        return any(f.kind.endswith("-added") for f in self.findings)

    def breaking(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "breaking"]


def _level(wire: bool, sdk: bool, warning: bool = False) -> str:
    if wire or sdk:
        return "breaking"
    return "warning" if warning else "info"


# --- schemas: structure, usage and renames ------------------------------------------------


def unwrap(schema: Any) -> Any:
    """`allOf: [{$ref: X}]` (OpenAPI 3.0's way to annotate a reference) is `$ref: X`."""
    while (
        isinstance(schema, dict)
        and isinstance(schema.get("allOf"), list)
        and len(schema["allOf"]) == 1
        and isinstance(schema["allOf"][0], dict)
        and "$ref" in schema["allOf"][0]
    ):
        rest = {k: v for k, v in schema.items() if k != "allOf" and k not in IGNORED}
        schema = {**schema["allOf"][0], **{k: v for k, v in rest.items() if k == "nullable"}}
    return schema


def _ref_name(schema: Any) -> str | None:
    schema = unwrap(schema)
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref[len(SCHEMA_REF) :] if isinstance(ref, str) and ref.startswith(SCHEMA_REF) else None


def canonical(schema: Any, renames: dict[str, str]) -> Any:
    """A schema without documentation, references mapped through `renames`."""
    schema = unwrap(schema)
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in IGNORED or key.startswith("x-"):
                continue
            if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_REF):
                name = value[len(SCHEMA_REF) :]
                out[key] = SCHEMA_REF + renames.get(name, name)
            else:
                out[key] = canonical(value, renames)
        return out
    if isinstance(schema, list):
        return [canonical(v, renames) for v in schema]
    return schema


def _text(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def find_renames(old: dict[str, Any], new: dict[str, Any]) -> dict[str, str]:
    """old name -> new name for schemas removed and added with the same structure (references
    inside them may themselves be renames: matched until nothing more matches)."""
    removed = sorted(set(old) - set(new))
    added = sorted(set(new) - set(old))
    renames: dict[str, str] = {}
    while True:
        by_shape: dict[str, list[str]] = {}
        for name in added:
            if name not in renames.values():
                by_shape.setdefault(_text(canonical(new[name], {})), []).append(name)
        found = False
        for name in removed:
            if name in renames:
                continue
            shape = _text(canonical(old[name], renames))
            candidates = by_shape.get(shape)
            if candidates:
                renames[name] = candidates.pop(0)
                found = True
        if not found:
            return renames


def _named_refs(schema: Any) -> Iterator[str]:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = _ref_name(node)
            if name is not None:
                yield name
            stack.extend(v for k, v in node.items() if k not in IGNORED)
        elif isinstance(node, list):
            stack.extend(node)


def usage(api: Api) -> dict[str, set[str]]:
    """Schema name -> where it is reached from: `request` (bodies, parameters) and/or
    `response` (answers), through every reference."""
    named = api.schemas.named
    seeds: dict[str, set[str]] = {REQUEST: set(), RESPONSE: set()}
    for op in api.operations:
        if op.body is not None:
            seeds[REQUEST] |= set(_named_refs(op.body.schema))
        for param in op.parameters:
            seeds[REQUEST] |= set(_named_refs(param.schema))
        for response in op.responses:
            seeds[RESPONSE] |= set(_named_refs(response.schema))
    out: dict[str, set[str]] = {}
    for where, start in seeds.items():
        todo = list(start)
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen or name not in named:
                continue
            seen.add(name)
            todo.extend(_named_refs(named[name]))
        for name in seen:
            out.setdefault(name, set()).add(where)
    return out


# --- types: a comparable description, and whether one accepts all the other does ---------


def fingerprint(schema: Any, renames: dict[str, str] | None = None) -> str:
    """A short, comparable description of a schema's type (not its documentation)."""
    schema = unwrap(schema)
    if not isinstance(schema, dict):
        return "any"
    name = _ref_name(schema)
    if name is not None:
        return (renames or {}).get(name, name)
    for key in COMPOSITIONS:
        if isinstance(schema.get(key), list):
            joiner = " & " if key == "allOf" else " | "
            return "(" + joiner.join(sorted(fingerprint(s, renames) for s in schema[key])) + ")"
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " | ".join(sorted(str(k) for k in kind))
    if kind == "array":
        return f"array<{fingerprint(schema.get('items'), renames)}>"
    fmt = schema.get("format")
    return f"{kind}({fmt})" if fmt else str(kind)


def _types(schema: Any) -> set[str] | None:
    schema = unwrap(schema)
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if kind is None:
        branches = [b for key in ("anyOf", "oneOf") for b in schema.get(key) or []]
        if branches:
            found: set[str] = set()
            for branch in branches:
                inner = _types(branch)
                if inner is None:
                    return None
                found |= inner
            return found
        return None  # any
    kinds = set(kind) if isinstance(kind, list) else {kind}
    if schema.get("nullable"):
        kinds.add("null")
    return {str(k) for k in kinds}


def accepts(
    new: Any, old: Any, *, query: bool = False, renames: dict[str, str] | None = None
) -> bool:
    """Whether every value the old schema allows is allowed by the new one (a widening or no
    change); approximated on types, formats and the usual constraints. In a query string a value
    and a one-item list are written alike, so there T -> array<T> widens."""
    new, old = unwrap(new), unwrap(old)
    if _ref_name(new) is not None or _ref_name(old) is not None:
        old_name, new_name = _ref_name(old), _ref_name(new)
        return old_name is not None and (renames or {}).get(old_name, old_name) == new_name
    new_types, old_types = _types(new), _types(old)
    if new_types is None:
        return True
    if old_types is None:
        return False
    if query and new_types == {"array"} and "array" not in old_types:
        return accepts(new.get("items"), old, renames=renames)
    if "number" in new_types:
        new_types = new_types | {"integer"}
    if not old_types <= new_types:
        return False
    fmt = new.get("format")
    if fmt is not None and fmt != old.get("format"):
        return False
    if (
        new_types == {"array"}
        and old_types == {"array"}
        and not accepts(new.get("items"), old.get("items"), renames=renames)
    ):
        return False
    if isinstance(new.get("enum"), list) and (
        not isinstance(old.get("enum"), list)
        or not set(map(_text, old["enum"])) <= set(map(_text, new["enum"]))
    ):
        return False
    return not _tighter(new, old)


def _tighter(new: dict[str, Any], old: dict[str, Any]) -> bool:
    """A constraint the new schema adds or narrows."""
    for key in ("pattern", "patternProperties"):
        if key in new and _text(new[key]) != _text(old.get(key)):
            return True
    for key in ("maxLength", "maxItems", "maximum", "exclusiveMaximum"):
        if key in new and (key not in old or _num(new[key]) < _num(old[key])):
            return True
    for key in ("minLength", "minItems", "minimum", "exclusiveMinimum"):
        if key in new and (key not in old or _num(new[key]) > _num(old[key])):
            return True
    return False


def _num(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


# --- the comparison -----------------------------------------------------------------------


class _Differ:
    def __init__(self, config: ApiConfig, old: dict[str, Any], new: dict[str, Any]) -> None:
        from generator.emit.python.names import py_name

        self.py_name = py_name
        self.before, self.after = build_api(config, old), build_api(config, new)
        self.old_schemas, self.new_schemas = self.before.schemas.named, self.after.schemas.named
        self.renames = find_renames(self.old_schemas, self.new_schemas)
        self.old_usage, self.new_usage = usage(self.before), usage(self.after)
        self.findings: list[Finding] = []

    def add(
        self, kind: str, message: str, *, wire: bool, sdk: bool, warning: bool = False, **where: Any
    ) -> None:
        self.findings.append(Finding(kind, _level(wire, sdk, warning), wire, sdk, message, **where))

    # operations -------------------------------------------------------------------------

    def where(self, op: Operation) -> dict[str, Any]:
        return {"method": op.method, "path": op.path, "client_method": self.py_name(op.name)}

    @staticmethod
    def op_pointer(op: Operation, *more: str) -> str:
        return "/" + "/".join(["paths", escape(op.path), op.method, *map(escape, more)])

    def operations(self) -> None:
        old = {(o.method, o.path): o for o in self.before.operations}
        new = {(o.method, o.path): o for o in self.after.operations}
        old_names = {o.name: key for key, o in old.items()}
        for key in sorted(new.keys() - old.keys(), key=lambda k: (k[1], k[0])):
            op = new[key]
            self.add(
                "operation-added",
                f"operation {md_code(f'{op.method.upper()} {op.path}')} added",
                wire=False,
                sdk=False,
                new_pointer=self.op_pointer(op),
                **self.where(op),
            )
        for key in sorted(old.keys() - new.keys(), key=lambda k: (k[1], k[0])):
            op = old[key]
            self.add(
                "operation-removed",
                f"operation {md_code(f'{op.method.upper()} {op.path}')} removed",
                wire=True,
                sdk=True,
                postman=True,
                old_pointer=self.op_pointer(op),
                **self.where(op),
            )
        for key in sorted(old.keys() & new.keys(), key=lambda k: (k[1], k[0])):
            self.operation(old[key], new[key], old_names)

    def operation(
        self, old: Operation, new: Operation, old_names: dict[str, tuple[str, str]]
    ) -> None:
        where = {
            **self.where(new),
            "old_pointer": self.op_pointer(old),
            "new_pointer": self.op_pointer(new),
        }
        if old.name != new.name:
            reused = old_names.get(new.name)
            detail = ""
            if reused is not None and reused != (new.method, new.path):
                owner = f"{reused[0].upper()} {reused[1]}"
                detail = f"; the name {md_code(new.name)} belonged to {md_code(owner)}"
            self.add(
                "operation-id-reused" if detail else "operation-id-changed",
                f"operation id {md_code(old.name)} -> {md_code(new.name)}: the client method is renamed"
                + detail,
                wire=False,
                sdk=True,
                postman=True,
                **where,
            )
        if old.tag != new.tag:
            self.add(
                "tag-changed",
                f"tag {md_code(old.tag)} -> {md_code(new.tag)} (client group and Postman folder)",
                wire=False,
                sdk=self.py_name(old.tag) != self.py_name(new.tag),
                postman=True,
                **where,
            )
        if new.deprecated and not old.deprecated:
            self.add("operation-deprecated", "operation deprecated", wire=False, sdk=False, **where)
        self.parameters(old, new, where)
        self.body(old, new, where)
        self.responses(old, new, where)

    def parameters(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        before = {(p.name, p.location): p for p in old.parameters}
        after = {(p.name, p.location): p for p in new.parameters}
        for key in sorted(after.keys() - before.keys()):
            param = after[key]
            self.add(
                "parameter-added-required" if param.required else "parameter-added",
                f"parameter {md_code(key[0])} ({key[1]}) added, "
                f"{'required' if param.required else 'optional'}",
                wire=param.required,
                sdk=param.required,
                **where,
            )
        for key in sorted(before.keys() - after.keys()):
            self.add(
                "parameter-removed",
                f"parameter {md_code(key[0])} ({key[1]}) removed: callers that pass it break",
                wire=False,
                sdk=True,
                **where,
            )
        for key in sorted(before.keys() & after.keys()):
            self.parameter(before[key], after[key], where)

    def parameter(self, old: Parameter, new: Parameter, where: dict[str, Any]) -> None:
        label = f"parameter {md_code(old.name)} ({old.location})"
        if old.required != new.required:
            self.add(
                "parameter-made-required" if new.required else "parameter-made-optional",
                f"{label} made {'required' if new.required else 'optional'}",
                wire=new.required,
                sdk=new.required,
                **where,
            )
        old_type = fingerprint(old.schema, self.renames)
        new_type = fingerprint(new.schema, self.renames)
        if old_type != new_type:
            wider = accepts(
                new.schema, old.schema, query=new.location == "query", renames=self.renames
            )
            self.add(
                "parameter-type-widened" if wider else "parameter-type-changed",
                f"{label} type {md_code(old_type)} -> {md_code(new_type)}"
                + (" (wider: every old value still valid)" if wider else ""),
                wire=not wider,
                sdk=self._annotation(old, self.before) != self._annotation(new, self.after),
                **where,
            )
        elif _tighter(unwrap(new.schema) or {}, unwrap(old.schema) or {}):
            self.add(
                "parameter-constraint-added",
                f"{label}: a constraint narrows what is accepted",
                wire=True,
                sdk=False,
                **where,
            )
        if new.deprecated and not old.deprecated:
            self.add("parameter-deprecated", f"{label} deprecated", wire=False, sdk=False, **where)
        if old.has_default != new.has_default or _text(old.default) != _text(new.default):
            self.add(
                "parameter-default-changed",
                f"{label} default {md_code(_text(old.default) if old.has_default else '(none)')} -> "
                f"{md_code(_text(new.default) if new.has_default else '(none)')}",
                wire=False,
                sdk=False,
                warning=True,
                **where,
            )

    @staticmethod
    def _annotation(param: Parameter, api: Api) -> str:
        """The parameter's Python annotation: what code written against the client sees."""
        from generator.emit.python.types import param_annotation
        from generator.plan import parameter_type

        return param_annotation(parameter_type(api.schemas, param.schema)).text

    def body(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        if new.body is not None and old.body is None:
            required = new.body.required
            self.add(
                "request-body-added",
                f"request body added ({md_code(fingerprint(new.body.schema, self.renames))}), "
                f"{'required' if required else 'optional'}",
                wire=required,
                sdk=required,
                **where,
            )
        elif old.body is not None and new.body is None:
            self.add("request-body-removed", "request body removed", wire=False, sdk=True, **where)
        elif old.body is not None and new.body is not None:
            self.reference("request body", old.body.schema, new.body.schema, REQUEST, where)

    def responses(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        before = {r.status: r for r in old.responses}
        after = {r.status: r for r in new.responses}
        for status in sorted(after.keys() - before.keys()):
            response = after[status]
            shape = (
                fingerprint(response.schema, self.renames) if response.media_type else "no content"
            )
            self.add(
                "response-added",
                f"response {md_text(status)} added ({md_code(shape) if response.media_type else shape})",
                wire=False,
                sdk=False,
                **where,
            )
        for status in sorted(before.keys() - after.keys()):
            success = status.startswith("2")
            self.add(
                "response-removed",
                f"response {md_text(status)} removed",
                wire=success,
                sdk=success,
                **where,
            )
        for status in sorted(before.keys() & after.keys()):
            if not status.startswith("2"):
                continue
            old_r, new_r = before[status], after[status]
            if bool(old_r.media_type) != bool(new_r.media_type):
                self.add(
                    "response-changed",
                    f"response {md_text(status)} now {'has' if new_r.media_type else 'has no'} content",
                    wire=True,
                    sdk=True,
                    **where,
                )
            elif old_r.media_type:
                self.reference(f"response {status}", old_r.schema, new_r.schema, RESPONSE, where)

    def reference(self, label: str, old: Any, new: Any, usage_: str, where: dict[str, Any]) -> None:
        """A body or answer schema: the same, renamed, or retyped."""
        old_name, new_name = _ref_name(old), _ref_name(new)
        if old_name is not None and new_name is not None:
            if old_name == new_name:
                return  # its changes are reported on the schema
            if self.renames.get(old_name) == new_name:
                self.add(
                    "schema-renamed",
                    f"{label}: {md_code(old_name)} renamed {md_code(new_name)} (same structure)",
                    wire=False,
                    sdk=True,
                    **where,
                )
                return
        old_type, new_type = fingerprint(old, self.renames), fingerprint(new, self.renames)
        if old_type == new_type:
            return
        wider = (
            accepts(new, old, renames=self.renames)
            if usage_ == REQUEST
            else accepts(old, new, renames={v: k for k, v in self.renames.items()})
        )
        self.add(
            f"{'request-body' if usage_ == REQUEST else 'response'}-type-changed",
            f"{label} {md_code(old_type)} -> {md_code(new_type)}",
            wire=not wider,
            sdk=True,
            **where,
        )

    # schemas ----------------------------------------------------------------------------

    def schemas(self) -> None:
        old, new = self.old_schemas, self.new_schemas
        renamed = set(self.renames.values())
        for name in sorted(set(new) - set(old) - renamed):
            self.add(
                "schema-added",
                f"schema {md_code(name)} added",
                wire=False,
                sdk=False,
                schema=name,
                new_pointer=_schema_pointer(name),
            )
        for name in sorted(set(old) - set(new)):
            if name in self.renames:
                self.add(
                    "schema-renamed",
                    f"schema {md_code(name)} renamed {md_code(self.renames[name])} (same structure)",
                    wire=False,
                    sdk=True,
                    schema=name,
                    old_pointer=_schema_pointer(name),
                    new_pointer=_schema_pointer(self.renames[name]),
                )
                continue
            self.add(
                "schema-removed",
                f"schema {md_code(name)} removed (its model or type is gone)",
                wire=False,
                sdk=True,
                schema=name,
                old_pointer=_schema_pointer(name),
            )
        for name in sorted(set(old) & set(new)):
            used = self.old_usage.get(name, set()) | self.new_usage.get(name, set())
            _SchemaDiffer(self, name, used).compare(old[name], new[name], ())


def _schema_pointer(name: str, *more: str | int) -> str:
    return "/" + "/".join(["components", "schemas", escape(name), *(escape(str(m)) for m in more)])


class _SchemaDiffer:
    """One schema's changes, classified by where it is used."""

    def __init__(self, differ: _Differ, name: str, used: set[str]) -> None:
        self.differ = differ
        self.name = name
        self.request = REQUEST in used
        self.response = RESPONSE in used or not used  # an unused schema: judged as an answer

    def add(
        self,
        kind: str,
        message: str,
        path: tuple[str | int, ...],
        *,
        request: tuple[bool, bool, bool],
        response: tuple[bool, bool, bool],
        sdk: bool = False,
    ) -> None:
        """`request` / `response`: (wire_breaking, warning, sdk) where the schema is used so."""
        wire = (self.request and request[0]) or (self.response and response[0])
        warning = (self.request and request[1]) or (self.response and response[1])
        sdk = sdk or (self.request and request[2]) or (self.response and response[2])
        where = (
            "request and response"
            if self.request and RESPONSE in self.differ.new_usage.get(self.name, ())
            else ("request" if self.request else "response")
        )
        self.differ.add(
            kind,
            f"schema {md_code(self.name)}"
            + (f" {md_code('.'.join(map(str, path)))}" if path else "")
            + f": {message} (used in {where})",
            wire=wire,
            sdk=sdk,
            warning=warning,
            schema=self.name,
            old_pointer=_schema_pointer(self.name, *path),
            new_pointer=_schema_pointer(self.name, *path),
        )

    def compare(self, old: Any, new: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        if path:  # a property's own annotations sit beside its reference, before unwrapping
            self.annotations(old, new, path)
        old, new = unwrap(old), unwrap(new)
        renames = self.differ.renames
        old_ref, new_ref = _ref_name(old), _ref_name(new)
        if old_ref is not None or new_ref is not None:
            if old_ref is not None and renames.get(old_ref, old_ref) == new_ref:
                return
            if fingerprint(old, renames) != fingerprint(new, renames):
                self.retyped(old, new, path)
            return
        if fingerprint(old, renames) != fingerprint(new, renames):
            self.retyped(old, new, path)
            return
        self.properties(old, new, path)
        self.enum(old, new, path)
        self.constraints(old, new, path)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.compare(old["items"], new["items"], (*path, "items"))

    def annotations(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        """A property's default (what the server assumes when a request leaves it out) and
        its deprecation."""
        if _text(old.get("default")) != _text(new.get("default")):
            before = _text(old["default"]) if "default" in old else "(none)"
            after = _text(new["default"]) if "default" in new else "(none)"
            self.add(
                "default-changed",
                f"default {md_code(before)} -> {md_code(after)}",
                path,
                request=(False, True, False),
                response=(False, False, False),
            )
        if new.get("deprecated") and not old.get("deprecated"):
            self.add(
                "property-deprecated",
                "deprecated",
                path,
                request=(False, False, False),
                response=(False, False, False),
            )

    def retyped(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        renames = self.differ.renames
        old_type, new_type = fingerprint(old, renames), fingerprint(new, renames)
        if old_type == new_type:
            return
        widened = accepts(new, old, renames=renames)
        narrowed = accepts(old, new, renames={v: k for k, v in renames.items()})
        self.add(
            "type-changed",
            f"type {md_code(old_type)} -> {md_code(new_type)}"
            + (" (wider)" if widened else " (narrower)" if narrowed else ""),
            path,
            request=(not widened, False, True),
            response=(not narrowed, False, True),
        )

    def properties(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        before: dict[str, Any] = (
            old["properties"] if isinstance(old.get("properties"), dict) else {}
        )
        after: dict[str, Any] = new["properties"] if isinstance(new.get("properties"), dict) else {}
        req_before = set(old.get("required") or [])
        req_after = set(new.get("required") or [])
        for prop in sorted(after.keys() - before.keys()):
            required = prop in req_after
            self.add(
                "property-added-required" if required else "property-added",
                f"property added{', required' if required else ''}",
                (*path, "properties", prop),
                request=(required, False, required),
                response=(False, False, False),
            )
        for prop in sorted(before.keys() - after.keys()):
            was_required = prop in req_before
            self.add(
                "property-removed",
                "property removed",
                (*path, "properties", prop),
                request=(True, False, True),
                response=(was_required, not was_required, True),
            )
        for prop in sorted(before.keys() & after.keys()):
            where = (*path, "properties", prop)
            if prop in req_after and prop not in req_before:
                self.add(
                    "property-made-required",
                    "property made required",
                    where,
                    request=(True, False, True),
                    response=(False, False, False),
                )
            elif prop in req_before and prop not in req_after:
                self.add(
                    "property-made-optional",
                    "property made optional",
                    where,
                    request=(False, False, False),
                    response=(True, False, True),
                )
            self.compare(before[prop], after[prop], where)

    def enum(self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]) -> None:
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if not isinstance(old_enum, list) or not isinstance(new_enum, list):
            return
        old_values, new_values = list(map(_text, old_enum)), list(map(_text, new_enum))
        for value in [v for v in new_values if v not in old_values]:
            self.add(
                "enum-value-added",
                f"enum value {md_code(value)} added",
                path,
                request=(False, False, False),
                response=(False, True, False),
            )
        for value in [v for v in old_values if v not in new_values]:
            self.add(
                "enum-value-removed",
                f"enum value {md_code(value)} removed",
                path,
                request=(True, False, True),
                response=(False, False, True),
            )

    def constraints(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        for key in CONSTRAINTS:
            before, after = old.get(key), new.get(key)
            if (before == after and type(before) is type(after)) or _text(before) == _text(after):
                continue
            if before is None:
                kind, what = "constraint-added", f"{key} {md_code(_text(after))} added"
                tighter = True
            elif after is None:
                kind, what = "constraint-removed", f"{key} {md_code(_text(before))} removed"
                tighter = False
            else:
                kind = "constraint-changed"
                what = f"{key} {md_code(_text(before))} -> {md_code(_text(after))}"
                tighter = _tighter({key: after}, {key: before}) or key in (
                    "pattern",
                    "format",
                    "patternProperties",
                    "multipleOf",
                )
            self.add(
                kind,
                what,
                path,
                request=(tighter, False, False),
                response=(False, not tighter, False),
            )


def diff_documents(api: ApiConfig, old: dict[str, Any], new: dict[str, Any]) -> ApiDiff:
    """The API-level difference between two normalized documents, compared as the model sees
    them (the same parameters, media types and names every artefact has)."""
    differ = _Differ(api, old, new)
    differ.operations()
    differ.schemas()
    order = {level: i for i, level in enumerate(LEVELS)}
    findings = sorted(
        differ.findings,
        key=lambda f: (
            order[f.level],
            f.path or "",
            f.method or "",
            f.schema or "",
            f.kind,
            f.message,
        ),
    )
    return ApiDiff(api.name, findings)


# --- output --------------------------------------------------------------------------------


def summary(diff: ApiDiff) -> dict[str, Any]:
    return {
        "breaking": diff.count("breaking"),
        "warning": diff.count("warning"),
        "info": diff.count("info"),
        "wire_breaking": sum(f.wire_breaking for f in diff.findings),
        "sdk_breaking": sum(f.sdk_breaking for f in diff.findings),
    }


def to_json(diff: ApiDiff) -> dict[str, Any]:
    return {
        "api": diff.api,
        "summary": summary(diff),
        "findings": [f.to_json() for f in diff.findings],
    }


def _axes(finding: Finding) -> str:
    axes = [
        name
        for name, on in (
            ("wire", finding.wire_breaking),
            ("SDK", finding.sdk_breaking),
            ("Postman", finding.postman),
        )
        if on
    ]
    return f" [{', '.join(axes)}]" if axes else ""


def _subject(finding: Finding) -> str:
    if finding.method is not None:
        return (
            f"{md_code(f'{finding.method.upper()} {finding.path}')} "
            f"({md_code(finding.client_method or '')}): "
        )
    return ""


def to_markdown(diff: ApiDiff, headline: str | None = None) -> str:
    lines = [f"# API changes: {diff.api}", ""]
    if headline:
        lines += [headline, ""]
    if diff.empty:
        return "\n".join([*lines, "No API changes."]) + "\n"
    s = summary(diff)
    lines.append(
        f"{s['breaking']} breaking ({s['wire_breaking']} for HTTP clients, {s['sdk_breaking']} for "
        f"code using the generated clients), {s['warning']} warning(s), {s['info']} info."
    )
    titles = {"breaking": "Breaking", "warning": "Warnings (potentially breaking)", "info": "Info"}
    for level in LEVELS:
        found = [f for f in diff.findings if f.level == level]
        if not found:
            continue
        lines += ["", f"## {titles[level]} ({len(found)})", ""]
        lines += [f"- {_subject(f)}{f.message}{_axes(f)}" for f in found]
    return "\n".join(lines) + "\n"
