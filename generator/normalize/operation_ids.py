"""operation ids: short, unique, readable snake_case names for every operation.

FastAPI derives ids from function name, path and method, e.g.
`trigger_policy_update_policy_updater_trigger_post` for `POST /policy-updater/trigger`
in the PDP spec; the function name (`trigger_policy_update`) is what a person would call it.
"""

from __future__ import annotations

import re

from generator.normalize.base import Context, Document, Record
from generator.schema.naming import snake
from generator.schema.pointers import escape, operations

METHOD_VERBS = {
    "get": "get",
    "post": "create",
    "put": "replace",
    "patch": "update",
    "delete": "delete",
}
VERBS = {"get", "list", "create", "update", "replace", "delete", "remove", "set", "add"}


def fastapi_suffix(path: str, method: str) -> str:
    return re.sub(r"\W", "_", path) + "_" + method


def _base_name(op_id: str | None, path: str, method: str) -> tuple[str, bool]:
    """The readable name, and whether it had to be derived (FastAPI suffix or no id)."""
    if not op_id:
        words = [w for w in re.split(r"[^A-Za-z0-9]+", path) if w and not w.startswith("{")]
        return snake(f"{method}_{'_'.join(words[-2:])}"), True
    suffix = fastapi_suffix(path, method)
    if op_id.endswith(suffix) and len(op_id) > len(suffix):
        return snake(op_id[: -len(suffix)]), True
    return snake(op_id), False


def _static_segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s and not s.startswith("{") and s != "v2"]


def _qualified(name: str, op: dict[str, object], path: str, method: str, others: list[str]) -> str:
    """`list_access_requests` under /v2/elements/... -> `list_elements_access_requests`."""
    shared = set.intersection(*(set(_static_segments(p)) for p in others))
    segments = [s for s in _static_segments(path) if s not in shared]
    verb, _, rest = name.partition("_")
    if len(set(others)) == 1 and method in METHOD_VERBS:
        # Same path, other method (the PDP names GET and DELETE /callbacks/{key} alike).
        return f"{METHOD_VERBS[method]}_{rest}" if verb in VERBS and rest else f"{name}_{method}"
    qualifier = snake(segments[0]) if segments else ("deprecated" if op.get("deprecated") else "")
    if not qualifier:
        return name
    return f"{verb}_{qualifier}_{rest}" if rest else f"{name}_{qualifier}"


def _keeper(
    members: list[int], ops: list[tuple[str, str, dict[str, object]]], derived: list[bool]
) -> int | None:
    """Which of several same-named operations keeps the plain name: the only current one,
    else the only one whose id the API chose itself."""
    current = [i for i in members if not ops[i][2].get("deprecated")]
    if len(current) == 1:
        return current[0]
    chosen = [i for i in current or members if not derived[i]]
    return chosen[0] if len(chosen) == 1 else None


def operation_ids(document: Document, ctx: Context, record: Record) -> Document:
    ops = list(operations(document))
    wanted = [_base_name(op.get("operationId"), path, method) for path, method, op in ops]
    derived = [d for _, d in wanted]
    groups: dict[str, list[int]] = {}
    for index, (name, _) in enumerate(wanted):
        groups.setdefault(name, []).append(index)
    used: set[str] = set()
    for index, (path, method, op) in enumerate(ops):
        name = wanted[index][0]
        members = groups[name]
        if len(members) > 1 and _keeper(members, ops, derived) != index:
            # Same name twice: qualify by the path segment that tells them apart.
            name = _qualified(name, op, path, method, [ops[i][0] for i in members])
        while name in used:
            name = f"{name}_{method}"
        used.add(name)
        old = op.get("operationId")
        if old != name:
            op["operationId"] = name
            record.mapping[str(old or f"{method.upper()} {path}")] = name
            record.add(f"/paths/{escape(path)}/{method}/operationId", f"{old!r} -> {name!r}")
    return document
