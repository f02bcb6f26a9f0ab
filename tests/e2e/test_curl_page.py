"""The static curl page in headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

from helpers import generate_from, group_page, static_server
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
    page_path = group_page(generated / "permit", "create_user")
    with static_server(generated / "permit") as base:
        page, errors = open_page(browser, f"{base}/{page_path}")
        operations = page.locator("section.op").count()
        assert operations >= 5
        codes = page.locator(".panel[data-language=curl] code")
        assert codes.count() == operations
        texts = codes.all_text_contents()
        assert all("$PERMIT_API_URL" not in t for t in texts)
        assert sum("https://api.permit.io/" in t for t in texts) == operations
        page.select_option("#page-region", "https://api.eu.permit.io")
        texts = codes.all_text_contents()
        assert sum("https://api.eu.permit.io/" in t for t in texts) == operations
        assert not any("https://api.permit.io/" in t for t in texts)

        snippet = page.locator("#create_user-curl code")
        page.locator("#create_user-curl button.copy").click()
        page.wait_for_function(
            "() => document.querySelector('#create_user-curl button.copy').textContent === 'Copied'"
        )
        assert page.evaluate("navigator.clipboard.readText()") == snippet.text_content()
        assert "https://api.eu.permit.io/v2/facts/" in (snippet.text_content() or "")

        page.fill("#page-search", "create user")
        visible = page.locator("section.op:not(.hidden)")
        assert 0 < visible.count() < operations
        assert "create_user" in visible.evaluate_all("els => els.map(e => e.id)")
        page.fill("#page-search", "")
        assert page.locator("section.op:not(.hidden)").count() == operations
        assert page.locator("#create_user").count() == 1  # an anchor per operation
        assert errors == []


def test_the_home_lists_every_operation_and_old_anchors_follow(
    generated: Path, browser: Browser
) -> None:
    """The API's home links every operation on its group's page; a link made to the home
    before the groups had pages (`index.html#create_user`) lands on the operation."""
    with static_server(generated) as base:
        page, errors = open_page(browser, f"{base}/permit/curl/index.html")
        links = page.locator("ul.ops li[data-op] a")
        assert links.count() == 251
        page.fill("#page-search", "create user")
        assert 0 < page.locator("li[data-op]:not(.hidden)").count() < 20
        page.goto(f"{base}/permit/curl/index.html#create_user")
        target = group_page(generated / "permit", "create_user")
        page.wait_for_url(f"{base}/permit/{target}#create_user")
        assert page.locator("#create_user h3").is_visible()
        assert errors == []


def test_all_snippets_visible_without_javascript(generated: Path, browser: Browser) -> None:
    page_path = group_page(generated / "pdp", "is_allowed")
    with static_server(generated / "pdp") as base:
        page, _ = open_page(browser, f"{base}/{page_path}", javascript=False)
        operations = page.locator("section.op").count()
        texts = page.locator(".panel[data-language=curl] code").all_text_contents()
        assert len(texts) == operations and all("http://localhost:7766/" in t for t in texts)
        assert page.locator(".panel[data-language=curl] code").first.is_visible()
        assert page.locator(".panel[data-language=go] code").first.is_visible()


def test_hostile_spec_runs_no_script(browser: Browser, tmp_path: Path) -> None:
    folder = generate_from(hostile_spec(), tmp_path, "--only", "curl")
    pages = ["curl/index.html", *(p.relative_to(folder).as_posix()
                                  for p in sorted(folder.glob("curl/reference/*.html")))]  # fmt: skip
    with static_server(folder) as base:
        for rel in pages:
            page, errors = open_page(browser, f"{base}/{rel}")
            assert page.evaluate("window.__pwned") is None
            # the page's two scripts, and the search data block
            assert page.locator("script:not([type])").count() == 2
            assert page.locator('script[type="application/json"]').count() == 1
            assert page.locator("img").count() == 0
            if page.locator("section.op").count():
                heading = page.locator("section.op h3").first.text_content() or ""
                assert '<img src=x onerror="window.__pwned=1">' in heading  # shown as text
                page.select_option("#page-region", "https://api.eu.permit.io")
                curl = page.locator(".panel[data-language=curl] code").first.text_content()
                assert "$(touch pwned)" in (curl or "")
            assert page.evaluate("window.__pwned") is None
            assert errors == []


def test_strict_content_security_policy_and_no_violation(generated: Path, browser: Browser) -> None:
    """The page allows only its own inline scripts and style, by hash, and loads nothing."""
    with static_server(generated / "pdp") as base:
        page, errors = open_page(browser, f"{base}/{group_page(generated / 'pdp', 'is_allowed')}")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert policy is not None
        assert "default-src 'none'" in policy and "'unsafe" not in policy
        assert policy.count("'sha256-") == 3  # two scripts and the style
        page.select_option("#page-region", "https://cloudpdp.api.permit.io")  # the script ran
        page.fill("#page-search", "allowed")
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
