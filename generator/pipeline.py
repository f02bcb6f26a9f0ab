"""The pipeline, stage by stage: source -> spec -> normalize -> model -> emit -> write."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__, log
from generator.config import ApiConfig, Config
from generator.emit import EmitInput, Files, load
from generator.errors import SpecError
from generator.kinds import REGISTRY, api_kinds, parse_kinds, python_of
from generator.kinds import load as load_kind
from generator.lock import Verdict, known_valid, read_lock
from generator.schema.text import dump_json
from generator.source import FetchResult, Source
from generator.write import atomic_write, is_fresh, read_manifest, sha256, write_files

if TYPE_CHECKING:  # the heavy stages are imported when used: a no-op run never loads them
    from generator.diff import ApiDiff
    from generator.normalize import Document, Normalized
    from generator.overlays import Applied
    from generator.plan import ClientPlan
    from generator.refs import Bundled
    from generator.versioning import Bump

CHANGES = "CHANGES.md"
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_hash() -> str:
    """apigen's version, its code and its templates: a change to any of them regenerates."""
    import generator  # TEMPLATES read at call time: tests point it elsewhere

    digest = hashlib.sha256(__version__.encode())
    for root in (str(PACKAGE), str(generator.TEMPLATES)):
        found = []
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            rel = os.path.relpath(folder, root)
            found += [
                (() if rel == "." else tuple(rel.split(os.sep))) + (name,)
                for name in names
                if name.endswith((".py", ".j2"))
            ]
        for parts in sorted(found):
            with open(os.path.join(root, *parts), "rb") as handle:
                digest.update("/".join(parts).encode() + b"\0" + handle.read())
    return digest.hexdigest()


def input_hashes_config(api: ApiConfig, strict: bool = False) -> str:
    """The API's configuration with its overlays' contents (and --strict, which can turn a run
    into an error)."""
    # Not the snapshot chosen: which fallback file was found (a fresh clone's first run finds
    # the test data, the next one the output's own source.json) says nothing the spec's hash
    # does not; counting it made a fresh clone's second run regenerate and bump the clients.
    config = repr(dataclasses.replace(api, snapshot=None)).encode()
    for path in api.overlays:
        try:
            config += b"\0" + path.read_bytes()
        except OSError:
            config += b"\0(unreadable)"  # the run itself reports it
    if strict:
        config += b"\0strict"
    return sha256(config)


def input_hashes(api: ApiConfig, fetched: FetchResult, strict: bool = False) -> dict[str, str]:
    """What a generation depends on: the spec, the API's configuration and apigen itself."""
    return {
        "spec": fetched.sha256,
        "config": input_hashes_config(api, strict),
        "code": code_hash(),
    }


def stage_inputs(stage: Stage, strict: bool) -> dict[str, str]:
    """The stage's input hashes, computed once (they read the overlay files)."""
    if stage.inputs is None:
        stage.inputs = input_hashes(stage.api, stage.fetched, strict)
    return stage.inputs


@dataclass
class Stage:
    """One API on its way through the pipeline."""

    api: ApiConfig
    fetched: FetchResult
    verdict: Verdict | None = None  # the normalized document passed the validator
    normalized: Normalized | None = None
    files: Files | None = None
    bump: Bump | None = None  # the generated clients' version, from the API diff
    changes: str | None = None  # CHANGES.md: what changed since the last generation
    fresh: bool = False  # output already up to date: nothing to build or write
    inputs: dict[str, str] | None = None  # input_hashes(), computed once per run


def _out_dir(cfg: Config, api: ApiConfig, out: Path | None) -> Path:
    return (out if out is not None else cfg.out) / api.name


def fetch_all(
    cfg: Config, apis: list[ApiConfig], source: str | None, offline: bool, fallback: bool
) -> tuple[Source, list[Stage]]:
    """Fetch every API first, so a failure on any of them leaves all output as it was."""
    src = Source(cfg, offline=offline, fallback=fallback)
    stages = []
    for api in apis:
        log.info(f"{api.name}: fetching {source or api.source}")
        result = src.fetch(api, source)
        log.info(
            f"{api.name}: spec from {result.origin} ({result.spec_url}), sha256 {result.sha256[:12]}"
        )
        stages.append(Stage(api, result))
    return src, stages


def check_locked(lock: dict[str, Any], stages: list[Stage]) -> None:
    """`generate --locked`: every spec fetched is byte for byte the one the lock records (what a
    merged pull request reviewed), else nothing is built."""
    for stage in stages:
        expected = lock.get(stage.api.name, {}).get("sha256")
        got = stage.fetched.sha256
        if expected != got:
            raise SpecError(
                f"{stage.api.name}: the spec fetched (sha256 {got[:12]}) is not the one "
                f"the lock records ({str(expected)[:12]}); refusing to build from it"
            )


def take_document(stage: Stage) -> Document:
    """The fetched tree, which normalizing repairs in place: the stage no longer holds it, so it
    is freed as soon as normalization is done with it."""
    document = stage.fetched.document
    stage.fetched = stage.fetched._replace(document={})
    return document


def normalize_document(
    api: ApiConfig,
    document: Document,
    known_valid: str | None = None,
    *,
    spec_sha: str = "",
    cache: Path | None = None,
    strict: bool = False,
    bundled: tuple[Bundled, ...] = (),
) -> tuple[Normalized, Files, Verdict]:
    """Normalize, check the result loads into openapi-pydantic, and render the report files.

    The check is skipped when the normalized document is byte for byte the one the lock says
    passed it (`known_valid`, its sha256) with the same validator versions: a verdict that holds.
    """
    from generator.normalize import Context, normalize
    from generator.normalize.report import report_data, report_markdown
    from generator.spec import validation_errors, validator_label

    applied, remember = apply_overlays(api, document, spec_sha, cache, strict)
    checked = _checked_marker(api, spec_sha, cache)
    if checked is None or not checked.exists():
        check_input(document, api.name)
    result = normalize(document, Context(api), in_place=True)
    del document
    text = dump_json(result.document)
    digest = sha256(text)
    if digest != known_valid:
        after = validation_errors(result.document)
        if after:
            raise SpecError(
                f"{api.name}: {len(after)} error(s) remain after normalization, first: {after[0]}"
            )
    remember()  # the spec and its overlays passed: their resolved targets can be reused
    if checked is not None and not checked.exists():
        with contextlib.suppress(OSError):
            atomic_write(checked, b"")
    data = report_data(api.name, result, api.disabled_passes, applied, bundled)
    files = {
        "openapi.json": text,
        "normalize-report.json": dump_json(data),
        "normalize-report.md": report_markdown(data).encode("utf-8"),
    }
    changed = sum(len(r.changes) for r in result.records.values())
    log.info(f"{api.name}: normalized ({changed} changes)")
    return result, files, Verdict(digest, validator_label())


def apply_overlays(
    api: ApiConfig, document: Document, spec_sha: str, cache: Path | None, strict: bool
) -> tuple[list[Applied], Callable[[], None]]:
    """The API's overlays, in order, on the fetched document (in place); and a function that
    keeps their resolved targets in the cache, to call once the run has succeeded."""
    if not api.overlays:
        return [], lambda: None
    from generator.overlays import Overlays

    overlays = Overlays(api.overlays, cache)
    applied = overlays.apply(document, spec_sha, strict=strict)
    missed = [a for a in applied if not a.pointers]
    for action in missed:
        log.warn(
            f"{api.name}: {action.overlay} action {action.number} matched nothing: {action.target}"
        )
    log.info(f"{api.name}: {len(applied)} overlay action(s), {len(missed)} matched nothing")
    return applied, lambda: overlays.remember(spec_sha)


def check_input(document: Document, where: str) -> None:
    """The structure, the nesting and the references of a document apigen does not control."""
    from generator.refs import check_document
    from generator.shape import check_shape

    check_shape(document, where)
    check_document(document, where)


def _checked_marker(api: ApiConfig, spec_sha: str, cache: Path | None) -> Path | None:
    """A file in the cache that says this spec, with these overlays, passed `check_input` under
    this apigen: the checks are pure, so a later run over the same inputs skips them."""
    if cache is None or not spec_sha:
        return None
    key = hashlib.sha256(
        "\0".join([spec_sha, input_hashes_config(api), code_hash()]).encode()
    ).hexdigest()
    return cache / "checked" / key


def _known_valid(lock: dict[str, Any], api: ApiConfig) -> str | None:
    from generator.spec import validator_label

    return known_valid(lock, api, validator_label())


def _write(
    cfg: Config,
    stage: Stage,
    out: Path | None,
    src: Source,
    source: str | None,
    kinds: tuple[str, ...] = (),
    strict: bool = False,
) -> None:
    folder = _out_dir(cfg, stage.api, out)
    files = stage.files or {}
    inputs = stage_inputs(stage, strict) if kinds else {"spec": stage.fetched.sha256}
    changed = write_files(folder, files, inputs, kinds)
    version = stage.bump.new if stage.bump is not None else None
    src.commit(stage.fetched, stage.verdict, lock=source is None, version=version)
    log.info(f"{stage.api.name}: {len(files)} files in {folder} ({len(changed)} changed)")


def run_fetch(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    strict: bool = False,  # fetching applies no overlay
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        stage.files = {"source.json": source_bytes(stage.fetched)}
        _write(cfg, stage, out, src, source)


def run_normalize(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    strict: bool = False,
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        raw = source_bytes(stage.fetched)
        sha = stage.fetched.sha256
        stage.normalized, stage.files, stage.verdict = normalize_document(
            stage.api,
            take_document(stage),
            spec_sha=sha,
            cache=cfg.cache,
            strict=strict,
            bundled=stage.fetched.bundled,
        )
        stage.files["source.json"] = raw
    for stage in stages:
        _write(cfg, stage, out, src, source)


def emit_all(
    api: ApiConfig,
    normalized: Normalized,
    kinds: tuple[str, ...],
    cache: Path | None = None,
    version: str = "1.0.0",
) -> Files:
    """Build the model once and run each requested emitter over it; compiled templates are
    kept under `cache`."""
    from generator.emit.templates import use_cache
    from generator.model import build_api, schemas_of
    from generator.plan import build_plan

    use_cache(cache / "templates" if cache is not None else None)
    emitters = {kind: load(kind) for kind in kinds if kind in api_kinds()}
    # Work on the schemas alone (the Python models: the most memory) runs before the model
    # and the other outputs exist, so the peaks do not add up.
    schemas = schemas_of(normalized.document, api.title)
    prepared = {kind: emitter.prepare(schemas, api) for kind, emitter in emitters.items()}
    model = build_api(api, normalized.document)
    plans: list[ClientPlan] = []

    def plan() -> ClientPlan:
        if not plans:
            plans.append(build_plan(model))
        return plans[0]

    files: Files = {}
    for kind, emitter in emitters.items():
        produced = emitter.emit(EmitInput(model, api, prepared.pop(kind), plan, version))
        files.update(produced)
        log.info(f"{api.name}: {kind}: {len(produced)} file(s)")
    return files


def source_bytes(fetched: FetchResult) -> bytes:
    """source.json: the spec as served when it is JSON, else converted (before the tree is freed)."""
    if fetched.raw.lstrip()[:1] in (b"{", b"["):
        return fetched.raw
    return dump_json(fetched.document)


def build_stage(
    stage: Stage,
    kinds: tuple[str, ...],
    lock: dict[str, Any],
    cache: Path,
    strict: bool,
    folder: Path,
) -> None:
    """Normalize, compare with the last generation in `folder` (the API diff gives the clients'
    version) and emit one API in memory."""
    raw = source_bytes(stage.fetched)
    known = _known_valid(lock, stage.api)
    sha = stage.fetched.sha256
    stage.normalized, stage.files, stage.verdict = normalize_document(
        stage.api,
        take_document(stage),
        known,
        spec_sha=sha,
        cache=cache,
        strict=strict,
        bundled=stage.fetched.bundled,
    )
    stage.files["source.json"] = raw
    stage.bump, stage.changes = versioned_changes(
        folder, stage, lock.get(stage.api.name, {}), stage_inputs(stage, strict)
    )
    stage.files.update(emit_all(stage.api, stage.normalized, kinds, cache, version=stage.bump.new))


def versioned_changes(
    folder: Path, stage: Stage, locked: dict[str, Any], inputs: dict[str, str]
) -> tuple[Bump, str | None]:
    """The clients' next version and CHANGES.md (None when the API did not change): the
    normalized spec compared with the previous generation's in `folder`; without one, the
    lock's normalized hash says at least whether it changed."""
    from generator.lock import client_version
    from generator.versioning import bump, bump_unknown

    assert stage.normalized is not None and stage.verdict is not None
    api, new_sha = stage.api, stage.verdict.normalized_sha256
    previous_version = client_version({api.name: locked}, api)
    distribution = python_of(api).distribution
    manifest = read_manifest(folder).get("inputs") or {}
    apigen_changed = bool(manifest) and any(
        manifest.get(k) != inputs[k] for k in ("code", "config")
    )
    try:
        previous = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
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
    from generator.diff import diff_documents, to_markdown

    diff = diff_documents(api, previous, stage.normalized.document)
    version = bump(previous_version, diff, apigen_changed)
    if diff.empty:
        return version, None
    return version, to_markdown(diff, version.headline(distribution))


def build(
    cfg: Config,
    apis: list[ApiConfig],
    source: str | None,
    offline: bool,
    kinds: tuple[str, ...],
    strict: bool = False,
    out: Path | None = None,
) -> tuple[Source, list[Stage]]:
    """Fetch, normalize and emit every API in memory; nothing is written."""
    src, stages = fetch_all(cfg, apis, source, offline, fallback=True)
    lock = read_lock(cfg)
    for stage in stages:
        build_stage(stage, kinds, lock, cfg.cache, strict, _out_dir(cfg, stage.api, out))
    return src, stages


def write_spanning(
    kind: str, cfg: Config, out: Path | None, stages: list[Stage], lock: dict[str, Any]
) -> None:
    """A kind that spans every API (the site: output/site/), from what their output folders
    now hold; its module's `build_all(apis, title)` gives the files."""
    from generator.lock import client_version

    root = out if out is not None else cfg.out
    inputs = {"code": code_hash()}
    for stage in stages:
        manifest = root / stage.api.name / "manifest.json"
        inputs[stage.api.name] = sha256(manifest.read_bytes()) if manifest.is_file() else ""
    if is_fresh(root / kind, inputs, (kind,)):
        return
    apis = []
    for stage in stages:
        version = stage.bump.new if stage.bump is not None else None
        apis.append(
            (
                stage.api,
                root / stage.api.name,
                version or client_version(lock, stage.api) or "1.0.0",
            )
        )
    files = load_kind(kind).build_all(
        apis, "API tooling: " + ", ".join(s.api.title for s in stages)
    )
    changed = write_files(root / kind, files, inputs, (kind,))
    log.info(f"{kind}: {len(files)} files in {root / kind} ({len(changed)} changed)")


def _title(stage: Stage) -> str:
    """The pull request's title for one API: "Permit.io API: 3 breaking changes, permit-api
    2.4.0 -> 3.0.0"."""
    assert stage.bump is not None and stage.changes is not None
    bump = stage.bump
    distribution = python_of(stage.api).distribution
    what = bump.reason if bump.part != "none" else "changes"
    return f"{stage.api.title}: {what}, {distribution} {bump.old} -> {bump.new}"


def run_generate(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    only: str | None = None,
    summary: Path | None = None,
    strict: bool = False,
    locked: bool = False,
) -> None:
    kinds = parse_kinds(only)
    own = tuple(k for k in kinds if k in api_kinds())  # the site is not an API's own
    src, stages = fetch_all(cfg, apis, source, offline, fallback=True)
    lock = read_lock(cfg)
    if locked:
        check_locked(lock, stages)
    notes: list[str] = []
    titles: list[str] = []
    for stage in stages:
        folder = _out_dir(cfg, stage.api, out)
        stage.fresh = is_fresh(folder, stage_inputs(stage, strict), own)
        if stage.fresh:
            log.info(f"{stage.api.name}: spec, config and apigen unchanged; {folder} is up to date")
            continue
        build_stage(stage, own, lock, cfg.cache, strict, folder)
        assert stage.files is not None and stage.bump is not None
        if stage.changes is not None:
            stage.files[CHANGES] = stage.changes.encode("utf-8")
            notes.append(stage.changes)
            titles.append(_title(stage))
            log.info(f"{stage.api.name}: the API changed; see {CHANGES}")
    for stage in stages:
        if stage.fresh:
            src.commit(stage.fetched, None, lock=source is None)
        else:
            _write(cfg, stage, out, src, source, own, strict)
    for kind in kinds:
        if not REGISTRY[kind].per_api:
            write_spanning(kind, cfg, out, stages, lock)
    if summary is not None:
        # Present only when the API changed, so CI can test for the file itself; the pull
        # request's title goes beside it (FILE.title).
        title = summary.with_name(summary.name.rsplit(".", 1)[0] + ".title")
        if notes:
            atomic_write(summary, "\n".join(notes).encode("utf-8"))
            atomic_write(title, ("; ".join(titles) + "\n").encode("utf-8"))
        else:
            summary.unlink(missing_ok=True)
            title.unlink(missing_ok=True)


def run_check(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    only: str | None = None,
    strict: bool = False,
) -> list[str]:
    """Regenerate in memory and list the files that differ from what is on disk."""
    _, stages = build(cfg, apis, source, offline, parse_kinds(only), strict, out)
    drift = []
    for stage in stages:
        folder = _out_dir(cfg, stage.api, out)
        for rel, data in sorted((stage.files or {}).items()):
            target = folder / rel
            if not target.is_file():
                drift.append(f"{target} (missing)")
            elif target.read_bytes() != data:
                drift.append(f"{target} (differs)")
    return drift


def run_diff(
    cfg: Config, api: ApiConfig, old: str, new: str, offline: bool, *, strict: bool = False
) -> ApiDiff:
    from generator.diff import diff_documents
    from generator.normalize import Context, normalize

    src = Source(cfg, offline=offline)
    documents = []
    for ref in (old, new):
        fetched = src.fetch(api, ref)
        # A diff writes nothing, not even the overlays' resolved targets.
        apply_overlays(api, fetched.document, fetched.sha256, cfg.cache, strict)  # read only
        check_input(fetched.document, ref)
        documents.append(normalize(fetched.document, Context(api), in_place=True).document)
    return diff_documents(api, documents[0], documents[1])
