"""The commands' recipes over the stages (generator.stages: fetch -> normalize -> build):
what each command runs, what it writes, and when the lock is updated. Writing happens only after
every API of the run was built, so a failure leaves all output as it was. Building is two
passes over the APIs: each normalized and its slow work started, then each emitted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import fingerprint, log
from generator.changes import CHANGES, versioned_changes, write_summary
from generator.config import ApiConfig, Config
from generator.emit import Files
from generator.kinds import REGISTRY, api_kinds, parse_kinds
from generator.kinds import load as load_kind
from generator.lock import Verdict, read_lock, update_lock
from generator.source import Source
from generator.stages import (
    Built,
    Fetched,
    NormalizedSpec,
    Started,
    apply_overlays,
    check_input,
    check_locked,
    check_locked_normalized,
    emit_all,
    fetch_all,
    normalize_stage,
    source_bytes,
    start_emit,
)
from generator.write import is_fresh, sha256, write_files

if TYPE_CHECKING:
    from generator.diff import ApiDiff
    from generator.model import Api
    from generator.plan import ClientPlan
    from generator.versioning import Bump


def _out_dir(cfg: Config, api: ApiConfig, out: Path | None) -> Path:
    return (out if out is not None else cfg.out) / api.name


def begin(
    stage: Fetched, kinds: tuple[str, ...], lock: dict[str, Any], cache: Path | None, strict: bool
) -> tuple[NormalizedSpec, Started]:
    """Normalize one API and start its emitters' work on the schemas (the Python models, in a
    forked process where a second core is ours, overlap what comes after: the next API, and
    this one's model and other kinds)."""
    from generator.lock import known_valid
    from generator.spec import validator_label

    known = known_valid(lock, stage.api, validator_label())
    # the validator (when the lock or the cache has no verdict) runs beside the emitters
    spec = normalize_stage(stage, known, cache, strict, background=True)
    try:
        return spec, start_emit(stage.api, spec.normalized, kinds, cache)
    except Exception:
        spec.confirm()  # a document the validator refuses: that is the error to tell
        raise


def finish(
    spec: NormalizedSpec, started: Started, kinds: tuple[str, ...], lock: dict[str, Any],
    cache: Path | None, folder: Path,
) -> Built:  # fmt: skip
    """Compare with the last generation in `folder` (the API diff gives the clients' version)
    and emit one API in memory."""
    api = spec.fetched.api
    found: list[tuple[Bump, str | None]] = []

    def version(model: Api, plan: Callable[[], ClientPlan]) -> str:  # emitting's own model
        found.append(versioned_changes(folder, spec, lock.get(api.name, {}), model, plan))
        return found[0][0].new

    try:
        emitted = emit_all(api, spec.normalized, kinds, cache, version, started)
    except Exception:
        spec.confirm()  # a document the validator refuses: that is the error to tell
        raise
    spec.confirm()
    files = {**spec.files, **emitted}
    return Built(spec, files, *found[0])  # emit_all builds the model and asks the version once


def _schema_count(spec: NormalizedSpec) -> int:
    schemas = (spec.normalized.document.get("components") or {}).get("schemas")
    return len(schemas) if isinstance(schemas, dict) else 0


def build_all(
    stages: list[Fetched], kinds: tuple[str, ...], lock: dict[str, Any], cache: Path | None,
    strict: bool, folders: list[Path],
) -> list[Built]:  # fmt: skip
    """Every API in memory, in the order given: each normalized and its slow work started
    first, then each emitted, so that one API's Python models are made while another is
    normalized and emitted. A failure stops the others' forked work; an API before it (in the
    order given) whose validator refused its document reports that first, as building them
    one after the other did."""
    begun: list[tuple[NormalizedSpec, Started]] = []

    def failed(before: int) -> None:
        for spec, _ in begun[:before]:
            spec.confirm()

    try:
        for index, stage in enumerate(stages):
            try:
                begun.append(begin(stage, kinds, lock, cache, strict))
            except Exception:
                failed(index)
                raise
        # the APIs with the fewest schemas first: their models are made soonest, and the
        # biggest one's, the longest to make, are awaited last, with all else done meanwhile
        built = {}
        for index in sorted(range(len(begun)), key=lambda i: _schema_count(begun[i][0])):
            try:
                built[index] = finish(*begun[index], kinds, lock, cache, folders[index])
            except Exception:
                failed(index)
                raise
        return [built[i] for i in range(len(begun))]
    finally:  # what is still running when the run failed: nothing, once every API was built
        for spec, started in begun:
            started.cancel()
            spec.cancel()


def _write(
    cfg: Config,
    src: Source,
    stage: Fetched,
    files: Files,
    out: Path | None,
    lock: bool,
    *,
    verdict: Verdict | None = None,
    version: str | None = None,
    kinds: tuple[str, ...] = (),
) -> None:
    """Write one API's files and manifest, then cache its responses and record it in the lock
    (the lock records the configured sources: a one-off `--source` leaves it alone)."""
    folder = _out_dir(cfg, stage.api, out)
    inputs = stage.inputs if kinds else {"spec": stage.result.sha256}
    owned = tuple(REGISTRY[k].root for k in kinds if k in REGISTRY and REGISTRY[k].per_api)
    changed = write_files(folder, files, inputs, kinds, owned)
    src.keep(stage.result)
    if lock:
        update_lock(cfg, stage.result, verdict, version)
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
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False, hashed=False)
    for stage in stages:
        files = {"source.json": source_bytes(stage.result)}
        _write(cfg, src, stage, files, out, lock=source is None)


def run_normalize(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    strict: bool = False,
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False, hashed=False)
    done = [normalize_stage(stage, None, cfg.cache, strict) for stage in stages]
    for spec in done:
        _write(cfg, src, spec.fetched, spec.files, out, source is None, verdict=spec.verdict)


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
    own = tuple(k for k in kinds if k in api_kinds())  # the site spans the APIs
    src, stages = fetch_all(
        cfg, apis, source, offline, fallback=True, strict=strict, kept_readings=not locked
    )
    lock = read_lock(cfg)
    if locked:
        check_locked(lock, stages)
        _check_kept_templates(cfg)
    stale: list[tuple[Fetched, Path]] = []
    for stage in stages:
        folder = _out_dir(cfg, stage.api, out)
        # --locked trusts no earlier run: every API is built, with no cache (compiled
        # templates, check and validation markers), and must give what the lock records
        if not locked and is_fresh(folder, stage.inputs, own):
            log.info(f"{stage.api.name}: spec, config and apigen unchanged; {folder} is up to date")
        else:
            stale.append((stage, folder))
    cache = None if locked else cfg.cache
    made = build_all([s for s, _ in stale], own, lock, cache, strict, [f for _, f in stale])
    if locked:
        check_locked_normalized(lock, [b.spec for b in made])
    built = {stage.api.name: b for (stage, _), b in zip(stale, made, strict=True)}
    results: list[tuple[Fetched, Built | None]] = []
    for stage in stages:
        done = built.get(stage.api.name)
        if done is not None and done.changes is not None:
            log.info(f"{stage.api.name}: the API changed; see {CHANGES}")
        results.append((done.spec.fetched, done) if done is not None else (stage, None))
    for stage, done in results:
        if done is None:
            _write_lock_only(cfg, src, stage, source is None)
            continue
        files = done.files
        if done.changes is not None:
            files = {**files, CHANGES: done.changes.encode("utf-8")}
        _write(
            cfg, src, stage, files, out, source is None,
            verdict=done.spec.verdict, version=done.bump.new, kinds=own,
        )  # fmt: skip
        # On disk now, where the site reads it from: its bytes are not kept in memory while the
        # next API is written and the site built (a big API's output is hundreds of MB).
        del files
        done.files.clear()
    for kind in kinds:
        if not REGISTRY[kind].per_api:
            write_spanning(kind, cfg, out, results, lock)
    if summary is not None:
        write_summary(summary, [built for _, built in results if built is not None])


def _check_kept_templates(cfg: Config) -> None:
    """`--locked` compiles every template afresh; compiled ones kept in the cache that do not
    match their source mean the cache was changed: refused."""
    from generator.emit.templates import changed_bytecode
    from generator.errors import SpecError

    changed = changed_bytecode(cfg.cache / "templates")
    if changed:
        raise SpecError(
            f"{cfg.cache / 'templates'}: the compiled form kept for {changed[0]} is not what "
            "its source compiles to: the cache was changed; refusing to build"
        )


def _write_lock_only(cfg: Config, src: Source, stage: Fetched, lock: bool) -> None:
    src.keep(stage.result)
    if lock:
        update_lock(cfg, stage.result, None)


def write_spanning(
    kind: str,
    cfg: Config,
    out: Path | None,
    results: list[tuple[Fetched, Built | None]],
    lock: dict[str, Any],
) -> None:
    """A kind that spans every API (the site: output/site/), from what their output folders
    now hold; its module's `build_all(apis, title)` gives the files."""
    from generator.lock import client_version

    root = out if out is not None else cfg.out
    inputs = {"code": fingerprint.code_hash()}
    for stage, _ in results:
        manifest = root / stage.api.name / "manifest.json"
        inputs[stage.api.name] = sha256(manifest.read_bytes()) if manifest.is_file() else ""
    if is_fresh(root / kind, inputs, (kind,)):
        return
    apis = [
        (
            stage.api,
            root / stage.api.name,
            (built.bump.new if built else None) or client_version(lock, stage.api) or "1.0.0",
        )
        for stage, built in results
    ]
    title = "API tooling: " + ", ".join(stage.api.title for stage, _ in results)
    files = load_kind(kind).build_all(apis, title)
    changed = write_files(root / kind, files, inputs, (kind,), ("",))
    log.info(f"{kind}: {len(files)} files in {root / kind} ({len(changed)} changed)")


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
    kinds = tuple(k for k in parse_kinds(only) if k in api_kinds())
    _, stages = fetch_all(cfg, apis, source, offline, fallback=True, strict=strict)
    lock = read_lock(cfg)
    drift = []
    folders = [_out_dir(cfg, stage.api, out) for stage in stages]
    for folder, built in zip(
        folders, build_all(stages, kinds, lock, cfg.cache, strict, folders), strict=True
    ):
        for rel, data in sorted(built.files.items()):
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
