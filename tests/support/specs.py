"""Small specs for unit tests, built in code: one API config, a spec skeleton, an operation."""

from __future__ import annotations

from typing import Any

from generator.config import ApiConfig, Region
from generator.kinds import default_settings
from generator.normalize import Context

API = ApiConfig(
    name="t",
    title="Test API",
    source="spec.json",
    snapshot=None,
    regions=(
        Region("us", "Test US", "https://us.example.test"),
        Region("eu", "Test EU", "https://eu.example.test"),
    ),
    kinds=default_settings("t"),
    default_tag="Misc",
    path_variables={"proj_id": "project", "env_id": "environment"},
)
CTX = Context(API)


def spec(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
        **top,
    }


def op(op_id: str | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"responses": {"200": {"description": "ok"}}, **extra}
    if op_id:
        out["operationId"] = op_id
    return out


# `allOf` beside notes and merging its own schema (AWS's specs, APIs.guru's amplifyuibuilder):
# `name` is Text, `child` and `ro` their named types, `more` one object of Base's fields and its
# own, `loop` Node's fields and its own once (inside it, Node)
_NOTE = {"description": "a note"}
ALLOF_NOTES: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Notes", "version": "1"},
    "paths": {"/n": {"get": {"operationId": "get_node", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}},
    }}}}},
    "components": {"schemas": {
        "Text": {"type": "string"},
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Node": {"type": "object", "properties": {
            "name": {"allOf": [{"$ref": "#/components/schemas/Text"}, _NOTE]},
            "child": {"allOf": [{"$ref": "#/components/schemas/Node"}, _NOTE]},
            "ro": {"allOf": [{"readOnly": True}, {"$ref": "#/components/schemas/Base"}]},
            "more": {"allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "properties": {"size": {"type": "integer"}}},
            ]},
            "loop": {"allOf": [
                {"$ref": "#/components/schemas/Node"},
                {"type": "object", "properties": {"depth": {"type": "integer"}}},
            ]},
        }},
    }},
}  # fmt: skip


# a discriminated union listing a branch twice, its mapping giving one branch several tags and
# another branch's own name (stream-io's `ChatEvent`, APIs.guru): each tag one Go case
def _event(*names: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"type": {"type": "string"}, **{n: {"type": "string"} for n in names}},
    }


_EVENTS = "#/components/schemas/"
TAGS_TWICE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Events", "version": "1"},
    "paths": {"/e": {"get": {"operationId": "get_event", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": _EVENTS + "Event"}}},
    }}}}},
    "components": {"schemas": {
        "AnyEvent": _event("data"),
        "Created": _event("id"),
        "Deleted": _event("gone"),
        "Event": {
            "oneOf": [{"$ref": _EVENTS + n} for n in ("AnyEvent", "AnyEvent", "Created", "Deleted")],
            "discriminator": {"propertyName": "type", "mapping": {
                "any": _EVENTS + "AnyEvent", "custom": _EVENTS + "AnyEvent",
                "Created": _EVENTS + "AnyEvent",
            }},
        },
    }},
}  # fmt: skip
