"""The published site (`output/site/`): one index page for every API, linking its curl page,
cheat-sheet, Postman files, client README, normalize report and latest API changes, all copied
beside it so that every link is relative and the folder can be served from any sub-path or
opened from disk. Same style, header, script and Content-Security-Policy as the snippets pages
(generator.emit.curl); no CDN. Each snippets page's search data is widened to every API, so a
search from any page (or the index) finds every operation."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator import kinds
from generator.config import ApiConfig
from generator.emit import Files
from generator.kinds import REGISTRY

SITE = "site"
# what the pipeline itself writes beside the kinds' folders, copied when it exists
PIPELINE_FILES = ("normalize-report.md", "openapi.json", "CHANGES.md")
# kinds the index describes in its own words (and every client language, by its install line);
# any other registered kind gets a list of links
DESCRIBED = frozenset({"curl", "postman"})


def copied(folder: Path) -> dict[str, list[str]]:
    """kind (or "" for the pipeline's own files) -> the files of `folder` the site copies, as
    each kind's registration (generator.kinds) names them."""
    out = {"": [rel for rel in PIPELINE_FILES if (folder / rel).is_file()]}
    for name, kind in REGISTRY.items():
        root = folder / kind.root
        if kind.per_api and kind.site and root.is_dir():
            found = {p for pattern in kind.site for p in root.glob(pattern) if p.is_file()}
            out[name] = sorted(p.relative_to(folder).as_posix() for p in found)
    return out


def reader_facts(
    api: ApiConfig,
    folder: Path,
    document: dict[str, Any],
    environments: list[dict[str, str]],
    collection: str,
) -> dict[str, Any]:
    """What a reader of the front page wants of an API: its description, regions, how requests
    carry the key, a quick start (the newman run of its collection) and the spec the artefacts
    were generated from (its sha256, from the output's manifest: the same every run)."""
    info = document.get("info", {})
    schemes = document.get("components", {}).get("securitySchemes", {}) or {}
    auth = []
    for scheme in schemes.values():
        if not isinstance(scheme, dict):
            continue
        if scheme.get("type") == "http":
            auth.append(f"HTTP {scheme.get('scheme', '')} in the Authorization header")
        elif scheme.get("type") == "apiKey":
            auth.append(f"an API key in the {scheme.get('in', '')} {scheme.get('name', '')}")
        else:
            auth.append(str(scheme.get("type", "")))
    manifest = folder / "manifest.json"
    inputs = json.loads(manifest.read_bytes()).get("inputs", {}) if manifest.is_file() else {}
    key = api.shell_variables.get("key", "")
    servers = [s for s in document.get("servers", []) or [] if isinstance(s, dict) and s.get("url")]
    first = str(servers[0].get("description") or "") if servers else ""
    # the first region's environment (the spec's first server), else the first there is
    chosen = next((e for e in environments if first and first in e["name"]), None)
    chosen = chosen or (environments[0] if environments else None)
    run = f"newman run postman/{collection}"
    if chosen is not None:
        run += f" -e postman/{chosen['file']} --env-var apiKey=${key}"
    return {
        "description": str(info.get("description") or "").strip(),
        "regions": [
            {"name": str(s.get("description") or s.get("url")), "url": str(s.get("url"))}
            for s in servers
        ],
        "auth": "; ".join(a for a in auth if a) or "no credentials",
        "key_variable": key,
        "newman": run,
        "spec_sha256": str(inputs.get("spec", "")),
    }


def widened(files: Files, pages: list[str]) -> str:
    """Every reference page's search data becomes every API's together (in the APIs' order):
    its own API's as the page carries it, and every other API's whole, or, for an API whose
    pages carry only their own operations (over generator.emit.curl.SEARCH_BUDGET, as those
    pages' own links to their home say), a link to its home's search. Returns the data block
    of a page of no API, for the index."""
    from generator.emit.curl import (
        SEARCH_BLOCK,
        Elsewhere,
        read_elsewhere,
        read_search_block,
        search_block,
    )

    texts: dict[str, tuple[str, re.Match[str]]] = {}
    carried: dict[str, tuple[list[dict[str, str]], list[Elsewhere]]] = {}
    for rel in pages:
        text = files[rel].decode("utf-8")
        blocks = list(SEARCH_BLOCK.finditer(text))
        if len(blocks) != 1:
            raise AssertionError(f"{rel}: {len(blocks)} search data blocks, expected 1")
        texts[rel] = (text, blocks[0])
        carried[rel] = (read_search_block(blocks[0][1]), read_elsewhere(blocks[0][1]))
    order = list(dict.fromkeys(rel.split("/", 1)[0] for rel in pages))
    # each API's every operation: what its home carries
    whole = {api: carried[f"{api}/curl/index.html"][0] for api in order}
    # the APIs over the budget: the emitter's group pages link their home's search instead
    big: dict[str, Elsewhere] = {}
    for rel, (_, elsewhere) in carried.items():
        for link in elsewhere:
            big.setdefault(rel.split("/", 1)[0], link)

    def block(own: str, entries: list[dict[str, str]], elsewhere: list[Elsewhere]) -> str:
        found: list[dict[str, str]] = []
        more: list[Elsewhere] = []
        for api in order:
            if api == own:
                found += entries
                more += elsewhere
            elif api in big:
                more.append(big[api])
            else:
                found += whole[api]
        return search_block(found, more)

    shared: dict[str, str] = {}  # the pages that carry their API whole share one block
    for rel, (text, match) in texts.items():
        api = rel.split("/", 1)[0]
        entries, elsewhere = carried[rel]
        if elsewhere:
            new = block(api, entries, elsewhere)
        elif api in shared:
            new = shared[api]
        else:
            new = shared[api] = block(api, entries, [])
        files[rel] = (text[: match.start()] + new + text[match.end() :]).encode("utf-8")
    return block("", [], [])


def build_all(apis: list[tuple[ApiConfig, Path, str]], title: str) -> Files:
    """`apis`: each API's configuration, output folder and client version."""
    from generator.emit.curl import content_security_policy, languages
    from generator.emit.templates import render

    files: Files = {}
    entries: list[dict[str, Any]] = []
    for api, folder, version in apis:
        if not (folder / "openapi.json").is_file():
            continue
        by_kind = copied(folder)
        for rel in (rel for found in by_kind.values() for rel in found):
            files[f"{api.name}/{rel}"] = (folder / rel).read_bytes()
        postman = [folder / rel for rel in by_kind.get("postman", [])]
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
                "clients": [
                    {
                        "label": kind.label,
                        "readme": f"{api.name}/{kind.root}/README.md",
                        "install": kinds.load(kind.name).install(api, version),
                        "local": kinds.load(kind.name).install_local(
                            f"output/{api.name}/{kind.root}"
                        ),
                    }
                    for kind in kinds.languages()
                    if f"{api.name}/{kind.root}/README.md" in files
                ],
                "changes": f"{api.name}/CHANGES.md" in files,
                **reader_facts(api, folder, document, environments, collection),
                "other": [
                    {"kind": kind, "files": found}
                    for kind, found in by_kind.items()
                    if kind and kind not in DESCRIBED and not REGISTRY[kind].language and found
                ],
            }
        )
    pages = re.compile(r"^([^/]+)/curl/(index|reference/[^/]+)\.html$")
    search = widened(files, [
        rel for e in entries for rel in sorted(files)
        if (m := pages.match(rel)) is not None and m.group(1) == e["name"]
    ])  # fmt: skip
    style = render("curl/page.css.j2", {"languages": languages()}, markdown=False)
    script = render("curl/page.js.j2", {}, markdown=False)
    context = {
        "title": title, "apis": entries, "style": style, "script": script, "search": search,
        "languages": languages(), "csp": content_security_policy((script,), style),
    }  # fmt: skip
    files["index.html"] = render("site/index.html.j2", context, markdown=False).encode("utf-8")
    files.update(llms(files, entries, title, [label for _, label in languages()]))
    files.update(documents(files, style))
    return files


# The Markdown documents the index links, each also published as an HTML page beside it.
DOCUMENTS = re.compile(
    r"^[^/]+/(clients/[^/]+/README|curl/cheatsheet|normalize-report|CHANGES)\.md$"
)


def html_name(rel: str) -> str:
    """Where a Markdown document's HTML page is: `README.md` -> `README.html`."""
    return rel[: -len(".md")] + ".html"


def documents(files: Files, style: str) -> Files:
    """The README, cheat-sheet, normalize report and changes of every API as HTML pages (the
    raw files stay beside them): the index's style, no script, the same policy."""
    from generator.emit.curl import content_security_policy
    from generator.emit.templates import render

    out = {}
    csp = content_security_policy((), style)  # every page: the same style, no script
    for rel in sorted(r for r in files if DOCUMENTS.match(r)):
        text = files[rel].decode("utf-8")
        first = next((line for line in text.splitlines() if line.startswith("# ")), "")
        heading = first[2:].strip() or rel
        depth = rel.count("/")
        context = {
            "heading": heading.replace("\\", ""), "body": text, "style": style,
            "csp": csp, "root": "../" * depth,
            "page": html_name(rel), "source": rel.rsplit("/", 1)[-1],
        }  # fmt: skip
        out[html_name(rel)] = render("site/page.html.j2", context, markdown=False).encode("utf-8")
    return out


LINK = re.compile(r"^- \[(.+?)\]\((reference/[^)\s]+\.md)\)(.*)$", re.M)
LLMS_LIMIT = 50_000  # characters of llms.txt (AFDocs' check: an agent reads it whole)


def llms(files: Files, entries: list[dict[str, Any]], title: str, labels: list[str]) -> Files:
    """`llms.txt` (llmstxt.org: an H1, a summary, a section of links per API, every link a
    Markdown page of the site) and `llms-full.txt` (every such page, one after another), from
    each API's Markdown reference (generator.emit.markdown_reference). Past LLMS_LIMIT
    characters, the APIs with the most groups (Microsoft Graph beta has 830) link their overview
    alone, which links each group's page: an index of indexes, as the format suggests."""
    from generator.escape import md_text

    names = [e for e in entries if f"{e['name']}/curl/reference.md" in files]
    if not names:
        return {}
    summary = (
        f"The API reference of {', '.join(md_text(e['title']) for e in names)}: every "
        f"operation's parameters, request body, answers and snippets ({', '.join(labels)}), as Markdown."
    )
    head = [f"# {md_text(title)}", "", f"> {summary}", ""]
    tail = ["## Optional", "", "- [Every page above in one file](llms-full.txt)", ""]
    sections: list[list[str]] = []  # each API's, its group links last
    groups: list[list[str]] = []
    full: list[str] = []
    for entry in names:
        root = f"{entry['name']}/curl/"
        index = files[root + "reference.md"].decode("utf-8")
        sections.append([
            f"## {md_text(entry['title'])}",
            "",
            f"- [{md_text(entry['title'])}: overview]({root}reference.md): "
            f"{entry['operations']} operations, its groups and regions",
        ])  # fmt: skip
        found = LINK.findall(index)
        groups.append([f"- [{label}]({root}{page}){rest}" for label, page, rest in found])
        pages = [root + "reference.md", *(root + page for _, page, _ in found)]
        full += [files[page].decode("utf-8") for page in pages if page in files]

    def text() -> str:
        body = [line for s, g in zip(sections, groups, strict=True) for line in [*s, *g, ""]]
        return "\n".join(head + body + tail)

    for at in sorted(range(len(groups)), key=lambda i: (-len(groups[i]), i)):
        if len(text()) <= LLMS_LIMIT:
            break
        sections[at][-1] += f"; its {len(groups[at])} groups' pages are linked there"
        groups[at] = []
    return {
        "llms.txt": text().encode("utf-8"),
        "llms-full.txt": "\n".join(full).encode("utf-8"),
    }
