"""The reference's search at the size of the largest public APIs: search data that every page
carries grows with the API, not with its square (Microsoft Graph beta's 6.7 MB of it in each of
its 830 pages came to 5.6 GB, and the site stage then ran out of memory). Above
generator.emit.curl.SEARCH_BUDGET the API's home carries every operation and each group's page
its own, with a link that runs the same search on the home; in Chromium, a search on a group's
page still reaches every operation. And `llms.txt` stays under AFDocs' 50,000 characters for an
API of a thousand groups (Graph beta's was 108,072)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from helpers import generate_from, static_server
from playwright.sync_api import Browser

from generator.emit.curl import (
    SEARCH_BLOCK,
    SEARCH_BUDGET,
    Elsewhere,
    read_elsewhere,
    read_search_block,
    search_block,
)
from generator.site import widened

GROUPS, EACH = 8, 80  # 640 operations, each with a long summary: over the budget


def big_spec() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for g in range(GROUPS):
        for i in range(EACH):
            summary = f"Reads widget {g}-{i} of shelf {g}, " + "with every field it holds " * 5
            paths[f"/shelves/{g}/widgets/{i}"] = {
                "get": {
                    "operationId": f"read_widget_{g}_{i}",
                    "summary": f"Read widget {g} {i}",
                    "description": summary,
                    "tags": [f"Shelf {g}"],
                    "responses": {"200": {"description": "The widget"}},
                }
            }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Widget Store", "version": "1.0.0"},
        "servers": [{"url": "https://widgets.example.com"}],
        "paths": paths,
        "components": {"securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
        "security": [{"key": []}],
    }


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    generate_from(big_spec(), folder, "--only", "curl,site")
    return folder / "out"


def carried(page: Path) -> tuple[list[dict[str, str]], list[Elsewhere]]:
    (block,) = SEARCH_BLOCK.findall(page.read_text())
    return read_search_block(block), read_elsewhere(block)


def test_each_page_carries_its_own_and_the_home_every_operation(big: Path) -> None:
    for root in (big / "permit" / "curl", big / "site" / "permit" / "curl"):
        every, elsewhere = carried(root / "index.html")
        assert len(every) == GROUPS * EACH and elsewhere == []
        assert len(search_block(every)) > SEARCH_BUDGET  # the case under test
        pages = sorted((root / "reference").glob("*.html"))
        groups = [p for p in pages if p.name != "schemas.html"]
        assert len(groups) == GROUPS
        seen: list[str] = []
        for page in pages:
            entries, elsewhere = carried(page)
            assert elsewhere == [
                Elsewhere("Widget Store", "permit/curl/index.html", GROUPS * EACH)
            ], page
            text = page.read_text()
            (block,) = SEARCH_BLOCK.findall(text)
            assert len(block) <= SEARCH_BUDGET, page
            # exactly the operations the page documents, each pointing at it
            documented = sorted(re.findall(r'<section class="op" id="([^"]+)"', text))
            assert sorted(e["name"] for e in entries) == documented, page
            assert {e["page"] for e in entries} <= {f"permit/curl/reference/{page.name}"}
            seen += documented
        assert sorted(seen) == sorted(e["name"] for e in every)  # every operation, once


def test_permit_pages_still_carry_every_operation(generated: Path) -> None:
    """Below the budget nothing changes: every page of Permit's reference (and the PDP's)
    carries both APIs' operations whole, and no link elsewhere."""
    site = generated / "site"
    index, _ = carried(site / "permit" / "curl" / "index.html")
    for page in [site / "index.html", *sorted(site.glob("*/curl/reference/*.html"))]:
        entries, elsewhere = carried(page)
        assert elsewhere == [] and entries == index, page
    assert {e["api"] for e in index} == {"Permit.io API", "Permit.io PDP"}


def _page(api: str, title: str, names: list[str], page: str, more: list[Elsewhere]) -> bytes:
    entries = [
        {"api": title, "name": n, "title": n, "method": "GET", "path": f"/{n}", "summary": "",
         "page": f"{api}/curl/{page}"}
        for n in names
    ]  # fmt: skip
    return f"<html>{search_block(entries, more)}</html>".encode()


def test_the_site_widens_small_apis_whole_and_links_large_ones() -> None:
    """Two small APIs and a large one: every page carries the small ones whole; the large one's
    group pages carry their own and every page links the large one's home."""
    many = [f"op{i}_" + "x" * 300 for i in range(500)]  # over the budget
    home = Elsewhere("Big", "big/curl/index.html", len(many))
    files = {
        "a/curl/index.html": _page("a", "A", ["a1", "a2"], "reference/g.html", []),
        "a/curl/reference/g.html": _page("a", "A", ["a1", "a2"], "reference/g.html", []),
        "big/curl/index.html": _page("big", "Big", many, "reference/g.html", []),
        "big/curl/reference/g.html": _page("big", "Big", many[:3], "reference/g.html", [home]),
        "c/curl/index.html": _page("c", "C", ["c1"], "reference/h.html", []),
    }
    index = widened(files, sorted(files))

    def names(block: str) -> tuple[list[str], list[Elsewhere]]:
        return [e["name"] for e in read_search_block(block)], read_elsewhere(block)

    def of(rel: str) -> tuple[list[str], list[Elsewhere]]:
        (block,) = SEARCH_BLOCK.findall(files[rel].decode())
        return names(block)

    (block,) = SEARCH_BLOCK.findall(index)
    assert names(block) == (["a1", "a2", "c1"], [home])
    assert of("a/curl/index.html") == of("a/curl/reference/g.html") == (["a1", "a2", "c1"], [home])
    assert of("c/curl/index.html") == (["a1", "a2", "c1"], [home])
    assert of("big/curl/index.html") == (["a1", "a2", *many, "c1"], [])
    assert of("big/curl/reference/g.html") == (["a1", "a2", *many[:3], "c1"], [home])


def test_a_search_on_a_group_page_reaches_every_operation(big: Path, browser: Browser) -> None:
    with static_server(big / "site") as base:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/permit/curl/reference/shelf-0.html")
        page.fill("#page-search", "read_widget_5_7")  # another group's operation
        assert page.locator("#page-results li").count() == 0
        more = page.locator("#page-results p a")
        assert more.text_content() == f"Search all {GROUPS * EACH} operations of Widget Store"
        assert more.get_attribute("href") == "../../../permit/curl/index.html?q=read_widget_5_7"
        page.keyboard.press("Enter")  # no operation here: the first link is the home's search
        page.wait_for_url(f"{base}/permit/curl/index.html?q=read_widget_5_7")
        first = page.locator("#page-results li a").first
        assert (
            first.get_attribute("href")
            == "../../permit/curl/reference/shelf-5.html#read_widget_5_7"
        )
        assert page.locator("#page-search").input_value() == "read_widget_5_7"
        page.locator("#page-search").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}/permit/curl/reference/shelf-5.html#read_widget_5_7")
        assert page.locator("#read_widget_5_7 h3").is_visible()
        # this page's own operations are still found here, with the home's search after them
        page.fill("#page-search", "read widget 5 3")
        found = page.eval_on_selector_all(
            "#page-results a", "els => els.map(e => e.getAttribute('href'))"
        )
        assert found[0] == "#read_widget_5_3" and found[-1].endswith(
            "index.html?q=read%20widget%205%203"
        )
        assert errors == []
        context.close()


def test_llms_txt_stays_under_its_limit_for_an_api_of_a_thousand_groups() -> None:
    """AFDocs reads llms.txt whole, under 50,000 characters: past that the API with the most
    groups links its overview alone (which links each group's page); a small API beside it
    keeps its group links, and every link is a page of the site."""
    from generator.site import LLMS_LIMIT, llms

    files: dict[str, bytes] = {}
    entries = []
    for api, count in (("small", 3), ("huge", 1000)):
        index = "\n".join(f"- [Group {i}](reference/g{i}.md): 3 operations" for i in range(count))
        files[f"{api}/curl/reference.md"] = f"# {api}\n\n{index}\n".encode()
        for i in range(count):
            files[f"{api}/curl/reference/g{i}.md"] = f"# Group {i}\n".encode()
        entries.append({"name": api, "title": api.title(), "operations": 3 * count})
    text = llms(files, entries, "Site", ["curl"])["llms.txt"].decode()
    assert len(text) <= LLMS_LIMIT
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert all(target in files or target == "llms-full.txt" for target in links)
    assert [t for t in links if t.startswith("small/")] == [
        "small/curl/reference.md",
        *(f"small/curl/reference/g{i}.md" for i in range(3)),
    ]
    assert [t for t in links if t.startswith("huge/")] == ["huge/curl/reference.md"]
    assert "its 1000 groups' pages are linked there" in text
