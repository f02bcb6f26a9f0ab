"""The normalize report: what each pass changed, as JSON and as Markdown."""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from generator.escape import md_code, md_text
from generator.normalize import PASSES, Normalized
from generator.normalize.base import SchemaPass

if TYPE_CHECKING:
    from generator.overlays import Applied
    from generator.refs import Bundled

_MD_LIMIT = 50  # changes listed per pass in Markdown; the JSON report has them all


def _summary(name: str) -> str:
    """The first line of the pass's module docstring (a schema pass: its rule's module)."""
    found = PASSES[name]
    module = inspect.getmodule(found.rule if isinstance(found, SchemaPass) else found)
    doc = (module.__doc__ if module else "") or ""
    return doc.strip().split("\n", 1)[0]


def not_generated(document: dict[str, Any]) -> list[dict[str, str]]:
    """What the normalized spec keeps that not every artefact generates: webhooks (the Postman
    collection alone has them, as requests to the user's receiver), operations' callbacks and
    responses' links (in no artefact; read by tools that understand them). Listed so that their
    absence from the other artefacts is never a surprise."""
    from generator.schema.pointers import escape, operations

    def names(value: Any) -> list[str]:
        return [str(k) for k in value] if isinstance(value, dict) else []

    # a 3.0 document's `x-webhooks` (Redoc's extension) where it has no `webhooks`, as the model
    key = "webhooks" if isinstance(document.get("webhooks"), dict) else "x-webhooks"
    found = [
        {"pointer": f"/{key}/{escape(name)}", "what": "webhook", "only": "postman"}
        for name in names(document.get(key))
    ]
    for path, method, op in operations(document):
        here = f"/paths/{escape(path)}/{method}"
        found += [
            {"pointer": f"{here}/callbacks/{escape(name)}", "what": "callback"}
            for name in names(op.get("callbacks"))
        ]
        responses = op.get("responses")
        for status in names(responses):
            response = responses.get(status) if isinstance(responses, dict) else None
            links = response.get("links") if isinstance(response, dict) else None
            found += [
                {
                    "pointer": f"{here}/responses/{escape(status)}/links/{escape(name)}",
                    "what": "link",
                }
                for name in names(links)
            ]
    return found


def report_data(
    api: str,
    result: Normalized,
    disabled: tuple[str, ...],
    overlays: Sequence[Applied] = (),
    bundled: Sequence[Bundled] = (),
) -> dict[str, Any]:
    return {
        "api": api,
        **(
            {
                "bundled": [
                    {"ref": b.ref, "pointer": b.pointer, "source": b.source, "now": b.target}
                    for b in bundled
                ]
            }
            if bundled
            else {}
        ),
        "overlays": [
            {
                "overlay": a.overlay,
                "action": a.number,
                "target": a.target,
                "description": a.description,
                "kind": a.kind,
                "matched": len(a.pointers),
                "pointers": list(a.pointers),
                **({} if a.pointers else {"warning": "the target matched nothing"}),
            }
            for a in overlays
        ],
        **({"not_generated": kept} if (kept := not_generated(result.document)) else {}),
        "passes": [
            {
                "name": name,
                "summary": _summary(name),
                "enabled": name not in disabled,
                "count": len(record.changes),
                "changes": [{"pointer": c.pointer, "message": c.message} for c in record.changes],
                **({"mapping": record.mapping} if record.mapping else {}),
            }
            for name, record in result.records.items()
        ],
    }


BUNDLED_LISTED = 50  # references listed one by one; more are summed up per file


def _bundled_markdown(bundled: list[dict[str, str]]) -> list[str]:
    """External references: each one when there are few; else one row per file read (a spec
    split in 2,800 files makes 23,000 references, every one in normalize-report.json)."""
    files: dict[str, list[dict[str, str]]] = {}
    for b in bundled:
        files.setdefault(b["source"], []).append(b)
    lines = ["", f"## External references bundled ({len(bundled)} from {len(files)} files)", ""]
    if len(bundled) <= BUNDLED_LISTED:
        return lines + [
            f"- {md_code(b['ref'])} at {md_code(b['pointer'])}: read from {md_code(b['source'])}, "
            f"now {md_code(b['now'])}"
            for b in bundled
        ]
    lines += [
        "Every reference, with where it stood, is in normalize-report.json.",
        "",
        "| file | references | now |",
        "|---|---:|---|",
    ]
    for source, found in files.items():
        schemas = sorted({b["now"] for b in found if b["now"] != "(inlined)"})
        inlined = sum(b["now"] == "(inlined)" for b in found)
        now = [md_code(n, table=True) for n in schemas] + (
            [f"inlined {inlined}x"] if inlined else []
        )
        lines.append(f"| {md_code(source, table=True)} | {len(found)} | {', '.join(now)} |")
    return lines


def report_markdown(data: dict[str, Any]) -> str:
    lines = [
        f"# Normalize report: {data['api']}",
        "",
        "Each pass repairs one kind of defect. The normalized spec loads into openapi-pydantic "
        "without error (apigen stops with exit code 4 otherwise).",
        "",
        "| pass | changes | what it repairs |",
        "|---|---:|---|",
    ]
    for p in data["passes"]:
        count = p["count"] if p["enabled"] else "disabled"
        lines.append(f"| {md_code(p['name'], table=True)} | {count} | {md_text(p['summary'])} |")
    if data.get("bundled"):
        lines += _bundled_markdown(data["bundled"])
    if data.get("overlays"):
        lines += [
            "",
            f"## Overlays ({len(data['overlays'])} actions, applied first)",
            "",
            "| overlay | action | target | matched | why |",
            "|---|---:|---|---:|---|",
        ]
        for a in data["overlays"]:
            matched = a["matched"] if a["matched"] else "**0: warning, matched nothing**"
            lines.append(
                f"| {md_code(a['overlay'], table=True)} | {a['action']} ({a['kind']}) | "
                f"{md_code(a['target'], table=True)} | {matched} | {md_text(a['description'])} |"
            )
    if data.get("not_generated"):
        kept = data["not_generated"]
        lines += ["", f"## Kept in the normalized spec, not in every artefact ({len(kept)})", ""]
        lines += [
            f"- {md_code(k['pointer'])}: a {k['what']}, "
            + (
                "in the Postman collection only (a request to your receiver)"
                if k.get("only") == "postman"
                else "in no artefact"
            )
            for k in kept
        ]
    for p in data["passes"]:
        if not p["changes"]:
            continue
        lines += ["", f"## {p['name']} ({p['count']})", ""]
        if p.get("mapping"):
            lines += ["| from | to |", "|---|---|"]
            lines += [
                f"| {md_code(k, table=True)} | {md_code(v, table=True)} |"
                for k, v in p["mapping"].items()
            ]
            continue
        for change in p["changes"][:_MD_LIMIT]:
            pointer = md_code(change["pointer"] or "/")
            lines.append(f"- {pointer}: {md_text(change['message'])}")
        if p["count"] > _MD_LIMIT:
            lines.append(f"- ... and {p['count'] - _MD_LIMIT} more in normalize-report.json")
    return "\n".join(lines) + "\n"
