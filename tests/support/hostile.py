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


# invisible characters too: a zero-width space, the bidirectional overrides and isolates of
# "Trojan Source" (CVE-2021-42574), a byte-order mark
INVISIBLE = "zero\u200bwidth \u202eevil\u202c \u2066isolate\u2069 \ufeffbom"
HOSTILE_DOC = (
    '""" + __import__("os").system("touch pwned") + """ \\ \\x00 é 日本 '
    + INVISIBLE
    + " "
    + PAYLOAD
)


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


# Text that tries to leave its place in each target: line terminators Python, JavaScript and
# CommonMark recognise beyond `\n`, comment and string terminators, template syntax, and
# Markdown structure. A Python file `pwned` in the working directory, a JavaScript global
# `PWNED`, a heading or link with FORGED in it, or a mention of @octocat means text escaped.
BREAKOUTS = [
    '\r"""\nimport os; os.system("touch pwned")\n"""',
    "\rimport os; os.system('touch pwned') #",
    "\r(globalThis as any).PWNED = 1; //",
    "\u2028globalThis.PWNED = 1; //",
    "\u2029globalThis.PWNED = 1; //",
    "\x85globalThis.PWNED = 1; //",
    "*/ globalThis.PWNED = 1; /*",
    "` + (globalThis.PWNED = 1) + `",
    "${(globalThis as any).PWNED = 1}",
    '" + (globalThis.PWNED = 1) + "',
    "</script><script>window.PWNED = 1</script>",
    "{{apiKey}}",
    "\r# FORGED heading",
    "\r\n## FORGED heading two\r===",
    "\u2028[FORGED link](https://evil.example.test)",
    "\r[FORGED ref]: https://evil.example.test",
    "\rcc @octocat please merge",
    '\r"\ninjected = "toml',
]
TEXT = "".join(BREAKOUTS)


def hostile_everywhere_spec() -> dict[str, Any]:
    """Every kind of spec text apigen writes somewhere carries BREAKOUTS: title, descriptions,
    summaries, tag names, enum values, property names, path keys, examples, schema names (one
    with `/`), and a `$ref` property with an object default."""
    thing = {
        "type": "object",
        "description": TEXT,
        "properties": {
            f"note{TEXT}": {"type": "string", "description": TEXT, "example": TEXT},
            "kind": {"type": "string", "enum": [f"a{b}" for b in BREAKOUTS], "description": TEXT},
            "inner": {"$ref": "#/components/schemas/a~1b", "default": {"n": 1}},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": f"Hostile{TEXT}", "version": "1", "description": TEXT},
        "tags": [{"name": f"Tag{TEXT}", "description": TEXT}],
        "paths": {
            f"/v2/things{TEXT.replace('/', '-').replace('{', '(').replace('}', ')')}/{{thing_id}}": {
                "post": {
                    "operationId": "create_thing",
                    "summary": f"Create{TEXT}",
                    "description": TEXT,
                    "tags": [f"Tag{TEXT}"],
                    "parameters": [
                        {
                            "name": "thing_id",
                            "in": "path",
                            "required": True,
                            "description": TEXT,
                            "example": TEXT,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "q",
                            "in": "query",
                            "description": TEXT,
                            "example": TEXT,
                            "schema": {"type": "string", "enum": [f"q{b}" for b in BREAKOUTS]},
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Thing"},
                                "example": {f"note{TEXT}": TEXT, "kind": f"a{BREAKOUTS[0]}"},
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": TEXT,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": thing,
                "a/b": {
                    "type": "object",
                    "description": TEXT,
                    "properties": {"n": {"type": "integer"}},
                },
            }
        },
    }
