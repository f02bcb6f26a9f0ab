"""A semantic diff of two normalized specs: what changed in the API, and whom it breaks.

`walk` compares the two API models and reports facts; `rules` (a table, one entry per finding
kind) judges each: a level (`breaking`, `warning`: potentially breaking, `info`) and two axes,
`wire_breaking` (an existing HTTP client's request or parse now fails) and `sdk_breaking` (code
written against the generated clients, in any of their languages, no longer compiles or changes
meaning); `postman` marks changes collection users see. Rules depend on where a schema is used:
what narrows a request breaks senders, what widens a response breaks readers. `algebra` holds
the schema comparisons (renames by structure, usage, types), `report` the output.
"""

from __future__ import annotations

import importlib
from typing import Any

from generator.config import ApiConfig
from generator.diff.report import LEVELS, ApiDiff, Finding, summary, to_json, to_markdown
from generator.diff.rules import RULES, judge
from generator.diff.walk import Walk
from generator.model import Api, build_api

__all__ = [
    "LEVELS", "RULES", "ApiDiff", "Finding", "client_names", "diff_documents", "diff_models",
    "summary",
    "to_json", "to_markdown",
]  # fmt: skip


def surfaces() -> list[Any]:
    """Each client language's spelling of names and parameter types (the `sdk` module its kind
    registers in generator.kinds), the Python client's first: its method names label findings."""
    from generator.kinds import REGISTRY

    return [importlib.import_module(k.sdk) for k in REGISTRY.values() if k.sdk]


def client_names(api: Api, config: ApiConfig | None = None) -> dict[str, str]:
    """Each operation's client method under `config` (ClientPlan.client_names)."""
    from generator.plan import build_plan

    return build_plan(api, config).client_names()


def diff_models(
    name: str,
    before: Api,
    after: Api,
    names: tuple[dict[str, str], dict[str, str]] | None = None,
) -> ApiDiff:
    """The difference between two API models (the pipeline passes the ones it built);
    `names`: the client methods before and after (client_names), when the configuration or
    apigen's naming may differ between them; by default both follow the rule alone."""
    findings = []
    names = names or (client_names(before), client_names(after))
    for fact in Walk(before, after, surfaces(), names).run():
        level, wire, sdk, postman = judge(fact.kind, fact.where, fact.flags)
        findings.append(
            Finding(fact.kind, level, wire, sdk, fact.message, postman=postman, **fact.location)
        )
    order = {level: i for i, level in enumerate(LEVELS)}
    findings.sort(
        key=lambda f: (
            order[f.level],
            f.path or "",
            f.method or "",
            f.schema or "",
            f.kind,
            f.message,
        )
    )
    return ApiDiff(name, findings)


def diff_documents(api: ApiConfig, old: dict[str, Any], new: dict[str, Any]) -> ApiDiff:
    """The API-level difference between two normalized documents, compared as the model sees
    them (the same parameters, media types and names every artefact has)."""
    before, after = build_api(api, old), build_api(api, new)
    return diff_models(
        api.name, before, after, (client_names(before, api), client_names(after, api))
    )
