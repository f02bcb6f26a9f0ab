"""names: module-qualified and non-identifier component names become clean, unique ones.

FastAPI qualifies clashing pydantic models with their module: there are
`permit_backend__schemas__schema_opal_data__FullData` and
`data_generator_lib__schemas__schema_opal_data__FullData`. A name keeps only the module parts
that tell its group apart (`PermitBackendFullData`, `DataGeneratorLibFullData`), so the result
does not depend on the order of the document and never needs `Item1`-style numbering.
FastAPI's generic names (`PaginatedResult_UserRead_`) and private ones (`_TenantDetails`, PDP)
become the identifiers code generators would otherwise invent (`PaginatedResultUserRead`).
"""

from __future__ import annotations

import re
from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, unescape

PREFIX = "#/components/schemas/"
# Names a generated models module may import (typing, pydantic, uuid, decimal, enum, ipaddress,
# pathlib): a schema called so (a format-named component, `UUID`) is renamed, so that no
# client's model shadows the type its own fields use (the Python writer also aliases them).
RESERVED = frozenset(
    {
        "Any", "Annotated", "Literal", "Optional", "Union", "AnyUrl", "AnyHttpUrl",
        "AwareDatetime", "NaiveDatetime", "BaseModel", "ConfigDict", "EmailStr", "Field",
        "RootModel", "SecretStr", "Json", "UUID", "UUID1", "UUID3", "UUID4", "UUID5",
        "Decimal", "Enum", "IntEnum", "StrEnum", "IPv4Address", "IPv6Address",
        "IPv4Network", "IPv6Network", "IPv4Interface", "IPv6Interface", "IPvAnyAddress",
        "Path", "Base64Str", "Base64Bytes", "PositiveInt", "NegativeInt", "StrictStr",
        "StrictInt", "StrictBool", "StrictFloat", "StrictBytes",
    }
)  # fmt: skip


def _pascal(part: str) -> str:
    part = re.sub(r"^schemas?_", "", part)
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", part) if w)


def _segments(name: str) -> tuple[list[str], str] | None:
    if "__" not in name:
        return None
    parts = [p for p in name.split("__") if p]
    if len(parts) < 2:
        return None
    modules = [p for p in parts[:-1] if p not in ("schemas", "schema", "models")]
    return modules, parts[-1]


def _identifier(name: str) -> str:
    """`PaginatedResult_UserRead_` -> `PaginatedResultUserRead`, `_TenantDetails` -> `TenantDetails`."""
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", name) if w)


def clean_names(names: list[str]) -> dict[str, str]:
    """old -> new for every qualified or non-identifier name; clean names are kept; names that
    would still meet in a target (case-insensitively, as class, type and file names) get
    distinct ones."""
    renames = _qualified_names(names)
    taken = {renames.get(n, n) for n in names}
    for name in names:
        current = renames.get(name, name)  # a qualified name's own part may be no identifier
        if re.fullmatch(r"[A-Z][A-Za-z0-9]*", current):
            continue
        taken.discard(current)
        candidate = _identifier(current) or "Schema"
        if candidate in taken and name.startswith("_"):
            candidate = "Internal" + candidate  # a private model beside its public namesake
        if not candidate[0].isalpha():
            candidate = "Schema" + candidate  # an identifier never starts with a digit
        stem, counter = candidate, 2
        while candidate in taken:  # taken (`A/b` beside `AB`): the first free number after it
            candidate, counter = f"{stem}{counter}", counter + 1
        renames[name] = candidate
        taken.add(candidate)
    for name in names:  # a name the models module uses itself: `UUID` -> `UUIDSchema`
        current = renames.get(name, name)
        if current in RESERVED:
            candidate = current + "Schema"
            while candidate in taken:
                candidate += "_"
            renames[name] = candidate
            taken.add(candidate)
    return _apart(names, renames)


def _key(name: str) -> str:
    """What a name becomes where case and punctuation do not count (class names derived from
    it, case-insensitive file systems)."""
    return _identifier(name).lower() or name.lower()


def _apart(names: list[str], renames: dict[str, str]) -> dict[str, str]:
    """Names that meet under `_key` (`User` and `user`): the exact PascalCase one, else the
    first in sorted order, keeps its name; the others get the lowest free number."""
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(_key(renames.get(name, name)), []).append(name)
    keys = set(groups)
    out = dict(renames)
    for group in groups.values():
        if len(group) < 2:
            continue
        ordered = sorted(group, key=lambda n: (not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n), n))
        for name in ordered[1:]:
            base = _identifier(renames.get(name, name)) or "Schema"
            base = base if base[0].isalpha() else "Schema" + base
            number = 2
            while _key(f"{base}{number}") in keys:
                number += 1
            out[name] = f"{base}{number}"
            keys.add(_key(out[name]))
    return out


def _qualified_names(names: list[str]) -> dict[str, str]:
    taken = {n for n in names if _segments(n) is None}
    groups: dict[str, list[tuple[str, list[str]]]] = {}
    for name in names:
        seg = _segments(name)
        if seg is not None:
            groups.setdefault(seg[1], []).append((name, seg[0]))
    renames: dict[str, str] = {}
    for base, members in sorted(groups.items()):
        if len(members) == 1 and base not in taken:
            renames[members[0][0]] = base
            continue
        width = max(len(m) for _, m in members)
        padded = [(name, mods + [""] * (width - len(mods))) for name, mods in members]
        keep = [i for i in range(width) if len({tuple([m[i]]) for _, m in padded}) > 1]
        for name, mods in padded:
            parts = [mods[i] for i in keep] or mods
            candidate = "".join(_pascal(p) for p in parts if p) + base
            if candidate in taken:
                candidate = "".join(_pascal(p) for p in mods if p) + base
            renames[name] = candidate
    if len(set(renames.values()) | taken) != len(renames) + len(taken):
        return {}  # would collide: keep the original names rather than guess
    return renames


def _renamed(ref: Any, renames: dict[str, str]) -> str | None:
    if isinstance(ref, str) and ref.startswith(PREFIX):
        new = renames.get(unescape(ref[len(PREFIX) :]))
        if new is not None:
            return PREFIX + escape(new)
    return None


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    """Every `$ref` and discriminator mapping that names a renamed schema."""
    stack = [node]
    while stack:
        obj = stack.pop()
        if type(obj) is list:
            stack += [v for v in obj if type(v) is dict or type(v) is list]
            continue
        if "$ref" in obj:
            new = _renamed(obj["$ref"], renames)
            if new is not None:
                obj["$ref"] = new
        if "propertyName" in obj and isinstance(obj["propertyName"], str):  # a discriminator
            mapping = obj.get("mapping")
            if isinstance(mapping, dict):
                for key, target in mapping.items():
                    new = _renamed(target, renames)
                    if new is not None:
                        mapping[key] = new
        stack += [v for v in obj.values() if type(v) is dict or type(v) is list]


def names(document: Document, ctx: Context, record: Record) -> Document:
    schemas = document.get("components", {}).get("schemas")
    if not isinstance(schemas, dict):
        return document
    renames = clean_names(list(schemas))
    if not renames:
        return document
    document["components"]["schemas"] = {renames.get(k, k): v for k, v in schemas.items()}
    _rewrite_refs(document, renames)
    for old, new in sorted(renames.items()):
        record.mapping[old] = new
        record.add(f"/components/schemas/{escape(old)}", f"renamed to {new}")
    return document
