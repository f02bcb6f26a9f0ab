"""`[apis.<api>.go]`: the Go module's path and package name."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from generator.emit.go.spelling import KEYWORDS
from generator.errors import UsageError

MODULE = re.compile(r"^[a-z0-9][a-z0-9.\-]*(/[A-Za-z0-9_.~\-]+)*$")
PACKAGE = re.compile(r"^[a-z][a-z0-9]*$")
GO_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$")


class GoSettings(NamedTuple):
    module: str  # the module path without its major version suffix
    package: str  # the package name
    # "METHOD /path" -> "Group.Method": where the Go client follows the official Go SDK's
    # spelling instead of the one every language shares (generator.naming)
    names: tuple[tuple[str, str], ...] = ()
    # "Group.Method" -> "METHOD /path": a second name of a call, as the official Go SDK has one
    # beside its plain name (Roles.ListByAttributes beside Roles.List): the same call
    aliases: tuple[tuple[str, str], ...] = ()

    def module_path(self, version: str) -> str:
        """Go's rule: from v2 on the major version is part of the module path (`/v2`)."""
        major = int(version.split(".")[0]) if version.split(".")[0].isdigit() else 0
        return f"{self.module}/v{major}" if major >= 2 else self.module


def parse(table: dict[str, Any], api: str, where: str) -> GoSettings:
    unknown = sorted(set(table) - {"module", "package", "names", "aliases"})
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {', '.join(unknown)}")
    default = re.sub(r"[^a-z0-9]", "", api.lower()) or "client"
    if default[0].isdigit():
        default = f"api{default}"
    package = table.get("package", default)
    if not isinstance(package, str) or not PACKAGE.match(package) or package in KEYWORDS:
        raise UsageError(f"{where}: package {package!r} is not a Go package name (lower case)")
    module = table.get("module", f"example.com/{package}")
    if not isinstance(module, str) or not MODULE.match(module) or ".." in module:
        raise UsageError(f"{where}: module {module!r} is not a Go module path")
    if re.search(r"/v[0-9]+$", module):
        raise UsageError(f"{where}: module {module!r}: leave the /vN suffix to apigen")
    names = table.get("names", {})
    if not isinstance(names, dict):
        raise UsageError(f'{where}: names must be a table of "METHOD /path" = "Group.Method"')
    for key, value in names.items():
        if not isinstance(value, str) or not GO_NAME.match(value):
            raise UsageError(f'{where}: names: {key} = {value!r} is not "Group.Method" (Go names)')
    aliases = table.get("aliases", {})
    if not isinstance(aliases, dict):
        raise UsageError(f'{where}: aliases must be a table of "Group.Method" = "METHOD /path"')
    for key, value in aliases.items():
        if not GO_NAME.match(key) or not isinstance(value, str):
            raise UsageError(f'{where}: aliases: {key!r} is not "Group.Method" (Go names)')
    return GoSettings(module, package, tuple(names.items()), tuple(aliases.items()))


def go_of(config: Any) -> GoSettings:
    """An API's Go client settings (`[apis.<api>.go]`)."""
    settings: GoSettings = config.kinds["go"]
    return settings
