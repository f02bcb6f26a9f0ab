"""The Go client: a module per API (`clients/go`), standard library only (no `require`), written
as gofmt writes Go (apigen does not need Go to generate it). An adapter over the client surface
(generator.emit.clients): Go names, types (generator.emit.go.types) and literals; the runtime
(generator/runtime/go) is copied in with its package clause renamed.

Services per tag (`client.Users.Create(ctx, body)`), context first; options in a `...Params`
struct; list iterators as `iter.Seq2[T, error]` beside the page-level call; a create-or-replace
answers `(value, created, err)`; an answer switched by a boolean option (Permit's
`include_total_count`) gets a second method for the other shape.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from generator import __version__, log
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, clients
from generator.emit.go.escape import go_comment, go_string
from generator.emit.go.literals import Literals
from generator.emit.go.settings import go_of
from generator.emit.go.spelling import camel, go_names, pascal
from generator.emit.go.types import RUNTIME_NAMES, GoTypes, align
from generator.emit.templates import render
from generator.model import Schemas
from generator.schema.naming import Names

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "go"
# the runtime's files every module gets, and those only some need
ALWAYS = ("core.go", "errors.go", "nullable.go", "options.go", "retry.go")
ROOT = "clients/go"
# the generated methods' own locals: no positional parameter takes one ("body" is the body's)
LOCALS = {"ctx", "params", "r", "err", "out", "resp", "s", "c", "own", "number", "found", "n"}


class GoMethod(NamedTuple):
    """A method as the Go client spells it, for its code, snippets and README."""

    group: str  # the Client's field
    service: str  # the service's type
    name: str
    params: str  # the Params type ("" when the operation has no options)
    positional: tuple[tuple[clients.Arg, str, str], ...]  # arg, name, Go type
    options: tuple[tuple[clients.Arg, str, str], ...]  # arg, field, Go type
    result: str  # "" for no content
    pointer: bool  # the result is returned as *T
    iterator: str  # its iterator's name, or ""
    item: str  # the iterator's item type
    other: str  # the second method for a shape switch, or ""
    other_result: str
    roles: tuple[clients.Arg, ...] = ()  # path parameters the client fills (project, environment)


class Built(NamedTuple):
    types: GoTypes
    literals: Literals
    methods: dict[str, GoMethod]  # operation name -> method
    code: Callable[[], str]  # services.go, written when asked (snippets need only the methods)
    package: str
    aliases: dict[str, str]  # "Group.Method" -> "METHOD /path": permit-golang's second names


def _field_type(arg: clients.Arg, expression: str) -> str:
    if arg.required or expression == "any" or expression.startswith(("[]", "map[")):
        return expression
    return f"*{expression}"


def _text(value: str, expression: str) -> str:
    """A Go expression giving a parameter's text (the runtime's `text`)."""
    return value if expression == "string" else f"text({value})"


def build(inp: EmitInput) -> Built:
    return inp.once("go.built", lambda: _build(inp))


def _build(inp: EmitInput) -> Built:
    surface, config = inp.surface(), inp.config
    package = go_of(config).package
    scope = go_names(RUNTIME_NAMES | {"Client", "New"})
    types = GoTypes(inp.api.schemas, scope)
    types.render()  # declares every named schema first: they keep their names
    fields = go_names({"With", "Check", "BulkCheck", "BaseURL", "String"})
    renamed = dict(
        go_of(config).names
    )  # "METHOD /path" -> "Group.Method", as permit-golang spells it
    # each group's field and summary, then each method's place: its tag's group or the one
    # [apis.<api>.go] names puts it in (a group of its own when no tag has that name)
    placed: dict[str, tuple[str, list[tuple[clients.Method, str]]]] = {}
    own_names: dict[str, str] = {}
    for group in surface.groups:
        field = fields.take(pascal(group.client), "API")
        own_names[group.client] = field
        placed.setdefault(field, (group.summary, []))
    for group in surface.groups:
        for m in group.methods:
            target, _, name = renamed.get(m.op.key, "").partition(".")
            field = target or own_names[group.client]
            if target and target not in placed:
                fields.used.add(target)
                placed[target] = (f"{target}: operations permit-golang groups so", [])
            placed[field][1].append((m, name))
    methods: dict[str, GoMethod] = {}
    services: dict[str, tuple[str, Names]] = {}  # field -> its service type, its method names
    # services.go in order: text, or a method whose code is written when the file is
    code: list[str | tuple[clients.Method, GoMethod]] = []
    for field, (summary, members) in placed.items():
        if not members:
            continue
        service = scope.take(f"{field}Service", "Group")
        own = go_names({"core"})
        code.append(
            f"\n{go_comment(f'{service} holds the operations of {summary}')}"
            f"type {service} struct {{\n\tcore *core\n}}\n"
        )
        for m, name in members:
            built = _method(m, types, scope, own, field, service, name)
            methods[m.op.name] = built
            code.append((m, built))
        services[field] = (service, own)
    # [apis.<api>.go.aliases]: permit-golang's second names of a call, forwarding to it
    by_key = {m.op.key: m for g in surface.groups for m in g.methods}
    aliases: dict[str, str] = {}
    for alias, key in go_of(config).aliases:
        field, _, name = alias.partition(".")
        service, own = services.get(field, ("", go_names()))
        if key not in by_key or not service or name in own.used:
            # as an SDK call naming no operation of this spec: said, and left out
            log.warn(
                f"{config.name}: Go alias {alias}: no operation {key}, no group {field}, "
                "or a method of that name already"
            )
            continue
        own.used.add(name)
        m = by_key[key]
        code.append(_alias_code(name, service, m, methods[m.op.name]))
        aliases[alias] = key
    literals = Literals(types, package)

    @functools.cache
    def services_code() -> str:
        return "".join(
            part if isinstance(part, str) else _method_code(*part, types) for part in code
        )

    return Built(types, literals, methods, services_code, package, aliases)


def _method(
    m: clients.Method, types: GoTypes, scope: Names, own: Names, group: str, service: str,
    wanted: str = "",
) -> GoMethod:  # fmt: skip
    name = own.take(wanted or pascal(m.client_name), pascal(m.op.http_method))
    hint = f"{group}{name}"
    params_names = go_names(LOCALS | set())
    positional = []
    for arg in m.positional:
        expression = (
            types.expression(arg.schema, hint + "Body")
            if arg.is_body and arg.type.kind == "unknown"
            else types.ref(arg.type)
        )
        positional.append((arg, params_names.take(camel(arg.wire or "body"), "Param"), expression))
    option_names = go_names(set())
    options = []
    roles = tuple(a for a in m.options if a.location == "path" and a.role)
    skip = {m.shape.parameter} if m.shape is not None else set()
    for arg in m.options:
        if (arg.location == "query" and arg.wire in skip) or arg in roles:
            continue  # the switch has its own method; the project and environment the client's
        if arg.is_body:
            expression = (
                types.expression(arg.schema, hint + "Body")
                if arg.type.kind == "unknown"
                else types.ref(arg.type)
            )
            options.append((arg, option_names.take("Body", "Value"), f"*{expression}"))
            continue
        expression = types.ref(arg.type)
        kind = _field_type(arg, expression)
        options.append((arg, option_names.take(pascal(arg.wire), pascal(arg.location)), kind))
    params = scope.take(f"{hint}Params", "Options") if options else ""
    result, pointer = "", False
    other, other_result = "", ""
    if m.result is not None:
        ref = m.shape.default if m.shape is not None else m.result
        result = (
            types.expression(m.result_schema, hint + "Result")
            if ref.kind == "unknown" and m.result_schema is not None
            else types.ref(ref)
        )
        pointer = types.kinds.get(result) in ("struct", "union")
        if m.shape is not None:
            stem = m.shape.parameter.removeprefix("include_")
            other = own.take(f"{name}With{pascal(stem)}", "Shape")
            other_result = types.ref(m.shape.when_true)
    iterator, item = "", ""
    if m.iterator is not None and params:
        iterator = own.take(f"{name}Iter", "Pages")
        item = types.ref(m.iterator.item)
    return GoMethod(
        group, service, name, params, tuple(positional), tuple(options), result, pointer,
        iterator, item, other, other_result, roles,
    )  # fmt: skip


def _endpoint(m: clients.Method) -> str:
    """A method's `// METHOD /path` comment line, never wrapped."""
    return go_comment(f"{m.op.http_method.upper()} {m.op.path}", width=10**6)


def _doc(m: clients.Method, name: str) -> str:
    text = f"{name}: {m.summary}" + (f"\n\n{m.description}" if m.description else "")
    doc = go_comment(text) + "//\n" + _endpoint(m)
    if m.deprecated:
        doc += "//\n// Deprecated: The API marks this operation as deprecated.\n"
    return doc


def _params_code(m: clients.Method, g: GoMethod) -> str:
    if not g.params:
        return ""
    blocks: list[tuple[str, list[tuple[str, ...]]]] = []
    for arg, field, kind in g.options:
        about = arg.description or (
            f"The {arg.location} parameter {arg.wire}."
            if not arg.is_body
            else "The request body; nil sends none."
        )
        doc = go_comment(f"{field}: {about}", "\t")
        if arg.deprecated:
            doc += "\t//\n\t// Deprecated: The API marks this parameter as deprecated.\n"
        blocks.append((doc, [(field, kind)]))
    body = "".join(doc + align(rows) for doc, rows in blocks)
    return f"\n// {g.params} are the options of {g.service}.{g.name}.\ntype {g.params} struct {{\n{body}}}\n"


def _request_code(m: clients.Method, g: GoMethod, fail: str, switch: bool = False) -> list[str]:
    """The statements that build `r` (a *request) for a call; `fail` returns an error."""
    op = m.op
    flags = [f"method: {go_string(op.http_method.upper())}", f"path: {go_string(op.path)}"]
    if m.expects_json:
        flags.append("expectJSON: true")
    if m.read_only:
        flags.append("readOnly: true")
    if m.public:
        flags.append("public: true")
    if m.scheme:
        flags.append(f"scheme: {go_string(m.scheme)}")
    out = [f"\tr := &request{{{', '.join(flags)}}}\n"]
    if g.params:
        out.append(f"\tif params == nil {{\n\t\tparams = &{g.params}{{}}\n\t}}\n")
    paths = []
    for arg, name, expression in g.positional:
        if arg.location == "path":
            paths.append(f"{go_string(arg.wire)}: {_text(name, expression)}")
    for arg in g.roles:
        local = camel(f"{arg.role}_value")
        out.append(
            f"\t{local}, err := s.core.resolve(ctx, {go_string(arg.role)})\n"
            f"\tif err != nil {{\n\t\treturn {fail}\n\t}}\n"
        )
        paths.append(f"{go_string(arg.wire)}: {local}")
    for arg, field, kind in g.options:
        if arg.location != "path":
            continue
        if kind.startswith("*"):
            paths.append(f"{go_string(arg.wire)}: text(params.{field})")
        else:
            paths.append(f"{go_string(arg.wire)}: {_text('params.' + field, kind)}")
    if paths:
        out.append(f"\tr.pathParams = map[string]string{{{', '.join(paths)}}}\n")
    for arg, field, kind in g.options:
        if arg.location not in ("query", "header", "cookie"):
            continue
        target = {"query": "query", "header": "headers", "cookie": "cookies"}[arg.location]
        wire = go_string(arg.wire)
        if kind.startswith("[]"):
            if target == "query":
                out.append(f"\tr.addQuery({wire}, texts(params.{field})...)\n")
            else:
                out.append(
                    f"\tfor _, v := range params.{field} {{\n"
                    f"\t\tr.{target} = append(r.{target}, [2]string{{{wire}, text(v)}})\n\t}}\n"
                )
            continue

        def add(v: str, target: str = target, wire: str = wire) -> str:
            if target == "query":
                return f"r.addQuery({wire}, {v})"
            return f"r.{target} = append(r.{target}, [2]string{{{wire}, {v}}})"

        if kind.startswith("*"):
            out.append(
                f"\tif params.{field} != nil {{\n\t\t{add(f'text(*params.{field})')}\n\t}}\n"
            )
        elif kind in ("any", "map[string]any") or kind.startswith("map["):
            out.append(f"\tif params.{field} != nil {{\n\t\t{add(f'text(params.{field})')}\n\t}}\n")
        else:
            out.append(f"\t{add(_text('params.' + field, kind))}\n")
    if switch and m.shape is not None:
        out.append(f'\tr.addQuery({go_string(m.shape.parameter)}, "true")\n')
    body = next(((n, e) for a, n, e in g.positional if a.is_body), None)
    if body is not None:
        out.append(f"\tr.body, r.hasBody = {body[0]}, true\n")
    else:
        optional = next((f for a, f, _ in g.options if a.is_body), None)
        if optional is not None:
            field = optional
            out.append(
                f"\tif params.{field} != nil {{\n\t\tr.body, r.hasBody = params.{field}, true\n\t}}\n"
            )
    return out


def _signature(g: GoMethod) -> str:
    args = ["ctx context.Context"] + [f"{n} {e}" for _, n, e in g.positional]
    if g.params:
        args.append(f"params *{g.params}")
    return ", ".join(args)


def _returns(result: str, pointer: bool) -> tuple[str, str]:
    """(the result's Go type as returned, its zero value)."""
    if not result:
        return "", ""
    if pointer:
        return f"*{result}", "nil"
    if result.startswith(("[]", "map[")) or result == "any":
        return result, "nil"
    return result, {"string": '""', "bool": "false", "int64": "0", "float64": "0"}.get(
        result, f"*new({result})"
    )


def _results(m: clients.Method, g: GoMethod) -> tuple[str, str]:
    """A method's results, and what it returns with an error."""
    returned, zero = _returns(g.result, g.pointer)
    if not g.result:
        return "error", "err"
    if m.op.created:
        return f"({returned}, bool, error)", f"{zero}, false, err"
    return f"({returned}, error)", f"{zero}, err"


def _alias_code(alias: str, service: str, m: clients.Method, g: GoMethod) -> str:
    """A second name of a method, as the official Go SDK spells it: the same call."""
    results, _ = _results(m, g)
    args = ", ".join(["ctx"] + [n for _, n, _ in g.positional] + ["params"] * bool(g.params))
    target = f"{g.service}.{g.name}"
    endpoint = _endpoint(m)
    call = f"(&{g.service}{{core: s.core}}).{g.name}({args})"
    return (
        f"\n// {alias} is {target} under permit-golang's name.\n//\n{endpoint}//\n"
        f"// Deprecated: permit-golang's name, kept for code moving from it; use {target}.\n"
        f"func (s *{service}) {alias}({_signature(g)}) {results} {{\n\treturn {call}\n}}\n"
    )


def _answer(pointer: bool, fail: str) -> str:
    """The end of a method that decodes its answer into `out`: send, then return it."""
    return (
        f"\tif _, err := s.core.do(ctx, r, &out); err != nil {{\n\t\treturn {fail}\n\t}}\n"
        f"\treturn {'&out' if pointer else 'out'}, nil\n}}\n"
    )


def _method_code(m: clients.Method, g: GoMethod, types: GoTypes) -> str:
    out = [_params_code(m, g)]
    created = bool(m.op.created) and bool(g.result)
    results, fail = _results(m, g)
    out.append(f"\n{_doc(m, g.name)}func (s *{g.service}) {g.name}({_signature(g)}) {results} {{\n")
    out += _request_code(m, g, fail)
    if not g.result:
        out.append("\tif _, err := s.core.do(ctx, r, nil); err != nil {\n\t\treturn err\n\t}\n")
        out.append("\treturn nil\n}\n")
    else:
        out.append(f"\tvar out {g.result}\n")
        if created:
            out.append("\tresp, err := s.core.do(ctx, r, &out)\n")
            out.append(f"\tif err != nil {{\n\t\treturn {fail}\n\t}}\n")
            value = "&out" if g.pointer else "out"
            out.append(f"\treturn {value}, resp.Status == 201, nil\n}}\n")
        else:
            out.append(_answer(g.pointer, fail))
    if g.other:
        other_type, other_zero = _returns(
            g.other_result, types.kinds.get(g.other_result) in ("struct", "union")
        )
        switch = m.shape.parameter if m.shape else ""
        about = f"{g.other} is {g.name} with {switch} set: the other shape of its answer."
        out.append(
            f"\n{go_comment(about)}"
            f"func (s *{g.service}) {g.other}({_signature(g)}) ({other_type}, error) {{\n"
        )
        out += _request_code(m, g, f"{other_zero}, err", switch=True)
        out.append(f"\tvar out {g.other_result}\n")
        out.append(_answer(other_type.startswith("*"), f"{other_zero}, err"))
    if g.iterator:
        out.append(_iterator_code(m, g, types))
    return "".join(out)


def _iterator_code(m: clients.Method, g: GoMethod, types: GoTypes) -> str:
    it = m.iterator
    assert it is not None
    page_field = next(f for a, f, _ in g.options if a.key == it.page.key)
    page_kind = next(k for a, _, k in g.options if a.key == it.page.key)
    per_field, per_kind = next((f, k) for a, f, k in g.options if a.key == it.per_page.key)
    call = ", ".join(["ctx"] + [n for _, n, _ in g.positional] + ["&own"])
    number = "number" if page_kind == "*int64" else f"{page_kind[1:]}(number)"
    per_page = {"*int64": f"own.{per_field}", "int64": f"&own.{per_field}"}.get(per_kind, "nil")
    item = g.item
    lines = [
        f"\n// {g.iterator} yields every item of {g.name}, page after page, until a page is empty,"
        "\n// shorter than the page size asked for, the last by the page count, the same as the"
        "\n// one before (a server that repeats a page), or WithMaxPages pages were read. An error"
        "\n// is yielded once and ends the iteration.\n",
        f"func (s *{g.service}) {g.iterator}({_signature(g)}) iter.Seq2[{item}, error] {{\n",
        f"\town := {g.params}{{}}\n\tif params != nil {{\n\t\town = *params\n\t}}\n",
        f"\treturn pages(ctx, s.core.maxPages, {per_page}, func(ctx context.Context, number int64) (page[{item}], error) {{\n",
        f"\t\tn := {number}\n\t\town.{page_field} = &n\n",
        f"\t\tfound, err := s.{g.name}({call})\n",
        f"\t\tif err != nil {{\n\t\t\treturn page[{item}]{{}}, err\n\t\t}}\n",
    ]
    result = g.result
    if it.items_field is None or result.startswith("[]"):
        lines.append(f"\t\treturn page[{item}]{{items: found}}, nil\n\t}})\n}}\n")
        return "".join(lines)
    variants = types.variants.get(result)
    record = types.fields.get(result, {})
    if variants is not None:  # a plain list or a page object
        array = next((f for f, e, _ in variants if e.startswith("[]")), None)
        obj = next((f for f, e, _ in variants if types.kinds.get(e) == "struct"), None)
        obj_type = next((e for f, e, _ in variants if f == obj), "")
        record = types.fields.get(obj_type, {})
        lines.append(f"\t\tswitch {{\n\t\tcase found.{array} != nil:\n")
        lines.append(f"\t\t\treturn page[{item}]{{items: *found.{array}}}, nil\n")
        lines.append(f"\t\tcase found.{obj} != nil:\n")
        lines.append(_page_object(f"found.{obj}", record, it, item, "\t\t\t"))
        lines.append(
            f"\t\t}}\n\t\treturn page[{item}]{{}}, unexpected(200, {go_string(m.op.http_method.upper())}, "
            f'{go_string(m.op.path)}, found.Raw(), "a page that is not a list of items")\n\t}})\n}}\n'
        )
        return "".join(lines)
    lines.append(_page_object("found", record, it, item, "\t\t"))
    lines.append("\t})\n}\n")
    return "".join(lines)


def _page_object(
    value: str, record: dict[str, tuple[str, str, str]], it: Any, item: str, indent: str
) -> str:
    items = record.get(it.items_field or "")
    if items is None:
        return f"{indent}return page[{item}]{{}}, nil\n"
    last = "false"
    count = record.get(it.page_count_field or "")
    if count is not None and count[1] == "int64":
        last = (
            f"{value}.{count[0]} != nil && number >= *{value}.{count[0]}"
            if count[2] == "pointer"
            else f"number >= {value}.{count[0]}"
        )
    return f"{indent}return page[{item}]{{items: {value}.{items[0]}, last: {last}}}, nil\n"


def _regions(surface: clients.Surface) -> dict[str, str]:
    """region key -> its constant's name."""
    names = go_names(set())
    return {key: names.take(f"Region{pascal(key)}", "Region") for key in surface.regions}


def _settings_code(inp: EmitInput, version: str) -> str:
    surface, config = inp.surface(), inp.config
    facts = surface.facts()
    regions = _regions(surface)
    user_agent = f"{go_of(config).module_path(version)}/{version} (apigen {__version__})"
    out = ["\n// apiSettings are this API's values for the runtime.\n"]
    out.append("func apiSettings() *settings {\n")
    out.append("\ts := &settings{regions: map[Region]string{}, pathVariables: map[string]string{}, "
               "schemes: map[string]authSettings{}}\n")  # fmt: skip
    for key, url in surface.regions.items():
        out.append(f"\ts.regions[{regions[key]}] = {go_string(url)}\n")
    out.append(f"\ts.defaultRegion = {regions[facts['default_region']]}\n")
    out.append(f"\ts.apiKeyEnv = {go_string(facts['api_key_env'])}\n")
    out.append(f"\ts.apiURLEnv = {go_string(facts['api_url_env'])}\n")
    out.append(f"\ts.userAgent = {go_string(user_agent)}\n")
    for role, wire in surface.path_variables.items():
        out.append(f"\ts.pathVariables[{go_string(role)}] = {go_string(wire)}\n")
    out.append(f"\ts.scopePath = {go_string(facts['scope_path'])}\n")
    auth = facts["auth"]
    if auth is not None:
        out.append(
            f"\ts.auth = &authSettings{{kind: {go_string(auth['kind'])}, in: "
            f"{go_string(auth['in'])}, name: {go_string(auth['name'])}}}\n"
        )
    for name, scheme in facts["schemes"].items():
        out.append(
            f"\ts.schemes[{go_string(name)}] = authSettings{{kind: {go_string(scheme['kind'])}, "
            f"in: {go_string(scheme['in'])}, name: {go_string(scheme['name'])}}}\n"
        )
    out.append("\treturn s\n}\n")
    return "".join(out)


def _client_code(inp: EmitInput, built: Built, version: str) -> str:
    surface, api = inp.surface(), inp.api
    facts = surface.facts()
    groups: dict[str, str] = {}
    for method in built.methods.values():
        groups.setdefault(method.group, method.service)
    regions = _regions(surface)
    about = (
        f"Package {built.package} is a client for the {api.title} ({len(api.operations)} "
        f"operations), generated by apigen from its OpenAPI spec (version {api.version or '0'})."
        " Standard library only."
    )
    out = [go_comment(about), f"package {built.package}\n\n"]
    imports = ["context", "encoding/json", "iter"]
    out.append("import (\n" + "".join(f'\t"{i}"\n' for i in imports) + ")\n")
    out.append("\n// The API's regions (WithRegion).\n")
    for key, const in regions.items():
        out.append(
            f"\n// {const} is {go_comment(surface.regions[key])[3:].rstrip()}\nconst {const} Region = {go_string(key)}\n"
        )
    out.append(_settings_code(inp, version))
    rows: list[tuple[str, ...]] = [(field, f"*{service}") for field, service in groups.items()]
    rows.append(("core", "*core"))
    default = facts["default_region"]
    doc = (
        f"Client is the {api.title}'s client: one field per group of operations. Build it with New;"
        f" it is safe for concurrent use."
    )
    out.append(f"\n{go_comment(doc)}type Client struct {{\n{align(rows)}}}\n")
    roles = " and ".join(f"With{pascal(r)}" for r in surface.path_variables)
    new_doc = (
        f"New makes a client. The API key is WithAPIKey's, else ${facts['api_key_env']}; the base"
        f" URL WithBaseURL's, else WithRegion's, else ${facts['api_url_env']} when set, else the"
        f" {default} region's."
        + (f" {roles} fill the path parameters a call leaves empty" if roles else "")
        + (f"; without them the key's own scope is asked once ({facts['scope_path']})." if roles and facts["scope_path"] else "." if roles else "")
        + " A call is retried as the runtime contract says (never a POST after a 5xx); WithTimeout"
        " bounds each attempt, WithDeadline a call with its retries."
    )  # fmt: skip
    out.append(f"\n{go_comment(new_doc)}func New(opts ...Option) (*Client, error) {{\n")
    out.append(
        "\tc, err := newCore(apiSettings(), opts, nil)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
    )
    out.append("\treturn newClient(c), nil\n}\n")
    out.append("\nfunc newClient(c *core) *Client {\n\tclient := &Client{core: c}\n")
    for field, service in groups.items():
        out.append(f"\tclient.{field} = &{service}{{core: c}}\n")
    out.append("\treturn client\n}\n")
    out.append(
        "\n// With is a copy of the client with more options (WithMaxRetries(0) for one call, say);\n"
        "// it shares the key's scope.\n"
        "func (c *Client) With(opts ...Option) (*Client, error) {\n"
        "\tcopied, err := c.core.with(opts)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n"
        "\treturn newClient(copied), nil\n}\n"
        "\n// BaseURL is the URL every request starts with.\n"
        "func (c *Client) BaseURL() string {\n\treturn c.core.baseURL\n}\n"
        "\n// String names the client and its base URL, never its key.\n"
        f'func (c *Client) String() string {{\n\treturn {go_string(built.package + ".Client(")} + c.core.baseURL + ")"\n}}\n'
    )
    if surface.check is not None:
        out.append(_check_code(surface))
    out.append(
        "\n// keep the imports every client uses, whatever its API declares.\n"
        "var (\n\t_ context.Context\n\t_ json.RawMessage\n\t_ iter.Seq[int]\n)\n"
    )
    return "".join(out)


def _check_code(surface: clients.Surface) -> str:
    facts = clients.check_facts(surface, lambda ref: "any")
    assert facts is not None
    tenant = go_string(facts["tenant"] or "")
    flags = (
        f"expectJSON: true, hasBody: true, readOnly: {'true' if facts['read_only'] else 'false'}"
    )
    out = [
        f"\n// Check is whether user may perform action on resource: one decision from\n"
        f"// {facts['method']} {go_comment(facts['path'])[3:].rstrip()}, as permit-golang's Check. user is a key or a user object\n"
        "// (a struct or map with a non-empty \"key\"); resource is \"type\", \"type:key\" or a resource\n"
        "// object" + (f" (naming no tenant, it is checked in the tenant {go_comment(facts['tenant'])[3:].rstrip()})" if facts["tenant"] else "") + ".\n"
        "// Input of the wrong form is an ErrInvalidArgument, and nothing is sent.\n",
        "func (c *Client) Check(ctx context.Context, user any, action string, resource any) (bool, error) {\n",
        f"\tquery, err := checkQuery(CheckRequest{{User: user, Action: action, Resource: resource}}, {tenant})\n",
        "\tif err != nil {\n\t\treturn false, err\n\t}\n",
        f"\tr := &request{{method: {go_string(facts['method'])}, path: {go_string(facts['path'])}, body: query, {flags}}}\n",
        "\tvar answer json.RawMessage\n",
        "\tresp, err := c.core.do(ctx, r, &answer)\n\tif err != nil {\n\t\treturn false, err\n\t}\n",
        "\treturn decision(answer, resp.Status, r.method, c.core.baseURL+r.path)\n}\n",
    ]  # fmt: skip
    if facts["bulk_path"]:
        bulk_flags = f"expectJSON: true, hasBody: true, readOnly: {'true' if facts['bulk_read_only'] else 'false'}"
        out += [
            f"\n// BulkCheck is one decision per check, in order, from one request to\n"
            f"// {facts['bulk_method']} {go_comment(facts['bulk_path'])[3:].rstrip()} (permit-golang's BulkCheck); each check as Check takes it.\n",
            "func (c *Client) BulkCheck(ctx context.Context, checks []CheckRequest) ([]bool, error) {\n",
            "\tqueries := make([]map[string]any, len(checks))\n",
            "\tfor i, check := range checks {\n",
            f"\t\tquery, err := checkQuery(check, {tenant})\n",
            "\t\tif err != nil {\n\t\t\treturn nil, err\n\t\t}\n\t\tqueries[i] = query\n\t}\n",
            f"\tr := &request{{method: {go_string(facts['bulk_method'])}, path: {go_string(facts['bulk_path'])}, body: queries, {bulk_flags}}}\n",
            "\tvar answer json.RawMessage\n",
            "\tresp, err := c.core.do(ctx, r, &answer)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n",
            "\treturn decisions(answer, resp.Status, r.method, c.core.baseURL+r.path, len(queries))\n}\n",
        ]  # fmt: skip
    return "".join(out)


def _runtime(name: str, package: str) -> bytes:
    text = "\n" + (RUNTIME / name).read_text(encoding="utf-8")
    head, _, rest = text.partition("\npackage core\n")
    if not rest:
        raise AssertionError(f"generator/runtime/go/{name}: no `package core` clause")
    if head.startswith("// Package core"):
        head = ""  # the package's documentation is the client's own
    return f"{head}\npackage {package}\n{rest}".lstrip("\n").encode("utf-8")


def _call(
    built: Built, g: GoMethod, name: str, example: clients.Example
) -> tuple[str, list[str], bool]:
    """(the call's arguments, statements that come before it, whether they decode JSON)."""
    lits, pkg = built.literals, built.package
    values = {a.key: v for a, v in example.values}
    before: list[str] = []
    decoded = False
    args = ["ctx"]
    for arg, local, expression in g.positional:
        value = values.get(arg.key)
        found = lits.value(value, expression) if arg.key in values else None
        if found is None:
            decoded = True
            before.append(
                f"\tvar {local} {lits.qualified(expression)}\n"
                f"\tif err := json.Unmarshal([]byte({go_string(json.dumps(value))}), &{local}); err != nil {{\n"
                "\t\tlog.Fatal(err)\n\t}\n"
            )
            found = local
        args.append(found)
    if g.params:
        fields = []
        for arg, field, kind in g.options:
            if arg.key not in values or not arg.required:
                continue
            literal = lits.value(values[arg.key], kind.lstrip("*"))
            if literal is not None:
                fields.append(
                    f"{field}: {lits.pointer(literal, kind[1:]) if kind.startswith('*') else literal}"
                )
        args.append(f"&{pkg}.{g.params}{{{', '.join(fields)}}}")
    return f"api.{g.group}.{name}({', '.join(args)})", before, decoded


def _program(built: Built, module: str, g: GoMethod, example: clients.Example, form: str) -> str:
    call, before, decoded = _call(built, g, g.name, example)
    body = list(before)
    printed = True
    if form == "iterate" and g.iterator:
        iterate = call.replace(f".{g.name}(", f".{g.iterator}(", 1)
        body.append(
            f"\tfor item, err := range {iterate} {{\n\t\tif err != nil {{\n\t\t\tlog.Fatal(err)\n\t\t}}\n\t\tfmt.Println(item)\n\t}}\n"
        )
    elif not g.result:
        printed = False
        body.append(f"\tif err := {call}; err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n")
        body.append('\tlog.Println("done")\n')
    elif form == "created":
        body.append(
            f"\tresult, created, err := {call}\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n"
        )
        body.append("\tfmt.Println(result, created)\n")
    else:
        body.append(f"\tresult, err := {call}\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n")
        body.append("\tfmt.Println(result)\n")
    imports = ["context"] + ["encoding/json"] * decoded + ["fmt"] * printed + ["log"]
    head = "".join(f'\t"{i}"\n' for i in imports)
    return (
        f"package main\n\nimport (\n{head}\n\t{go_string(module)}\n)\n\nfunc main() {{\n"
        f"\tctx := context.Background()\n\tapi, err := {built.package}.New()\n"
        "\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n" + "".join(body) + "}\n"
    )


def snippets(inp: EmitInput) -> dict[str, str]:
    """Every operation's Go snippet (a whole program), for the snippets page."""
    built = build(inp)
    module = go_of(inp.config).module_path(inp.version)
    models = {op.name: op for op in inp.api.operations}
    out = {}
    for group in inp.surface().groups:
        for method in group.methods:
            example = clients._example("", method, models[method.op.name])
            out[method.op.name] = _program(
                built, module, built.methods[method.op.name], example, example.form
            )
    return out


def install(config: ApiConfig, version: str) -> str:
    """The one-line install of the published module."""
    return f"go get {go_of(config).module_path(version)}@v{version}"


def install_local(folder: str) -> str:
    """The one-line install from a checkout's output folder (a `replace` in your go.mod)."""
    return f"go mod edit -replace <module>=./{folder}"


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    return {}


def emit(inp: EmitInput) -> Files:
    api, config, surface = inp.api, inp.config, inp.surface()
    built = build(inp)
    settings = go_of(config)
    module = settings.module_path(inp.version)
    files: dict[str, bytes] = {}
    types = "".join(built.types.decls)  # every declaration: _build rendered them first
    header = f"// Code generated by apigen {__version__}; DO NOT EDIT.\n\n"
    files["types.go"] = (
        f"{header}package {built.package}\n"
        + ('\nimport "encoding/json"\n' if built.types.uses_json else "")
        + types
    ).encode("utf-8")
    files["services.go"] = (
        f'{header}package {built.package}\n\nimport (\n\t"context"\n\t"iter"\n)\n'
        + built.code()
        + "\n// keep the imports every client uses, whatever its API declares.\n"
        "var (\n\t_ context.Context\n\t_ iter.Seq[int]\n)\n"
    ).encode("utf-8")
    files["client.go"] = (header + _client_code(inp, built, inp.version)).encode("utf-8")
    runtime = list(ALWAYS)
    if any(m.iterator for m in built.methods.values()):
        runtime.append("pages.go")
    if surface.check is not None:
        runtime.append("check.go")
    for name in runtime:
        files[f"apigen_{name}"] = _runtime(name, built.package)
    examples = []
    where = {(gi, mi): m for gi, g in enumerate(surface.groups) for mi, m in enumerate(g.methods)}
    for (gi, mi), example in surface.examples:
        method = where[gi, mi]
        g = built.methods[method.op.name]
        examples.append(
            {"title": example.title, "code": _program(built, module, g, example, example.form)}
        )
    facts = surface.facts()
    context = {
        **facts, "module": module, "package": built.package, "version": inp.version,
        "api_name": api.name,
        "examples": examples, "groups": sorted({m.group for m in built.methods.values()}),
        "methods": len(built.methods), "iterators": sum(1 for m in built.methods.values() if m.iterator),
        "check": surface.check is not None, "regions_go": _regions(surface),
        "sdk_calls": _sdk_table(surface, built),
    }  # fmt: skip
    files["go.mod"] = render("go/go.mod.j2", context, markdown=True).encode("utf-8")
    files["README.md"] = render("go/README.md.j2", context, markdown=True).encode("utf-8")
    return {f"{ROOT}/{path}": data for path, data in files.items()}


def _sdk_table(surface: clients.Surface, built: Built) -> list[dict[str, str]]:
    """permit-golang's calls (apigen.toml sdk_calls, language go) beside this client's."""
    out = []
    for call in surface.sdk_calls:
        if call.language != "go":
            continue
        method = surface.groups[call.at[0]].methods[call.at[1]]
        g = built.methods[method.op.name]
        ours = f"{g.group}.{g.name}"
        if built.aliases.get(call.call) == method.op.key:
            ours = call.call  # its second name here: the same call
        out.append({
            "sdk": call.sdk, "call": call.call, "ours": ours,
            "same": "yes" if ours == call.call else "no",
            "endpoint": f"{method.op.http_method.upper()} {method.op.path}",
        })  # fmt: skip
    return out
