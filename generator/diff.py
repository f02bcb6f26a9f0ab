"""A semantic diff of two normalized specs: what changed in the API, and whether it breaks clients.

Rules (also in the README):
- breaking: an operation or schema removed; a parameter removed, added as required, made required
  or given another type; a request body added as required or given another schema; a success
  response removed or given another schema; a property removed or given another type; a
  property made required; an enum value removed.
- not breaking: an operation or schema added; an optional parameter or property added; a
  parameter or property made optional; a response status added; an enum value added; an
  operation deprecated.
Descriptions, summaries and examples are not compared, so volatile example ids never show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config import ApiConfig
from generator.markdown import md_code, md_text
from generator.model import Operation, build_api


@dataclass(frozen=True)
class Finding:
    what: str
    breaking: bool


@dataclass
class OperationChange:
    method: str
    path: str
    name: str
    changes: list[Finding]


@dataclass
class SchemaChange:
    name: str
    changes: list[Finding]


@dataclass
class ApiDiff:
    api: str
    operations_added: list[tuple[str, str, str]] = field(default_factory=list)
    operations_removed: list[tuple[str, str, str]] = field(default_factory=list)
    operations_changed: list[OperationChange] = field(default_factory=list)
    schemas_added: list[str] = field(default_factory=list)
    schemas_removed: list[str] = field(default_factory=list)
    schemas_changed: list[SchemaChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.operations_added,
                self.operations_removed,
                self.operations_changed,
                self.schemas_added,
                self.schemas_removed,
                self.schemas_changed,
            )
        )

    def breaking(self) -> list[str]:
        out = [
            f"operation removed: {md_code(f'{m.upper()} {p}')}"
            for m, p, _ in self.operations_removed
        ]
        out += [f"schema removed: {md_code(n)}" for n in self.schemas_removed]
        out += [
            f"{md_code(f'{o.method.upper()} {o.path}')}: {c.what}"
            for o in self.operations_changed
            for c in o.changes
            if c.breaking
        ]
        out += [
            f"schema {md_code(s.name)}: {c.what}"
            for s in self.schemas_changed
            for c in s.changes
            if c.breaking
        ]
        return out


def fingerprint(schema: Any) -> str:
    """A short, comparable description of a schema's type (not its documentation)."""
    if not isinstance(schema, dict):
        return "any"
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return ref.rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list):
            joiner = " & " if key == "allOf" else " | "
            return "(" + joiner.join(sorted(fingerprint(s) for s in schema[key])) + ")"
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " | ".join(sorted(str(k) for k in kind))
    if kind == "array":
        return f"array<{fingerprint(schema.get('items'))}>"
    fmt = schema.get("format")
    return f"{kind}({fmt})" if fmt else str(kind)


NO_CONTENT = "no content"


def _shape(fingerprint: str) -> str:
    return fingerprint if fingerprint == NO_CONTENT else md_code(fingerprint)


def _params(op: Operation) -> dict[tuple[str, str], tuple[bool, str]]:
    """(name, location) -> (required, type): path-level parameters included, as the model has
    them."""
    return {(p.name, p.location): (p.required, fingerprint(p.schema)) for p in op.parameters}


def _body_schema(op: Operation) -> tuple[bool, bool, str]:
    """The body as clients send it: the model's media type (JSON first)."""
    if op.body is None:
        return False, False, ""
    return True, op.body.required, fingerprint(op.body.schema)


def _responses(op: Operation) -> dict[str, str]:
    return {r.status: fingerprint(r.schema) if r.media_type else NO_CONTENT for r in op.responses}


def _operation_changes(old: Operation, new: Operation) -> list[Finding]:
    changes: list[Finding] = []
    before, after = _params(old), _params(new)
    for key in after.keys() - before.keys():
        required = after[key][0]
        changes.append(
            Finding(
                f"parameter {md_code(key[0])} ({key[1]}) added, "
                f"{'required' if required else 'optional'}",
                required,
            )
        )
    for key in before.keys() - after.keys():
        changes.append(Finding(f"parameter {md_code(key[0])} ({key[1]}) removed", True))
    for key in before.keys() & after.keys():
        (was, old_type), (now, new_type) = before[key], after[key]
        if was != now:
            changes.append(
                Finding(
                    f"parameter {md_code(key[0])} ({key[1]}) made "
                    f"{'required' if now else 'optional'}",
                    now,
                )
            )
        if old_type != new_type:
            changes.append(
                Finding(
                    f"parameter {md_code(key[0])} ({key[1]}) type "
                    f"{md_code(old_type)} -> {md_code(new_type)}",
                    True,
                )
            )
    had, _, old_body = _body_schema(old)
    has, required, new_body = _body_schema(new)
    if has and not had:
        changes.append(
            Finding(
                f"request body added ({md_code(new_body)}), {'required' if required else 'optional'}",
                required,
            )
        )
    elif had and not has:
        changes.append(Finding("request body removed", False))
    elif had and old_body != new_body:
        changes.append(Finding(f"request body {md_code(old_body)} -> {md_code(new_body)}", True))
    old_responses, new_responses = _responses(old), _responses(new)
    for status in sorted(new_responses.keys() - old_responses.keys()):
        changes.append(
            Finding(f"response {md_text(status)} added ({_shape(new_responses[status])})", False)
        )
    for status in sorted(old_responses.keys() - new_responses.keys()):
        changes.append(Finding(f"response {md_text(status)} removed", status.startswith("2")))
    for status in sorted(old_responses.keys() & new_responses.keys()):
        if old_responses[status] != new_responses[status]:
            changes.append(
                Finding(
                    f"response {md_text(status)} {_shape(old_responses[status])} -> "
                    f"{_shape(new_responses[status])}",
                    status.startswith("2"),
                )
            )
    if new.deprecated and not old.deprecated:
        changes.append(Finding("deprecated", False))
    return sorted(changes, key=lambda c: (not c.breaking, c.what))


def _schema_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    changes: list[Finding] = []
    before, after = old.get("properties") or {}, new.get("properties") or {}
    required_before, required_after = set(old.get("required") or []), set(new.get("required") or [])
    for name in after.keys() - before.keys():
        required = name in required_after
        changes.append(
            Finding(f"property {md_code(name)} added{', required' if required else ''}", required)
        )
    for name in before.keys() - after.keys():
        changes.append(Finding(f"property {md_code(name)} removed", True))
    for name in before.keys() & after.keys():
        if fingerprint(before[name]) != fingerprint(after[name]):
            changes.append(
                Finding(
                    f"property {md_code(name)} type "
                    f"{md_code(fingerprint(before[name]))} -> {md_code(fingerprint(after[name]))}",
                    True,
                )
            )
    for name in sorted((required_after - required_before) & before.keys()):
        changes.append(Finding(f"property {md_code(name)} made required", True))
    for name in sorted((required_before - required_after) & after.keys()):
        changes.append(Finding(f"property {md_code(name)} made optional", False))
    if fingerprint({**old, "properties": None}) != fingerprint({**new, "properties": None}):
        changes.append(
            Finding(f"type {md_code(fingerprint(old))} -> {md_code(fingerprint(new))}", True)
        )
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        for value in [v for v in new_enum if v not in old_enum]:
            changes.append(Finding(f"enum value {md_code(repr(value))} added", False))
        for value in [v for v in old_enum if v not in new_enum]:
            changes.append(Finding(f"enum value {md_code(repr(value))} removed", True))
    return sorted(changes, key=lambda c: (not c.breaking, c.what))


def diff_documents(api: ApiConfig, old: dict[str, Any], new: dict[str, Any]) -> ApiDiff:
    """The API-level difference between two normalized documents, compared as the model sees
    them (the same parameters, media types and names every artefact has)."""
    result = ApiDiff(api.name)
    before, after = build_api(api, old), build_api(api, new)
    old_ops = {(o.method, o.path): o for o in before.operations}
    new_ops = {(o.method, o.path): o for o in after.operations}
    for key in sorted(new_ops.keys() - old_ops.keys(), key=lambda k: (k[1], k[0])):
        result.operations_added.append((key[0], key[1], new_ops[key].name))
    for key in sorted(old_ops.keys() - new_ops.keys(), key=lambda k: (k[1], k[0])):
        result.operations_removed.append((key[0], key[1], old_ops[key].name))
    for key in sorted(old_ops.keys() & new_ops.keys(), key=lambda k: (k[1], k[0])):
        changes = _operation_changes(old_ops[key], new_ops[key])
        if changes:
            result.operations_changed.append(
                OperationChange(key[0], key[1], new_ops[key].name, changes)
            )
    old_schemas, new_schemas = before.schemas.named, after.schemas.named
    result.schemas_added = sorted(new_schemas.keys() - old_schemas.keys())
    result.schemas_removed = sorted(old_schemas.keys() - new_schemas.keys())
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        changes = _schema_changes(old_schemas[name], new_schemas[name])
        if changes:
            result.schemas_changed.append(SchemaChange(name, changes))
    return result


def to_json(diff: ApiDiff) -> dict[str, Any]:
    def change(c: Finding) -> dict[str, Any]:
        return {"change": c.what, "breaking": c.breaking}

    return {
        "api": diff.api,
        "summary": summary(diff),
        "breaking": diff.breaking(),
        "operations": {
            "added": [
                {"method": m.upper(), "path": p, "operationId": n}
                for m, p, n in diff.operations_added
            ],
            "removed": [
                {"method": m.upper(), "path": p, "operationId": n}
                for m, p, n in diff.operations_removed
            ],
            "changed": [
                {
                    "method": o.method.upper(),
                    "path": o.path,
                    "operationId": o.name,
                    "changes": [change(c) for c in o.changes],
                }
                for o in diff.operations_changed
            ],
        },
        "schemas": {
            "added": diff.schemas_added,
            "removed": diff.schemas_removed,
            "changed": [
                {"name": s.name, "changes": [change(c) for c in s.changes]}
                for s in diff.schemas_changed
            ],
        },
    }


def summary(diff: ApiDiff) -> dict[str, int]:
    return {
        "breaking": len(diff.breaking()),
        "operations_added": len(diff.operations_added),
        "operations_removed": len(diff.operations_removed),
        "operations_changed": len(diff.operations_changed),
        "schemas_added": len(diff.schemas_added),
        "schemas_removed": len(diff.schemas_removed),
        "schemas_changed": len(diff.schemas_changed),
    }


def to_markdown(diff: ApiDiff) -> str:
    if diff.empty:
        return f"# API changes: {diff.api}\n\nNo API changes.\n"
    s = summary(diff)
    lines = [
        f"# API changes: {diff.api}",
        "",
        f"{s['breaking']} breaking change(s). Operations: {s['operations_added']} added, "
        f"{s['operations_removed']} removed, {s['operations_changed']} changed. Schemas: "
        f"{s['schemas_added']} added, {s['schemas_removed']} removed, {s['schemas_changed']} changed.",
    ]
    if diff.breaking():
        lines += ["", "## Breaking changes", "", *(f"- {b}" for b in diff.breaking())]
    for title, ops in (
        ("Operations added", diff.operations_added),
        ("Operations removed", diff.operations_removed),
    ):
        if ops:
            lines += [
                "",
                f"## {title} ({len(ops)})",
                "",
                *(f"- {md_code(f'{m.upper()} {p}')} ({md_code(n)})" for m, p, n in ops),
            ]
    if diff.operations_changed:
        lines += ["", f"## Operations changed ({len(diff.operations_changed)})"]
        for op in diff.operations_changed:
            lines += [
                "",
                f"### {md_code(f'{op.method.upper()} {op.path}')} ({md_code(op.name)})",
                "",
            ]
            lines += [f"- {c.what}{' **(breaking)**' if c.breaking else ''}" for c in op.changes]
    for title, names in (
        ("Schemas added", diff.schemas_added),
        ("Schemas removed", diff.schemas_removed),
    ):
        if names:
            lines += ["", f"## {title} ({len(names)})", "", ", ".join(md_code(n) for n in names)]
    if diff.schemas_changed:
        lines += ["", f"## Schemas changed ({len(diff.schemas_changed)})"]
        for schema in diff.schemas_changed:
            lines += ["", f"### {md_code(schema.name)}", ""]
            lines += [
                f"- {c.what}{' **(breaking)**' if c.breaking else ''}" for c in schema.changes
            ]
    return "\n".join(lines) + "\n"
