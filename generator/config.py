"""apigen.toml -> typed, validated configuration."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from generator.errors import UsageError

KEY_SCOPES = ("organization", "project", "environment")


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


@dataclass(frozen=True)
class ApiConfig:
    name: str
    title: str
    source: str
    snapshot: Path | None
    regions: tuple[Region, ...]
    python_package: str
    client_class: str = "PermitApi"
    default_tag: str = "Misc"
    key_scope: str | None = None  # forces one scope for every operation (the PDP)
    disabled_passes: tuple[str, ...] = ()
    # "METHOD /path" -> scope, for operations whose path shape says something else
    scope_overrides: dict[str, str] = field(default_factory=dict)
    # path parameter -> what it names ("project" or "environment"), filled from variables
    path_variables: dict[str, str] = field(default_factory=dict)
    # what a user fills in for each of those: "project" -> "default"
    placeholders: dict[str, str] = field(default_factory=dict)
    # shell variables the curl snippets use: url, key, project, environment
    shell_variables: dict[str, str] = field(default_factory=dict)


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


def _api(name: str, data: dict[str, Any], root: Path, where: str) -> ApiConfig:
    here = f"{where}: [apis.{name}]"
    regions_raw = data.get("regions", [])
    if not isinstance(regions_raw, list) or not regions_raw:
        raise UsageError(f"{here} needs at least one [[apis.{name}.regions]] entry")
    regions = tuple(
        Region(key=_str(r, "key", here), name=_str(r, "name", here), url=_str(r, "url", here))
        for r in regions_raw
    )
    snapshot = data.get("snapshot")
    key_scope = data.get("key_scope")
    if key_scope is not None and key_scope not in KEY_SCOPES:
        raise UsageError(f"{here}: key_scope must be one of {', '.join(KEY_SCOPES)}")
    disabled = data.get("disable_passes", [])
    overrides = _table(data, "scope_overrides", here)
    bad = [k for k, v in overrides.items() if v not in KEY_SCOPES]
    if bad:
        raise UsageError(f"{here}: scope_overrides values must be one of {', '.join(KEY_SCOPES)}")
    variables = _table(data, "path_variables", here) or {
        "proj_id": "project",
        "env_id": "environment",
    }
    return ApiConfig(
        name=name,
        title=_str(data, "title", here, name),
        source=_str(data, "source", here),
        snapshot=(root / snapshot).resolve() if isinstance(snapshot, str) else None,
        regions=regions,
        python_package=_str(data, "python_package", here, name.replace("-", "_")),
        client_class=_str(data, "client_class", here, "PermitApi"),
        default_tag=_str(data, "default_tag", here, "Misc"),
        key_scope=key_scope,
        disabled_passes=tuple(str(p) for p in disabled),
        scope_overrides={str(k): str(v) for k, v in overrides.items()},
        path_variables={str(k): str(v) for k, v in variables.items()},
        shell_variables={
            "url": "PERMIT_API_URL",
            "key": "PERMIT_API_KEY",
            "project": "PERMIT_PROJECT",
            "environment": "PERMIT_ENV",
            **{str(k): str(v) for k, v in _table(data, "shell_variables", here).items()},
        },
        placeholders={
            "project": "default",
            "environment": "production",
            **{str(k): str(v) for k, v in _table(data, "placeholders", here).items()},
        },
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
    settings = _table(data, "settings", where)
    apis = _table(data, "apis", where)
    if not apis:
        raise UsageError(f"{where}: no [apis.*] defined")
    return Config(
        root=root,
        out=root / _str(settings, "out", where, "output"),
        cache=root / _str(settings, "cache", where, ".apigen-cache"),
        lock=root / _str(settings, "lock", where, "apigen.lock.json"),
        fetch=_fetch_settings(_table(data, "fetch", where), where),
        apis={name: _api(name, _table(apis, name, where), root, where) for name in apis},
    )
