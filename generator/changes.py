"""What changed since the last generation, as people read it: the clients' next version (from
the API diff), CHANGES.md, and the pull request's body and title (`generate --summary FILE`)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import log
from generator.kinds import python_of
from generator.write import atomic_write, read_manifest

if TYPE_CHECKING:
    from generator.model import Api
    from generator.plan import ClientPlan
    from generator.stages import Built, NormalizedSpec
    from generator.versioning import Bump

CHANGES = "CHANGES.md"


def versioned_changes(
    folder: Path,
    spec: NormalizedSpec,
    locked: dict[str, Any],
    model: Api,
    plan: Callable[[], ClientPlan],
) -> tuple[Bump, str | None]:
    """The clients' next version and CHANGES.md (None when the API did not change): the
    normalized spec compared with the previous generation's in `folder`; without one, the
    lock's normalized hash says at least whether it changed."""
    from generator.lock import client_version
    from generator.versioning import bump, bump_unknown

    api, new_sha = spec.fetched.api, spec.verdict.normalized_sha256
    inputs = spec.fetched.inputs
    previous_version = client_version({api.name: locked}, api)
    distribution = python_of(api).distribution
    manifest = read_manifest(folder).get("inputs") or {}
    apigen_changed = bool(manifest) and any(
        manifest.get(k) != inputs[k] for k in ("code", "config")
    )
    try:
        text = (folder / "openapi.json").read_bytes()
        recorded = locked.get("normalized_sha256")
        if recorded and hashlib.sha256(text).hexdigest() != recorded:
            # a baseline that is not what the lock records (an output folder restored from a
            # CI cache, edited by hand): not trusted, so it cannot hide a change
            log.warn(
                f"{api.name}: {folder / 'openapi.json'} is not the spec the lock records; the "
                "API diff compares with the lock's sha256 alone"
            )
            raise ValueError("untrusted baseline")
        previous = json.loads(text)
    except (OSError, ValueError):
        old = locked.get("normalized_sha256")
        if old and old != new_sha:
            version = bump_unknown(previous_version)
            return version, (
                f"# API changes: {api.name}\n\n{version.headline(distribution)}\n\n"
                f"The API changed (normalized spec sha256 {old[:12]} -> {new_sha[:12]}); no "
                "previous spec was at hand to say how.\n"
            )
        return bump(previous_version, None, False), None
    from generator.diff import client_names, diff_models, to_markdown
    from generator.model import build_api
    from generator.stages import CLIENT_NAMES

    before = build_api(api, previous)
    try:  # the names the last generation's clients had (apigen's rule or the config may differ)
        old_names = dict(json.loads((folder / CLIENT_NAMES).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        had_clients = any(p.startswith("clients/") for p in read_manifest(folder).get("files", {}))
        old_names = _by_operation_id(before) if had_clients else client_names(before, api)
    names = (old_names, plan().client_names())  # the plan the clients are emitted from
    diff = diff_models(api.name, before, model, names)  # the new one: as emitted
    version = bump(previous_version, diff, apigen_changed)
    if diff.empty:
        return version, None
    return version, to_markdown(diff, version.headline(distribution))


def _by_operation_id(api: Api) -> dict[str, str]:
    """Clients generated before clients/names.json existed named each method
    after its operation id in its tag's group (`users.create_user`)."""
    from generator.schema.naming import snake

    return {op.key: f"{snake(op.tag)}.{op.name}" for op in api.operations}


def pr_title(built: Built) -> str:
    """The pull request's title for one API: "Permit.io API: 3 breaking changes, permit-api
    2.4.0 -> 3.0.0"."""
    api, bump = built.spec.fetched.api, built.bump
    what = bump.reason if bump.part != "none" else "changes"
    return f"{api.title}: {what}, {python_of(api).distribution} {bump.old} -> {bump.new}"


def write_summary(summary: Path, built: list[Built]) -> None:
    """FILE with every API's changes (a pull request body) and FILE's `.title` beside it: both
    present only when something changed, so CI can test for the file itself."""
    title = summary.with_name(summary.name.rsplit(".", 1)[0] + ".title")
    changed = [b for b in built if b.changes is not None]
    if changed:
        atomic_write(summary, "\n".join(str(b.changes) for b in changed).encode("utf-8"))
        atomic_write(title, ("; ".join(pr_title(b) for b in changed) + "\n").encode("utf-8"))
    else:
        summary.unlink(missing_ok=True)
        title.unlink(missing_ok=True)
