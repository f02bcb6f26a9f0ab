"""The typed client plan: what any typed client (Python, TypeScript) needs to know per operation,
built from the API model alone. Emitters translate its types into their language and render;
none of them reads the spec or resolves a `$ref` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from generator.errors import UsageError
from generator.model import Api, Operation, Parameter, Response, Schemas
from generator.naming import group_name, method_names

if TYPE_CHECKING:
    from generator.config import ApiConfig

IDEMPOTENT = frozenset({"get", "head", "options", "put", "delete"})
PRIMITIVES = frozenset({"string", "integer", "number", "boolean"})
CLIENT_LOCATIONS = ("path", "query", "header", "cookie")
# Page-numbered lists: these query parameters, and the page object's items and page count.
PAGE, PER_PAGE, PAGE_ITEMS, PAGE_COUNT = "page", "per_page", "data", "page_count"


class TypeRef(NamedTuple):
    """A language-neutral type.

    kind: `string`, `integer`, `number`, `boolean` (a scalar; `name` is the named schema it
    comes from, for an enum or an alias), `model` (the named schema `name`), `array` (of
    `items[0]`), `union` (of `items`, `null` among them when nullable), `unknown` (anything).
    """

    kind: str
    name: str | None = None
    items: tuple[TypeRef, ...] = ()


UNKNOWN = TypeRef("unknown")
NULL = TypeRef("null")


class ParamPlan(NamedTuple):
    name: str  # the wire name; each language spells its own identifier from it
    location: str  # path, query, header, cookie
    required: bool
    type: TypeRef
    default: Any
    has_default: bool
    role: str | None  # PROJECT / ENVIRONMENT: filled from the client's default when omitted
    description: str
    deprecated: bool


class BodyPlan(NamedTuple):
    media_type: str
    required: bool
    type: TypeRef  # a model, an array of models, or unknown


class ResponsePlan(NamedTuple):
    status: str
    media_type: str | None  # None: no content
    type: TypeRef | None  # None: no schema


class Pagination(NamedTuple):
    """`page`/`per_page` query parameters; the items are the whole answer (`items_field`
    None), one field of a page object, which may say how many pages there are, or either
    (`may_be_array`: the answer is a plain array or that page object)."""

    page: str
    per_page: str
    item: TypeRef
    items_field: str | None
    page_count_field: str | None
    may_be_array: bool = False


class ShapeSwitch(NamedTuple):
    """The answer is `default` unless the boolean query parameter `parameter` is true, then
    `when_true` (Permit's lists: a plain array, or a page object with include_total_count)."""

    parameter: str
    default: TypeRef
    when_true: TypeRef


class OperationPlan(NamedTuple):
    name: str  # the normalized operation id (snake_case, unique in the API)
    title: str
    summary: str
    description: str
    http_method: str  # lower case
    path: str  # template with `{name}` placeholders
    deprecated: bool
    parameters: tuple[ParamPlan, ...]  # those a client sends: path, query, header, cookie
    body: BodyPlan | None
    responses: tuple[ResponsePlan, ...]  # the success responses, by status
    result: ResponsePlan | None  # the one a client returns: the first with content
    pagination: Pagination | None
    shape: ShapeSwitch | None  # the result's type depends on a boolean parameter
    scope: str  # organization, project, environment
    idempotent: bool  # may be repeated on its own (GET, HEAD, OPTIONS, PUT, DELETE; read-only)
    client_name: str = ""  # the method's name in its group (generator.naming), snake_case
    created: str | None = None  # answers `{<created>: result, created: status == 201}`
    public: bool = False  # takes no credentials (its security is `[]`, or the API has none)
    scheme: str | None = None  # its own security scheme, when not the API's (in Api.schemes)

    @property
    def key(self) -> str:
        """`METHOD /path`: how apigen.toml and the recorded client names address it."""
        return f"{self.http_method.upper()} {self.path}"


class GroupPlan(NamedTuple):
    name: str  # the tag
    description: str
    operations: tuple[OperationPlan, ...]
    client_name: str = ""  # the group's attribute (generator.naming), snake_case


class ClientPlan(NamedTuple):
    api: str
    title: str
    version: str
    groups: tuple[GroupPlan, ...]  # tags in declared order, empty ones left out
    schemas: tuple[str, ...]  # every named schema: one model or type each

    def client_names(self) -> dict[str, str]:
        """Each operation's client method, "METHOD /path" -> "group.method" (snake_case, the
        language-neutral names every client language spells: generator.naming)."""
        return {
            op.key: f"{group.client_name}.{op.client_name}"
            for group in self.groups
            for op in group.operations
        }


class _Types:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas

    def param(self, schema: Any) -> TypeRef:
        """A parameter's type: scalars, arrays and unions of them; a named object is a model.
        A parameter cannot carry null, so a nullable type list gives its one other type."""
        if not isinstance(schema, dict):
            return UNKNOWN
        name, target = self.schemas.target(schema)
        if name is not None and not target.get("enum") and target.get("type") not in PRIMITIVES:
            return TypeRef("model", name)
        for key in ("anyOf", "oneOf"):
            branches = target.get(key)
            if isinstance(branches, list):
                kinds = tuple(self.param(b) for b in branches if b.get("type") != "null")
                nullable = any(b.get("type") == "null" for b in branches)
                return TypeRef("union", None, kinds + ((NULL,) if nullable else ()))
        kind = target.get("type")
        if isinstance(kind, list):
            names = [k for k in kind if k != "null"]
            kind = names[0] if len(names) == 1 else None
        if kind == "array":
            items = target.get("items")
            return TypeRef(
                "array", None, (self.param(items) if isinstance(items, dict) else UNKNOWN,)
            )
        if kind in PRIMITIVES:
            return TypeRef(str(kind), name)
        return UNKNOWN

    def value(self, schema: Any) -> TypeRef:
        """A body's or a response's type: a named model or an array of them; else unknown."""
        if not isinstance(schema, dict):
            return UNKNOWN
        name, target = self.schemas.target(schema)
        if name is not None:
            return TypeRef("model", name)
        if target.get("type") == "array" and isinstance(target.get("items"), dict):
            inner = self.value(target["items"])
            return TypeRef("array", None, (inner,)) if inner.kind != "unknown" else UNKNOWN
        for key in ("anyOf", "oneOf"):
            branches = target.get(key)
            if isinstance(branches, list) and branches:
                kinds = tuple(self.value(b) for b in branches)
                if all(k.kind != "unknown" for k in kinds):
                    return TypeRef("union", None, kinds)
        return UNKNOWN

    def pagination(self, params: tuple[ParamPlan, ...], result: TypeRef) -> Pagination | None:
        query = {p.name for p in params if p.location == "query"}
        if PAGE not in query or PER_PAGE not in query or result.kind == "unknown":
            return None
        if result.kind == "union":
            arrays = [t for t in result.items if t.kind == "array"]
            pages = [self.pagination(params, t) for t in result.items if t.kind == "model"]
            found = [p for p in pages if p is not None]
            if len(arrays) == 1 and len(found) == 1 and arrays[0].items[0] == found[0].item:
                return found[0]._replace(may_be_array=True)
            return None
        if result.kind == "array":
            return Pagination(PAGE, PER_PAGE, result.items[0], None, None)
        properties = self.schemas.named.get(result.name or "", {}).get("properties") or {}
        items = self.value(properties.get(PAGE_ITEMS))
        if items.kind != "array":
            return None
        count = PAGE_COUNT if PAGE_COUNT in properties else None
        return Pagination(PAGE, PER_PAGE, items.items[0], PAGE_ITEMS, count)


def parameter_type(schemas: Schemas, schema: Any) -> TypeRef:
    """A parameter schema's type, as the plan gives it."""
    return _Types(schemas).param(schema)


def _param(types: _Types, param: Parameter) -> ParamPlan:
    return ParamPlan(
        name=param.name,
        location=param.location,
        required=param.required,
        type=types.param(param.schema),
        default=param.default,
        has_default=param.has_default,
        role=param.variable,
        description=param.description,
        deprecated=param.deprecated,
    )


def _response(types: _Types, response: Response) -> ResponsePlan:
    has_schema = response.schema is not None
    return ResponsePlan(
        response.status, response.media_type, types.value(response.schema) if has_schema else None
    )


def _shape(op: Operation, params: tuple[ParamPlan, ...], result: TypeRef) -> ShapeSwitch | None:
    """A two-branch union answer switched by a boolean query parameter: the array branch is
    the default, the other one the answer when the parameter is true."""
    if op.shape_parameter is None or result.kind != "union" or len(result.items) != 2:
        return None
    switch = next((p for p in params if p.name == op.shape_parameter), None)
    if switch is None or switch.location != "query" or switch.type.kind != "boolean":
        return None
    arrays = [t for t in result.items if t.kind == "array"]
    others = [t for t in result.items if t.kind != "array"]
    if len(arrays) != 1 or len(others) != 1:
        return None
    return ShapeSwitch(switch.name, arrays[0], others[0])


def _operation(types: _Types, op: Operation, default: str | None = None) -> OperationPlan:
    """`default`: the API's security scheme (None: it takes no credentials, and no operation is
    marked public: there is nothing to leave out)."""
    params = tuple(_param(types, p) for p in op.parameters if p.location in CLIENT_LOCATIONS)
    responses = tuple(_response(types, r) for r in op.success)
    result = next((r for r in responses if r.type is not None or r.media_type), None)
    body = None
    if op.body is not None:
        body = BodyPlan(op.body.media_type, op.body.required, types.value(op.body.schema))
    result_type = result.type if result is not None and result.type is not None else UNKNOWN
    return OperationPlan(
        name=op.name,
        title=op.title,
        summary=op.summary,
        description=op.description,
        http_method=op.method,
        path=op.path,
        deprecated=op.deprecated,
        parameters=params,
        body=body,
        responses=responses,
        result=result,
        pagination=types.pagination(params, result_type),
        shape=_shape(op, params, result_type),
        scope=op.scope,
        idempotent=op.method in IDEMPOTENT or op.read_only,
        public=default is not None and not op.auth,
        scheme=op.scheme if op.auth and op.scheme != default else None,
    )


def _created(op: OperationPlan, field: str | None) -> str | None:
    """`created_results`' field for an operation answered 201 or another 2xx of one type."""
    if field is None:
        return None
    if field == "created":
        raise UsageError("created_results: the field cannot be named 'created'")
    statuses = {r.status: r.type for r in op.responses}
    others = [t for s, t in statuses.items() if s != "201"]
    if "201" not in statuses or statuses["201"] is None or others != [statuses["201"]]:
        from generator import log

        log.warn(
            f"created_results: {op.key} is not answered 201 and one "
            "other success status of the same type; its method returns the answer"
        )
        return None
    return field


def build_plan(api: Api, config: ApiConfig | None = None) -> ClientPlan:
    """The plan of an API; `config` names groups and methods where the rule should not, and
    may place an operation in another tag's group (`users.bulk_create`)."""
    types = _Types(api.schemas)
    group_names = config.group_names if config is not None else {}
    overrides = config.method_names if config is not None else {}
    created = config.created_results if config is not None else {}
    moved = {k: v.split(".") for k, v in overrides.items() if "." in v}
    groups: list[GroupPlan] = []
    elsewhere: list[tuple[str, OperationPlan]] = []
    for tag, ops in api.by_tag():
        planned, keys = [], []
        for op in ops:
            plan = _operation(types, op, api.auth.name if api.auth is not None else None)
            plan = plan._replace(created=_created(plan, created.get(plan.key)))
            if plan.key in moved:
                target, name = moved[plan.key]
                elsewhere.append((target, plan._replace(client_name=name)))
            else:
                planned.append(plan)
                keys.append((plan.name, plan.key))
        names = method_names(tag.name, keys, {k: v for k, v in overrides.items() if k not in moved})
        operations = tuple(p._replace(client_name=names[p.name]) for p in planned)
        groups.append(
            GroupPlan(tag.name, tag.description, operations, group_name(tag.name, group_names))
        )
    for target, plan in elsewhere:
        where = next((i for i, g in enumerate(groups) if g.client_name == target), None)
        if where is None:
            raise UsageError(f"method_names: no group {target!r} for {plan.key}")
        found = groups[where]
        if plan.client_name in {p.client_name for p in found.operations}:
            raise UsageError(f"method_names: {target}.{plan.client_name} names two operations")
        groups[where] = found._replace(operations=(*found.operations, plan))
    kept = tuple(g for g in groups if g.operations)  # a tag whose operations all moved
    return ClientPlan(api.name, api.title, api.version, kept, tuple(api.schemas.named))
