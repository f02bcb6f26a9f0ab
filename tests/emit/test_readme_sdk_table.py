"""The client READMEs' "Coming from permit-node / permit-python" tables: every generated call
they name exists in the package, and at least nine in ten SDK calls are spelled the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from client_calls import load_package

ROW = re.compile(
    r"^\| `api\.([\w.]+)` \| `api\.(\w+)\.(\w+)` \| (yes|no) \| `(\w+) ([^`]+)` \|$", re.M
)


def _rows(readme: Path) -> list[tuple[str, str, str, bool]]:
    rows = [(m[1], m[2], m[3], m[4] == "yes") for m in ROW.finditer(readme.read_text())]
    assert rows, f"{readme}: no SDK table"
    for sdk_call, group, method, same in rows:
        assert same == (sdk_call == f"{group}.{method}")
    assert sum(r[3] for r in rows) / len(rows) >= 0.9
    return rows


def test_python_readme_table(generated: Path) -> None:
    readme = generated / "permit" / "clients" / "python" / "README.md"
    assert "## Coming from permit-python" in readme.read_text()
    package = load_package(generated, "permit")
    api = package.PermitApi(api_key="k", base_url="http://127.0.0.1:9")
    for _, group, method, _ in _rows(readme):
        assert callable(getattr(getattr(api, group), method)), f"{group}.{method}"


def test_typescript_readme_table(generated: Path) -> None:
    folder = generated / "permit" / "clients" / "typescript"
    assert "## Coming from permit-node" in (folder / "README.md").read_text()
    source = (folder / "src" / "client.ts").read_text()
    props = dict(re.findall(r"^  readonly (\w+): (\w+);$", source, re.M))
    for _, group, method, _ in _rows(folder / "README.md"):
        cls = props[group]
        body = source.split(f"\nexport class {cls} {{", 1)[1].split("\n}\n", 1)[0]
        assert re.search(rf"^  async {method}\(", body, re.M), f"{group}.{method}"


def test_pdp_has_no_sdk_table(generated: Path) -> None:
    """An API without `sdk_calls` gets no table."""
    for language in ("python", "typescript"):
        text = (generated / "pdp" / "clients" / language / "README.md").read_text()
        assert "Coming from" not in text


@pytest.mark.parametrize("language", ["python", "typescript"])
def test_the_sync_example_uses_one_key(generated: Path, language: str) -> None:
    """The README's sync example sends the same key in the path and in the body."""
    text = (generated / "permit" / "clients" / language / "README.md").read_text()
    section = text.split("## Sync a user", 1)[1].split("\n## ", 1)[0]
    keys = re.findall(r"['\"]key['\"]: ['\"]([^'\"]+)['\"]", section)
    path_key = re.search(r"sync\(\s*['\"]([^'\"]+)['\"]", section)
    assert keys and path_key and path_key[1] == keys[0], section


GO_ROW = re.compile(
    r"^\| `Api\.([\w.]+)` \| `client\.(\w+)\.(\w+)` \| (yes|no) \| `(\w+) ([^`]+)` \|$", re.M
)


def test_go_readme_table(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """permit-golang's calls: each row's method exists on the Go client's service for that
    field and reaches the row's endpoint, `same` says whether permit-golang spells it so, and at
    least nine in ten are spelled the same."""
    folder = generated / "permit" / "clients" / "go"
    readme = (folder / "README.md").read_text()
    assert "## Coming from permit-golang" in readme
    rows = GO_ROW.findall(readme)
    assert len(rows) >= 80
    client = (folder / "client.go").read_text()
    services = (folder / "services.go").read_text()
    fields = dict(re.findall(r"^\t(\w+) +\*(\w+Service)$", client, re.M))
    for call, group, method, same, verb, path in rows:
        assert (same == "yes") == (call == f"{group}.{method}")
        deprecated = r"(?://\n// Deprecated: .*\n)?"  # an alias: permit-golang's second name
        found = re.search(
            rf"^// {verb} (\S+)\n{deprecated}func \(s \*{fields[group]}\) {method}\(",
            services,
            re.M,
        )
        assert found is not None and found.group(1) == path, (group, method)
    same = sum(r[3] == "yes" for r in rows)
    assert same / len(rows) >= 0.9, (same, len(rows))
    with capsys.disabled():
        print(f"\npermit-golang: {same} of {len(rows)} calls spelled the same")
