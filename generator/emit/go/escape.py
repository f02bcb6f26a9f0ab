"""Spec text into Go source: string literals, comments and struct tags. Text is data: nothing in it
can end a literal or a comment, start a doc-comment list, heading or code block, or change a
declaration (`Deprecated:` is apigen's own word only)."""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable

from generator.escape import unicode_escape

_RISKY_START = re.compile(r"^(?:[-*+•#>|]+\s*|(\d+)[.)]\s+)")
_SPACE = re.compile(r"\s+")
# the characters encoding/json accepts in a tag's name (encoding/json isValidTag)
_TAG_NAME = re.compile(r"^[A-Za-z0-9!#$%&()*+\-./:;<=>?@\[\]^_{|}~ ]+$")
# printable ASCII but the quote and the backslash: a literal as it stands
_PLAIN = re.compile(r"[ !#-\[\]-~]*")


def go_string(value: object) -> str:
    """A Go interpreted string literal of `value`'s text (control, quote, backslash, non-printable
    and line-separator characters escaped; other non-ASCII kept, as Go source is UTF-8)."""
    text = str(value)
    if _PLAIN.fullmatch(text):
        return f'"{text}"'
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\uFFFD")  # a lone surrogate cannot be UTF-8
        elif code >= 0x80 and not ch.isprintable():  # LS, PS and the BOM among them
            out.append(unicode_escape(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _paragraph(text: str) -> str:
    flat = _SPACE.sub(" ", text).strip()
    match = _RISKY_START.match(flat)
    if match:  # a list item, heading or quote in doc-comment syntax: plain text instead
        flat = (f"({match.group(1)}) " if match.group(1) else "") + flat[match.end() :]
    # gofmt's doc comments turn `` and '' into curly quotes: keep the characters apart
    while "``" in flat or "''" in flat:
        flat = flat.replace("``", "` `").replace("''", "' '")
    if flat.startswith("Deprecated:"):
        flat = "Marked deprecated: " + flat[len("Deprecated:") :].lstrip()
    return flat


def _old_heading(line: str) -> bool:
    """Whether go/doc/comment (isOldHeading, Go 1.19+) could take the line for a heading: a
    capital first, a letter or digit last, none of its excluded characters, an apostrophe only
    in a possessive 's, a full stop only before a non-space."""
    if not line or not (line[0].isalpha() and line[0].isupper()) or not line[-1].isalnum():
        return False
    if any(c in line for c in ';:!?+*/=[]{}_^°&§~%#@<">\\'):
        return False
    parts = line.split("'")[1:]
    if any(not (p == "s" or p.startswith("s ")) for p in parts):
        return False
    return all(p and not p.startswith(" ") for p in line.split(".")[1:])


# big specs repeat their descriptions (GitHub: 15,000 comments, far fewer texts)
@functools.lru_cache(maxsize=16384)
def go_comment(text: str, indent: str = "", width: int = 96) -> str:
    """`text` as `//` comment lines (each ending in a newline), plain paragraphs wrapped at
    `width`; "" for no text. No line starts with a doc-comment marker, so gofmt keeps it."""
    cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in text)
    paragraphs = [p for p in (_paragraph(p) for p in re.split(r"\n\s*\n", cleaned)) if p]
    for index, paragraph in enumerate(paragraphs):  # more comment may follow: even the last
        if len(paragraph) <= width and _old_heading(paragraph):
            paragraphs[index] += "."  # a line gofmt would take for a heading (`# ...`)
    lines: list[str] = []
    for paragraph in (p for p in paragraphs if p):
        if lines:
            lines.append("")
        wrapped = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
        for line in wrapped:
            if lines and lines[-1] and _RISKY_START.match(line):
                lines[-1] += " " + line  # never start a line with a marker
            else:
                lines.append(line)
    return "".join(f"{indent}//{' ' + line if line else ''}\n" for line in lines)


def tag_name(wire: str) -> bool:
    """Whether a property's name can be a json struct tag's name (else the struct keeps it among
    its extra fields)."""
    return bool(_TAG_NAME.match(wire))


FILTERS: dict[str, Callable[..., str]] = {"go_string": go_string, "go_comment": go_comment}
