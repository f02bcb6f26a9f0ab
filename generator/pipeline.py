"""The pipeline, stage by stage: source -> spec -> normalize -> model -> emit -> write."""

from __future__ import annotations

from pathlib import Path

from generator import log
from generator.config import ApiConfig, Config
from generator.source import FetchResult, Source
from generator.write import dump_json, write_files


def _out_dir(cfg: Config, api: ApiConfig, out: Path | None) -> Path:
    return (out if out is not None else cfg.out) / api.name


def _fetch_all(
    cfg: Config, apis: list[ApiConfig], source: str | None, offline: bool, fallback: bool
) -> tuple[Source, list[FetchResult]]:
    """Fetch every API first, so a failure on any of them leaves all output as it was."""
    src = Source(cfg, offline=offline, fallback=fallback)
    results = []
    for api in apis:
        log.info(f"{api.name}: fetching {source or api.source}")
        result = src.fetch(api, source)
        log.info(
            f"{api.name}: spec from {result.origin} ({result.spec_url}), sha256 {result.sha256[:12]}"
        )
        results.append(result)
    return src, results


def run_fetch(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, results = _fetch_all(cfg, apis, source, offline, fallback=False)
    for api, result in zip(apis, results, strict=True):
        folder = _out_dir(cfg, api, out)
        write_files(folder, {"source.json": dump_json(result.document)}, {"source": result.sha256})
        src.commit(result)
        log.info(f"{api.name}: wrote {folder / 'source.json'}")


def run_normalize(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    run_fetch(cfg, apis, source=source, out=out, offline=offline)


def run_generate(
    cfg: Config, apis: list[ApiConfig], *, source: str | None, out: Path | None, offline: bool
) -> None:
    src, results = _fetch_all(cfg, apis, source, offline, fallback=True)
    for api, result in zip(apis, results, strict=True):
        folder = _out_dir(cfg, api, out)
        write_files(folder, {"source.json": dump_json(result.document)}, {"source": result.sha256})
        src.commit(result)
        log.info(f"{api.name}: wrote {folder}")
