"""A client method renamed by apigen or its configuration, not by the spec, is SDK-breaking:
each generation records its names (clients/names.json); the next compares, reports
`client-method-renamed` and bumps the clients a major version. Output from before that file
existed named methods after operation ids, and counts as such."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import repo_config, run_cli
from specs import op, spec

SPEC = spec(
    {
        "/users": {
            "get": op("list_users", tags=["Users"]),
            "post": op("create_user", tags=["Users"]),
        }
    },
    tags=[{"name": "Users"}],
)


def _generate(folder: Path) -> Path:
    source = folder / "spec.json"
    source.write_text(json.dumps(SPEC))
    config = (
        repo_config(folder) if not (folder / "apigen.toml").exists() else folder / "apigen.toml"
    )
    result = run_cli(
        "generate", "permit", "--source", str(source), "--out", str(folder / "out"),
        "--only", "python", "-q", "-c", str(config),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    return folder / "out" / "permit"


def test_names_are_recorded_and_a_rename_is_a_major_bump(tmp_path: Path) -> None:
    out = _generate(tmp_path)
    names = json.loads((out / "clients" / "names.json").read_text())
    assert names == {"GET /users": "users.list", "POST /users": "users.create"}
    assert 'version = "1.0.0"' in (out / "clients" / "python" / "pyproject.toml").read_text()
    # as if the last generation (an older apigen, or another configuration) had named it so
    names["POST /users"] = "users.create_user"
    (out / "clients" / "names.json").write_text(json.dumps(names))
    (out / "manifest.json").unlink()  # not up to date: generate again
    out = _generate(tmp_path)
    changes = (out / "CHANGES.md").read_text()
    assert "Version: permit-api 1.0.0 -> 2.0.0 (major: 1 breaking change)." in changes
    assert "client method `users.create_user` -> `users.create` [SDK]" in changes
    assert json.loads((out / "clients" / "names.json").read_text())["POST /users"] == "users.create"


def test_output_without_names_counts_as_named_by_operation_id(tmp_path: Path) -> None:
    out = _generate(tmp_path)
    (out / "clients" / "names.json").unlink()  # output of an apigen before the file existed
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["inputs"] = {}  # not up to date, its client files still listed
    (out / "manifest.json").write_text(json.dumps(manifest))
    out = _generate(tmp_path)
    changes = (out / "CHANGES.md").read_text()
    assert "(major: 2 breaking changes)" in changes
    assert "client method `users.list_users` -> `users.list` [SDK]" in changes
