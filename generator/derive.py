"""A configuration derived from a spec, for `apigen generate --source SPEC` without an
apigen.toml: one API, named after the spec's title, with a region per server (server variables
at their defaults) and everything else at apigen's neutral defaults (generator.config).
`apigen init --source SPEC` writes the same as a commented apigen.toml to edit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.config import ApiConfig, Config, FetchSettings, Region, _api
from generator.errors import SpecError, UsageError
from generator.util import is_url

CACHE = ".apigen-cache"  # a config-less run's cache: in the folder it runs in, as a config's
NAME_LENGTH = 32  # a derived name keeps whole words up to this length
LOCAL = "http://localhost"  # a spec without servers (or with relative ones only): a placeholder


def identifier(text: str, fallback: str = "api") -> str:
    """A valid Python identifier and package name from a title: `Swagger Petstore - OpenAPI 3.0`
    -> `swagger_petstore_openapi_3_0`."""
    # a possessive is no word of its own: `GitHub's official ...` -> `github_official_...`
    words = re.findall(r"[a-z0-9]+", re.sub(r"['\u2019]s\b", "", text.lower()))
    kept: list[str] = []
    for word in words:  # whole words, up to NAME_LENGTH characters (a title can be any length)
        if kept and len("_".join([*kept, word])) > NAME_LENGTH:
            break
        kept.append(word[:NAME_LENGTH])
    name = "_".join(kept)
    return name if name and name[0].isalpha() else (f"{fallback}_{name}" if name else fallback)


def _server_url(server: dict[str, Any]) -> str | None:
    url = server.get("url")
    if not isinstance(url, str) or not url:
        return None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

    def fill(match: re.Match[str]) -> str:
        found = variables.get(match.group(1)) if isinstance(variables, dict) else None
        default = found.get("default") if isinstance(found, dict) else None
        return str(default) if default is not None else match.group(0)

    return re.sub(r"\{([^{}]+)\}", fill, url)


def regions_from(document: dict[str, Any]) -> tuple[Region, ...]:
    """A region per absolute server URL (relative ones resolved against LOCAL), the first the
    default; one placeholder region when the spec lists none."""
    out: list[Region] = []
    for index, server in enumerate(document.get("servers") or []):
        if not isinstance(server, dict):
            continue
        url = _server_url(server)
        if url is None or "{" in url:
            continue
        if not urlsplit(url).scheme:
            url = urljoin(LOCAL + "/", url.lstrip("/")) if url != "/" else LOCAL
        description = server.get("description")
        label = description if isinstance(description, str) and description else url
        key = "default" if not out else identifier(label, f"server{index + 1}")
        if key in {r.key for r in out}:
            key = f"server{index + 1}"
        out.append(Region(key, label.strip()[:80], url.rstrip("/")))
    return tuple(out) or (Region("default", "Default", LOCAL),)


def derive(
    source: str, root: Path, out: Path | None, *, auth: str | None = None
) -> tuple[Config, list[str]]:
    """The configuration `apigen generate --source SOURCE` uses without an apigen.toml, and
    what was derived, one line each (for the log and `apigen init`)."""
    from generator.spec import PARSED, parse_document, use_cache

    if is_url(source):
        raise UsageError(
            f"{source}: without an apigen.toml, --source must be a local file "
            "(or write a config: `apigen init --source FILE`)"
        )
    path = Path(source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{source}: cannot read: {exc.strerror}") from None
    folder = (out or root / "output").resolve()
    # the cache stays out of the output folder (what a run writes there is what it generated)
    cache = root.resolve() / CACHE
    use_cache(cache / PARSED)  # where the fetch stage keeps YAML readings
    document = parse_document(raw, source, hand_over=True)  # read here, owned by the fetch
    info = document.get("info") or {}
    title = str(info.get("title") or path.stem)
    name = identifier(title)
    regions = regions_from(document)
    data: dict[str, Any] = {
        "title": title,
        "source": str(path.resolve()),
        "regions": [r._asdict() for r in regions],
    }
    if auth is not None:
        from generator.config import AUTH_FORMS, valid_auth

        if not valid_auth(auth):
            raise UsageError(f"--auth must be {AUTH_FORMS}, not {auth!r}")
        data["add_security"] = auth
    try:
        api: ApiConfig = _api(name, data, root, "(derived from the spec)")
    except UsageError as exc:  # a spec the neutral defaults cannot serve
        raise SpecError(str(exc)) from None
    config = Config(
        root=root,
        out=folder,
        cache=cache,
        lock=folder / "apigen.lock.json",
        fetch=FetchSettings(),
        apis={name: api},
    )
    said = [
        f"API {name!r} (from the title {title!r})",
        *(f"region {r.key!r}: {r.url}" for r in regions),
        *([f"security {auth} (--auth)"] if auth is not None else []),
    ]
    return config, said


def init_text(config: Config, source: str) -> str:
    """apigen.toml for the derived configuration, commented: what `apigen init` writes."""
    from generator.escape import toml_string

    ((name, api),) = config.apis.items()
    regions = "".join(
        f"\n[[apis.{name}.regions]]\nkey = {toml_string(r.key)}\nname = {toml_string(r.name)}\n"
        f"url = {toml_string(r.url)}\n"
        for r in api.regions
    )
    return f"""# apigen configuration, written by `apigen init` from {toml_string(source)}.
# Every key is documented in docs/configuration.md; uncomment what you want to change.

[settings]
out = "output"                  # artefacts land in <out>/<api>/
# cache = ".apigen-cache"
# lock = "apigen.lock.json"

[apis.{name}]
title = {toml_string(api.title)}
source = {toml_string(source)}   # a file, a spec URL or a redoc page
# client_class = {toml_string(api.client_class)}   # the generated clients' class
# error_class = {toml_string(api.error_class)}     # and their error base class
# overlays = ["overlays/{name}.yaml"]   # OpenAPI Overlay files with facts the spec lacks

# [apis.{name}.shell_variables]   # the curl snippets' variables
# url = "API_URL"
# key = "API_KEY"
{regions}"""
