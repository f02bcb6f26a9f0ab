"""The `apigen` command line: a thin typer layer over the pipeline. Exit codes in errors.ExitCode."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from generator import log
from generator.config import Config, load_config
from generator.errors import ApigenError, ExitCode, UsageError

app = typer.Typer(
    name="apigen",
    help="Turn Permit.io's OpenAPI spec into Postman collections, curl cheat-sheets and typed clients.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")

ApisArg = Annotated[
    list[str] | None,
    typer.Argument(help="APIs from apigen.toml (default: all).", show_default=False),
]
ConfigOpt = Annotated[
    Path, typer.Option("--config", "-c", envvar="APIGEN_CONFIG", help="Config file.")
]
SourceOpt = Annotated[
    str | None,
    typer.Option(help="Redoc page, spec URL or file replacing the configured source (one API)."),
]
OutOpt = Annotated[Path | None, typer.Option(help="Write here instead of the configured output/.")]
OfflineOpt = Annotated[bool, typer.Option(help="Never touch the network: cache, then snapshot.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or status lines.")]


def _run(action: Callable[[], T]) -> T:
    """Run a command body: expected failures become one line on stderr and their exit code."""
    try:
        return action()
    except ApigenError as exc:
        log.error(str(exc))
        raise typer.Exit(int(exc.code)) from None
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        log.error("interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:
        if os.environ.get("APIGEN_DEBUG"):
            raise
        log.error(f"internal error: {type(exc).__name__}: {exc} (set APIGEN_DEBUG=1 for details)")
        raise typer.Exit(int(ExitCode.INTERNAL)) from None


def _load(
    config: Path, quiet: bool, apis: list[str] | None, source: str | None, stage: str
) -> Config:
    log.set_quiet(quiet)
    cfg = load_config(config)
    if source is not None and len(cfg.select(apis)) != 1:
        raise UsageError(
            f"--source needs exactly one API name, e.g. `apigen {stage} permit --source X`"
        )
    return cfg


def _stage(
    stage: str,
    apis: list[str] | None,
    config: Path,
    source: str | None,
    out: Path | None,
    offline: bool,
    quiet: bool,
    **extra: Any,
) -> None:
    """Load the config, check the options shared by every stage, and run `stage`."""

    def body() -> None:
        from generator import pipeline

        log.set_quiet(quiet)
        cfg = load_config(config)
        selected = cfg.select(apis)
        if source is not None and len(selected) != 1:
            raise UsageError(
                f"--source needs exactly one API name, e.g. `apigen {stage} permit --source X`"
            )
        runner = getattr(pipeline, f"run_{stage}")
        runner(cfg, selected, source=source, out=out, offline=offline, **extra)

    _run(body)


@app.command()
def fetch(
    apis: ApisArg = None,
    config: ConfigOpt = Path("apigen.toml"),
    source: SourceOpt = None,
    out: OutOpt = None,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch each API's spec and save it as OUT/<api>/source.json.

    Example: apigen fetch permit --source https://api.permit.io/v2/redoc
    """
    _stage("fetch", apis, config, source, out, offline, quiet)


@app.command()
def normalize(
    apis: ApisArg = None,
    config: ConfigOpt = Path("apigen.toml"),
    source: SourceOpt = None,
    out: OutOpt = None,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Fetch and repair each spec: OUT/<api>/openapi.json and normalize-report.{md,json}.

    Example: apigen normalize pdp --offline
    """
    _stage("normalize", apis, config, source, out, offline, quiet)


@app.command()
def generate(
    apis: ApisArg = None,
    config: ConfigOpt = Path("apigen.toml"),
    source: SourceOpt = None,
    out: OutOpt = None,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
    only: Annotated[
        str | None,
        typer.Option(help="Comma-separated artefact kinds to build (postman, curl, ...)."),
    ] = None,
    summary: Annotated[
        Path | None,
        typer.Option(help="Write the API changes of this run here (empty when none): a PR body."),
    ] = None,
) -> None:
    """Fetch, normalize and emit every artefact; falls back to cache or snapshot when offline.

    Example: apigen generate --out build/ ; apigen generate permit --only postman
    """
    _stage("generate", apis, config, source, out, offline, quiet, only=only, summary=summary)


@app.command()
def check(
    apis: ApisArg = None,
    config: ConfigOpt = Path("apigen.toml"),
    source: SourceOpt = None,
    out: OutOpt = None,
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Regenerate in memory and compare with OUT: exit 0 when identical, 1 listing what differs.

    Never writes OUT. Example: apigen check --offline
    """

    def body() -> None:
        from generator.pipeline import run_check

        cfg = _load(config, quiet, apis, source, "check")
        drift = run_check(cfg, cfg.select(apis), source=source, out=out, offline=offline)
        if drift:
            print("\n".join(drift))
            log.error(f"{len(drift)} generated file(s) differ from a fresh generation")
            raise typer.Exit(int(ExitCode.DRIFT))
        log.info("generated files are up to date")

    _run(body)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Old spec: file, spec URL or redoc page.")],
    new: Annotated[str, typer.Argument(help="New spec: file, spec URL or redoc page.")],
    api: Annotated[
        str | None, typer.Option(help="Which API's normalization to apply (default: the first).")
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="md or json.")] = "md",
    config: ConfigOpt = Path("apigen.toml"),
    offline: OfflineOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Semantic diff of two spec versions after normalization, as Markdown or JSON on stdout.

    Example: apigen diff old/openapi.json https://api.permit.io/v2/openapi.json --format json
    """

    def body() -> None:
        from generator.diff import to_json, to_markdown
        from generator.pipeline import run_diff

        if output_format not in ("md", "json"):
            raise UsageError(f"--format must be md or json, not {output_format!r}")
        cfg = _load(config, quiet, [api] if api else None, None, "diff")
        chosen = cfg.select([api] if api else None)[0]
        result = run_diff(cfg, chosen, old, new, offline)
        if output_format == "json":
            print(json.dumps(to_json(result), indent=2, ensure_ascii=False))
        else:
            print(to_markdown(result), end="")

    _run(body)


def main() -> None:
    app(prog_name="apigen")
    sys.exit(0)
