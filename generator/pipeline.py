"""The pipeline, stage by stage: source -> spec -> normalize -> model -> emit -> write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator import log
from generator.config import ApiConfig, Config
from generator.emit import curl, postman, python_client
from generator.errors import SpecError, UsageError
from generator.model import Api, build_api
from generator.normalize import Context, Normalized, normalize
from generator.normalize.report import report_data, report_markdown
from generator.source import FetchResult, Source
from generator.spec import Document, validation_errors
from generator.write import dump_json, write_files

EMITTERS: dict[str, Callable[[Api, ApiConfig], dict[str, bytes]]] = {
    "postman": postman.emit,
    "curl": curl.emit,
    "python": python_client.emit,
}
KINDS = tuple(EMITTERS)


@dataclass
class Stage:
    """One API on its way through the pipeline."""

    api: ApiConfig
    fetched: FetchResult
    normalized: Normalized | None = None
    files: dict[str, bytes] | None = None


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


def normalize_document(api: ApiConfig, document: Document) -> tuple[Normalized, dict[str, bytes]]:
    """Normalize, check the result loads into openapi-pydantic, and render the report files."""
    before = validation_errors(document)
    result = normalize(document, Context(api))
    after = validation_errors(result.document)
    if after:
        raise SpecError(
            f"{api.name}: {len(after)} error(s) remain after normalization, first: {after[0]}"
        )
    data = report_data(api.name, result, before, api.disabled_passes)
    files = {
        "openapi.json": dump_json(result.document),
        "normalize-report.json": dump_json(data),
        "normalize-report.md": report_markdown(data).encode("utf-8"),
    }
    changed = sum(len(r.changes) for r in result.records.values())
    log.info(
        f"{api.name}: normalized ({changed} changes, {len(before)} validation errors repaired)"
    )
    return result, files


def _write(cfg: Config, stage: Stage, out: Path | None, src: Source, source: str | None) -> None:
    folder = _out_dir(cfg, stage.api, out)
    files = {"source.json": dump_json(stage.fetched.document), **(stage.files or {})}
    changed = write_files(folder, files, {"source": stage.fetched.sha256})
    src.commit(stage.fetched, lock=source is None)
    log.info(f"{stage.api.name}: {len(files)} files in {folder} ({len(changed)} changed)")


def run_fetch(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        _write(cfg, stage, out, src, source)


def run_normalize(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, stages = fetch_all(cfg, apis, source, offline, fallback=False)
    for stage in stages:
        stage.normalized, stage.files = normalize_document(stage.api, stage.fetched.document)
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


def emit_all(api: ApiConfig, normalized: Normalized, kinds: tuple[str, ...]) -> dict[str, bytes]:
    """Build the model once and run each requested emitter over it."""
    model = build_api(api, normalized.document)
    files: dict[str, bytes] = {}
    for kind in kinds:
        produced = EMITTERS[kind](model, api)
        files.update(produced)
        log.info(f"{api.name}: {kind}: {len(produced)} file(s)")
    return files


def run_generate(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    source: str | None,
    out: Path | None,
    offline: bool,
    only: str | None = None,
) -> None:
    kinds = parse_kinds(only)
    src, stages = fetch_all(cfg, apis, source, offline, fallback=True)
    for stage in stages:
        stage.normalized, stage.files = normalize_document(stage.api, stage.fetched.document)
        stage.files.update(emit_all(stage.api, stage.normalized, kinds))
    for stage in stages:
        _write(cfg, stage, out, src, source)
