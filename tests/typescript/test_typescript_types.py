"""generator/emit/typescript/types.py (`src/types.ts` of the TypeScript client): every named
schema of both APIs as a TypeScript type that `tsc --strict` accepts, without `any`, and the
shapes #15 asks for on small schemas (discriminated unions, closed empty objects included)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers import TSC

from generator.emit.typescript.types import render_types
from generator.model import Schemas, schemas_of


def _tsc(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TSC["5.9"]), "--strict", "--noEmit", "--target", "es2022", *files],
        cwd=folder,
        capture_output=True,
        text=True,
    )


def _code(text: str) -> str:
    return re.sub(r"/\*\*.*?\*/", "", text, flags=re.S)


# the control plane: its 318 schemas and the page of groups its overlay adds
@pytest.mark.parametrize(("api", "count"), [("permit", 319), ("pdp", 44)])
def test_every_schema_is_a_type_tsc_strict_accepts(
    generated: Path, tmp_path: Path, api: str, count: int
) -> None:
    document = json.loads((generated / api / "openapi.json").read_text())
    text = render_types(schemas_of(document, api))
    assert len(re.findall(r"^export type ", text, re.M)) == count
    code = _code(text)
    assert not re.search(r"\bany\b", code) and "Record<string, never>" not in code
    (tmp_path / "types.ts").write_text(text)
    result = _tsc(tmp_path, "types.ts")
    assert result.returncode == 0, result.stdout[-3000:]


def test_shapes_on_small_schemas(tmp_path: Path) -> None:
    schemas = Schemas(
        "3.1.0",
        "T */ evil",
        {
            "Mode": {"type": "string", "enum": ["a", "b-c"]},
            "Twice": {"type": "string", "enum": ["x", "x", "y"]},  # a repeated value: one member
            "Thing": {
                "type": "object",
                "description": "ends a comment? */ no",
                "required": ["key"],
                "properties": {
                    "key": {"type": "string"},
                    "count": {"type": "integer", "default": 3},
                    "mode": {"$ref": "#/components/schemas/Mode"},
                    "maybe": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    "pair": {
                        "type": "array",
                        "prefixItems": [{"type": "string"}, {"type": "integer"}],
                    },
                    "free": {"type": "object"},
                    "not-an-identifier": {"type": "boolean"},
                },
            },
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Thing"}, {"type": "integer"}]},
            "Empty": {"type": "object", "properties": {}, "additionalProperties": False},
            "Other": {"type": "object", "properties": {"n": {"type": "integer"}}},
            "Tagged": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Thing"},
                    {"$ref": "#/components/schemas/Other"},
                ],
                "discriminator": {
                    "propertyName": "mode",
                    "mapping": {"a": "#/components/schemas/Thing", "b-c": "Thing"},
                },
            },
        },
    )
    text = render_types(schemas)
    assert 'export type Mode = "a" | "b-c";' in text
    assert 'export const Mode = {\n  a: "a",\n  "b-c": "b-c",\n} as const;' in text
    assert 'export const Twice = {\n  x: "x",\n  y: "y",\n} as const;' in text
    assert "  key: string;" in text and "  count?: number;" in text  # a default: still optional
    assert "  maybe?: string | null;" in text and "  pair?: [string, number];" in text
    assert (
        "  free?: { [key: string]: unknown };" in text
        and '  "not-an-identifier"?: boolean;' in text
    )
    assert "export type Either = Thing | number;" in text
    assert "export type Empty = { [key: string]: never };" in text  # closed: always {}
    # the tag a literal: from the mapping (a bare name too), else the schema's own name
    assert (
        'export type Tagged = ({ mode: "a" | "b-c" } & Thing) | ({ mode: "Other" } & Other);'
        in text
    )
    (tmp_path / "types.ts").write_text(
        text
        + "\nconst ok: Thing = { key: 'k', mode: Mode.a, pair: ['x', 1] };\n"
        + "// @ts-expect-error a required field is missing\nconst bad: Thing = { mode: 'a' };\n"
        + "// @ts-expect-error not a value of the enum\nconst worse: Mode = 'z';\n"
        + "const tagged: Tagged = { mode: 'b-c', key: 'k' };\n"
        + "// @ts-expect-error the tag names the other branch\n"
        + "const mixed: Tagged = { mode: 'a', n: 1 };\n"
        + "// @ts-expect-error a closed empty object\nconst full: Empty = { key: 'k' };\n"
        + "export { ok, bad, worse, tagged, mixed, full };\n"
    )
    result = _tsc(tmp_path, "types.ts")
    assert result.returncode == 0, result.stdout[-3000:]
