"""Postman collection v2.1.0 with collection-level bearer auth and contract tests
(generator.emit.contract; `[apis.<api>.postman] tests = false` leaves them out), and one
environment per region."""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any, NamedTuple

from generator import log
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, as_text, contract, path_parameter
from generator.errors import UsageError
from generator.escape import postman_value as pv
from generator.kinds import Chain, QuickStep, postman_of
from generator.model import (
    ENVIRONMENT,
    PROJECT,
    Api,
    AuthScheme,
    Operation,
    Parameter,
    Response,
    Schemas,
)
from generator.schema.ids import stable_uuid
from generator.schema.text import copy_tree, dump_json, json_text

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
VARIABLES = {PROJECT: "projectKey", ENVIRONMENT: "environmentKey"}
REASONS = {"200": "OK", "201": "Created", "202": "Accepted", "204": "No Content"}
HTTP_CODES = frozenset(int(s) for s in HTTPStatus)
QUICK_START = "Quick start"
# the folder of what the API sends (a tag of that name, the API's own webhook settings, keeps
# it: the folder is then told apart)
WEBHOOKS = "Webhook events"
WEBHOOK_URL = "webhookUrl"  # the collection variable: the user's receiver
# a webhook's pre-request script: no receiver set, nothing to send (a run goes on without it).
# `pm.execution.skipRequest()` skips the request and its test scripts from a pre-request script
# (postman-runtime #1354, "Added support for skipping request execution through script";
# documented in the Postman Sandbox API reference, postmanlabs/postman-docs #5196); newman
# 6.2.2 runs it (tests/e2e/test_newman.py: no request reaches a server while it is unset).
SKIP_WITHOUT_RECEIVER = [
    f"if (!pm.variables.get({json.dumps(WEBHOOK_URL)})) {{",
    "  pm.execution.skipRequest();",
    "}",
]


def _query(param: Parameter) -> list[dict[str, Any]]:
    value = param.display_value
    values = value if isinstance(value, list) else [value]
    return [
        {
            "key": pv(param.name),
            "value": pv(as_text(v)),
            **({"description": pv(param.description)} if param.description else {}),
            **({} if param.required else {"disabled": True}),
        }
        for v in values
    ]


def _segment(part: str) -> str:
    name = path_parameter(part)
    return pv(part) if name is None else ":" + pv(name)


def auth(scheme: AuthScheme) -> dict[str, Any]:
    """Postman's auth for a scheme, its credentials environment variables: `apiKey`, or
    `username` and `password` for HTTP basic."""
    if scheme.kind == "basic":
        return {
            "type": "basic",
            "basic": [
                {"key": "username", "value": "{{username}}", "type": "string"},
                {"key": "password", "value": "{{password}}", "type": "string"},
            ],
        }
    if scheme.kind == "apikey":
        return {
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": pv(scheme.parameter), "type": "string"},
                {"key": "value", "value": "{{apiKey}}", "type": "string"},
                {"key": "in", "value": scheme.location, "type": "string"},
            ],
        }
    return {"type": "bearer", "bearer": [{"key": "token", "value": "{{apiKey}}", "type": "string"}]}


def _same(a: AuthScheme, b: AuthScheme | None) -> bool:
    return b is not None and (a.kind, a.location, a.parameter) == (b.kind, b.location, b.parameter)


class Ctx(NamedTuple):
    """What every request of one collection is built with: the chained path parameters
    (name -> collection variable) and the API's security schemes."""

    fills: dict[str, str]
    default: AuthScheme | None  # the collection's auth (none: the API takes no credentials)
    schemes: dict[str, AuthScheme]

    def scheme(self, op: Operation) -> AuthScheme | None:
        return self.schemes.get(op.scheme) if op.scheme is not None else None

    def request_auth(self, op: Operation) -> dict[str, Any] | None:
        """A request's own auth, where it is not the collection's: `noauth` for an operation
        without credentials (or with a key in a cookie, sent as a header), else its scheme."""
        own = self.scheme(op)
        if own is None or own.location == "cookie":
            return {"type": "noauth"} if self.default is not None else None
        return None if _same(own, self.default) else auth(own)

    def cookie(self, op: Operation) -> AuthScheme | None:
        own = self.scheme(op)
        return own if own is not None and own.location == "cookie" else None


def _with_query(base: str, query: list[dict[str, Any]]) -> str:
    """A URL's text: `base` and the query parameters a request sends (the enabled ones)."""
    enabled = "&".join(f"{q['key']}={q['value']}" for q in query if not q.get("disabled"))
    return f"{base}?{enabled}" if enabled else base


def _url(op: Operation, chained: dict[str, str] | None = None) -> dict[str, Any]:
    """The request's URL; a path parameter in `chained` (name -> collection variable) defaults
    to that variable."""
    path = [_segment(p) for p in op.path.lstrip("/").split("/")]
    query = [q for p in op.params("query") for q in _query(p)]
    url: dict[str, Any] = {
        "raw": _with_query("{{baseUrl}}/" + "/".join(path), query),
        "host": ["{{baseUrl}}"],
        "path": path,
    }
    if query:
        url["query"] = query
    variables = []
    for param in op.params("path"):
        role = param.variable
        if role in VARIABLES:
            value = "{{" + VARIABLES[role] + "}}"
        elif chained and param.name in chained:
            value = "{{" + chained[param.name] + "}}"
        else:
            value = pv(as_text(param.display_value))
        variables.append(
            {
                "key": pv(param.name),
                "value": value,
                **({"description": pv(param.description)} if param.description else {}),
            }
        )
    if variables:
        url["variable"] = variables
    return url


def _headers(op: Operation, ctx: Ctx | None = None) -> list[dict[str, Any]]:
    headers: list[dict[str, Any]] = []
    cookie = ctx.cookie(op) if ctx is not None else None
    if cookie is not None:  # Postman has no auth type for a key in a cookie
        headers.append({"key": "Cookie", "value": f"{pv(cookie.parameter)}={{{{apiKey}}}}"})
    if op.body is not None:
        headers.append({"key": "Content-Type", "value": pv(op.body.media_type)})
    if any(r.media_type for r in op.success):
        headers.append({"key": "Accept", "value": "application/json"})
    for param in op.params("header"):
        headers.append(
            {
                "key": pv(param.name),
                "value": pv(as_text(param.display_value)),
                **({"description": pv(param.description)} if param.description else {}),
                **({} if param.required else {"disabled": True}),
            }
        )
    return headers


def description(op: Operation) -> str:
    facts = [f"**Operation:** `{op.name}`"]
    if op.scope:
        facts.append(f"**API key scope:** {op.scope}")
    if op.rate_limit:
        facts.append(f"**Rate limit:** {op.rate_limit} API limits")
    if op.deprecated:
        facts.append("**Deprecated.**")
    text = op.description or op.summary
    return pv((text + "\n\n" if text else "") + "  \n".join(facts))


def _request(op: Operation, with_auth: bool = True, ctx: Ctx | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "method": op.method.upper(),
        "header": _headers(op, ctx),
        "url": _url(op, ctx.fills if ctx is not None else None),
    }
    if op.body is not None:
        request["body"] = {
            "mode": "raw",
            "raw": pv(op.body.example_text),
            "options": {"raw": {"language": "json"}},
        }
    own = ctx.request_auth(op) if ctx is not None else None
    if with_auth and own is not None:
        request["auth"] = own
    return request


def _original(op: Operation, ctx: Ctx) -> dict[str, Any]:
    """The request a saved example answers, as a mock server matches it: the method, the URL
    as text (`:name` path variables, the query sent) and the body; the request itself carries
    the rest (descriptions, optional parameters), once."""
    return _as_original(_request(op, with_auth=False, ctx=ctx))


def _as_original(request: dict[str, Any]) -> dict[str, Any]:
    """A request as a saved example's original: its URL as text, Content-Type its one header."""
    headers = [h for h in request["header"] if h["key"] == "Content-Type"]
    return {**request, "url": request["url"]["raw"], "header": headers}


def _saved(
    api: Api, op: Operation, response: Response, original: dict[str, Any], owner: str = ""
) -> dict[str, Any]:
    """A saved example of one documented answer: its JSON example (the spec's, else one built
    from its schema), or an empty body where the answer has no content (a 204). `owner` names
    the item in its id (default: the operation)."""
    code = int(response.status)
    json_answer = response.example_text != "null" or response.example is not None
    reason = HTTPStatus(code).phrase if code in HTTP_CODES else ""
    name = response.description or REASONS.get(response.status, "") or reason
    return {
        "id": stable_uuid(f"postman:{api.name}:{owner or op.name}:response:{response.status}"),
        "name": pv(f"{response.status} {name}".strip()),
        "originalRequest": copy_tree(original),
        "status": reason,
        "code": code,
        "_postman_previewlanguage": "json" if json_answer else "text",
        "header": [{"key": "Content-Type", "value": pv(response.media_type)}]
        if response.media_type
        else [],
        "body": pv(response.example_text) if json_answer else "",
    }


class Chaining(NamedTuple):
    """The collection's chain (`[apis.<api>.postman.chain]`), resolved against the API."""

    fills: dict[str, str]  # path parameter -> collection variable
    stores: dict[str, list[Chain]]  # operation name -> what its answer is kept as
    defaults: dict[str, str]  # collection variable -> its value before any create ran
    makers: dict[str, str]  # collection variable -> the request whose answer makes it


def _chaining(api: Api, config: ApiConfig) -> Chaining:
    keys = {op.key: op for op in api.operations}
    fills: dict[str, str] = {}
    stores: dict[str, list[Chain]] = {}
    defaults: dict[str, str] = {}
    makers: dict[str, str] = {}
    for chain in postman_of(config).chain:
        where = f"[apis.{config.name}.postman.chain] {chain.variable}"
        op = keys.get(chain.create)
        if op is None:  # the spec dropped it (or never had it): nothing to keep
            log.warn(f"{where}: no operation {chain.create}; left out")
            continue
        for name in chain.fills:
            if name in fills:
                raise UsageError(f"{where}: {name} is already filled by {fills[name]}")
            fills[name] = chain.variable
        stores.setdefault(op.name, []).append(chain)
        makers[chain.variable] = f"{op.title} ({op.method.upper()} {op.path})"
        body = op.body.example if op.body is not None else None
        value = body.get(chain.field) if isinstance(body, dict) else None
        if value is None:
            found = [
                p.example for o in api.operations for p in o.params("path") if p.name in chain.fills
            ]
            value = found[0] if found else ""
        defaults[chain.variable] = as_text(value)
    return Chaining(fills, stores, defaults, makers)


def _script(listen: str, name: str, lines: list[str]) -> dict[str, Any]:
    """An item's event: apigen's lines between markers (publishing keeps what is outside)."""
    return {
        "listen": listen,
        "script": {
            "id": stable_uuid(f"postman:script:{name}"),
            "type": "text/javascript",
            "exec": [contract.ITEM_BEGIN, *lines, contract.ITEM_END],
        },
    }


# The collection variable that records which chain variables this run's creates made, and
# the value each got: a write that names a key reads it first (`_guard`).
MADE = "apigenMade"
# A value kept from an answer must be a plain key: nothing that changes which endpoint a later
# request reaches (`/`, `?`, `#`, `%`, `\\`, `.` and `..`), names a variable (`{{`) or breaks a
# line. Anything else is left alone and the run says so with a failed test.
PLAIN_KEY = r"/^(?!\.{1,2}$)(?!.*(\{\{|\}\}))[^\/?#%\\\u0000-\u001f\u007f]{1,256}$/"
_READ_MADE = (
    f"var made = {{}}; try {{ made = JSON.parse(pm.collectionVariables.get({json.dumps(MADE)})"
    ' || "{}") || {}; } catch (error) { made = {}; }'
)


def _store(chains: list[Chain], name: str) -> list[str]:
    """Test-script lines that keep the answer's fields in collection variables: plain keys
    only (PLAIN_KEY), each recorded as made by this run."""
    lines = [
        "if (pm.response.code >= 200 && pm.response.code < 300) {",
        "  var answer = null;",
        "  try { answer = pm.response.json(); } catch (error) { answer = null; }",
        "  " + _READ_MADE,
    ]
    for chain in chains:
        field, variable = json.dumps(chain.field), json.dumps(chain.variable)
        refusal = json.dumps(
            f"{name}: the answer's {chain.field} is not a plain key (no / ? # % \\ "
            f"{{{{ }}}}, . or ..): {chain.variable} left alone"
        )
        lines += [
            f"  if (answer && answer[{field}] !== undefined && answer[{field}] !== null) {{",
            f"    var kept = String(answer[{field}]);",
            f"    if ({PLAIN_KEY}.test(kept)) {{",
            f"      pm.collectionVariables.set({variable}, kept);",
            f"      made[{variable}] = kept;",
            "    } else {",
            f"      pm.test({refusal}, function () {{ pm.expect.fail({refusal}); }});",
            "    }",
            "  }",
        ]
    return [*lines, f"  pm.collectionVariables.set({json.dumps(MADE)}, JSON.stringify(made));", "}"]


def _guard(name: str, needs: list[tuple[str, str]]) -> list[str]:
    """Pre-request lines for a request that writes to (or deletes) a key a create makes: sent
    only when each variable it names holds the key this run's create made, else skipped with a
    failed test naming the create (never a write on an example's or a default's key)."""
    pairs = json.dumps([list(pair) for pair in needs])
    return [
        _READ_MADE,
        f"var missing = {pairs}.filter(function (need) {{",
        "  return made[need[0]] === undefined || made[need[0]] !== pm.variables.get(need[0]);",
        "}).map(function (need) { return need[1]; });",
        "if (missing.length) {",
        f'  var reason = {json.dumps(name + ": not sent: no key from ")} + missing.join(", ") +'
        ' " in this run (it failed or did not run)";',
        "  pm.test(reason, function () { pm.expect.fail(reason); });",
        "  pm.execution.skipRequest();",
        "}",
    ]


WRITES = frozenset({"post", "put", "patch", "delete"})


def _needs(op: Operation, chaining: Chaining, makers: dict[str, str]) -> list[tuple[str, str]]:
    """The chain variables a write's path names, each with the step that makes it."""
    if op.method not in WRITES:
        return []
    found = []
    for param in op.params("path"):
        variable = chaining.fills.get(param.name)
        if variable is not None and variable in makers:
            found.append((variable, makers[variable]))
    return found


def _item(api: Api, op: Operation, chaining: Chaining, ctx: Ctx) -> dict[str, Any]:
    request = _request(op, ctx=ctx)
    request["description"] = description(op)
    original = _original(op, ctx)
    item: dict[str, Any] = {
        "id": stable_uuid(f"postman:{api.name}:{op.name}"),
        "name": pv(f"{op.title} (deprecated)" if op.deprecated else op.title),
        "request": request,
        # every documented answer with a numeric status (not `default` or `4XX` ranges)
        "response": [_saved(api, op, r, original) for r in op.responses if r.status.isdigit()],
    }
    events = []
    needs = _needs(op, chaining, chaining.makers)
    if needs:
        events.append(_script("prerequest", f"{api.name}:{op.name}:guard", _guard(op.name, needs)))
    if op.name in chaining.stores:
        store = _store(chaining.stores[op.name], op.name)
        events.append(_script("test", f"{api.name}:{op.name}", store))
    if events:
        item["event"] = events
    return item


_VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")


def _step_needs(
    op: Operation, step: QuickStep, chaining: Chaining, makers: dict[str, str]
) -> list[tuple[str, str]]:
    """The chain variables a Quick start step names (its path, its body and query) and the
    step that makes each, less those the step sets itself."""
    named = [chaining.fills[p.name] for p in op.params("path") if p.name in chaining.fills]
    text = json.dumps(step.body) + json.dumps(step.query)
    named += _VARIABLE.findall(text)
    own = {k for k, _ in step.set}
    found: dict[str, str] = {}
    for variable in named:
        if variable in own or variable not in chaining.defaults:
            continue
        found.setdefault(variable, makers.get(variable) or chaining.makers[variable])
    return list(found.items())


def _quick_start(
    api: Api, config: ApiConfig, chaining: Chaining, ctx: Ctx
) -> dict[str, Any] | None:
    """The `Quick start` folder: the configured steps, in order, each a copy of its
    operation's request with the step's body and query; creates keep their keys as every
    create does, and the steps after read them."""
    steps = postman_of(config).quick_start
    if not steps:
        return None
    keys = {op.key: op for op in api.operations}
    items = []
    # which step makes each chain variable: a step that names one runs only on the key this
    # run's own step made (step 1 forgets earlier runs' keys)
    makers: dict[str, str] = {}
    for index, step in enumerate(steps, start=1):
        made_by = keys.get(step.operation)
        for chain in chaining.stores.get(made_by.name, []) if made_by is not None else []:
            makers.setdefault(chain.variable, f"step {index} ({step.title})")
    for index, step in enumerate(steps, start=1):
        where = f"[[apis.{config.name}.postman.quick_start]] #{index}"
        op = keys.get(step.operation)
        if op is None:  # a flow with a step missing would not run: no Quick start at all
            log.warn(f"{where}: no operation {step.operation}; no Quick start folder")
            return None
        request = _request(op, ctx=ctx)
        if step.body is not None:
            # from the configuration, not the spec: its `{{variables}}` are meant
            request["body"] = {
                "mode": "raw",
                "raw": json_text(step.body),
                "options": {"raw": {"language": "json"}},
            }
        if step.query:
            wanted = dict(step.query)
            unknown = sorted(set(wanted) - {p.name for p in op.params("query")})
            if unknown:
                raise UsageError(f"{where}: {step.operation} has no query parameter {unknown[0]}")
            query = [q for q in request["url"].get("query", []) if q["key"] not in wanted]
            query += [{"key": pv(k), "value": v} for k, v in step.query]
            request["url"]["query"] = query
            request["url"]["raw"] = _with_query(request["url"]["raw"].split("?")[0], query)
        request["description"] = (
            pv(f"Quick start, step {index}: {step.title}.") + "\n\n" + description(op)
        )
        item: dict[str, Any] = {
            "id": stable_uuid(f"postman:{api.name}:quick-start:{index}"),
            "name": pv(f"{index}. {step.title}"),
            "request": request,
            "response": [],
        }
        events = []
        before: list[str] = []
        if index == 1:  # a new run: no key is this run's yet
            before.append(f'pm.collectionVariables.set({json.dumps(MADE)}, "{{}}");')
        # e.g. a key new on every run, before a create-or-replace names it twice
        before += [
            f"pm.collectionVariables.set({json.dumps(k)}, pm.variables.replaceIn({json.dumps(v)}));"
            for k, v in step.set
        ]
        needs = _step_needs(op, step, chaining, makers)
        if needs:
            before += _guard(f"{index}. {step.title}", needs)
        if before:
            events.append(_script("prerequest", f"{api.name}:quick-start:{index}:set", before))
        after: list[str] = []
        fresh = [k for k, _ in step.set if k in chaining.defaults]
        if fresh:  # a key this step set itself (new on every run) is made once it succeeds
            after += [
                "if (pm.response.code >= 200 && pm.response.code < 300) {",
                "  " + _READ_MADE,
                *(
                    f"  made[{json.dumps(k)}] = pm.collectionVariables.get({json.dumps(k)});"
                    for k in fresh
                ),
                f"  pm.collectionVariables.set({json.dumps(MADE)}, JSON.stringify(made));",
                "}",
            ]
        if op.name in chaining.stores:
            after += _store(chaining.stores[op.name], f"{index}. {step.title}")
        if after:
            events.append(_script("test", f"{api.name}:quick-start:{index}", after))
        if events:
            item["event"] = events
        items.append(item)
    return {
        "id": stable_uuid(f"postman:{api.name}:folder:quick-start"),
        "name": QUICK_START,
        "description": "The core flow, in order: run this folder (Runner or `newman run "
        "--folder 'Quick start'`). The keys it creates are new on every run.",
        "item": items,
    }


def _webhook_item(api: Api, op: Operation) -> dict[str, Any]:
    """A webhook as a request to the user's receiver (`{{webhookUrl}}`): its example payload,
    its headers, never the API's credentials; skipped in a run while no receiver is set."""
    request = _request(op, with_auth=False)
    query = request["url"].get("query", [])
    receiver = "{{" + WEBHOOK_URL + "}}"
    request["url"] = {
        "raw": _with_query(receiver, query),
        "host": [receiver],
        **({"query": query} if query else {}),
    }
    original = _as_original(request)
    request["auth"] = {"type": "noauth"}
    text = op.description or op.summary
    facts = (
        f"**Webhook:** `{op.path}` ({op.method.upper()}). The API sends this request to your "
        f"server: set `{WEBHOOK_URL}` to your receiver's URL to send it one."
    )
    request["description"] = pv((text + "\n\n" if text else "") + facts)
    owner = f"webhook:{op.name}"
    return {
        "id": stable_uuid(f"postman:{api.name}:{owner}"),
        "name": pv(f"{op.title} (deprecated)" if op.deprecated else op.title),
        "request": request,
        "response": [
            _saved(api, op, r, original, owner) for r in op.responses if r.status.isdigit()
        ],
        "event": [_script("prerequest", f"{api.name}:{owner}", SKIP_WITHOUT_RECEIVER)],
    }


def _webhooks(api: Api) -> dict[str, Any] | None:
    if not api.webhooks:
        return None
    taken = {t.name for t in api.tags} | {QUICK_START, "Deprecated"}
    name = WEBHOOKS if WEBHOOKS not in taken else f"{WEBHOOKS} (sent by the API)"
    return {
        "id": stable_uuid(f"postman:{api.name}:folder:webhooks"),
        "name": name,
        "description": "What the API sends to your server (the spec's webhooks), each with an "
        f"example payload: set the collection variable `{WEBHOOK_URL}` to your receiver's URL "
        "and send one to test it. They go without the API's credentials, and a run skips them "
        f"while `{WEBHOOK_URL}` is empty.",
        "item": [_webhook_item(api, op) for op in api.webhooks],
    }


def _creates_first(groups: list[Any], chaining: Chaining) -> list[Any]:
    """The tag folders in the API's order, except that a folder whose writes need a key
    (`_needs`) comes after the folder whose create makes it, where the two would otherwise run
    the other way round in a whole-collection run (the writes would be skipped)."""
    made: dict[str, set[str]] = {}
    needed: dict[str, set[str]] = {}
    for tag, ops in groups:
        made[tag.name] = {c.variable for op in ops for c in chaining.stores.get(op.name, [])}
        needed[tag.name] = {v for op in ops for v, _ in _needs(op, chaining, chaining.makers)}
    remaining = list(groups)
    ordered: list[Any] = []
    while remaining:
        later = set().union(*(made[tag.name] for tag, _ in remaining))
        pick = next(
            (
                group
                for group in remaining
                if not (needed[group[0].name] - made[group[0].name]) & later
            ),
            remaining[0],  # a cycle: the API's order
        )
        remaining.remove(pick)
        ordered.append(pick)
    return ordered


def collection(api: Api, config: ApiConfig) -> dict[str, Any]:
    chaining = _chaining(api, config)
    needed = credentials(api)
    ctx = Ctx(chaining.fills, api.auth, api.schemes)
    quick = _quick_start(api, config, chaining, ctx)
    folders = [quick] if quick is not None else []
    for tag, ops in _creates_first(api.by_tag(), chaining):
        current = [op for op in ops if not op.deprecated]
        if current:
            folders.append(
                {
                    "id": stable_uuid(f"postman:{api.name}:folder:{tag.name}"),
                    "name": pv(tag.name),
                    **({"description": pv(tag.description)} if tag.description else {}),
                    "item": [_item(api, op, chaining, ctx) for op in current],
                }
            )
    deprecated = [op for op in api.operations if op.deprecated]
    if deprecated:
        folders.append(
            {
                "id": stable_uuid(f"postman:{api.name}:folder:Deprecated"),
                "name": "Deprecated",
                "description": "Operations the API marks as deprecated.",
                "item": [_item(api, op, chaining, ctx) for op in deprecated],
            }
        )
    webhooks = _webhooks(api)
    if webhooks is not None:
        folders.append(webhooks)
    return {
        "info": {
            "_postman_id": stable_uuid(f"postman:{api.name}:collection"),
            "name": pv(api.title),
            "description": pv(api.description + "\n\n" if api.description else "")
            + "Generated by apigen. Choose a region environment"
            + (f" and set {' and '.join(f'`{k}`' for k, _ in needed)} there." if needed else "."),
            "version": pv(api.version),
            "schema": SCHEMA_URL,
        },
        **({"auth": auth(api.auth)} if api.auth and api.auth.location != "cookie" else {}),
        **({"event": [contract.event(api)]} if postman_of(config).tests else {}),
        "variable": [
            {"key": "baseUrl", "value": api.regions[0].url, "type": "string"},
            *(
                {"key": key, "value": pv(value), "type": "string"}
                for key, value in chaining.defaults.items()
            ),
            *([{"key": WEBHOOK_URL, "value": "", "type": "string"}] if api.webhooks else []),
        ],
        "item": folders,
    }


def credentials(api: Api) -> list[tuple[str, str]]:
    """The credential variables the collection reads, (name, Postman variable type)."""
    kinds = {api.schemes[op.scheme].kind for op in api.operations if op.scheme in api.schemes}
    out = []
    if kinds & {"bearer", "apikey"}:
        out.append(("apiKey", "secret"))
    if "basic" in kinds:
        out += [("username", "default"), ("password", "secret")]
    return out


def environments(api: Api, config: ApiConfig) -> dict[str, dict[str, Any]]:
    """One environment per region: the base URL, the credentials the API's schemes read (empty),
    and a variable for the project and the environment only where a path parameter of the API
    names them."""
    wires = {(p.name) for op in api.operations for p in op.parameters if p.location == "path"}
    used = {role for wire, role in config.path_variables.items() if wire in wires}
    out = {}
    secrets = [
        {"key": key, "value": "", "type": kind, "enabled": True} for key, kind in credentials(api)
    ]
    for region in api.regions:
        values = [
            {"key": "baseUrl", "value": region.url, "type": "default", "enabled": True},
            *secrets,
            *(
                {
                    "key": var,
                    "value": config.placeholders.get(role, ""),
                    "type": "default",
                    "enabled": True,
                }
                for role, var in VARIABLES.items()
                if role in used
            ),
        ]
        out[region.key] = {
            "id": stable_uuid(f"postman:{api.name}:environment:{region.key}"),
            "name": region.name,
            "values": values,
            "_postman_variable_scope": "environment",
        }
    return out


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    return {}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    document = collection(api, config)
    files = {f"postman/{api.name}.postman_collection.json": dump_json(document)}
    for key, env in environments(api, config).items():
        files[f"postman/{api.name}-{key}.postman_environment.json"] = dump_json(env)
    return files
