"""The client surface (generator/emit/clients.py) is all a language needs beyond naming, type
spelling and rendering: a toy third language, written here in a few lines, renders a signature
listing of the whole control plane from it, README examples included, and agrees with the
Python and TypeScript clients on every decision (arguments, options, iterators, overloads)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import PERMIT_SPEC, ROOT

from generator.config import load_config
from generator.emit import clients
from generator.emit.python import groups as python_groups
from generator.emit.typescript import groups as typescript_groups
from generator.model import build_api
from generator.normalize import Context, normalize
from generator.plan import TypeRef, build_plan
from generator.stages import apply_overlays


def _kebab(name: str) -> str:
    return name.replace("_", "-").replace(" ", "-").lower()


def _spell(t: TypeRef | None) -> str:
    """The toy language's types: int, str, Model, [T], T|U, any."""
    if t is None:
        return "nothing"
    if t.kind == "model":
        return str(t.name)
    if t.kind == "array":
        return f"[{_spell(t.items[0])}]"
    if t.kind == "union":
        return "|".join(_spell(i) for i in t.items)
    return {"integer": "int", "number": "num", "string": "str", "boolean": "bool"}.get(
        t.kind, "any"
    )


def toy_groups(surface: clients.Surface) -> list[clients.SpelledGroup]:
    """The whole toy adapter: kebab-case names, the types above, no classes of its own."""
    out = []
    for group in surface.groups:
        methods = []
        for m in group.methods:
            made = {
                a.key: clients.Spelled(a, _kebab(a.wire or "body"), _spell(a.type))
                for a in m.arguments
            }
            it = m.iterator
            iterator = it and clients.SpelledIterator(
                f"each-{_kebab(m.op.name)}", _spell(it.item), made[it.page.key],
                made[it.per_page.key], it.skip, "", "", "",
            )  # fmt: skip
            methods.append(
                clients.SpelledMethod(
                    m, _kebab(m.op.name), m.summary,
                    tuple(made[a.key] for a in m.positional),
                    tuple(made[a.key] for a in m.options),
                    _spell(m.result), None, (), iterator or None,
                )
            )  # fmt: skip
        out.append(clients.SpelledGroup(_kebab(group.name), {}, group.summary, tuple(methods)))
    return out


TOY = clients.Syntax(
    forms={
        "iterate": "each {iterator}",
        "status": "status {raw}",
        "result": "call {call}",
        "none": "do {call}",
        "created": "made {call} {field}",
    },
    head="use {package} as {client}\n",
    raw="raw",
    call=lambda name, args, named: " ".join([name, *args, *(f"{k}:{v}" for k, v in named)]),
    literal=lambda v: json.dumps(v),
)


@pytest.fixture(scope="module")
def surface() -> clients.Surface:
    config = load_config(ROOT / "apigen.toml").apis["permit"]
    document = json.loads(PERMIT_SPEC.read_text())
    apply_overlays(config, document, "", None, False)
    api = build_api(config, normalize(document, Context(config), in_place=True).document)
    return clients.build_surface(build_plan(api), api, config)


def test_a_toy_language_renders_every_operation(surface: clients.Surface) -> None:
    built = toy_groups(surface)
    listing = [
        f"{g.name}.{m.name}({', '.join(f'{p.name}: {p.type}' for p in m.positional)}"
        f"{'; ' if m.options else ''}{', '.join(f'{o.name}?: {o.type}' for o in m.options)}) -> {m.returns}"
        for g in built
        for m in g.methods
    ]
    assert len(listing) == len(surface.api.operations) == 251
    assert "users.get-user(user-id: str; proj-id?: str, env-id?: str) -> UserRead" in listing
    iterators = [m.iterator.name for g in built for m in g.methods if m.iterator]
    assert "each-list-roles" in iterators and len(iterators) >= 8
    examples = clients.render_examples(surface, built, TOY, "toy-permit")
    assert [e["title"] for e in examples] == [t for t, _ in surface.config.examples]
    assert examples[0]["code"].startswith(
        "use toy-permit as PermitApi\ncall api.users.create-user {"
    )
    assert any(e["code"].endswith("each api.roles.each-list-roles") for e in examples)


def _decisions(built: list[Any]) -> list[tuple[Any, ...]]:
    """What every language must agree on: per method, its positional and option wires, whether
    it has an iterator and overloads."""
    return [
        (
            tuple(p.arg.key for p in m.positional),
            tuple(o.arg.key for o in m.options),
            m.iterator is not None,
            bool(m.overloads) or m.method.shape is not None,
        )
        for g in built
        for m in g.methods
    ]


def test_every_language_takes_the_same_decisions(surface: clients.Surface) -> None:
    toy = _decisions(toy_groups(surface))
    assert _decisions(python_groups(surface)) == toy
    assert _decisions(typescript_groups(surface)) == toy


def test_no_iterator_when_per_page_is_not_a_number() -> None:
    """The iterator compares a page's length with per_page: an untyped per_page gives no
    iterator in any language (the TypeScript one did not compile; found by the fuzzer)."""
    from specs import API

    def lines(per_page: dict[str, Any]) -> Any:
        item = {"type": "object", "properties": {"k": {"type": "string"}}}
        answer = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
        ok = {"description": "ok", "content": {"application/json": {"schema": answer}}}
        document = {
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/items": {"get": {
                "operationId": "list_items",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "per_page", "in": "query", "schema": per_page},
                ],
                "responses": {"200": ok},
            }}},
            "components": {"schemas": {"Item": item}},
        }  # fmt: skip
        api = build_api(API, normalize(document, Context(API), in_place=True).document)
        return clients.build_surface(build_plan(api), api, API).groups[0].methods[0].iterator

    assert lines({"type": "integer"}) is not None
    assert lines({}) is None
