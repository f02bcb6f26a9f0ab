"""apigen.toml -> typed, validated configuration."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import UsageError
from generator.kinds import settings_tables

KEY_SCOPES = ("organization", "project", "environment")
# What a path variable can name (apigen.toml's path_variables); the model and every emitter use
# these: Postman variables, shell variables, the clients' default project and environment.
PROJECT = "project"
ENVIRONMENT = "environment"
ROLES = (PROJECT, ENVIRONMENT)


class Region(NamedTuple):
    key: str
    name: str
    url: str


class FetchSettings(NamedTuple):
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5


class CheckConfig(NamedTuple):
    """`[apis.<api>.check]`: the client's `check` / `bulk_check`, one call for a permission
    decision as permit-node's and permit-python's Enforcer make it."""

    operation: str  # "POST /allowed": answers `{allow: bool}` to {user, action, resource, context}
    bulk: str | None  # "POST /allowed/bulk": a list of those queries -> {allow: [{allow}, ...]}
    user: str | None  # the schema a user object is typed with (besides a key string)
    resource: str | None  # the same for a resource (besides "type" or "type:key")
    default_tenant: str | None  # a resource naming no tenant gets this one (permit-node's)


AUTH_FORMS = '"bearer", "basic" or "apikey:header|query|cookie:NAME"'


def valid_auth(value: object) -> bool:
    """An `add_security` (or `--auth`) value: bearer, basic, or apikey:WHERE:NAME."""
    if value in ("bearer", "basic"):
        return True
    if not isinstance(value, str) or not value.startswith("apikey:"):
        return False
    parts = value.split(":", 2)
    return (
        len(parts) == 3
        and parts[1] in ("header", "query", "cookie")
        and re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}", parts[2]) is not None
    )


@dataclass(frozen=True)
class ApiConfig:
    name: str
    title: str
    source: str
    snapshot: Path | None
    regions: tuple[Region, ...]
    # each kind's own settings, from `[apis.<api>.<kind>]` (generator.kinds parses them)
    kinds: dict[str, Any] = field(default_factory=dict)
    client_class: str = "ApiClient"
    error_class: str = "ApiError"  # the generated clients' error base class
    default_tag: str = "Misc"
    key_scope: str | None = None  # forces one scope for every operation (the PDP)
    # path families that share a rate limit (`rate_limits = { facts = "^/v2/facts/" }`): the
    # first whose pattern a path matches is named in its Postman description
    rate_limits: tuple[tuple[str, str], ...] = ()
    title_given: bool = False  # `title` set in the config: it names the API over info.title
    # an error code the API's error answers carry, shown in the client READMEs (none: no example)
    error_code_example: str = ""
    # "bearer": a spec that declares no bearer scheme gets one, applied to every operation (the
    # PDP's spec declares none, though the PDP wants its key so); None: the spec's own security
    add_security: str | None = None
    disabled_passes: tuple[str, ...] = ()
    overlays: tuple[Path, ...] = ()  # OpenAPI Overlay files applied before the passes, in order
    # the path that answers an API key's own project and environment; clients ask it when a
    # call leaves proj_id/env_id out and no default was given ("" for none)
    scope_path: str = ""
    # README examples for the Python client: (title, operation name) pairs
    examples: tuple[tuple[str, str], ...] = ()
    # "METHOD /path" -> scope, for operations whose path shape says something else
    scope_overrides: dict[str, str] = field(default_factory=dict)
    # path parameter -> what it names ("project" or "environment"), filled from variables
    path_variables: dict[str, str] = field(default_factory=dict)
    # what a user fills in for each of those: "project" -> "default"
    placeholders: dict[str, str] = field(default_factory=dict)
    # shell variables the curl snippets use: url, key, project, environment
    shell_variables: dict[str, str] = field(default_factory=dict)
    # client names where the naming rule (generator.naming) is not wanted: tag -> group name,
    # "METHOD /path" -> method name, or `group.name` to place it in another tag's group
    # (snake_case; each language spells its own case)
    group_names: dict[str, str] = field(default_factory=dict)
    method_names: dict[str, str] = field(default_factory=dict)
    # "METHOD /path" -> field: a create-or-replace answered 201 or 200; the client returns
    # `{<field>: answer, created: status == 201}` (permit-node's `users.sync`)
    created_results: dict[str, str] = field(default_factory=dict)
    # the official SDKs' calls the client READMEs map to generated ones (a TOML file)
    sdk_calls: Path | None = None
    check: CheckConfig | None = None


@dataclass(frozen=True)
class Config:
    root: Path
    out: Path
    cache: Path
    lock: Path
    fetch: FetchSettings
    apis: dict[str, ApiConfig] = field(default_factory=dict)

    def select(self, names: list[str] | None) -> list[ApiConfig]:
        if not names:
            return list(self.apis.values())
        unknown = [n for n in names if n not in self.apis]
        if unknown:
            known = ", ".join(self.apis)
            raise UsageError(f"unknown API {', '.join(unknown)!s} (apigen.toml defines: {known})")
        return [self.apis[n] for n in names]


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{where}: [{key}] must be a table")
    return value


def _str(data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        raise UsageError(f"{where}: '{key}' must be a non-empty string")
    return value


def _optional_str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise UsageError(f"{where}: '{key}' must be a string")
    return value


def _fetch_settings(data: dict[str, Any], where: str) -> FetchSettings:
    defaults = FetchSettings()
    values: dict[str, Any] = {}
    for name in ("timeout", "retries", "backoff", "max_backoff", "max_bytes", "max_redirects"):
        default = getattr(defaults, name)
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise UsageError(f"{where}: [fetch] {name} must be a non-negative number")
        values[name] = type(default)(value)
    return FetchSettings(**values)


TOP_LEVEL = frozenset({"settings", "fetch", "defaults", "apis"})
SETTINGS = frozenset({"out", "cache", "lock"})
BASE_KEYS = frozenset(
    {
        "title",
        "source",
        "snapshot",
        "client_class",
        "error_class",
        "default_tag",
        "key_scope",
        "rate_limits",
        "error_code_example",
        "disable_passes",
        "overlays",
        "scope_path",
        "examples",
        "scope_overrides",
        "path_variables",
        "shell_variables",
        "placeholders",
        "regions",
        "group_names",
        "method_names",
        "created_results",
        "sdk_calls",
        "check",
        "add_security",
    }
)
BASE_TABLES = (
    "scope_overrides", "path_variables", "shell_variables", "placeholders", "group_names",
    "method_names", "created_results",
)  # fmt: skip
SNAKE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
OPERATION_KEY = re.compile(r"(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) /\S*")


def api_keys() -> frozenset[str]:
    """What an `[apis.<api>]` table may hold: the keys above and each kind's settings table."""
    return BASE_KEYS | set(settings_tables())


def merged_tables() -> frozenset[str]:
    """Tables that merge key by key with `[defaults]`."""
    return frozenset(BASE_TABLES) | set(settings_tables())


# The variables snippets need when the configuration names none (apigen.toml names Permit's).
SHELL_DEFAULTS = {
    "url": "API_URL", "key": "API_KEY", "username": "API_USERNAME", "password": "API_PASSWORD",
}  # fmt: skip


def _known(data: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_") if part)


def _merged(defaults: dict[str, Any], data: dict[str, Any], where: str) -> dict[str, Any]:
    """An API's table over `[defaults]`: plain values replace, tables merge key by key."""
    out = dict(defaults)
    for key, value in data.items():
        base = defaults.get(key)
        if key in merged_tables() and isinstance(base, dict) and isinstance(value, dict):
            out[key] = {**base, **value}
        else:
            out[key] = value
    return out


def _strings(data: dict[str, Any], key: str, where: str) -> dict[str, str]:
    table = _table(data, key, where)
    bad = [k for k, v in table.items() if not isinstance(v, str)]
    if bad:
        raise UsageError(f"{where}: [{key}] values must be strings ({', '.join(bad)})")
    return {str(k): v for k, v in table.items()}


def _names(
    data: dict[str, Any], key: str, where: str, *, keyed: bool, grouped: bool = False
) -> dict[str, str]:
    """A table of snake_case names, keyed by "METHOD /path" when `keyed`; with `grouped`, a
    value may name the group too (`users.bulk_create`)."""
    table = _strings(data, key, where)
    for name, value in table.items():
        if keyed and not OPERATION_KEY.fullmatch(name):
            raise UsageError(f'{where}: [{key}] keys must read "METHOD /path" (not {name!r})')
        parts = value.split(".") if grouped else [value]
        if len(parts) > 2 or not all(SNAKE.fullmatch(p) for p in parts):
            form = "a snake_case name or group.name" if grouped else "a snake_case name"
            raise UsageError(f"{where}: [{key}] {name!r}: {value!r} is not {form}")
    return table


def _check(data: dict[str, Any], where: str) -> CheckConfig | None:
    if "check" not in data:
        return None
    table = _table(data, "check", where)
    here = f"{where[:-1]}.check]"
    _known(table, frozenset(CheckConfig._fields), here)
    values = {k: table.get(k) for k in CheckConfig._fields}
    for key, value in values.items():
        if value is not None and (not isinstance(value, str) or not value):
            raise UsageError(f"{here}: '{key}' must be a non-empty string")
    for key in ("operation", "bulk"):
        if values[key] is not None and not OPERATION_KEY.fullmatch(str(values[key])):
            raise UsageError(f"{here}: '{key}' must read \"METHOD /path\"")
    operation = values.pop("operation")
    if operation is None:
        raise UsageError(f"{here}: 'operation' is required")
    return CheckConfig(str(operation), **values)


def _examples(raw: Any, where: str) -> tuple[tuple[str, str], ...]:
    """`examples = [{title = "...", operation = "create_user"}, ...]`."""
    if not isinstance(raw, list):
        raise UsageError(f"{where}: examples must be a list of {{title, operation}} tables")
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"title", "operation"}:
            raise UsageError(f"{where}: each example needs exactly a title and an operation")
        out.append((str(entry["title"]), str(entry["operation"])))
    return tuple(out)


def _kinds(data: dict[str, Any], name: str, here: str) -> dict[str, Any]:
    """Each kind's settings table, parsed by its registration (generator.kinds)."""
    return {
        kind: parse(_table(data, kind, here), name, f"{here[:-1]}.{kind}]")
        for kind, parse in settings_tables().items()
    }


def _api(name: str, data: dict[str, Any], root: Path, where: str) -> ApiConfig:
    here = f"{where}: [apis.{name}]"
    _known(data, api_keys(), here)
    regions_raw = data.get("regions", [])  # none: the spec's servers (generator.derive)
    if not isinstance(regions_raw, list):
        raise UsageError(f"{here}: regions must be a list of [[apis.{name}.regions]] tables")
    regions_list = []
    for index, region in enumerate(regions_raw, start=1):
        table = f"{where}: [[apis.{name}.regions]] #{index}"
        if not isinstance(region, dict):
            raise UsageError(f"{table}: not a table")
        _known(region, frozenset({"key", "name", "url"}), table)
        for key in ("key", "url"):
            if key not in region:
                raise UsageError(f"{table}: missing {key!r}")
        regions_list.append(
            Region(
                key=_str(region, "key", table),
                name=_str(region, "name", table, str(region.get("key") or "")),
                url=_str(region, "url", table),
            )
        )
    regions = tuple(regions_list)
    if len({r.key for r in regions}) != len(regions):
        raise UsageError(f"{here}: two regions share a key")
    snapshot = data.get("snapshot")
    candidates = [snapshot] if isinstance(snapshot, str) else snapshot
    if candidates is not None and (
        not isinstance(candidates, list) or not all(isinstance(c, str) for c in candidates)
    ):
        raise UsageError(f"{here}: 'snapshot' must be a path or a list of paths")
    snapshots = [(root / c).resolve() for c in candidates or []]
    # the first that exists; else the first, for the error to name
    chosen = next((c for c in snapshots if c.is_file()), snapshots[0] if snapshots else None)
    add_security = data.get("add_security")
    if add_security is not None and not valid_auth(add_security):
        raise UsageError(f"{here}: add_security must be {AUTH_FORMS} (or left out)")
    key_scope = data.get("key_scope")
    if key_scope is not None and key_scope not in KEY_SCOPES:
        raise UsageError(f"{here}: key_scope must be one of {', '.join(KEY_SCOPES)}")
    disabled = data.get("disable_passes", [])
    if not isinstance(disabled, list) or not all(isinstance(p, str) for p in disabled):
        raise UsageError(f"{here}: disable_passes must be a list of pass names")
    overlays = data.get("overlays", [])
    if not isinstance(overlays, list) or not all(isinstance(o, str) for o in overlays):
        raise UsageError(f"{here}: overlays must be a list of file paths")
    rate_limits = _strings(data, "rate_limits", here)
    for family, pattern in rate_limits.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise UsageError(
                f"{here}: rate_limits.{family}: not a regular expression: {exc}"
            ) from None
    overrides = _strings(data, "scope_overrides", here)
    if any(v not in KEY_SCOPES for v in overrides.values()):
        raise UsageError(f"{here}: scope_overrides values must be one of {', '.join(KEY_SCOPES)}")
    variables = _strings(data, "path_variables", here)
    if any(v not in ROLES for v in variables.values()):
        raise UsageError(f"{here}: path_variables values must be one of {', '.join(ROLES)}")
    shell = {**SHELL_DEFAULTS, **_strings(data, "shell_variables", here)}
    groups = _names(data, "group_names", here, keyed=False)
    methods = _names(data, "method_names", here, keyed=True, grouped=True)
    created = _names(data, "created_results", here, keyed=True)
    check = _check(data, here)
    sdk_calls = data.get("sdk_calls")
    if sdk_calls is not None and not isinstance(sdk_calls, str):
        raise UsageError(f"{here}: 'sdk_calls' must be a file path")
    return ApiConfig(
        name=name,
        title=_str(data, "title", here, name),
        source=str(data.get("source") or ""),  # else --source (checked when fetching)
        snapshot=chosen,
        regions=regions,
        kinds=_kinds(data, name, here),
        client_class=_str(data, "client_class", here, _pascal(name) + "Client"),
        error_class=_str(data, "error_class", here, "ApiError"),
        default_tag=_str(data, "default_tag", here, "Misc"),
        key_scope=key_scope,
        rate_limits=tuple(rate_limits.items()),
        title_given="title" in data,
        error_code_example=_optional_str(data, "error_code_example", here),
        add_security=add_security,
        disabled_passes=tuple(disabled),
        overlays=tuple((root / o).resolve() for o in overlays),
        scope_path=str(data.get("scope_path") or ""),
        examples=_examples(data.get("examples", []), here),
        scope_overrides=overrides,
        path_variables=variables,
        shell_variables=shell,
        placeholders=_strings(data, "placeholders", here),
        group_names=groups,
        method_names=methods,
        created_results=created,
        sdk_calls=(root / sdk_calls).resolve() if sdk_calls else None,
        check=check,
    )


def load_config(path: Path) -> Config:
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{where}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: invalid TOML: {exc}") from None
    root = path.resolve().parent
    _known(data, TOP_LEVEL, where)
    settings = _table(data, "settings", where)
    _known(settings, SETTINGS, f"{where}: [settings]")
    fetch = _table(data, "fetch", where)
    _known(fetch, frozenset(FetchSettings._fields), f"{where}: [fetch]")
    defaults = _table(data, "defaults", where)
    _known(
        defaults, api_keys() - {"source", "regions", "title", "snapshot"}, f"{where}: [defaults]"
    )
    apis = _table(data, "apis", where)
    if not apis:
        raise UsageError(f"{where}: no [apis.*] defined")
    return Config(
        root=root,
        out=root / _str(settings, "out", where, "output"),
        cache=root / _str(settings, "cache", where, ".apigen-cache"),
        lock=root / _str(settings, "lock", where, "apigen.lock.json"),
        fetch=_fetch_settings(fetch, where),
        apis={
            name: _api(name, _merged(defaults, _table(apis, name, where), where), root, where)
            for name in apis
        },
    )
