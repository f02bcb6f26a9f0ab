"""The diff's rules: every finding kind, and what it means for each consumer, as data.

A finding is judged by where it applies: `operation` (an operation's own change), or, for a
schema, `request` and/or `response` (where the schema is reached from; one used in both gets
both rules), or `error` (an error answer's schema written in place). Each effect says whether
the finding breaks existing HTTP clients (`wire`), is potentially breaking (`warning`), or
breaks code written against the generated clients (`sdk`); a condition is `True`, `False`, a
flag the walk reports (`"required"`), or its absence (`"!required"`). `postman` marks a change
Postman users see (an item's id or folder moves).

The docs' rule table (docs/ci-and-diff.md) and the JSON schema's `kind` enum
(docs/api-diff.schema.json) are this table (tests/diff/test_diff_rules.py holds them to it);
`python -m generator.diff` prints the Markdown table.
"""

from __future__ import annotations

from typing import NamedTuple

Cond = bool | str


class Effect(NamedTuple):
    wire: Cond = False
    warning: Cond = False
    sdk: Cond = False


class Rule(NamedTuple):
    summary: str  # what the kind means, for the docs
    effects: dict[str, Effect]  # operation, or request and response
    postman: bool = False


NONE = Effect()
INFO = {"operation": NONE}
BREAKS = Effect(True, False, True)
SDK = Effect(sdk=True)


def _schema(request: Effect, response: Effect) -> dict[str, Effect]:
    """A schema rule: its effect in a request and in an answer. In an error answer's schema
    written in place (any status but 2xx) it breaks a reader as in any answer, and no generated
    code: the clients hand an error's body over as it came (a named schema is a model, judged
    where it is used)."""
    error = Effect(response.wire, response.warning, False)
    return {"request": request, "response": response, "error": error}


RULES: dict[str, Rule] = {
    # operations
    "operation-added": Rule("an operation added", INFO),
    "operation-removed": Rule("an operation removed", {"operation": BREAKS}, postman=True),
    "operation-id-changed": Rule(
        "an operation id changed: the client method is renamed", {"operation": SDK}, True
    ),
    "operation-id-reused": Rule(
        "an operation id now names another endpoint: a method changes what it does",
        {"operation": SDK},
        True,
    ),
    "client-method-renamed": Rule(
        "a client method renamed (its group or name: the spec, the configuration or apigen's "
        "naming rule changed)",
        {"operation": SDK},
    ),
    "tag-changed": Rule(
        "an operation's tag changed: the client group (SDK when any language's name for it "
        "changes) and the Postman folder",
        {"operation": Effect(sdk="client-name-changed")},
        True,
    ),
    "operation-deprecated": Rule("an operation deprecated", INFO),
    # parameters
    "path-parameter-renamed": Rule(
        "a path parameter renamed: the same URL, another argument name in the clients",
        {"operation": SDK},
        True,
    ),
    "security-added": Rule(
        "an operation that took no credentials now needs them", {"operation": Effect(wire=True)}
    ),
    "security-removed": Rule("an operation no longer needs credentials", INFO),
    "security-changed": Rule(
        "an operation's credentials changed (another kind, or sent in another place); SDK when "
        "the clients take other credentials (a user and password, not a key)",
        {"operation": Effect(wire=True, sdk="kind-changed")},
    ),
    "parameter-added": Rule("an optional parameter added", INFO),
    "parameter-added-required": Rule("a required parameter added", {"operation": BREAKS}),
    "parameter-removed": Rule(
        "a parameter removed: callers that pass it break", {"operation": SDK}
    ),
    "parameter-made-required": Rule("a parameter made required", {"operation": BREAKS}),
    "parameter-made-optional": Rule("a parameter made optional", INFO),
    "parameter-type-widened": Rule(
        "a parameter's type widened (every old value still valid); SDK when any language's "
        "annotation changes",
        {"operation": Effect(sdk="annotation-changed")},
    ),
    "parameter-type-changed": Rule(
        "a parameter's type changed otherwise; SDK when any language's annotation changes",
        {"operation": Effect(wire=True, sdk="annotation-changed")},
    ),
    "parameter-constraint-added": Rule(
        "a parameter's constraint narrows what is accepted", {"operation": Effect(wire=True)}
    ),
    "parameter-deprecated": Rule("a parameter deprecated", INFO),
    "parameter-default-changed": Rule(
        "a parameter's default changed: the server assumes another value",
        {"operation": Effect(warning=True)},
    ),
    # bodies and responses
    "request-body-added": Rule(
        "a request body added (breaking when required)",
        {"operation": Effect("required", False, "required")},
    ),
    "request-body-removed": Rule("a request body removed", {"operation": SDK}),
    "request-body-media-type-changed": Rule(
        "a request body's media type changed: callers send the old one",
        {"operation": Effect(wire=True)},
    ),
    "request-body-type-changed": Rule(
        "a request body's type changed (wire-breaking unless it widens)",
        {"operation": Effect("!wider", False, True)},
    ),
    "response-added": Rule("a response status added", INFO),
    "response-removed": Rule(
        "a response status removed (breaking for a success status)",
        {"operation": Effect("success", False, "success")},
    ),
    "response-changed": Rule(
        "a response gained or lost its content (SDK-breaking for a success status)",
        {"operation": Effect(True, False, "!error")},
    ),
    "response-media-type-changed": Rule(
        "a response's media type changed (JSON ones alike): readers of the old one break; SDK "
        "for a success status",
        {"operation": Effect(True, False, "!error")},
    ),
    "response-header-removed": Rule(
        "a response header removed (breaking when it was required)",
        {"operation": Effect("required", "!required", False)},
    ),
    "response-header-changed": Rule(
        "a response header retyped or made optional", {"operation": Effect(wire=True)}
    ),
    "response-type-changed": Rule(
        "a response's type changed (wire-breaking unless it narrows; SDK-breaking for a "
        "success status)",
        {"operation": Effect("!wider", False, "!error")},
    ),
    # schemas
    "schema-added": Rule("a schema added", INFO),
    "schema-removed": Rule("a schema removed: its model or type is gone", {"operation": SDK}),
    "schema-renamed": Rule(
        "a schema renamed (same structure): an SDK change only", {"operation": SDK}
    ),
    "property-added": Rule("an optional property added", _schema(NONE, NONE)),
    "property-added-required": Rule("a required property added", _schema(BREAKS, NONE)),
    "property-removed": Rule(
        "a property removed",
        _schema(BREAKS, Effect("required", "!required", True)),
    ),
    "property-made-required": Rule("a property made required", _schema(BREAKS, NONE)),
    "property-made-optional": Rule(
        "a property made optional: old readers require it", _schema(NONE, BREAKS)
    ),
    "property-deprecated": Rule("a property deprecated", _schema(NONE, NONE)),
    "type-changed": Rule(
        "a schema's type changed",
        _schema(Effect("!widened", False, True), Effect("!narrowed", False, True)),
    ),
    "enum-value-added": Rule("an enum value added", _schema(NONE, Effect(warning=True))),
    "enum-value-removed": Rule("an enum value removed", _schema(BREAKS, SDK)),
    "constraint-added": Rule(
        "a constraint added (pattern, lengths, items, bounds, format, multipleOf)",
        _schema(Effect(wire="tighter"), Effect(warning="!tighter")),
    ),
    "constraint-removed": Rule(
        "a constraint removed", _schema(Effect(wire="tighter"), Effect(warning="!tighter"))
    ),
    "constraint-changed": Rule(
        "a constraint changed (tightened: pattern, format and multipleOf always count so)",
        _schema(Effect(wire="tighter"), Effect(warning="!tighter")),
    ),
    "default-changed": Rule(
        "a property's default changed: the server assumes another value",
        _schema(Effect(warning=True), NONE),
    ),
}


def holds(cond: Cond, flags: frozenset[str]) -> bool:
    if isinstance(cond, bool):
        return cond
    return cond[1:] not in flags if cond.startswith("!") else cond in flags


def judge(kind: str, where: frozenset[str], flags: frozenset[str]) -> tuple[str, bool, bool, bool]:
    """A finding's level, wire and SDK axes and Postman mark, from its rule, where it applies
    (`operation`; or `request` and/or `response`) and the flags the walk reported. A kind the
    table does not list is a KeyError: every finding needs its rule."""
    rule = RULES[kind]
    effects = [rule.effects[w] for w in sorted(where)]
    wire = any(holds(e.wire, flags) for e in effects)
    sdk = any(holds(e.sdk, flags) for e in effects)
    warning = any(holds(e.warning, flags) for e in effects)
    level = "breaking" if wire or sdk else "warning" if warning else "info"
    return level, wire, sdk, rule.postman


def _say(cond: Cond) -> str:
    if isinstance(cond, bool):
        return ""
    return f" unless {cond[1:]}" if cond.startswith("!") else f" when {cond}"


def _cell(effect: Effect) -> str:
    parts = [
        f"{name}{_say(cond)}"
        for name, cond in (("wire", effect.wire), ("SDK", effect.sdk), ("warning", effect.warning))
        if cond is not False
    ]
    return ", ".join(parts) or "info"


def rules_markdown() -> str:
    """The docs' table: every kind, what it means, and its effect where it applies."""
    lines = [
        "| kind | what changed | operation | in a request | in a response | in an error answer "
        "| Postman |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, rule in RULES.items():
        cells = [
            _cell(rule.effects[w]) if w in rule.effects else ""
            for w in ("operation", "request", "response", "error")
        ]
        lines.append(
            f"| `{kind}` | {rule.summary} | "
            + " | ".join(cells)
            + f" | {'yes' if rule.postman else ''} |"
        )
    return "\n".join(lines) + "\n"
