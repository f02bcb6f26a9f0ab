"""The pipeline, stage by stage: source -> spec -> normalize -> model -> emit -> write."""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__, log
from generator.config import ApiConfig, Config
from generator.errors import SpecError, UsageError
from generator.schema.text import dump_json
from generator.source import FetchResult, Source, read_lock
from generator.write import atomic_write, is_fresh, sha256, write_files

if TYPE_CHECKING:  # the heavy stages are imported when used: a no-op run never loads them
    from generator.diff import ApiDiff
    from generator.normalize import Normalized

# artefact kind -> module with `emit(api, config) -> {path: bytes}`
EMITTERS = {
    "postman": "generator.emit.postman",
    "curl": "generator.emit.curl",
    "python": "generator.emit.python_client",
}
KINDS = tuple(EMITTERS)
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


def input_hashes(api: ApiConfig, fetched: FetchResult) -> dict[str, str]:
    return {"spec": fetched.sha256, "config": sha256(repr(api).encode()), "code": code_hash()}


@dataclass
class Stage:
    """One API on its way through the pipeline."""

    api: ApiConfig
    fetched: FetchResult
    normalized: Normalized | None = None
    files: dict[str, bytes] | None = None
    fresh: bool = False  # output already up to date: nothing to build or write


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


def normalize_document(
    api: ApiConfig, fetched: FetchResult, known_valid: str | None = None
) -> tuple[Normalized, dict[str, bytes]]:
    """Normalize, check the result loads into openapi-pydantic, and render the report files.

    The check is skipped when the normalized document is byte for byte the one the lock says
    passed it (`known_valid`, its sha256) with the same validator versions: a verdict that holds.
    The fetched tree is repaired in place: it is not used afterwards.
    """
    from generator.normalize import Context, normalize
    from generator.normalize.report import report_data, report_markdown
    from generator.spec import validation_errors, validator_label

    result = normalize(fetched.document, Context(api), in_place=True)
    fetched.document = {}
    text = dump_json(result.document)
    digest = sha256(text)
    if digest != known_valid:
        after = validation_errors(result.document)
        if after:
            raise SpecError(
                f"{api.name}: {len(after)} error(s) remain after normalization, first: {after[0]}"
            )
    fetched.normalized_sha256, fetched.validated_with = digest, validator_label()
    data = report_data(api.name, result, api.disabled_passes)
    files = {
        "openapi.json": text,
        "normalize-report.json": dump_json(data),
        "normalize-report.md": report_markdown(data).encode("utf-8"),
    }
    changed = sum(len(r.changes) for r in result.records.values())
    log.info(f"{api.name}: normalized ({changed} changes)")
    return result, files


def known_valid(lock: dict[str, Any], api: ApiConfig) -> str | None:
    """The normalized sha256 the lock records as valid for the validator installed now."""
    from generator.spec import validator_label

    entry = lock.get(api.name) or {}
    if entry.get("validated_with") == validator_label():
        found = entry.get("normalized_sha256")
        return found if isinstance(found, str) else None
    return None


def _write(
    cfg: Config,
    stage: Stage,
    out: Path | None,
    src: Source,
    source: str | None,
    kinds: tuple[str, ...] = (),
) -> None:
    folder = _out_dir(cfg, stage.api, out)
    files = stage.files or {}
    inputs = input_hashes(stage.api, stage.fetched) if kinds else {"spec": stage.fetched.sha256}
    changed = write_files(folder, files, inputs, kinds)
    src.commit(stage.fetched, lock=source is None)
    log.info(f"{stage.api.name}: {len(files)} files in {folder} ({len(changed)} changed)")


def run_fetch(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        stage.files = {"source.json": source_bytes(stage.fetched)}
        _write(cfg, stage, out, src, source)


def run_normalize(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        raw = source_bytes(stage.fetched)
        stage.normalized, stage.files = normalize_document(stage.api, stage.fetched)
        stage.files["source.json"] = raw
    for stage in stages:
        _write(cfg, stage, out, src, source)


def parse_kinds(only: str | None) -> tuple[str, ...]:
    if only is None:
        return KINDS
    kinds = tuple(dict.fromkeys(k.strip() for k in only.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in EMITTERS]
    if unknown or not kinds:
        raise UsageError(
            f"--only: unknown kind {', '.join(unknown) or '(none)'}; known: {', '.join(KINDS)}"
        )
    return kinds


def emit_all(
    api: ApiConfig, normalized: Normalized, kinds: tuple[str, ...], cache: Path | None = None
) -> dict[str, bytes]:
    """Build the model once and run each requested emitter over it; compiled templates are
    kept under `cache`."""
    from generator.emit.templates import use_cache
    from generator.model import build_api

    use_cache(cache / "templates" if cache is not None else None)
    modules = {kind: importlib.import_module(EMITTERS[kind]) for kind in kinds}
    # Work on the document alone (the Python models: the most memory) runs before the model
    # and the other outputs exist, so the peaks do not add up.
    prepared = {
        k: m.prepare(normalized.document, api) for k, m in modules.items() if hasattr(m, "prepare")
    }
    model = build_api(api, normalized.document)
    files: dict[str, bytes] = {}
    for kind, module in modules.items():
        args = (prepared[kind],) if kind in prepared else ()
        produced: dict[str, bytes] = module.emit(model, api, *args)
        files.update(produced)
        log.info(f"{api.name}: {kind}: {len(produced)} file(s)")
    return files


def source_bytes(fetched: FetchResult) -> bytes:
    """source.json: the spec as served when it is JSON, else converted (before the tree is freed)."""
    if fetched.raw.lstrip()[:1] in (b"{", b"["):
        return fetched.raw
    return dump_json(fetched.document)


def build_stage(stage: Stage, kinds: tuple[str, ...], lock: dict[str, Any], cache: Path) -> None:
    """Normalize and emit one API in memory."""
    raw = source_bytes(stage.fetched)
    stage.normalized, stage.files = normalize_document(
        stage.api, stage.fetched, known_valid(lock, stage.api)
    )
    stage.files["source.json"] = raw
    stage.files.update(emit_all(stage.api, stage.normalized, kinds, cache))


def build(
    cfg: Config, apis: list[ApiConfig], source: str | None, offline: bool, kinds: tuple[str, ...]
) -> tuple[Source, list[Stage]]:
    """Fetch, normalize and emit every API in memory; nothing is written."""
    src, stages = fetch_all(cfg, apis, source, offline, fallback=True)
    lock = read_lock(cfg)
    for stage in stages:
        build_stage(stage, kinds, lock, cfg.cache)
    return src, stages


def api_changes(
    folder: Path, api: ApiConfig, normalized: Normalized, new_sha: str, locked: dict[str, Any]
) -> str | None:
    """What changed since the last generation: a diff against the previous spec in `folder`,
    or, without one, a note when the lock's normalized hash differs."""
    try:
        previous = json.loads((folder / "openapi.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old, new = locked.get("normalized_sha256"), new_sha
        if old and old != new:
            return (
                f"# API changes: {api.name}\n\nThe API changed (normalized spec sha256 {old[:12]} -> "
                f"{new[:12]}); no previous spec was at hand to say how.\n"
            )
        return None
    from generator.diff import diff_documents, to_markdown

    diff = diff_documents(api.name, previous, normalized.document)
    return None if diff.empty else to_markdown(diff)


def run_generate(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    only: str | None = None,
    summary: Path | None = None,
) -> None:
    kinds = parse_kinds(only)
    src, stages = fetch_all(cfg, apis, source, offline, fallback=True)
    lock = read_lock(cfg)
    notes = []
    for stage in stages:
        folder = _out_dir(cfg, stage.api, out)
        stage.fresh = is_fresh(folder, input_hashes(stage.api, stage.fetched), kinds)
        if stage.fresh:
            log.info(f"{stage.api.name}: spec, config and apigen unchanged; {folder} is up to date")
            continue
        build_stage(stage, kinds, lock, cfg.cache)
        new_sha = stage.fetched.normalized_sha256  # set by normalize_document
        assert stage.normalized is not None and stage.files is not None and new_sha is not None
        text = api_changes(
            folder, stage.api, stage.normalized, new_sha, lock.get(stage.api.name, {})
        )
        if text is not None:
            stage.files[CHANGES] = text.encode("utf-8")
            notes.append(text)
            log.info(f"{stage.api.name}: the API changed; see {CHANGES}")
    for stage in stages:
        if stage.fresh:
            src.commit(stage.fetched, lock=source is None)
        else:
            _write(cfg, stage, out, src, source, kinds)
    if summary is not None:
        # Present only when the API changed, so CI can test for the file itself.
        if notes:
            atomic_write(summary, "\n".join(notes).encode("utf-8"))
        else:
            summary.unlink(missing_ok=True)


def run_check(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    only: str | None = None,
) -> list[str]:
    """Regenerate in memory and list the files that differ from what is on disk."""
    _, stages = build(cfg, apis, source, offline, parse_kinds(only))
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


def run_diff(cfg: Config, api: ApiConfig, old: str, new: str, offline: bool) -> ApiDiff:
    from generator.diff import diff_documents
    from generator.normalize import Context, normalize

    src = Source(cfg, offline=offline)
    documents = []
    for ref in (old, new):
        fetched = src.fetch(api, ref)
        documents.append(normalize(fetched.document, Context(api), in_place=True).document)
    return diff_documents(api.name, documents[0], documents[1])
