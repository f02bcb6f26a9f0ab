"""The client surface: every decision a typed client makes, taken once for every language.

Built from the client plan (generator.plan) and the model's operations: per operation, which
arguments are positional and which are options (and in what order), which path parameters the
client fills from its project and environment, whether the answer's shape is switched by a
boolean option (overloads), whether the method gets a page iterator (and how it reads items and
the page count), its deprecation, its documentation text and the form of its README example; per
group, its methods; and the package facts every language states. A language is then an adapter
(generator/emit/python, generator/emit/typescript): naming (case, reserved words), spelling a
`TypeRef`, literals, its templates and runtime files. Nothing here is language text.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any, NamedTuple

from generator.config import ENVIRONMENT, PROJECT, ROLES, ApiConfig
from generator.emit import readme_examples
from generator.errors import UsageError
from generator.model import Api, AuthScheme, Operation
from generator.plan import (
    UNKNOWN,
    ClientPlan,
    OperationPlan,
    Pagination,
    ParamPlan,
    ShapeSwitch,
    TypeRef,
)

NUMBERS = frozenset({"integer", "number"})


class Arg(NamedTuple):
    """One argument: a parameter or the body (`wire` "")."""

    wire: str
    location: str  # path, query, header, cookie, body
    type: TypeRef
    required: bool  # the caller must give it (a path parameter the client fills is not)
    role: str | None  # project / environment: filled by the client when not given
    description: str  # the first paragraph
    deprecated: bool = False
    schema: Any = None  # the body's schema, when its type is inline (TypeRef unknown)
    positional: bool = False  # given by position (else an option)

    @property
    def is_body(self) -> bool:
        return self.location == "body"

    @property
    def key(self) -> tuple[str, str]:
        """Unique within a method: (location, wire name)."""
        return self.location, self.wire


class Iterator(NamedTuple):
    """`iter_<method>`: every item, page after page (page numbers from 1)."""

    item: TypeRef
    page: Arg  # the page option, set by the iterator itself
    per_page: Arg  # a short page (fewer than per_page items) is the last
    items_field: str | None  # the page object's items; None: the answer is the list
    page_count_field: str | None  # the page object's page count, when it has one
    may_be_array: bool  # the answer is a plain list or the page object
    skip: tuple[str, ...]  # wire names the iterator sets itself (the page, the shape switch)


class Example(NamedTuple):
    """A README example: the call with its arguments' example values, and what it shows."""

    title: str
    # iterate (the iterator), created, status (several success statuses), none (no content),
    # result
    form: str
    statuses: tuple[str, ...]
    values: tuple[tuple[Arg, Any], ...]  # positional arguments, then required options


class Method(NamedTuple):
    op: OperationPlan
    positional: tuple[Arg, ...]  # path parameters the caller gives, then a required body
    options: tuple[Arg, ...]  # the rest: required first, then in the operation's order
    body: Arg | None
    result: TypeRef | None  # the answer's type; None: no content
    result_schema: Any  # the answer's schema, for an inline type
    shape: ShapeSwitch | None  # overloads: the answer's type follows a boolean option
    iterator: Iterator | None
    summary: str  # the first line of its documentation
    description: str  # the rest ("" when it only repeats the summary)

    @property
    def deprecated(self) -> bool:
        return self.op.deprecated

    @property
    def operation(self) -> str:
        return self.op.name

    @property
    def client_name(self) -> str:
        """Its name in the group (generator.naming), snake_case."""
        return self.op.client_name or self.op.name

    @property
    def arguments(self) -> tuple[Arg, ...]:
        return self.positional + self.options

    @property
    def public(self) -> bool:
        """The operation takes no credentials: the client sends none with it."""
        return self.op.public

    @property
    def scheme(self) -> str | None:
        """The operation's own security scheme (a name in the settings' schemes), if any."""
        return self.op.scheme

    @property
    def read_only(self) -> bool:
        """A POST (or PATCH) that only reads: the client retries it like a GET."""
        return self.op.idempotent and self.op.http_method not in {
            "get",
            "head",
            "options",
            "put",
            "delete",
        }

    @property
    def expects_json(self) -> bool:
        """The operation declares a JSON answer: a success answer without one is an error."""
        media = self.op.result.media_type if self.op.result is not None else None
        return self.result is not None and "json" in (media or "")


class Group(NamedTuple):
    name: str  # the tag
    summary: str  # "<tag>: <first paragraph of its description>"
    methods: tuple[Method, ...]
    client: str = ""  # its attribute, snake_case (generator.naming); languages spell the case


class SdkCall(NamedTuple):
    """An official SDK's call (apigen.toml `sdk_calls`) and the method that reaches its
    endpoint here."""

    sdk: str  # e.g. permit-node
    language: str  # the client language it is compared with (python, typescript)
    call: str  # group.method, as the SDK spells it
    at: tuple[int, int]  # (group index, method index)


class Check(NamedTuple):
    """`check` / `bulk_check` on the client (apigen.toml `[apis.<api>.check]`)."""

    method: Method  # the decision endpoint
    bulk: Method | None
    user: TypeRef | None  # the model a user object is typed with
    resource: TypeRef | None
    default_tenant: str | None


class Surface(NamedTuple):
    api: Api
    config: ApiConfig
    groups: tuple[Group, ...]
    examples: tuple[tuple[tuple[int, int], Example], ...]  # (group index, method index)
    regions: dict[str, str]  # key -> base URL, the default first
    path_variables: dict[str, str]  # role -> the path parameter it fills
    placeholders: dict[str, str]  # role -> what a user fills in
    sdk_calls: tuple[SdkCall, ...] = ()
    check: Check | None = None

    def facts(self) -> dict[str, Any]:
        """What every client package states about the API and its configuration."""
        api, config = self.api, self.config
        return {
            "title": api.title,
            "api_version": api.version or "0",
            "operations": len(api.operations),
            "regions": self.regions,
            "default_region": api.regions[0].key,
            "other_region": api.regions[-1].key,
            "api_key_env": config.shell_variables["key"],
            "api_url_env": config.shell_variables["url"],
            "region_type": f"{config.client_class}Region",
            "path_variables": self.path_variables,
            "placeholders": self.placeholders,
            "scope_path": config.scope_path,
            "error_class": config.error_class,
            # an error code the API's answers carry, for the README (`error_code_example`)
            "error_code_example": config.error_code_example,
            # how requests carry the key (the API's security scheme); None: no credentials
            "auth": _scheme(api.auth) if api.auth is not None else None,
            # the other schemes the plan's operations name, by name (each names its own)
            "schemes": {
                name: _scheme(api.schemes[name])
                for name in sorted({m.scheme for g in self.groups for m in g.methods if m.scheme})
            },
        }


def _scheme(auth: AuthScheme) -> dict[str, str]:
    """A security scheme as the client runtimes read it: kind, in, name."""
    return {"kind": auth.kind, "in": auth.location, "name": auth.parameter}


def _first_paragraph(text: str) -> str:
    return text.strip().split("\n\n")[0] if text else ""


def _arg(param: ParamPlan) -> Arg:
    role = param.role if param.location == "path" and param.role in ROLES else None
    return Arg(
        wire=param.name,
        location=param.location,
        type=param.type,
        required=param.required and role is None,
        role=role,
        description=_first_paragraph(param.description),
        deprecated=param.deprecated,
    )


def _iterator(
    op: OperationPlan, options: tuple[Arg, ...], result: TypeRef | None
) -> Iterator | None:
    """A page iterator when the operation is paginated, its page is an optional numeric query
    option, its per-page a numeric one, and its answer's type is known."""
    pages: Pagination | None = op.pagination
    if pages is None or result is None or result.kind == "unknown":
        return None
    query = {a.wire: a for a in options if a.location == "query"}
    page, per_page = query.get(pages.page), query.get(pages.per_page)
    if page is None or per_page is None or page.required:
        return None
    if page.type.kind not in NUMBERS or per_page.type.kind not in NUMBERS:
        return None  # the iterator counts pages and compares a page's length with per_page
    skip = (pages.page,) + ((op.shape.parameter,) if op.shape is not None else ())
    return Iterator(
        item=pages.item,
        page=page,
        per_page=per_page,
        items_field=pages.items_field,
        page_count_field=pages.page_count_field,
        may_be_array=pages.may_be_array,
        skip=skip,
    )


def _shape(op: OperationPlan, options: tuple[Arg, ...]) -> ShapeSwitch | None:
    """Overloads when the switch is an option the caller may leave out."""
    if op.shape is None:
        return None
    switch = next((a for a in options if a.wire == op.shape.parameter), None)
    return op.shape if switch is not None and not switch.required else None


def _method(op: OperationPlan, model: Operation) -> Method:
    args = [_arg(p) for p in op.parameters]
    positional = [
        a._replace(positional=True) for a in args if a.location == "path" and a.role is None
    ]
    options = [a for a in args if not (a.location == "path" and a.role is None)]
    body = None
    if op.body is not None:
        schema = model.body.schema if model.body is not None else None
        inline = schema if op.body.type.kind == "unknown" else None
        body = Arg(
            "", "body", op.body.type, op.body.required, None, "", False, inline, op.body.required
        )
        (positional if body.required else options).append(body)
    options.sort(key=lambda a: not a.required)
    result, schema = None, None
    if op.result is not None and op.result.media_type:
        result = op.result.type or UNKNOWN
        found = next((r.schema for r in model.success if r.status == op.result.status), None)
        schema = found if result.kind == "unknown" else None
    summary = op.summary or op.title or "No summary."
    description = op.description if op.description.strip() != summary.strip() else ""
    return Method(
        op=op,
        positional=tuple(positional),
        options=tuple(options),
        body=body,
        result=result,
        result_schema=schema,
        shape=_shape(op, tuple(options)),
        iterator=_iterator(op, tuple(options), result),
        summary=summary,
        description=description,
    )


def _example(title: str, method: Method, model: Operation) -> Example:
    from generator.emit import example_argument

    wanted = [*method.positional] + [a for a in method.options if a.required and not a.is_body]
    values = [(a, example_argument(model, a.location, a.wire)) for a in wanted]
    body = next((v for a, v in values if a.is_body), None)
    path = [i for i, (a, _) in enumerate(values) if a.location == "path" and a.positional]
    key = body.get("key") if isinstance(body, dict) else None
    if method.op.http_method == "put" and isinstance(key, str) and path:
        # a create-or-replace names its object twice: the path's key is the body's
        values[path[-1]] = (values[path[-1]][0], key)
    statuses = tuple(r.status for r in model.success)
    if method.iterator is not None:
        form = "iterate"
    elif method.op.created:
        form = "created"
    elif len(statuses) > 1:
        form = "status"
    elif method.result is None:
        form = "none"
    else:
        form = "result"
    return Example(title, form, statuses, tuple(values))


def _check(config: ApiConfig, api: Api, groups: tuple[Group, ...]) -> Check | None:
    """The client's permission check, from `[apis.<api>.check]`."""
    wanted = config.check
    if wanted is None:
        return None
    methods = {m.op.key: m for g in groups for m in g.methods}
    found = []
    for key in (wanted.operation, wanted.bulk):
        method = methods.get(key) if key else None
        alone = method is not None and [a.is_body for a in method.positional] == [True]
        if key and not (alone and method and not any(a.required for a in method.options)):
            raise UsageError(
                f"[apis.{config.name}.check]: {key} is not an operation taking a body alone"
            )
        found.append(method)
    types = []
    for name in (wanted.user, wanted.resource):
        if name is not None and name not in api.schemas.named:
            raise UsageError(f"[apis.{config.name}.check]: no schema {name!r}")
        types.append(TypeRef("model", name) if name else None)
    assert found[0] is not None
    return Check(found[0], found[1], types[0], types[1], wanted.default_tenant)


def _sdk_calls(config: ApiConfig, groups: tuple[Group, ...]) -> tuple[SdkCall, ...]:
    """The official SDKs' calls (a TOML file: `[sdks]` name -> language, `[[calls]]` sdk,
    call, operation "METHOD /path"), each with the method reaching its endpoint."""
    if config.sdk_calls is None:
        return ()
    from generator import log

    try:
        data = tomllib.loads(config.sdk_calls.read_text(encoding="utf-8"))
        languages = dict(data.get("sdks", {}))
        rows = [(str(c["sdk"]), str(c["call"]), str(c["operation"])) for c in data["calls"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{config.sdk_calls}: not an SDK calls file ({exc})") from None
    where = {m.op.key: (gi, mi) for gi, g in enumerate(groups) for mi, m in enumerate(g.methods)}
    out = []
    for sdk, call, operation in rows:
        if operation not in where or sdk not in languages:
            log.warn(f"{config.name}: SDK call {sdk} {call}: no operation {operation}")
            continue
        out.append(SdkCall(sdk, str(languages[sdk]), call, where[operation]))
    return tuple(out)


def build_surface(plan: ClientPlan, api: Api, config: ApiConfig) -> Surface:
    """The client surface of an API (every client language renders this)."""
    models = {op.name: op for op in api.operations}
    groups = tuple(
        Group(
            name=group.name,
            summary=group.name
            + (f": {_first_paragraph(group.description)}" if group.description else ""),
            methods=tuple(_method(op, models[op.name]) for op in group.operations),
            client=group.client_name or group.name,
        )
        for group in plan.groups
    )
    where = {
        (id(g), id(m)): (gi, mi) for gi, g in enumerate(groups) for mi, m in enumerate(g.methods)
    }
    examples = tuple(
        (where[id(group), id(method)], _example(title, method, op))
        for title, group, method, op in readme_examples(api, config, groups)
    )
    return Surface(
        check=_check(config, api, groups),
        sdk_calls=_sdk_calls(config, groups),
        api=api,
        config=config,
        groups=groups,
        examples=examples,
        regions={r.key: r.url for r in api.regions},
        path_variables={role: wire for wire, role in config.path_variables.items()},
        placeholders={
            role: config.placeholders.get(role, f"my-{role}") for role in (PROJECT, ENVIRONMENT)
        },
    )


# -- What a language adapter makes of the surface: names, types and documentation in its own
# -- spelling, in records every client template reads the same way.


class Spelled(NamedTuple):
    """An argument as a language names and types it."""

    arg: Arg
    name: str  # the identifier, or the options object's key
    type: str
    default: str | None = None  # the language's default expression; None: none
    doc: str = ""  # its documentation, escaped for the language's comments
    flags: frozenset[str] = frozenset()  # facts the language's templates need (e.g. "unset")

    @property
    def wire(self) -> str:
        return self.arg.wire

    @property
    def location(self) -> str:
        return self.arg.location

    @property
    def role(self) -> str | None:
        return self.arg.role

    @property
    def required(self) -> bool:
        return self.arg.required


class SpelledOverload(NamedTuple):
    switch: Spelled  # the boolean option
    type: str  # the switch's type in this overload (e.g. `Literal[True]`, `true`)
    default: str | None
    required: bool
    returns: str


class SpelledIterator(NamedTuple):
    name: str
    item: str
    page: Spelled
    per_page: Spelled
    skip: tuple[str, ...]  # the names of the options the iterator sets itself
    result: str  # the type of the answer it reads
    items: str  # how a page's items are reached from `result`
    page_count: str  # an expression true when the last page was read ("" for none)


class SpelledMethod(NamedTuple):
    method: Method
    name: str
    doc: str  # escaped for the language
    positional: tuple[Spelled, ...]
    options: tuple[Spelled, ...]
    returns: str
    parse: str | None  # the type the answer is parsed into, where the language checks it
    overloads: tuple[SpelledOverload, ...]
    iterator: SpelledIterator | None
    options_name: str = ""  # a language that types the options object names its type
    created: str = ""  # the type of `{<field>: answer, created}` (a create-or-replace), or ""

    @property
    def operation(self) -> str:
        return self.method.op.name

    @property
    def created_field(self) -> str:
        return self.method.op.created or ""

    @property
    def http_method(self) -> str:
        return self.method.op.http_method.upper()

    @property
    def path(self) -> str:
        return self.method.op.path

    @property
    def body(self) -> Spelled | None:
        return next((s for s in self.positional + self.options if s.arg.is_body), None)

    @property
    def options_required(self) -> bool:
        return any(s.required for s in self.options)

    @property
    def params(self) -> tuple[Spelled, ...]:
        """The parameters (no body), in the operation's order."""
        order = {(p.location, p.name): i for i, p in enumerate(self.method.op.parameters)}
        found = [s for s in self.positional + self.options if not s.arg.is_body]
        return tuple(sorted(found, key=lambda s: order[s.arg.key]))


class SpelledGroup(NamedTuple):
    name: str  # the client's attribute or property
    classes: dict[str, str]  # the language's class names (e.g. sync, async, raw)
    doc: str
    methods: tuple[SpelledMethod, ...]


class Syntax(NamedTuple):
    """How a language writes a README example: `forms` (iterate, created, status, none, result)
    formatted with {group}, {iterator} (the iterator's call), {call}, {raw} (the call through
    `raw`), {statuses} and {field} (a created result's object)."""

    forms: dict[str, str]
    head: str  # formatted with {client} and {package}
    raw: str  # the attribute of a group's raw-answer twin (with_response, withResponse)
    call: Callable[[str, list[str], list[tuple[str, str]]], str]  # method, positional, named
    literal: Callable[[Any], str]


def render_examples(
    surface: Surface, built: list[SpelledGroup], syntax: Syntax, package: str
) -> list[dict[str, str]]:
    """The README's examples in a language: each configured operation called with its
    example arguments, in the form the surface chose."""
    return [
        {"title": example.title, "code": _program(surface, built[g], m, example, syntax, package)}
        for (g, m), example in surface.examples
    ]


def render_snippets(
    surface: Surface, built: list[SpelledGroup], syntax: Syntax, package: str
) -> dict[str, str]:
    """Every operation's snippet in a language (operation name -> a whole program): the same
    call, arguments and form as a README example of it would have."""
    models = {op.name: op for op in surface.api.operations}
    out = {}
    for group, spelled in zip(surface.groups, built, strict=True):
        for index, method in enumerate(group.methods):
            example = _example("", method, models[method.op.name])
            out[method.op.name] = _program(surface, spelled, index, example, syntax, package)
    return out


def _program(
    surface: Surface, group: SpelledGroup, index: int, example: Example, syntax: Syntax,
    package: str,
) -> str:  # fmt: skip
    method = group.methods[index]
    names = {s.arg.key: s.name for s in method.options}
    texts = [(a, syntax.literal(v)) for a, v in example.values]
    positional = [t for a, t in texts if a.positional]
    named = [(names[a.key], t) for a, t in texts if not a.positional]
    call = syntax.call(method.name, positional, named)
    iterator = syntax.call(method.iterator.name, positional, named) if method.iterator else ""
    code = syntax.forms[example.form].format(
        group=group.name,
        iterator=f"api.{group.name}.{iterator}",
        call=f"api.{group.name}.{call}",
        raw=f"api.{group.name}.{syntax.raw}.{call}",
        statuses=" or ".join(example.statuses),
        field=method.created_field,
    )
    return syntax.head.format(client=surface.config.client_class, package=package) + code


def render_sdk_calls(
    surface: Surface, built: list[SpelledGroup], language: str
) -> list[dict[str, str]]:
    """The README's mapping table: each official SDK call compared with this language's
    client, and the method here that reaches the same endpoint."""
    out = []
    for call in surface.sdk_calls:
        if call.language != language:
            continue
        group = built[call.at[0]]
        method = group.methods[call.at[1]]
        ours = f"{group.name}.{method.name}"
        out.append(
            {
                "sdk": call.sdk,
                "call": call.call,
                "ours": ours,
                "same": "yes" if ours == call.call else "no",
                "endpoint": f"{method.http_method} {method.path}",
            }
        )
    return out


def check_facts(
    surface: Surface, accepted: Callable[[TypeRef | None], str]
) -> dict[str, Any] | None:
    """What the client's `check` / `bulk_check` send and accept, for every language's
    template (None: not configured); `accepted` spells the type of a user or a resource."""
    check = surface.check
    if check is None:
        return None
    bulk = check.bulk
    return {
        "method": check.method.op.http_method.upper(),
        "path": check.method.op.path,
        "read_only": check.method.read_only,
        "bulk_method": bulk.op.http_method.upper() if bulk else "",
        "bulk_path": bulk.op.path if bulk else "",
        "bulk_read_only": bulk.read_only if bulk else False,
        "user": accepted(check.user),
        "resource": accepted(check.resource),
        "tenant": check.default_tenant,
        "query": f"{surface.config.client_class}Check",
    }
