"""A typed Python client package: pydantic v2 models (`models.py`, datamodel-code-generator) and
httpx sync/async clients rendered from the client plan, with the runtime copied verbatim from
`generator/runtime/python/` beside a rendered `_settings.py`.
"""

from __future__ import annotations

import pprint
from pathlib import Path
from typing import Any, NamedTuple

from generator import __version__
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, example_argument, readme_examples
from generator.emit.python.models import generate_models, model_classes
from generator.emit.python.names import Names, class_name, py_name
from generator.emit.python.types import (
    ANY,
    Annotation,
    body_annotation,
    model_annotation,
    param_annotation,
)
from generator.emit.templates import render
from generator.errors import SpecError
from generator.escape import py_docstring as pydoc
from generator.kinds import python_of
from generator.model import ENVIRONMENT, PROJECT, ROLES, Api, Schemas
from generator.plan import ClientPlan, GroupPlan, OperationPlan, ParamPlan

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "python"
RUNTIME_FILES = ("_core.py", "_retry.py")  # copied verbatim; _settings.py is rendered
LOCATIONS = {"query": "query", "header": "headers", "cookie": "cookies"}
CORE_EXPORTS = (
    "UNSET",
    "ApiResponse",
    "AuthenticationError",
    "ConflictError",
    "InvalidPathParameterError",
    "NetworkError",
    "NotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "RetryPolicy",
    "ServerError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "Unset",
    "ValidationIssue",
)
MODELS = "models.py"


class PyArg(NamedTuple):
    """One argument of a generated method: a parameter or the body."""

    py: str
    wire: str  # "" for the body
    location: str  # path, query, header, cookie, body
    annotation: str
    default: str | None  # Python source, None when required
    role: str | None  # project / environment: resolved by the runtime when not given
    uses_any: bool
    uses_models: bool
    unset: bool  # defaults to UNSET: not sent unless given


class PyOverload(NamedTuple):
    """One overload of a method whose answer depends on a boolean query parameter."""

    wire: str
    annotation: str
    default: str | None
    returns: str


class PyIterator(NamedTuple):
    py: str
    item: str
    items_expr: str
    page_count: bool
    may_be_array: bool
    page: str  # the page parameter's wire name
    per_page: str  # the per-page parameter's Python name
    skip: tuple[str, ...]  # wire names the iterator sets itself (the page, the shape switch)


class PyMethod(NamedTuple):
    py: str
    doc: str
    http_method: str
    path: str
    path_params: list[PyArg]
    positional: list[PyArg]
    keyword: list[PyArg]
    by_location: dict[str, list[PyArg]]
    body: PyArg | None
    body_required: bool
    returns: str
    parse: str | None
    iterator: PyIterator | None
    overloads: list[PyOverload]


class PyGroup(NamedTuple):
    py: str
    classes: dict[str, str]  # sync, async, sync_raw, async_raw class names
    doc: str
    methods: list[PyMethod]


class Uses(NamedTuple):
    """The names client.py imports: only those its methods use (ruff flags the rest)."""

    iterator: bool
    typing: list[str]
    core: list[str]
    models: bool


def _indent_doc(summary: str, description: str, indent: str = "        ") -> str:
    parts = [pydoc(summary or "No summary.")]
    if description and description.strip() != summary.strip():
        parts.append(pydoc(description))
    body = "\n\n".join(parts)
    lines = body.splitlines()
    return "\n".join([lines[0], *(f"{indent}{line}" if line else "" for line in lines[1:])]) + (
        f"\n{indent}" if len(lines) > 1 else ""
    )


def _arg(param: ParamPlan, names: Names) -> PyArg:
    ann = param_annotation(param.type)
    py = names.take(py_name(param.name), param.location)
    if param.location == "path":
        if param.role in ROLES:
            return PyArg(
                py, param.name, "path", "str | None", "None", param.role, False, False, False
            )
        return PyArg(py, param.name, "path", ann.text, None, None, ann.uses_any, False, False)
    if param.required:
        return PyArg(
            py, param.name, param.location, ann.text, None, None, ann.uses_any, False, False
        )
    text = ann.text if ann.text == ANY else f"{ann.text} | Unset"
    return PyArg(py, param.name, param.location, text, "UNSET", None, ann.uses_any, False, True)


def _overloads(op: OperationPlan, keyword: list[PyArg], returns: str) -> list[PyOverload]:
    """For an answer switched by a boolean query parameter: false or not passed gives the
    default shape, true the other, a plain `bool` either."""
    shape = op.shape
    if shape is None:
        return []
    default, when_true = model_annotation(shape.default), model_annotation(shape.when_true)
    switch = next((p for p in keyword if p.wire == shape.parameter and p.unset), None)
    if default is None or when_true is None or switch is None:
        return []
    return [
        PyOverload(shape.parameter, "Literal[False] | Unset", "UNSET", default),
        PyOverload(shape.parameter, "Literal[True]", None, when_true),
        PyOverload(shape.parameter, "bool | Unset", "UNSET", returns),
    ]


def _iterator(
    op: OperationPlan, keyword: list[PyArg], parse: str | None, method_names: Names, py: str
) -> PyIterator | None:
    pages = op.pagination
    if pages is None or parse is None:
        return None
    wires = {p.wire: p for p in keyword if p.location == "query"}
    page, per_page = wires.get(pages.page), wires.get(pages.per_page)
    item = model_annotation(pages.item)
    if page is None or per_page is None or item is None or page.py != "page":
        return None
    skip = (pages.page,) + ((op.shape.parameter,) if op.shape is not None else ())
    return PyIterator(
        py=method_names.take(f"iter_{py}", "pages"),
        item=item,
        items_expr="result" if pages.items_field is None else f"result.{pages.items_field}",
        page_count=pages.page_count_field is not None,
        may_be_array=pages.may_be_array,
        page=pages.page,
        per_page=per_page.py,
        skip=skip,
    )


def _method(op: OperationPlan, method_names: Names) -> PyMethod:
    names = Names({"self", "_data", "_response", "result", "items", "item"})
    params = [_arg(p, names) for p in op.parameters]
    path_params = [p for p in params if p.location == "path"]
    positional = [p for p in path_params if p.default is None]
    keyword_only = [p for p in path_params if p.default is not None]
    body = None
    if op.body is not None:
        ann: Annotation = body_annotation(op.body.type)
        if not op.body.required:
            ann = ann.or_none()
        py = names.take("body", "payload")
        default = None if op.body.required else "None"
        body = PyArg(py, "", "body", ann.text, default, None, ann.uses_any, ann.uses_models, False)
        (positional if op.body.required else keyword_only).append(body)
    query_like = [p for p in params if p.location != "path"]
    keyword_only += sorted(query_like, key=lambda p: p.default is not None)
    result = op.result
    parse = model_annotation(result.type) if result is not None else None
    returns = parse or (ANY if result is not None and result.media_type else "None")
    py = method_names.take(py_name(op.name), op.http_method)
    return PyMethod(
        py=py,
        doc=_indent_doc(op.summary or op.title, op.description),
        http_method=op.http_method.upper(),
        path=op.path,
        path_params=path_params,
        positional=[p for p in positional if p.default is None]
        + [p for p in positional if p.default],
        keyword=keyword_only,
        by_location={
            loc: [p for p in query_like if p.location == key] for key, loc in LOCATIONS.items()
        },
        body=body,
        body_required=op.body is not None and op.body.required,
        returns=returns,
        parse=parse,
        iterator=_iterator(op, keyword_only, parse, method_names, py),
        overloads=_overloads(op, keyword_only, returns),
    )


def _group_doc(group: GroupPlan) -> str:
    if group.description:
        return pydoc(f"{group.name}: {group.description.split(chr(10) + chr(10))[0]}")
    return pydoc(group.name)


def groups(plan: ClientPlan) -> list[PyGroup]:
    """One class per tag: its attribute and class names and its methods, in the API's order."""
    attrs = Names({"close", "with_options"})
    classes = Names()
    out = []
    for group in plan.groups:
        py = attrs.take(py_name(group.name), "api")
        sync_name = classes.take(class_name(py, "Api"), "Group")
        async_name = classes.take(f"Async{sync_name}", "Group")
        method_names = Names({"close", "with_response"})
        out.append(
            PyGroup(
                py=py,
                classes={
                    "sync": sync_name,
                    "async": async_name,
                    "sync_raw": classes.take(f"{sync_name}WithResponse", "Group"),
                    "async_raw": classes.take(f"{async_name}WithResponse", "Group"),
                },
                doc=_group_doc(group),
                methods=[_method(op, method_names) for op in group.operations],
            )
        )
    return out


def _uses(groups: list[PyGroup]) -> Uses:
    methods = [m for g in groups for m in g.methods]
    args = [p for m in methods for p in m.positional + m.keyword]
    parses = any(m.parse for m in methods)
    overloads = any(m.overloads for m in methods)
    uses_any = any(m.returns == ANY for m in methods) or any(p.uses_any for p in args)
    models = any(m.parse for m in methods) or any(p.uses_models for p in args)
    unset = any(p.unset for p in args)
    return Uses(
        iterator=any(m.iterator for m in methods),
        typing=([ANY] if uses_any else [])
        + (["Literal"] if overloads else [])
        + ["Self"]
        + (["cast"] if parses else [])
        + (["overload"] if overloads else []),
        core=(["UNSET"] if unset else [])
        + ["ApiResponse", "AsyncCore", "RetryPolicy", "SyncCore"]
        + (["Unset"] if unset else [])
        + (["parse_as"] if parses else [])
        + ["respond"],
        models=models,
    )


def _literal(value: Any, indent: int) -> str:
    """An example value as Python source, indented to sit inside a call."""
    text = pprint.pformat(value, indent=1, width=88 - indent, sort_dicts=False)
    return text.replace("\n", "\n" + " " * indent)


def examples(api: Api, config: ApiConfig, built: list[PyGroup]) -> list[dict[str, str]]:
    """The README's examples: each configured operation called with its example arguments."""
    out = []
    client = config.client_class
    for title, group, method, op in readme_examples(api, config, built):
        args = [_literal(example_argument(op, a.location, a.wire), 8) for a in method.positional]
        for arg in method.keyword:
            if arg.location in ("query", "header", "cookie") and arg.default is None:
                args.append(f"{arg.py}={_literal(example_argument(op, arg.location, arg.wire), 8)}")
        call = f"api.{group.py}.\0{method.py}(" + (
            "\n" + "".join(f"        {a},\n" for a in args) + "    )" if args else ")"
        )
        statuses = [r.status for r in op.success]
        if method.iterator is not None:
            lines = [
                f"    for item in api.{group.py}.{method.iterator.py}():  # page after page",
                "        print(item)",
                f"    first = {call.replace(chr(0), '')}",
            ]
        elif len(statuses) > 1:
            lines = [
                f"    answer = {call.replace(chr(0), 'with_response.')}",
                f"    print(answer.status_code, answer.parsed)  # {' or '.join(statuses)}",
            ]
        else:
            lines = [f"    result = {call.replace(chr(0), '')}", "    print(result)"]
        code = f"from {python_of(config).package} import {client}\n\nwith {client}() as api:\n"
        out.append({"title": title, "code": code + "\n".join(lines)})
    return out


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    """models.py, from the named schemas alone (run before the API model is built)."""
    return {MODELS: generate_models(schemas).encode("utf-8")}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    models_source = inp.prepared[MODELS].decode("utf-8")
    classes = model_classes(models_source)
    missing = sorted(set(api.schemas.named) - classes)
    if missing:
        raise SpecError(
            f"{api.name}: no model was generated for {len(missing)} schema(s): {', '.join(missing[:5])}"
        )
    plan = inp.plan()
    package = python_of(config).package
    built = groups(plan)
    client_sync, client_async = config.client_class, f"Async{config.client_class}"
    version = inp.version
    context = {
        "title": api.title,
        "doc": pydoc(f"Client for the {api.title}."),
        "version": version,
        "api_version": api.version or "0",
        "package": package,
        "distribution": package.replace("_", "-"),
        "groups": built,
        "uses": _uses(built),
        "client_sync": client_sync,
        "client_async": client_async,
        "error_class": config.error_class,
        "core_exports": CORE_EXPORTS,
        "exports": sorted(
            [client_sync, client_async, config.error_class, "models", *CORE_EXPORTS],
            key=lambda name: (not name.isupper(), not name[0].isupper(), name),
        ),
        "regions": {r.key: r.url for r in api.regions},
        "default_region": api.regions[0].key,
        "api_key_env": config.shell_variables["key"],
        "path_variables": {role: wire for wire, role in config.path_variables.items()},
        "scope_path": config.scope_path,
        "placeholders": {
            role: config.placeholders.get(role, f"my-{role}") for role in (PROJECT, ENVIRONMENT)
        },
        "user_agent": f"{package}/{version} (apigen {__version__})",
        "operations": len(api.operations),
        "models": len(api.schemas.named),
        "example_group": built[0].py if built else "",
        "example_method": built[0].methods[0].py if built else "",
        "examples": examples(api, config, built),
        "dependencies": [
            "httpx>=0.27,<1",
            "pydantic[email]>=2.7,<3" if "EmailStr" in models_source else "pydantic>=2.7,<3",
        ],
    }
    root = f"clients/python/{package}"
    files = {
        f"{root}/{MODELS}": models_source,
        f"{root}/_settings.py": render("python/_settings.py.j2", context, markdown=True),
        f"{root}/client.py": render("python/client.py.j2", context, markdown=True),
        f"{root}/__init__.py": render("python/__init__.py.j2", context, markdown=True),
        f"{root}/py.typed": "",
        "clients/python/pyproject.toml": render("python/pyproject.toml.j2", context, markdown=True),
        "clients/python/README.md": render("python/README.md.j2", context, markdown=True),
    }
    out = {path: text.encode("utf-8") for path, text in files.items()}
    for name in RUNTIME_FILES:
        out[f"{root}/{name}"] = (RUNTIME / name).read_bytes()
    return out
