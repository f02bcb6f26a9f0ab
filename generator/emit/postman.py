"""Postman collection v2.1.0 with collection-level bearer auth and contract tests
(generator.emit.contract; `[apis.<api>.postman] tests = false` leaves them out), and one
environment per region."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from generator.config import ApiConfig
from generator.emit import EmitInput, Files, as_text, contract, path_parameter
from generator.escape import postman_value as pv
from generator.kinds import postman_of
from generator.model import ENVIRONMENT, PROJECT, Api, Operation, Parameter, Response, Schemas
from generator.schema.ids import stable_uuid
from generator.schema.text import dump_json

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
VARIABLES = {PROJECT: "projectKey", ENVIRONMENT: "environmentKey"}
REASONS = {"200": "OK", "201": "Created", "202": "Accepted", "204": "No Content"}
HTTP_CODES = frozenset(int(s) for s in HTTPStatus)


def _query(param: Parameter) -> list[dict[str, Any]]:
    value = param.display_value
    values = value if isinstance(value, list) else [value]
    return [
        {
            "key": pv(param.name),
            "value": pv(as_text(v)),
            **({"description": pv(param.description)} if param.description else {}),
            **({} if param.required else {"disabled": True}),
        }
        for v in values
    ]


def _segment(part: str) -> str:
    name = path_parameter(part)
    return pv(part) if name is None else ":" + pv(name)


def _url(op: Operation) -> dict[str, Any]:
    path = [_segment(p) for p in op.path.lstrip("/").split("/")]
    query = [q for p in op.params("query") for q in _query(p)]
    enabled = "&".join(f"{q['key']}={q['value']}" for q in query if not q.get("disabled"))
    url: dict[str, Any] = {
        "raw": "{{baseUrl}}/" + "/".join(path) + (f"?{enabled}" if enabled else ""),
        "host": ["{{baseUrl}}"],
        "path": path,
    }
    if query:
        url["query"] = query
    variables = []
    for param in op.params("path"):
        role = param.variable
        value = (
            "{{" + VARIABLES[role] + "}}" if role in VARIABLES else pv(as_text(param.display_value))
        )
        variables.append(
            {
                "key": pv(param.name),
                "value": value,
                **({"description": pv(param.description)} if param.description else {}),
            }
        )
    if variables:
        url["variable"] = variables
    return url


def _headers(op: Operation) -> list[dict[str, Any]]:
    headers: list[dict[str, Any]] = []
    if op.body is not None:
        headers.append({"key": "Content-Type", "value": pv(op.body.media_type)})
    if any(r.media_type for r in op.success):
        headers.append({"key": "Accept", "value": "application/json"})
    for param in op.params("header"):
        headers.append(
            {
                "key": pv(param.name),
                "value": pv(as_text(param.display_value)),
                **({"description": pv(param.description)} if param.description else {}),
                **({} if param.required else {"disabled": True}),
            }
        )
    return headers


def description(op: Operation) -> str:
    facts = [f"**Operation:** `{op.name}`", f"**API key scope:** {op.scope}"]
    if op.rate_limit:
        facts.append(f"**Rate limit:** {op.rate_limit} API limits")
    if op.deprecated:
        facts.append("**Deprecated.**")
    text = op.description or op.summary
    return pv((text + "\n\n" if text else "") + "  \n".join(facts))


def _request(op: Operation, with_auth: bool = True) -> dict[str, Any]:
    request: dict[str, Any] = {"method": op.method.upper(), "header": _headers(op), "url": _url(op)}
    if op.body is not None:
        request["body"] = {
            "mode": "raw",
            "raw": pv(op.body.example_text),
            "options": {"raw": {"language": "json"}},
        }
    if with_auth and not op.auth:
        request["auth"] = {"type": "noauth"}
    return request


def _original(op: Operation) -> dict[str, Any]:
    """The request a saved example answers, as a mock server matches it: the method, the URL
    as text (`:name` path variables, the query sent) and the body; the request itself carries
    the rest (descriptions, optional parameters), once."""
    request = _request(op, with_auth=False)
    request["url"] = request["url"]["raw"]
    request["header"] = [h for h in request["header"] if h["key"] == "Content-Type"]
    return request


def _saved(api: Api, op: Operation, response: Response) -> dict[str, Any]:
    """A saved example of one documented answer: its JSON example (the spec's, else one built
    from its schema), or an empty body where the answer has no content (a 204)."""
    code = int(response.status)
    json_answer = response.example_text != "null" or response.example is not None
    reason = HTTPStatus(code).phrase if code in HTTP_CODES else ""
    name = response.description or REASONS.get(response.status, "") or reason
    return {
        "id": stable_uuid(f"postman:{api.name}:{op.name}:response:{response.status}"),
        "name": pv(f"{response.status} {name}".strip()),
        "originalRequest": _original(op),
        "status": reason,
        "code": code,
        "_postman_previewlanguage": "json" if json_answer else "text",
        "header": [{"key": "Content-Type", "value": pv(response.media_type)}]
        if response.media_type
        else [],
        "body": pv(response.example_text) if json_answer else "",
    }


def _item(api: Api, op: Operation) -> dict[str, Any]:
    request = _request(op)
    request["description"] = description(op)
    return {
        "id": stable_uuid(f"postman:{api.name}:{op.name}"),
        "name": pv(f"{op.title} (deprecated)" if op.deprecated else op.title),
        "request": request,
        # every documented answer with a numeric status (not `default` or `4XX` ranges)
        "response": [_saved(api, op, r) for r in op.responses if r.status.isdigit()],
    }


def collection(api: Api, tests: bool = True) -> dict[str, Any]:
    folders = []
    for tag, ops in api.by_tag():
        current = [op for op in ops if not op.deprecated]
        if current:
            folders.append(
                {
                    "id": stable_uuid(f"postman:{api.name}:folder:{tag.name}"),
                    "name": pv(tag.name),
                    **({"description": pv(tag.description)} if tag.description else {}),
                    "item": [_item(api, op) for op in current],
                }
            )
    deprecated = [op for op in api.operations if op.deprecated]
    if deprecated:
        folders.append(
            {
                "id": stable_uuid(f"postman:{api.name}:folder:Deprecated"),
                "name": "Deprecated",
                "description": "Operations the API marks as deprecated.",
                "item": [_item(api, op) for op in deprecated],
            }
        )
    return {
        "info": {
            "_postman_id": stable_uuid(f"postman:{api.name}:collection"),
            "name": pv(api.title),
            "description": pv(api.description + "\n\n" if api.description else "")
            + "Generated by apigen. Choose a region environment and set `apiKey` there.",
            "version": pv(api.version),
            "schema": SCHEMA_URL,
        },
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{apiKey}}", "type": "string"}],
        },
        **({"event": [contract.event(api)]} if tests else {}),
        "variable": [{"key": "baseUrl", "value": api.regions[0].url, "type": "string"}],
        "item": folders,
    }


def environments(api: Api, config: ApiConfig) -> dict[str, dict[str, Any]]:
    """One environment per region: the base URL, the key, and a variable for the project and
    the environment only where a path parameter of the API names them."""
    wires = {(p.name) for op in api.operations for p in op.parameters if p.location == "path"}
    used = {role for wire, role in config.path_variables.items() if wire in wires}
    out = {}
    for region in api.regions:
        values = [
            {"key": "baseUrl", "value": region.url, "type": "default", "enabled": True},
            {"key": "apiKey", "value": "", "type": "secret", "enabled": True},
            *(
                {
                    "key": var,
                    "value": config.placeholders.get(role, ""),
                    "type": "default",
                    "enabled": True,
                }
                for role, var in VARIABLES.items()
                if role in used
            ),
        ]
        out[region.key] = {
            "id": stable_uuid(f"postman:{api.name}:environment:{region.key}"),
            "name": region.name,
            "values": values,
            "_postman_variable_scope": "environment",
        }
    return out


def prepare(schemas: Schemas, config: ApiConfig) -> Files:
    return {}


def emit(inp: EmitInput) -> Files:
    api, config = inp.api, inp.config
    document = collection(api, postman_of(config).tests)
    files = {f"postman/{api.name}.postman_collection.json": dump_json(document)}
    for key, env in environments(api, config).items():
        files[f"postman/{api.name}-{key}.postman_environment.json"] = dump_json(env)
    return files
