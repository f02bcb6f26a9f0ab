"""The Python client: an adapter over the client surface (generator.emit.clients): Python names,
annotations and literals, rendered with templates/python/. pydantic v2 models are written by
pydantic_models.py, split into a `models` package loaded on use (lazy.py); the runtime is
copied verbatim from generator/runtime/python/ beside a rendered `_settings.py`."""

from __future__ import annotations

import pprint
import re
from pathlib import Path

from generator import __version__
from generator.config import ApiConfig
from generator.emit import EmitInput, Files, clients
from generator.emit.python.lazy import order as all_order
from generator.emit.python.lazy import split_models
from generator.emit.python.models import (
    defined_names,
    generate_bodies,
    generate_open_models,
    model_classes,
)
from generator.emit.python.names import Names, class_name, py_name
from generator.emit.python.text import wrap_import
from generator.emit.python.types import ANY, annotation, body_annotation, model_annotation
from generator.emit.templates import render
from generator.errors import SpecError
from generator.escape import py_docstring
from generator.kinds import python_of
from generator.model import Schemas
from generator.plan import TypeRef
from generator.schema.draft07 import closure

RUNTIME = Path(__file__).resolve().parent.parent.parent / "runtime" / "python"
RUNTIME_FILES = ("_core.py", "_open.py", "_retry.py")  # copied verbatim; _settings.py is rendered
CORE_EXPORTS = (
    "UNSET", "ApiResponse", "AuthenticationError", "ConflictError", "InvalidPathParameterError",
    "NetworkError", "NotFoundError", "RateLimitError", "ResponseTooLargeError", "RetryPolicy",
    "ServerError", "UnexpectedResponseError", "UnprocessableEntityError", "Unset",
    "ValidationIssue",
)  # fmt: skip
OPEN_EXPORTS = ("OpenIntEnum", "OpenStrEnum", "UnknownVariant")  # _open.py, loaded on first use
MODELS = "models"  # a package: generator.emit.python.lazy
BODIES = "bodies.py"
# Names a method's parameters must not take: its own locals, and every module-level name
# client.py imports or defines (a parameter `models` would hide the models module).
LOCALS = {
    "self", "_data", "_response", "_answer", "result", "items", "item", "previous", "max_pages",
    "models", "bodies", "builtins", "httpx", "deprecated", "cast",
    "overload", "parse_as", "respond", "check_query", "decision", "decisions", "Any", "Literal",
    "NamedTuple", "Self", "TracebackType", "AsyncIterator", "Iterator", "Iterable", "Mapping",
    "ApiResponse", "AsyncCore", "SyncCore", "RetryPolicy", *CORE_EXPORTS,
}  # fmt: skip
SYNTAX = clients.Syntax(
    forms={
        "iterate": "    for item in {iterator}:  # page after page\n        print(item)",
        "none": "    {call}",
        "status": "    answer = {raw}\n    print(answer.status_code, answer.parsed)  # {statuses}",
        "result": "    result = {call}\n    print(result)",
        "created": "    result = {call}\n"
        "    print('created' if result.created else 'replaced', result.{field})",
    },
    head="from {package} import {client}\n\nwith {client}() as api:\n",
    raw="with_response",
    call=lambda name, args, named: f"{name}(" + "".join(f"\n        {a}," for a in args)
    + "".join(f"\n        {k}={v}," for k, v in named) + ("\n    )" if args or named else ")"),
    literal=lambda v: pprint.pformat(v, indent=1, width=80, sort_dicts=False).replace("\n", "\n" + " " * 8),
)  # fmt: skip


def _doc(method: clients.Method, error: str, indent: str = "        ") -> str:
    """The docstring's text: the summary, the description, then what it raises, indented."""
    text = method.summary + (f"\n\n{method.description.strip()}" if method.description else "")
    raises = [
        "Raises:",
        f"    {error}: an error answer (a subclass per status: NotFoundError, ConflictError,",
        "        ...), a network failure (NetworkError), or an answer that is not what the",
        "        operation declares (UnexpectedResponseError).",
    ]
    if any(a.location == "path" for a in method.positional):
        raises.append(
            '    InvalidPathParameterError: a path value "", "." or ".." (nothing is sent).'
        )
    lines = [*py_docstring(text).splitlines(), "", *raises]
    rest = [f"{indent}{line}" if line else "" for line in lines[1:]]
    return "\n".join([lines[0], *rest]) + f"\n{indent}"


def _spell(arg: clients.Arg, name: str, typed: frozenset[str]) -> clients.Spelled:
    if arg.is_body:
        ann = body_annotation(arg.type, typed)
        ann = ann if arg.required else ann.or_none()
        flags = {f for f, on in (("any", ann.uses_any), ("models", ann.uses_models)) if on}
        if "bodies." in ann.text:
            flags.add("bodies")
        default = None if arg.required else "None"
        return clients.Spelled(arg, name, ann.text, default, "", frozenset(flags))
    if arg.role is not None:
        return clients.Spelled(arg, name, "str | None", "None")
    ann = annotation(arg.type)
    flags = {"any"} if ann.uses_any else set()
    if arg.required or arg.location == "path":
        return clients.Spelled(arg, name, ann.text, None, "", frozenset(flags))
    if ann.text == ANY:  # `Any` holds UNSET already: the Unset type goes unnamed
        return clients.Spelled(arg, name, ann.text, "UNSET", "", frozenset(flags | {"unset"}))
    text = f"{ann.text} | Unset"
    return clients.Spelled(arg, name, text, "UNSET", "", frozenset(flags | {"unset", "unset_type"}))


def _method(
    method: clients.Method, names: Names, error: str, typed: frozenset[str]
) -> clients.SpelledMethod:
    op, local = method.op, Names(set(LOCALS))
    py_of = {(p.location, p.name): local.take(py_name(p.name), p.location) for p in op.parameters}
    py_of["body", ""] = local.take("body", "payload") if method.body is not None else ""
    made = {a.key: _spell(a, py_of[a.key], typed) for a in method.arguments}
    returns = annotation(method.result, models=True).text if method.result else "None"
    name = names.take(py_name(method.client_name), op.http_method)
    overloads: tuple[clients.SpelledOverload, ...] = ()
    if method.shape is not None:
        switch = next(s for s in made.values() if s.arg.key == ("query", method.shape.parameter))
        default, when_true = (annotation(t, models=True).text for t in method.shape[1:])
        overloads = (
            clients.SpelledOverload(switch, "Literal[False] | Unset", "UNSET", False, default),
            clients.SpelledOverload(switch, "Literal[True]", None, True, when_true),
            clients.SpelledOverload(switch, "bool | Unset", "UNSET", False, returns),
        )
    it = method.iterator
    iterator = it and clients.SpelledIterator(
        name=names.take(f"iter_{name}", "pages"),
        item=annotation(it.item, models=True).text,
        page=made[it.page.key],
        per_page=made[it.per_page.key],
        skip=tuple(s.name for s in made.values() if s.wire in it.skip and s.location == "query"),
        result=returns,
        items="result" if it.items_field is None else f"result.{it.items_field}",
        page_count=it.page_count_field or "",
    )
    return clients.SpelledMethod(
        method=method,
        name=name,
        doc=_doc(method, error),
        positional=tuple(made[a.key] for a in method.positional),
        options=tuple(made[a.key] for a in method.options),
        returns=returns,
        parse=model_annotation(method.result),
        overloads=overloads,
        iterator=iterator or None,
    )


def groups(
    surface: clients.Surface, typed: frozenset[str] = frozenset()
) -> list[clients.SpelledGroup]:
    """One class per tag: its attribute, its classes (sync, async and their raw-answer twins)
    and its methods, in the API's order; `typed`: the body forms bodies.py defines."""
    attrs, classes, out = Names({"close", "with_options", "check", "bulk_check"}), Names(), []
    for group in surface.groups:
        attr = attrs.take(py_name(group.client), "api")
        sync = classes.take(class_name(attr, "Api"), "Group")
        asynchronous = classes.take(f"Async{sync}", "Group")
        names = Names({"close", "with_response"})
        out.append(
            clients.SpelledGroup(
                name=attr,
                classes={
                    "sync": sync,
                    "async": asynchronous,
                    "sync_raw": classes.take(f"{sync}WithResponse", "Group"),
                    "async_raw": classes.take(f"{asynchronous}WithResponse", "Group"),
                },
                doc=py_docstring(group.summary),
                methods=tuple(
                    _created(_method(m, names, surface.config.error_class, typed), attr, classes)
                    for m in group.methods
                ),
            )
        )
    return _qualified(out)


def _created(m: clients.SpelledMethod, group: str, classes: Names) -> clients.SpelledMethod:
    """A create-or-replace answers a named tuple: the object and whether it was created."""
    if not m.created_field:
        return m
    return m._replace(created=classes.take(class_name(f"{group}_{m.name}", "Result"), "Group"))


# Builtins an annotation may name: a method of the same name (`users.list`) would shadow them in
# its class's signatures (mypy: 'Function "list" is not valid as a type').
BUILTIN_TYPES = frozenset(
    {"list", "dict", "set", "frozenset", "tuple", "type", "str", "int", "float", "bool", "bytes"}
)


def _qualified(built: list[clients.SpelledGroup]) -> list[clients.SpelledGroup]:
    """Annotations that name a builtin a method shadows spell it `builtins.<name>`."""
    shadowed = {m.name for g in built for m in g.methods} & BUILTIN_TYPES
    if not shadowed:
        return built
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")

    def fix(text: str) -> str:
        return pattern.sub(r"builtins.\1", text)

    def arg(s: clients.Spelled) -> clients.Spelled:
        return s._replace(type=fix(s.type))

    def method(m: clients.SpelledMethod) -> clients.SpelledMethod:
        it = m.iterator
        return m._replace(
            positional=tuple(map(arg, m.positional)),
            options=tuple(map(arg, m.options)),
            returns=fix(m.returns),
            overloads=tuple(
                o._replace(switch=arg(o.switch), type=fix(o.type), returns=fix(o.returns))
                for o in m.overloads
            ),
            iterator=it
            and it._replace(
                item=fix(it.item),
                page=arg(it.page),
                per_page=arg(it.per_page),
                result=fix(it.result),
            ),
        )

    return [g._replace(methods=tuple(map(method, g.methods))) for g in built]


def uses(groups: list[clients.SpelledGroup]) -> dict[str, bool]:
    """What client.py imports (only what its methods use: ruff flags the rest)."""
    methods = [m for g in groups for m in g.methods]
    flags = {f for m in methods for s in m.positional + m.options for f in s.flags}
    returns = [m.returns for m in methods] + [o.returns for m in methods for o in m.overloads]
    parses = any(m.parse for m in methods)
    return {
        "methods": bool(methods),  # an API of webhooks alone has none
        "any": ANY in returns or "any" in flags,
        "iterator": any(m.iterator for m in methods),
        "overloads": any(m.overloads for m in methods),
        "parses": parses,
        "unset": "unset" in flags,  # the UNSET default
        "unset_type": "unset_type" in flags or any(m.overloads for m in methods),  # `Unset`
        "models": parses or "models" in flags,
        "bodies": "bodies" in flags,
        "deprecated": any(m.method.deprecated for m in methods),
        "created": any(m.created for m in methods),
        "builtins": any("builtins." in t for m in methods for t in _annotations(m)),
    }


def _annotations(m: clients.SpelledMethod) -> list[str]:
    out = [m.returns, *(s.type for s in m.positional + m.options)]
    return out + [t for o in m.overloads for t in (o.type, o.returns)]


def _accepted(ref: TypeRef | None) -> str:
    """What `check` takes for a user or a resource: a string, the model, or a mapping."""
    model = f"{annotation(ref, models=True).text} | " if ref is not None else ""
    return f"str | {model}Mapping[str, Any]"


def spelled(inp: EmitInput) -> list[clients.SpelledGroup]:
    """The surface's groups in this language, spelled once per API (the client and the
    snippets page read the same)."""
    typed = frozenset(closure(inp.api.schemas.named, set(inp.api.schemas.bodies)))
    return inp.once("python.groups", lambda: groups(inp.surface(), typed))


def _bodies_in(annotation: str) -> list[str]:
    return re.findall(r"\bbodies\.(\w+)", annotation)


def snippets(inp: EmitInput) -> dict[str, str]:
    """Every operation's Python snippet (a script using the sync client), for the snippets page:
    operation name -> code."""
    package = python_of(inp.config).package
    return clients.render_snippets(inp.surface(), spelled(inp), SYNTAX, package)


def install(config: ApiConfig, version: str) -> str:
    """The one-line install of the published package."""
    return f"pip install {python_of(config).distribution}=={version}"


def install_local(folder: str) -> str:
    """The one-line install from a checkout's output folder."""
    return f"pip install ./{folder}"


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    """The `models` package (generator.emit.python.lazy) and bodies.py, from the named schemas
    alone (run before the API model is built)."""
    from generator.background import Pending

    source, enums = generate_open_models(schemas)
    # on the other core, while this splits
    bodies = Pending(lambda: generate_bodies(schemas, enums))
    models = split_models(source)
    return {
        **{f"{MODELS}/{name}": text.encode("utf-8") for name, text in models.items()},
        BODIES: bodies.result().encode("utf-8"),
    }


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    modelled = {k: v.decode("utf-8") for k, v in inp.prepared.items() if k.startswith(f"{MODELS}/")}
    models_source = "".join(modelled[k] for k in sorted(modelled))
    missing = sorted(set(api.schemas.named) - model_classes(models_source))
    if missing:
        names = ", ".join(missing[:5])
        raise SpecError(f"{api.name}: no model was generated for {len(missing)} schema(s): {names}")
    surface = inp.surface()
    built, package, version = spelled(inp), python_of(config).package, inp.version
    bodies_source = inp.prepared[BODIES].decode("utf-8")
    named = {n for g in built for m in g.methods for s in m.positional for n in _bodies_in(s.type)}
    lost = sorted(named - defined_names(bodies_source))
    if lost:
        raise SpecError(f"{api.name}: no typed body form was generated for: {', '.join(lost[:5])}")
    client_sync, client_async = config.client_class, f"Async{config.client_class}"
    created = [m.created for g in built for m in g.methods if m.created]
    defined_here = [
        client_sync,
        client_async,
        f"{config.client_class}Region",
        *created,
    ]  # client.py
    exports = [
        client_sync, client_async, config.error_class, "models", f"{config.client_class}Region",
        *created, *CORE_EXPORTS, *OPEN_EXPORTS,
    ]  # fmt: skip
    context = {
        **surface.facts(), "doc": py_docstring(f"Client for the {api.title}."),
        "version": version, "package": package, "distribution": python_of(config).distribution,
        "groups": built, "uses": uses(built), "client_sync": client_sync,
        "client_async": client_async, "core_exports": CORE_EXPORTS, "created": created,
        "client_all": sorted(defined_here, key=lambda n: all_order(n, cased=True)),
        "client_import": wrap_import(
            "from .client import " + ", ".join(sorted(defined_here, key=str.lower))
        ),
        "exports": sorted(exports, key=lambda n: (not n.isupper(), not n[0].isupper(), n)),
        "user_agent": f"{package}/{version} (apigen {__version__})",
        "models": len(api.schemas.named),
        "examples": clients.render_examples(surface, built, SYNTAX, package),
        "sdk_calls": clients.render_sdk_calls(surface, built, "python"),
        "check": clients.check_facts(surface, _accepted),
        "dependencies": [
            "httpx>=0.27,<1",
            "pydantic[email]>=2.7,<3" if "EmailStr" in models_source else "pydantic>=2.7,<3",
            "typing-extensions>=4.5,<5",  # PEP 702 `deprecated`
        ],
    }  # fmt: skip
    root = f"clients/python/{package}"
    files = {
        **{f"{root}/{name}": text for name, text in modelled.items()},
        f"{root}/{BODIES}": bodies_source,
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
