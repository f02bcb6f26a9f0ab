"""jinja2 over templates/: spec text is passed as data and escaped for its target, never compiled."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from pathlib import Path
from typing import Any

import jinja2

from generator import TEMPLATES
from generator.markdown import fence, md_block, md_text

__all__ = ["fence", "md_block", "md_text", "pydoc", "render", "use_cache"]


def pydoc(value: Any) -> str:
    """Text inside a Python docstring: nothing in it can end the string or escape from it."""
    text = (
        re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", str(value))
        .replace("\\", "\\\\")
        .replace('"', '\\"')
    )
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _js(value: Any) -> str:
    """A value as a JavaScript/TypeScript literal: JSON, every non-ASCII character escaped."""
    return json.dumps(value, ensure_ascii=True)


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates on disk, like Python's __pycache__: a template is compiled once, not
    on every run (Jinja checks the source checksum and its own version on load). A folder that
    cannot be written only means compiling again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


_settings: dict[str, Path | None] = {"cache": None}


def use_cache(folder: Path | None) -> None:
    """Keep compiled templates in `folder` (None: compile in memory only)."""
    if folder != _settings["cache"]:
        _settings["cache"] = folder
        _environment.cache_clear()


@functools.cache
def _environment(markdown: bool) -> jinja2.Environment:
    folder = _settings["cache"]
    cache = None
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            cache = _BytecodeCache(str(folder))
        except OSError:
            cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=cache,
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md_text=md_text,
        md_block=md_block,
        fence=fence,
        pyrepr=repr,
        tojson_py=repr,
        pydoc=pydoc,
        js=_js,
    )
    return env


def render(name: str, context: dict[str, Any], *, markdown: bool) -> str:
    """`markdown=True` means no HTML autoescape: Markdown and Python templates escape by filter."""
    return _environment(markdown).get_template(name).render(**context)
