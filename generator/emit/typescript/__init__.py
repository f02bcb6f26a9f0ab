"""The TypeScript client: an adapter over the client surface (generator.emit.clients):
TypeScript names, types and literals, rendered with templates/typescript/. `src/types.ts` (one
exported type per named schema) comes from `types.py`; the runtime `src/_core.ts` is copied
verbatim from generator/runtime/typescript/. No generator dependency."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator import __version__
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, clients
from generator.emit.templates import render
from generator.emit.typescript.names import CLASS_MEMBERS, JS_EXTRA, camel, pascal, ts_names
from generator.emit.typescript.names import variable as param_name
from generator.emit.typescript.types import RESERVED, ClientTypes, render_types
from generator.escape import ts_jsdoc, ts_jsdoc_tagged
from generator.kinds import typescript_of
from generator.model import Schemas
from generator.plan import TypeRef
from generator.schema.naming import Names

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "typescript" / "_core.ts"
TYPES = "types.ts"
NS = "T"  # client.ts reaches the named types as `T.Name`
# What index.ts exports from the runtime, besides the client and the error base class.
CORE_EXPORTS = (
    "AuthenticationError", "ConflictError", "InvalidPathParameterError", "NetworkError",
    "NotFoundError", "RateLimitError", "RequestAbortedError", "ResponseTooLargeError",
    "ServerError", "UnexpectedResponseError", "UnprocessableEntityError",
)  # fmt: skip
CORE_TYPES = (
    "AbortSignalLike", "ApiResponse", "ClientOptions", "FetchInit", "FetchLike", "FetchResponse",
    "RetryPolicy", "ValidationIssue",
)  # fmt: skip
# A method's and its iterator's own names: no positional parameter may take them.
ITERATOR_LOCALS = {"options", "body", "page", "result", "items", "limits", "previous", "seen", NS}
# Names client.ts declares or imports at module level: no group class may take them.
MODULE_NAMES = {NS, "Core", "SETTINGS", "Settings", "ApiResponse", "ClientOptions", *CORE_TYPES}


SYNTAX = clients.Syntax(
    forms={
        "iterate": "for await (const item of {iterator}) {{\n"
        "  console.log(item); // page after page\n}}",
        "status": "const answer = await {raw};\nconsole.log(answer.status, answer.data); // {statuses}",
        "result": "const result = await {call};\nconsole.log(result);",
        "none": "await {call};",
        "created": "const {{ {field}, created }} = await {call};\n"
        'console.log(created ? "created" : "replaced", {field});',
    },
    head='import {{ {client} }} from "{package}";\n\nconst api = new {client}();\n',
    raw="withResponse",
    call=lambda name, args, named: (
        f"{name}("
        + ", ".join(args + [f"{{ {', '.join(f'{k}: {v}' for k, v in named)} }}"] * bool(named))
        + ")"
    ),
    literal=lambda v: json.dumps(v, indent=2, ensure_ascii=False),
)


def _spell(arg: clients.Arg, name: str, types: ClientTypes) -> clients.Spelled:
    kind = "string" if arg.role else types.value(arg.type, arg.schema, "  ")
    return clients.Spelled(arg, name, kind, None, ts_jsdoc(arg.description, "  "))


def _method(
    m: clients.Method, types: ClientTypes, names: Names, module: Names, group: str, error: str
) -> clients.SpelledMethod:
    # a parameter never hides a module-level name client.ts uses (T, Core, the helpers)
    params = ts_names(
        ITERATOR_LOCALS
        | RESERVED
        | JS_EXTRA
        | MODULE_NAMES
        | set(CORE_EXPORTS)
        | {"checkQuery", "decision", "decisions", "UnexpectedResponseError"}
    )
    keys = ts_names({"signal", "body"} | CLASS_MEMBERS)
    name_of = {("body", ""): "body"}
    for p in m.op.parameters:
        key = (p.location, p.name)
        if key in {a.key for a in m.positional}:
            name_of[key] = params.take(param_name(p.name), "Param")
        else:
            name_of[key] = keys.take(camel(p.name), pascal(p.location))
    made = {a.key: _spell(a, name_of[a.key], types) for a in m.arguments}
    returns = types.value(m.result, m.result_schema, "  ") if m.result is not None else "void"
    name = names.take(camel(m.client_name), pascal(m.op.http_method))
    overloads: tuple[clients.SpelledOverload, ...] = ()
    if m.shape is not None:
        switch = next(s for s in made.values() if s.arg.key == ("query", m.shape.parameter))
        default, when_true = types.ref(m.shape.default), types.ref(m.shape.when_true)
        overloads = (
            clients.SpelledOverload(switch, "false", None, False, default),
            clients.SpelledOverload(switch, "true", None, True, when_true),
        )
    wanted = f"{name[0].upper()}{name[1:]}Options"
    doc = m.summary + (f"\n\n{m.description}" if m.description else "")
    tags = [f"@throws {{{error}}} an error answer (a subclass per status), a network failure"]
    tags = ["@deprecated The API marks this operation as deprecated."] * m.deprecated + tags
    return clients.SpelledMethod(
        method=m,
        name=name,
        doc=ts_jsdoc_tagged(doc, "  ", tuple(tags)),
        positional=tuple(made[a.key] for a in m.positional),
        options=tuple(made[a.key] for a in m.options),
        returns=returns,
        parse=None,
        overloads=overloads,
        iterator=_iterator(m, made, returns, overloads, types, names.take, name),
        options_name=module.take(group + wanted, "Of"),
        created=f"{{ {m.op.created}: {returns}; created: boolean }}" if m.op.created else "",
    )


def _iterator(
    m: clients.Method,
    made: dict[Any, clients.Spelled],
    returns: str,
    overloads: tuple[clients.SpelledOverload, ...],
    types: ClientTypes,
    take: Any,
    method: str,
) -> clients.SpelledIterator | None:
    it = m.iterator
    if it is None:
        return None
    field, count_field = it.items_field, it.page_count_field
    result, items, count = returns, "result", ""
    if it.may_be_array and field:  # a plain array or a page object: the live API decides
        items = f"Array.isArray(result) ? result : result.{field}"
        if count_field:
            count = f"!Array.isArray(result) && page >= (result.{count_field} ?? 0)"
    elif overloads:  # called without the switch: the default shape
        result = overloads[0].returns
    elif field:
        items = f"result.{field}"
        count = f"page >= (result.{count_field} ?? 0)" if count_field else ""
    page, per_page = made[it.page.key], made[it.per_page.key]
    skip = (page.name,) + ((overloads[0].switch.name,) if overloads else ())
    name = take(f"iter{method[0].upper()}{method[1:]}", "Pages")
    return clients.SpelledIterator(
        name, types.ref(it.item), page, per_page, skip, result, items, count
    )


def groups(surface: clients.Surface) -> list[clients.SpelledGroup]:
    """One class per tag (and its raw-answer twin), its property and its methods."""
    config, types = surface.config, ClientTypes(surface.api.schemas, f"{NS}.")
    props = ts_names({"withOptions", "close", "check", "bulkCheck", "baseUrl"} | CLASS_MEMBERS)
    classes = ts_names(
        MODULE_NAMES
        | {config.client_class, config.error_class, *CORE_EXPORTS}
        | {f"{config.client_class}{s}" for s in ("Check", "Region", "Options")}
    )
    out = []
    for group in surface.groups:
        base = pascal(group.client)
        cls = classes.take(base if base.endswith("Api") else f"{base}Api", "Group")
        names = ts_names({"withResponse"} | CLASS_MEMBERS)
        out.append(
            clients.SpelledGroup(
                name=props.take(camel(group.client), "Api"),
                classes={"sync": cls, "raw": classes.take(f"{cls}WithResponse", "Group")},
                doc=ts_jsdoc(group.summary, ""),
                methods=tuple(
                    _method(m, types, names, classes, base, config.error_class)
                    for m in group.methods
                ),
            )
        )
    return out


def _accepted(types: ClientTypes) -> Callable[[TypeRef | None], str]:
    """What `check` takes for a user or a resource: a string or the model (an object)."""

    def spell(ref: TypeRef | None) -> str:
        return "string | " + (
            types.ref(ref) if ref is not None else "Readonly<Record<string, unknown>>"
        )

    return spell


def spelled(inp: EmitInput) -> list[clients.SpelledGroup]:
    """The surface's groups in this language, spelled once per API (the client and the
    snippets page read the same)."""
    return inp.once("typescript.groups", lambda: groups(inp.surface()))


def snippets(inp: EmitInput) -> dict[str, str]:
    """Every operation's TypeScript snippet (an ES module with top-level await), for the snippets page:
    operation name -> code."""
    package = typescript_of(inp.config).package
    return clients.render_snippets(inp.surface(), spelled(inp), SYNTAX, package)


def install(config: ApiConfig, version: str) -> str:
    """The one-line install of the published package."""
    return f"npm install {typescript_of(config).package}@{version}"


def install_local(folder: str) -> str:
    """The one-line install from a checkout's output folder."""
    return f"npm install ./{folder}"


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    """src/types.ts, from the named schemas alone."""
    return {TYPES: render_types(schemas).encode("utf-8")}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    surface = inp.surface()
    built, package, facts = spelled(inp), typescript_of(config).package, surface.facts()
    context = {
        **facts, "title_doc": ts_jsdoc(f"Client for the {api.title}.", ""),
        "version": inp.version, "package": package, "groups": built,
        "license": typescript_of(config).license,
        "repository": typescript_of(config).repository,
        "client": config.client_class, "core_exports": CORE_EXPORTS, "core_types": CORE_TYPES,
        "settings": {
            "regions": surface.regions, "defaultRegion": api.regions[0].key,
            "apiKeyEnv": config.shell_variables["key"],
            "apiUrlEnv": config.shell_variables["url"],
            "userAgent": f"{package}/{inp.version} (apigen {__version__})",
            "errorClass": config.error_class, "pathVariables": surface.path_variables,
            "scopePath": config.scope_path, "auth": facts["auth"],
            **({"schemes": facts["schemes"]} if facts["schemes"] else {}),
        },
        "types": len(api.schemas.named),
        "examples": clients.render_examples(surface, built, SYNTAX, package),
        "sdk_calls": clients.render_sdk_calls(surface, built, "typescript"),
        "check": clients.check_facts(surface, _accepted(ClientTypes(api.schemas, f"{NS}."))),
    }  # fmt: skip
    files = {
        "src/client.ts": render("typescript/client.ts.j2", context, markdown=True),
        "src/index.ts": render("typescript/index.ts.j2", context, markdown=True),
        "package.json": render("typescript/package.json.j2", context, markdown=True),
        "tsconfig.json": render("typescript/tsconfig.json.j2", context, markdown=True),
        # the CommonJS build (`require`), beside the ES module one in dist/: cjs/ holds the
        # marker that makes Node and TypeScript read its .js and .d.ts files as CommonJS
        "tsconfig.cjs.json": render("typescript/tsconfig.cjs.json.j2", context, markdown=True),
        "cjs/package.json": render("typescript/cjs-package.json.j2", context, markdown=True),
        "README.md": render("typescript/README.md.j2", context, markdown=True),
    }
    root = "clients/typescript"
    out = {f"{root}/{path}": text.encode("utf-8") for path, text in files.items()}
    out[f"{root}/src/{TYPES}"] = inp.prepared[TYPES]
    out[f"{root}/src/_core.ts"] = RUNTIME.read_bytes()
    return out
