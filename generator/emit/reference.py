"""What each operation documents on the reference page (issue #36), from the API model alone: its
parameters (a table), its request body and every documented answer as schema trees, and the
named schemas those trees link to. Plain records the template renders (HTML-escaped there):
nothing here is markup.

A tree lists an object's properties (required, nullable, deprecated, enums, defaults,
constraints, descriptions) and expands what is inline down to `MAX_DEPTH`; a named schema is a
link to its entry in the page's Schemas section, which lists each once.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from generator.model import Api, Operation, Schemas
from generator.schema.nulls import split_null
from generator.schema.pointers import schema_name

MAX_DEPTH = 4
CONSTRAINTS = (
    ("minLength", "min length"), ("maxLength", "max length"), ("minimum", "minimum"),
    ("maximum", "maximum"), ("exclusiveMinimum", "above"), ("exclusiveMaximum", "below"),
    ("minItems", "min items"), ("maxItems", "max items"), ("pattern", "pattern"),
    ("format", "format"), ("multipleOf", "multiple of"),
)  # fmt: skip


class Node(NamedTuple):
    """One property (or the root, name ""): its type as text, a link to a named schema, its
    facts, and its own properties or variants."""

    name: str
    type: str
    link: str | None  # a named schema's anchor on the page
    required: bool
    nullable: bool
    deprecated: bool
    description: str
    facts: tuple[str, ...]  # enum values, default, constraints, as text
    children: tuple[Node, ...]
    variants: str = ""  # "one of" / "any of" / "all of" when the children are variants


def _literal(value: Any) -> str:
    """A value as JSON, a whole number without its `.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)
    return json.dumps(value, ensure_ascii=False)


class Trees:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas
        # named schemas a tree links to, in first-use order, each with its anchor on the page
        self.used: dict[str, str] = {}

    def anchor(self, name: str) -> str:
        """A named schema's anchor: `schema-` and its name, made a valid and unique id."""
        if name not in self.used:
            base = "schema-" + (re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "x")
            taken = set(self.used.values())
            found, counter = base, 2
            while found in taken:
                found, counter = f"{base}-{counter}", counter + 1
            self.used[name] = found
        return self.used[name]

    def _nullable(self, schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        core, nullable = split_null(schema, not self.schemas.openapi.startswith("3.1"))
        return (core if isinstance(core, dict) else {}), nullable

    def type_text(self, schema: Any) -> tuple[str, str | None]:
        """A schema's type as a reader reads it, and the named schema it links to."""
        if not isinstance(schema, dict) or not schema:
            return "any", None
        name = schema_name(schema.get("$ref"))
        if name is not None:
            return name, self.anchor(name)
        core, _ = self._nullable(schema)
        if "const" in core:
            return f"const {_literal(core['const'])}", None
        for key, word in (("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")):
            if isinstance(core.get(key), list):
                return word, None
        kind = core.get("type")
        if kind == "array" or "items" in core:
            inner, link = self.type_text(core.get("items"))
            return f"array of {inner}", link
        if isinstance(kind, list):
            return " or ".join(str(k) for k in kind), None
        if kind == "object" or "properties" in core:
            extra = core.get("additionalProperties")
            if not core.get("properties") and isinstance(extra, dict) and extra:
                inner, link = self.type_text(extra)
                return f"map of {inner}", link
            return "object", None
        return str(kind) if isinstance(kind, str) else "any", None

    def facts(self, schema: dict[str, Any]) -> tuple[str, ...]:
        out = []
        values = schema.get("enum")
        if isinstance(values, list) and values:
            out.append("one of: " + ", ".join(_literal(v) for v in values))
        if "default" in schema:
            out.append(f"default: {_literal(schema['default'])}")
        for key, label in CONSTRAINTS:
            value = schema.get(key)
            if key in schema and not isinstance(value, dict | list | bool):
                shown = value if key == "format" else _literal(value)
                out.append(f"{label}: {shown}")
        return tuple(out)

    def node(
        self, name: str, schema: Any, required: bool, depth: int, *, expand: bool = False
    ) -> Node:
        """`expand`: a named schema at the root lists its own properties too (an operation's
        body and answers show their fields, not only their type's name)."""
        raw = schema if isinstance(schema, dict) else {}
        core, nullable = self._nullable(raw)
        kind, link = self.type_text(raw if "$ref" in raw else core)
        named = None
        if expand and link is not None:  # a named schema, or an array of one: its fields
            items = core.get("items") if "$ref" not in raw else None
            target = schema_name(items.get("$ref")) if isinstance(items, dict) else None
            named = self.schemas.named.get(target or schema_name(raw.get("$ref")) or "")
        children: tuple[Node, ...] = ()
        variants = ""
        if isinstance(named, dict):
            children, variants = self._children(self._nullable(named)[0], depth)
        elif link is None and depth < MAX_DEPTH:
            children, variants = self._children(core, depth)
        description = raw.get("description") or core.get("description") or ""
        return Node(
            name=name, type=kind, link=link, required=required, nullable=nullable,
            deprecated=raw.get("deprecated") is True, description=str(description).strip(),
            facts=self.facts(core), children=children, variants=variants,
        )  # fmt: skip

    def _children(self, core: dict[str, Any], depth: int) -> tuple[tuple[Node, ...], str]:
        for key, word in (("oneOf", "one of"), ("anyOf", "any of"), ("allOf", "all of")):
            branches = core.get(key)
            if isinstance(branches, list):
                nodes = tuple(
                    self.node(f"variant {i + 1}", b, False, depth + 1)
                    for i, b in enumerate(branches)
                )
                return nodes, word
        if core.get("type") == "array" or "items" in core:
            items = core.get("items")
            if isinstance(items, dict) and "$ref" not in items:
                inner, _ = self._nullable(items)
                return self._children(inner, depth)
            return (), ""
        properties = core.get("properties")
        if isinstance(properties, dict):
            required = set(core.get("required") or [])
            nodes = tuple(
                self.node(str(n), p, n in required, depth + 1) for n, p in properties.items()
            )
            return nodes, ""
        return (), ""


class Parameter(NamedTuple):
    name: str
    location: str
    type: str
    link: str | None
    required: bool
    deprecated: bool
    description: str
    facts: tuple[str, ...]


class Answer(NamedTuple):
    status: str
    description: str
    media_type: str | None
    tree: Node | None
    example: str | None  # the documented or built example, as indented JSON


class Documented(NamedTuple):
    parameters: tuple[Parameter, ...]
    body: Node | None
    body_media: str | None
    body_required: bool
    answers: tuple[Answer, ...]


def document(op: Operation, trees: Trees) -> Documented:
    params = []
    for p in op.parameters:
        kind, link = trees.type_text(p.schema)
        facts = trees.facts(trees._nullable(p.schema)[0] if isinstance(p.schema, dict) else {})
        text = p.description.strip()
        params.append(
            Parameter(p.name, p.location, kind, link, p.required, p.deprecated, text, facts)
        )
    body = trees.node("", op.body.schema, True, 0, expand=True) if op.body is not None else None
    answers = tuple(
        Answer(
            r.status,
            r.description.strip(),
            r.media_type,
            trees.node("", r.schema, True, 0, expand=True) if r.schema is not None else None,
            r.example_text if r.schema is not None and r.media_type else None,
        )
        for r in op.responses
    )
    return Documented(
        tuple(params),
        body,
        op.body.media_type if op.body is not None else None,
        op.body.required if op.body is not None else False,
        answers,
    )


def schema_section(api: Api, trees: Trees) -> list[tuple[str, str, Node]]:
    """(name, anchor, tree) of every named schema the page's trees link to (and those they link
    to in turn), each once, in first-use order."""
    out: list[tuple[str, str, Node]] = []
    done: set[str] = set()
    while len(done) < len(trees.used):
        for name in list(trees.used):
            if name in done:
                continue
            done.add(name)
            tree = trees.node("", api.schemas.named.get(name, {}), True, 0)
            out.append((name, trees.used[name], tree))
    return out
