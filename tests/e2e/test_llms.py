"""The reference for agents (issue #36): `llms.txt` at the site's root passes the llms.txt checks
one can run offline (AFDocs': an H1, a blockquote summary, sections of links, under 50,000
characters, every link a Markdown page of the site), and each page renders with markdown-it-py
and documents every operation of its group: a heading, each parameter of the normalized spec,
each top-level property of its body, each documented status, and a snippet per language."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import ROOT
from markdown_it import MarkdownIt

from generator.config import load_config
from generator.emit.curl import languages
from generator.model import build_api

pytestmark = pytest.mark.slow
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def test_llms_txt_passes_the_offline_checks(generated: Path) -> None:
    site = generated / "site"
    text = (site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# ") and lines[0].count("#") == 1
    assert next(line for line in lines[1:] if line).startswith("> ")  # the summary
    sections = [line for line in lines if line.startswith("## ")]
    assert len(sections) >= 3 and "## Optional" in sections
    assert len(text) < 50_000
    links = LINK.findall(text)
    pages = sorted(site.glob("*/curl/reference/*.md")) + sorted(site.glob("*/curl/reference.md"))
    assert len(links) == len(pages) + 1  # every page of the site's references, and llms-full
    for _, target in links:
        assert (site / target).is_file(), target
        assert target.endswith(".md") or target == "llms-full.txt", target
    full = (site / "llms-full.txt").read_text(encoding="utf-8")
    for _, target in links:
        if target.endswith(".md"):
            assert (site / target).read_text(encoding="utf-8") in full
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="text/markdown" href="llms.txt"' in index


def _sections(page: str) -> dict[str, str]:
    """An operation page's sections by their heading's text (Markdown escapes read)."""
    parts = re.split(r"^## (.+)$", page, flags=re.M)
    unescape = re.compile(r"\\(.)")
    return {
        unescape.sub(r"\1", parts[i]).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"):
        parts[i + 1] for i in range(1, len(parts), 2)
    }  # fmt: skip


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_every_operation_documents_itself_in_markdown(generated: Path, api: str) -> None:
    config = load_config(ROOT / "apigen.toml").apis[api]
    document = json.loads((generated / api / "openapi.json").read_text())
    model = build_api(config, document)
    folder = generated / "site" / api / "curl"
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    index = (folder / "reference.md").read_text(encoding="utf-8")
    unescape = re.compile(r"\\(.)")
    pages = {  # each group's page, by its name, as reference.md links it
        " ".join(unescape.sub(r"\1", label).split()): target
        for label, target in LINK.findall(index)
        if target.startswith("reference/") and target != "reference/schemas.md"
    }
    labels = [label for _, label in languages()]
    seen = 0
    for tag, ops in model.by_tag():
        if not ops:
            continue
        page = (folder / pages[" ".join(tag.name.split())]).read_text(encoding="utf-8")
        rendered = markdown.render(page)
        assert "<script" not in rendered and "javascript:" not in rendered
        sections = _sections(page)
        for op in ops:
            title = " ".join(op.title.split())  # one line, as Markdown text
            assert f"<h2>{html.escape(title, quote=False)}</h2>" in rendered, title
            section = sections[title]
            for parameter in op.parameters:
                assert f"| `{parameter.name}`" in section, (op.name, parameter.name)
            body = op.body.schema if op.body is not None else {}
            for name in _properties(body, document):
                assert f"- `{name}`:" in section, (op.name, name)
            for answer in op.responses:
                assert f"#### {answer.status}:" in section, (op.name, answer.status)
            for label in labels:
                assert f"\n{label}:\n" in section, (op.name, label)
            seen += 1
    assert seen == len(model.operations)
    assert markdown.render(index).count("<li>") >= len([t for t, o in model.by_tag() if o])
    assert 'rel="alternate" type="text/markdown" href="reference.md"' in (
        folder / "index.html"
    ).read_text(encoding="utf-8")


def _properties(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """A body's top-level properties when it is an inline object (a named one is a link)."""
    if "$ref" in schema or not isinstance(schema.get("properties"), dict):
        return []
    return list(schema["properties"])
