"""Go types for an API's schemas (`types.go` of the Go client): one declaration per named schema,
and one per object or union nested in it (named after its parent and field).

- an object is a struct with json tags: a required field is its type, an optional one a pointer
  (a slice, map or `any` is nil when unset) with `omitzero`, a field the schema lets be null a
  `Nullable[T]` (unset, null or a value); declared `additionalProperties` are kept in
  `AdditionalProperties` (raw JSON) beside the fields;
- a string enum is a defined string type with a constant per value (any other string still
  decodes: the API may add values); an integer enum likewise;
- oneOf / anyOf is a struct with one pointer per variant and its own JSON methods: a
  discriminator picks the variant, else the JSON's kind and a strict then a lenient decode do;
  JSON no variant takes is kept (`Raw()`) and written back as read;
- allOf is one struct of every branch's fields; arrays are slices, free-form objects
  `map[string]any`, anything unsaid `any`.

Spec text is data: names become identifiers (generator.emit.go.names), descriptions comments
and property names tags through generator.emit.go.escape.
"""

from __future__ import annotations

import re
from typing import Any

from generator.emit.go.escape import go_comment, go_string, tag_name
from generator.emit.go.spelling import go_names, pascal
from generator.model import Schemas
from generator.plan import TypeRef
from generator.schema.naming import Names
from generator.schema.nulls import object_like, split_null
from generator.schema.pointers import schema_name

SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}
# what the runtime (generator/runtime/go) exports: no generated name may take one
RUNTIME_NAMES = frozenset(
    [
        "Region",
        "Option",
        "Error",
        "ValidationIssue",
        "InvalidPathParameterError",
        "Nullable",
        "Null",
        "Value",
        "Ptr",
        "Response",
        "CheckRequest",
        "ErrClient",
        "ErrAuthentication",
        "ErrNotFound",
        "ErrConflict",
        "ErrUnprocessableEntity",
        "ErrRateLimit",
        "ErrServer",
        "ErrNetwork",
        "ErrUnexpectedResponse",
        "ErrResponseTooLarge",
        "ErrInvalidArgument",
        "WithAPIKey",
        "WithAPIKeys",
        "WithRegion",
        "WithBaseURL",
        "WithHTTPClient",
        "WithProject",
        "WithEnvironment",
        "WithMaxRetries",
        "WithTimeout",
        "WithDeadline",
        "WithBackoff",
        "WithRetryNonIdempotent",
        "WithMaxPages",
        "WithMaxResponseBytes",
        "Client",
        "New",
    ]
)


def align(rows: list[tuple[str, ...]], indent: str = "\t") -> str:
    """Consecutive lines as gofmt aligns them: every cell but the last padded to its column's
    widest plus one space (rows of one block, no comment or blank line between them)."""
    if not rows:
        return ""
    widths = [
        max(len(r[i]) for r in rows if len(r) > i + 1) for i in range(max(map(len, rows)) - 1)
    ]
    out = []
    for row in rows:
        cells = [c.ljust(widths[i] + 1) for i, c in enumerate(row[:-1])] + [row[-1]]
        out.append(indent + "".join(cells).rstrip() + "\n")
    return "".join(out)


def type_name(name: str) -> str:
    """A schema's name as a Go type: kept when it is an identifier (capitalized: exported), else
    spelled PascalCase."""
    if re.match(r"^[A-Za-z][A-Za-z0-9_]*$", name):
        return name[0].upper() + name[1:]
    return pascal(name)


def _refs(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        name = schema_name(value.get("$ref"))
        if name is not None:
            found.add(name)
        for item in value.values():
            _refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _refs(item, found)


class GoTypes:
    """JSON Schema -> Go over one API's named schemas; `names` is the package's scope."""

    def __init__(self, schemas: Schemas, names: Names | None = None) -> None:
        self.schemas = schemas
        self.names = names if names is not None else go_names(RUNTIME_NAMES)
        self.nullable_30 = not schemas.openapi.startswith("3.1")
        self.named = {n: self.names.take(type_name(n), "Schema") for n in schemas.named}
        self.kinds: dict[str, str] = {}  # Go type name -> struct, union, enum, ...
        self.decls: list[str] = []
        # what literals of these types need (generator.emit.go.literals): a struct's fields by
        # wire name (field, Go type, mode: value, pointer or nullable), a union's variants, an
        # alias's target, an enum's constants by value
        self.fields: dict[str, dict[str, tuple[str, str, str]]] = {}
        self.variants: dict[str, list[tuple[str, str, str]]] = {}
        self.aliases: dict[str, str] = {}
        self._declaring: set[int] = set()  # the inline `allOf` objects being declared now
        self.consts: dict[str, dict[Any, str]] = {}
        self._reach: dict[str, set[str]] = {}
        self._direct: dict[str, set[str]] = {}  # named schema -> the names it refers to itself
        # Go type name -> the schema it declares (the first, as the names are unique)
        self._source: dict[str, str] = {}
        for name, go in self.named.items():
            self._source.setdefault(go, name)
        self.uses_json = False  # a declaration reads encoding/json (raw JSON, JSON methods)

    # -- reading schemas

    def _target(self, schema: Any) -> Any:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 50:
            name = schema_name(schema.get("$ref"))
            if name is None or name not in self.schemas.named:
                return {}
            schema, seen = self.schemas.named[name], seen + 1
        return schema

    def _reaches(self, source: str, target: str) -> bool:
        """Whether named schema `source` refers to `target`, directly or through others."""
        if source not in self._reach:
            found: set[str] = set()
            todo = [source]
            while todo:
                name = todo.pop()
                direct = self._direct.get(name)
                if direct is None:
                    direct = self._direct[name] = set()
                    _refs(self.schemas.named.get(name), direct)
                for ref in direct - found:
                    found.add(ref)
                    todo.append(ref)
            self._reach[source] = found
        return target in self._reach[source]

    def nullable(self, schema: Any) -> tuple[Any, bool]:
        """The schema without its null, and whether it admits null."""
        return split_null(schema, self.nullable_30)

    def json_kind(self, schema: Any) -> str:
        """object, array, string, integer, number, boolean or any."""
        target, _ = self.nullable(self._target(schema))
        if not isinstance(target, dict):
            return "any"
        if "const" in target:
            return _value_kind(target["const"])
        kind = target.get("type")
        if isinstance(kind, str) and kind in (*SCALARS, "object", "array"):
            return kind
        if isinstance(target.get("enum"), list) and target["enum"]:
            kinds = {_value_kind(v) for v in target["enum"]}
            return kinds.pop() if len(kinds) == 1 else "any"
        if "properties" in target or "allOf" in target:
            return "object"
        if "items" in target:
            return "array"
        return "any"

    # -- type expressions

    def ref(self, ref: TypeRef) -> str:
        """A client plan type (a parameter's, a body's, an answer's)."""
        if ref.kind in SCALARS:
            return self.named[ref.name] if ref.name in self.named else SCALARS[ref.kind]
        if ref.kind == "model" and ref.name in self.named:
            return self.named[ref.name]
        if ref.kind == "array" and ref.items:
            return f"[]{self.ref(ref.items[0])}"
        if ref.kind == "union":
            kept = [t for t in ref.items if t.kind != "null"]
            if len(kept) == 1:
                return self.ref(kept[0])
        return "any"

    def expression(self, schema: Any, hint: str, owner: str = "") -> str:
        """A schema's Go type; objects and unions inside it are declared, named from `hint`.
        `owner`: the named schema being declared (a required field reaching it is a pointer)."""
        if schema is True or not isinstance(schema, dict) or not schema:
            return "any"
        name = schema_name(schema.get("$ref"))
        if name is not None:
            return self.named.get(name, "any")
        core, _ = self.nullable(schema)
        if core is not schema:
            return self.expression(core, hint, owner)
        if "const" in schema:
            return SCALARS.get(_value_kind(schema["const"]), "any")
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            kinds = {_value_kind(v) for v in schema["enum"]}
            return SCALARS.get(kinds.pop(), "any") if len(kinds) == 1 else "any"
        for key in ("oneOf", "anyOf"):
            branches = schema.get(key)
            if isinstance(branches, list) and branches and not schema.get("properties"):
                if len(branches) == 1:
                    return self.expression(branches[0], hint, owner)
                return self._declare_union(self.names.take(hint, "Union"), schema, key, owner)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            own = {k: v for k, v in schema.items() if k not in ("allOf", "description", "title")}
            if len(all_of) == 1 and not own.get("properties"):
                return self.expression(all_of[0], hint, owner)
            if (
                object_like(schema, self.schemas.named, self.nullable_30)
                and id(schema) not in self._declaring
            ):
                self._declaring.add(id(schema))
                try:
                    return self._declare_struct(self.names.take(hint, "Object"), schema, owner)
                finally:
                    self._declaring.discard(id(schema))
            # a `$ref` beside notes (`allOf: [{$ref: String}, {description: ...}]`, as AWS's
            # specs write every field), or an object whose merged fields reach this same
            # `allOf` again (declared inline, it would never end): the named type, as the
            # Python client reads them
            refs = [b for b in all_of if isinstance(b, dict) and "$ref" in b]
            return self.expression(refs[0], hint, owner) if len(refs) == 1 else "any"
        kind = schema.get("type")
        if isinstance(kind, list):
            return "any"
        if kind in SCALARS:
            return SCALARS[str(kind)]
        if kind == "array" or (kind is None and "items" in schema):
            items = schema.get("items")
            return f"[]{self.expression(items, hint + 'Item', owner)}"
        if kind == "object" or (
            kind is None and ("properties" in schema or "additionalProperties" in schema)
        ):
            if schema.get("properties"):
                return self._declare_struct(self.names.take(hint, "Object"), schema, owner)
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return f"map[string]{self.expression(extra, hint + 'Value', owner)}"
            return "map[string]any"
        return "any"

    # -- declarations

    def render(self) -> str:
        """Every named schema's declaration, in the document's order, and what they nest."""
        for name, schema in self.schemas.named.items():
            self._declare_named(self.named[name], schema, name)
        return "".join(self.decls)

    def _doc(self, schema: Any, fallback: str, indent: str = "") -> str:
        text = schema.get("description") if isinstance(schema, dict) else None
        doc = go_comment(f"{fallback} {text}" if text else fallback, indent)
        if isinstance(schema, dict) and schema.get("deprecated") is True:
            doc += f"{indent}//\n{indent}// Deprecated: The API marks this as deprecated.\n"
        return doc

    def _declare_named(self, go: str, schema: Any, name: str) -> None:
        core, nullable = self.nullable(schema)
        kind = self.json_kind(core) if isinstance(core, dict) and "$ref" not in core else ""
        about = f"{go} is the schema {name}."
        if isinstance(core, dict) and "$ref" not in core and not nullable:
            values = core.get("enum")
            if isinstance(values, list) and values and kind in ("string", "integer"):
                self._declare_enum(go, core, values, kind, about)
                return
            unions = [k for k in ("oneOf", "anyOf") if isinstance(core.get(k), list)]
            if unions and len(core[unions[0]]) > 1 and not core.get("properties"):
                self._declare_union(go, core, unions[0], name, about)
                return
            if core.get("properties") or (
                isinstance(core.get("allOf"), list)
                and (len(core["allOf"]) > 1 or core.get("properties"))
            ):
                self._declare_struct(go, core, name, about)
                return
        target = self.expression(core, go + "Value", name)
        if nullable:
            target = f"Nullable[{target}]"
        self.aliases[go] = target
        self.decls.append(f"\n{self._doc(schema, about)}type {go} = {target}\n")

    def _declare_enum(
        self, go: str, schema: dict[str, Any], values: list[Any], kind: str, about: str
    ) -> None:
        base = SCALARS[kind]
        out = [f"\n{self._doc(schema, about + ' Values other than its constants may come.')}"]
        out.append(f"type {go} {base}\n")
        for value in dict.fromkeys(v for v in values if _value_kind(v) == kind):
            const = self.names.take(go + (pascal(str(value)) if str(value) else "Empty"), "Value")
            self.consts.setdefault(go, {})[value] = const
            literal = go_string(value) if kind == "string" else str(value)
            out.append(f"\n// {const} is {go_comment(str(value))[3:].rstrip()}.\n")
            out.append(f"const {const} {go} = {literal}\n")
        self.kinds[go] = "enum"
        self.decls.append("".join(out))

    def _merged(
        self, schema: dict[str, Any], depth: int = 0
    ) -> tuple[dict[str, Any], set[str], Any]:
        """An object's properties, required names and additionalProperties, its allOf
        branches' merged in."""
        properties: dict[str, Any] = {}
        required: set[str] = set()
        extra = schema.get("additionalProperties")
        for branch in schema.get("allOf") or []:
            target = self._target(branch)
            if isinstance(target, dict) and depth < 20:
                found, needed, more = self._merged(target, depth + 1)
                properties.update(found)
                required |= needed
                extra = more if extra is None else extra
        own = schema.get("properties")
        if isinstance(own, dict):
            properties.update(own)
        required |= {r for r in schema.get("required") or [] if isinstance(r, str)}
        return properties, required, extra

    def _declare_struct(
        self, go: str, schema: dict[str, Any], owner: str = "", about: str = ""
    ) -> str:
        self.kinds[go] = "struct"
        record = self.fields.setdefault(go, {})
        properties, required, extra = self._merged(schema)
        keep_extra = extra is True or (isinstance(extra, dict) and extra != {})
        keep_extra |= any(not tag_name(w) for w in properties)
        fields = go_names(
            {"AdditionalProperties", "MarshalJSON", "UnmarshalJSON"} if keep_extra else set()
        )
        blocks: list[tuple[str, list[tuple[str, ...]]]] = []  # (comment, rows)
        nested_at = len(self.decls)
        known = []
        for wire, prop in properties.items():
            if not tag_name(wire):
                continue
            known.append(wire)
            field = fields.take(pascal(wire), "Field")
            core, nullable = self.nullable(prop if isinstance(prop, dict) else {})
            expression = self.expression(core, go + field, owner)
            needed = wire in required
            # a value of a type that holds this one would have no size: a pointer breaks the cycle
            cyclic = bool(owner) and self._cycle(expression, owner)
            if nullable:
                expression = f"*{expression}" if cyclic else expression
                kind = f"Nullable[{expression}]"
            elif needed:
                kind = f"*{expression}" if cyclic else expression
            elif expression == "any" or expression.startswith(("[]", "map[")):
                kind = expression
            else:
                kind = f"*{expression}"
            mode = "nullable" if nullable else "pointer" if kind.startswith("*") else "value"
            record[wire] = (field, expression, mode)
            tag = f"`json:{go_string(wire + ('' if needed else ',omitzero'))}`"
            doc = ""
            if isinstance(prop, dict) and (prop.get("description") or prop.get("deprecated")):
                doc = self._doc(prop, f"{field}:", "\t") if prop.get("description") else ""
                if prop.get("deprecated") is True and not doc:
                    doc = "\t// Deprecated: The API marks this field as deprecated.\n"
            if doc or not blocks:
                blocks.append((doc, []))
            blocks[-1][1].append((field, kind, tag))
        if keep_extra:
            self.uses_json = True
            blocks.append((
                "\t// AdditionalProperties holds the fields the schema does not name, as read.\n",
                [("AdditionalProperties", "map[string]json.RawMessage", '`json:"-"`')],
            ))  # fmt: skip
        body = "".join(doc + align(rows) for doc, rows in blocks)
        text = f"\n{self._doc(schema, about or f'{go} is a nested object.')}type {go} struct {{\n{body}}}\n"
        if keep_extra:
            names = ", ".join(f"{go_string(w)}: true" for w in known)
            text += (
                f"\nvar known{go} = map[string]bool{{{names}}}\n"
                f"\n// MarshalJSON writes the fields and AdditionalProperties beside them.\n"
                f"func (v {go}) MarshalJSON() ([]byte, error) {{\n"
                f"\ttype plain {go}\n\treturn marshalExtra(plain(v), v.AdditionalProperties)\n}}\n"
                f"\n// UnmarshalJSON reads the fields, and the others into AdditionalProperties.\n"
                f"func (v *{go}) UnmarshalJSON(data []byte) error {{\n"
                f"\ttype plain {go}\n\tvar found plain\n"
                f"\tif err := json.Unmarshal(data, &found); err != nil {{\n\t\treturn err\n\t}}\n"
                f"\textra, err := unmarshalExtra(data, known{go})\n"
                f"\tif err != nil {{\n\t\treturn err\n\t}}\n"
                f"\t*v = {go}(found)\n\tv.AdditionalProperties = extra\n\treturn nil\n}}\n"
            )
        self.decls.insert(nested_at, text)
        return go

    def _cycle(self, go: str, owner: str) -> bool:
        source = self._source.get(go)
        return source is not None and (source == owner or self._reaches(source, owner))

    def _declare_union(
        self, go: str, schema: dict[str, Any], key: str, owner: str = "", about: str = ""
    ) -> str:
        self.kinds[go] = "union"
        self.uses_json = True
        nested_at = len(self.decls)
        variants = go_names({"Raw", "MarshalJSON", "UnmarshalJSON", "raw"})
        rows: list[tuple[str, ...]] = []
        kinds: list[tuple[str, str, str]] = []  # field, Go type, JSON kind
        seen_types: set[str] = set()
        for index, branch in enumerate(schema[key]):
            expression = self.expression(branch, f"{go}Variant{index + 1}", owner)
            if expression in seen_types:
                continue
            seen_types.add(expression)
            ref = schema_name(branch.get("$ref")) if isinstance(branch, dict) else None
            kind = self.json_kind(branch)
            stem = (
                self.named.get(ref, "Value") if ref else
                {"string": "String", "integer": "Int", "number": "Float", "boolean": "Bool",
                 "array": "Array", "object": "Object"}.get(kind, "Any")
            )  # fmt: skip
            field = variants.take(stem if not stem.startswith("[]") else "Array", "Variant")
            rows.append((field, f"*{expression}"))
            kinds.append((field, expression, kind))
        rows.append(("raw", "json.RawMessage"))
        self.variants[go] = kinds
        doc = self._doc(
            schema,
            (about or f"{go} is a nested union.") + " One of its variant fields is set; JSON that"
            " no variant takes is kept as read (Raw).",
        )
        out = [f"\n{doc}type {go} struct {{\n{align(rows)}}}\n"]
        out.append(
            f"\n// MarshalJSON writes the variant that is set, else the JSON it was read from.\n"
            f"func (u {go}) MarshalJSON() ([]byte, error) {{\n\tswitch {{\n"
        )
        for field, _, _ in kinds:
            out.append(f"\tcase u.{field} != nil:\n\t\treturn json.Marshal(u.{field})\n")
        out.append("\t}\n\tif u.raw != nil {\n\t\treturn u.raw, nil\n\t}\n")
        out.append('\treturn []byte("null"), nil\n}\n')
        out.append(
            f"\n// UnmarshalJSON reads the variant the JSON is; JSON no variant takes is kept.\n"
            f"func (u *{go}) UnmarshalJSON(data []byte) error {{\n"
            f"\t*u = {go}{{raw: append(json.RawMessage(nil), data...)}}\n"
        )
        tags = self._discriminated(schema, key, kinds)
        if tags is not None:
            prop, by_field = tags
            out.append(f"\tif tag, ok := discriminatorValue(data, {go_string(prop)}); ok {{\n")
            out.append("\t\tswitch tag {\n")
            for field, values in by_field:
                expression = next(t for f, t, _ in kinds if f == field)
                out.append(f"\t\tcase {', '.join(go_string(v) for v in values)}:\n")
                out.append(f"\t\t\tvar v {expression}\n")
                out.append("\t\t\tif json.Unmarshal(data, &v) == nil {\n")
                out.append(f"\t\t\t\tu.{field} = &v\n\t\t\t}}\n")
            out.append("\t\t}\n\t\treturn nil\n\t}\n")
        out.append("\tswitch jsonKind(data) {\n")
        by_kind: dict[str, list[tuple[str, str]]] = {}
        for field, expression, kind in kinds:
            by_kind.setdefault(kind, []).append((field, expression))
        order = [("object", ["object", "any"]), ("array", ["array", "any"]),
                 ("string", ["string", "any"]), ("number", ["integer", "number", "any"]),
                 ("boolean", ["boolean", "any"])]  # fmt: skip
        for json_kind, wanted in order:
            candidates = [c for k in wanted for c in by_kind.get(k, [])]
            if not candidates:
                continue
            out.append(f'\tcase "{json_kind}":\n')
            strict = json_kind == "object" and len(candidates) > 1
            passes = (
                ("decodeStrict(data, &v)", "json.Unmarshal(data, &v) == nil")
                if strict
                else ("json.Unmarshal(data, &v) == nil",)
            )
            integers = [c for c in candidates if (c[0], c[1], "integer") in kinds]
            if json_kind == "number" and integers:
                field, expression = integers[0]
                out.append(f"\t\tif isInteger(data) {{\n\t\t\tvar v {expression}\n")
                out.append("\t\t\tif json.Unmarshal(data, &v) == nil {\n")
                out.append(f"\t\t\t\tu.{field} = &v\n\t\t\t\treturn nil\n\t\t\t}}\n\t\t}}\n")
                candidates = [c for c in candidates if c not in integers] or []
            for test in passes:
                for field, expression in candidates:
                    out.append(f"\t\tif v := new({expression}); {test.replace('&v', 'v')} {{\n")
                    out.append(f"\t\t\tu.{field} = v\n\t\t\treturn nil\n\t\t}}\n")
        out.append("\t}\n\treturn nil\n}\n")
        out.append(
            f"\n// Raw is the JSON the value was read from (nil for one built in Go).\n"
            f"func (u {go}) Raw() json.RawMessage {{\n\treturn u.raw\n}}\n"
        )
        self.decls.insert(nested_at, "".join(out))
        return go

    def _discriminated(
        self, schema: dict[str, Any], key: str, kinds: list[tuple[str, str, str]]
    ) -> tuple[str, list[tuple[str, list[str]]]] | None:
        found = schema.get("discriminator")
        if not isinstance(found, dict) or not isinstance(found.get("propertyName"), str):
            return None
        by_ref: dict[str, list[str]] = {}
        mapping = found.get("mapping")
        if isinstance(mapping, dict):
            for value, ref in mapping.items():
                name = schema_name(
                    ref if str(ref).startswith("#") else f"#/components/schemas/{ref}"
                )
                if name is not None:
                    by_ref.setdefault(name, []).append(str(value))
        branches = [
            schema_name(b.get("$ref")) if isinstance(b, dict) else None for b in schema[key]
        ]
        # A tag names one variant (Go refuses a case listed twice): the mapping's values first,
        # then a branch's own name where the mapping does not use it; a branch listed twice
        # (stream-io's `ChatEvent`: `AnyEvent` first and second) is one.
        taken = {v for values in by_ref.values() for v in values}
        out = []
        for name in dict.fromkeys(branches):
            if name is None:
                continue
            go = self.named.get(name)
            field = next((f for f, t, _ in kinds if t == go), None)
            values = by_ref.get(name) or ([name] if name not in taken else [])
            if field is not None and values:
                out.append((field, values))
        return (found["propertyName"], out) if out else None


def _value_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "any"
