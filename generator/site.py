"""The published site (`output/site/`): one index page for every API, linking its curl page,
cheat-sheet, Postman files, client README, normalize report and latest API changes, all copied
beside it so that every link is relative and the folder can be served from any sub-path or
opened from disk. Same style and Content-Security-Policy as the curl page; no CDN, no script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.config import ApiConfig
from generator.emit import Files

SITE = "site"
# what is copied from an API's output folder, when it exists
COPIED = (
    "curl/index.html",
    "curl/cheatsheet.md",
    "curl/snippets.json",
    "normalize-report.md",
    "openapi.json",
    "CHANGES.md",
    "clients/python/README.md",
    "clients/typescript/README.md",
)


def build_site(apis: list[tuple[ApiConfig, Path, str]], title: str) -> Files:
    """`apis`: each API's configuration, output folder and client version."""
    from generator.emit.curl import content_security_policy
    from generator.emit.templates import render

    files: Files = {}
    entries: list[dict[str, Any]] = []
    for api, folder, version in apis:
        if not (folder / "openapi.json").is_file():
            continue
        for rel in COPIED:
            if (folder / rel).is_file():
                files[f"{api.name}/{rel}"] = (folder / rel).read_bytes()
        postman = (
            sorted((folder / "postman").glob("*.json")) if (folder / "postman").is_dir() else []
        )
        for path in postman:
            files[f"{api.name}/postman/{path.name}"] = path.read_bytes()
        document = json.loads((folder / "openapi.json").read_bytes())
        operations = sum(
            1
            for item in document.get("paths", {}).values()
            if isinstance(item, dict)
            for method in item
            if method in ("get", "put", "post", "delete", "patch", "head", "options", "trace")
        )
        collection = f"{api.name}.postman_collection.json"
        environments = [
            {"file": p.name, "name": json.loads(p.read_bytes()).get("name", p.stem)}
            for p in postman
            if p.name.endswith(".postman_environment.json")
        ]
        entries.append(
            {
                "name": api.name,
                "title": str(document.get("info", {}).get("title") or api.title),
                "version": str(document.get("info", {}).get("version") or ""),
                "client_version": version,
                "operations": operations,
                "curl": f"{api.name}/curl/index.html" in files,
                "postman": {"collection": collection, "environments": environments}
                if f"{api.name}/postman/{collection}" in files
                else None,
                "python": {"distribution": api.python_package.replace("_", "-")}
                if f"{api.name}/clients/python/README.md" in files
                else None,
                "typescript": {"package": api.typescript_package}
                if f"{api.name}/clients/typescript/README.md" in files
                else None,
                "changes": f"{api.name}/CHANGES.md" in files,
            }
        )
    style = render("curl/page.css.j2", {}, markdown=False)
    context = {"title": title, "apis": entries, "style": style}
    context["csp"] = content_security_policy(None, style)  # the index runs no script
    files["index.html"] = render("site/index.html.j2", context, markdown=False).encode("utf-8")
    return files
