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

from generator.schema.pointers import operations


@dataclass(frozen=True)
class Change:
    what: str
    breaking: bool


@dataclass
class OperationChange:
    method: str
    path: str
    name: str
    changes: list[Change]


@dataclass
class SchemaChange:
    name: str
    changes: list[Change]


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
        out = [f"operation removed: `{m.upper()} {p}`" for m, p, _ in self.operations_removed]
        out += [f"schema removed: `{n}`" for n in self.schemas_removed]
        out += [
            f"`{o.method.upper()} {o.path}`: {c.what}"
            for o in self.operations_changed
            for c in o.changes
            if c.breaking
        ]
        out += [
            f"schema `{s.name}`: {c.what}"
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


def _ops(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(method, path): op for path, method, op in operations(document)}


def _params(op: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (str(p.get("name")), str(p.get("in"))): p
        for p in op.get("parameters") or []
        if isinstance(p, dict)
    }


def _body_schema(op: dict[str, Any]) -> tuple[bool, bool, str]:
    body = op.get("requestBody")
    if not isinstance(body, dict):
        return False, False, ""
    media: dict[str, Any] = next(iter((body.get("content") or {}).values()), {})
    return True, bool(body.get("required")), fingerprint(media.get("schema"))


def _responses(op: dict[str, Any]) -> dict[str, str]:
    out = {}
    for status, response in (op.get("responses") or {}).items():
        media: dict[str, Any] = next(iter(((response or {}).get("content") or {}).values()), {})
        out[str(status)] = fingerprint(media.get("schema")) if media else "no content"
    return out


def _operation_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    before, after = _params(old), _params(new)
    for key in after.keys() - before.keys():
        required = bool(after[key].get("required"))
        changes.append(
            Change(
                f"parameter `{key[0]}` ({key[1]}) added, {'required' if required else 'optional'}",
                required,
            )
        )
    for key in before.keys() - after.keys():
        changes.append(Change(f"parameter `{key[0]}` ({key[1]}) removed", True))
    for key in before.keys() & after.keys():
        was, now = bool(before[key].get("required")), bool(after[key].get("required"))
        if was != now:
            changes.append(
                Change(
                    f"parameter `{key[0]}` ({key[1]}) made {'required' if now else 'optional'}", now
                )
            )
        old_type, new_type = (
            fingerprint(before[key].get("schema")),
            fingerprint(after[key].get("schema")),
        )
        if old_type != new_type:
            changes.append(
                Change(f"parameter `{key[0]}` ({key[1]}) type {old_type} -> {new_type}", True)
            )
    had, _, old_body = _body_schema(old)
    has, required, new_body = _body_schema(new)
    if has and not had:
        changes.append(
            Change(
                f"request body added ({new_body}), {'required' if required else 'optional'}",
                required,
            )
        )
    elif had and not has:
        changes.append(Change("request body removed", False))
    elif had and old_body != new_body:
        changes.append(Change(f"request body {old_body} -> {new_body}", True))
    old_responses, new_responses = _responses(old), _responses(new)
    for status in sorted(new_responses.keys() - old_responses.keys()):
        changes.append(Change(f"response {status} added ({new_responses[status]})", False))
    for status in sorted(old_responses.keys() - new_responses.keys()):
        changes.append(Change(f"response {status} removed", status.startswith("2")))
    for status in sorted(old_responses.keys() & new_responses.keys()):
        if old_responses[status] != new_responses[status]:
            changes.append(
                Change(
                    f"response {status} {old_responses[status]} -> {new_responses[status]}",
                    status.startswith("2"),
                )
            )
    if new.get("deprecated") and not old.get("deprecated"):
        changes.append(Change("deprecated", False))
    return sorted(changes, key=lambda c: (not c.breaking, c.what))


def _schema_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    before, after = old.get("properties") or {}, new.get("properties") or {}
    required_before, required_after = set(old.get("required") or []), set(new.get("required") or [])
    for name in after.keys() - before.keys():
        required = name in required_after
        changes.append(
            Change(f"property `{name}` added{', required' if required else ''}", required)
        )
    for name in before.keys() - after.keys():
        changes.append(Change(f"property `{name}` removed", True))
    for name in before.keys() & after.keys():
        if fingerprint(before[name]) != fingerprint(after[name]):
            changes.append(
                Change(
                    f"property `{name}` type {fingerprint(before[name])} -> {fingerprint(after[name])}",
                    True,
                )
            )
    for name in sorted((required_after - required_before) & before.keys()):
        changes.append(Change(f"property `{name}` made required", True))
    for name in sorted((required_before - required_after) & after.keys()):
        changes.append(Change(f"property `{name}` made optional", False))
    if fingerprint({**old, "properties": None}) != fingerprint({**new, "properties": None}):
        changes.append(Change(f"type {fingerprint(old)} -> {fingerprint(new)}", True))
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if isinstance(old_enum, list) and isinstance(new_enum, list):
        for value in [v for v in new_enum if v not in old_enum]:
            changes.append(Change(f"enum value {value!r} added", False))
        for value in [v for v in old_enum if v not in new_enum]:
            changes.append(Change(f"enum value {value!r} removed", True))
    return sorted(changes, key=lambda c: (not c.breaking, c.what))


def diff_documents(api: str, old: dict[str, Any], new: dict[str, Any]) -> ApiDiff:
    """The API-level difference between two normalized documents."""
    result = ApiDiff(api)
    old_ops, new_ops = _ops(old), _ops(new)
    for key in sorted(new_ops.keys() - old_ops.keys(), key=lambda k: (k[1], k[0])):
        result.operations_added.append((key[0], key[1], str(new_ops[key].get("operationId", ""))))
    for key in sorted(old_ops.keys() - new_ops.keys(), key=lambda k: (k[1], k[0])):
        result.operations_removed.append((key[0], key[1], str(old_ops[key].get("operationId", ""))))
    for key in sorted(old_ops.keys() & new_ops.keys(), key=lambda k: (k[1], k[0])):
        changes = _operation_changes(old_ops[key], new_ops[key])
        if changes:
            result.operations_changed.append(
                OperationChange(key[0], key[1], str(new_ops[key].get("operationId", "")), changes)
            )
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    result.schemas_added = sorted(new_schemas.keys() - old_schemas.keys())
    result.schemas_removed = sorted(old_schemas.keys() - new_schemas.keys())
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        changes = _schema_changes(old_schemas[name], new_schemas[name])
        if changes:
            result.schemas_changed.append(SchemaChange(name, changes))
    return result


def to_json(diff: ApiDiff) -> dict[str, Any]:
    def change(c: Change) -> dict[str, Any]:
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
                *(f"- `{m.upper()} {p}` (`{n}`)" for m, p, n in ops),
            ]
    if diff.operations_changed:
        lines += ["", f"## Operations changed ({len(diff.operations_changed)})"]
        for op in diff.operations_changed:
            lines += ["", f"### `{op.method.upper()} {op.path}` (`{op.name}`)", ""]
            lines += [f"- {c.what}{' **(breaking)**' if c.breaking else ''}" for c in op.changes]
    for title, names in (
        ("Schemas added", diff.schemas_added),
        ("Schemas removed", diff.schemas_removed),
    ):
        if names:
            lines += ["", f"## {title} ({len(names)})", "", ", ".join(f"`{n}`" for n in names)]
    if diff.schemas_changed:
        lines += ["", f"## Schemas changed ({len(diff.schemas_changed)})"]
        for schema in diff.schemas_changed:
            lines += ["", f"### `{schema.name}`", ""]
            lines += [
                f"- {c.what}{' **(breaking)**' if c.breaking else ''}" for c in schema.changes
            ]
    return "\n".join(lines) + "\n"
