"""The API model: the one intermediate representation every emitter reads.

Built from the normalized document only. An operation here has the same name, path variables
and example values in the Postman collection, the curl snippets and the Python client.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from generator.config import ENVIRONMENT as ENVIRONMENT  # the roles, re-exported for emitters
from generator.config import PROJECT as PROJECT
from generator.config import ROLES as ROLES
from generator.config import ApiConfig, Region
from generator.derive import regions_from
from generator.schema.examples import Examples
from generator.schema.naming import unique
from generator.schema.pointers import HTTP_METHODS, operations, resolve, schema_name
from generator.schema.pointers import SCHEMA_REF as SCHEMA_REF  # re-exported for emitters
from generator.schema.text import json_text
from generator.schema.validation import Checker

JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json")


class Parameter(NamedTuple):
    name: str
    location: str  # path, query, header, cookie
    required: bool
    description: str
    schema: dict[str, Any]
    example: Any
    default: Any = None
    has_default: bool = False
    deprecated: bool = False
    variable: str | None = None  # PROJECT / ENVIRONMENT for proj_id / env_id

    @property
    def display_value(self) -> Any:
        """The value every artefact shows for this parameter: an optional parameter's default
        when it has one (what the server assumes), else the example."""
        return self.default if self.has_default and not self.required else self.example


class Body(NamedTuple):
    media_type: str
    schema: dict[str, Any]
    example: Any
    example_text: str  # the example as indented JSON: the one text every artefact shows
    required: bool
    schema_name: str | None


class ResponseHeader(NamedTuple):
    name: str  # as the spec spells it (header names are read case-insensitively)
    required: bool
    schema: dict[str, Any]


class Response(NamedTuple):
    status: str
    description: str
    media_type: str | None
    schema: dict[str, Any] | None
    schema_name: str | None
    # a JSON answer's example: the spec's when it is valid, else one built from the schema
    example: Any = None
    example_text: str = "null"
    has_example: bool = False  # the spec documents one
    headers: tuple[ResponseHeader, ...] = ()  # the answer's documented headers


class Operation(NamedTuple):
    name: str  # the normalized operationId, snake_case and unique
    title: str  # the request's display name, unique within the API
    method: str
    path: str
    summary: str
    description: str
    tag: str
    tags: tuple[str, ...]
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body: Body | None
    responses: tuple[Response, ...]  # every documented status, in the spec's order
    scope: str  # organization, project or environment; "" where the API has no key scopes
    rate_limit: str | None
    auth: bool  # sends credentials
    scheme: str | None = None  # with which of Api.schemes
    # a boolean query parameter that switches the success answer between the two branches of
    # its `anyOf` (a plain array, or a page object when true): `x-apigen-shape-parameter`
    shape_parameter: str | None = None
    # a POST that only reads (the PDP's `/allowed` family): `x-apigen-read-only: true`, set by
    # an overlay with the evidence; clients retry it like a GET
    read_only: bool = False
    # the security requirement as declared: its alternatives (any one satisfies), each the
    # names of the schemes sent together; `()` in one: credentials optional (the API diff)
    requirements: tuple[tuple[str, ...], ...] = ()

    def params(self, location: str) -> list[Parameter]:
        return [p for p in self.parameters if p.location == location]

    @property
    def key(self) -> str:
        """`METHOD /path`: how apigen.toml, the recorded client names and the diff address it
        (the plan's OperationPlan.key spells the same)."""
        return f"{self.method.upper()} {self.path}"

    @property
    def success(self) -> tuple[Response, ...]:
        """The 2xx responses."""
        return tuple(r for r in self.responses if r.status.startswith("2"))


class Tag(NamedTuple):
    name: str
    description: str


class Schemas(NamedTuple):
    """The document's named schemas (`components/schemas`), as normalized JSON Schema: what
    typed clients model. `openapi` is the document's version (3.0 and 3.1 differ in nullable)."""

    openapi: str
    title: str
    named: dict[str, Any]
    # the named schemas JSON request bodies refer to (directly): what typed body forms cover
    bodies: frozenset[str] = frozenset()

    def target(self, schema: Any) -> tuple[str | None, Any]:
        """(name, schema) for a `$ref` to a named schema; (None, schema) for anything else."""
        name = schema_name(schema.get("$ref")) if isinstance(schema, dict) else None
        return (name, self.named[name]) if name is not None else (None, schema)


def schemas_of(document: dict[str, Any], title: str) -> Schemas:
    info = document.get("info", {})
    return Schemas(
        openapi=str(document.get("openapi", "")),
        title=str(info.get("title") or title),
        named=document.get("components", {}).get("schemas", {}),
        bodies=frozenset(_body_references(document)),
    )


def _body_references(document: dict[str, Any]) -> set[str]:
    from generator.schema.draft07 import references

    found: set[str] = set()
    for _, _, op in operations(document):
        body = op.get("requestBody")
        if isinstance(body, dict) and isinstance(body.get("$ref"), str):
            try:
                body = resolve(document, body["$ref"])
            except (KeyError, IndexError, ValueError, TypeError):
                continue
        content = body.get("content") if isinstance(body, dict) else None
        for media, obj in (content or {}).items() if isinstance(content, dict) else []:
            if "json" in str(media) and isinstance(obj, dict):
                found |= references(obj.get("schema"))
    return found


class AuthScheme(NamedTuple):
    """How a request carries its credentials, from a security scheme the spec declares:
    `bearer` (HTTP bearer; OAuth 2 and OpenID Connect send their access token so), `basic`
    (HTTP basic), or `apikey` (an API key in a header, query parameter or cookie)."""

    name: str  # its key in components/securitySchemes
    kind: str  # bearer, basic, apikey
    location: str  # header, query, cookie
    parameter: str  # the header, query parameter or cookie name


def auth_scheme(name: str, scheme: Any) -> AuthScheme | None:
    """What apigen makes of a declared scheme; None for one it cannot send (HTTP digest...)."""
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http in ("bearer", "basic"):
            return AuthScheme(name, http, "header", "Authorization")
        return None
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        return AuthScheme(name, "apikey", str(scheme["in"]), str(scheme.get("name") or ""))
    if kind in ("oauth2", "openIdConnect"):
        return AuthScheme(name, "bearer", "header", "Authorization")
    return None


class Api(NamedTuple):
    name: str
    title: str
    version: str
    description: str
    regions: tuple[Region, ...]
    # the scheme most operations use (the first of the spec's global requirements it can send,
    # else the first an operation uses); None: the API takes no credentials
    auth: AuthScheme | None
    schemes: dict[str, AuthScheme]  # every declared scheme apigen can send, by name
    tags: tuple[Tag, ...]
    operations: tuple[Operation, ...]
    schemas: Schemas
    # what the API sends to its users' servers (OpenAPI 3.1 `webhooks`): `path` is the webhook's
    # name, `name` its operationId (else the webhook's name, `<webhook>_<method>` when it has
    # several); never sent with credentials
    webhooks: tuple[Operation, ...] = ()

    def __repr__(self) -> str:  # without the schemas
        return f"Api(name={self.name!r}, operations={len(self.operations)})"

    def by_tag(self) -> list[tuple[Tag, list[Operation]]]:
        return [(t, [o for o in self.operations if o.tag == t.name]) for t in self.tags]


def key_scope(api: ApiConfig, method: str, path: str) -> str:
    """The API key scope an operation needs; see apigen.toml for the rule and its exceptions.
    "" for an API whose configuration knows no key scopes (no path variables naming a project
    or an environment, no fixed scope, no overrides): another API's keys are not Permit's."""
    if not (api.path_variables or api.key_scope or api.scope_overrides):
        return ""
    override = api.scope_overrides.get(f"{method.upper()} {path}")
    if override:
        return override
    if api.key_scope:
        return api.key_scope
    project = [k for k, v in api.path_variables.items() if v == "project"]
    environment = [k for k, v in api.path_variables.items() if v == "environment"]
    if any(f"{{{p}}}/{{{e}}}" in path for p in project for e in environment):
        return "environment"
    if any(f"{{{p}}}" in path for p in project):
        return "project"
    return "organization"


def rate_limit_family(api: ApiConfig, path: str) -> str | None:
    """The first of the API's configured rate-limit families (`rate_limits`) whose pattern the
    path matches."""
    for family, pattern in api.rate_limits:
        if re.search(pattern, path):
            return family
    return None


def _ref_name(schema: dict[str, Any] | None) -> str | None:
    return schema_name((schema or {}).get("$ref"))


def _media_example(media: dict[str, Any]) -> tuple[bool, Any]:
    if "example" in media:
        return True, media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for value in examples.values():
            if isinstance(value, dict) and "value" in value:
                return True, value["value"]
    return False, None


_SEEDED = object()  # an example that differs by seed: built for each


class _Builder:
    def __init__(self, api: ApiConfig, document: dict[str, Any]) -> None:
        self.api = api
        self.document = document
        self.checker = Checker(document)
        self.examples = Examples(document, self.checker)
        self.built_once: dict[Any, tuple[dict[str, Any], Any]] = {}  # see `built`
        declared = (document.get("components") or {}).get("securitySchemes") or {}
        found = {
            str(name): auth_scheme(str(name), self.deref(scheme))
            for name, scheme in (declared.items() if isinstance(declared, dict) else [])
        }
        self.schemes = {name: scheme for name, scheme in found.items() if scheme is not None}

    def deref(self, obj: Any) -> Any:
        while isinstance(obj, dict) and isinstance(obj.get("$ref"), str) and len(obj) == 1:
            obj = resolve(self.document, obj["$ref"])
        return obj

    def example(self, schema: dict[str, Any], seed: str, *candidates: tuple[bool, Any]) -> Any:
        for present, value in candidates:
            if present and self.checker.is_valid(schema, value):
                return value
        return self.built(schema, seed)

    def built(self, schema: dict[str, Any], seed: str) -> Any:
        """An example built from `schema` (Examples.valid_value), once per schema when the seed
        changes nothing: the error answers every operation repeats (PagerDuty: 465 operations,
        each with the same 401, 403 and 429) are built and checked once, not once each. The
        model only reads the document, so a schema stays what it was when first built."""
        ref = schema.get("$ref") if isinstance(schema, dict) and len(schema) == 1 else None
        key: Any = ref if isinstance(ref, str) else id(schema)  # a `$ref` by its target
        found = self.built_once.get(key)
        if found is None or (key is not ref and found[0] is not schema):
            free = self.examples.seed_free(schema)
            value = self.examples.valid_value(schema, seed) if free else _SEEDED
            found = self.built_once[key] = (schema, value)
        if found[1] is _SEEDED:
            return self.examples.valid_value(schema, seed)
        return found[1]

    def parameter(self, raw: dict[str, Any]) -> Parameter:
        schema = raw.get("schema") or {}
        name = str(raw["name"])
        candidates = [("example" in raw, raw.get("example"))]
        if isinstance(raw.get("examples"), dict):
            candidates += [
                (True, v["value"])
                for v in raw["examples"].values()
                if isinstance(v, dict) and "value" in v
            ][:1]
        target = self.deref(schema)
        has_default = isinstance(target, dict) and "default" in target
        return Parameter(
            name=name,
            location=str(raw.get("in")),
            required=bool(raw.get("required")) or raw.get("in") == "path",
            description=str(raw.get("description") or (target or {}).get("description") or ""),
            schema=schema,
            example=self.example(schema, name, *candidates),
            default=target.get("default") if has_default else None,
            has_default=has_default,
            deprecated=bool(raw.get("deprecated")),
            variable=self.api.path_variables.get(name) if raw.get("in") == "path" else None,
        )

    def body(self, op: dict[str, Any], seed: str) -> Body | None:
        body = self.deref(op.get("requestBody"))
        if not isinstance(body, dict):
            return None
        content = body.get("content") or {}
        media_type = next((m for m in content if JSON_MEDIA.match(m)), next(iter(content), None))
        if media_type is None:
            return None
        media = content[media_type]
        schema = media.get("schema") or {}
        example = self.example(schema, seed, _media_example(media))
        return Body(
            media_type=media_type,
            schema=schema,
            example=example,
            example_text=json_text(example),
            required=bool(body.get("required")),
            schema_name=_ref_name(schema),
        )

    def responses(self, op: dict[str, Any]) -> tuple[Response, ...]:
        out = []
        for status, raw in (op.get("responses") or {}).items():
            response = self.deref(raw)
            content = response.get("content") or {}
            media_type = next(
                (m for m in content if JSON_MEDIA.match(m)), next(iter(content), None)
            )
            media = content.get(media_type, {}) if media_type else {}
            schema = media.get("schema")
            has, value = _media_example(media)
            if not has and isinstance(schema, dict):
                target = self.deref(schema)
                has, value = ("example" in target, target.get("example"))
            if isinstance(schema, dict) and media_type and JSON_MEDIA.match(media_type):
                # every JSON answer gets an example: the documented one when it is valid,
                # else one built from its schema (valid, deterministic)
                value = self.example(schema, f"{op.get('operationId')}:{status}", (has, value))
                has_value = True
            else:
                has_value = has
            out.append(
                Response(
                    status=str(status),
                    description=str(response.get("description", "")),
                    media_type=media_type,
                    schema=schema,
                    schema_name=_ref_name(schema),
                    example=value if has_value else None,
                    example_text=json_text(value) if has_value else "null",
                    has_example=has,
                    headers=self.headers(response),
                )
            )
        return tuple(out)

    def headers(self, response: dict[str, Any]) -> tuple[ResponseHeader, ...]:
        raw = response.get("headers")
        found = []
        for name, header in raw.items() if isinstance(raw, dict) else []:
            header = self.deref(header)
            if not isinstance(header, dict):
                continue
            schema = header.get("schema")
            found.append(
                ResponseHeader(
                    name=str(name),
                    required=header.get("required") is True,
                    schema=schema if isinstance(schema, dict) else {},
                )
            )
        return tuple(found)

    def operation(
        self, path: str, method: str, op: dict[str, Any], path_params: list[Any]
    ) -> Operation:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*path_params, *(op.get("parameters") or [])]:
            raw = self.deref(raw)
            if isinstance(raw, dict) and "name" in raw:
                merged[(str(raw["name"]), str(raw.get("in")))] = raw
        name = str(op["operationId"])
        tags = tuple(op.get("tags") or [self.api.default_tag])
        security = op.get("security", self.document.get("security", []))
        scheme = _first_scheme(security, self.schemes)
        return Operation(
            name=name,
            title=str(op.get("summary") or name.replace("_", " ").capitalize()),
            method=method,
            path=path,
            summary=str(op.get("summary") or ""),
            description=str(op.get("description") or "").strip(),
            tag=tags[0],
            tags=tags,
            deprecated=bool(op.get("deprecated")),
            parameters=tuple(self.parameter(p) for p in merged.values()),
            body=self.body(op, name),
            responses=self.responses(op),
            scope=key_scope(self.api, method, path),
            rate_limit=rate_limit_family(self.api, path),
            auth=scheme is not None,
            scheme=scheme,
            shape_parameter=_shape_parameter(op),
            read_only=op.get("x-apigen-read-only") is True,
            requirements=_requirements(security),
        )


def _requirements(security: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(security, list):
        return ()
    return tuple(
        tuple(sorted(str(name) for name in requirement))
        for requirement in security
        if isinstance(requirement, dict)
    )


def _first_scheme(security: Any, schemes: dict[str, AuthScheme]) -> str | None:
    """The scheme a request sends: of the alternatives (any one satisfies), the first whose
    schemes apigen can all send, and of it the first scheme; None: no credentials (`[]`, or
    an empty alternative `{}`, which makes them optional)."""
    if not isinstance(security, list):
        return None
    for requirement in security:
        if not isinstance(requirement, dict):
            continue
        if not requirement:
            return None  # anonymous access is one of the alternatives
        if all(name in schemes for name in requirement):
            return str(next(iter(requirement)))
    return None


def _shape_parameter(op: dict[str, Any]) -> str | None:
    value = op.get("x-apigen-shape-parameter")
    return value if isinstance(value, str) and value else None


# A request's first word that says what it does, and the methods it may name.
VERBS = {
    "get": "get", "list": "get", "fetch": "get", "read": "get", "retrieve": "get",
    "delete": "delete", "remove": "delete",
}  # fmt: skip
METHOD_VERB = {"delete": "Delete", "put": "Replace", "patch": "Update"}


def _verb_title(op: Operation) -> str:
    """The title, its first word agreeing with the method: a DELETE summarized "Get Callback By
    Key" (the PDP's spec) is "Delete Callback By Key"."""
    first, _, rest = op.title.partition(" ")
    says = VERBS.get(first.lower())
    if says is None or says == op.method or op.method not in METHOD_VERB:
        return op.title
    return f"{METHOD_VERB[op.method]} {rest}".strip()


def _families(members: list[Operation]) -> list[str]:
    """Each operation's first literal path segment that not every other one's path has: the
    path family that tells same-named requests apart (`facts`, `elements`). Linear in the
    members (Microsoft Graph beta repeats one summary on thousands of operations): a segment
    sets one apart when fewer of the others than all of them have it."""
    literals = [[s for s in op.path.split("/") if s and not s.startswith("{")] for op in members]
    having: dict[str, int] = {}
    for segments in literals:
        for segment in set(segments):
            having[segment] = having.get(segment, 0) + 1
    others = len(members) - 1
    return [next((s for s in segments if having[s] - 1 < others), "") for segments in literals]


def _unique_titles(ops: list[Operation]) -> list[Operation]:
    """Request names are the summaries, their verb agreeing with the method. Repeated ones are
    told apart by their tag when their tags differ, else by their path family (`(facts)`,
    `(elements)`), else by both; the operation id only when nothing else does."""
    ops = [op._replace(title=_verb_title(op)) for op in ops]
    groups: dict[str, list[Operation]] = {}
    for op in ops:
        groups.setdefault(op.title, []).append(op)
    renamed: dict[int, str] = {}
    for title, members in groups.items():
        if len(members) < 2:
            continue
        by_tag = [f"{title} ({op.tag})" for op in members]
        candidates = [by_tag]
        if len(set(by_tag)) != len(by_tag):  # the path families only when the tags do not do
            families = _families(members)
            candidates += [
                [f"{title} ({f or op.tag})" for op, f in zip(members, families, strict=True)],
                [f"{title} ({op.tag}, {f})" for op, f in zip(members, families, strict=True)],
            ]
        chosen = next((c for c in candidates if len(set(c)) == len(c)), None)
        chosen = chosen or [f"{title} [{op.name}]" for op in members]
        for op, name in zip(members, chosen, strict=True):
            renamed[id(op)] = name
    out = [op._replace(title=renamed.get(id(op), op.title)) for op in ops]
    seen: dict[str, int] = {}
    for op in out:  # a qualified name may meet an existing one
        seen[op.title] = seen.get(op.title, 0) + 1
    return [
        op._replace(title=f"{op.title} [{op.name}]") if seen[op.title] > 1 else op for op in out
    ]


def _webhooks(builder: _Builder, document: dict[str, Any]) -> list[Operation]:
    """The webhooks' operations, in document order, each named by its operationId, else by
    its webhook and method (unique among them). A 3.0 document's `x-webhooks` (Redoc's
    extension, the same shape) counts as its webhooks."""
    hooks = document.get("webhooks")
    if not isinstance(hooks, dict):
        hooks = document.get("x-webhooks")
    out = []
    for hook, raw in hooks.items() if isinstance(hooks, dict) else []:
        item = builder.deref(raw)
        if not isinstance(item, dict):
            continue
        methods = [m for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        for method in methods:
            op = item[method]
            fallback = str(hook) if len(methods) == 1 else f"{hook}_{method}"
            named = {**op, "operationId": op.get("operationId") or fallback}
            if "security" not in op:
                named["security"] = []  # sent to a user's server: the API's key never goes
            found = builder.operation(str(hook), method, named, item.get("parameters") or [])
            title = str(op.get("summary") or (hook if len(methods) == 1 else f"{hook} {method}"))
            out.append(
                found._replace(title=title, scope="", rate_limit=None, auth=False, scheme=None)
            )
    taken: set[str] = set()
    for index, op in enumerate(out):
        out[index] = op._replace(name=unique(op.name, taken, "_"))
        taken.add(out[index].name)
    return out


def build_api(api: ApiConfig, document: dict[str, Any]) -> Api:
    """The model of a normalized document."""
    builder = _Builder(api, document)
    ops = [
        builder.operation(path, method, op, document["paths"][path].get("parameters") or [])
        for path, method, op in operations(document)
    ]
    webhooks = _webhooks(builder, document)
    info = document.get("info", {})
    schemes = builder.schemes
    used = [op.scheme for op in ops if op.scheme is not None]
    default = _first_scheme(document.get("security"), schemes) or (used[0] if used else None)
    return Api(
        name=api.name,
        title=api.title if api.title_given else str(info.get("title") or api.title),
        version=str(info.get("version", "")),
        description=str(info.get("description") or "").strip(),
        regions=api.regions or regions_from(document),
        auth=schemes[default] if default is not None else None,
        schemes=schemes,
        tags=tuple(
            Tag(str(t["name"]), str(t.get("description") or "").strip())
            for t in document.get("tags", [])
        ),
        operations=tuple(_unique_titles(ops)),
        schemas=schemas_of(document, api.title),
        webhooks=tuple(_unique_titles(webhooks)),
    )
