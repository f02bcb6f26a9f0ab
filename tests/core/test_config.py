"""generator/config.py: apigen.toml into typed configuration; every mistake is exit 2, one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from generator.config import load_config
from generator.errors import UsageError
from generator.kinds import python_of, typescript_of

MINIMAL = """
[apis.x]
source = "spec.json"
[[apis.x.regions]]
key = "us"
name = "US"
url = "https://x.example.test"
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "apigen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_own_config() -> None:
    cfg = load_config(ROOT / "apigen.toml")
    permit, pdp = cfg.apis["permit"], cfg.apis["pdp"]
    assert [r.key for r in permit.regions] == ["us", "eu"]
    assert permit.client_class == "PermitApi" and pdp.client_class == "PermitPdp"
    assert permit.error_class == pdp.error_class == "PermitApiError"  # from [defaults]
    assert pdp.shell_variables["url"] == "PERMIT_PDP_URL"  # its own value over the default
    assert pdp.shell_variables["key"] == "PERMIT_API_KEY"  # merged from [defaults]
    assert permit.path_variables == {"proj_id": "project", "env_id": "environment"}
    assert pdp.key_scope == "environment"
    assert (typescript_of(permit).package, typescript_of(pdp).package) == (
        "permit-api",
        "permit-pdp",
    )
    assert (python_of(permit).package, python_of(pdp).distribution) == ("permit_api", "permit-pdp")


def test_a_minimal_config_gets_neutral_defaults(tmp_path: Path) -> None:
    api = load_config(_write(tmp_path, MINIMAL)).apis["x"]
    assert api.client_class == "XClient" and api.error_class == "ApiError"
    assert api.shell_variables == {
        "url": "API_URL", "key": "API_KEY", "username": "API_USERNAME", "password": "API_PASSWORD",
    }  # fmt: skip
    assert api.add_security is None  # the spec's own security
    assert api.path_variables == {} and python_of(api).package == "x"
    assert typescript_of(api).package == "x"
    assert api.title == "x"


BAD = {
    "invalid TOML": ("[apis.x\n", "invalid TOML"),
    "unknown top-level key": ("colour = 1\n" + MINIMAL, "unknown key(s) colour"),
    "unknown API key": (MINIMAL + 'sorce = "typo"\n', "unknown key(s) sorce"),
    "unknown settings key": ("[settings]\nouts = 'x'\n" + MINIMAL, "unknown key(s) outs"),
    "unknown fetch key": ("[fetch]\nretry = 1\n" + MINIMAL, "unknown key(s) retry"),
    "negative fetch value": ("[fetch]\ntimeout = -1\n" + MINIMAL, "timeout must be"),
    "string fetch value": ("[fetch]\nretries = 'three'\n" + MINIMAL, "retries must be"),
    "boolean fetch value": ("[fetch]\nmax_bytes = true\n" + MINIMAL, "max_bytes must be"),
    "no APIs": ("[settings]\n", "no [apis.*] defined"),
    "regions not a list": ('[apis.x]\nsource = "s"\nregions = "us"\n', "regions must be a list"),
    "region without url": (
        '[apis.x]\nsource = "s"\n[[apis.x.regions]]\nkey = "us"\nurl = "https://a"\n'
        '[[apis.x.regions]]\nkey = "eu"\n',
        "[[apis.x.regions]] #2: missing 'url'",
    ),
    "two regions, one key": (
        '[apis.x]\nsource = "s"\n[[apis.x.regions]]\nkey = "us"\nurl = "https://a"\n'
        '[[apis.x.regions]]\nkey = "us"\nurl = "https://b"\n',
        "two regions share a key",
    ),
    "bad npm name": (
        MINIMAL + '[apis.x.typescript]\npackage = "Permit API"\n',
        "[apis.x.typescript]: package 'Permit API' is not a valid npm package name",
    ),
    "bad Python package": (
        MINIMAL + '[apis.x.python]\npackage = "permit.api"\n',
        "[apis.x.python]: package 'permit.api' is not a valid Python identifier",
    ),
    "unknown kind setting": (
        MINIMAL + '[apis.x.python]\npackge = "x"\n',
        "[apis.x.python]: unknown key(s) packge",
    ),
    "old per-language key": (
        MINIMAL.replace("\n[[", '\npython_package = "x"\n[[', 1),
        "unknown key(s) python_package",
    ),
    "bad key scope": (
        MINIMAL.replace('source = "spec.json"', 'source = "s"\nkey_scope = "team"'),
        "key_scope",
    ),
    "bad role": (MINIMAL + "[apis.x.path_variables]\nproj_id = 'org'\n", "path_variables values"),
    "bad scope override": (
        MINIMAL + "[apis.x.scope_overrides]\n'GET /a' = 'all'\n",
        "scope_overrides",
    ),
    "region not a table": ('[apis.x]\nsource = "s"\nregions = ["us"]\n', "#1: not a table"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    text, message = BAD[case]
    path = _write(tmp_path, text)
    with pytest.raises(UsageError, match=re.escape(message)):
        load_config(path)
    result = run_cli("generate", "-c", str(path), "--offline")
    assert result.code == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert str(path) in result.stderr


def test_missing_config_file(tmp_path: Path) -> None:
    result = run_cli("generate", "-c", str(tmp_path / "nope.toml"))
    assert result.code == 2 and "config file not found" in result.stderr
