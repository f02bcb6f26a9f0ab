"""The diff's findings and how they are shown: Markdown (a pull request body, CHANGES.md) and
JSON (`apigen diff --format json`, docs/api-diff.schema.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.escape import md_code

LEVELS = ("breaking", "warning", "info")


@dataclass(frozen=True)
class Finding:
    kind: str  # e.g. operation-removed, property-added-required, schema-renamed
    level: str  # breaking, warning, info
    wire_breaking: bool
    sdk_breaking: bool
    message: str  # one line of Markdown; spec text in code spans
    method: str | None = None
    path: str | None = None
    client_method: str | None = None
    schema: str | None = None
    old_pointer: str | None = None
    new_pointer: str | None = None
    postman: bool = False  # a Postman item's id or folder changes

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "level": self.level,
            "wire_breaking": self.wire_breaking,
            "sdk_breaking": self.sdk_breaking,
            "postman": self.postman,
            "message": self.message,
        }
        if self.method is not None:
            out["operation"] = {
                "method": self.method.upper(),
                "path": self.path,
                "client_method": self.client_method,
            }
        if self.schema is not None:
            out["schema"] = self.schema
        out["old_pointer"] = self.old_pointer
        out["new_pointer"] = self.new_pointer
        return out


@dataclass
class ApiDiff:
    api: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.findings

    def count(self, level: str) -> int:
        return sum(f.level == level for f in self.findings)

    @property
    def wire_breaking(self) -> bool:
        return any(f.wire_breaking for f in self.findings)

    @property
    def sdk_breaking(self) -> bool:
        return any(f.sdk_breaking for f in self.findings)

    @property
    def additions(self) -> bool:
        return any(f.kind.endswith("-added") for f in self.findings)

    def breaking(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "breaking"]


def summary(diff: ApiDiff) -> dict[str, Any]:
    return {
        "breaking": diff.count("breaking"),
        "warning": diff.count("warning"),
        "info": diff.count("info"),
        "wire_breaking": sum(f.wire_breaking for f in diff.findings),
        "sdk_breaking": sum(f.sdk_breaking for f in diff.findings),
    }


def to_json(diff: ApiDiff) -> dict[str, Any]:
    return {
        "api": diff.api,
        "summary": summary(diff),
        "findings": [f.to_json() for f in diff.findings],
    }


def _axes(finding: Finding) -> str:
    axes = [
        name
        for name, on in (
            ("wire", finding.wire_breaking),
            ("SDK", finding.sdk_breaking),
            ("Postman", finding.postman),
        )
        if on
    ]
    return f" [{', '.join(axes)}]" if axes else ""


def _subject(finding: Finding) -> str:
    if finding.method is not None:
        return (
            f"{md_code(f'{finding.method.upper()} {finding.path}')} "
            f"({md_code(finding.client_method or '')}): "
        )
    return ""


def to_markdown(diff: ApiDiff, headline: str | None = None) -> str:
    lines = [f"# API changes: {diff.api}", ""]
    if headline:
        lines += [headline, ""]
    if diff.empty:
        return "\n".join([*lines, "No API changes."]) + "\n"
    s = summary(diff)
    lines.append(
        f"{s['breaking']} breaking ({s['wire_breaking']} for HTTP clients, {s['sdk_breaking']} for "
        f"code using the generated clients), {s['warning']} warning(s), {s['info']} info."
    )
    titles = {"breaking": "Breaking", "warning": "Warnings (potentially breaking)", "info": "Info"}
    for level in LEVELS:
        found = [f for f in diff.findings if f.level == level]
        if not found:
            continue
        lines += ["", f"## {titles[level]} ({len(found)})", ""]
        lines += [f"- {_subject(f)}{f.message}{_axes(f)}" for f in found]
    return "\n".join(lines) + "\n"
