"""A typed TypeScript client package (issue #15): `src/types.ts` (one exported type per named
schema, `types.py`), `src/client.ts` rendered from the client plan, the runtime `src/_core.ts`
copied verbatim from `generator/runtime/typescript/`, `src/index.ts`, `package.json`,
`tsconfig.json` and a README. No generator dependency: jinja2 templates, as for Python.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

from generator import __version__
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, example_argument, readme_examples
from generator.emit.templates import render
from generator.emit.typescript.types import RESERVED, TypeScript, comment, render_types, type_name
from generator.kinds import typescript_of
from generator.model import ENVIRONMENT, PROJECT, ROLES, Api, Operation, Schemas
from generator.plan import ClientPlan, OperationPlan, ParamPlan, TypeRef
from generator.schema.naming import Names, snake

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "typescript" / "_core.ts"
TYPES = "types.ts"
NS = "T"  # client.ts reaches the named types as `T.Name`
SCALARS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
# What index.ts exports from the runtime, besides the client and the error base class.
CORE_EXPORTS = (
    "AuthenticationError",
    "ConflictError",
    "InvalidPathParameterError",
    "NetworkError",
    "NotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
)
CORE_TYPES = (
    "AbortSignalLike",
    "ApiResponse",
    "ClientOptions",
    "FetchInit",
    "FetchLike",
    "FetchResponse",
    "RetryPolicy",
    "ValidationIssue",
)
# Names client.ts declares or imports at module level: no group class may take them.
MODULE_NAMES = {NS, "Core", "SETTINGS", "Settings", "ApiResponse", "ClientOptions"} | set(
    CORE_TYPES
)
# Property names a class cannot give a group or a method.
CLASS_MEMBERS = {"constructor", "prototype", "__proto__", "toString", "toJSON", "valueOf"}
JS_EXTRA = {"arguments", "eval", "await", "async", "of", "undefined", "NaN", "Infinity"}


def ts_names(reserved: set[str] | None = None) -> Names:
    """TypeScript names: a taken one gets its qualifier appended (`ImportApiGroup`)."""
    return Names(reserved, separator="")


def camel(name: str) -> str:
    """`proj_id` -> `projId`, `X-Wait-Timeout` -> `xWaitTimeout`; never a digit first."""
    words = [w for w in snake(name).split("_") if w]
    text = words[0] + "".join(w.capitalize() for w in words[1:]) if words else "value"
    return f"p{text[0].upper()}{text[1:]}" if text[0].isdigit() else text


def pascal(name: str) -> str:
    text = camel(name)
    return text[0].upper() + text[1:]


def variable(name: str) -> str:
    """A camelCase name that may be a function parameter (never a reserved word)."""
    text = camel(name)
    return f"{text}_" if text in RESERVED or text in JS_EXTRA else text


class TsField(NamedTuple):
    """A member of a method's options object, or a positional argument (`key` is then the
    parameter's name)."""

    key: str
    wire: str
    location: str  # path, query, header, cookie, body
    type: str
    required: bool
    role: str | None  # project / environment: filled by the runtime when not given
    doc: str


class TsIterator(NamedTuple):
    name: str
    item: str
    result: str  # the type of the answer the iterator reads, as it calls the method
    items: str  # how the page's items are reached from `result`
    page: str  # the page option's key
    per_page: str
    page_count: str  # an expression: true when the last page was read; "" for none
    skip: tuple[str, ...]  # option keys the iterator sets itself


class TsOverload(NamedTuple):
    switch: str  # the option key of the boolean query parameter
    value: str  # `true` or `false`
    required: bool
    returns: str


class TsMethod(NamedTuple):
    name: str
    options_name: str  # the exported interface of its options object
    doc: str
    http_method: str
    path: str
    positional: list[TsField]
    options: list[TsField]
    options_required: bool
    body: TsField | None
    returns: str
    overloads: list[TsOverload]
    iterator: TsIterator | None


class TsGroup(NamedTuple):
    prop: str
    cls: str
    raw_cls: str
    doc: str
    methods: list[TsMethod]


class _Types:
    """Plan types as TypeScript; an operation's inline schema through `types.py`."""

    def __init__(self, schemas: Schemas) -> None:
        self.inline = TypeScript(schemas, prefix=f"{NS}.")

    def ref(self, ref: TypeRef) -> str:
        if ref.kind in SCALARS:
            return f"{NS}.{type_name(ref.name)}" if ref.name else SCALARS[ref.kind]
        if ref.kind == "model" and ref.name:
            return f"{NS}.{type_name(ref.name)}"
        if ref.kind == "array" and ref.items:
            inner = self.ref(ref.items[0])
            return f"({inner})[]" if " " in inner else f"{inner}[]"
        if ref.kind == "union" and ref.items:
            return " | ".join(dict.fromkeys(self.ref(t) for t in ref.items))
        if ref.kind == "null":
            return "null"
        return "unknown"

    def value(self, ref: TypeRef | None, schema: Any, indent: str) -> str:
        """A body's or an answer's type: the plan's, else the inline schema's own."""
        if ref is not None and ref.kind != "unknown":
            return self.ref(ref)
        return self.inline.expression(schema, indent) if schema is not None else "unknown"


def _doc(summary: str, description: str) -> str:
    parts = [summary or "No summary."]
    if description and description.strip() != summary.strip():
        parts.append(description)
    return comment("\n\n".join(parts), "  ")


def _field(param: ParamPlan, types: _Types, key: str) -> TsField:
    role = param.role if param.location == "path" and param.role in ROLES else None
    return TsField(
        key=key,
        wire=param.name,
        location=param.location,
        type="string" if role else types.ref(param.type),
        required=param.required and role is None,
        role=role,
        doc=comment(param.description.strip().split("\n\n")[0], "  ") if param.description else "",
    )


def _method(
    op: OperationPlan, model: Operation, types: _Types, names: Names, module: Names, group: str
) -> TsMethod:
    # the iterators use page, result and items as locals
    params = ts_names({"options", "body", "page", "result", "items", NS} | RESERVED | JS_EXTRA)
    keys = ts_names({"signal", "body"} | CLASS_MEMBERS)
    positional: list[TsField] = []
    options: list[TsField] = []
    for param in op.parameters:
        if param.location == "path" and param.role not in ROLES:
            positional.append(_field(param, types, params.take(variable(param.name), "Param")))
        else:
            options.append(
                _field(param, types, keys.take(camel(param.name), pascal(param.location)))
            )
    body = None
    if op.body is not None:
        schema = model.body.schema if model.body is not None else None
        body_type = types.value(op.body.type, schema, "  ")
        body = TsField("body", "", "body", body_type, op.body.required, None, "")
        (positional if op.body.required else options).append(body)
    options.sort(key=lambda f: not f.required)
    result = op.result
    returns = "void"
    if result is not None:
        schema = next((r.schema for r in model.success if r.status == result.status), None)
        returns = types.value(result.type, schema, "  ") if result.media_type else "void"
    name = names.take(camel(op.name), pascal(op.http_method))
    overloads = _overloads(op, options, types)
    wanted = f"{name[0].upper()}{name[1:]}Options"
    options_name = module.take(wanted if wanted not in module.used else group + wanted, "Of")
    return TsMethod(
        name=name,
        options_name=options_name,
        doc=_doc(op.summary or op.title, op.description),
        http_method=op.http_method.upper(),
        path=op.path,
        positional=positional,
        options=options,
        options_required=any(f.required for f in options),
        body=body,
        returns=returns,
        overloads=overloads,
        iterator=_iterator(op, options, returns, overloads, types, names, name),
    )


def _overloads(op: OperationPlan, options: list[TsField], types: _Types) -> list[TsOverload]:
    """An answer switched by a boolean query parameter: false or left out gives the default
    shape, true the other (Permit's lists and `include_total_count`)."""
    shape = op.shape
    switch = next((f for f in options if shape and f.wire == shape.parameter), None)
    if shape is None or switch is None or switch.required:
        return []
    default, when_true = types.ref(shape.default), types.ref(shape.when_true)
    return [
        TsOverload(switch.key, "false", False, default),
        TsOverload(switch.key, "true", True, when_true),
    ]


def _iterator(
    op: OperationPlan,
    options: list[TsField],
    returns: str,
    overloads: list[TsOverload],
    types: _Types,
    names: Names,
    method: str,
) -> TsIterator | None:
    pages = op.pagination
    if pages is None:
        return None
    by_wire = {f.wire: f for f in options if f.location == "query"}
    page, per_page = by_wire.get(pages.page), by_wire.get(pages.per_page)
    if page is None or per_page is None or page.type != "number" or page.required:
        return None
    item = types.ref(pages.item)
    skip = (page.key,) + ((overloads[0].switch,) if overloads else ())
    field, count_field = pages.items_field, pages.page_count_field
    result, items, count = returns, "result", ""
    if pages.may_be_array and field:  # a plain array or a page object: the live API decides
        items = f"Array.isArray(result) ? result : result.{field}"
        if count_field:
            count = f"!Array.isArray(result) && page >= (result.{count_field} ?? 0)"
    elif overloads:  # called without the switch: the default shape
        result = overloads[0].returns
    elif field:
        items = f"result.{field}"
        count = f"page >= (result.{count_field} ?? 0)" if count_field else ""
    return TsIterator(
        name=names.take(f"iter{method[0].upper()}{method[1:]}", "Pages"),
        item=item,
        result=result,
        items=items,
        page=page.key,
        per_page=per_page.key,
        page_count=count,
        skip=skip,
    )


def groups(plan: ClientPlan, api: Api, config: ApiConfig) -> list[TsGroup]:
    """One class per tag, its property and class names and its methods, in the API's order."""
    types = _Types(api.schemas)
    models = {op.name: op for op in api.operations}
    props = ts_names({"withOptions", "close"} | CLASS_MEMBERS)
    classes = ts_names(MODULE_NAMES | {config.client_class, config.error_class} | set(CORE_EXPORTS))
    out = []
    for group in plan.groups:
        prop = props.take(camel(group.name), "Api")
        base = pascal(group.name)
        cls = classes.take(base if base.endswith("Api") else f"{base}Api", "Group")
        raw = classes.take(f"{cls}WithResponse", "Group")
        names = ts_names({"withResponse"} | CLASS_MEMBERS)
        doc = group.name + (
            f": {group.description.split(chr(10) * 2)[0]}" if group.description else ""
        )
        out.append(
            TsGroup(
                prop=prop,
                cls=cls,
                raw_cls=raw,
                doc=comment(doc, ""),
                methods=[
                    _method(op, models[op.name], types, names, classes, base)
                    for op in group.operations
                ],
            )
        )
    return out


def _example_value(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def examples(api: Api, config: ApiConfig, built: list[TsGroup]) -> list[dict[str, str]]:
    """The README's examples, as for Python: each configured operation with its examples."""
    out = []
    for title, group, method, op in readme_examples(api, config, built):
        args = [_example_value(example_argument(op, a.location, a.wire)) for a in method.positional]
        required = [f for f in method.options if f.required and f.location != "body"]
        if required:
            members = ", ".join(
                f"{f.key}: {_example_value(example_argument(op, f.location, f.wire))}"
                for f in required
            )
            args.append(f"{{ {members} }}")
        call = f"api.{group.prop}.\0{method.name}({', '.join(args)})"
        statuses = [r.status for r in op.success]
        if method.iterator is not None:
            lines = [
                f"for await (const item of api.{group.prop}.{method.iterator.name}()) {{",
                "  console.log(item); // page after page",
                "}",
            ]
        elif len(statuses) > 1:
            lines = [
                f"const answer = await {call.replace(chr(0), 'withResponse.')};",
                f"console.log(answer.status, answer.data); // {' or '.join(statuses)}",
            ]
        else:
            lines = [f"const result = await {call.replace(chr(0), '')};", "console.log(result);"]
        head = f'import {{ {config.client_class} }} from "{typescript_of(config).package}";\n\n'
        head += f"const api = new {config.client_class}();\n"
        out.append({"title": title, "code": head + "\n".join(lines)})
    return out


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    """src/types.ts, from the named schemas alone."""
    return {TYPES: render_types(schemas).encode("utf-8")}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    built = groups(inp.plan(), api, config)
    context = {
        "title": api.title,
        "title_doc": comment(f"Client for the {api.title}.", ""),
        "version": inp.version,
        "api_version": api.version or "0",
        "package": typescript_of(config).package,
        "groups": built,
        "client": config.client_class,
        "error_class": config.error_class,
        "core_exports": CORE_EXPORTS,
        "core_types": CORE_TYPES,
        "settings": {
            "regions": {r.key: r.url for r in api.regions},
            "defaultRegion": api.regions[0].key,
            "apiKeyEnv": config.shell_variables["key"],
            "userAgent": f"{typescript_of(config).package}/{inp.version} (apigen {__version__})",
            "errorClass": config.error_class,
            "pathVariables": {role: wire for wire, role in config.path_variables.items()},
            "scopePath": config.scope_path,
        },
        "regions": [r.key for r in api.regions],
        "default_region": api.regions[0].key,
        "other_region": api.regions[-1].key,
        "api_key_env": config.shell_variables["key"],
        "scope_path": config.scope_path,
        "placeholders": {
            role: config.placeholders.get(role, f"my-{role}") for role in (PROJECT, ENVIRONMENT)
        },
        "operations": len(api.operations),
        "types": len(api.schemas.named),
        "examples": examples(api, config, built),
    }
    files = {
        "src/client.ts": render("typescript/client.ts.j2", context, markdown=True),
        "src/index.ts": render("typescript/index.ts.j2", context, markdown=True),
        "package.json": render("typescript/package.json.j2", context, markdown=True),
        "tsconfig.json": render("typescript/tsconfig.json.j2", context, markdown=True),
        "README.md": render("typescript/README.md.j2", context, markdown=True),
    }
    root = "clients/typescript"
    out = {f"{root}/{path}": text.encode("utf-8") for path, text in files.items()}
    out[f"{root}/src/{TYPES}"] = inp.prepared[TYPES]
    out[f"{root}/src/_core.ts"] = RUNTIME.read_bytes()
    return out
