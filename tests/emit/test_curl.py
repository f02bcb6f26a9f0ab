"""curl snippets and cheat-sheets: format, and safety against hostile spec text."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import generate_from
from hostile import HTML_TAG, PAYLOAD, hostile_spec


def snippets(generated: Path, api: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((generated / api / "curl" / "snippets.json").read_text())
    return data


def test_snippet_shape_matches_permit_docs(generated: Path) -> None:
    create = snippets(generated, "permit")["create_user"]
    assert create["method"] == "POST" and create["scope"] == "environment"
    lines = create["snippet"].splitlines()
    assert (
        lines[0] == 'curl -X POST "$PERMIT_API_URL/v2/facts/$PERMIT_PROJECT/$PERMIT_ENV/users" \\'
    )
    assert lines[1] == '  -H "Authorization: Bearer $PERMIT_API_KEY" \\'
    assert lines[2] == "  -H 'Content-Type: application/json' \\"
    assert lines[3] == "  --data-raw '{"
    listing = snippets(generated, "permit")["list_users"]["snippet"]
    assert listing.startswith(
        "# Optional query: search=acme, role=editor, include_resource_instance_roles=false, page=1"
    )
    pdp = snippets(generated, "pdp")["is_allowed"]["snippet"]
    assert '\ncurl -X POST "$PERMIT_PDP_URL/allowed" \\\n' in pdp


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_every_snippet_passes_bash_n_and_shellcheck(
    generated: Path, tmp_path: Path, api: str, count: int
) -> None:
    items = snippets(generated, api)
    assert len(items) == count
    for name, item in items.items():
        proc = subprocess.run(["bash", "-n"], input=item["snippet"], text=True, capture_output=True)
        assert proc.returncode == 0, (name, proc.stderr)
        assert "PERMIT_API_KEY" in item["snippet"] or api == "pdp"
    script = tmp_path / "all.sh"
    script.write_text(
        "#!/usr/bin/env bash\n" + "\n".join(i["snippet"] for i in items.values()) + "\n"
    )
    proc = subprocess.run(
        ["shellcheck", "--severity=style", str(script)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout[:2000]


def test_cheatsheet_sections(generated: Path) -> None:
    text = (generated / "permit" / "curl" / "cheatsheet.md").read_text()
    assert "export PERMIT_API_URL=https://api.permit.io  # Permit US" in text
    assert "# export PERMIT_API_URL=https://api.eu.permit.io  # Permit EU" in text
    assert "- [Users](#tag-users) (8)" in text
    assert '<a id="create_user"></a>\n### Create User' in text
    assert (
        "`POST /v2/facts/{proj_id}/{env_id}/users` · API key scope: environment · `create_user`"
        in text
    )
    assert text.count("```sh\ncurl") + text.count("```sh\n# Optional") == 251


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_from(hostile_spec(), tmp_path_factory.mktemp("hostile"))


def test_hostile_snippets_run_nothing_and_keep_data_exact(hostile: Path, tmp_path: Path) -> None:
    (item,) = json.loads((hostile / "curl" / "snippets.json").read_text()).values()
    args_file = tmp_path / "args.json"
    recorder = tmp_path / "record.py"
    recorder.write_text(
        f"import json, sys\njson.dump(sys.argv[1:], open({str(args_file)!r}, 'w'))\n"
    )
    fake_curl = f'curl() {{ python3 {recorder} "$@"; }}\n'
    env = "PERMIT_API_URL=http://127.0.0.1:9 PERMIT_API_KEY=k PERMIT_PROJECT=p PERMIT_ENV=e HOME=/nonexistent"
    proc = subprocess.run(
        ["bash", "-c", f"{fake_curl}export {env}\n{item['snippet']}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert not (tmp_path / "pwned").exists()
    args = json.loads(args_file.read_text())
    body = json.loads(args[args.index("--data-raw") + 1])
    assert body["note"] == PAYLOAD and body["list"] == ["'", "`", "$(touch pwned)", "\n"]
    url = args[args.index("-X") + 2]
    assert url.startswith(
        "http://127.0.0.1:9/v2/facts/p/e/things/a%27b%24%28touch%20pwned%29%60x%60?q="
    )
    header = next(a for a in args if a.startswith("x-note:"))
    assert "\n" not in header and "$(touch pwned)" in header
    proc = subprocess.run(["bash", "-n"], input=item["snippet"], text=True, capture_output=True)
    assert proc.returncode == 0


def test_hostile_text_is_inert_in_markdown(hostile: Path) -> None:
    text = (hostile / "curl" / "cheatsheet.md").read_text()
    prose = re.sub(r"(?s)\n(`{3,})sh\n.*?\n\1\n", "\n", text)  # outside the code fences
    assert prose.count("```") == 0  # every fence, set-up included, was matched whole
    assert "<script" not in prose and "<img" not in prose
    assert "&lt;/script&gt;" in prose and "&lt;img src=x onerror=" in prose


def test_hostile_text_is_escaped_in_html(hostile: Path) -> None:
    pages = [hostile / "curl" / "index.html", *sorted((hostile / "curl").glob("reference/*.html"))]
    assert len(pages) >= 2  # the home and a group's page
    for path in pages:
        page = path.read_text()
        # the page's own two scripts (allowed by their hashes)
        assert page.count("<script>") == 2, path
        # and the search data: JSON in a data block, where no text can end the element
        assert page.count('<script type="application/json" id="apigen-search">') == 1
        block = page.split('id="apigen-search">', 1)[1].split("</script>", 1)[0]
        assert "<" not in block and "\\u003cimg" in block
        assert page.count("<script") == 3 and HTML_TAG not in page, path
    assert all("&lt;img src=x onerror=" in p.read_text() for p in pages[:2])


def test_operation_anchors_never_collide_with_the_pages_own_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """#34: operations named like the page's own elements (`search`, `region`, `language`,
    `results`, `content`, `setup`): every id on the snippets page and the site is unique."""
    from html.parser import HTMLParser

    from helpers import run_cli

    names = ["search", "region", "language", "results", "content", "setup", "setup_title"]
    paths = {
        f"/{name}": {"get": {"operationId": name, "responses": {"200": {"description": "ok"}}}}
        for name in names
    }
    spec = {"openapi": "3.1.0", "info": {"title": "Ids", "version": "1"}, "paths": paths}
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", "spec.json", "--out", "out", "-q")
    assert result.code == 0, result.stderr

    class Ids(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.ids += [v for k, v in attrs if k == "id" and v is not None]

    curl = tmp_path / "out" / "ids" / "curl"
    found: set[str] = set()
    for page in (
        curl / "index.html",
        *sorted(curl.glob("reference/*.html")),
        tmp_path / "out" / "site" / "index.html",
    ):
        parser = Ids()
        parser.feed(page.read_text())
        assert len(parser.ids) == len(set(parser.ids)), (page, sorted(parser.ids))
        if page.parent.name == "reference":
            found |= set(parser.ids)
    assert set(names) <= found  # each operation keeps its own anchor, on its group's page
