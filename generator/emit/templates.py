"""jinja2 over templates/: spec text is passed as data and escaped for its target, never compiled."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import Any

import jinja2

from generator import TEMPLATES
from generator.escape import FILTERS
from generator.kinds import template_filters

__all__ = ["changed_bytecode", "render", "use_cache"]


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
    return _new(markdown, cache)


def _new(markdown: bool, cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """The environment every template is rendered in: HTML-escaping, or (`markdown`) escaping
    by filter alone; strict about undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=cache,
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(template_filters())  # a language's own escapers (generator.kinds)
    return env


def render(name: str, context: dict[str, Any], *, markdown: bool) -> str:
    """`markdown=True` means no HTML autoescape: Markdown and Python templates escape by filter."""
    return _environment(markdown).get_template(name).render(**context)


def changed_bytecode(folder: Path) -> list[str]:
    """The templates whose compiled form kept in `folder` is not what their source compiles
    to (`generate --locked` refuses to run beside them: the cache was changed). A kept form of
    another source or Jinja version is not read by Jinja at all, so it does not count. Each
    template is compiled by one of the two environments (HTML, or Markdown and code): what is
    kept must be one of those."""
    if not folder.is_dir():
        return []
    store = _BytecodeCache(str(folder))
    envs = [_new(markdown) for markdown in (False, True)]
    changed = []
    for name in envs[0].list_templates(extensions=["j2"]):
        source, filename, _ = envs[0].loader.get_source(envs[0], name)  # type: ignore[union-attr]
        bucket = jinja2.bccache.Bucket(
            envs[0], store.get_cache_key(name, filename), store.get_source_checksum(source)
        )
        store.load_bytecode(bucket)
        if bucket.code is None:
            continue  # nothing kept for this source
        if all(bucket.code != env.compile(source, name, filename) for env in envs):
            changed.append(name)
    return changed
