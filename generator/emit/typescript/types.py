"""TypeScript types for the named schemas (`src/types.ts` of the TypeScript client, issue #15):
one exported type per normalized schema, same names as the Python models.

- a `$ref` is the named type; `allOf` an intersection; `anyOf`/`oneOf` a union, each branch of
  a discriminated one with its tag as a required literal (`({ kind: "list" } & List) | ...`);
- `enum` a union of literals, with an `as const` object of the values for a named string enum;
- objects list their properties, optional unless required (a default never makes a field
  required); free-form objects are `{ [key: string]: unknown }`, never `Record<string, never>`;
  a closed object without properties (`additionalProperties: false`) admits only `{}`:
  `{ [key: string]: never }`;
- arrays `T[]`, `prefixItems` tuples, `null` and 3.0's `nullable` as `| null`;
- no `any`: `unknown` only where the schema says nothing.

Spec text is data: property names are quoted as JSON strings when they are not identifiers, and
descriptions go into comments with `*/` broken up.
"""

from __future__ import annotations

import re
from typing import Any

from generator.escape import ts_comment, ts_jsdoc, ts_jsdoc_tagged, ts_string
from generator.model import SCHEMA_REF, Schemas
from generator.plan import TypeRef
from generator.schema.pointers import schema_name

SCALARS = {
    "string": "string",
    "integer": "number",
    "number": "number",
    "boolean": "boolean",
    "null": "null",
}
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
RESERVED = frozenset(
    [
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "new",
        "null",
        "return",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "as",
        "implements",
        "interface",
        "let",
        "package",
        "private",
        "protected",
        "public",
        "static",
        "yield",
        "any",
        "boolean",
        "number",
        "string",
        "symbol",
        "type",
        "object",
        "unknown",
        "never",
    ]
)


def type_name(name: str) -> str:
    """A schema name as a TypeScript type name (the normalized names already are identifiers)."""
    cleaned = re.sub(r"[^A-Za-z0-9_$]", "_", name) or "Schema"
    if cleaned[0].isdigit() or cleaned in RESERVED:
        cleaned = f"Schema{cleaned}"
    return cleaned


def _key(name: str) -> str:
    return name if IDENTIFIER.match(name) else ts_string(name)


def comment(text: str, indent: str) -> str:
    """A JSDoc block: nothing in `text` can end the comment (generator.escape.ts_jsdoc)."""
    return ts_jsdoc(text, indent)


class TypeScript:
    """JSON Schema -> TypeScript type expressions, over one API's named schemas."""

    def __init__(self, schemas: Schemas, prefix: str = "") -> None:
        self.schemas = schemas
        self.prefix = prefix  # how another module reaches the named types, e.g. `T.`
        self.nullable_30 = not schemas.openapi.startswith("3.1")

    def expression(self, schema: Any, indent: str = "") -> str:
        if schema is True or schema == {}:
            return "unknown"
        if schema is False:
            return "never"
        if not isinstance(schema, dict):
            return "unknown"
        out = self._core(schema, indent)
        if self.nullable_30 and schema.get("nullable") is True and out != "unknown":
            out = f"{out} | null"
        return out

    def _core(self, schema: dict[str, Any], indent: str) -> str:
        name = schema_name(schema.get("$ref"))
        if name is not None:
            return self.prefix + type_name(name)
        if "const" in schema:
            return ts_string(schema["const"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return " | ".join(dict.fromkeys(ts_string(v) for v in schema["enum"]))
        for key, joiner in (("allOf", " & "), ("anyOf", " | "), ("oneOf", " | ")):
            branches = schema.get(key)
            if isinstance(branches, list) and branches:
                tags = self._tags(schema) if key != "allOf" else {}
                parts = [
                    self._tagged(tags, b, self._wrap(self.expression(b, indent))) for b in branches
                ]
                combined = joiner.join(dict.fromkeys(parts))
                rest = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
                if rest.get("properties") or rest.get("type") == "object":
                    return f"({combined}) & {self._object(rest, indent)}"
                return combined
        kind = schema.get("type")
        if isinstance(kind, list):
            parts = [self._of_type(schema, str(k), indent) for k in kind]
            return " | ".join(dict.fromkeys(parts)) or "unknown"
        if isinstance(kind, str):
            return self._of_type(schema, kind, indent)
        if "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, indent)
        if "items" in schema or "prefixItems" in schema:
            return self._array(schema, indent)
        return "unknown"

    def _tags(self, schema: dict[str, Any]) -> dict[str, tuple[str, list[str]]]:
        """A discriminator's tags by branch reference: `$ref` -> (property, its values). The
        mapping's entries, else (as OpenAPI says) the schema's own name."""
        found = schema.get("discriminator")
        if not isinstance(found, dict) or not isinstance(found.get("propertyName"), str):
            return {}
        prop, mapping = found["propertyName"], found.get("mapping")
        out: dict[str, tuple[str, list[str]]] = {}
        if isinstance(mapping, dict):
            for value, ref in mapping.items():
                if isinstance(ref, str):
                    target = ref if ref.startswith("#") else SCHEMA_REF + ref
                    out.setdefault(target, (prop, []))[1].append(str(value))
        for branch in schema.get("oneOf") or schema.get("anyOf") or []:
            ref = branch.get("$ref") if isinstance(branch, dict) else None
            name = schema_name(ref)
            if name is not None and isinstance(ref, str) and ref not in out:
                out[ref] = (prop, [name])
        return out

    @staticmethod
    def _tagged(tags: dict[str, tuple[str, list[str]]], branch: Any, text: str) -> str:
        """A branch of a discriminated union with its tag as a required literal:
        `({ kind: "object" } & ActivityDetailsObject)`."""
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if not isinstance(ref, str) or ref not in tags:
            return text
        prop, values = tags[ref]
        literal = " | ".join(ts_string(v) for v in values)
        return f"({{ {_key(prop)}: {literal} }} & {text})"

    @staticmethod
    def _wrap(text: str) -> str:
        return (
            f"({text})" if (" | " in text or " & " in text) and not text.startswith("{") else text
        )

    def _of_type(self, schema: dict[str, Any], kind: str, indent: str) -> str:
        if kind == "object":
            return self._object(schema, indent)
        if kind == "array":
            return self._array(schema, indent)
        return SCALARS.get(kind, "unknown")

    def _array(self, schema: dict[str, Any], indent: str) -> str:
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            members = [self.expression(p, indent) for p in prefix]
            rest = schema.get("items")
            tail = (
                [f"...{self._wrap(self.expression(rest, indent))}[]"]
                if isinstance(rest, dict)
                else []
            )
            return "[" + ", ".join(members + tail) + "]"
        items = schema.get("items")
        if isinstance(items, list):  # 3.0 tuple form
            return "[" + ", ".join(self.expression(i, indent) for i in items) + "]"
        return (
            f"{self._wrap(self.expression(items, indent))}[]" if items is not None else "unknown[]"
        )

    def _object(self, schema: dict[str, Any], indent: str) -> str:
        found = schema.get("properties")
        properties: dict[str, Any] = found if isinstance(found, dict) else {}
        required = set(schema.get("required") or [])
        extra = schema.get("additionalProperties")
        inner = indent + "  "
        lines = []
        for name, prop in properties.items():
            doc = prop.get("description") if isinstance(prop, dict) else None
            optional = "" if name in required else "?"
            deprecated = isinstance(prop, dict) and prop.get("deprecated") is True
            tags = ("@deprecated The API marks this property as deprecated.",) * deprecated
            lines.append(
                ts_jsdoc_tagged(doc or "", inner, tags)
                + f"{inner}{_key(name)}{optional}: {self.expression(prop, inner)};\n"
            )
        if extra is not False and (extra is not None or not properties):
            # beside named properties the index signature must admit each of them: unknown
            typed = extra not in (None, True) and extra != {} and not properties
            value = self.expression(extra, inner) if typed else "unknown"
            lines.append(f"{inner}[key: string]: {value};\n")
        if not properties and extra is False:
            return "{ [key: string]: never }"  # closed and without properties: always `{}`
        if not properties and (not lines or lines == [f"{inner}[key: string]: unknown;\n"]):
            return "{ [key: string]: unknown }"  # free-form: any keys, values unknown
        return "{\n" + "".join(lines) + indent + "}"


def render_types(schemas: Schemas) -> str:
    """src/types.ts: one exported type per named schema, in the document's order."""
    ts = TypeScript(schemas)
    out = [f"// Types for the {ts_comment(schemas.title)}. Generated by apigen; do not edit.\n"]
    for name, schema in schemas.named.items():
        ident = type_name(name)
        doc = schema.get("description") if isinstance(schema, dict) else None
        out.append("\n" + (comment(doc, "") if doc else ""))
        out.append(f"export type {ident} = {ts.expression(schema)};\n")
        values = schema.get("enum") if isinstance(schema, dict) else None
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            # one member per distinct value (a repeated enum value would be a duplicate key)
            members = "".join(f"  {_key(v)}: {ts_string(v)},\n" for v in dict.fromkeys(values))
            out.append(f"export const {ident} = {{\n{members}}} as const;\n")
    if not schemas.named:  # a spec without schemas: still a module the client imports
        out.append("\nexport {};\n")
    return "".join(out)


PLAN_SCALARS = frozenset({"string", "integer", "number", "boolean"})


class ClientTypes:
    """The client plan's types as TypeScript, the named ones reached through `prefix` (`T.`);
    an inline body or answer schema spelled by `TypeScript`."""

    def __init__(self, schemas: Schemas, prefix: str) -> None:
        self.prefix = prefix
        self.inline = TypeScript(schemas, prefix=prefix)

    def ref(self, ref: TypeRef) -> str:
        if ref.kind in PLAN_SCALARS:
            return f"{self.prefix}{type_name(ref.name)}" if ref.name else SCALARS[ref.kind]
        if ref.kind == "model" and ref.name:
            return f"{self.prefix}{type_name(ref.name)}"
        if ref.kind == "array" and ref.items:
            inner = self.ref(ref.items[0])
            return f"({inner})[]" if " " in inner else f"{inner}[]"
        if ref.kind == "union" and ref.items:
            return " | ".join(dict.fromkeys(self.ref(t) for t in ref.items))
        if ref.kind == "null":
            return "null"
        return "unknown"

    def value(self, ref: TypeRef | None, schema: Any, indent: str) -> str:
        """A body's or an answer's type: the plan's, else the inline schema's own."""
        if ref is not None and ref.kind != "unknown":
            return self.ref(ref)
        return self.inline.expression(schema, indent) if schema is not None else "unknown"
