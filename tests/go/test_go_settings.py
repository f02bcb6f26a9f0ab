"""`[apis.<api>.go]`: the module path and package name are checked, Go's major-version rule adds
`/vN` from v2 on, names follow permit-golang only where configured; the API diff compares the Go
spelling too (a change only Go spells differently is SDK-breaking)."""

from __future__ import annotations

import pytest

from generator.diff import surfaces
from generator.emit.go import settings
from generator.emit.go.names import param_type
from generator.errors import UsageError
from generator.model import Schemas


def test_module_path_follows_go_major_version_rule() -> None:
    found = settings.parse({"module": "github.com/acme/api", "package": "acme"}, "x", "[go]")
    assert found.module_path("1.4.2") == "github.com/acme/api"
    assert found.module_path("0.3.0") == "github.com/acme/api"
    assert found.module_path("2.0.0") == "github.com/acme/api/v2"
    assert found.module_path("13.1.0") == "github.com/acme/api/v13"


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ({"package": "Acme"}, "not a Go package name"),
        ({"package": "func"}, "not a Go package name"),
        ({"module": "github.com/acme/api/v2"}, "leave the /vN suffix"),
        ({"module": "../escape"}, "not a Go module path"),
        ({"module": "a b"}, "not a Go module path"),
        ({"names": {"GET /x": "lower.case"}}, "Group.Method"),
        ({"aliases": {"lower.case": "GET /x"}}, "Group.Method"),
        ({"aliases": ["Users.Get"]}, "aliases must be a table"),
        ({"other": 1}, "unknown key"),
    ],
)
def test_bad_settings_are_refused_in_one_line(table: dict[str, object], said: str) -> None:
    with pytest.raises(UsageError, match=said):
        settings.parse(table, "x", "[apis.x.go]")


def test_defaults_from_the_api_name() -> None:
    found = settings.parse({}, "my-api", "[go]")
    assert (found.package, found.module) == ("myapi", "example.com/myapi")
    assert settings.parse({}, "3d", "[go]").package == "api3d"


def test_the_diff_compares_go_spellings() -> None:
    modules = {m.__name__ for m in surfaces()}
    assert "generator.emit.go.names" in modules
    schemas = Schemas("3.1.0", "t", {})
    integer = param_type(schemas, {"type": "integer"})
    number = param_type(schemas, {"type": "number"})
    assert (integer, number) == ("int64", "float64")  # TypeScript spells both `number`
    names = next(m for m in surfaces() if m.__name__ == "generator.emit.go.names")
    assert (
        names.method_name("list_users") == "ListUsers" and names.group_name("api keys") == "APIKeys"
    )
