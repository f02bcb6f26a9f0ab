"""The published site and its API reference pages in Chromium, as a reader uses them: every link
resolves, nothing errors, the index uses the screen and a phone's width never scrolls sideways,
an operation's anchor clears the header, a language chosen once stays chosen, every snippet is
readable without JavaScript, one search finds every API's operations, and axe-core finds no
accessibility violation on any page at 1280 or 375 px."""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from helpers import ROOT, group_page, static_server
from playwright.sync_api import Browser, Page

AXE = ROOT / "tools" / "node" / "node_modules" / "axe-core" / "axe.min.js"


def _page(
    browser: Browser, url: str, width: int = 1280, javascript: bool = True, bypass_csp: bool = False
) -> tuple[Page, list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": 800},
        java_script_enabled=javascript,
        bypass_csp=bypass_csp,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page, errors


def test_every_link_on_the_index_resolves(generated: Path, browser: Browser) -> None:
    site = generated / "site"
    with static_server(site.parent) as base:  # served from a sub-path: links must be relative
        index = f"{base}/site/index.html"
        page, errors = _page(browser, index)
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        assert len(links) >= 16
        assert all(not re.match(r"^([a-z]+:|/)", link) for link in links), links  # relative only
        for link in links:
            response = page.request.get(urljoin(index, link))
            assert response.status == 200, link
        assert errors == []
        html_pages = [link for link in links if link.endswith(".html")]
        snippets = [link for link in html_pages if link.endswith("curl/index.html")]
        assert snippets == ["permit/curl/index.html", "pdp/curl/index.html"]
        documents = [link for link in html_pages if link not in snippets]
        # each Markdown document (READMEs, cheat-sheets, reports) as a page, its Markdown beside
        assert len(documents) >= 10 and all(d[:-5] + ".md" in links for d in documents)
        for link in html_pages:
            _, page_errors = _page(browser, urljoin(index, link))
            assert page_errors == [], link
    text = (site / "index.html").read_text()
    body = text.split("<body", 1)[1]
    assert "pip install permit-api==" in text and 'href="https://' not in body  # no remote link
    # a reader's facts: regions, how the key travels, a newman run, the spec's digest
    assert "<code>https://api.eu.permit.io</code>" in body and "Authorization header" in body
    assert "newman run postman/permit.postman_collection.json -e postman/permit-us." in body
    assert re.search(r"sha256 <code>[0-9a-f]{16}…</code>", body)
    assert "Every link here is relative" not in body  # no text about how the site is built


def test_the_index_from_disk_and_without_javascript(generated: Path, browser: Browser) -> None:
    page, errors = _page(browser, (generated / "site" / "index.html").as_uri(), javascript=False)
    assert page.locator("section.api").count() == 2 and errors == []
    assert page.locator("#page-search").count() == 1  # the search is there, inert without script


# every kind of page: the site's index, an API's home, a group's page, the schemas page
PAGES = [
    "index.html",
    "permit/curl/index.html",
    "pdp/curl/index.html",
    "permit/curl/reference/users.html",
    "permit/curl/reference/roles.html",
    "pdp/curl/reference/authorization-api.html",
    "permit/curl/reference/schemas.html",
]


@pytest.mark.parametrize("target", [f"site/{page}" for page in PAGES])
def test_nothing_scrolls_sideways_on_a_phone(
    generated: Path, browser: Browser, target: str
) -> None:
    with static_server(generated) as base:
        page, errors = _page(browser, f"{base}/{target}", width=375)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (target, width)
        assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_an_anchor_shows_its_heading_below_the_header(
    generated: Path, browser: Browser, width: int
) -> None:
    with static_server(generated / "permit") as base:
        target = group_page(generated / "permit", "create_user")
        page, _ = _page(browser, f"{base}/{target}#create_user", width=width)
        page.wait_for_timeout(200)
        header = page.evaluate("document.querySelector('header').getBoundingClientRect().bottom")
        heading = page.evaluate("document.querySelector('#create_user h3').getBoundingClientRect()")
        sticky = page.evaluate("getComputedStyle(document.querySelector('header')).position")
        top = heading["top"]
        assert top >= (header if sticky == "sticky" else 0) and top < 800, (width, top, header)
        assert page.locator("#create_user h3").is_visible()


def test_the_index_uses_the_page_width(generated: Path, browser: Browser) -> None:
    page, errors = _page(browser, (generated / "site" / "index.html").as_uri())
    width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert width >= 0.6 * 1280, width
    assert errors == []


def test_a_chosen_language_stays_chosen(generated: Path, browser: Browser) -> None:
    """Chosen on one API's page: shown on every operation, after a reload and on the other
    API's page; the tabs follow the keyboard (arrow keys)."""
    site = generated / "site"
    pdp, permit = group_page(site / "pdp", "is_allowed"), group_page(site / "permit", "create_user")
    with static_server(site) as base:
        page, errors = _page(browser, f"{base}/pdp/{pdp}")
        operations = page.locator("section.op").count()
        shown = "#is_allowed .panel:not([hidden])"
        assert page.locator(shown).get_attribute("data-language") == "curl"
        page.click("#is_allowed-python-tab")
        assert page.locator(".panel[data-language=python]:not([hidden])").count() == operations
        assert page.locator(".panel[data-language=python]:visible").count() == operations
        assert page.locator(".panel[data-language=curl]:not([hidden])").count() == 0
        page.reload()
        assert page.locator(shown).get_attribute("data-language") == "python"
        assert page.input_value("#page-language") == "python"
        page.focus("#is_allowed-python-tab")
        page.keyboard.press("ArrowRight")
        assert page.locator(shown).get_attribute("data-language") == "typescript"
        page.goto(f"{base}/permit/{permit}")
        assert (
            page.locator("#create_user .panel:not([hidden])").get_attribute("data-language")
            == "typescript"
        )
        page.select_option("#page-language", "curl")
        assert (
            page.locator("#create_user .panel:not([hidden])").get_attribute("data-language")
            == "curl"
        )
        assert errors == []


def test_without_javascript_every_snippet_is_readable(generated: Path, browser: Browser) -> None:
    site = generated / "site"
    target = site / "permit" / group_page(site / "permit", "create_user")
    page, errors = _page(browser, target.as_uri(), javascript=False)
    languages = (("curl", "curl"), ("python", "Python"), ("typescript", "TypeScript"), ("go", "Go"))
    for language, label in languages:
        panel = page.locator(f"#create_user-{language}")
        assert panel.is_visible() and panel.locator("code").is_visible()
        assert panel.locator("h4").text_content() == label
    # every language of every operation on the page
    assert page.locator(".panel:visible").count() == 4 * page.locator("section.op").count()
    assert errors == []


def _results(page: Page, query: str) -> list[str]:
    page.fill("#page-search", query)
    return page.eval_on_selector_all(
        "#page-results a", "els => els.map(e => e.getAttribute('href'))"
    )


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("create_user", "permit/curl/reference/users.html#create_user"),  # name
        ("POST /v2/facts/{proj_id}/{env_id}/users", "permit/curl/reference/users.html#create_user"),
        ("creates a new user inside", "permit/curl/reference/users.html#create_user"),  # summary
        ("is_allowed", "pdp/curl/reference/authorization-api.html#is_allowed"),
        ("/allowed", "pdp/curl/reference/authorization-api.html#is_allowed"),
        ("Is Allowed", "pdp/curl/reference/authorization-api.html#is_allowed"),
    ],
)
def test_search_from_the_index_finds_every_api(
    generated: Path, browser: Browser, query: str, target: str
) -> None:
    with static_server(generated / "site") as base:
        page, errors = _page(browser, f"{base}/index.html")
        page.keyboard.press("/")  # focuses the search
        assert page.evaluate("document.activeElement.id") == "page-search"
        found = _results(page, query)
        assert found and found[0] == target, found[:5]
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/{target}")
        anchor = target.split("#")[1]
        top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
        assert 0 <= top < 800
        assert errors == []


def test_search_on_an_api_page_reaches_the_other_api(generated: Path, browser: Browser) -> None:
    with static_server(generated / "site") as base:
        page, errors = _page(browser, f"{base}/permit/curl/reference/users.html")
        found = _results(page, "/allowed")[0]
        assert found == "../../../pdp/curl/reference/authorization-api.html#is_allowed"
        assert _results(page, "create_user")[0] == "#create_user"  # this page: its anchor
        page.keyboard.press("Enter")
        assert page.url.endswith("/permit/curl/reference/users.html#create_user")
        assert page.locator("#create_user").is_visible()  # the filter was cleared
        assert errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_on_every_page_of_the_site(generated: Path, browser: Browser, width: int) -> None:
    """axe-core (pinned in tools/node), injected into every HTML page the site publishes (the
    index, each API's home, every group page, the schemas pages and the documents) as served
    (its policy set aside for axe's own script alone), at a desktop's and a phone's width: no
    violation of any impact, and no script error."""
    site = generated / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 50
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    found: dict[str, list[dict[str, Any]]] = {}
    with static_server(site) as base:
        for rel in pages:
            page.goto(f"{base}/{rel}")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(
                "async () => (await axe.run(document)).violations"
                ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
            )
            if violations:
                found[rel] = violations
    context.close()
    assert found == {}, found
    assert errors == []


def test_the_benchmarks_server_sends_gzip_only_to_a_client_that_accepts_it(tmp_path: Path) -> None:
    """bench/pages.py serves the pages gzipped, as a production server would (helpers)."""
    page = tmp_path / "page.html"
    page.write_bytes(b"<p>" + b"text " * 2000 + b"</p>")
    with static_server(tmp_path, compress=True) as base:
        asked = urllib.request.Request(f"{base}/page.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked) as answer:
            assert answer.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(answer.read()) == page.read_bytes()
        with urllib.request.urlopen(f"{base}/page.html") as answer:
            assert answer.headers["Content-Encoding"] is None
            assert answer.read() == page.read_bytes()
