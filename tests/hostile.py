"""A spec whose examples, names and descriptions try to break out of every target format."""

from __future__ import annotations

from typing import Any

PAYLOAD = (
    'it\'s "quoted" $(touch pwned) `touch pwned` ${HOME} \\ \n'
    "</script><script>window.__pwned=1</script>"
)
HTML_TAG = '<img src=x onerror="window.__pwned=1">'


def hostile_spec() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Hostile {HTML_TAG}", "version": "1", "description": PAYLOAD},
        "tags": [{"name": f"Tag {HTML_TAG}", "description": PAYLOAD}],
        "paths": {
            "/v2/facts/{proj_id}/{env_id}/things/{thing_id}": {
                "post": {
                    "operationId": "create_thing",
                    "summary": f'Create "thing" {HTML_TAG} $(touch pwned)',
                    "description": PAYLOAD + "\n\nSecond paragraph [link](javascript:alert(1))",
                    "tags": [f"Tag {HTML_TAG}"],
                    "parameters": [
                        {
                            "name": "proj_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "env_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "example": "a'b$(touch pwned)`x`",
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "example": PAYLOAD,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "x-note",
                            "in": "header",
                            "required": True,
                            "example": PAYLOAD,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "opt",
                            "in": "query",
                            "description": PAYLOAD,
                            "example": "$(touch pwned)\n; touch pwned",
                            "schema": {"type": "string"},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "note": {"type": "string"},
                                        "list": {"type": "array", "items": {"type": "string"}},
                                    },
                                    "required": ["note"],
                                },
                                "example": {
                                    "note": PAYLOAD,
                                    "list": ["'", "`", "$(touch pwned)", "\n"],
                                },
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            }
        },
    }


HOSTILE_DOC = '""" + __import__("os").system("touch pwned") + """ \\ \\x00 é 日本 ' + PAYLOAD


def hostile_client_spec() -> dict[str, object]:
    params = [
        {"name": "class", "in": "query", "schema": {"type": "string"}, "description": HOSTILE_DOC},
        {"name": "Class", "in": "header", "schema": {"type": "integer"}},
        {"name": "from", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "1st", "in": "query", "schema": {"type": "boolean", "default": True}},
        {"name": "self", "in": "query", "required": True, "schema": {"type": "string"}},
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": 'Hostile """ API', "version": "1"},
        "tags": [{"name": "import", "description": HOSTILE_DOC}, {"name": "Import!"}],
        "paths": {
            "/x/{from}": {
                "get": {
                    "operationId": "def",
                    "summary": 'Get """ x',
                    "description": HOSTILE_DOC,
                    "tags": ["import"],
                    "parameters": params,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/class"}
                                }
                            },
                        }
                    },
                },
                "post": {
                    "operationId": "def_",
                    "summary": "é",
                    "tags": ["Import!"],
                    "parameters": params[2:3],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/class"}}
                        },
                    },
                    "responses": {"204": {"description": "none"}},
                },
            }
        },
        "components": {
            "schemas": {
                "class": {
                    "type": "object",
                    "description": HOSTILE_DOC,
                    "properties": {"from": {"type": "string"}, "naïve": {"type": "integer"}},
                }
            }
        },
    }
