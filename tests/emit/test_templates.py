"""generator/emit/templates.py: spec text escaped for its target, never compiled as a template."""

from __future__ import annotations

import ast

from generator.emit.templates import render
from generator.escape import fence, md_block, md_text
from generator.escape import py_docstring as pydoc

HOSTILE = "a *b* _c_ `d` [e](f) <script>x</script> | # {{ 7*7 }} \\ \" ''' \x00"


def test_md_text_leaves_no_formatting_links_or_html() -> None:
    text = md_text(HOSTILE + "\n\nnext")
    assert "<" not in text and "\n" not in text
    for char in "*_`[]()|#{}":
        assert f"\\{char}" in text
    assert "{{ 7*7 }}" not in text  # no template syntax survives as such either


def test_md_block_keeps_formatting_but_shows_html_as_text() -> None:
    assert md_block("**bold**\n<b>x</b>  \n") == "**bold**\n&lt;b&gt;x&lt;/b&gt;"


def test_fence_is_longer_than_any_backtick_run() -> None:
    assert fence("no ticks") == "```"
    assert fence("a ```` b") == "`````"


def test_pydoc_cannot_end_the_docstring() -> None:
    source = f'"""{pydoc(HOSTILE)}"""\nvalue = 1\n'
    tree = ast.parse(source)
    assert isinstance(tree.body[0], ast.Expr) and len(tree.body) == 2


def test_spec_text_is_data_not_template() -> None:
    context = {
        "title": "{{ 7*7 }} {% raise %}",
        "regions": {"us": "https://x.test"},
        "default_region": "us",
        "api_key_env": "K",
        "user_agent": "u",
        "error_class": "E",
        "path_variables": {},
    }
    text = render("python/_settings.py.j2", context, markdown=True)
    assert "{{ 7*7 }} {% raise %}" in text and "49" not in text
    ast.parse(text)
