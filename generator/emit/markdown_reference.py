"""The reference in Markdown, for agents and for readers who want text (issue #36): per API,
`curl/reference.md` (the API, its groups, linked) and `curl/reference/<group>.md` (each
operation: method and path, description, parameters table, request body and answers as
property lists, the example answer, and its snippet in every language), from the same API model,
records (generator.emit.reference) and snippets as the HTML page. The site's `llms.txt` links
them (generator.site).

Spec text is data: one-line text through `md_text`, code through `md_code` and fences longer
than any backtick run inside (generator.escape).
"""

from __future__ import annotations

from typing import Any

from generator.emit import reference
from generator.escape import fence, md_code, md_text
from generator.model import Api

FENCES = {"curl": "sh", "python": "python", "typescript": "ts", "go": "go"}


def _node_lines(node: reference.Node, indent: str) -> list[str]:
    lines = []
    for child in node.children:
        facts = []
        if child.name and child.required:
            facts.append("required")
        if child.nullable:
            facts.append("nullable")
        if child.deprecated:
            facts.append("deprecated")
        facts += list(child.facts)
        label = md_code(child.name) if child.name and not node.variants else md_text(child.name)
        kind = md_text(child.type) + (f" ({md_text(', '.join(facts))})" if facts else "")
        about = f": {md_text(child.description)}" if child.description else ""
        lines.append(f"{indent}- {label}: {kind}{about}")
        lines += _node_lines(child, indent + "  ")
    return lines


def _tree(node: reference.Node) -> list[str]:
    head = f"Type: {md_text(node.type)}"
    if node.nullable:
        head += " (nullable)"
    lines = [head]
    if node.variants:
        lines.append(f"{md_text(node.variants.capitalize())}:")
    children = _node_lines(node, "")
    return [*lines, "", *children] if children else lines


def _operation(item: dict[str, Any], doc: reference.Documented) -> list[str]:
    out = [f"## {md_text(item['title'])}", ""]
    meta = f"{md_code(item['method'] + ' ' + item['path'])}"
    if item["scope"]:
        meta += f" · API key scope: {md_text(item['scope'])}"
    if item["deprecated"]:
        meta += " · deprecated"
    out += [meta, ""]
    if item["summary"]:
        out += [md_text(item["summary"]), ""]
    if doc.parameters:
        out += ["### Parameters", "", "| Name | In | Type | Required | Description |",
                "|---|---|---|---|---|"]  # fmt: skip
        for p in doc.parameters:
            kind = md_text(", ".join([p.type, *p.facts]))
            name = md_code(p.name, table=True) + (" (deprecated)" if p.deprecated else "")
            required = "yes" if p.required else "no"
            out.append(
                f"| {name} | {p.location} | {kind} | {required} | {md_text(p.description)} |"
            )
        out.append("")
    if doc.body is not None:
        required = ", required" if doc.body_required else ""
        out += [f"### Request body ({md_code(doc.body_media or '')}{required})", ""]
        out += [*_tree(doc.body), ""]
    out += ["### Answers", ""]
    for answer in doc.answers:
        media = f" ({md_code(answer.media_type)})" if answer.media_type else ""
        out += [f"#### {md_text(answer.status)}: {md_text(answer.description)}{media}", ""]
        if answer.tree is not None:
            out += [*_tree(answer.tree), ""]
        if answer.example is not None and answer.status.startswith("2"):
            ticks = fence(answer.example)
            out += [f"{ticks}json", answer.example, ticks, ""]
    out += ["### Snippets", ""]
    for snippet in item["snippets"]:
        code = snippet["code"]
        ticks = fence(code)
        out += [
            f"{md_text(snippet['label'])}:",
            "",
            f"{ticks}{FENCES.get(snippet['language'], '')}",
        ]
        out += [code.rstrip("\n"), ticks, ""]
    return out


def pages(
    api: Api,
    items: list[dict[str, Any]],
    groups: list[tuple[Any, list[dict[str, Any]], str, str]],
    schemas: list[tuple[str, str, reference.Node]],
) -> dict[str, str]:
    """path (under the API's folder) -> Markdown: `curl/reference.md` and one page per group,
    from the items' `doc` records and the `schemas` the HTML page lists too."""
    out = {}
    index = [f"# {md_text(api.title)}", ""]
    summary = api.description.strip().split("\n\n")[0] if api.description else ""
    index += [f"> {md_text(summary or api.title + ': the API reference')}", ""]
    index += [f"{len(items)} operations; regions: " + ", ".join(
        f"{md_text(r.name)} {md_code(r.url)}" for r in api.regions
    ), ""]  # fmt: skip
    index += ["## Groups", ""]
    for tag, members, _, stem in groups:
        page = f"reference/{stem}.md"
        count = f"{len(members)} operation{'s' * (len(members) != 1)}"
        index.append(f"- [{md_text(tag.name)}]({page}): {count}")
        lines = [f"# {md_text(api.title)}: {md_text(tag.name)}", ""]
        about = tag.description.strip().split("\n\n")[0] if tag.description else ""
        lines += [f"> {md_text(about or f'The {tag.name} operations of the {api.title}.')}", ""]
        for item in members:
            lines += _operation(item, item["doc"])
        out[f"curl/{page}"] = "\n".join(lines).rstrip("\n") + "\n"
    index += [
        "",
        "## Schemas",
        "",
        "- [Every named type the groups' pages name](reference/schemas.md)",
    ]
    out["curl/reference.md"] = "\n".join(index).rstrip("\n") + "\n"
    lines = [f"# {md_text(api.title)}: schemas", ""]
    lines += ["> The named types the operations' parameters, bodies and answers use.", ""]
    for name, _, tree in schemas:
        lines += [f"## {md_text(name)}", ""]
        if tree.description:
            lines += [md_text(tree.description), ""]
        lines += [*_tree(tree), ""]
    out["curl/reference/schemas.md"] = "\n".join(lines).rstrip("\n") + "\n"
    return out
