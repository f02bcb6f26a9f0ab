"""The walk over two API models: every difference as a fact (its kind, where it applies, the
flags its rule asks about, one line of Markdown and where it is). Judging is the rules table's
(generator.diff.rules); nothing here decides what breaks whom."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from generator.diff.algebra import (
    CONSTRAINTS,
    ERROR,
    REQUEST,
    RESPONSE,
    accepts,
    find_renames,
    fingerprint,
    ref_name,
    text,
    tighter,
    unwrap,
    usage,
)
from generator.escape import md_code, md_text
from generator.model import JSON_MEDIA, Api, Operation, Parameter, Response
from generator.schema.pointers import escape

OPERATION = frozenset({"operation"})


class Fact(NamedTuple):
    kind: str
    where: frozenset[str]  # operation; or request and/or response
    flags: frozenset[str]
    message: str
    location: dict[str, Any]  # method, path, client_method, schema, old/new pointer


def _flags(**named: bool) -> frozenset[str]:
    return frozenset(name.replace("_", "-") for name, on in named.items() if on)


def _schema_pointer(name: str, *more: str | int) -> str:
    return "/" + "/".join(["components", "schemas", escape(name), *(escape(str(m)) for m in more)])


_PARAMETER = re.compile(r"\{([^}]*)\}")


def _path_names(path: str) -> list[str]:
    return _PARAMETER.findall(path)


def _renamed_paths(
    gone: set[tuple[str, str]], added: set[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, str]]:
    """Old (method, path) -> new, for an operation whose path differs only in its parameters'
    names, when exactly one removed and one added operation share that shape."""

    def shape(key: tuple[str, str]) -> tuple[str, str]:
        return key[0], _PARAMETER.sub("{}", key[1])

    olds: dict[tuple[str, str], list[tuple[str, str]]] = {}
    news: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in gone:
        olds.setdefault(shape(key), []).append(key)
    for key in added:
        news.setdefault(shape(key), []).append(key)
    return {
        olds[s][0]: news[s][0]
        for s in sorted(olds.keys() & news.keys())
        if len(olds[s]) == 1 and len(news[s]) == 1
    }


def _enum_narrowed(old: Any, new: Any) -> bool:
    """A parameter's enum (or its items' enum) lost a value, or one was set: fewer values pass."""
    for before, after in ((old, new), (_items(old), _items(new))):
        was, now = _enum(before), _enum(after)
        if now is not None and (was is None or any(v not in now for v in was)):
            return True
    return False


def _items(schema: Any) -> Any:
    schema = unwrap(schema)
    return schema.get("items") if isinstance(schema, dict) else None


def _enum(schema: Any) -> list[Any] | None:
    schema = unwrap(schema)
    found = schema.get("enum") if isinstance(schema, dict) else None
    return found if isinstance(found, list) else None


def _media(media_type: str | None) -> str:
    """A media type as readers take it: parameters and case aside, every JSON one alike."""
    essence = (media_type or "").split(";", 1)[0].strip().lower()
    return "json" if JSON_MEDIA.match(essence) else essence


def _alternatives(op: Operation, api: Api) -> set[frozenset[tuple[str, ...]]]:
    """An operation's security alternatives, each the set of its schemes as they travel."""
    return {frozenset(_wire(api, name) for name in names) for names in op.requirements}


def _wire(api: Api, name: str) -> tuple[str, ...]:
    """How a scheme's credentials travel (its kind and place, its name aside); one apigen
    cannot send (HTTP digest, mutual TLS) by its name."""
    scheme = api.schemes.get(name)
    if scheme is None:
        return ("scheme", name)
    name = scheme.parameter.lower() if scheme.location == "header" else scheme.parameter
    return (scheme.kind, scheme.location, name)  # header names are read case-insensitively


def _say_wire(wire: tuple[str, ...]) -> str:
    if wire[0] == "scheme":
        return md_code(wire[1])
    return f"{wire[0]} {wire[1]} {md_code(wire[2])}" if wire[0] == "apikey" else wire[0]


class Walk:
    """Two models compared; `facts` in the order they were found. `surfaces` are the client
    languages' spellings (generator.kinds: each client kind's `sdk` module), so that a name or a
    type that changes in any one language's client counts."""

    def __init__(
        self,
        before: Api,
        after: Api,
        surfaces: list[Any],
        names: tuple[dict[str, str], dict[str, str]] = ({}, {}),
    ) -> None:
        self.before, self.after, self.surfaces = before, after, surfaces
        self.old_names, self.new_names = names  # "METHOD /path" -> "group.method"
        self.old_schemas, self.new_schemas = before.schemas.named, after.schemas.named
        self.renames = find_renames(self.old_schemas, self.new_schemas)
        self.old_usage, self.new_usage = usage(before), usage(after)
        self.facts: list[Fact] = []

    def add(
        self,
        kind: str,
        message: str,
        *,
        where: frozenset[str] = OPERATION,
        flags: frozenset[str] = frozenset(),
        **location: Any,
    ) -> None:
        self.facts.append(Fact(kind, where, flags, message, location))

    def run(self) -> list[Fact]:
        self.operations()
        self.schemas()
        return self.facts

    # operations -------------------------------------------------------------------------

    def where(self, op: Operation, names: dict[str, str] | None = None) -> dict[str, Any]:
        found = (names if names is not None else self.new_names).get(op.key)
        client = found or (self.surfaces[0].method_name(op.name) if self.surfaces else op.name)
        return {"method": op.method, "path": op.path, "client_method": client}

    @staticmethod
    def op_pointer(op: Operation, *more: str) -> str:
        return "/" + "/".join(["paths", escape(op.path), op.method, *map(escape, more)])

    def operations(self) -> None:
        old = {(o.method, o.path): o for o in self.before.operations}
        new = {(o.method, o.path): o for o in self.after.operations}
        old_names = {o.name: key for key, o in old.items()}
        # the same endpoint with its path parameters renamed (`/things/{id}` ->
        # `/things/{thing_id}`): the same URL on the wire, compared as one operation
        renamed = _renamed_paths(old.keys() - new.keys(), new.keys() - old.keys())
        for old_key, new_key in renamed.items():
            new[old_key] = new.pop(new_key)
        order = sorted(new.keys() - old.keys(), key=lambda k: (k[1], k[0]))
        for op in (new[k] for k in order):
            label = md_code(op.key)
            self.add(
                "operation-added",
                f"operation {label} added",
                new_pointer=self.op_pointer(op),
                **self.where(op),
            )
        for op in (old[k] for k in sorted(old.keys() - new.keys(), key=lambda k: (k[1], k[0]))):
            label = md_code(op.key)
            self.add(
                "operation-removed",
                f"operation {label} removed",
                old_pointer=self.op_pointer(op),
                **self.where(op, self.old_names),
            )
        for key in sorted(old.keys() & new.keys(), key=lambda k: (k[1], k[0])):
            self.operation(old[key], new[key], old_names)

    def operation(self, old: Operation, new: Operation, old_names: dict[str, Any]) -> None:
        where = {
            **self.where(new),
            "old_pointer": self.op_pointer(old),
            "new_pointer": self.op_pointer(new),
        }
        if old.path != new.path:  # its path parameters renamed (Walk.operations)
            # an old path parameter's name -> its new one
            names = dict(zip(_path_names(old.path), _path_names(new.path), strict=True))
            renames = ", ".join(f"{md_code(a)} -> {md_code(b)}" for a, b in names.items() if a != b)
            self.add(
                "path-parameter-renamed",
                f"path {md_code(old.path)} -> {md_code(new.path)}: path parameter {renames}",
                **where,
            )
            old = old._replace(
                path=new.path,
                parameters=tuple(
                    p._replace(name=names.get(p.name, p.name)) if p.location == "path" else p
                    for p in old.parameters
                ),
            )
        if old.name != new.name:
            reused = old_names.get(new.name)
            detail = ""
            if reused is not None and reused != (new.method, new.path):
                owner = f"{reused[0].upper()} {reused[1]}"
                detail = f"; the name {md_code(new.name)} belonged to {md_code(owner)}"
            self.add(
                "operation-id-reused" if detail else "operation-id-changed",
                f"operation id {md_code(old.name)} -> {md_code(new.name)}: the client method is renamed"
                + detail,
                **where,
            )
        old_client, new_client = (
            self.old_names.get(old.key),
            self.new_names.get(new.key),
        )
        if old_client and new_client and old_client != new_client:
            self.add(
                "client-method-renamed",
                f"client method {md_code(old_client)} -> {md_code(new_client)}",
                **where,
            )
        if old.tag != new.tag:
            renamed = any(s.group_name(old.tag) != s.group_name(new.tag) for s in self.surfaces)
            self.add(
                "tag-changed",
                f"tag {md_code(old.tag)} -> {md_code(new.tag)} (client group and Postman folder)",
                flags=_flags(client_name_changed=renamed),
                **where,
            )
        if new.deprecated and not old.deprecated:
            self.add("operation-deprecated", "operation deprecated", **where)
        self.security(old, new, where)
        self.parameters(old, new, where)
        self.body(old, new, where)
        self.responses(old, new, where)

    def security(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        """The credentials an operation takes: its requirement's alternatives (any one
        satisfies, each the schemes sent together) and how each scheme is sent."""
        before, after = _alternatives(old, self.before), _alternatives(new, self.after)
        public_before = not before or frozenset() in before
        public_after = not after or frozenset() in after
        if public_after:  # nobody is stranded
            if not public_before:
                self.add("security-removed", "the operation no longer needs credentials", **where)
            return
        if public_before:
            shown = " or ".join(self._credentials(a) for a in sorted(after, key=sorted))
            self.add("security-added", f"the operation now needs credentials ({shown})", **where)
            return
        # a caller holding the credentials of an old alternative is still let in by a new one
        # that asks for no more of them (compared as sent: a scheme renamed is the same scheme)
        stranded = [a for a in before if not any(b <= a for b in after)]
        if stranded:
            old_scheme = self.before.schemes.get(old.scheme or "") if old.auth else None
            new_scheme = self.after.schemes.get(new.scheme or "") if new.auth else None
            kinds = {s.kind == "basic" for s in (old_scheme, new_scheme) if s is not None}
            was = " or ".join(self._credentials(a) for a in sorted(before, key=sorted))
            now = " or ".join(self._credentials(a) for a in sorted(after, key=sorted))
            self.add(
                "security-changed",
                f"credentials {was} -> {now}",
                flags=_flags(kind_changed=len(kinds) > 1),
                **where,
            )

    @staticmethod
    def _credentials(alternative: frozenset[tuple[str, ...]]) -> str:
        """An alternative as sent: `bearer`, `apikey header X-Key`, `basic + apikey ...`."""
        return " + ".join(_say_wire(w) for w in sorted(alternative)) or "none"

    def parameters(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        before = {(p.name, p.location): p for p in old.parameters}
        after = {(p.name, p.location): p for p in new.parameters}
        for key in sorted(after.keys() - before.keys()):
            required = after[key].required
            self.add(
                "parameter-added-required" if required else "parameter-added",
                f"parameter {md_code(key[0])} ({key[1]}) added, {'required' if required else 'optional'}",
                **where,
            )
        for key in sorted(before.keys() - after.keys()):
            self.add(
                "parameter-removed",
                f"parameter {md_code(key[0])} ({key[1]}) removed: callers that pass it break",
                **where,
            )
        for key in sorted(before.keys() & after.keys()):
            self.parameter(before[key], after[key], where)

    def parameter(self, old: Parameter, new: Parameter, where: dict[str, Any]) -> None:
        label = f"parameter {md_code(old.name)} ({old.location})"
        if old.required != new.required:
            made = "required" if new.required else "optional"
            self.add(f"parameter-made-{made}", f"{label} made {made}", **where)
        old_type = fingerprint(old.schema, self.renames)
        new_type = fingerprint(new.schema, self.renames)
        if old_type != new_type:
            wider = accepts(
                new.schema, old.schema, query=new.location == "query", renames=self.renames
            )
            changed = any(
                s.param_type(self.before.schemas, old.schema)
                != s.param_type(self.after.schemas, new.schema)
                for s in self.surfaces
            )
            self.add(
                "parameter-type-widened" if wider else "parameter-type-changed",
                f"{label} type {md_code(old_type)} -> {md_code(new_type)}"
                + (" (wider: every old value still valid)" if wider else ""),
                flags=_flags(annotation_changed=changed),
                **where,
            )
        elif tighter(unwrap(new.schema) or {}, unwrap(old.schema) or {}) or _enum_narrowed(
            old.schema, new.schema
        ):
            self.add(
                "parameter-constraint-added",
                f"{label}: a constraint narrows what is accepted",
                **where,
            )
        if new.deprecated and not old.deprecated:
            self.add("parameter-deprecated", f"{label} deprecated", **where)
        if old.has_default != new.has_default or text(old.default) != text(new.default):
            before = md_code(text(old.default) if old.has_default else "(none)")
            after = md_code(text(new.default) if new.has_default else "(none)")
            self.add("parameter-default-changed", f"{label} default {before} -> {after}", **where)

    def body(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        if new.body is not None and old.body is None:
            required = new.body.required
            self.add(
                "request-body-added",
                f"request body added ({md_code(fingerprint(new.body.schema, self.renames))}), "
                f"{'required' if required else 'optional'}",
                flags=_flags(required=required),
                **where,
            )
        elif old.body is not None and new.body is None:
            self.add("request-body-removed", "request body removed", **where)
        elif old.body is not None and new.body is not None:
            if _media(old.body.media_type) != _media(new.body.media_type):
                self.add(
                    "request-body-media-type-changed",
                    f"request body {md_code(old.body.media_type)} -> "
                    f"{md_code(new.body.media_type)}: callers send the old one",
                    **where,
                )
            self.reference(
                "request body",
                old.body.schema,
                new.body.schema,
                REQUEST,
                where,
                ("requestBody", "content", new.body.media_type or ""),
            )

    def responses(self, old: Operation, new: Operation, where: dict[str, Any]) -> None:
        before = {r.status: r for r in old.responses}
        after = {r.status: r for r in new.responses}
        for status in sorted(after.keys() - before.keys()):
            response = after[status]
            shape = fingerprint(response.schema, self.renames) if response.media_type else ""
            what = md_code(shape) if response.media_type else "no content"
            self.add("response-added", f"response {md_text(status)} added ({what})", **where)
        for status in sorted(before.keys() - after.keys()):
            self.add(
                "response-removed",
                f"response {md_text(status)} removed",
                flags=_flags(success=status.startswith("2")),
                **where,
            )
        for status in sorted(before.keys() & after.keys()):
            old_r, new_r = before[status], after[status]
            # an error answer (any status but 2xx) is compared as a success answer is: a reader
            # of its body breaks alike; the generated clients hand its body over untyped
            error = not status.startswith("2")
            self.headers(status, old_r, new_r, where)
            if (
                old_r.media_type
                and new_r.media_type
                and _media(old_r.media_type) != _media(new_r.media_type)
            ):
                self.add(
                    "response-media-type-changed",
                    f"response {md_text(status)} {md_code(old_r.media_type)} -> "
                    f"{md_code(new_r.media_type)}: readers of the old one break",
                    flags=_flags(error=error),
                    **where,
                )
                continue
            if bool(old_r.media_type) != bool(new_r.media_type):
                has = "has" if new_r.media_type else "has no"
                self.add(
                    "response-changed",
                    f"response {md_text(status)} now {has} content",
                    flags=_flags(error=error),
                    **where,
                )
            elif old_r.media_type:
                self.reference(
                    f"response {status}",
                    old_r.schema,
                    new_r.schema,
                    ERROR if error else RESPONSE,
                    where,
                    ("responses", status, "content", new_r.media_type or ""),
                )

    def headers(self, status: str, old: Response, new: Response, where: dict[str, Any]) -> None:
        """A response's documented headers, by name (read case-insensitively)."""
        before = {h.name.lower(): h for h in old.headers}
        after = {h.name.lower(): h for h in new.headers}
        for name in sorted(before.keys() - after.keys()):
            header = before[name]
            self.add(
                "response-header-removed",
                f"response {md_text(status)} header {md_code(header.name)} removed"
                + (" (it was required)" if header.required else ""),
                flags=_flags(required=header.required),
                **where,
            )
        for name in sorted(before.keys() & after.keys()):
            was, now = before[name], after[name]
            label = f"response {md_text(status)} header {md_code(now.name)}"
            if was.required and not now.required:
                self.add("response-header-changed", f"{label} made optional", **where)
            old_type = fingerprint(was.schema, self.renames)
            new_type = fingerprint(now.schema, self.renames)
            if old_type != new_type:
                self.add(
                    "response-header-changed",
                    f"{label} type {md_code(old_type)} -> {md_code(new_type)}",
                    **where,
                )

    def reference(
        self,
        label: str,
        old: Any,
        new: Any,
        used: str,
        where: dict[str, Any],
        at: tuple[str, ...] = (),
    ) -> None:
        """A body or answer schema: the same, renamed, or retyped; one written in place (inline,
        or a `components.responses`/`requestBodies` entry the model resolved) is walked as a
        named schema is, with the same rules, its findings located at the operation."""
        old_name, new_name = ref_name(old), ref_name(new)
        if old_name is not None and new_name is not None:
            if old_name == new_name:
                return  # its changes are reported on the schema
            if self.renames.get(old_name) == new_name:
                message = (
                    f"{label}: {md_code(old_name)} renamed {md_code(new_name)} (same structure)"
                )
                self.add("schema-renamed", message, **where)
                return
        old_type, new_type = fingerprint(old, self.renames), fingerprint(new, self.renames)
        if old_type == new_type:
            if old_name is None and new_name is None:
                InlineWalk(self, label, used, where, at).compare(old, new, ())
            return
        wider = (
            accepts(new, old, renames=self.renames)
            if used == REQUEST
            else accepts(old, new, renames={v: k for k, v in self.renames.items()})
        )
        self.add(
            f"{'request-body' if used == REQUEST else 'response'}-type-changed",
            f"{label} {md_code(old_type)} -> {md_code(new_type)}",
            flags=_flags(wider=wider, error=used == ERROR),
            **where,
        )

    # schemas ----------------------------------------------------------------------------

    def schemas(self) -> None:
        old, new = self.old_schemas, self.new_schemas
        for name in sorted(set(new) - set(old) - set(self.renames.values())):
            self.add(
                "schema-added",
                f"schema {md_code(name)} added",
                schema=name,
                new_pointer=_schema_pointer(name),
            )
        for name in sorted(set(old) - set(new)):
            if name in self.renames:
                renamed = self.renames[name]
                self.add(
                    "schema-renamed",
                    f"schema {md_code(name)} renamed {md_code(renamed)} (same structure)",
                    schema=name,
                    old_pointer=_schema_pointer(name),
                    new_pointer=_schema_pointer(renamed),
                )
                continue
            self.add(
                "schema-removed",
                f"schema {md_code(name)} removed (its model or type is gone)",
                schema=name,
                old_pointer=_schema_pointer(name),
            )
        for name in sorted(set(old) & set(new)):
            used = self.old_usage.get(name, set()) | self.new_usage.get(name, set())
            SchemaWalk(self, name, used).compare(old[name], new[name], ())


class SchemaWalk:
    """One schema's changes; where it is used decides which of its rules apply."""

    def __init__(self, walk: Walk, name: str, used: set[str]) -> None:
        self.walk, self.name = walk, name
        # an unused schema is judged as an answer
        self.where = frozenset(used & {REQUEST, RESPONSE}) or frozenset({RESPONSE})

    def add(self, kind: str, message: str, path: tuple[str | int, ...], **flags: bool) -> None:
        shown = (
            "request and response"
            if REQUEST in self.where and RESPONSE in self.walk.new_usage.get(self.name, ())
            else ("request" if REQUEST in self.where else "response")
        )
        self.walk.add(
            kind,
            f"schema {md_code(self.name)}"
            + (f" {md_code('.'.join(map(str, path)))}" if path else "")
            + f": {message} (used in {shown})",
            where=self.where,
            flags=_flags(**flags),
            schema=self.name,
            old_pointer=_schema_pointer(self.name, *path),
            new_pointer=_schema_pointer(self.name, *path),
        )

    def compare(self, old: Any, new: Any, path: tuple[str | int, ...]) -> None:
        if not isinstance(old, dict) or not isinstance(new, dict):
            return
        if path:  # a property's own annotations sit beside its reference, before unwrapping
            self.annotations(old, new, path)
        old, new = unwrap(old), unwrap(new)
        renames = self.walk.renames
        old_ref, new_ref = ref_name(old), ref_name(new)
        if old_ref is not None or new_ref is not None:
            if old_ref is not None and renames.get(old_ref, old_ref) == new_ref:
                return
            if fingerprint(old, renames) != fingerprint(new, renames):
                self.retyped(old, new, path)
            return
        if fingerprint(old, renames) != fingerprint(new, renames):
            self.retyped(old, new, path)
            return
        self.properties(old, new, path)
        self.enum(old, new, path)
        self.constraints(old, new, path)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            self.compare(old["items"], new["items"], (*path, "items"))

    def annotations(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        """A property's default (what the server assumes when a request leaves it out) and
        its deprecation."""
        if text(old.get("default")) != text(new.get("default")):
            before = text(old["default"]) if "default" in old else "(none)"
            after = text(new["default"]) if "default" in new else "(none)"
            self.add("default-changed", f"default {md_code(before)} -> {md_code(after)}", path)
        if new.get("deprecated") and not old.get("deprecated"):
            self.add("property-deprecated", "deprecated", path)

    def retyped(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        renames = self.walk.renames
        old_type, new_type = fingerprint(old, renames), fingerprint(new, renames)
        if old_type == new_type:
            return
        widened = accepts(new, old, renames=renames)
        narrowed = accepts(old, new, renames={v: k for k, v in renames.items()})
        how = " (wider)" if widened else " (narrower)" if narrowed else ""
        message = f"type {md_code(old_type)} -> {md_code(new_type)}{how}"
        self.add("type-changed", message, path, widened=widened, narrowed=narrowed)

    def properties(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        before: dict[str, Any] = (
            old["properties"] if isinstance(old.get("properties"), dict) else {}
        )
        after: dict[str, Any] = new["properties"] if isinstance(new.get("properties"), dict) else {}
        req_before, req_after = set(old.get("required") or []), set(new.get("required") or [])
        for prop in sorted(after.keys() - before.keys()):
            required = prop in req_after
            kind = "property-added-required" if required else "property-added"
            self.add(
                kind,
                f"property added{', required' if required else ''}",
                (*path, "properties", prop),
            )
        for prop in sorted(before.keys() - after.keys()):
            where = (*path, "properties", prop)
            self.add("property-removed", "property removed", where, required=prop in req_before)
        for prop in sorted(before.keys() & after.keys()):
            where = (*path, "properties", prop)
            if prop in req_after and prop not in req_before:
                self.add("property-made-required", "property made required", where)
            elif prop in req_before and prop not in req_after:
                self.add("property-made-optional", "property made optional", where)
            self.compare(before[prop], after[prop], where)

    def enum(self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]) -> None:
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if not isinstance(old_enum, list) or not isinstance(new_enum, list):
            return
        old_values, new_values = list(map(text, old_enum)), list(map(text, new_enum))
        for value in [v for v in new_values if v not in old_values]:
            self.add("enum-value-added", f"enum value {md_code(value)} added", path)
        for value in [v for v in old_values if v not in new_values]:
            self.add("enum-value-removed", f"enum value {md_code(value)} removed", path)

    def constraints(
        self, old: dict[str, Any], new: dict[str, Any], path: tuple[str | int, ...]
    ) -> None:
        for key in CONSTRAINTS:
            before, after = old.get(key), new.get(key)
            if (before == after and type(before) is type(after)) or text(before) == text(after):
                continue
            if before is None:
                kind, what, tight = "constraint-added", f"{key} {md_code(text(after))} added", True
            elif after is None:
                kind, what, tight = (
                    "constraint-removed",
                    f"{key} {md_code(text(before))} removed",
                    False,
                )
            else:
                kind = "constraint-changed"
                what = f"{key} {md_code(text(before))} -> {md_code(text(after))}"
                tight = tighter({key: after}, {key: before}) or key in (
                    "pattern",
                    "format",
                    "patternProperties",
                    "multipleOf",
                )
            self.add(kind, what, path, tighter=tight)


class InlineWalk(SchemaWalk):
    """A schema written where it is used (a body or an answer): the same comparison as a named
    schema's, each finding labelled and located at its operation."""

    def __init__(
        self, walk: Walk, label: str, used: str, where: dict[str, Any], at: tuple[str, ...]
    ) -> None:
        self.walk, self.name, self.label = walk, label, label
        self.where = frozenset({used})
        self.location = {k: v for k, v in where.items() if not k.endswith("_pointer")}
        self.pointers = (where.get("old_pointer", ""), where.get("new_pointer", ""))
        self.at = at

    def add(self, kind: str, message: str, path: tuple[str | int, ...], **flags: bool) -> None:
        tail = "/".join(escape(str(p)) for p in (*self.at, "schema", *path))
        self.walk.add(
            kind,
            f"{self.label}"
            + (f" {md_code('.'.join(map(str, path)))}" if path else "")
            + f": {message}",
            where=self.where,
            flags=_flags(**flags),
            old_pointer=f"{self.pointers[0]}/{tail}",
            new_pointer=f"{self.pointers[1]}/{tail}",
            **self.location,
        )
