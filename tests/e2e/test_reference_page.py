"""The HTML reference as a reader uses it (issue #36), walked in Chromium against the normalized
spec (read here on its own, not through apigen's model): on its group's page, each of the 280
operations has a parameters table listing every parameter (path-level ones too), a body tree
listing every top-level property of an object body, and every documented status with its
schema and, for a JSON answer, an example. Descriptions are rendered (no Markdown markers left),
every link to a named type reaches its entry on the schemas page, and the keyboard reaches every
language tab and every tree toggle."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import search_entries, static_server
from playwright.sync_api import Browser

pytestmark = pytest.mark.slow
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# What a group page shows of each operation, read from its DOM.
READ = """() => Array.from(document.querySelectorAll("section.op")).map(op => ({
  name: op.id,
  params: Array.from(op.querySelectorAll("table.params tbody tr")).map(tr => [
    tr.querySelector("code.name").textContent, tr.children[1].textContent]),
  body: Array.from(op.querySelectorAll(".body > ul.tree > li > code.name")).map(c => c.textContent),
  variants: op.querySelectorAll(".body > ul.tree > li > .variant").length,
  answers: Array.from(op.querySelectorAll("details.answer")).map(d => ({
    status: d.querySelector(".status").textContent,
    schema: d.querySelector("p.root .type") ? d.querySelector("p.root .type").textContent : null,
    example: d.querySelector("pre.example code") ? d.querySelector("pre.example code").textContent : null,
  })),
  prose: Array.from(op.querySelectorAll(".desc, .about, table.params td:last-child"))
    .map(e => e.textContent).join("\\n"),
}))"""


def _resolve(node: Any, document: dict[str, Any]) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        found: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part.replace("~1", "/").replace("~0", "~")]
        node = found
    return node


def _expected(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operation name -> its parameters (name, in), an object body's properties, and its
    answers (status -> whether a JSON schema is documented). An array body lists its items'
    properties."""
    out = {}
    for item in document["paths"].values():
        shared = item.get("parameters", [])
        for method in METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            params = {}
            for raw in [*shared, *op.get("parameters", [])]:
                param = _resolve(raw, document)
                params[(param["name"], param["in"])] = True  # an operation's own wins
            body: list[str] = []
            variants = 0
            request = _resolve(op.get("requestBody"), document)
            if isinstance(request, dict):
                for content in request.get("content", {}).values():
                    schema = _resolve(content.get("schema"), document)
                    if isinstance(schema, dict) and schema.get("type") == "array":
                        schema = _resolve(schema.get("items"), document)  # its items' fields
                    if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                        body = list(schema["properties"])
                    for key in ("oneOf", "anyOf", "allOf"):  # a union: each variant listed
                        if isinstance(schema, dict) and isinstance(schema.get(key), list):
                            variants = len(schema[key])
                    break
            answers = {}
            for status, answer in op.get("responses", {}).items():
                answer = _resolve(answer, document)
                content = answer.get("content") or {}
                answers[status] = any("json" in media and "schema" in c
                                      for media, c in content.items())  # fmt: skip
            out[op["operationId"]] = {
                "params": set(params),
                "body": body,
                "variants": variants,
                "answers": answers,
            }
    return out


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_every_operation_documents_itself_in_the_page(
    generated: Path, browser: Browser, api: str
) -> None:
    site = generated / "site"
    document = json.loads((site / api / "openapi.json").read_text())
    expected = _expected(document)
    assert len(expected) == {"permit": 251, "pdp": 29}[api]
    pages = sorted({e["page"] for e in search_entries(site / api / "curl" / "index.html")
                    if e["page"].startswith(f"{api}/")})  # fmt: skip
    seen: dict[str, dict[str, Any]] = {}
    context = browser.new_context()
    with static_server(site) as base:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for rel in pages:
            page.goto(f"{base}/{rel}")
            for found in page.evaluate(READ):
                assert found["name"] not in seen, found["name"]
                seen[found["name"]] = found
        assert errors == []
    context.close()
    assert set(seen) == set(expected)
    for name, want in expected.items():
        found = seen[name]
        assert {tuple(p) for p in found["params"]} == want["params"], name
        assert found["body"] == want["body"], name
        assert found["variants"] == want["variants"], name
        answers = {a["status"]: a for a in found["answers"]}
        assert list(answers) == list(want["answers"]), name
        for status, has_schema in want["answers"].items():
            if has_schema:
                assert answers[status]["schema"], (name, status)
                assert answers[status]["example"] is not None, (name, status)
                json.loads(answers[status]["example"])  # the example is JSON
        # descriptions are rendered: no Markdown markers left in the text a reader sees
        for marker in ("**", "](", "`"):
            assert marker not in found["prose"], (name, marker)


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_every_type_link_reaches_its_schema(generated: Path, api: str) -> None:
    """Each `schemas.html#…` link of a group page, and each `#…` link of the schemas page,
    names an entry of the schemas page; no entry is listed twice."""
    folder = generated / "site" / api / "curl" / "reference"
    schemas = (folder / "schemas.html").read_text()
    ids = re.findall(r'<section class="schema" id="([^"]+)"', schemas)
    assert ids and len(ids) == len(set(ids))
    links = set(re.findall(r'href="#(schema-[^"]+)"', schemas))
    for page in folder.glob("*.html"):
        links |= set(re.findall(r'href="schemas\.html#([^"]+)"', page.read_text()))
    assert links and links <= set(ids), sorted(links - set(ids))[:5]


def test_the_keyboard_reaches_every_tab_and_toggle(generated: Path, browser: Browser) -> None:
    """Tab alone, from the top of a group page: each operation's selected language tab and every
    tree and answer toggle (`<summary>`) takes the focus; Enter opens a toggle, and the arrow
    keys move between an operation's tabs (test_site)."""
    site = generated / "site"
    entry = next(e for e in search_entries(site / "pdp" / "curl" / "index.html")
                 if e["name"] == "is_allowed")  # fmt: skip
    context = browser.new_context()
    with static_server(site) as base:
        page = context.new_page()
        page.goto(f"{base}/{entry['page']}")
        page.evaluate(
            "() => document.querySelectorAll('summary, [role=tab]').forEach((e, i) =>"
            " e.setAttribute('data-k', String(i)))"
        )
        wanted = set(page.eval_on_selector_all(
            "summary, [role=tab][tabindex='0']", "els => els.map(e => e.dataset.k)"
        ))  # fmt: skip
        assert len(wanted) > 10
        reached: set[str] = set()
        for _ in range(5000):
            page.keyboard.press("Tab")
            key = page.evaluate("() => document.activeElement.dataset.k || null")
            if key is not None:
                reached.add(key)
            if reached >= wanted:
                break
        assert wanted <= reached, len(wanted - reached)
        toggle = page.locator("details.answer > summary").first
        toggle.focus()
        page.keyboard.press("Enter")
        assert page.locator("details.answer").first.get_attribute("open") is not None
    context.close()
