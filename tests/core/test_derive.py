"""A configuration derived from the spec (generator/derive.py): `apigen generate --source`
without an apigen.toml, and `apigen init`, which writes it down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

from generator.config import Region, load_config
from generator.derive import LOCAL, identifier, regions_from

SPEC = {
    "openapi": "3.0.3",
    "info": {"title": "Acme Widgets API (v2)", "version": "2"},
    "servers": [
        {
            "url": "{scheme}://api.{region}.acme.test/v2",
            "description": "Production",
            "variables": {"scheme": {"default": "https"}, "region": {"default": "eu"}},
        },
        {"url": "/v2", "description": "Same origin"},
    ],
    "paths": {
        "/widgets": {"get": {"operationId": "list", "responses": {"200": {"description": "ok"}}}}
    },
}  # fmt: skip


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Acme Widgets API (v2)", "acme_widgets_api_v2"),
        ("Swagger Petstore - OpenAPI 3.0", "swagger_petstore_openapi_3_0"),
        ("3D Printing", "api_3d_printing"),
        ("日本", "api"),
        # #37/#34: a possessive is no word; a long title keeps whole words up to 32 characters
        ("GitHub's official OpenAPI spec + Octokit extension", "github_official_openapi_spec"),
        ("Really " * 3000, "really_really_really_really"),
    ],
)
def test_identifiers(title: str, expected: str) -> None:
    assert identifier(title) == expected and expected.isidentifier()


def test_regions_from_servers() -> None:
    assert regions_from(SPEC) == (
        Region("default", "Production", "https://api.eu.acme.test/v2"),
        Region("same_origin", "Same origin", f"{LOCAL}/v2"),
    )
    assert regions_from({"paths": {}}) == (Region("default", "Default", LOCAL),)


def _apigen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "APIGEN_CONFIG"}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


def test_generate_without_a_config_and_init(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    run = _apigen("generate", "--source", "spec.json", "--out", "build", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "no apigen.toml: derived from the spec: API 'acme_widgets_api_v2'" in run.stderr
    package = (
        tmp_path / "build" / "acme_widgets_api_v2" / "clients" / "python" / "acme_widgets_api_v2"
    )
    assert "https://api.eu.acme.test/v2" in (package / "_settings.py").read_text()
    assert not (tmp_path / "apigen.toml").exists()

    made = _apigen("init", "--source", "spec.json", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    config = load_config(tmp_path / "apigen.toml")
    api = config.apis["acme_widgets_api_v2"]
    assert [r.url for r in api.regions] == ["https://api.eu.acme.test/v2", f"{LOCAL}/v2"]
    again = _apigen("init", "--source", "spec.json", cwd=tmp_path)
    assert again.returncode == 2 and "does not overwrite" in again.stderr
    generated = _apigen("generate", "-q", cwd=tmp_path)  # now from the written config
    assert generated.returncode == 0, generated.stderr
    assert (tmp_path / "output" / "acme_widgets_api_v2" / "openapi.json").is_file()


def test_a_url_source_needs_a_config(tmp_path: Path) -> None:
    run = _apigen("generate", "--source", "https://example.com/openapi.json", cwd=tmp_path)
    assert run.returncode == 2 and "must be a local file" in run.stderr


def test_a_config_without_regions_or_source(tmp_path: Path) -> None:
    """In an apigen.toml, regions default to the spec's servers and `source` may be left to
    --source; without either source, one line and exit 2."""
    (tmp_path / "spec.json").write_text(json.dumps(SPEC))
    (tmp_path / "apigen.toml").write_text('[apis.acme]\ntitle = "Acme"\n')
    run = _apigen("generate", "--source", "spec.json", "-q", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    settings = tmp_path / "output" / "acme" / "clients" / "python" / "acme" / "_settings.py"
    assert "'default': 'https://api.eu.acme.test/v2'" in settings.read_text()
    bare = _apigen("generate", "-q", cwd=tmp_path)
    assert bare.returncode == 2 and "no source" in bare.stderr
