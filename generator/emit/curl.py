"""curl snippets, one per operation: a Markdown cheat-sheet, snippets.json, and the snippets page
(`curl/index.html`): every operation in curl, Python and TypeScript side by side, the client
snippets rendered from the client surface by the language adapters (the calls their READMEs
show), with a search over every operation that the site widens to every API.

Every value from the spec is quoted for the shell (single quotes, or percent-encoding inside the
double-quoted URL) so that no quote, `$`, backtick or newline in it can change the command. The
key is never inlined: always `$PERMIT_API_KEY`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any, NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from generator import kinds
from generator.config import ApiConfig
from generator.emit import (
    EmitInput,
    Files,
    as_text,
    markdown_reference,
    path_parameter,
    reference,
)
from generator.emit.templates import render
from generator.escape import html_text, one_line, shell_comment, shell_word
from generator.model import ROLES, Api, AuthScheme, Operation, Parameter, Schemas
from generator.schema.naming import unique
from generator.schema.text import dump_json

URL_SAFE = "-._~"  # unreserved: never special inside double quotes


class Shell:
    """How one API's snippets name their shell variables and send its credentials."""

    def __init__(self, config: ApiConfig, api: Api) -> None:
        self.vars = config.shell_variables
        self.roles = {name: role for name, role in config.path_variables.items()}
        self.schemes = api.schemes

    def scheme(self, op: Operation) -> AuthScheme | None:
        return self.schemes.get(op.scheme) if op.scheme is not None else None

    def credentials(self, op: Operation) -> list[str]:
        """The curl options that send the operation's credentials (never their values)."""
        scheme = self.scheme(op)
        key = '"$' + self.vars["key"] + '"'
        if scheme is None or scheme.location == "query":
            return []  # none, or in the URL's query (see snippet)
        if scheme.kind == "basic":
            return [f'-u "${self.vars["username"]}:${self.vars["password"]}"']
        if scheme.kind == "bearer":
            return [f'-H "Authorization: Bearer ${self.vars["key"]}"']
        if scheme.location == "cookie":
            return ["-b " + shell_word(f"{one_line(scheme.parameter)}=") + key]
        return ["-H " + shell_word(f"{one_line(scheme.parameter)}: ") + key]

    def path(self, op: Operation) -> str:
        """The path with `$VAR` for proj_id/env_id and percent-encoded examples elsewhere."""
        params = {p.name: p for p in op.params("path")}

        def segment(part: str) -> str:
            name = path_parameter(part)
            if name is None:
                return quote(part, safe=URL_SAFE)
            param = params.get(name)
            role = param.variable if param else None
            if role in self.vars:
                return "$" + self.vars[role]
            return quote(as_text(param.example if param else name), safe=URL_SAFE)

        return "/".join(segment(p) for p in op.path.split("/"))

    def query(self, params: list[Parameter]) -> str:
        pairs = []
        for param in params:
            value = param.display_value
            for item in value if isinstance(value, list) else [value]:
                pairs.append(
                    f"{quote(param.name, safe=URL_SAFE)}={quote(as_text(item), safe=URL_SAFE)}"
                )
        return "&".join(pairs)

    def snippet(self, op: Operation) -> str:
        url = "$" + self.vars["url"] + self.path(op)
        query = self.query([p for p in op.params("query") if p.required])
        scheme = self.scheme(op)
        if scheme is not None and scheme.location == "query":
            key = f"{quote(scheme.parameter, safe=URL_SAFE)}=${self.vars['key']}"
            query = f"{query}&{key}" if query else key
        if query:
            url += "?" + query
        lines = [f'curl -X {op.method.upper()} "{url}"', *self.credentials(op)]
        for param in op.params("header"):
            if param.required:
                lines.append(
                    "-H "
                    + shell_word(f"{one_line(param.name)}: {one_line(as_text(param.example))}")
                )
        if op.body is not None:
            lines.append("-H " + shell_word(f"Content-Type: {op.body.media_type}"))
            lines.append("--data-raw " + shell_word(op.body.example_text))
        optional = [
            p for p in op.parameters if not p.required and p.location in ("query", "header")
        ]
        comment = ""
        if optional:
            listed = ", ".join(f"{p.name}={as_text(p.display_value)}" for p in optional)
            comment = (
                one_line(f"# Optional {'/'.join(sorted({p.location for p in optional}))}: {listed}")
                + "\n"
            )
        return comment + " \\\n  ".join(lines)


def setup_lines(api: Api, config: ApiConfig) -> list[str]:
    """The environment variables a reader sets once: the credentials the API's schemes read,
    one line per region, and the project and environment."""
    shell = Shell(config, api)
    kinds = {s.kind for op in api.operations if (s := shell.scheme(op)) is not None}
    lines = []
    if kinds & {"bearer", "apikey"}:
        lines.append(f'export {shell.vars["key"]}="..."  # your API key; never commit it')
    if "basic" in kinds:
        lines.append(f'export {shell.vars["username"]}="..."  # HTTP basic: the user name')
        lines.append(f'export {shell.vars["password"]}="..."  # and the password; never commit it')
    for index, region in enumerate(api.regions):
        prefix = "" if index == 0 else "# "
        lines.append(
            f"{prefix}export {shell.vars['url']}={shell_word(region.url)}  # {shell_comment(region.name)}"
        )
    for role in ROLES:
        if role in shell.vars and role in config.placeholders:
            lines.append(f"export {shell.vars[role]}={shell_word(config.placeholders[role])}")
    return lines


def entries(api: Api, config: ApiConfig) -> list[dict[str, Any]]:
    shell = Shell(config, api)
    return [
        {
            "name": op.name,
            "title": op.title,
            "method": op.method.upper(),
            "path": op.path,
            "tag": op.tag,
            "scope": op.scope,
            "deprecated": op.deprecated,
            "summary": first_paragraph(op.description),
            "description": op.description,
            "snippet": shell.snippet(op),
        }
        for op in api.operations
    ]


def tag_slugs(names: list[str]) -> list[str]:
    """Section anchors named after their tag (`#tag-role-assignments`), not their position, so a
    link keeps its meaning when the API gains a tag; operation names never start with `tag-`."""
    slugs: list[str] = []
    for name in names:
        base = "tag-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "section")
        slugs.append(unique(base, slugs, "-"))
    return slugs


def first_paragraph(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].strip()


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    return {}


def _hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def content_security_policy(scripts: tuple[str, ...], style: str) -> str:
    """Nothing but the page's own inline scripts and style (by hash) and its data: icon."""
    allowed = f"script-src {' '.join(_hash(s) for s in scripts)}; " if scripts else ""
    return (
        f"default-src 'none'; {allowed}style-src {_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def languages() -> tuple[tuple[str, str], ...]:
    """The page's languages: (key, label). curl comes from this module, the others from the
    client languages the registry names (generator.kinds), each adapter's `snippets`."""
    return (("curl", "curl"), *((kind.name, kind.label) for kind in kinds.languages()))


SEARCH_ID = "apigen-search"  # the page's search data; the site widens it to every API
SEARCH_BLOCK = re.compile(
    r'<script type="application/json" id="' + SEARCH_ID + r'">(.*?)</script>', re.S
)
SUMMARY_CHARS = 160  # of a summary, in the search data
# Characters of search data an API's every page may carry. Above it (GitHub's 1,223 operations
# take 300 KB, Microsoft Graph beta's 6.7 MB: in each of 830 pages, 5.6 GB) the API's home alone
# carries every operation; a group's page carries its own and links the home's search.
SEARCH_BUDGET = 128 * 1024


MAX_STEM = 60  # a group page's file name, before `.html` or `.md`


def page_path(api: str) -> str:
    """The API's reference home, relative to the output (and the site) root."""
    return f"{api}/curl/index.html"


def group_stems(slugs: list[str]) -> list[str]:
    """Each group's page name (`reference/<stem>.html` and `.md`): its anchor without `tag-`,
    bounded (a file name has a length limit), unique, never `schemas`."""
    taken: set[str] = {"schemas"}
    stems = []
    for slug in slugs:
        stem = unique(slug.removeprefix("tag-")[:MAX_STEM].rstrip("-") or "group", taken, "-")
        taken.add(stem)
        stems.append(stem)
    return stems


def search_entries(api: Api, items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """What the search reads of each operation: its API, name, title, method, path, summary
    and page (its group's, relative to the root)."""
    return [
        {
            "api": api.title,
            "name": i["name"],
            "title": i["title"],
            "method": i["method"],
            "path": i["path"],
            "summary": one_line(i["summary"])[:SUMMARY_CHARS],
            "page": f"{api.name}/curl/{i['page']}",
        }
        for i in items
    ]


SEARCH_FIELDS = ("name", "title", "method", "path", "summary")


class Elsewhere(NamedTuple):
    """An API whose operations a page's search data does not all hold: the search links its
    home's (`page`), which holds them all."""

    api: str  # its title
    page: str  # its home, relative to the root
    operations: int


def search_block(entries: list[dict[str, str]], elsewhere: Sequence[Elsewhere] = ()) -> str:
    """The search data as a JSON data block: not a script, so the page's policy allows it; `<`
    is escaped so that no text in it can end the element. Compact, as every page carries it:
    each API's title and each page's address once, an operation a row that points to them;
    `more` (only when there are any) the APIs searched on their home instead."""
    apis: dict[str, int] = {}  # value -> its index, in the order first seen
    pages: dict[str, int] = {}
    rows = [
        [apis.setdefault(e["api"], len(apis)), pages.setdefault(e["page"], len(pages))]
        + [e[field] for field in SEARCH_FIELDS]
        for e in entries
    ]
    table: dict[str, Any] = {"apis": list(apis), "pages": list(pages), "operations": rows}
    if elsewhere:
        table["more"] = [list(e) for e in elsewhere]
    data = json.dumps(table, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/json" id="{SEARCH_ID}">{data}</script>'


def read_search_block(text: str) -> list[dict[str, str]]:
    """The entries a search data block holds (what `search_block` was given)."""
    data = json.loads(text)
    return [
        {"api": data["apis"][row[0]], "page": data["pages"][row[1]]}
        | dict(zip(SEARCH_FIELDS, row[2:], strict=True))
        for row in data["operations"]
    ]


def read_elsewhere(text: str) -> list[Elsewhere]:
    """The APIs a search data block sends to their home's search."""
    return [Elsewhere(str(a), str(p), int(n)) for a, p, n in json.loads(text).get("more", [])]


def page_searches(api: Api, entries: list[dict[str, str]], pages: list[str]) -> dict[str, str]:
    """Each page's search data block (`pages`: relative to the API's `curl/` folder, the home
    `index.html` among them). Within SEARCH_BUDGET every page carries every operation;
    above it the home does, and any other page its own operations and a link to the home's
    search, so that what the pages carry together grows with the API, not with its square."""
    full = search_block(entries)
    if len(full) <= SEARCH_BUDGET:
        return dict.fromkeys(pages, full)
    home = page_path(api.name)
    more = [Elsewhere(api.title, home, len(entries))]
    by_page: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        by_page.setdefault(entry["page"], []).append(entry)
    prefix = f"{api.name}/curl/"
    return {
        page: full if prefix + page == home else search_block(by_page.get(prefix + page, []), more)
        for page in pages
    }


def curl_html(snippet: str, variable: str, first_url: str) -> Markup:
    """A curl snippet as the page shows it: escaped for an element's content, its base URL
    variable (where the command starts, not anywhere spec text may repeat it) the first
    region's URL in a `<span class="base">` that the region switch rewrites."""
    text = str(html_text(snippet))
    start = re.compile(r'^(curl -X [A-Z]+ ")' + re.escape(variable), re.M)
    url = str(html_text(first_url))
    return Markup(
        start.sub(lambda m: m.group(1) + '<span class="base">' + url + "</span>", text, 1)
    )


def _place(api: Api, stem: str, title: str, here: str) -> dict[str, str]:
    """Where a reference page is and what it links: the API's home (`stem` "") at
    `curl/index.html`, a group's page or the schemas page (`stem`) at `curl/reference/`;
    `title` follows the API's in the page's title, `here` in its header's trail."""
    nested = stem != ""
    return {
        "root": "../../../" if nested else "../../",
        "page": f"{api.name}/curl/reference/{stem}.html" if nested else page_path(api.name),
        "markdown": f"{stem}.md" if nested else "reference.md",
        "heading": f"{api.title}: {title}",
        "home": "../index.html" if nested else "",
        "here": here,
        "current": stem,
        "to_groups": "" if nested else "reference/",
    }


def client_snippets(inp: EmitInput) -> dict[str, dict[str, str]]:
    """language -> operation name -> snippet, for the client languages."""
    return {kind.name: kinds.load(kind.name).snippets(inp) for kind in kinds.languages()}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    items = entries(api, config)
    by_language = client_snippets(inp)
    for item in items:
        item["snippets"] = [
            {
                "language": key,
                "label": label,
                "code": item["snippet"] if key == "curl" else by_language[key][item["name"]],
            }
            for key, label in languages()
        ]
    trees = reference.Trees(api.schemas)
    docs = {op.name: reference.document(op, trees) for op in api.operations}
    schemas = reference.schema_section(api, trees)
    variable, first_url = "$" + config.shell_variables["url"], api.regions[0].url
    for item in items:
        item["doc"] = docs[item["name"]]
        for snippet in item["snippets"]:
            code = snippet["code"]
            snippet["html"] = (
                curl_html(code, variable, first_url)
                if snippet["language"] == "curl"
                else html_text(code)
            )
    install = [kinds.load(k.name).install(config, inp.version) for k in kinds.languages()]
    tagged = [(t, [i for i in items if i["tag"] == t.name]) for t in api.tags]
    tagged = [(tag, members) for tag, members in tagged if members]
    slugs = tag_slugs([tag.name for tag, _ in tagged])
    groups = [
        (tag, members, slug, stem)
        for (tag, members), slug, stem in zip(tagged, slugs, group_stems(slugs), strict=True)
    ]
    for _, members, _, stem in groups:
        for item in members:
            item["page"] = f"reference/{stem}.html"
    context: dict[str, Any] = {
        "api": api,
        "setup": setup_lines(api, config),
        "install": install,
        "languages": languages(),
        "url_var": config.shell_variables["url"],
        "key_var": config.shell_variables["key"],
        "groups": groups,
        "schemas": schemas,
    }
    snippets = {i["name"]: {k: i[k] for k in ("method", "path", "scope", "snippet")} for i in items}
    # The pages' own style and scripts, allowed by hash: a strict policy with no remote loads.
    style = render("curl/page.css.j2", context, markdown=False)
    script = render("curl/page.js.j2", context, markdown=False)
    head = render("curl/head.js.j2", context, markdown=False)
    context.update(
        style=style,
        script=script,
        head_script=head,
        csp=content_security_policy((head, script), style),
    )
    markdown = markdown_reference.pages(api, items, groups, schemas)
    searches = page_searches(
        api,
        search_entries(api, items),
        ["index.html"]
        + [f"reference/{stem}.html" for *_, stem in groups]
        + (["reference/schemas.html"] if schemas else []),
    )
    home = {**_place(api, "", "API reference", ""), "search": searches["index.html"]}
    pages = {"curl/index.html": render("curl/index.html.j2", {**context, **home}, markdown=False)}
    for tag, members, slug, stem in groups:
        page = {**_place(api, stem, tag.name, tag.name), "tag": tag, "items": members, "slug": slug}
        page["search"] = searches[f"reference/{stem}.html"]
        pages[f"curl/reference/{stem}.html"] = render(
            "curl/group.html.j2", {**context, **page}, markdown=False
        )
    if schemas:
        page = {
            **_place(api, "schemas", "schemas", "Schemas"),
            "search": searches["reference/schemas.html"],
        }
        pages["curl/reference/schemas.html"] = render(
            "curl/schemas.html.j2", {**context, **page}, markdown=False
        )
    return {
        "curl/cheatsheet.md": render("curl/cheatsheet.md.j2", context, markdown=True).encode(
            "utf-8"
        ),
        **{path: text.encode("utf-8") for path, text in pages.items()},
        "curl/snippets.json": dump_json(snippets),
        **{path: text.encode("utf-8") for path, text in markdown.items()},
    }
