"""References and nesting: what apigen accepts in a document it does not control.

- `check_document`: one walk over the document (iterative: no recursion limit can be reached)
  that refuses nesting deeper than MAX_DEPTH levels and any `$ref` that does not resolve inside
  the document, naming the reference and the JSON pointer where it occurs (exit 4).
- `bundle`: external references are read deliberately or not at all. A `file:` URL, an absolute
  path or a URL on another origin is never read (exit 4 naming it); a relative reference from a
  local file is read from the same folder tree (one that escapes it is refused before anything
  is opened), from a URL source on the same origin through the same fetcher. What is read is
  bundled into the one document: a schema under `components/schemas`, anything else inlined.

Example values (`example`, `examples`, `default`, `const`, `enum`) are data: a `$ref` key inside
one is not a reference.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from generator.errors import SpecError
from generator.schema.naming import unique
from generator.schema.pointers import pointer, unescape
from generator.schema.text import copy_tree
from generator.spec import MAX_DEPTH

DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum"})
SCHEMA_KEYS = frozenset(
    {
        "schema",
        "schemas",
        "properties",
        "items",
        "prefixItems",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "additionalProperties",
        "patternProperties",
    }
)
SCHEMAS_REF = "#/components/schemas/"
MAP_SITES = frozenset({"properties", "patternProperties"})  # maps of schemas, not schemas

Location = tuple[str | int, ...]


def _is_data(key: Any, parent: Any) -> bool:
    """A key whose value is example data, not spec: `default` is data in a schema, but the
    default response in a `responses` map."""
    return key in DATA_KEYS and not (key == "default" and parent == "responses")


def refs_with_locations(document: Any) -> list[tuple[dict[str, Any], str, Location]]:
    """Every `{"$ref": str}` object with its location, in document order (example data left
    out). Each container is recorded as (its parent's record, its key); a location is built only
    for the references found."""
    records: list[tuple[int, Any]] = [(-1, None)]  # container -> (its parent's record, its key)
    stack: list[tuple[Any, int, Any]] = [(document, 0, None)]
    found: list[tuple[dict[str, Any], str, int]] = []
    while stack:
        node, record, parent = stack.pop()
        children = []
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                found.append((node, ref, record))
            for key, value in node.items():
                if (type(value) is dict or type(value) is list) and not _is_data(key, parent):
                    children.append((value, key))
        else:
            children = [(v, i) for i, v in enumerate(node) if type(v) is dict or type(v) is list]
        for value, key in reversed(children):
            records.append((record, key))
            stack.append((value, len(records) - 1, key))
    out = []
    for node, ref, record in found:
        location: list[Any] = []
        while record > 0:
            record, key = records[record]
            location.append(key)
        out.append((node, ref, tuple(reversed(location))))
    return out


_MISSING = object()


def _follow(document: Any, fragment: str) -> Any:
    """The node a JSON pointer fragment (`/a/b`, without `#`) names; _MISSING when none."""
    node = document
    for token in [t for t in fragment.split("/") if t]:
        key = unescape(token)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return _MISSING
    return node


def points(document: Any, ref: str) -> bool:
    """Whether a local reference (`#/a/b`), read as written, names a node of the document."""
    return _follow(document, ref[1:]) is not _MISSING


def _resolves(document: Any, ref: str) -> bool:
    """Whether a local reference names a node: its fragment read as a JSON pointer, or, with
    `%XX` in it, percent-decoded first as a URI fragment is (RFC 6901 section 6; normalize's
    `encoded-refs` then writes it plain)."""
    return points(document, ref) or ("%" in ref and points(document, unquote(ref)))


def check_document(document: Any, where: str) -> None:
    """Refuse excessive nesting and references that do not resolve (exit 4, one line)."""
    refs: set[str] = set()
    stack: list[tuple[Any, int, Any]] = [(document, 1, None)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth, parent = pop()
        if depth > MAX_DEPTH:
            raise SpecError(f"{where}: nested deeper than {MAX_DEPTH} levels (apigen's limit)")
        if type(node) is dict:
            ref = node.get("$ref")
            if type(ref) is str:
                refs.add(ref)
            for key, value in node.items():
                if (type(value) is dict or type(value) is list) and not _is_data(key, parent):
                    push((value, depth + 1, key))
        else:
            for value in node:
                if type(value) is dict or type(value) is list:
                    push((value, depth + 1, None))
    bad = sorted(
        r
        for r in refs
        if not r.startswith("#") or not _resolves(document, r) or r.rstrip("/") in CONTAINERS
    )
    if not bad:
        return
    first = bad[0]
    found = next((loc for _, ref, loc in refs_with_locations(document) if ref == first), ())
    at = pointer(*found, "$ref")
    if not first.startswith("#"):
        raise SpecError(f"{where}: external $ref {first!r} at {at} is not allowed here")
    if first.rstrip("/") in CONTAINERS:
        raise SpecError(
            f"{where}: $ref {first!r} at {at} is the whole document or a map of components, not one component"
        )
    raise SpecError(f"{where}: $ref {first!r} at {at} does not resolve in the document")


# References to a components map itself (or to the document), which no part of a spec can be:
# `#/components/schemas/` resolves, to every schema at once.
CONTAINERS = frozenset(
    {"#", "#/components"}
    | {
        f"#/components/{kind}"
        for kind in (
            "schemas", "responses", "parameters", "examples", "requestBodies", "headers",
            "securitySchemes", "links", "callbacks", "pathItems",
        )
    }
)  # fmt: skip


# --- external references -------------------------------------------------------------


class Origin(NamedTuple):
    """Where the root document came from: a local file or a URL."""

    kind: str  # file or url
    base: str  # the root file's path or the spec URL


class Bundled(NamedTuple):
    ref: str
    pointer: str
    source: str  # where it was read: a path relative to the spec's folder, or a URL
    target: str  # the local reference that replaced it, or "(inlined)"


Reader = Callable[[str], Any]  # location -> parsed document


def _origin_of(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _resolve_location(ref_uri: str, base: str, origin: Origin) -> str:
    """The file path or URL a relative reference names; SpecError when apigen will not read it."""
    if any(ord(char) < 32 or char == "\x7f" for char in ref_uri):
        raise SpecError(f"$ref {ref_uri!r}: control characters in a reference; not read")
    scheme = urlsplit(ref_uri).scheme.lower()
    if origin.kind == "url":
        target = urljoin(base, ref_uri)
        if scheme and scheme not in ("http", "https"):
            raise SpecError(f"$ref {ref_uri!r}: only http(s) references are read")
        if _origin_of(target) != _origin_of(origin.base):
            raise SpecError(f"$ref {ref_uri!r}: another origin than the spec's; not read")
        return target
    if scheme == "file":
        raise SpecError(f"$ref {ref_uri!r}: file: URLs are never read")
    if scheme or ref_uri.startswith("//"):
        raise SpecError(f"$ref {ref_uri!r}: a URL from a local spec is never read")
    if ref_uri.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", ref_uri):
        raise SpecError(f"$ref {ref_uri!r}: absolute paths are never read")
    root = _folder_of(origin.base)
    try:
        target = os.path.realpath(os.path.join(os.path.dirname(base), ref_uri))
    except (OSError, ValueError) as exc:
        raise SpecError(f"$ref {ref_uri!r}: not a usable path ({exc})") from None
    if not target.startswith(root.rstrip(os.sep) + os.sep):
        raise SpecError(f"$ref {ref_uri!r}: leaves the spec's folder {root}; not read")
    return target


@functools.lru_cache(maxsize=8)
def _folder_of(root_file: str) -> str:
    """The folder tree a local spec's references may read: its file's resolved folder."""
    return os.path.dirname(os.path.realpath(root_file))


def _fragment(document: Any, fragment: str, where: str) -> Any:
    node = _follow(document, fragment)
    if node is _MISSING:
        raise SpecError(f"$ref {where}: #{fragment} does not exist there")
    return node


def _schema_site(location: Location) -> bool:
    return any(isinstance(k, str) and k in SCHEMA_KEYS for k in location)


def _name_for(fragment: str, location: str, taken: set[str]) -> str:
    tokens = [t for t in fragment.split("/") if t]
    stem = unescape(tokens[-1]) if tokens else posixpath.basename(location).split(".")[0]
    return unique(re.sub(r"[^A-Za-z0-9_.-]", "_", stem) or "Bundled", taken)


def has_external_refs(document: Any) -> bool:
    return any(not ref.startswith("#") for _, ref, _ in refs_with_locations(document))


def bundle(document: dict[str, Any], origin: Origin, read: Reader) -> list[Bundled]:
    """Replace every external reference by a local one (schemas) or its content (the rest),
    reading only what `_resolve_location` allows. Returns what was bundled."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if not isinstance(schemas, dict):
        raise SpecError(f"{origin.base}: components/schemas is not an object")
    loaded: dict[str, Any] = {}
    named: dict[tuple[str, str], str] = {}
    records: list[Bundled] = []
    inlining: set[tuple[str, str]] = set()

    located: dict[tuple[str, str], str] = {}

    def locate(uri: str, base: str) -> str:
        """`_resolve_location`, once per reference text and folder (DigitalOcean's 2,800 files
        make 23,000 references)."""
        key = (uri, base if origin.kind == "url" else os.path.dirname(base))
        if key not in located:
            located[key] = _resolve_location(uri, base, origin)
        return located[key]

    said: dict[str, str] = {}

    def shown(location: str) -> str:
        """Where a reference was read from, as the report says it: a URL, or a path relative
        to the spec's folder (the same on every machine)."""
        if origin.kind == "url":
            return location
        if location not in said:
            said[location] = Path(os.path.relpath(location, _folder_of(origin.base))).as_posix()
        return said[location]

    def load(location: str) -> Any:
        if location not in loaded:
            loaded[location] = read(location)
        return loaded[location]

    def process(node: Any, base: str, own: Any, site: Location) -> None:
        """Rewrite the references in `node`, which sits in the document `own` read from
        `base` (the root document's local references stay as they are)."""
        for holder, ref, location in list(refs_with_locations(node)):
            uri, _, fragment = ref.partition("#")
            here = (*site, *location)
            if not uri and own is document:
                continue  # a local reference of the root document
            at = pointer(*here)
            try:
                target = locate(uri, base) if uri else base
            except SpecError as exc:
                raise SpecError(f"{exc} (at {at})") from None
            key = (target, fragment)
            source_doc = load(target) if uri else own
            content = _fragment(source_doc, fragment, ref)
            # `properties: {$ref: ...}` (DigitalOcean's spec): the reference stands for the
            # whole map of properties, as JSON Reference reads it, not for one schema
            map_site = bool(here) and here[-1] in MAP_SITES
            if not map_site and (_schema_site(here) or key in named):
                if key not in named:
                    name = _name_for(fragment, target, set(schemas))
                    named[key] = name
                    schemas[name] = copy_tree(content)
                    process(schemas[name], target, source_doc, ("components", "schemas", name))
                holder["$ref"] = SCHEMAS_REF + named[key]
                records.append(Bundled(ref, at, shown(target), holder["$ref"]))
                continue
            if key in inlining:
                raise SpecError(f"$ref {ref!r} at {at}: a reference cycle outside schemas")
            inlining.add(key)
            replacement = copy_tree(content)
            process(replacement, target, source_doc, here)
            inlining.discard(key)
            holder.pop("$ref")
            if isinstance(replacement, dict):
                holder.update({k: v for k, v in replacement.items() if k not in holder})
            elif location and not holder:  # a text or a list (DigitalOcean's tag descriptions)
                parent = node
                for step in location[:-1]:
                    parent = parent[step]
                parent[location[-1]] = replacement
            else:
                raise SpecError(
                    f"$ref {ref!r} at {at}: a {type(replacement).__name__} cannot sit here"
                )
            records.append(Bundled(ref, at, shown(target), "(inlined)"))

    try:
        process(document, origin.base, document, ())
    except SpecError as exc:
        raise SpecError(f"{origin.base}: {exc}") from None
    if not schemas:
        document["components"].pop("schemas", None)
        if not document["components"]:
            document.pop("components")
    return records
