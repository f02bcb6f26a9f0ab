"""The static curl page in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

from helpers import generate_from, static_server
from hostile import hostile_spec
from playwright.sync_api import Browser, Page


def open_page(browser: Browser, url: str, *, javascript: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(java_script_enabled=javascript)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rsplit("/", 1)[0])
    context.add_init_script(
        "window.__csp = [];"
        "document.addEventListener('securitypolicyviolation',"
        " (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def test_region_switch_copy_search(generated: Path, browser: Browser) -> None:
    with static_server(generated / "permit" / "curl") as base:
        page, errors = open_page(browser, f"{base}/index.html")
        codes = page.locator("code[data-template]")
        assert codes.count() == 251
        texts = codes.all_text_contents()
        assert all("$PERMIT_API_URL" not in t for t in texts)
        assert sum("https://api.permit.io/" in t for t in texts) == 251
        page.select_option("#page-region", "https://api.eu.permit.io")
        texts = codes.all_text_contents()
        assert sum("https://api.eu.permit.io/" in t for t in texts) == 251
        assert not any("https://api.permit.io/" in t for t in texts)

        snippet = page.locator("#create_user code[data-template]")
        page.locator("#create_user-curl button.copy").click()
        page.wait_for_function(
            "document.querySelector('#create_user-curl button.copy').textContent === 'Copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == snippet.text_content()

        page.fill("#page-search", "create user")
        visible = page.locator("section.op:not(.hidden)")
        assert 0 < visible.count() < 20
        assert "create_user" in visible.evaluate_all("els => els.map(e => e.id)")
        page.fill("#page-search", "")
        assert page.locator("section.op:not(.hidden)").count() == 251
        assert page.locator("#list_users").count() == 1  # an anchor per operation
        assert errors == []


def test_all_snippets_visible_without_javascript(generated: Path, browser: Browser) -> None:
    with static_server(generated / "pdp" / "curl") as base:
        page, _ = open_page(browser, f"{base}/index.html", javascript=False)
        texts = page.locator("code[data-template]").all_text_contents()
        assert len(texts) == 29 and all("http://localhost:7766/" in t for t in texts)
        assert page.locator("code[data-template]").first.is_visible()


def test_hostile_spec_runs_no_script(browser: Browser, tmp_path: Path) -> None:
    folder = generate_from(hostile_spec(), tmp_path, "--only", "curl")
    with static_server(folder / "curl") as base:
        page, errors = open_page(browser, f"{base}/index.html")
        assert page.evaluate("window.__pwned") is None
        assert page.locator("script:not([type])").count() == 1  # and the search data block
        assert page.locator('script[type="application/json"]').count() == 1
        assert page.locator("img").count() == 0
        heading = page.locator("section.op h3").text_content() or ""
        assert '<img src=x onerror="window.__pwned=1">' in heading  # shown as text
        page.select_option("#page-region", "https://api.eu.permit.io")
        assert "$(touch pwned)" in (page.locator("code[data-template]").text_content() or "")
        assert page.evaluate("window.__pwned") is None
        assert errors == []


def test_strict_content_security_policy_and_no_violation(generated: Path, browser: Browser) -> None:
    """The page allows only its own inline script and style, by hash, and loads nothing."""
    with static_server(generated / "pdp" / "curl") as base:
        page, errors = open_page(browser, f"{base}/index.html")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert policy is not None
        assert "default-src 'none'" in policy and "'unsafe" not in policy
        assert policy.count("'sha256-") == 2
        page.select_option("#page-region", "https://cloudpdp.api.permit.io")  # the script ran
        page.fill("#page-search", "user")
        assert page.locator("section.op:not(.hidden)").count() > 0
        assert page.evaluate("window.__csp") == []
        assert errors == []


def test_a_script_the_policy_does_not_name_is_blocked(
    generated: Path, browser: Browser, tmp_path: Path
) -> None:
    """The check above can fail: one changed character in the script and Chromium blocks it."""
    html = (generated / "pdp" / "curl" / "index.html").read_text()
    (tmp_path / "index.html").write_text(html.replace('"use strict";', '"use strict"; ', 1))
    with static_server(tmp_path) as base:
        page, _ = open_page(browser, f"{base}/index.html")
        page.wait_for_function("window.__csp.length > 0")
        assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
