"""Status lines on stderr: rich on a terminal, plain text otherwise, nothing with --quiet."""

from __future__ import annotations

import functools
import sys
from typing import Any

_state = {"quiet": False}


@functools.cache
def _console() -> Any:
    from rich.console import Console  # only on a terminal: rich costs start-up time

    return Console(stderr=True, highlight=False)


def set_quiet(quiet: bool) -> None:
    _state["quiet"] = quiet


def _emit(prefix: str, style: str, message: str) -> None:
    if sys.stderr.isatty():
        from rich.text import Text

        # Text, not markup: messages carry URLs and spec text that must not be interpreted.
        _console().print(Text.assemble((prefix, style), " ", message), soft_wrap=True)
    else:
        print(f"{prefix} {message}", file=sys.stderr, flush=True)


def info(message: str) -> None:
    if not _state["quiet"]:
        _emit("apigen:", "cyan", message)


def warn(message: str) -> None:
    if not _state["quiet"]:
        _emit("apigen: warning:", "yellow", message)


def error(message: str) -> None:
    """Errors are printed even with --quiet: they explain the exit code."""
    _emit("apigen: error:", "bold red", message)
