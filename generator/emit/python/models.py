"""models.py of a Python client: datamodel-code-generator as a library over the named schemas,
and the two source rewrites its output needs (defaults mypy accepts, an import block ruff accepts).
"""

from __future__ import annotations

import contextlib
import re
import sys
import warnings
from collections.abc import Iterator
from typing import Any

from generator.emit.python.text import (
    name_spans,
    renumbered,
    replaced,
    spans,
    wrap_import,
)
from generator.errors import SpecError
from generator.escape import py_docstring as py_doc
from generator.model import Schemas


@contextlib.contextmanager
def _generator_errors(title: str, error: type[Exception]) -> Iterator[None]:
    """datamodel-code-generator's own errors, as one line and the bad-spec exit code."""
    try:
        yield
    except error as exc:
        raise SpecError(f"{title}: datamodel-code-generator failed: {exc}") from None


def _generate(
    schemas: Schemas, named: dict[str, Any], header: str, model_type: str, **options: Any
) -> str:  # `named`: all of `schemas.named` or a chunk's part of it
    """datamodel-code-generator as a library over `named` (components alone, the default
    scope: leaving the paths out gives the same module a third faster; a dict, not text, so no
    second parse): no timestamp, `header` on top, its formatting pass skipped (40% of the time;
    imports are sorted by the callers). `model_type` names a DataModelType member."""
    from datamodel_code_generator import Error, InputFileType, PythonVersion, generate
    from datamodel_code_generator.enums import DataModelType

    title = schemas.title
    mark = _mark(set(schemas.named))
    with warnings.catch_warnings(), _generator_errors(title, Error):
        warnings.simplefilter("ignore")  # constraint notes it cannot express, printed per field
        source = generate(
            {
                "openapi": schemas.openapi,
                "info": {"title": title, "version": "0"},
                "paths": {},
                "components": {"schemas": _marked(named, mark)},
            },
            input_file_type=InputFileType.OpenAPI,
            output_model_type=getattr(DataModelType, model_type),
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            custom_file_header=header,
            use_standard_collections=True,
            use_union_operator=True,
            use_double_quotes=True,
            formatters=[],
            **options,
        )
    if not isinstance(source, str):
        raise SpecError(f"{title}: datamodel-code-generator produced no single module")
    return _unmarked(source, set(named), set(schemas.named), mark)


# A named schema's class is its name (the normalizer makes each name a class name). The
# generator names a nested model after its field and, when a schema has that name too, gives
# the schema's class another (GitHub's `Commit` became `CommitModel`, and `BranchShort.commit`'s
# two-field object took `Commit`): so the named schemas go in under marked names no field
# gives, and come out under their own, a nested class with a schema's name renumbered.
MARK = "ApigenNamed"
_REF = re.compile(r"^#/components/schemas/")


def _mark(names: set[str]) -> str:
    """MARK, lengthened until no schema's name holds it: a spec may name a schema
    `ApigenNamedThing` beside `Thing`."""
    mark = MARK
    while any(mark in name for name in names):
        mark += "X"
    return mark


def _marked(named: dict[str, Any], mark: str) -> dict[str, Any]:
    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(v) for v in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str) and _REF.match(ref):
            out["$ref"] = _REF.sub(f"#/components/schemas/{mark}", ref)
        return out

    return {f"{mark}{name}": walk(schema) for name, schema in named.items()}


def _unmarked(source: str, named: set[str], every: set[str], mark: str) -> str:
    """`source` with the marked names back to their own: a schema's class (of `named`) to the
    schema's name; a class the generator derived from a marked name (a oneOf variant,
    `<mark>Channel1`) to the name without the mark. A nested class named like any schema
    (`every`, those of other chunks too), or a derived one whose name is taken, is renumbered
    (`Commit` -> `Commit1`); every other name stays."""
    import ast

    if mark not in source:
        return source
    found = re.findall(r"(?m)^(?:class (\w+)\(|(\w+)(?:: TypeAlias)? = )", source)
    defined = [m[0] or m[1] for m in found]
    renames = {f"{mark}{name}": name for name in named}
    # plain names keep theirs unless a schema has it; derived ones lose the mark if free
    used = set(every) | {n for n in defined if not n.startswith(mark) and n not in every}
    for name in defined:
        if name in renames or (not name.startswith(mark) and name not in every):
            continue
        want = name.removeprefix(mark)
        renames[name] = want if want not in used else renumbered(want, used)
        used.add(renames[name])
    if all(new == old.removeprefix(mark) for old, new in renames.items()):
        return re.sub(rf"\b{mark}(\w+)", r"\1", source)  # the mark alone: it occurs nowhere else
    tree = ast.parse(source)
    span = spans(source)
    edits = [
        (start, end, renames[name])
        for node in tree.body
        for start, end, name in name_spans(source, node, span)
        if name in renames
    ]
    out = replaced(source, edits)
    # a marked name the tree holds as text (a forward reference in quotes): the same names
    return re.sub(rf"\b{mark}\w+", lambda m: renames.get(m[0], m[0].removeprefix(mark)), out)


def generate_models(schemas: Schemas) -> str:
    """models.py: pydantic v2 models of every named schema, unknown fields allowed."""
    header = f'"""Pydantic models for the {py_doc(schemas.title)}. Generated by apigen."""'
    if not schemas.named:
        return header + "\n"  # an API without schemas: nothing to model
    from generator.emit.python.chunks import generate_chunked, plan_chunks

    def run(named: dict[str, Any]) -> str:  # a chunk's run repairs its own classes
        source = _generate(
            schemas,
            named,
            header,
            "PydanticV2BaseModel",
            extra_fields="allow",
            use_annotated=True,
            field_constraints=True,
            use_schema_description=True,
            use_field_description=True,
            set_default_enum_member=True,
            capitalise_enum_members=True,
        )
        return repair_types(source)

    # a big API in chunks, on two cores (generator.emit.python.chunks)
    chunks = plan_chunks(schemas.named)
    many = len(chunks) > 1
    source = generate_chunked(schemas.named, chunks, run, header) if many else run(schemas.named)
    # the type of extra fields (`additionalProperties` with a schema) as the generator spells
    # it, in the form Python 3.9+ has (ruff's UP006)
    source = source.replace("'__pydantic_extra__': Dict[", "'__pydantic_extra__': dict[")
    return sort_imports(typed_model_defaults(unshadowed(source)))


# What a typed body form (bodies.py) leaves out of the schemas: formats (a caller writes a
# UUID or a date as the text JSON carries), documentation, and `additionalProperties: false`
# (a TypedDict literal with an unknown key is a type error already)
_BODY_DROPPED = frozenset({"format", "example", "examples", "default", "title", "description"})


_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _plain(node: Any) -> Any:
    """A schema without what a typed body form leaves out (_BODY_DROPPED), at every level
    (the names in `properties` and the other maps are kept: a field may be called
    `description`)."""
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _BODY_DROPPED or key.startswith("x-"):
            continue
        if key == "additionalProperties" and value is False:
            continue
        if key in _MAPS and isinstance(value, dict):
            out[key] = {name: _plain(v) for name, v in value.items()}
        elif key in ("enum", "const", "required"):
            out[key] = value
        else:
            out[key] = _plain(value)
    return out


def generate_bodies(schemas: Schemas) -> str:
    """bodies.py: a TypedDict (or a type alias) for each schema a request body uses and what
    those refer to, keyed by the wire names, optional keys `NotRequired`, enums as `Literal`
    (the generator's default for typed dicts): a body written as a dict is checked key by key
    (mypy rejects a misspelt one)."""
    from generator.schema.draft07 import closure

    header = (
        f'"""Typed dict forms of the {py_doc(schemas.title)} request bodies: pass one instead '
        'of its model, key by key as the API names them. Generated by apigen."""'
    )
    names = closure(schemas.named, set(schemas.bodies))
    if not names:
        return header + "\n"
    subset = {name: _plain(schemas.named[name]) for name in names}
    source = _generate(schemas, subset, header, "TypingTypedDict")
    return _spaced(sort_imports(_flattened(source)))


def _flattened(source: str) -> str:
    """Each TypedDict that inherits another (an `allOf`) written out whole instead: a child
    that makes a base's optional key required, or narrows its type, is an error to mypy as a
    subclass (`Field "name" can be deleted in base class`), and fine as a TypedDict of its
    own with the base's keys and its own."""
    import ast

    tree = ast.parse(source)
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}

    def inherits(node: ast.ClassDef) -> bool:
        return any(isinstance(b, ast.Name) and b.id in classes for b in node.bases)

    if not any(inherits(c) for c in classes.values()):
        return source

    def fields(node: ast.ClassDef, seen: frozenset[str]) -> dict[str, ast.AnnAssign]:
        found: dict[str, ast.AnnAssign] = {}
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes and base.id not in seen:
                found.update(fields(classes[base.id], seen | {node.name}))
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                found[item.target.id] = item
        return found

    parts = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and inherits(node):
            own = [i for i in node.body if isinstance(i, ast.Expr)][:1]  # its docstring
            node.body = [*own, *fields(node, frozenset()).values()] or [ast.Pass()]
            node.bases = [ast.Name("TypedDict")]
            parts.append(ast.unparse(node))
        else:
            parts.append(ast.get_source_segment(source, node) or ast.unparse(node))
    return "\n\n\n".join(parts) + "\n"


def _spaced(source: str) -> str:
    """Blank lines as ruff's isort and formatter want them: two between top-level definitions,
    after the imports two before a class and one before anything else."""
    source = re.sub(r"\n{4,}", "\n\n\n", source)
    lines = source.split("\n")
    last_import = max(
        (i for i, line in enumerate(lines) if line.startswith(("import ", "from "))), default=-1
    )
    if last_import < 0:
        return source
    rest = "\n".join(lines[last_import + 1 :]).lstrip("\n")
    gap = "\n\n\n" if rest.startswith(("class ", "def ", "@")) else "\n\n"
    return "\n".join(lines[: last_import + 1]) + gap + rest


def defined_names(source: str) -> set[str]:
    """The top-level names a generated module defines (classes, type aliases, functional
    TypedDicts)."""
    found: set[str] = set()
    for match in re.finditer(r"^(?:class (\w+)\(|(\w+): TypeAlias\b|(\w+) = )", source, re.M):
        found.update(name for name in match.groups() if name)
    return found


def repair_types(source: str) -> str:
    """Two repairs of datamodel-code-generator's output that `mypy --strict` needs on real
    specs, on one parse of the module:

    - a field a subclass narrows (allOf subclasses: Spotify's `type: Literal['episode']` over
      the base's enum, PagerDuty's contact method types) is widened in every ancestor that
      declares it to the union of the types: the narrowed type stays in the subclass, the
      override type-checks (`[assignment]`), and the base accepts what its subclasses hold,
      as it does on the wire anyway;
    - a field defaulting to None whose type does not admit None (DigitalOcean's nullable root
      list) admits it.
    """
    import ast

    tree = ast.parse(source)
    span = spans(source)

    def text(at: tuple[int, int]) -> str:
        return source[at[0] : at[1]]

    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    fields = {
        name: {
            s.target.id: span(s.annotation)
            for s in node.body
            if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)
        }
        for name, node in classes.items()
    }

    def bases(name: str) -> list[str]:
        return [b.id for b in classes[name].bases if isinstance(b, ast.Name) and b.id in classes]

    def ancestors(name: str) -> list[str]:
        out: list[str] = []
        todo = bases(name)
        while todo:
            found = todo.pop(0)
            if found not in out:
                out.append(found)
                todo += bases(found)
        return out

    wider: dict[tuple[int, int], list[str]] = {}
    for name in classes:
        for ancestor in ancestors(name):
            for field, at in fields[name].items():
                base = fields[ancestor].get(field)
                if base is not None and text(base) != text(at):
                    extra = wider.setdefault(base, [text(base)])
                    if text(at) not in extra:
                        extra.append(text(at))
    edits = {at: " | ".join(parts) for at, parts in wider.items()}

    def admit_none(inner: ast.expr) -> None:
        names = {n.id for n in ast.walk(inner) if isinstance(n, ast.Name)}
        nones = any(isinstance(n, ast.Constant) and n.value is None for n in ast.walk(inner))
        if "None" not in names and not nones and "Any" not in names:
            at = span(inner)
            edits[at] = f"{edits.get(at, text(at))} | None"

    for cls in classes.values():
        for node in cls.body:
            if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name):
                continue
            if not isinstance(node.value, ast.Constant) or node.value.value is not None:
                continue
            inner = node.annotation
            if (
                isinstance(inner, ast.Subscript)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "Annotated"
                and isinstance(inner.slice, ast.Tuple)
            ):
                inner = inner.slice.elts[0]
            admit_none(inner)
            if node.target.id == "root":  # RootModel[X]: its parameter too
                for parent in cls.bases:
                    if (
                        isinstance(parent, ast.Subscript)
                        and isinstance(parent.value, ast.Name)
                        and parent.value.id == "RootModel"
                    ):
                        admit_none(parent.slice)
    for (begin, end), replacement in sorted(edits.items(), reverse=True):
        source = source[:begin] + replacement + source[end:]
    return source


_VALIDATED_DEFAULT = "validate_default=True)] = "


def _literal_end(source: str, start: int) -> int:
    """Index just past the bracketed literal that opens at `start` (strings skipped)."""
    depth = 0
    quote: str | None = None
    index = start
    while index < len(source):
        char = source[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char in "[{(":
            depth += 1
        elif char in "]})":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError("unbalanced literal in generated models")


def unshadowed(source: str) -> str:
    """A field named like a type its class uses (EC2's `IpamPoolId: IpamPoolId | None`, then
    `SourceIpamPoolId: IpamPoolId | None`) hides the type inside the class: pydantic reads the
    annotation as `None | None` and the class cannot be defined; mypy calls it a variable. In
    such a class the type is read through a module-level alias, `_IpamPoolId`: an aliased
    import for an imported name, `_IpamPoolId = IpamPoolId` after a class of the module."""
    import ast

    fields = set(re.findall(r"(?m)^    (\w+)(?=: |\s*=)", source))
    top = set(re.findall(r"(?m)^(?:class |)(\w+)(?=\(|\s*=)", source))
    for names in re.findall(r"(?m)^from \S+ import \(?([^)\n]*(?:\n    [^)\n]*)*)", source):
        top |= {n.split(" as ")[-1].strip() for n in names.replace("\n", ",").split(",")}
    if not fields & top:
        return source  # no field is named like a module-level name
    tree = ast.parse(source)
    span = spans(source)
    defined: dict[str, ast.stmt] = {}
    imported: dict[str, ast.ImportFrom] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            defined[node.name] = node
        elif isinstance(node, ast.Assign):
            defined.update((t.id, node) for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom):
            imported.update((a.asname or a.name, node) for a in node.names)
    taken = set(defined) | set(imported)
    aliases: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        own = {
            t.id
            for item in node.body
            for t in (
                item.targets if isinstance(item, ast.Assign) else [getattr(item, "target", None)]
            )
            if isinstance(t, ast.Name)
        }
        for item in node.body:
            for ref in ast.walk(item):
                if not (
                    isinstance(ref, ast.Name) and isinstance(ref.ctx, ast.Load)
                    and ref.id in own and ref.id in taken
                ):  # fmt: skip
                    continue
                if ref.id not in aliases:
                    alias = f"_{ref.id}"
                    while alias in taken:
                        alias = f"_{alias}"
                    aliases[ref.id] = alias
                    taken.add(alias)
                start, end = span(ref)
                edits.append((start, end, aliases[ref.id]))
    if not edits:
        return source
    for name, alias in aliases.items():
        if name in imported:
            node = imported[name]
            line = f"from {node.module} import {name} as {alias}"
            edits.append((span(node)[1], span(node)[1], f"\n{line}"))
        else:
            end = span(defined[name])[1]
            edits.append((end, end, f"\n\n\n{alias} = {name}"))
    return replaced(source, edits)


def typed_model_defaults(source: str) -> str:
    """`field: Annotated[Model | None, Field(..., validate_default=True)] = {...}` is right at
    run time (pydantic validates the dict into the model) but a type error for mypy; assigning
    `Field(default=cast(Any, {...}))` keeps the behaviour and type-checks."""
    out: list[str] = []
    position = 0
    while (found := source.find(_VALIDATED_DEFAULT, position)) != -1:
        start = found + len(_VALIDATED_DEFAULT)
        if source[start] not in "[{":
            out.append(source[position:start])
            position = start
            continue
        end = _literal_end(source, start)
        literal = source[start:end]
        out.append(source[position:start])
        out.append(literal if literal in ("[]", "{}") else f"Field(default=cast(Any, {literal}))")
        position = end
    out.append(source[position:])
    result = "".join(out)
    if "cast(Any, " in result:
        result = _typing_imports(result, {"Any", "cast"})
    return result


def _typing_imports(source: str, wanted: set[str]) -> str:
    """`from typing import ...` with `wanted` among its names (the line added when missing)."""
    found = re.search(r"(?m)^from typing import (.+)$", source)
    if found is None:
        line = "from typing import " + ", ".join(sorted(wanted, key=str.lower))
        return source.replace(
            "from __future__ import annotations\n",
            f"from __future__ import annotations\n\n{line}\n",
            1,
        )
    names = {n.strip() for n in found.group(1).split(",")} | wanted
    line = "from typing import " + ", ".join(sorted(names, key=lambda n: (n[0].islower(), n)))
    return source[: found.start()] + line + source[found.end() :]


def sort_imports(source: str) -> str:
    """The import block after `from __future__ import annotations`, sorted as isort/ruff would:
    standard library, a blank line, third party; each by module name."""
    lines = source.split("\n")
    try:
        start = lines.index("from __future__ import annotations") + 1
    except ValueError:
        return source
    end = start
    while end < len(lines) and (
        lines[end].startswith(("from ", "import ")) or not lines[end].strip()
    ):
        end += 1
    while end > start and not lines[end - 1].strip():
        end -= 1  # keep the blank lines that follow the block
    block = [line for line in lines[start:end] if line]
    if not block:
        return source

    def module(line: str) -> str:
        return line.split()[1]

    stdlib = sorted(
        (x for x in block if module(x).split(".")[0] in sys.stdlib_module_names), key=module
    )
    third = sorted(
        (x for x in block if module(x).split(".")[0] not in sys.stdlib_module_names), key=module
    )
    groups = [[wrap_import(line) for line in g] for g in (stdlib, third) if g]
    sorted_block = ["", *[line for group in groups for line in [*group, ""]][:-1]]
    return "\n".join(lines[:start] + sorted_block + lines[end:])


def model_classes(models_source: str) -> set[str]:
    return set(re.findall(r"^class (\w+)\(", models_source, re.M))
