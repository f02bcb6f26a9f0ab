"""The `apigen` command line: a thin argparse layer over the pipeline. Exit codes in errors.ExitCode.

argparse (standard library) rather than a framework: a run starts in milliseconds, which is
most of a small regeneration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from generator import log
from generator.errors import ApigenError, ExitCode, UsageError
from generator.kinds import all_kinds

DESCRIPTION = (
    "Turn an OpenAPI 3.0 or 3.1 spec into Postman collections, an API reference with curl "
    "and client snippets, and typed Python, TypeScript and Go clients; diff two versions of "
    "it (the APIs and their settings: apigen.toml; none needed for one spec file)."
)


class _Parser(argparse.ArgumentParser):
    """Usage errors: one line on stderr and exit 2 (ExitCode.BAD_INPUT), like every other error."""

    def error(self, message: str) -> NoReturn:
        log.error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(int(ExitCode.BAD_INPUT))


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        "-c",
        type=Path,
        metavar="FILE",
        default=Path(os.environ.get("APIGEN_CONFIG") or "apigen.toml"),
        help="Config file (default: $APIGEN_CONFIG, else apigen.toml).",
    )


def _command(
    commands: Any, name: str, summary: str, example: str, *, stage: bool = True
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=f"{summary}\n\nExample: {example}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if stage:
        parser.add_argument(
            "apis", nargs="*", metavar="API", help="APIs from apigen.toml (default: all)."
        )
    _config_option(parser)
    if stage:
        parser.add_argument(
            "--source",
            metavar="PAGE_URL_OR_FILE",
            help="Redoc page, spec URL or file replacing the configured source (one API).",
        )
        parser.add_argument(
            "--out", type=Path, metavar="DIR", help="Write here instead of the configured output/."
        )
        parser.add_argument(
            "--auth",
            metavar="SCHEME",
            help="Without apigen.toml: the security a spec that declares none gets (bearer, "
            "basic or apikey:header|query|cookie:NAME), as add_security does in a config.",
        )
    parser.add_argument(
        "--offline", action="store_true", help="Never touch the network: cache, then snapshot."
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="An overlay action that matches nothing is an error (exit 4), not a warning.",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="No progress or status lines.")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="apigen", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _command(
        commands,
        "fetch",
        "Fetch each API's spec and save it as OUT/<api>/source.json.",
        "apigen fetch API --source https://api.example.com/redoc",
    )
    _command(
        commands,
        "normalize",
        "Fetch and repair each spec: OUT/<api>/openapi.json and normalize-report.{md,json}.",
        "apigen normalize API --offline",
    )
    generate = _command(
        commands,
        "generate",
        "Fetch, normalize and emit every artefact; falls back to cache or snapshot when offline.",
        "apigen generate --out build/ ; apigen generate --source openapi.yaml --only postman",
    )
    generate.add_argument(
        "--only",
        metavar="KINDS",
        help=f"Comma-separated artefact kinds to build ({', '.join(all_kinds())}).",
    )
    generate.add_argument(
        "--summary",
        type=Path,
        metavar="FILE",
        help="Write the API changes of this run here (absent when none): a PR body.",
    )
    generate.add_argument(
        "--locked",
        action="store_true",
        help="Build only from the spec apigen.lock.json records (its sha256); another is exit 4.",
    )
    _command(
        commands,
        "check",
        "Regenerate in memory and compare with OUT: exit 0 when identical, 1 listing what "
        "differs. Never writes OUT.",
        "apigen check --offline",
    )
    diff = _command(
        commands,
        "diff",
        "Semantic diff of two spec versions after normalization, as Markdown or JSON on stdout.",
        "apigen diff old/openapi.json new/openapi.json --format json",
        stage=False,
    )
    diff.add_argument("old", help="Old spec: file, spec URL or redoc page.")
    diff.add_argument("new", help="New spec: file, spec URL or redoc page.")
    diff.add_argument(
        "--api", metavar="API", help="Which API's normalization to apply (default: the first)."
    )
    diff.add_argument(
        "--format", dest="output_format", default="md", metavar="md|json", help="md or json."
    )
    init = commands.add_parser(
        "init",
        help="Write an apigen.toml for a spec: what `generate --source` derives, commented.",
        description=(
            "Write apigen.toml (or --config FILE) for one spec file, with what apigen derives "
            "from it (name, regions from servers) and the settings worth editing, commented. "
            "Refuses to overwrite.\n\nExample: apigen init --source openapi.yaml"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("--source", required=True, metavar="FILE", help="The spec file.")
    _config_option(init)
    init.add_argument("--quiet", "-q", action="store_true", help="No status lines.")
    publish = commands.add_parser(
        "publish",
        help="Deliver generated artefacts: `publish postman` syncs collections and environments.",
        description=(
            "Push each API's Postman collection and region environments to a workspace "
            "($POSTMAN_API_KEY; --workspace or $POSTMAN_WORKSPACE_ID; $POSTMAN_API_URL).\n\n"
            "Example: POSTMAN_API_KEY=... apigen publish postman --workspace 1f0d..."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    publish.add_argument("target", choices=["postman"], help="Where to publish: postman.")
    publish.add_argument(
        "apis", nargs="*", metavar="API", help="APIs from apigen.toml (default: all)."
    )
    publish.add_argument("--workspace", metavar="ID", help="Postman workspace id.")
    _config_option(publish)
    publish.add_argument(
        "--out", type=Path, metavar="DIR", help="Read generated files here instead of output/."
    )
    publish.add_argument("--quiet", "-q", action="store_true", help="No status lines.")
    return parser


def _run(action: Callable[[], int]) -> int:
    """Run a command body: expected failures become one line on stderr and their exit code."""
    try:
        return action()
    except ApigenError as exc:
        log.error(str(exc))
        return int(exc.code)
    except KeyboardInterrupt:
        log.error("interrupted")
        return 130
    except Exception as exc:
        if os.environ.get("APIGEN_DEBUG"):
            raise
        log.error(f"internal error: {type(exc).__name__}: {exc} (set APIGEN_DEBUG=1 for details)")
        return int(ExitCode.INTERNAL)


def _default_config() -> Path:
    return Path(os.environ.get("APIGEN_CONFIG") or "apigen.toml")


def _configless(config: Path) -> bool:
    """Whether a run has no apigen.toml: the default one is absent, or --config /dev/null."""
    default = _default_config()
    return config == Path(os.devnull) or (config == default and not default.exists())


def _derived(source: str, out: Path | None, auth: str | None, label: str) -> Any:
    """The configuration derived from a spec file (generator.derive), said in the log as
    derived from `label`."""
    from generator.derive import derive

    cfg, said = derive(source, Path.cwd(), out, auth=auth)
    log.info(f"no {_default_config()}: derived from {label}: " + "; ".join(said))
    return cfg


def _config_or_derived(args: argparse.Namespace) -> Any:
    """apigen.toml, or, when there is none and `--source` names a spec file, a configuration
    derived from the spec."""
    from generator.config import load_config

    if _configless(args.config) and args.source is not None:
        cfg = _derived(args.source, args.out, args.auth, "the spec")
        if args.apis and args.apis != list(cfg.apis):
            raise UsageError(f"without {_default_config()}, the API is {next(iter(cfg.apis))!r}")
        return cfg
    if getattr(args, "auth", None) is not None:
        raise UsageError(
            f"--auth is for a run without apigen.toml; with {args.config}, set add_security "
            "in the API's table"
        )
    return load_config(args.config)


def _stage(args: argparse.Namespace) -> int:
    """fetch, normalize, generate, check: load the config, check shared options, run the stage."""
    from generator import pipeline

    cfg = _config_or_derived(args)
    selected = cfg.select(args.apis or None)
    if args.source is not None and len(selected) != 1:
        raise UsageError(
            f"--source with {args.config} needs the one configured API it replaces (`apigen "
            f"{args.command} API --source FILE`); for a spec of another API, run without a "
            "config: in a folder without apigen.toml, or with --config /dev/null"
        )
    common = {
        "source": args.source,
        "out": args.out,
        "offline": args.offline,
        "strict": args.strict,
    }
    if args.command == "generate":
        pipeline.run_generate(
            cfg, selected, **common, only=args.only, summary=args.summary, locked=args.locked
        )
    elif args.command == "check":
        drift = pipeline.run_check(cfg, selected, **common)
        if drift:
            print("\n".join(drift))
            log.error(f"{len(drift)} generated file(s) differ from a fresh generation")
            return int(ExitCode.DRIFT)
        log.info("generated files are up to date")
    else:
        getattr(pipeline, f"run_{args.command}")(cfg, selected, **common)
    return 0


def _init(args: argparse.Namespace) -> int:
    from generator.derive import derive, init_text
    from generator.write import atomic_write

    if args.config.exists():
        raise UsageError(f"{args.config}: exists already; `init` does not overwrite a config")
    cfg, said = derive(args.source, args.config.resolve().parent, None)
    atomic_write(args.config, init_text(cfg, args.source).encode("utf-8"))
    log.info(f"wrote {args.config}: " + "; ".join(said))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.publish import run_publish

    cfg = load_config(args.config)
    run_publish(cfg, cfg.select(args.apis or None), out=args.out, workspace=args.workspace)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.diff import to_json, to_markdown
    from generator.pipeline import run_diff

    if args.output_format not in ("md", "json"):
        raise UsageError(f"--format must be md or json, not {args.output_format!r}")
    if _configless(args.config):
        # the normalization defaults derived from a spec file, as `generate --source` derives
        # them (like oasdiff, `apigen diff OLD NEW` needs nothing else)
        from generator.util import is_url

        local = next((ref for ref in (args.new, args.old) if not is_url(ref)), None)
        if local is None:
            raise UsageError(
                f"without {_default_config()}, one of the two specs must be a local file"
            )
        cfg = _derived(local, None, None, local)
    else:
        cfg = load_config(args.config)
    chosen = cfg.select([args.api] if args.api else None)[0]
    result = run_diff(cfg, chosen, args.old, args.new, args.offline, strict=args.strict)
    if args.output_format == "json":
        print(json.dumps(to_json(result), indent=2, ensure_ascii=False))
    else:
        print(to_markdown(result), end="")
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    """Parse `argv` and run the command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return int(ExitCode.BAD_INPUT)
    log.set_quiet(args.quiet)
    commands = {"diff": _diff, "publish": _publish, "init": _init}
    return _run(lambda: commands.get(args.command, _stage)(args))


def main() -> None:
    code = run()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing left to say
        pass
    # Every file is written and closed by now: skip tearing down the spec's object tree one
    # object at a time (as mypy does), which costs big specs tens of milliseconds.
    os._exit(code)
