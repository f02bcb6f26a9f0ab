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
