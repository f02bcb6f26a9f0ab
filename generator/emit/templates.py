"""jinja2 over templates/: spec text is passed as data and escaped for its target, never compiled."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def md_text(value: Any) -> str:
    """Plain text inside Markdown: no formatting, links or HTML can come out of it."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+!|~])", r"\\\1", text)


def md_block(value: Any) -> str:
    """A Markdown paragraph from the spec: its formatting kept, raw HTML shown as text."""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def fence(value: Any) -> str:
    """A code fence longer than any backtick run inside `value`."""
    runs = [len(m) for m in re.findall(r"`+", str(value))]
    return "`" * max(3, max(runs, default=0) + 1)


def pydoc(value: Any) -> str:
    """Text inside a Python docstring: nothing in it can end the string or escape from it."""
    text = (
        re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", str(value))
        .replace("\\", "\\\\")
        .replace('"', '\\"')
    )
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@functools.cache
def _environment(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        md_text=md_text, md_block=md_block, fence=fence, pyrepr=repr, tojson_py=repr, pydoc=pydoc
    )
    return env


def render(name: str, context: dict[str, Any], *, markdown: bool) -> str:
    """`markdown=True` means no HTML autoescape: Markdown and Python templates escape by filter."""
    return _environment(markdown).get_template(name).render(**context)
