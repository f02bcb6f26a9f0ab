"""The artefact kinds, each registered once: what builds it, where its files land, what the
site shows of it, its `[apis.<api>.<kind>]` settings, its templates and runtime, and how
`make dist` packages it. Everything that lists kinds (`--only`, the emitter loader, the
pipeline, the site, tools/dist.py, the configuration, the wheel's package data) reads
`REGISTRY`; adding a kind is adding one `Kind` here and its module.

Kept light (no emitter is imported here): a run loads only the emitters it uses.
"""

from __future__ import annotations

import importlib
import keyword
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from generator.errors import UsageError


class Kind(NamedTuple):
    name: str
    module: str  # the emitter: `prepare` and `emit` (generator.emit.Emitter); or the site's
    root: str  # its files' folder in output/<api>/ ("" for a kind spanning every API)
    site: tuple[str, ...] = ()  # globs under `root` that output/site/ copies per API
    # its `[apis.<api>.<kind>]` parser (table, api, where), or "module:function" (imported on use)
    settings: Callable[[dict[str, Any], str, str], Any] | str | None = None
    package: str | None = None  # the package ecosystem `make dist` builds for (python, npm)
    templates: str | None = None  # its folder in templates/
    runtime: str | None = None  # its folder in generator/runtime/, copied into packages
    per_api: bool = True  # False: built once after every API (the site)
    # a client kind: the module whose method_name, group_name and param_type the API diff
    # compares (a change in any client language's surface is SDK-breaking)
    sdk: str | None = None
    # its `prepare` is long work on the schemas alone: run in a forked process while the model
    # and the other kinds are built (generator.background), and this kind emitted last
    slow_prepare: bool = False
    # a client language: its name as people read it ("TypeScript"). Such a kind's module also
    # has `snippets(inp)` (the snippets page's tab), `install(config, version)` and
    # `install_local(folder)` (one-line installs, for the page and the site); its `tooling`
    # module builds its package (`dist(package, out)`) and checks its runtime (`lint(root)`)
    label: str = ""
    tooling: str | None = None  # a module of the tools only a checkout has (make dist, lint)
    filters: str | None = None  # a module whose FILTERS the templates may use (its escapers)
    manifest: str = ""  # the file that marks a package's root (pyproject.toml, package.json)

    @property
    def language(self) -> bool:
        return bool(self.label)


def _identifier(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value):
        raise UsageError(f"{where}: {key} {value!r} is not a valid Python identifier")
    return value


class PythonSettings(NamedTuple):
    package: str  # the import name; the distribution is the same with `-` for `_`

    @property
    def distribution(self) -> str:
        return self.package.replace("_", "-")


def python_settings(table: dict[str, Any], api: str, where: str) -> PythonSettings:
    _known(table, {"package"}, where)
    return PythonSettings(
        _identifier(table.get("package", api.replace("-", "_")), "package", where)
    )


NPM_NAME = re.compile(r"^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$")


class TypeScriptSettings(NamedTuple):
    package: str  # the npm package's name
    license: str = ""  # package.json's license (an SPDX id), when given
    repository: str = ""  # package.json's repository, when given


def typescript_settings(table: dict[str, Any], api: str, where: str) -> TypeScriptSettings:
    """npm's naming rules: lower case, URL-safe, at most 214 characters."""
    _known(table, {"package", "license", "repository"}, where)
    value = table.get("package", api)
    if not isinstance(value, str) or len(value) > 214 or not NPM_NAME.match(value):
        raise UsageError(f"{where}: package {value!r} is not a valid npm package name")
    extra = {k: table.get(k, "") for k in ("license", "repository")}
    for key, text in extra.items():
        if not isinstance(text, str):
            raise UsageError(f"{where}: {key} must be a string")
    return TypeScriptSettings(value, **extra)


class Chain(NamedTuple):
    """`[apis.<api>.postman.chain] <variable> = {create, field, fills}`: the create operation
    ("METHOD /path") whose answer's `field` the collection keeps in `variable`, and the path
    parameters that default to it."""

    variable: str
    create: str
    field: str
    fills: tuple[str, ...]


class QuickStep(NamedTuple):
    """One request of the `Quick start` folder: an operation ("METHOD /path"), its title, and
    what it sends instead of the examples (a JSON body; query values), where `{{variable}}`
    and Postman's `{{$guid}}` are meant."""

    operation: str
    title: str
    body: Any = None
    query: tuple[tuple[str, str], ...] = ()
    set: tuple[tuple[str, str], ...] = ()  # collection variables set before it is sent


class PostmanSettings(NamedTuple):
    tests: bool = True  # the collection's contract tests (generator.emit.contract)
    chain: tuple[Chain, ...] = ()
    quick_start: tuple[QuickStep, ...] = ()


POSTMAN_VARIABLE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def postman_settings(table: dict[str, Any], api: str, where: str) -> PostmanSettings:
    _known(table, {"tests", "chain", "quick_start"}, where)
    tests = table.get("tests", True)
    if not isinstance(tests, bool):
        raise UsageError(f"{where}: tests must be true or false")
    chain_table = table.get("chain", {})
    if not isinstance(chain_table, dict):
        raise UsageError(f"{where}: chain must be a table")
    chain = []
    for variable, entry in chain_table.items():
        here = f"{where.rstrip(']')}.chain] {variable}"
        if not POSTMAN_VARIABLE.match(variable) or not isinstance(entry, dict):
            raise UsageError(f"{here}: must be a variable name = {{create, field, fills}}")
        _known(entry, {"create", "field", "fills"}, here)
        create, field_name = entry.get("create"), entry.get("field", "key")
        fills = entry.get("fills", [])
        if not isinstance(create, str) or not isinstance(field_name, str):
            raise UsageError(f'{here}: create ("METHOD /path") and field must be strings')
        if not isinstance(fills, list) or not all(isinstance(f, str) for f in fills):
            raise UsageError(f"{here}: fills must be a list of path parameter names")
        chain.append(Chain(variable, create, field_name, tuple(fills)))
    steps_raw = table.get("quick_start", [])
    if not isinstance(steps_raw, list):
        raise UsageError(f"{where}: quick_start must be a list of [[...quick_start]] tables")
    steps = []
    for index, step in enumerate(steps_raw, start=1):
        here = where.replace("[apis.", "[[apis.").rstrip("]") + f".quick_start]] #{index}"
        if not isinstance(step, dict):
            raise UsageError(f"{here}: must be a table")
        _known(step, {"operation", "title", "body", "query", "set"}, here)
        operation, title = step.get("operation"), step.get("title")
        query, values = step.get("query", {}), step.get("set", {})
        if not isinstance(operation, str) or not isinstance(title, str):
            raise UsageError(f'{here}: operation ("METHOD /path") and title must be strings')
        for key, found in (("query", query), ("set", values)):
            if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
                raise UsageError(f"{here}: {key} must be a table of strings")
        if not all(POSTMAN_VARIABLE.match(k) for k in values):
            raise UsageError(f"{here}: set: not a variable name")
        body = step.get("body")
        steps.append(QuickStep(operation, title, body, tuple(query.items()), tuple(values.items())))
    return PostmanSettings(tests, tuple(chain), tuple(steps))


def _known(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {', '.join(unknown)}")


REGISTRY: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "postman",
            "generator.emit.postman",
            "postman",
            site=("*.json",),
            settings=postman_settings,
            runtime="postman",
        ),
        Kind(
            "curl",
            "generator.emit.curl",
            "curl",
            site=(
                "index.html",
                "cheatsheet.md",
                "snippets.json",
                "reference.md",
                "reference/*.md",
                "reference/*.html",
            ),
            templates="curl",
        ),
        Kind(
            "python",
            "generator.emit.python",
            "clients/python",
            site=("README.md",),
            settings=python_settings,
            package="python",
            templates="python",
            runtime="python",
            sdk="generator.emit.python.names",
            slow_prepare=True,  # the models and their split: half of the kind's time on big APIs
            label="Python",
            tooling="generator.emit.python.tooling",
            manifest="pyproject.toml",
        ),
        Kind(
            "typescript",
            "generator.emit.typescript",
            "clients/typescript",
            site=("README.md",),
            settings=typescript_settings,
            package="npm",
            templates="typescript",
            runtime="typescript",
            sdk="generator.emit.typescript.names",
            label="TypeScript",
            tooling="generator.emit.typescript.tooling",
            manifest="package.json",
        ),
        Kind(
            "go",
            "generator.emit.go",
            "clients/go",
            site=("README.md",),
            settings="generator.emit.go.settings:parse",
            package="go",
            templates="go",
            runtime="go",
            sdk="generator.emit.go.names",
            label="Go",
            tooling="generator.emit.go.tooling",
            manifest="go.mod",
            filters="generator.emit.go.escape",
        ),
        Kind("site", "generator.site", "", templates="site", per_api=False),
    )
}


def languages() -> tuple[Kind, ...]:
    """The client languages, in the registry's order (the snippets page's tabs after curl)."""
    return tuple(kind for kind in REGISTRY.values() if kind.language)


def tooling(kind: Kind) -> Any:
    """A language's checkout-only tools (`dist`, `lint`), imported on use."""
    if kind.tooling is None:
        raise KeyError(f"{kind.name} has no tooling")
    return importlib.import_module(kind.tooling)


def api_kinds() -> tuple[str, ...]:
    """The kinds each API builds into its own folder, in order."""
    return tuple(name for name, kind in REGISTRY.items() if kind.per_api)


def all_kinds() -> tuple[str, ...]:
    return tuple(REGISTRY)


def load(kind: str) -> Any:
    """The module of an artefact kind (imported on use: a run loads only what it builds)."""
    return importlib.import_module(REGISTRY[kind].module)


def parse_kinds(only: str | None) -> tuple[str, ...]:
    """`--only a,b`: the kinds named, in the order given; None: every kind."""
    if only is None:
        return all_kinds()
    kinds = tuple(dict.fromkeys(k.strip() for k in only.split(",") if k.strip()))
    unknown = [k for k in kinds if k not in REGISTRY]
    if unknown or not kinds:
        raise UsageError(
            f"--only: unknown kind {', '.join(unknown) or '(none)'}; known: {', '.join(REGISTRY)}"
        )
    return kinds


def settings_tables() -> dict[str, Callable[[dict[str, Any], str, str], Any]]:
    """The `[apis.<api>.<kind>]` tables apigen.toml may have, and their parsers."""
    out = {}
    for name, kind in REGISTRY.items():
        if isinstance(kind.settings, str):
            module, _, function = kind.settings.partition(":")
            out[name] = getattr(importlib.import_module(module), function)
        elif kind.settings is not None:
            out[name] = kind.settings
    return out


def template_filters() -> dict[str, Callable[..., str]]:
    """The escapers the kinds' own modules add to the templates' (generator.escape's)."""
    out: dict[str, Callable[..., str]] = {}
    for kind in REGISTRY.values():
        if kind.filters is not None:
            out.update(importlib.import_module(kind.filters).FILTERS)
    return out


def python_of(config: Any) -> PythonSettings:
    """An API's Python client settings (`[apis.<api>.python]`)."""
    settings: PythonSettings = config.kinds["python"]
    return settings


def postman_of(config: Any) -> PostmanSettings:
    """An API's Postman settings (`[apis.<api>.postman]`)."""
    settings: PostmanSettings = config.kinds["postman"]
    return settings


def typescript_of(config: Any) -> TypeScriptSettings:
    """An API's TypeScript client settings (`[apis.<api>.typescript]`)."""
    settings: TypeScriptSettings = config.kinds["typescript"]
    return settings


def default_settings(api: str) -> dict[str, Any]:
    """Every kind's settings for an API whose configuration has no table for it."""
    return {
        name: parse({}, api, f"[apis.{api}.{name}]") for name, parse in settings_tables().items()
    }
