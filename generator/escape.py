"""Spec text as data: one escaping function per target context, used by every emitter and
template (`generator/emit/templates.py` registers them as filters). Nothing else turns spec text
into output (HTML: Jinja's autoescape; JSON: the JSON encoder). Each function removes or escapes
every line terminator its target recognises and that target's comment and string terminators,
so no spec text can end a comment, a string, a line or a code span early, or introduce
formatting, links, mentions or markup.

Line terminators (`str.splitlines`' set): `\\n`, `\\r`, VT, FF, FS, GS, RS, NEL (U+0085), LS
(U+2028), PS (U+2029). JavaScript ends a `//` comment at `\\n`, `\\r`, LS and PS; CommonMark ends
a line at `\\n` and `\\r`; Python at `\\n` and `\\r` (and a form feed is whitespace there).
"""

from __future__ import annotations

import functools
import json
import re
import shlex
from typing import Any

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# control characters (C0, DEL, C1) and the line and paragraph separators
_CONTROL_RUNS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\s]+")
_CONTROL_NOT_BREAK = re.compile(r"[\x00-\x09\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
_TICKS = re.compile(r"`+")


def _str(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def one_line(value: Any) -> str:
    """Text on a single line: runs of whitespace and control characters (every line
    terminator among them) become one space."""
    return _CONTROL_RUNS.sub(" ", _str(value)).strip()


def lines(value: Any) -> list[str]:
    """Text split at every line terminator, other control characters made spaces, trailing
    blanks dropped, leading and trailing empty lines dropped."""
    text = _CONTROL_NOT_BREAK.sub(" ", _str(value))
    return [line.rstrip() for line in text.strip().splitlines()]


def unicode_escape(char: str) -> str:
    """`\\uXXXX` (or `\\UXXXXXXXX` past the BMP): the escape Python, Go and JSON-like
    targets read as `char`, and plain visible text in a comment."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _escape_invisible(text: str) -> str:
    """Characters that do not show (format characters such as the zero-width space and the
    bidirectional overrides of "Trojan Source", private-use and unassigned ones, spaces other
    than U+0020) written as `\\uXXXX`: in a string literal the same value, in a comment
    visible text. Code review then sees what the compiler sees."""
    if text.replace("\n", "").isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == "\n" else unicode_escape(ch) for ch in text)


# -- Python ---------------------------------------------------------------------------------


def py_comment(value: Any) -> str:
    """Text after `#`: one line, invisible characters written as escapes."""
    return _escape_invisible(one_line(value))


def py_docstring(value: Any) -> str:
    """Text inside a `\"\"\"` docstring: no quote or backslash can end or escape it; each line
    terminator a new source line (`\\n`); an invisible character its `\\uXXXX` escape (the
    same docstring, read)."""
    text = "\n".join(lines(value))
    return _escape_invisible(text.replace("\\", "\\\\").replace('"', '\\"'))


def py_string(value: Any) -> str:
    """A Python string literal (repr: every control and separator character escaped)."""
    return repr(_str(value))


def py_literal(value: Any) -> str:
    """A Python literal of strings, numbers, lists and dicts (repr escapes each string)."""
    return repr(value)


# -- TypeScript / JavaScript ------------------------------------------------------------------


def ts_comment(value: Any) -> str:
    """Text after `//`: one line (no `\\r`, LS or PS left to end the comment), invisible
    characters written as escapes."""
    return _escape_invisible(one_line(value))


def ts_jsdoc(value: Any, indent: str = "") -> str:
    """A `/** ... */` block: `*/` broken up, a leading `@` escaped (no forged tags), each line
    terminator a new ` * ` line. Empty text gives no block."""
    body = [
        re.sub(r"^(\s*)@", r"\1\\@", _escape_invisible(line).replace("*/", "*\\/"))
        for line in lines(value)
    ]
    if not body:
        return ""
    return (
        f"{indent}/**\n"
        + "".join(f"{indent} * {line}".rstrip() + "\n" for line in body)
        + f"{indent} */\n"
    )


def ts_jsdoc_tagged(value: Any, indent: str = "", tags: tuple[str, ...] = ()) -> str:
    """A `/** ... */` block (ts_jsdoc) with JSDoc tags apigen adds (`@deprecated ...`) after
    the escaped text; the tags are apigen's own text, not the spec's."""
    block = ts_jsdoc(value, indent)
    if not tags:
        return block
    lines = [f"{indent} * {tag}\n" for tag in tags]
    if not block:
        return f"{indent}/**\n" + "".join(lines) + f"{indent} */\n"
    return block[: -len(f"{indent} */\n")] + "".join(lines) + f"{indent} */\n"


def ts_string(value: Any) -> str:
    """A JavaScript/TypeScript literal (JSON, every non-ASCII character escaped, so LS and PS
    too): also valid JSON."""
    return json.dumps(value, ensure_ascii=True)


# -- TOML ---------------------------------------------------------------------------------------

_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}
_TOML_ESCAPES["\r"] = "\\r"


def toml_string(value: Any) -> str:
    """A TOML basic string: quote, backslash and control characters escaped (`\\uXXXX`);
    other Unicode kept as UTF-8 (TOML refuses surrogate escapes, so JSON's are no use)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        return _TOML_ESCAPES.get(char) or f"\\u{ord(char):04X}"

    return '"' + re.sub(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029]', escape, _str(value)) + '"'


# -- Shell -------------------------------------------------------------------------------------


def shell_word(value: Any) -> str:
    """One shell word, single-quoted where needed: nothing in it is expanded."""
    return shlex.quote(_str(value))


def shell_comment(value: Any) -> str:
    """Text after `#` in a script: one line, invisible characters written as escapes."""
    return _escape_invisible(one_line(value))


# -- Markdown (CommonMark / GitHub) -----------------------------------------------------------


def _no_mentions(text: str) -> str:
    """`@name` made inert for GitHub (a zero-width space after the `@`, as Renovate does)."""
    return text.replace("@", "@&#8203;")


def md_text(value: Any) -> str:
    """Plain text inside Markdown, on one line: no formatting, heading, link, HTML
    or @-mention can come out of it."""
    text = one_line(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _no_mentions(text)


def md_block(value: Any) -> str:
    """A Markdown paragraph from the spec: emphasis, code and lists kept; raw HTML shown as
    text; no heading, link, image or @-mention (an ATX `#`, a setext underline, `[`, `]` and
    `@` are escaped); every line terminator a line break."""
    text = _str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = []
    for line in lines(text):
        line = re.sub(r"([\[\]])", r"\\\1", line)
        line = re.sub(r"^(\s*)(#|=+\s*$|-+\s*$)", r"\1\\\2", line)
        out.append(_no_mentions(line))
    return "\n".join(out).strip()


def fence(value: Any) -> str:
    """A code fence longer than any backtick run inside `value`."""
    runs = [len(m) for m in _TICKS.findall(_str(value))]
    return "`" * max(3, max(runs, default=0) + 1)


def md_code(value: Any, *, table: bool = False) -> str:
    """An inline code span around `value`: delimited by more backticks than any run inside it,
    on one line (every line terminator a space); inside a table cell a pipe is escaped (GFM
    reads `\\|` there as a pipe)."""
    text = one_line(value)
    if table:
        text = text.replace("|", "\\|")
    ticks = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


# -- Postman ----------------------------------------------------------------------------------


def postman_value(value: str) -> str:
    """A spec-derived Postman string in which `{{` cannot name a variable (Postman substitutes
    `{{name}}` anywhere, so `{{apiKey}}` in an example would send the key): a zero-width
    joiner goes between the braces."""
    return value.replace("{{", "{\u200d{")


# -- Markdown into HTML ------------------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _safe_link(url: str) -> bool:
    """Only http(s), mailto and relative links: no javascript:, data: or others."""
    found = _SCHEME.match(url.strip())
    return found is None or found.group(0).lower() in ("http:", "https:", "mailto:")


def _markdown(disabled: tuple[str, ...], tables: bool) -> Any:
    """CommonMark without raw HTML, images or unsafe links, less the rules `disabled`."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    if tables:
        md.enable("table")
        # a cell without its alignment's `style` attribute: the page's policy allows no
        # inline style (alignment is left to the stylesheet)
        for tag in ("th", "td"):
            md.add_render_rule(f"{tag}_open", lambda *args, tag=tag: f"<{tag}>")
    md.disable(["image", "html_block", "html_inline", *disabled])
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


@functools.cache
def _commonmark() -> Any:
    return _markdown(("heading", "lheading"), tables=False)  # a description: no headings


@functools.cache
def _documents() -> Any:
    return _markdown((), tables=True)


def md_document(value: Any) -> Any:
    """A Markdown document apigen wrote (a README, the cheat-sheet, a report: spec text in them
    is escaped already) as HTML: CommonMark and tables, raw HTML shown as text, no images,
    links only to http(s), mailto and relative addresses."""
    from markupsafe import Markup

    # a code block or table may scroll sideways: it takes the keyboard's focus (raw HTML in
    # the text is escaped, so every `<pre>` and `<table>` here is one markdown-it wrote)
    html = _documents().render(_str(value))
    return Markup(
        html.replace("<pre>", '<pre tabindex="0">').replace("<table>", '<table tabindex="0">')
    )


def md_html(value: Any) -> Any:
    """A description from the spec as HTML: CommonMark with raw HTML shown as text, no images
    and no headings (a `#` line stays a paragraph), links only to http(s), mailto and relative
    addresses. Returns markup the HTML templates do not escape again."""
    return _md_html(_str(value).strip())


# A paragraph CommonMark leaves as it is: lines that start with a letter (no list, heading,
# quote, code block or break) and hold no character that could open markup, an entity or a
# hard break. Most descriptions are such; markdown-it's parse is 0.3 ms each.
_PLAIN_LINE = r"[A-Za-z][A-Za-z0-9 ,.;:?'\"()/%+=@$^{}-]*(?<! )"
_PLAIN_MD = re.compile(f"{_PLAIN_LINE}(?:\\n{_PLAIN_LINE})*")


@functools.lru_cache(maxsize=16384)
def _md_html(text: str) -> Any:
    """Rendered once per text: a schema's descriptions recur on every page that shows it."""
    from markupsafe import Markup

    if _PLAIN_MD.fullmatch(text):  # what markdown-it writes for it, without the parse
        return Markup("<p>" + text.replace('"', "&quot;") + "</p>\n")
    return Markup(_commonmark().render(text)) if text else Markup("")


def html_text(value: Any) -> Any:
    """Text for an element's content (a code block): `&`, `<` and `>` escaped, quotes kept as
    they are (they mean nothing outside an attribute), so code reads the same in the source at
    a fraction of the bytes. Never for an attribute's value."""
    from markupsafe import Markup

    return Markup(str.translate(_str(value), _TEXT))


_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


FILTERS = {
    "py_comment": py_comment,
    "py_docstring": py_docstring,
    "py_string": py_string,
    "py_literal": py_literal,
    "ts_comment": ts_comment,
    "ts_jsdoc": ts_jsdoc,
    "ts_string": ts_string,
    "toml_string": toml_string,
    "shell_word": shell_word,
    "shell_comment": shell_comment,
    "md_text": md_text,
    "md_block": md_block,
    "md_code": md_code,
    "fence": fence,
    "md_html": md_html,
    "html_text": html_text,
    "md_document": md_document,
}
