"""The `models` package of a Python client: the one module pydantic_models.py writes, split so
that importing the client loads no model, and using one model loads its module and the modules
of the models it refers to, no others.

The split follows the references between the module's top-level definitions: definitions that
refer to each other in a cycle share a module (pydantic resolves their forward references in
it); a definition only one module uses (an inline enum, a nested object, a schema with one
user) joins that module; every other definition heads a module of its own, named after it
(`_user_read.py`). Merging a definition into its only user never makes two modules import each
other, so the modules import their dependencies at the top and load in any order.

`models/__init__.py` names every model: to type checkers by imports under `TYPE_CHECKING` (each
name precise, a misspelt one an error), at run time by a module `__getattr__` that imports the
home module on first use (PEP 562)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import Any

from generator.emit.python.text import (
    components,
    defines,
    reads,
    spans,
    statement_span,
    wrap_import,
)
from generator.schema.naming import unique

INIT = "__init__.py"


def _snake(name: str) -> str:
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text).lower()
    return re.sub(r"_+", "_", text).strip("_") or "model"


def _import_lines(
    header: Iterable[ast.stmt], used: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """The header's `from x import ...` lines cut to the names `used`: (stdlib, third party,
    the package's own: `from .._open import ...`)."""
    import sys

    stdlib: list[str] = []
    third: list[str] = []
    mine: list[str] = []
    for node in header:
        if not isinstance(node, ast.ImportFrom) or node.module in (None, "__future__"):
            continue
        names = [a for a in node.names if (a.asname or a.name) in used]
        if not names:
            continue
        spelled = ", ".join(
            a.name if a.asname is None else f"{a.name} as {a.asname}" for a in names
        )
        module = "." * node.level + (node.module or "")
        line = wrap_import(f"from {module} import {spelled}")
        if node.level:
            mine.append(line)
        else:
            (stdlib if module.split(".")[0] in sys.stdlib_module_names else third).append(line)
    return sorted(stdlib), sorted(third), sorted(mine)


def split_models(source: str) -> dict[str, str]:
    """`source` (models.py as generated) as the files of a `models` package: file name -> text."""
    tree = ast.parse(source)
    span = spans(source)
    body = list(tree.body)
    doc = ""
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        start, end = span(body[0])
        doc = source[start:end]
        body = body[1:]
    header = [n for n in body if isinstance(n, ast.Import | ast.ImportFrom)]
    statements = [n for n in body if not isinstance(n, ast.Import | ast.ImportFrom)]
    # one node per defining statement; a statement that defines nothing (a `model_rebuild()`
    # call) goes with the first definition it names
    home: dict[str, int] = {}
    nodes: list[list[ast.stmt]] = []
    for node in statements:
        names = defines(node)
        if names:
            for name in names:
                home[name] = len(nodes)
            nodes.append([node])
            continue
        owner = next((home[n] for n in sorted(reads(node)) if n in home), None)
        if owner is None:
            nodes.append([node])
        else:
            nodes[owner].append(node)
    refs = [set().union(*(reads(s) for s in group)) for group in nodes]
    edges = [{home[n] for n in used if n in home} - {i} for i, used in enumerate(refs)]
    component = components(edges)
    groups = max(component, default=-1) + 1
    # the components' graph: user -> dependencies (a higher number is never a dependency of
    # a lower one: text.components)
    deps: list[set[int]] = [set() for _ in range(groups)]
    for i, targets in enumerate(edges):
        deps[component[i]].update(component[t] for t in targets if component[t] != component[i])
    users: list[set[int]] = [set() for _ in range(groups)]
    for user, targets in enumerate(deps):
        for target in targets:
            users[target].add(user)
    # join each component to its only user's module, users first (highest number first)
    joined = list(range(groups))

    def find(x: int) -> int:
        while joined[x] != x:
            joined[x] = joined[joined[x]]
            x = joined[x]
        return x

    for group in range(groups - 1, -1, -1):
        owners = {find(u) for u in users[group]}
        if len(owners) == 1:
            joined[group] = owners.pop()
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        members.setdefault(find(component[i]), []).append(i)
    # modules in the order of their first definition, named after the definition the others
    # joined
    modules: dict[int, str] = {}
    taken: set[str] = {"__init__"}
    for root, indices in sorted(members.items(), key=lambda item: item[1][0]):
        heads = [i for i in indices if component[i] == root]  # what the others joined
        first = next((n for i in heads for n in defines(nodes[i][0])), "model")
        name = unique(f"_{_snake(first)}", taken, "_")  # `_x`: never a keyword
        taken.add(name)
        modules[root] = name
    module_of = {name: modules[find(component[i])] for name, i in home.items()}
    models = _model_classes(header, [group[0] for group in nodes])
    files: dict[str, str] = {}
    for root, indices in members.items():
        mine = modules[root]
        used = set().union(*(refs[i] for i in indices))
        stdlib, third, runtime = _import_lines(header, used)
        local: dict[str, list[str]] = {}
        for name in sorted(used):
            other = module_of.get(name)
            if other is not None and other != mine:
                local.setdefault(other, []).append(name)
        # the runtime's (`..`) before the siblings' (`.`), as ruff orders relative imports
        relative = runtime + [_from(f".{m}", local[m]) for m in sorted(local, key=_natural)]
        blocks = ["from __future__ import annotations"]
        blocks += ["\n".join(b) for b in (stdlib, third, relative) if b]
        texts = []
        for i in indices:
            for statement in nodes[i]:
                start, end = statement_span(statement, span)
                texts.append(source[start:end])
        # A model here that subclasses one of another module: pydantic would resolve the base's
        # forward references (its fields' types defined after it) in this module, which does
        # not import them, so the base is completed in its own module's names first.
        bases = sorted(
            {
                base
                for i in indices
                for base in _base_names(nodes[i][0])
                if base in models and module_of.get(base, mine) != mine
            },
            key=_natural,
        )
        if bases:
            blocks.append("\n".join(f"{base}.model_rebuild()" for base in bases))
        gap = "\n\n\n" if texts and texts[0].startswith(("class ", "def ", "@")) else "\n\n"
        files[f"{mine}.py"] = "\n\n".join(blocks) + gap + "\n\n\n".join(texts) + "\n"
    files[INIT] = _init(doc, module_of)
    return files


def _base_names(node: ast.stmt) -> list[str]:
    """A class statement's bases, by name (`RootModel[X]` as `RootModel`); none for others."""
    if not isinstance(node, ast.ClassDef):
        return []
    found = []
    for base in node.bases:
        named = base.value if isinstance(base, ast.Subscript) else base
        if isinstance(named, ast.Name):
            found.append(named.id)
    return found


def _model_classes(header: Iterable[ast.stmt], statements: Iterable[ast.stmt]) -> set[str]:
    """The classes defined that are pydantic models (BaseModel or RootModel, at any depth)."""
    pydantic = {
        alias.asname or alias.name
        for node in header
        if isinstance(node, ast.ImportFrom) and node.module == "pydantic"
        for alias in node.names
        if alias.name in ("BaseModel", "RootModel")
    }
    bases = {node.name: _base_names(node) for node in statements if isinstance(node, ast.ClassDef)}
    known: dict[str, bool] = {}

    def model(name: str) -> bool:
        if name in pydantic:
            return True
        if name not in known:
            known[name] = False  # a cycle of bases is no model (and cannot occur)
            known[name] = any(model(parent) for parent in bases.get(name, ()))
        return known[name]

    return {name for name in bases if model(name)}


def _natural(text: str) -> list[Any]:
    """A natural sort key (`a2` before `a10`)."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def order(name: str, cased: bool = False) -> tuple[int, list[Any], str]:
    """isort's (and ruff's) order of the names in a `from` import: constants, classes, the
    rest; each naturally, case-insensitively; `cased`: as ruff sorts `__all__` (RUF022)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, _natural(name if cased else name.lower()), name


def _from(module: str, names: Iterable[str], indent: str = "") -> str:
    line = wrap_import(f"{indent}from {module} import {', '.join(sorted(names, key=order))}")
    return line.replace("\n    ", f"\n{indent}    ").replace("\n)", f"\n{indent})")


def _init(doc: str, module_of: dict[str, str]) -> str:
    names = sorted(n for n in module_of if not n.startswith("_"))  # `_X`: an alias, unshadowed
    by_module: dict[str, list[str]] = {}
    for name in names:
        by_module.setdefault(module_of[name], []).append(name)
    lines = [
        doc or '"""Models. Generated by apigen."""',
        "",
        "from __future__ import annotations",
        "",
    ]
    lines += ["import importlib", "from typing import TYPE_CHECKING, Any", ""]
    if by_module:  # an API without models: no block (ruff's TC005 flags an empty one)
        lines += ["if TYPE_CHECKING:"]
        lines += [_from(f".{m}", by_module[m], "    ") for m in sorted(by_module, key=_natural)]
        lines += [""]
    lines += ["__all__ = ["]
    lines += [f"    {n!r}," for n in sorted(names, key=lambda n: order(n, cased=True))]
    lines += ["]", "", "# where each model is defined: imported from there on first use"]
    lines += ["_HOMES: dict[str, str] = {"]
    lines += [f"    {n!r}: {module_of[n]!r}," for n in names]
    lines += ["}", "", "", "if not TYPE_CHECKING:", ""]
    lines += [
        "    def __getattr__(name: str) -> Any:",
        "        home = _HOMES.get(name)",
        "        if home is None:",
        '            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        '        value = getattr(importlib.import_module(f"{__name__}.{home}"), name)',
        "        globals()[name] = value",
        "        return value",
        "",
        "    def __dir__() -> list[str]:",
        "        return [*globals(), *__all__]",
    ]
    return "\n".join(lines) + "\n"
