"""The stages one API goes through, each an immutable result: `Fetched` (the spec as served and
the run's input hashes) -> `NormalizedSpec` (overlays applied, checked, repaired and validated;
the report files) -> `Built` (every requested artefact in memory, with the clients' next version
and what changed). Nothing here writes the output or the lock (generator.pipeline does)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from generator import fingerprint, log
from generator.config import ApiConfig, Config
from generator.emit import EmitInput, Emitter, Files, load
from generator.errors import SpecError
from generator.fingerprint import config_hash, input_hashes
from generator.kinds import REGISTRY, api_kinds
from generator.lock import Verdict
from generator.schema.text import dump_json
from generator.source import FetchResult, Source
from generator.write import atomic_write, sha256

if TYPE_CHECKING:  # the heavy stages are imported when used: a no-op run never loads them
    from generator.background import Pending
    from generator.model import Api
    from generator.normalize import Document, Normalized
    from generator.overlays import Applied
    from generator.plan import ClientPlan
    from generator.refs import Bundled
    from generator.versioning import Bump


class Fetched(NamedTuple):
    """One API's spec as fetched, and the hashes of everything its generation depends on."""

    api: ApiConfig
    result: FetchResult
    inputs: dict[str, str]  # empty for a command that writes no manifest (fetch, normalize)

    def detached(self) -> tuple[Fetched, Document]:
        """This stage without its parsed tree, and the tree (normalizing repairs it in place,
        and it is freed as soon as normalization is done with it)."""
        return self._replace(result=self.result._replace(document={})), self.result.document


class NormalizedSpec(NamedTuple):
    fetched: Fetched
    normalized: Normalized
    files: Files  # source.json, openapi.json and the normalize report
    verdict: Verdict  # the normalized document passed the validator (once `confirm` returned)
    # waits for the validator when it runs beside the rest (SpecError if it found errors) and
    # records what passed: called before anything is written
    confirm: Callable[[], None]
    # stops a validator still running beside the rest (the run failed elsewhere)
    cancel: Callable[[], None] = lambda: None


class Built(NamedTuple):
    spec: NormalizedSpec
    files: Files  # every artefact, the normalize stage's files included
    bump: Bump  # the generated clients' version, from the API diff (generator.changes)
    changes: str | None  # CHANGES.md: what changed since the last generation (None: nothing)


def fetch_all(
    cfg: Config,
    apis: list[ApiConfig],
    source: str | None,
    offline: bool,
    fallback: bool,
    strict: bool = False,
    hashed: bool = True,
    kept_readings: bool = True,
) -> tuple[Source, list[Fetched]]:
    """Fetch every API first, so a failure on any of them leaves all output as it was;
    `hashed`: with the hashes of what a generation depends on (apigen's own code among them);
    `kept_readings`: YAML texts may be read from the cache's kept readings."""
    src = Source(cfg, offline=offline, fallback=fallback, kept_readings=kept_readings)
    stages = []
    for api in apis:
        log.info(f"{api.name}: fetching {source or api.source}")
        result = src.fetch(api, source)
        log.info(
            f"{api.name}: spec from {result.origin} ({result.spec_url}), sha256 {result.sha256[:12]}"
        )
        inputs = input_hashes(api, result.sha256, strict) if hashed else {}
        stages.append(Fetched(api, result, inputs))
    return src, stages


def check_locked(lock: dict[str, Any], stages: list[Fetched]) -> None:
    """`generate --locked`: every spec fetched is byte for byte the one the lock records (what a
    merged pull request reviewed), else nothing is built."""
    for stage in stages:
        expected = lock.get(stage.api.name, {}).get("sha256")
        got = stage.result.sha256
        if expected != got:
            raise SpecError(
                f"{stage.api.name}: the spec fetched (sha256 {got[:12]}) is not the one "
                f"the lock records ({str(expected)[:12]}); refusing to build from it"
            )


def check_locked_normalized(lock: dict[str, Any], specs: list[NormalizedSpec]) -> None:
    """`generate --locked`, once normalized: the document built is byte for byte the one the
    lock records, so every byte read counts (each `$ref`'d part file, the overlays), not the
    main document's alone. Called before anything is written."""
    for spec in specs:
        api = spec.fetched.api
        expected = lock.get(api.name, {}).get("normalized_sha256")
        got = spec.verdict.normalized_sha256
        if expected != got:
            raise SpecError(
                f"{api.name}: the normalized spec built (sha256 {got[:12]}) is not the one the "
                f"lock records ({str(expected)[:12]}): a part file, an overlay or apigen changed; "
                "refusing to build from it"
            )


def source_bytes(fetched: FetchResult) -> bytes:
    """source.json: the spec as served when it is JSON, else converted (before the tree is freed)."""
    if fetched.raw.lstrip()[:1] in (b"{", b"["):
        return fetched.raw
    return dump_json(fetched.document)


def normalize_stage(
    stage: Fetched,
    known_valid: str | None,
    cache: Path | None,
    strict: bool,
    background: bool = False,
) -> NormalizedSpec:
    """The stage's spec normalized (its tree repaired in place and then let go); `background`:
    the validator may run in a forked process while the caller emits (see `confirm`)."""
    raw = source_bytes(stage.result)
    stage, document = stage.detached()
    normalized, files, verdict, confirm, cancel = normalize_document(
        stage.api,
        document,
        known_valid,
        spec_sha=stage.result.sha256,
        cache=cache,
        strict=strict,
        bundled=stage.result.bundled,
        background=background,
    )
    del document
    files = {**files, "source.json": raw}
    return NormalizedSpec(stage, normalized, files, verdict, confirm, cancel)


def normalize_document(
    api: ApiConfig,
    document: Document,
    known_valid: str | None = None,
    *,
    spec_sha: str = "",
    cache: Path | None = None,
    strict: bool = False,
    bundled: tuple[Bundled, ...] = (),
    background: bool = False,
) -> tuple[Normalized, Files, Verdict, Callable[[], None], Callable[[], None]]:
    """Normalize, check the result loads into openapi-pydantic, and render the report files;
    the fourth item confirms the check (SpecError when it failed) and records what passed, the
    last stops a check still running (the run failed elsewhere).

    The check is skipped when the normalized document is byte for byte the one the lock (or the
    cache) says passed it with the same validator versions: a verdict that holds. Otherwise, with
    `background`, it runs in a forked process (generator.background: its import and its check
    cost a first run 0.3 s) while the caller goes on; without, before this returns.
    """
    from generator.background import Pending
    from generator.normalize import Context, normalize
    from generator.normalize.report import report_data, report_markdown
    from generator.normalize.security import NO_SECURITY, declares_security
    from generator.spec import validation_errors, validator_label

    applied, remember = apply_overlays(api, document, spec_sha, cache, strict)
    checked = _checked_marker(api, spec_sha, cache)
    if checked is None or not checked.exists():
        check_input(document, api.name)
    result = normalize(document, Context(api), in_place=True)
    del document
    if not declares_security(result.document):  # said once, with the fix (also in the report)
        log.warn(f"{api.name}: {NO_SECURITY}")
    text = dump_json(result.document)
    digest = sha256(text)
    passed = _passed_marker(digest, cache)
    found: Pending[list[str]] | None = None
    if digest != known_valid and (passed is None or not passed.exists()):
        found = Pending(functools.partial(validation_errors, result.document), background)

    confirmed: list[bool] = []

    def confirm() -> None:
        if confirmed:
            return
        if found is not None:
            after = found.result()
            if after:
                raise SpecError(
                    f"{api.name}: {len(after)} error(s) remain after normalization, "
                    f"first: {after[0]}"
                )
            if passed is not None and not passed.exists():
                with contextlib.suppress(OSError):
                    atomic_write(passed, b"")
        remember()  # the spec and its overlays passed: their resolved targets can be reused
        if checked is not None and not checked.exists():
            with contextlib.suppress(OSError):
                atomic_write(checked, b"")
        confirmed.append(True)

    if not background:
        confirm()
    data = report_data(api.name, result, api.disabled_passes, applied, bundled)
    files = {
        "openapi.json": text,
        "normalize-report.json": dump_json(data),
        "normalize-report.md": report_markdown(data).encode("utf-8"),
    }
    changed = sum(len(r.changes) for r in result.records.values())
    log.info(f"{api.name}: normalized ({changed} changes)")
    return result, files, Verdict(digest, validator_label()), confirm, _cancel(found)


def _cancel(found: Pending[list[str]] | None) -> Callable[[], None]:
    return found.cancel if found is not None else lambda: None


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
        "\0".join([spec_sha, config_hash(api), fingerprint.code_hash()]).encode()
    ).hexdigest()
    return cache / "checked" / key


def _passed_marker(digest: str, cache: Path | None) -> Path | None:
    """A file in the cache that says the normalized document with this sha256 passed
    `validation_errors` under these validator versions: the lock's verdict for runs that do not
    record one (a one-off `--source`, a config-less run)."""
    from generator.spec import validator_label

    if cache is None:
        return None
    key = hashlib.sha256(f"{digest}\0{validator_label()}".encode()).hexdigest()
    return cache / "valid" / key


class Started(NamedTuple):
    """An API's emitters, each with its `prepare` done or under way (generator.background)."""

    emitters: dict[str, Emitter]
    pending: dict[str, Pending[Files]]  # kind -> its prepared files

    def cancel(self) -> None:
        for waiting in self.pending.values():
            waiting.cancel()


def start_emit(
    api: ApiConfig, normalized: Normalized, kinds: tuple[str, ...], cache: Path | None = None
) -> Started:
    """The emitters' work on the schemas alone, started before the model and the other outputs
    exist, so the peaks do not add up: the Python models (the most memory and time) in a forked
    process where a second core is ours, while this one goes on (with the next API, or this
    one's model and other kinds); the rest done here, now. Compiled templates are kept under
    `cache`."""
    from generator.background import Pending
    from generator.emit.templates import use_cache
    from generator.model import schemas_of

    use_cache(cache / "templates" if cache is not None else None)
    # the kinds whose `prepare` runs in the background last, so the rest overlaps it
    ordered = sorted((k for k in kinds if k in api_kinds()), key=lambda k: REGISTRY[k].slow_prepare)
    emitters = {kind: load(kind) for kind in ordered}
    schemas = schemas_of(normalized.document, api.title)
    pending = {
        kind: Pending(functools.partial(emitter.prepare, schemas, api), REGISTRY[kind].slow_prepare)
        for kind, emitter in emitters.items()
    }
    return Started(emitters, pending)


def emit_all(
    api: ApiConfig,
    normalized: Normalized,
    kinds: tuple[str, ...],
    cache: Path | None = None,
    version: str | Callable[[Api, Callable[[], ClientPlan]], str] = "1.0.0",
    started: Started | None = None,
) -> Files:
    """Build the model once and run each requested emitter over it (`started`: their prepared
    work, begun by `start_emit`; else begun here). `version` is the packages' version, or what
    gives it from the model and the client plan (the API diff, which then reads this same model
    and plan)."""
    begun = started if started is not None else start_emit(api, normalized, kinds, cache)
    try:
        return _emit(api, normalized, begun.emitters, begun.pending, version)
    finally:
        begun.cancel()


def _emit(
    api: ApiConfig,
    normalized: Normalized,
    emitters: dict[str, Emitter],
    pending: dict[str, Pending[Files]],  # kind -> its prepared files
    version: str | Callable[[Api, Callable[[], ClientPlan]], str],
) -> Files:
    from generator.background import Pending
    from generator.model import build_api
    from generator.plan import build_plan

    model = build_api(api, normalized.document)
    plans: list[ClientPlan] = []

    def plan() -> ClientPlan:
        if not plans:
            plans.append(build_plan(model, api))
        return plans[0]

    if not isinstance(version, str):
        version = version(model, plan)

    sdk = any(REGISTRY[kind].sdk for kind in emitters)
    # With a second core idle, the kinds after the first are emitted in a forked process while
    # this one emits the first (the output is the same: each kind's files depend on the model
    # and the plan alone). The plan is built first when both sides need it.
    away = _away(emitters, pending) if len(model.operations) >= SPLIT_OPERATIONS else ()
    if away and sdk:
        plan()
    emit = functools.partial(_emit_kinds, model, api, emitters, pending, plan, version)
    elsewhere = Pending(functools.partial(emit, away)) if away else None
    try:
        produced = emit(tuple(k for k in emitters if k not in away))
        if elsewhere is not None:
            produced.update(elsewhere.result())
    finally:
        if elsewhere is not None:
            elsewhere.cancel()
    files: Files = {}
    for kind in emitters:
        files.update(produced[kind])
        log.info(f"{api.name}: {kind}: {len(produced[kind])} file(s)")
    if sdk:
        files[CLIENT_NAMES] = client_names_json(plan())
    return files


# Below this many operations, emitting takes less than forking and handing the files back.
SPLIT_OPERATIONS = 40


def _away(emitters: dict[str, Emitter], pending: dict[str, Pending[Files]]) -> tuple[str, ...]:
    """The kinds to emit in a forked process: all but the first, when there are several, a fork
    is possible and no prepared work already runs in one (the cores would then be busy)."""
    from generator.background import can_fork

    if len(emitters) < 2 or any(p.elsewhere for p in pending.values()) or not can_fork():
        return ()
    return tuple(emitters)[1:]


def _emit_kinds(
    model: Api,
    api: ApiConfig,
    emitters: dict[str, Emitter],
    pending: dict[str, Pending[Files]],
    plan: Callable[[], ClientPlan],
    version: str,
    kinds: tuple[str, ...],
) -> dict[str, Files]:
    """kind -> its files, for `kinds` in order (a slow `prepare` awaited when its kind comes)."""
    shared: dict[str, Any] = {}  # what the emitters build once between them (EmitInput.once)
    return {
        kind: emitters[kind].emit(
            EmitInput(model, api, pending[kind].result(), plan, version, shared)
        )
        for kind in kinds
    }


CLIENT_NAMES = "clients/names.json"  # what the next generation's diff compares names with


def client_names_json(plan: ClientPlan) -> bytes:
    """Every operation's client method, "METHOD /path" -> "group.method" (snake_case)."""
    return dump_json(plan.client_names())
