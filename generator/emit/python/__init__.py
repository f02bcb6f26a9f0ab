"""A typed Python client package: pydantic v2 models (`models.py`, datamodel-code-generator) and
httpx sync/async clients rendered from the client plan, with the runtime copied verbatim from
`generator/runtime/python/` beside a rendered `_settings.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from generator import __version__
from generator.config import ApiConfig
from generator.emit import EmitInput, Files
from generator.emit.python.models import generate_models, model_classes
from generator.emit.python.names import Names, class_name, py_name
from generator.emit.python.types import (
    ANY,
    Annotation,
    body_annotation,
    literal,
    model_annotation,
    param_annotation,
)
from generator.emit.templates import pydoc, render
from generator.errors import SpecError
from generator.model import ENVIRONMENT, PROJECT, ROLES, Schemas
from generator.plan import ClientPlan, GroupPlan, OperationPlan, ParamPlan

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "python"
RUNTIME_FILES = ("_core.py", "_retry.py")  # copied verbatim; _settings.py is rendered
LOCATIONS = {"query": "query", "header": "headers", "cookie": "cookies"}
CORE_EXPORTS = (
    "AuthenticationError",
    "ConflictError",
    "NotFoundError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
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
    value: str  # the expression sent
    uses_any: bool
    uses_models: bool


class PyIterator(NamedTuple):
    py: str
    item: str
    items_expr: str
    page_count: bool


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


class PyGroup(NamedTuple):
    py: str
    classes: dict[str, str]  # sync / async class names
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
                py,
                param.name,
                "path",
                "str | None",
                "None",
                f"self._core.{param.role}({py})",
                False,
                False,
            )
        return PyArg(py, param.name, "path", ann.text, None, py, ann.uses_any, False)
    default: str | None = None
    if not param.required:
        if param.has_default and param.default is not None and ann.text != ANY:
            default = literal(param.default, ann.text)
        else:
            ann = ann if ann.text == ANY else ann.or_none()
            default = "None"
    return PyArg(py, param.name, param.location, ann.text, default, py, ann.uses_any, False)


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
        body = PyArg(py, "", "body", ann.text, default, py, ann.uses_any, ann.uses_models)
        (positional if op.body.required else keyword_only).append(body)
    query_like = [p for p in params if p.location != "path"]
    keyword_only += sorted(query_like, key=lambda p: p.default is not None)
    result = op.result
    parse = model_annotation(result.type) if result is not None else None
    returns = parse or (ANY if result is not None and result.media_type else "None")
    py = method_names.take(py_name(op.name), op.http_method)
    iterator = None
    wires = {p.wire: p for p in keyword_only if p.location != "body"}
    pages = op.pagination
    if (
        pages is not None
        and parse is not None
        and wires.get(pages.page) is not None
        and wires[pages.page].py == "page"
        and wires.get(pages.per_page) is not None
        and wires[pages.per_page].py == "per_page"
    ):
        item = model_annotation(pages.item)
        if item is not None:
            iterator = PyIterator(
                py=method_names.take(f"iter_{py}", "pages"),
                item=item,
                items_expr="result" if pages.items_field is None else f"result.{pages.items_field}",
                page_count=pages.page_count_field is not None,
            )
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
        iterator=iterator,
    )


def _group_doc(group: GroupPlan) -> str:
    if group.description:
        return pydoc(f"{group.name}: {group.description.split(chr(10) + chr(10))[0]}")
    return pydoc(group.name)


def groups(plan: ClientPlan) -> list[PyGroup]:
    """One class per tag: its attribute and class names and its methods, in the API's order."""
    attrs = Names({"close"})
    classes = Names()
    out = []
    for group in plan.groups:
        py = attrs.take(py_name(group.name), "api")
        sync_name = classes.take(class_name(py, "Api"), "Group")
        method_names = Names({"close"})
        out.append(
            PyGroup(
                py=py,
                classes={"sync": sync_name, "async": classes.take(f"Async{sync_name}", "Group")},
                doc=_group_doc(group),
                methods=[_method(op, method_names) for op in group.operations],
            )
        )
    return out


def _uses(groups: list[PyGroup]) -> Uses:
    methods = [m for g in groups for m in g.methods]
    args = [p for m in methods for p in m.positional + m.keyword]
    parses = any(m.parse for m in methods)
    uses_any = any(m.returns == ANY for m in methods) or any(p.uses_any for p in args)
    models = any(m.parse for m in methods) or any(p.uses_models for p in args)
    return Uses(
        iterator=any(m.iterator for m in methods),
        typing=([ANY] if uses_any else []) + ["Self"] + (["cast"] if parses else []),
        core=["AsyncCore", "RetryPolicy", "SyncCore"] + (["parse_as"] if parses else []),
        models=models,
    )


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
    package = config.python_package
    built = groups(plan)
    client_sync, client_async = config.client_class, f"Async{config.client_class}"
    version = api.version or "0"
    context = {
        "title": api.title,
        "doc": pydoc(f"Client for the {api.title}."),
        "version": version,
        "package": package,
        "distribution": package.replace("_", "-"),
        "groups": built,
        "uses": _uses(built),
        "client_sync": client_sync,
        "client_async": client_async,
        "error_class": config.error_class,
        "core_exports": CORE_EXPORTS,
        "exports": sorted([client_sync, client_async, config.error_class, "models", *CORE_EXPORTS]),
        "regions": {r.key: r.url for r in api.regions},
        "default_region": api.regions[0].key,
        "api_key_env": config.shell_variables["key"],
        "path_variables": {role: wire for wire, role in config.path_variables.items()},
        "placeholders": {
            role: config.placeholders.get(role, f"my-{role}") for role in (PROJECT, ENVIRONMENT)
        },
        "user_agent": f"{package}/{version} (apigen {__version__})",
        "operations": len(api.operations),
        "models": len(api.schemas.named),
        "example_group": built[0].py if built else "",
        "example_method": built[0].methods[0].py if built else "",
        "dependencies": [
            "httpx>=0.27",
            "pydantic[email]>=2.7" if "EmailStr" in models_source else "pydantic>=2.7",
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
