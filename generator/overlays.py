"""OpenAPI Overlay 1.0: API-specific facts the spec gets wrong, applied to the fetched spec before
the normalization passes (https://spec.openapis.org/overlay/v1.0.0.html).

An overlay is a document `{overlay: 1.0.x, info: {title, version}, actions: [...]}`; each action
has an RFC 9535 JSONPath `target`, an optional `description`, and either `remove: true` (the
selected nodes are removed from their parents) or `update` (merged into each selected object,
recursively for objects, other values replaced; appended to each selected array).

Resolving targets needs a JSONPath library (and YAML for the files): together 80 ms of imports.
The nodes each action selected are kept in the cache, keyed by the spec's and the overlay's
sha256 and the library version, so a later run over the same inputs applies the same actions
without either import. An action that selects nothing is a warning in the normalize report, and
an error with `--strict`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import SpecError, UsageError
from generator.schema.pointers import pointer
from generator.write import atomic_write

Location = tuple[str | int, ...]


class Action(NamedTuple):
    number: int  # its index in the overlay's actions
    target: str
    description: str
    update: Any
    has_update: bool
    remove: bool


class Overlay(NamedTuple):
    path: Path
    title: str
    actions: tuple[Action, ...]
    sha256: str


class Applied(NamedTuple):
    """What one action did: the nodes it selected (as JSON pointers)."""

    overlay: str
    number: int
    target: str
    description: str
    kind: str  # update or remove
    pointers: tuple[str, ...]


def _fail(path: Path, message: str) -> UsageError:
    return UsageError(f"{path}: {message}")


def _parse(path: Path, raw: bytes) -> Any:
    try:
        if path.suffix == ".json":
            return json.loads(raw)
        import yaml

        return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except ValueError as exc:
        raise _fail(path, f"invalid JSON: {exc}") from None
    except Exception as exc:  # yaml.YAMLError and its subclasses
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise _fail(path, f"invalid YAML: {problem}") from None


def _compile(path: Path, index: int, target: str) -> Any:
    import jsonpath_rfc9535 as jsonpath

    try:
        return jsonpath.compile(target)
    except jsonpath.JSONPathError as exc:
        raise _fail(path, f"action {index}: bad JSONPath {target!r}: {exc}") from None


def load_overlay(path: Path, raw: bytes) -> Overlay:
    """Parse and check an overlay document; every problem is exit 2 naming the file and action."""
    data = _parse(path, raw)
    if not isinstance(data, dict) or not str(data.get("overlay", "")).startswith("1."):
        raise _fail(path, "not an OpenAPI Overlay 1.x document (no `overlay: 1.0.0`)")
    info = data.get("info")
    if not isinstance(info, dict) or not isinstance(info.get("title"), str):
        raise _fail(path, "`info.title` is required")
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise _fail(path, "`actions` must be a non-empty list")
    actions = []
    for index, item in enumerate(raw_actions):
        if not isinstance(item, dict):
            raise _fail(path, f"action {index}: must be an object")
        unknown = sorted(k for k in item if k not in ("target", "description", "update", "remove"))
        if [k for k in unknown if not k.startswith("x-")]:
            raise _fail(path, f"action {index}: unknown key(s) {', '.join(unknown)}")
        target = item.get("target")
        if not isinstance(target, str) or not target.startswith("$"):
            raise _fail(path, f"action {index}: `target` must be a JSONPath starting with $")
        remove = item.get("remove", False)
        if not isinstance(remove, bool):
            raise _fail(path, f"action {index}: `remove` must be true or false")
        if not remove and "update" not in item:
            raise _fail(path, f"action {index}: needs `update` or `remove: true`")
        actions.append(
            Action(
                number=index,
                target=target,
                description=str(item.get("description") or ""),
                update=item.get("update"),
                has_update="update" in item,
                remove=remove,
            )
        )
    return Overlay(path, info["title"], tuple(actions), hashlib.sha256(raw).hexdigest())


def merge(target: Any, update: Any) -> Any:
    """`update` merged into `target`: objects recursively, anything else replaced."""
    if isinstance(target, dict) and isinstance(update, dict):
        for key, value in update.items():
            target[key] = merge(target[key], value) if key in target else copy.deepcopy(value)
        return target
    return copy.deepcopy(update)


def _parent(document: Any, location: Location) -> Any:
    node = document
    for key in location[:-1]:
        node = node[key]
    return node


def _apply(document: Any, action: Action, locations: list[Location]) -> None:
    if action.remove:
        # Deepest and last first, so removing one node never moves another that is selected.
        for location in sorted(locations, key=lambda loc: (len(loc), loc), reverse=True):
            if not location:
                continue  # the root cannot be removed
            parent = _parent(document, location)
            key = location[-1]
            if isinstance(parent, list) and isinstance(key, int) and key < len(parent):
                del parent[key]
            elif isinstance(parent, dict):
                parent.pop(key, None)
        return
    for location in locations:
        parent = _parent(document, location) if location else None
        node = parent[location[-1]] if parent is not None else document
        if isinstance(node, list):
            node.append(copy.deepcopy(action.update))
        elif isinstance(node, dict) and isinstance(action.update, dict):
            merge(node, action.update)
        elif parent is not None:
            parent[location[-1]] = copy.deepcopy(action.update)
    # (`merge` and the appends copy what they insert: an update applied to several nodes, or
    # kept in the cache, is never shared with the document.)


def _select(overlay: Overlay, action: Action, document: Any) -> list[Location]:
    query = _compile(overlay.path, action.number, action.target)
    return [tuple(node.location) for node in query.finditer(document)]


class Overlays:
    """The overlays of one API, read once; applied in order to a fetched spec."""

    def __init__(self, paths: tuple[Path, ...], cache: Path | None) -> None:
        self.paths = paths
        self.cache = cache
        self.raw: list[tuple[Path, bytes]] = []
        for path in paths:
            try:
                self.raw.append((path, path.read_bytes()))
            except OSError as exc:
                raise _fail(path, f"cannot read overlay: {exc.strerror}") from None

    @property
    def sha256(self) -> str:
        digest = hashlib.sha256()
        for path, raw in self.raw:
            digest.update(path.name.encode() + b"\0" + hashlib.sha256(raw).digest())
        return digest.hexdigest()

    def _cache_file(self, spec_sha: str) -> Path | None:
        if self.cache is None:
            return None
        return (
            self.cache
            / "overlays"
            / f"{hashlib.sha256((spec_sha + self.sha256).encode()).hexdigest()}.json"
        )

    def apply(self, document: Any, spec_sha: str, *, strict: bool = False) -> list[Applied]:
        """Apply every action in order, in place; returns what each did. The targets resolved
        are kept until `remember` stores them (only once the run has succeeded)."""
        self.resolved: list[dict[str, Any]] | None = None
        if not self.raw:
            return []
        cached = self._cached(spec_sha)
        plan: list[dict[str, Any]] = []
        applied: list[Applied] = []
        if cached is not None:
            for entry in cached:
                action = Action(
                    entry["index"],
                    entry["target"],
                    entry["description"],
                    entry.get("update"),
                    "update" in entry,
                    entry["remove"],
                )
                locations = [tuple(loc) for loc in entry["locations"]]
                _apply(document, action, locations)
                applied.append(self._record(entry["overlay"], action, locations))
        else:
            for path, raw in self.raw:
                overlay = load_overlay(path, raw)
                for action in overlay.actions:
                    locations = _select(overlay, action, document)
                    _apply(document, action, locations)
                    applied.append(self._record(path.name, action, locations))
                    entry = {
                        "overlay": path.name,
                        "index": action.number,
                        "target": action.target,
                        "description": action.description,
                        "remove": action.remove,
                        "locations": [list(loc) for loc in locations],
                    }
                    if action.has_update:
                        entry["update"] = action.update
                    plan.append(entry)
            self.resolved = plan
        missed = [a for a in applied if not a.pointers]
        if strict and missed:
            first = missed[0]
            raise SpecError(
                f"{first.overlay}: action {first.number} ({first.target}) matched nothing "
                f"(--strict; {len(missed)} action(s) matched nothing)"
            )
        return applied

    @staticmethod
    def _record(name: str, action: Action, locations: list[Location]) -> Applied:
        return Applied(
            overlay=name,
            number=action.number,
            target=action.target,
            description=action.description,
            kind="remove" if action.remove else "update",
            pointers=tuple(pointer(*loc) for loc in locations),
        )

    def _cached(self, spec_sha: str) -> list[dict[str, Any]] | None:
        path = self._cache_file(spec_sha)
        if path is None:
            return None
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("library") != _installed_library():
            return None
        actions = data.get("actions")
        return actions if isinstance(actions, list) else None

    def remember(self, spec_sha: str) -> None:
        """Keep the targets the last `apply` resolved, for the next run over the same inputs."""
        if getattr(self, "resolved", None):
            self._store(spec_sha, self.resolved or [])

    def _store(self, spec_sha: str, plan: list[dict[str, Any]]) -> None:
        path = self._cache_file(spec_sha)
        if path is None:
            return
        text = json.dumps({"library": _installed_library(), "actions": plan}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # unwritable: only means resolving again next time
            atomic_write(path, text.encode("utf-8"))


def _installed_library() -> str:
    """The JSONPath library's version, read from its files without importing it (or
    importlib.metadata: 20 ms): cached targets are trusted only from the same version."""
    import importlib.util
    import re

    spec = importlib.util.find_spec("jsonpath_rfc9535")
    if spec is None or spec.origin is None:
        return "none"
    try:
        about = Path(spec.origin).with_name("__about__.py").read_text(encoding="utf-8")
    except OSError:
        return "jsonpath-rfc9535 (version unknown)"
    found = re.search(r"__version__\s*=\s*[\"']([^\"']+)", about)
    return f"jsonpath-rfc9535 {found.group(1) if found else '(version unknown)'}"
