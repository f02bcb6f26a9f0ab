"""Spec text is data: generator/escape.py's functions hold for their targets, every template
output goes through one of them (or is on a reviewed list of values apigen itself makes), and a
spec whose every text field tries to break out (tests/support/hostile.py BREAKOUTS) gives artefacts that
generate, import, compile and render with nothing escaping: no marker file or global set, no
heading, link or mention in any Markdown, `{{apiKey}}` nowhere but the collection's auth."""

from __future__ import annotations

import ast
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jinja2
import pytest
from helpers import ROOT, SHARED, TSC, generate_from
from hostile import BREAKOUTS, TEXT, hostile_everywhere_spec
from jinja2 import nodes
from markdown_it import MarkdownIt

from generator.escape import (
    FILTERS,
    md_block,
    md_code,
    md_text,
    py_comment,
    py_docstring,
    py_string,
    toml_string,
    ts_comment,
    ts_jsdoc,
    ts_string,
)
from generator.kinds import template_filters

TERMINATORS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]

# Template outputs that need no escaping filter, per template: values apigen makes itself.
# - identifiers from the naming layer (generator/schema/naming.py: keywords, collisions and
#   characters outside [A-Za-z0-9_] already handled): classes, methods, properties, options;
# - numbers and lengths; operation names (normalized snake_case ids) and section slugs;
# - apigen.toml values its loader validates (package and class names, regions, the scope path);
# - code the emitters compose from escaped parts (`doc`: py_docstring / ts_jsdoc; type
#   expressions; the macros `signature`, `params`, `overloads` ... whose own outputs are on
#   this list or filtered), and fences and snippets built by generator/emit/curl.py from
#   shell_word / percent-encoding, inside a fence longer than any backtick run;
# - HTML templates are autoescaped (Jinja's HTML escaping), so only `|safe` is looked at there:
#   apigen's own style and script, allowed by hash in the page's CSP.
# A new output of spec text must use a filter from generator.escape.FILTERS (or a language's
# own, generator.kinds.template_filters) instead.
ALLOWED: dict[str, set[str]] = {
    "go/go.mod.j2": {"module"},  # a module path [apis.<api>.go] checks (generator.emit.go.settings)
    "go/README.md.j2": {
        "CondExpr",  # ", " between region constants
        "const",  # a region constant's name, an identifier apigen made
        "example.code",  # a program apigen wrote (Go literals escaped), inside a fence
        "package",  # a Go package name [apis.<api>.go] checks ([a-z][a-z0-9]*), in Go code
        "row.same",  # yes / no
        "sdk_calls|length",
        "sdk_calls|selectattr|list|length",
    },
    "curl/cheatsheet.md.j2": {
        "api.operations|length",
        "fence_",
        "item['name']",
        "item['snippet']",
        "items|length",
        "line",
        "slug",
    },
    "curl/page.js.j2": {
        "Concat|tojson",
    },
    "curl/page.css.j2": {
        "key",  # a client language's key from the registry (generator.kinds), not spec text
    },
    "python/README.md.j2": {
        "CondExpr",  # " | " between region literals
        "api_url_env",  # an environment variable name from the config
        "region_type",  # an identifier apigen made
        "row.same",  # yes / no
        "sdk_calls|length",
        "sdk_calls|selectattr|list|length",
        "api_key_env",
        "client_async",
        "client_sync",
        "distribution",
        "error_class",
        "example.code",
        "groups|length",
        "models",
        "operations",
        "package",
        "path_variables.environment|default",
        "path_variables.project|default",
        "regions|join",
        "scope_path",
        "version",
    },
    "python/__init__.py.j2": {
        "client_import",  # an import line of class names apigen made
        "error_class",
        "name",
    },
    "python/client.py.j2": {
        "api_url_env",  # an environment variable name from the config
        "region_type",  # an identifier apigen made
        "abc|join",  # collections.abc names
        "check.bulk_method",  # an HTTP method from the config
        "check.method",
        "check.resource",  # annotations apigen made
        "check.user",
        "error_class",
        "Or",  # m.created or m.returns: a class name or an annotation apigen made
        "forward(...)",
        "g.name",
        "m.created",
        "m.created_field",
        "out|join",
        "own",
        "'{'",
        "'}'",
        "CondExpr",
        "ad",
        "api_key_env",
        "arg(...)",
        "aw",
        "core",
        "default_region",
        "doc",
        "group.classes[Add]",
        "group.classes[flavour]",
        "group.doc",
        "group.name",
        "it.item",
        "it.items",
        "it.name",
        "it.page_count",
        "it.per_page.name",
        "key",
        "m.body.name",
        "m.doc",
        "m.name",
        "m.parse",
        "m.returns",
        "name",
        "ov.default",
        "ov.returns",
        "ov.type",
        "p.default",
        "p.name",
        "p.role",
        "p.type",
        "regions|join",
        "scope_path",
        "signature(...)",
        "typing|join",
    },
    "python/pyproject.toml.j2": {
        "package",
    },
    "typescript/README.md.j2": {
        "CondExpr",  # " | " between region literals
        "api_url_env",  # an environment variable name from the config
        "region_type",  # an identifier apigen made
        "row.same",  # yes / no
        "sdk_calls|length",
        "sdk_calls|selectattr|list|length",
        "api_key_env",
        "client",
        "default_region",
        "error_class",
        "example.code",
        "groups|length",
        "operations",
        "package",
        "package|replace|replace",
        "regions|join",
        "scope_path",
        "types",
        "version",
    },
    "typescript/client.ts.j2": {
        "api_url_env",  # an environment variable name from the config
        "region_type",  # an identifier apigen made
        "Concat",  # {ErrorClass} in a @throws tag
        "check.bulk_method",  # an HTTP method from the config
        "check.method",
        "check.query",  # an identifier apigen made
        "check.resource",  # types apigen made
        "check.user",
        "error_class",
        "Or",  # m.created or m.returns: a type apigen made
        "m.created_field",  # a snake_case name from the config
        "CondExpr",
        "api_key_env",
        "call_args(...)",
        "client",
        "default_region",
        "f.doc",
        "f.name",
        "f.role",
        "f.type",
        "group.classes.raw",
        "group.classes.sync",
        "group.doc",
        "group.name",
        "it.item",
        "it.items",
        "it.name",
        "it.page.name",
        "it.page_count",
        "it.per_page.name",
        "it.result",
        "key",
        "m.doc",
        "m.doc|replace",
        "m.name",
        "m.options_name",
        "m.returns",
        "options_type(...)",
        "ov.switch.name",
        "ov.type",
        "overloads(...)",
        "p.name",
        "p.type",
        "params(...)",
        "regions|join",
        "scope_path",
        "title_doc",
    },
    "typescript/index.ts.j2": {
        "api_url_env",  # an environment variable name from the config
        "region_type",  # an identifier apigen made
        "check.query",  # an identifier apigen made
        "client",
        "error_class",
        "group.classes.raw",
        "group.classes.sync",
        "m.options_name",
        "name",
    },
}
# the page's own style and script (allowed by hash), and its search data: a JSON data block
# apigen builds (generator.emit.curl.search_block) with every `<` escaped as \u003c
SAFE_IN_HTML = {"style|safe", "script|safe", "head_script|safe", "search|safe"}


def _canon(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_canon(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        return f"{_canon(node.node)}[{_canon(node.arg)}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Filter):
        return f"{_canon(node.node)}|{node.name}" if node.node is not None else node.name
    if isinstance(node, nodes.Call):
        return f"{_canon(node.node)}(...)"
    return type(node).__name__


def _unescaped(template: Path) -> set[str]:
    tree = jinja2.Environment().parse(template.read_text(encoding="utf-8"))
    out = set()
    for output in tree.find_all(nodes.Output):
        for expr in output.nodes:
            if isinstance(expr, nodes.TemplateData):
                continue
            if isinstance(expr, nodes.Filter) and (
                expr.name in FILTERS or expr.name in template_filters()  # a language's own
            ):
                continue
            out.add(_canon(expr))
    return out


def test_every_template_output_is_escaped_or_made_by_apigen() -> None:
    templates = sorted((ROOT / "templates").rglob("*.j2"))
    assert len(templates) >= 15
    for template in templates:
        name = str(template.relative_to(ROOT / "templates"))
        found = _unescaped(template)
        if name.endswith(".html.j2"):
            unsafe = {e for e in found if e.endswith("|safe")} - SAFE_IN_HTML
            assert not unsafe, f"{name}: |safe on {sorted(unsafe)}"
            continue
        extra = found - ALLOWED.get(name, set())
        assert not extra, f"{name}: output without an escaping filter: {sorted(extra)}"


def test_the_scan_sees_an_unescaped_output() -> None:
    template = ROOT / "tests" / "support" / "data.json"  # any text: the scan parses Jinja
    assert _unescaped(template) == set()
    probe = ROOT / ".apigen-cache" / "probe.md.j2"
    probe.parent.mkdir(exist_ok=True)
    probe.write_text("{{ tag.description }} {{ tag.name | md_text }} {{ x | replace('a', 'b') }}")
    try:
        assert _unescaped(probe) == {"tag.description", "x|replace"}
    finally:
        probe.unlink()


@pytest.mark.parametrize("text", BREAKOUTS)
def test_python_escapers(text: str) -> None:
    source = (
        f'"""{py_docstring(text)}"""\n'
        f"# {py_comment(text)}\n"
        f"value = {py_string(text)}\n"
        "done = True\n"
    )
    tree = ast.parse(source)
    assert len(tree.body) == 3  # the docstring, value, done: nothing else became code
    namespace: dict[str, object] = {}
    exec(compile(tree, "<escape>", "exec"), namespace)
    assert namespace["value"] == text and namespace["done"] is True


@pytest.mark.parametrize("text", BREAKOUTS + TERMINATORS)
def test_typescript_escapers_leave_one_statement(text: str) -> None:
    """Each escaped form inside the code a TypeScript file has: what is left after removing the
    comment and the string is exactly the code around them."""
    line = ts_comment(text)
    assert not any(t in line for t in TERMINATORS)
    block = ts_jsdoc(text, "  ")
    assert block == "" or (block.count("*/") == 1 and block.rstrip().endswith("*/"))
    assert not any(t in block for t in TERMINATORS if t != "\n")
    literal = ts_string(text)
    assert json.loads(literal) == text and literal.isascii()


@pytest.mark.parametrize("text", BREAKOUTS + TERMINATORS)
def test_toml_string_round_trips(text: str) -> None:
    parsed = tomllib.loads(f"a = {toml_string(text)}\nb = 1\n")
    assert parsed == {"a": text, "b": 1}
    assert tomllib.loads(f"a = {toml_string('日本 🙂')}")["a"] == "日本 🙂"


MD = MarkdownIt("commonmark").enable("table")


def _forged(markdown: str) -> list[str]:
    """Headings and links the BREAKOUTS try to introduce, and @-mentions."""
    found = []
    tokens = MD.parse(markdown)
    stack = list(tokens)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            content = tokens[index + 1].content.lstrip("#= ")
            if content.startswith("FORGED"):
                found.append(f"heading {content[:40]!r}")
    while stack:
        token = stack.pop()
        if token.type == "link_open" and "evil" in str(token.attrGet("href") or "").split("#")[0]:
            found.append(f"link {token.attrGet('href')}")
        if token.type in ("text", "html_inline") and re.search(r"(^|\s)@octocat", token.content):
            found.append(f"mention {token.content[:40]!r}")
        stack.extend(token.children or [])
    return found


@pytest.mark.parametrize("text", BREAKOUTS + TERMINATORS)
def test_markdown_escapers_introduce_nothing(text: str) -> None:
    for escaped in (md_text(text), md_block(text), md_code(text), md_code(text, table=True)):
        assert _forged(f"# Title\n\nbefore {escaped} after\n") == []
    assert MD.parse(f"a {md_code(text)} b")[1].children[1].type == "code_inline"
    assert "\r" not in md_code(text) and "\u2028" not in md_text(text)


def test_the_markdown_check_sees_forged_structure() -> None:
    assert len(_forged("x\r# FORGED\n[FORGED](https://evil.example.test)\ncc @octocat\n")) == 3


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated twice: first without the hostile operation and schema names, then with them,
    so that CHANGES.md and the pull request body (`--summary`) name them too."""
    folder = tmp_path_factory.mktemp("hostile")
    before = hostile_everywhere_spec()
    before["paths"] = {}
    before["components"] = {"schemas": {"Plain": {"type": "object"}}}
    generate_from(before, folder)
    return generate_from(hostile_everywhere_spec(), folder, "--summary", str(folder / "pr.md"))


def test_hostile_python_package_imports_without_running_spec_text(
    hostile_out: Path, tmp_path: Path
) -> None:
    package = hostile_out / "clients" / "python"
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import permit_api, permit_api.models, permit_api.client; print('imported')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(package)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0 and "imported" in result.stdout, result.stderr[-2000:]
    assert not (tmp_path / "pwned").exists()
    pyproject = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    assert "injected" not in pyproject and pyproject["project"]["description"].count("\r") >= 1


def test_hostile_typescript_package_compiles_and_imports_without_running_spec_text(
    hostile_out: Path, tmp_path: Path
) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(hostile_out / "clients" / "typescript", package)
    built = subprocess.run(
        [str(TSC["7"]), "-p", "tsconfig.json"], cwd=package, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout[-3000:]
    probe = (
        "const m = await import(process.argv[1]);"
        "console.log(JSON.stringify({ pwned: globalThis.PWNED ?? null, "
        "client: typeof m.PermitApi }));"
    )
    index = (package / "dist" / "index.js").as_uri()
    ran = subprocess.run(
        ["node", "--input-type=module", "-e", probe, index],
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert json.loads(ran.stdout) == {"pwned": None, "client": "function"}


def test_hostile_markdown_has_no_forged_headings_links_or_mentions(hostile_out: Path) -> None:
    documents = sorted(hostile_out.rglob("*.md"))
    names = {p.name for p in documents}
    assert {"cheatsheet.md", "normalize-report.md", "README.md", "CHANGES.md"} <= names
    summary = hostile_out.parent.parent / "pr.md"
    assert "create" in summary.read_text(encoding="utf-8").lower()
    for document in [*documents, summary]:
        assert _forged(document.read_text(encoding="utf-8")) == [], document


def test_hostile_api_key_variable_only_in_auth(hostile_out: Path) -> None:
    text = (hostile_out / "postman" / "permit.postman_collection.json").read_text()
    collection = json.loads(text)
    assert collection["auth"]["bearer"][0]["value"] == "{{apiKey}}"
    assert text.count("{{apiKey}}") == 1
    report = (hostile_out / "normalize-report.md").read_text(encoding="utf-8")
    assert "template-braces" in report


def test_hostile_text_survives_as_data(hostile_out: Path) -> None:
    """Escaped, not dropped: the JSON artefacts carry the spec text as it was."""
    snippets = json.loads((hostile_out / "curl" / "snippets.json").read_text())
    assert len(snippets) == 1
    spec = json.loads((hostile_out / "openapi.json").read_text())
    assert spec["info"]["title"] == f"Hostile{TEXT}"
    assert os.path.exists(hostile_out / "clients" / "typescript" / "src" / "types.ts")


def test_contract_data_never_reads_as_a_postman_variable() -> None:
    """The contract tests' data carries spec text (property names, enums, patterns): `{{`
    is written `{\\u007b`, the same value for JSON and JavaScript, never a Postman variable."""
    from generator.emit.contract import _json

    value = {"a{{apiKey}}": ["{{{x}}}", "{{", "\u2028"], "b": {"c": {}}}
    text = _json(value)
    assert "{{" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_descriptions_render_as_commonmark_and_nothing_more() -> None:
    """md_html (a description on the snippets page) and md_document (the site's README,
    cheat-sheet and report pages): Markdown renders; raw HTML is text; no javascript: or data:
    link, no image (the page would fetch it), no heading in a description, no inline style."""
    from generator.escape import md_document, md_html

    text = (
        "**bold** `code` [ok](https://a.test) [mail](mailto:a@b.test) [rel](../x.md)\n"
        "[bad](javascript:alert(1)) [data](data:text/html,x) ![img](https://a.test/i.png)\n"
        "<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n# Heading\n\n"
        "| a | b |\n|--:|:-:|\n| 1 | 2 |"
    )
    for html in (str(md_html(text)), str(md_document(text))):
        assert "<strong>bold</strong>" in html and "<code>code</code>" in html
        assert 'href="https://a.test"' in html and 'href="mailto:a@b.test"' in html
        assert 'href="../x.md"' in html
        assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
        assert 'href="data:' not in html and "<img" not in html and "<script" not in html
        assert "&lt;script&gt;" in html and " style=" not in html
    assert "<h1>" not in str(md_html(text)) and "<h1>Heading</h1>" in str(md_document(text))
    assert '<table tabindex="0">' in str(md_document(text)) and str(md_html("")) == ""


def test_hostile_go_module_is_clean_go(hostile_out: Path) -> None:
    """Spec text everywhere (names, descriptions, enums, paths) gives a Go module that gofmt
    leaves alone and go vet and staticcheck pass: nothing of it became Go code."""
    from golang import STATICCHECK, go

    module = hostile_out / "clients" / "go"
    for command in (("fmt", "./..."), ("vet", "./..."), ("run", STATICCHECK, "./...")):
        checked = go(*command, cwd=module)
        assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr


def _texts(value: object, found: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("description", "summary") and isinstance(item, str):
                found.add(item.strip())
            _texts(item, found)
    elif isinstance(value, list):
        for item in value:
            _texts(item, found)


def test_plain_descriptions_skip_the_parse_and_read_as_markdown_it_writes_them() -> None:
    """md_html writes a plain paragraph without markdown-it's parse: for every description of
    Permit's specs and for random text over CommonMark's markers (seeded), what it writes is what
    markdown-it writes, and the shortcut is taken often enough to be tested."""
    from generator.escape import _PLAIN_MD, _commonmark, md_html

    texts: set[str] = set()
    for spec in sorted((SHARED / "specs" / "permit").glob("*.json")):
        _texts(json.loads(spec.read_text()), texts)
    rng = random.Random(7)
    alphabet = "aZ09 ,.;:?'\"()/%+=@$^{}-\n\t*_`#>[]<&!|~\\"
    texts |= {
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(30_000)
    }
    plain = 0
    for text in sorted(t.strip() for t in texts if t.strip()):
        plain += _PLAIN_MD.fullmatch(text) is not None
        assert str(md_html(text)) == _commonmark().render(text), repr(text)
    assert plain > 1_000
