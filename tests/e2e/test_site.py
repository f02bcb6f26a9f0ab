"""The published site and the curl page in Chromium: every link resolves, nothing errors, a
phone's width never scrolls sideways, and an operation's anchor clears the header."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from helpers import static_server
from playwright.sync_api import Browser, Page


def _page(
    browser: Browser, url: str, width: int = 1280, javascript: bool = True
) -> tuple[Page, list[str]]:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=javascript
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
        assert html_pages == ["permit/curl/index.html", "pdp/curl/index.html"]
        for link in html_pages:
            _, page_errors = _page(browser, urljoin(index, link))
            assert page_errors == [], link
    text = (site / "index.html").read_text()
    assert "pip install permit-api==" in text and "https://" not in text.split("<body>")[1]


def test_the_index_from_disk_and_without_javascript(generated: Path, browser: Browser) -> None:
    page, errors = _page(browser, (generated / "site" / "index.html").as_uri(), javascript=False)
    assert page.locator("section.api").count() == 2 and errors == []


@pytest.mark.parametrize(
    "target", ["site/index.html", "site/permit/curl/index.html", "site/pdp/curl/index.html"]
)
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
    with static_server(generated / "permit" / "curl") as base:
        page, _ = _page(browser, f"{base}/index.html#create_user", width=width)
        page.wait_for_timeout(200)
        header = page.evaluate("document.querySelector('header').getBoundingClientRect().bottom")
        heading = page.evaluate("document.querySelector('#create_user h3').getBoundingClientRect()")
        sticky = page.evaluate("getComputedStyle(document.querySelector('header')).position")
        top = heading["top"]
        assert top >= (header if sticky == "sticky" else 0) and top < 800, (width, top, header)
        assert page.locator("#create_user h3").is_visible()
