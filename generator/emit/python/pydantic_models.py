"""models.py of a Python client, written by apigen from the named schemas: pydantic v2 models in
one pass over the schemas, linear in their size (datamodel-code-generator took 16 to 19 s on
GitHub's 969 schemas; this writer takes a fraction of a second).

- a named object schema is a `BaseModel` (unknown fields allowed and kept: the API may add
  some), its properties fields: a required one its type, an optional one `T | None = None` or
  its default; `allOf` one class of every branch's fields (a later branch's field over an
  earlier one's); a `$ref` alone a subclass of its target;
- a named string (integer) enum a `StrEnum` (`IntEnum`), a member per value (in a package, on
  the runtime's `OpenStrEnum` (`OpenIntEnum`): a value the API adds later is read, not
  refused); any other named schema a `RootModel` of its type;
- inline: an object with properties a nested class named after its owner and field
  (`UserReadAddress`); an enum of two or more texts (integers), in a package, a class of its
  own on the open bases, named alike (`IssueState`), except where a union's variants may be
  told apart by it (inside a union; in what a variant reaches, unless a tag every variant
  requires tells them apart; that tag): there, and for a `const`, a `Literal`; `anyOf`/`oneOf`
  a union (pydantic's smart union picks the variant; in a package, a union of objects told
  apart by a tag gets a last variant for the tags the spec does not name, the runtime's
  `UnknownVariant`), arrays `list[T]`, maps `dict[str, T]`, free-form objects
  `dict[str, Any]`, null (3.1's type list, an `anyOf` branch, 3.0's `nullable`) `| None`;
- formats: `date-time` `AwareDatetime`, `date`, `time`, `uuid` `UUID`, `uri` `AnyUrl`, `email`
  `EmailStr`, `binary` `bytes`; constraints (`minimum`, `maxLength`, a `pattern` a linear-time
  engine reads, ...) on the field they apply to, in `Field(...)`.

Spec text is data: names become identifiers (a wire name that is not one, a keyword, a name
pydantic or the annotations use, keeps its spelling as the field's `alias`), descriptions and
values are Python literals (`py_literal`, `py_string`), docstrings go through `py_docstring`."""

from __future__ import annotations

import builtins
import contextlib
import functools
import keyword
import re
from collections.abc import Iterator
from typing import Any

from generator.emit.go.spelling import pascal
from generator.emit.python.lazy import order
from generator.emit.python.text import components
from generator.escape import py_docstring, py_literal, py_string
from generator.model import Schemas
from generator.schema.draft07 import closure, references
from generator.schema.naming import snake
from generator.schema.nulls import object_like, split_null
from generator.schema.pointers import schema_name

# name -> module of what the annotations may use
IMPORTS = {
    "Annotated": "typing",
    "Any": "typing",
    "Literal": "typing",
    "cast": "typing",
    "NotRequired": "typing",
    "TypeAlias": "typing",
    "TypedDict": "typing",
    "StrEnum": "enum",
    "IntEnum": "enum",
    # the package's runtime (generator/runtime/python/_open.py), beside the models package
    "OpenStrEnum": ".._open",
    "OpenIntEnum": ".._open",
    "UnknownVariant": ".._open",
    "ClassVar": "typing",
    "TYPE_CHECKING": "typing",
    "Sequence": "collections.abc",
    # bodies.py beside an open package's models: `from . import models as _models`, for type
    # checkers only (module() writes it)
    "_models": ".",
    "date": "datetime",
    "time": "datetime",
    "UUID": "uuid",
    "AnyUrl": "pydantic",
    "AwareDatetime": "pydantic",
    "BaseModel": "pydantic",
    "ConfigDict": "pydantic",
    "EmailStr": "pydantic",
    "Field": "pydantic",
    "RootModel": "pydantic",
}
FORMATS = {
    "date-time": "AwareDatetime",
    "date": "date",
    "time": "time",
    "uuid": "UUID",
    "uri": "AnyUrl",
    "url": "AnyUrl",
    "email": "EmailStr",
    "binary": "bytes",
}
SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
# what a field may not be called: BaseModel's own attributes, and the names the annotations read
# (a field `date: date | None = None` binds `date` in the class before pydantic reads the hint)
BASEMODEL = frozenset(
    [
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    ]
)
ANNOTATION_NAMES = frozenset(["str", "int", "float", "bool", "bytes", "list", "dict", "None"])
# Python's capitalised built-in names: a schema called so (`ImportError`) is, in an annotation
# pydantic reads before the schema's class is defined, the built-in; fields read it through a
# module-level alias instead (`_ImportError = ImportError`, after the class), unknown until then.
# Those of the Python running apigen, and those newer ones add (a package may run on 3.13).
BUILTINS = frozenset(
    name for name in dir(builtins) if name[:1].isupper() and name not in ("False", "None", "True")
) | {"PythonFinalizationError"}
# constraint keyword -> Field argument, and the annotations it applies to
_NUMBER_BOUNDS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
_LENGTHS = {"minLength": "min_length", "maxLength": "max_length"}
_ITEMS = {"minItems": "min_length", "maxItems": "max_length"}


@functools.cache
def _engine_reads(pattern: str) -> bool:
    """Whether pydantic's regex engine (Rust's `regex`, linear time) compiles `pattern`: it
    refuses look-arounds and back-references, and reads some classes RE2 and JavaScript take
    (`[[A-Z]` opens a nested class). A pattern it refuses would fail the model's definition, so
    it is left out (the API still checks it)."""
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError:
        return False
    return True


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_MERGED = "\0"  # where a union's `Literal` options go, merged into one (ruff's PYI030)
Trail = tuple[str, ...]  # where an inline schema sits: its named schema, then each nested hint


class _Block:
    """One top-level definition: its name, its text, and the names its definition evaluates
    when the module runs (a base class, a `RootModel` parameter, an enum member as a default)."""

    def __init__(self, name: str, text: str, eager: set[str], late: str = "") -> None:
        self.name, self.text, self.eager = name, text, eager
        self.late = late or text  # the text when a name it evaluates comes later (quoted)


class PydanticModels:
    """JSON Schema -> pydantic v2 over one API's named schemas."""

    def __init__(
        self,
        schemas: Schemas,
        typed: bool = False,
        open_types: bool = False,
        model_enums: dict[Trail, str] | None = None,
    ) -> None:
        self.schemas = schemas
        self.typed = typed  # TypedDicts keyed by the wire names, for bodies.py
        # for bodies.py beside an open package's models: its enums' classes there (each inline
        # one by where it sits), which a key also takes (a value read from an answer, sent back)
        self.model_enums = model_enums
        self.opened: dict[Trail, str] = {}  # where an inline enum sits -> its class
        # where the schema being written sits: its named schema, then each nested class's hint
        self._trail: Trail = ()
        self._literals: dict[str, list[Any]] = {}  # a `Literal` written -> its values
        # named enums on the package runtime's open bases (a value the API adds later is read,
        # not refused) and tagged unions with a variant for the tags the spec does not name;
        # else closed, for a module that stands alone
        self.open_types = open_types
        # (owner, tag, known tags) -> the class of the union's variant the spec does not name
        self.unknown: dict[tuple[str, str, frozenset[str]], str] = {}
        self._declaring: set[int] = set()  # the inline allOf objects being written as classes
        # a name no class can have (`A/b`) gets no model: the emitter then refuses the spec
        # in one line, naming it
        self.named = {
            n: v for n, v in schemas.named.items() if n.isidentifier() and not keyword.iskeyword(n)
        }
        self.nullable_30 = not schemas.openapi.startswith("3.1")
        self.taken: set[str] = set(self.named)
        # an import a schema's name would shadow is read under an alias
        self.alias: dict[str, str] = {}
        for name in IMPORTS:
            local = name
            while local in self.taken:
                local = f"_{local}"
            self.alias[name] = local
            self.taken.add(local)
        self.used: set[str] = set()
        self.blocks: list[_Block] = []
        self.kinds: dict[str, str] = {n: self._kind(s, n) for n, s in self.named.items()}
        self.members: dict[str, dict[Any, str]] = {}  # enum class -> value -> member
        self.enum_null: set[str] = set()  # named enums that list null among their values
        self.tags = self._tags()
        self.builtin_aliases: dict[str, str] = {}  # a schema named like a built-in -> its alias
        # inline enums stay closed `Literal`s inside a union (two or more variants besides
        # null), in the named schemas a variant reaches unless a tag every variant requires
        # tells them apart, and in that tag itself: pydantic's smart union tells the variants
        # apart by them (a variant that took any text could win an object meant for another)
        self._closed = 0
        self.in_unions: set[str] = set()
        self.tag_fields: set[tuple[str, str]] = set()
        if open_types and not typed:
            self.in_unions, self.tag_fields = self._union_reach()

    @contextlib.contextmanager
    def _closing(self, when: bool) -> Iterator[None]:
        """While `when`, the inline enums written stay closed `Literal`s (see `_closed`)."""
        self._closed += when
        try:
            yield
        finally:
            self._closed -= when

    # -- helpers

    def imp(self, name: str) -> str:
        self.used.add(name)
        return self.alias[name]

    def _target(self, schema: Any) -> tuple[str | None, Any]:
        name = schema_name(schema.get("$ref")) if isinstance(schema, dict) else None
        if name is not None and name in self.named:
            return name, self.named[name]
        return None, schema

    def _tags(self) -> dict[tuple[str, str], set[str]]:
        """(variant schema, tag property) -> the tag values discriminators give the variant:
        each mapping's values, else the variant's own name (OpenAPI's implicit mapping)."""
        found: dict[tuple[str, str], set[str]] = {}
        for node in _objects(self.named):
            found_in = node.get("discriminator")
            prop = found_in.get("propertyName") if isinstance(found_in, dict) else None
            if not isinstance(prop, str):
                continue
            mapping = found_in.get("mapping") if isinstance(found_in, dict) else None
            named: dict[str, set[str]] = {}
            if isinstance(mapping, dict):
                for value, ref in mapping.items():
                    target = schema_name(ref) if isinstance(ref, str) else None
                    if target in self.named and isinstance(value, str):
                        named.setdefault(target, set()).add(value)
            for option in [*(node.get("oneOf") or []), *(node.get("anyOf") or [])]:
                target = self._ref_of(option)
                if target is not None and target not in named:
                    named[target] = {target}
            for target, values in named.items():
                found.setdefault((target, prop), set()).update(values)
        return found

    def _union_reach(self) -> tuple[set[str], set[tuple[str, str]]]:
        """(the named schemas a variant of a union told apart by shape reaches through `$ref`s:
        their inline enums stay closed; (schema, tag property) for the schemas a variant of a
        union told apart by a tag reaches: that field stays closed)."""
        seeds: set[str] = set()
        tagged: list[tuple[str, set[str]]] = []
        for node in _objects(self.named):
            for key in ("anyOf", "oneOf"):
                options = node.get(key)
                if not isinstance(options, list) or len(_variants(options)) < 2:
                    continue
                told = self._union_tag(node, options)
                if told is not None and told[2]:  # every variant requires its tag
                    tagged.append((told[0], references(options)))
                else:
                    seeds |= references(options)
        fields = {(n, tag) for tag, names in tagged for n in closure(self.named, names)}
        return set(closure(self.named, seeds)), fields

    def _ref_of(self, schema: Any) -> str | None:
        """The named schema `schema` is (a `$ref`, or FastAPI's `allOf` of one `$ref`)."""
        if not isinstance(schema, dict):
            return None
        branches = schema.get("allOf")
        if isinstance(branches, list) and len(branches) == 1 and not schema.get("properties"):
            return self._ref_of(branches[0])
        name = schema_name(schema.get("$ref"))
        return name if name in self.named else None

    def _kind(self, schema: Any, name: str) -> str:
        """model, enum (str or int), or root."""
        if not isinstance(schema, dict):
            return "root"
        core, _ = split_null(schema, self.nullable_30)
        values = core.get("enum")
        if isinstance(values, list) and values and "$ref" not in core:
            kept = [v for v in values if v is not None]
            if kept and all(isinstance(v, str) for v in kept):
                return "str-enum"
            if kept and all(isinstance(v, int) and not isinstance(v, bool) for v in kept):
                return "int-enum"
            return "root"
        if object_like(core, self.named, self.nullable_30, frozenset({name})):
            return "model"
        return "root"

    def _nested_name(self, owner: str, hint: str) -> str:
        base = f"{owner}{pascal(hint)}"
        name, counter = base, 1
        while name in self.taken:
            name, counter = f"{base}{counter}", counter + 1
        self.taken.add(name)
        return name

    # -- annotations

    def ann(self, schema: Any, owner: str, hint: str) -> str:
        """`schema`'s annotation; nested classes it needs are written on the way."""
        if not isinstance(schema, dict):
            return self.imp("Any")
        name = schema_name(schema.get("$ref"))
        if "$ref" in schema:
            if name is None or name not in self.named:
                return self.imp("Any")
            nullable = name in self.enum_null or (
                "nullable" in schema and schema["nullable"] is True and self.nullable_30
            )
            local = self._local(name)
            return f"{local} | None" if nullable else local
        core, nullable = split_null(schema, self.nullable_30)
        text = self._core(core, owner, hint)
        if nullable and text not in (self.alias["Any"], "None") and not text.endswith("| None"):
            text = f"{text} | None"
        return text

    def _literal(self, values: list[Any]) -> str | None:
        kept = [v for v in values if v is not None]
        if not kept or not all(isinstance(v, str | int) for v in kept):
            return None  # floats, objects: not Literal types
        body = ", ".join(py_literal(v) for v in dict.fromkeys(kept))
        text = f"{self.imp('Literal')}[{body}]"
        self._literals[text] = kept
        return f"{text} | None" if None in values else text

    def _core(self, schema: dict[str, Any], owner: str, hint: str) -> str:
        if "const" in schema:
            found = self._literal([schema["const"]])
            if found:
                return found
        values = schema.get("enum")
        if isinstance(values, list) and values:
            found = self._open_enum(values, owner, hint) or self._literal(values)
            opened = (self.model_enums or {}).get((*self._trail, hint))
            if found and opened:  # a body's key: the values, or the enum read from an answer
                bare = found.removesuffix(" | None")
                found = f"{bare} | {self._models()}.{opened}" + found[len(bare) :]
            if found:
                return found
        if "$ref" in schema:
            return self.ann({"$ref": schema["$ref"]}, owner, hint)
        branches = schema.get("allOf")
        if isinstance(branches, list) and branches:
            if len(branches) == 1 and not schema.get("properties"):
                return self.ann(branches[0], owner, hint)
            if (
                object_like(schema, self.named, self.nullable_30)
                and id(schema) not in self._declaring
            ):
                self._declaring.add(id(schema))
                try:
                    return self._nested(schema, owner, hint)
                finally:
                    self._declaring.discard(id(schema))
            # notes beside a `$ref`, or objects whose merged fields reach this same allOf
            # again (a class holding its own copy, without end): the one named schema
            refs = [b for b in branches if isinstance(b, dict) and "$ref" in b]
            return self.ann(refs[0], owner, hint) if len(refs) == 1 else self.imp("Any")
        properties = schema.get("properties")
        if isinstance(properties, dict) and properties:
            return self._nested(schema, owner, hint)
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if isinstance(options, list) and options:
                parts: list[str] = []
                union = len(_variants(options)) > 1
                merging: list[Any] = []  # the `Literal`s among the options: one of all their values
                with self._closing(union):
                    for index, option in enumerate(options, 1):
                        at = f"{hint}{index}" if len(options) > 1 else hint
                        for part in self.ann(option, owner, at).split(" | "):
                            if part in self._literals:
                                merging += self._literals[part]
                                part = _MERGED
                            if part not in parts:
                                parts.append(part)
                if merging:
                    merged = self._literal(merging) or self.imp("Any")
                    parts = [merged if p == _MERGED else p for p in parts]
                if self.alias["Any"] in parts:
                    return self.imp("Any")
                unknown = (
                    self._unknown_variant(schema, options, owner, hint) if self.open_types else None
                )
                if unknown is not None:
                    parts.append(unknown)
                if "None" in parts:  # None last
                    parts = [p for p in parts if p != "None"] + ["None"]
                return " | ".join(parts)
        kind = schema.get("type")
        if isinstance(kind, list):
            parts = []
            for each in kind:
                if isinstance(each, str):
                    text = self._core(dict(schema, type=each), owner, hint)
                    if text not in parts:
                        parts.append(text)
            if not parts or self.alias["Any"] in parts:
                return self.imp("Any")
            return " | ".join(sorted(parts, key=lambda p: p == "None"))
        if kind == "array":
            items = schema.get("items")
            inner = self.ann(items, owner, f"{hint}Item") if isinstance(items, dict) else None
            if inner and self._enum_items(items, hint):
                # a body's list of enums: a list read from an answer (of the models' enum) too
                return f"{self.imp('Sequence')}[{inner}]"
            return f"list[{inner or self.imp('Any')}]"
        if kind == "object" or (kind is None and "additionalProperties" in schema):
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return f"dict[str, {self.ann(extra, owner, f'{hint}Value')}]"
            return f"dict[str, {self.imp('Any')}]"
        if kind == "string":
            found = FORMATS.get(str(schema.get("format")))
            if found is None or found == "bytes":
                return found or "str"
            return self.imp(found)
        if kind in SCALARS:
            return SCALARS[kind]
        return self.imp("Any")

    def _open_enum(self, values: list[Any], owner: str, hint: str) -> str | None:
        """In a package, outside unions: an inline enum of two or more texts (integers) as a
        class of its own on the runtime's `OpenStrEnum` (`OpenIntEnum`), named after its owner
        and field (`IssueState`), so that a value the API adds later is read as a named enum's
        is; None where it stays a `Literal`."""
        if not self.open_types or self.typed or self._closed:
            return None
        given = [v for v in values if v is not None]
        if all(isinstance(v, str) for v in given):
            kind = "str-enum"
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in given):
            kind = "int-enum"
        else:
            return None  # objects, lists, floats, mixed: a `Literal` if one fits, else their type
        kept = list(dict.fromkeys(given))
        if len(kept) < 2:
            return None  # one value: a `const` in all but name
        name = self._nested_name(owner, hint)
        self._enum_block(name, kept, kind, [])
        self.opened[(*self._trail, hint)] = name
        return f"{name} | None" if None in values else name

    def _tag_values(self, variant: str | None, schema: Any, tag: str) -> list[str] | None:
        """The texts a variant's tag property allows, when they are listed: its `const` or
        `enum`, else, for plain text, the values discriminators give the variant (what the
        variant's field is written as: a `Literal` of them)."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return None
        if isinstance(schema.get("const"), str):
            return [schema["const"]]
        values = schema.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            return list(values)
        core, _ = split_null(schema, self.nullable_30)
        given = self.tags.get((variant, tag)) if variant is not None else None
        plain = core.get("type") == "string" and FORMATS.get(str(core.get("format"))) is None
        return sorted(given) if given and plain and "enum" not in core else None

    def _union_tag(
        self, schema: dict[str, Any], options: list[Any]
    ) -> tuple[str, set[str], bool] | None:
        """(the tag property, the values the variants take, whether every variant requires it)
        of a union of objects told apart by a tag property (each variant's tag a `const` or
        `enum` of texts, or the values a discriminator gives it; no two variants sharing one);
        else None."""
        objects: list[Any] = []
        variants: list[str | None] = []  # each object's named schema (a branch listed twice: once)
        for option in _variants(options):
            variant = self._ref_of(option)
            if variant is None or variant not in variants:
                objects.append(option)
                variants.append(variant)
        if len(objects) < 2 or not all(
            object_like(o, self.named, self.nullable_30) for o in objects
        ):
            return None
        fields = [self._fields(o, frozenset()) for o in objects]
        found = schema.get("discriminator")
        named = found.get("propertyName") if isinstance(found, dict) else None
        candidates = [named] if isinstance(named, str) else list(fields[0][0])
        tag = next(
            (
                p
                for p in candidates
                if isinstance(p, str)
                and all(
                    self._tag_values(v, f.get(p), p)
                    for v, (f, _) in zip(variants, fields, strict=True)
                )
            ),
            None,
        )
        if tag is None:
            return None
        known: set[str] = set()
        for variant, (each, _) in zip(variants, fields, strict=True):
            values = set(self._tag_values(variant, each[tag], tag) or ())
            if values & known:
                return None  # two variants take the same tag: it does not tell them apart
            known |= values
        return tag, known, all(tag in needed for _, needed in fields)

    def _unknown_variant(
        self, schema: dict[str, Any], options: list[Any], owner: str, hint: str
    ) -> str | None:
        """For a union of objects told apart by a tag property (`_union_tag`), the class of its
        variant the spec does not name (generator/runtime/python/_open.py: UnknownVariant),
        written once per owner, tag and known values; else None."""
        told = self._union_tag(schema, options)
        if told is None:
            return None
        tag, known, _ = told
        key = (owner, tag, frozenset(known))
        if key not in self.unknown:
            name = self._nested_name(owner, "Unknown" if hint == "Value" else f"{hint}Unknown")
            self.unknown[key] = name
            listed = ", ".join(py_literal(v) for v in sorted(known))
            doc = self._doc(
                {
                    "description": f"A variant of {owner} this client does not know (the API "
                    f"added it later): its {tag} is none of "
                    + (listed if len(known) <= 6 else f"the {len(known)} known_tags")
                    + ". Its fields are kept as they came."
                }
            )
            base, classvar = self.imp("UnknownVariant"), self.imp("ClassVar")
            text = "\n".join(
                [
                    f"class {name}({base}):",
                    *doc,
                    f"    variant_tag: {classvar}[str] = {py_literal(tag)}",
                    f"    known_tags: {classvar}[frozenset[str]] = frozenset({{{listed}}})",
                ]
            )
            self.blocks.append(_Block(name, text, set()))
        return self.unknown[key]

    # -- definitions

    def _fields(self, schema: Any, seen: frozenset[str]) -> tuple[dict[str, Any], set[str]]:
        """(properties, required) of an object schema, its `allOf` branches' first."""
        if not isinstance(schema, dict):
            return {}, set()
        name, target = self._target(schema)
        if name is not None:
            if name in seen:
                return {}, set()
            return self._fields(target, seen | {name})
        core, _ = split_null(schema, self.nullable_30)
        properties: dict[str, Any] = {}
        required: set[str] = set()
        for branch in core.get("allOf") or []:
            more, needed = self._fields(branch, seen)
            properties.update(more)
            required |= needed
        own = core.get("properties")
        if isinstance(own, dict):
            properties.update(own)
        listed = core.get("required")
        if isinstance(listed, list):
            required |= {r for r in listed if isinstance(r, str)}
        return properties, required

    def _nested(self, schema: dict[str, Any], owner: str, hint: str) -> str:
        name = self._nested_name(owner, hint)
        trail, self._trail = self._trail, (*self._trail, hint)
        try:
            self._model(name, schema, frozenset())
        finally:
            self._trail = trail
        return name

    def _enum_items(self, items: Any, hint: str) -> bool:
        """Whether a body's array takes the models' enum besides the values (its items an enum
        the models write as a class): typed as a `Sequence`, which a list of either fits."""
        if self.model_enums is None or not isinstance(items, dict):
            return False
        name = schema_name(items.get("$ref"))
        if name is not None:
            return self.kinds.get(name, "").endswith("-enum")
        return (*self._trail, f"{hint}Item") in self.model_enums

    def _models(self) -> str:
        """How bodies.py reads the models package (imported for type checkers only)."""
        return self.imp("_models")

    def _spelled(self, wire: str) -> str:
        """A field name for `wire`: itself when it can be one; else an identifier (`@type` ->
        `type`, `_id` -> `field_id`: pydantic keeps `_` names private), a keyword, one of
        BaseModel's attributes or a name the annotations read with `_` after it."""
        text = wire
        if not (wire.isidentifier() and wire.isascii()):  # ASCII: no NFKC surprise
            text = snake(wire) if re.search("[A-Za-z0-9]", wire) else ""
        if wire.startswith("_"):
            text = f"field_{text.strip('_')}".rstrip("_")
        text = text or "field"
        if text[0].isdigit():
            text = f"field_{text}"
        if (
            keyword.iskeyword(text)
            or text in BASEMODEL
            or text in ANNOTATION_NAMES
            or text in self.alias.values()
        ):
            text = f"{text}_"
        return text

    def _field_names(self, wires: list[str]) -> dict[str, str]:
        """Each property's field name, unique in its class: a name spelled as on the wire
        first, then the others (`_1`, `_2`... after a taken one)."""
        spelled = {wire: self._spelled(wire) for wire in wires}
        used = {text for wire, text in spelled.items() if text == wire}
        out: dict[str, str] = {}
        for wire, text in spelled.items():
            if text != wire:
                base, counter = text, 1
                while text in used:
                    text, counter = f"{base}_{counter}", counter + 1
                used.add(text)
            out[wire] = text
        return out

    def _default(self, value: Any, annotation: str, schema: Any) -> tuple[str, bool, str | None]:
        """(the default's text, whether pydantic must validate it into the type, the enum class
        the text reads when the module runs)."""
        if value is None:
            return "None", False, None
        name = self._ref_of(schema)
        core = annotation.removesuffix(" | None")
        if name is None and core in self.members:
            name = core  # an inline enum's own class
        if name is not None and name in self.members and value in self.members[name]:
            return f"{name}.{self.members[name][value]}", False, name
        fits = (
            (core == "str" and isinstance(value, str))
            or (core == "int" and isinstance(value, int) and not isinstance(value, bool))
            or (core == "float" and _number(value))
            or (core == "bool" and isinstance(value, bool))
            or (core.startswith(f"{self.alias['Literal']}[") and py_literal(value) in core)
            or (core.startswith("list[") and value == [])
            or (core.startswith("dict[") and value == {})
            or core == self.alias["Any"]
        )
        if fits:
            return py_literal(value), False, None
        return f"{self.imp('cast')}({self.imp('Any')}, {py_literal(value)})", True, None

    def _constraints(self, schema: Any, annotation: str) -> list[str]:
        if not isinstance(schema, dict) or "$ref" in schema:
            return []
        core, _ = split_null(schema, self.nullable_30)
        kind = annotation.removesuffix(" | None")
        out: list[str] = []
        if kind in ("int", "float"):
            for key, arg in _NUMBER_BOUNDS.items():
                bound = core.get(key)
                if kind == "int" and _number(bound) and float(bound).is_integer():
                    bound = int(bound)  # pydantic's int validator takes 64-bit integer bounds
                    if not -(2**63) <= bound < 2**63:
                        continue  # beyond what it can compare (DigitalOcean's 2**64): no bound
                if _number(bound):
                    out.append(f"{arg}={py_literal(bound)}")
        elif kind == "str":
            for key, arg in _LENGTHS.items():
                if isinstance(core.get(key), int) and not isinstance(core[key], bool):
                    out.append(f"{arg}={py_literal(core[key])}")
            pattern = core.get("pattern")
            if isinstance(pattern, str) and _engine_reads(pattern):
                out.append(f"pattern={py_string(pattern)}")
        elif kind.startswith("list["):
            for key, arg in _ITEMS.items():
                if isinstance(core.get(key), int) and not isinstance(core[key], bool):
                    out.append(f"{arg}={py_literal(core[key])}")
        return out

    def _doc(self, schema: Any) -> list[str]:
        text = schema.get("description") if isinstance(schema, dict) else None
        if not isinstance(text, str) or not text.strip():
            return []
        body = py_docstring(text.strip())
        if body.endswith("\\"):
            body += " "
        lines = body.split("\n")
        if len(lines) == 1:
            return [f'    """{body}"""']
        return [f'    """{lines[0]}', *(f"    {x}" if x else "" for x in lines[1:]), '    """']

    def _model(self, name: str, schema: Any, seen: frozenset[str]) -> None:
        properties, required = self._fields(schema, seen | {name})
        if self.typed:
            self._typed_dict(name, schema, properties, required)
            return
        eager: set[str] = set()
        lines = self._doc(schema)
        base = self.imp("BaseModel")
        ref, _ = self._target(schema)
        if ref is not None and self.kinds.get(ref) == "model":
            base = ref  # a schema that is another: its subclass
            eager.add(ref)
        config = [f"    model_config = {self.imp('ConfigDict')}(extra='allow')"]
        if base == ref:
            config, properties = [], {}
        names = self._field_names(list(properties))
        fields: list[str] = []
        for wire, prop in properties.items():
            field = names[wire]
            # a tagged union's tag: its values only
            with self._closing((name, wire) in self.tag_fields):
                annotation = self.ann(prop, name, wire)
            tags = self.tags.get((name, wire))
            if tags and annotation.removesuffix(" | None") == "str":
                # a variant's tag: its values, so that the union picks the variant by it
                annotation = annotation.replace("str", self._literal(sorted(tags)) or "str", 1)
            args = [] if field == wire else [f"alias={py_string(wire)}"]
            args += self._constraints(prop, annotation)
            described = prop.get("description") if isinstance(prop, dict) else None
            if isinstance(described, str) and described.strip():
                args.append(f"description={py_string(described.strip())}")
            default = ""
            has_default = isinstance(prop, dict) and "default" in prop
            if wire not in required or has_default:
                value = prop["default"] if has_default else None
                optional = value is None or wire not in required
                if optional and not annotation.endswith(("| None", self.alias["Any"])):
                    annotation = f"{annotation} | None"
                default_text, validate, reads = self._default(value, annotation, prop)
                if validate:
                    args.append("validate_default=True")
                if reads is not None:
                    eager.add(reads)
                default = f" = {default_text}"
            if args:
                text = f"    {field}: {self.imp('Annotated')}[{annotation}, "
                text += f"{self.imp('Field')}({', '.join(args)})]{default}"
            else:
                text = f"    {field}: {annotation}{default}"
            fields.append(text)
        if config and any(f.startswith("    model_") for f in fields):
            config[0] = config[0].replace(")", ", protected_namespaces=())")
        body = lines + config + fields
        self.blocks.append(
            _Block(name, f"class {name}({base}):\n" + "\n".join(body or ["    pass"]), eager)
        )

    def _local(self, name: str) -> str:
        """How an annotation reads the named schema `name`: by its name, or, for a model
        module's schema named like a Python built-in, by the alias written after its class."""
        if self.typed or name not in BUILTINS:
            return name
        if name not in self.builtin_aliases:
            local = f"_{name}"
            while local in self.taken:
                local = f"_{local}"
            self.taken.add(local)
            self.builtin_aliases[name] = local
        return self.builtin_aliases[name]

    def _reads(self, annotation: str) -> set[str]:
        """The classes an annotation reads (named schemas, through their aliases too, and
        nested classes): what a definition that evaluates it needs defined first."""
        names = {b: n for n, b in self.builtin_aliases.items()}
        found = {names.get(t, t) for t in re.findall(r"\b[A-Za-z_]\w*\b", annotation)}
        return found & self.taken

    def _typed_dict(
        self, name: str, schema: Any, properties: dict[str, Any], required: set[str]
    ) -> None:
        """A TypedDict: a class, or the functional form when a key is no identifier or could
        hide a name the annotations read (its values are evaluated: read as eager)."""
        ref = self._ref_of(schema)
        if ref is not None and not properties:
            self._alias(name, ref)
            return
        rows = []
        for wire, prop in properties.items():
            text = self.ann(prop, name, wire)
            rows.append((wire, text if wire in required else f"{self.imp('NotRequired')}[{text}]"))
        shadowing = self.taken | ANNOTATION_NAMES | {"TypedDict"}
        plain = all(
            w.isidentifier() and not keyword.iskeyword(w) and w not in shadowing for w, _ in rows
        )
        base = self.imp("TypedDict")
        if plain:
            lines = [f"    {w}: {t}" for w, t in rows] or ["    pass"]
            self.blocks.append(_Block(name, f"class {name}({base}):\n" + "\n".join(lines), set()))
            return
        quoted = "".join(f"    {py_string(w)}: {py_string(t)},\n" for w, t in rows)
        late = f"{name} = {base}({py_string(name)}, {{\n{quoted}}})"
        if self.model_enums is not None:  # see _alias: nothing evaluated, each value a string
            self.blocks.append(_Block(name, late, set(), late))
            return
        items = "".join(f"    {py_string(w)}: {t},\n" for w, t in rows)
        text = f"{name} = {base}({py_string(name)}, {{\n{items}}})"
        eager = self._reads(" ".join(t for _, t in rows))
        self.blocks.append(_Block(name, text, eager, late))

    def _alias(self, name: str, annotation: str) -> None:
        text = f"{name}: {self.imp('TypeAlias')} = "
        late = text + py_string(annotation)
        if self.model_enums is not None:
            # bodies.py beside a package's models, which it imports for type checkers only: an
            # alias that reads them is a string, so is every alias and functional TypedDict
            # value that reads such an alias (`X | None` of a string fails at run time), and
            # every one is, which nothing then evaluates
            self.blocks.append(_Block(name, late, set(), late))
            return
        self.blocks.append(_Block(name, text + annotation, self._reads(annotation), late))

    def _enum(self, name: str, schema: dict[str, Any], kind: str) -> None:
        core, _ = split_null(schema, self.nullable_30)
        values = [v for v in core["enum"] if v is not None]
        if None in core["enum"] or split_null(schema, self.nullable_30)[1]:
            self.enum_null.add(name)
        if self.typed:
            text = self._literal(values) or "str"
            if self.model_enums is not None:  # a body's key: the values, or the class
                text = f"{text} | {self._models()}.{name}"
            self._alias(name, text)
            return
        self._enum_block(name, values, kind, self._doc(schema))

    def _enum_block(self, name: str, values: list[Any], kind: str, doc: list[str]) -> None:
        """The class of enum `name`: a member per value (spelled as an identifier)."""
        members: dict[Any, str] = {}
        taken: set[str] = set()
        for value in dict.fromkeys(values):
            if kind == "int-enum":
                text = f"VALUE_MINUS_{-value}" if value < 0 else f"VALUE_{value}"
            else:
                text = re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", value))
                text = text.strip("_").upper() or "EMPTY"
                if text[0].isdigit():
                    text = f"VALUE_{text}"
            base, counter = text, 1
            while text in taken:
                text, counter = f"{base}_{counter}", counter + 1
            taken.add(text)
            members[value] = text
        self.members[name] = members
        parent = self.imp(
            ("Open" if self.open_types else "") + ("StrEnum" if kind == "str-enum" else "IntEnum")
        )
        lines = doc + [f"    {m} = {py_literal(v)}" for v, m in members.items()]
        self.blocks.append(_Block(name, f"class {name}({parent}):\n" + "\n".join(lines), set()))

    def _root(self, name: str, schema: Any) -> None:
        annotation = self.ann(schema, name, "Value")
        if self.typed:
            self._alias(name, annotation)
            return
        eager = self._reads(annotation)
        lines = self._doc(schema)
        lines.append(f"    root: {annotation}")
        root = self.imp("RootModel")
        body = "\n".join(lines)
        text = f"class {name}({root}[{annotation}]):\n{body}"
        self.blocks.append(
            _Block(name, text, eager, f"class {name}({root}[{py_string(annotation)}]):\n{body}")
        )

    # -- the module

    def module(self, header: str) -> str:
        for name, schema in self.named.items():
            kind = self.kinds[name]
            if kind.endswith("-enum"):
                self._trail = (name,)
                self._enum(name, schema, kind)
        enums = list(self.blocks)
        self.blocks = []
        for name, schema in self.named.items():
            kind = self.kinds[name]
            self._trail = (name,)
            with self._closing(name in self.in_unions):
                if kind == "model":
                    self._model(name, schema, frozenset())
                elif kind == "root":
                    self._root(name, schema)
        blocks = enums + self._ordered(self.blocks, {b.name for b in enums})
        if self.builtin_aliases:  # each alias after its class
            with_aliases: list[_Block] = []
            for block in blocks:
                with_aliases.append(block)
                local = self.builtin_aliases.get(block.name)
                if local is not None:
                    with_aliases.append(_Block(local, f"{local} = {block.name}", {block.name}))
            blocks = with_aliases
        checking: list[str] = []
        if "_models" in self.used:
            self.used.discard("_models")
            self.imp("TYPE_CHECKING")
            checking = [
                f"if {self.alias['TYPE_CHECKING']}:",
                f"    from . import models as {self.alias['_models']}",
            ]
        by_module: dict[str, list[str]] = {}
        for name in sorted(self.used, key=order):  # isort's: `TYPE_CHECKING`, classes, `cast`
            local = self.alias[name]
            spelled = name if local == name else f"{name} as {local}"
            by_module.setdefault(IMPORTS[name], []).append(spelled)
        stdlib = [m for m in sorted(by_module) if m != "pydantic" and not m.startswith(".")]
        imports = [f"from {m} import {', '.join(by_module[m])}" for m in stdlib]
        third = (
            [f"from pydantic import {', '.join(by_module['pydantic'])}"]
            if ("pydantic" in by_module)
            else []
        )
        relative = [
            f"from {m} import {', '.join(by_module[m])}" for m in sorted(by_module) if m[:1] == "."
        ]
        parts = [header, "from __future__ import annotations"]
        parts += ["\n".join(group) for group in (imports, third, relative, checking) if group]
        body = "\n\n\n".join(b.text for b in blocks)
        return "\n\n".join(parts) + "\n\n\n" + body + "\n"

    def _ordered(self, blocks: list[_Block], defined: set[str]) -> list[_Block]:
        """Blocks in their order, each after the blocks its definition evaluates (a base, a
        RootModel's parameter: text.components orders the graph); a block in a cycle, or
        reading one, reads the names not defined yet as forward references (its `late`)."""
        index = {b.name: i for i, b in enumerate(blocks)}
        edges = [{index[n] for n in b.eager if n in index} - {i} for i, b in enumerate(blocks)]
        component = components(edges)
        out = [blocks[i] for i in sorted(range(len(blocks)), key=lambda i: (component[i], i))]
        for block in out:
            if any(n not in defined and n in index for n in block.eager):
                block.text = block.late
            defined.add(block.name)
        return out


def _variants(options: list[Any]) -> list[Any]:
    """A union's variants besides null."""
    return [o for o in options if not (isinstance(o, dict) and o.get("type") == "null")]


def _objects(named: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every object in the named schemas, at any depth."""
    todo: list[Any] = list(named.values())
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            todo.extend(node.values())
            yield node


def write_models(
    schemas: Schemas,
    header: str,
    typed: bool = False,
    open_types: bool = False,
    model_enums: dict[Trail, str] | None = None,
) -> str:
    """The module of `schemas.named`: pydantic models, or with `typed` TypedDicts (named enums
    on the package runtime's open bases with `open_types`; a typed dict's enum key also taking
    the models' class of it with `model_enums`, the `opened` of the models' writer)."""
    return PydanticModels(schemas, typed, open_types, model_enums).module(header)
