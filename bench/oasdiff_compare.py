"""apigen's API diff against oasdiff's `breaking` on the same pairs of specs: for each change
oasdiff calls breaking (level error), whether apigen reports it as breaking, at a lower level, or
not at all (docs/ci-and-diff.md has the table this printed).

    go install github.com/oasdiff/oasdiff@v1.39.0
    python bench/oasdiff_compare.py OASDIFF              # every pair below, built afresh
    python bench/oasdiff_compare.py OASDIFF --probe      # one change at a time, each kind
    python bench/oasdiff_compare.py OASDIFF LABEL OLD NEW CONFIG|- [LABEL OLD NEW CONFIG|- ...]

The pairs (`build_pairs`): Permit's history, each version and the current spec normalized
first (`apigen normalize`: oasdiff's parser, kin-openapi, cannot read Permit's raw 3.1 tuple
`items`); corpus specs with hand-made changes, made by `changed` the same way every time (a
component property `string` -> `integer`, an optional query parameter made required, a path
removed, and an inline error answer's property retyped where the spec has one); and the
inline fixture of tests/diff/test_diff.py with two error answers.

A change counts as found when an apigen finding names its property (or, for a removed path,
the path): the names oasdiff quotes, less type names, parameter locations and statuses, which
every type change names. apigen often reports a change once on its component schema, or as the
whole answer's type, where oasdiff lists it once per operation and property."""

# ruff: noqa: E501  (PROBES is a table: one change per line)
from __future__ import annotations

import copy
import itertools
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

APIGEN = Path(sys.executable).with_name("apigen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from helpers import CORPUS, HISTORY, PERMIT_SPEC  # noqa: E402

CORPUS_PAIRS = {
    "petstore-oai-3.0": "petstore-oai-3.0/petstore.yaml",
    "swagger-petstore-3.0": "swagger-petstore-3.0/openapi.yaml",
    "spotify": "spotify/fixed-spotify-open-api.yml",
    "asana": "asana/asana_oas.yaml",
    "pagerduty": "pagerduty/openapiv3.json",
    "box": "box/openapi.json",
}
# backquoted words in oasdiff's texts that name no property: every type change quotes them
GENERIC = frozenset(
    {"type", "string", "integer", "number", "boolean", "object", "array", "null", "query",
     "path", "header", "cookie", "format", "required"}
)  # fmt: skip


def compare(oasdiff: str, old: str, new: str, config: str | None) -> str:
    done = subprocess.run(
        [oasdiff, "breaking", old, new, "--format", "json"], capture_output=True, text=True
    )
    args = [str(APIGEN), "diff", old, new, "--format", "json", "-q", "--offline"]
    ours = json.loads(
        subprocess.run(
            [*args, *(["-c", config] if config else [])], capture_output=True, text=True
        ).stdout
    )["findings"]
    total = sum(f["level"] == "breaking" for f in ours)
    if not done.stdout.strip():
        said = (done.stderr.strip().splitlines() or [""])[0].rsplit('": ', 1)[-1]
        return f"oasdiff cannot read it: {said[:100].replace('|', '/')} | | | | {total}"
    theirs = [x for x in json.loads(done.stdout) if x.get("level", 0) >= 3]

    def line(f: dict[str, object]) -> str:
        op = f.get("operation") or {}
        assert isinstance(op, dict)
        return f"{op.get('method', '')} {op.get('path', '')} {f['message']}"

    breaking = "\n".join(line(f) for f in ours if f["level"] == "breaking")
    every = "\n".join(line(f) for f in ours)
    found_breaking = lower = 0
    missing: Counter[str] = Counter()
    for change in theirs:
        names = [t.split("/")[-1] for t in re.findall(r"`([^`]+)`", change["text"])]
        keys = [n for n in names if n and not n.isdigit() and n not in GENERIC]

        def hit(text: str, keys: list[str] = keys, change: dict[str, str] = change) -> bool:
            by_name = any(
                re.search(rf"(properties\.|`){re.escape(k)}\b|{re.escape(k)}`", text) for k in keys
            )
            return by_name or (change["path"] in text and not keys)

        if hit(breaking):
            found_breaking += 1
        elif hit(every):
            lower += 1
        else:
            missing[change["id"]] += 1
    return (
        f"{len(theirs)} | {found_breaking} | {lower} | {sum(missing.values())} "
        f"{dict(missing) or ''} | {total}"
    )


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def changed(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with the hand-made changes, chosen the same way every time (the first in sorted
    order): a component property `string` -> `integer`; an optional query parameter made
    required; the last path removed; an inline error answer's string property -> `integer`."""
    new = copy.deepcopy(spec)
    schemas = new.get("components", {}).get("schemas", {})
    component = ((schemas[n] or {}).get("properties") for n in sorted(schemas))
    _retype_first_string(p for p in component if isinstance(p, dict))
    paths = new["paths"]
    operations = [
        op
        for path in sorted(paths)
        for _, op in sorted(paths[path].items())
        if isinstance(op, dict) and "responses" in op
    ]
    optional = (
        p
        for op in operations
        for p in op.get("parameters", [])
        if p.get("in") == "query" and not p.get("required")
    )
    first = next(optional, None)
    if first is not None:
        first["required"] = True
    errors = (
        (next(iter(answer["content"].values())).get("schema") or {}).get("properties") or {}
        for op in operations
        for status, answer in sorted(op["responses"].items())
        if not str(status).startswith("2") and "content" in answer
    )
    _retype_first_string(errors)
    del paths[sorted(paths)[-1]]
    return new


def _retype_first_string(properties: Any) -> None:
    """Of the first of `properties` (property maps) with a `string` property, the first such
    property (by name) made `integer`."""
    for props in properties:
        hits = [name for name in sorted(props) if props[name].get("type") == "string"]
        if hits:
            props[hits[0]]["type"] = "integer"
            return


def inline_fixture() -> tuple[dict[str, Any], dict[str, Any]]:
    """tests/diff/test_diff.py's fixture (an inline body, an inline answer and a
    `components.responses` schema retyped), with two inline error answers retyped too."""

    def body(prop: str, kind: str) -> dict[str, Any]:
        return {
            "application/json": {"schema": {"type": "object", "properties": {prop: {"type": kind}}}}
        }

    def spec(kind: str) -> dict[str, Any]:
        answers = {
            "200": {"description": "ok", "content": body("m", kind)},
            "404": {"description": "missing", "content": body("code", kind)},
            "409": {"description": "conflict", "content": body("reason", kind)},
        }
        make = {
            "operationId": "make_a",
            "requestBody": {"required": True, "content": body("n", kind)},
        }
        return {
            "openapi": "3.0.3",
            "info": {"title": "Inline", "version": "1"},
            "paths": {
                "/a": {"post": {**make, "responses": answers}},
                "/b": {
                    "get": {
                        "operationId": "get_b",
                        "responses": {"200": {"$ref": "#/components/responses/B"}},
                    }
                },
            },
            "components": {"responses": {"B": {"description": "b", "content": body("k", kind)}}},
        }

    return spec("string"), spec("integer")


def build_pairs(work: Path) -> list[tuple[str, str, str, str]]:
    """(label, old, new, config or "-") for every pair, written under `work`."""
    pairs = []
    versions = [*sorted(HISTORY.glob("openapi-*.json")), PERMIT_SPEC]
    normalized = []
    for index, version in enumerate(versions):
        out = work / f"permit-{index}"
        command = [str(APIGEN), "normalize", "permit", "--source", str(version), "--offline"]
        subprocess.run([*command, "--out", str(out), "-q"], check=True, cwd=ROOT)
        normalized.append((version.stem.removeprefix("openapi-"), out / "permit" / "openapi.json"))
    for (old_name, old), (new_name, new) in itertools.pairwise(normalized):
        new_name = "current" if new_name == PERMIT_SPEC.stem else new_name
        pairs.append(
            (f"permit:{old_name}→{new_name}", str(old), str(new), str(ROOT / "apigen.toml"))
        )
    for label, entry in CORPUS_PAIRS.items():
        spec = _load(CORPUS / entry)
        (work / f"{label}-old.json").write_text(json.dumps(spec, default=str))
        (work / f"{label}-new.json").write_text(json.dumps(changed(spec), default=str))
        pairs.append((label, str(work / f"{label}-old.json"), str(work / f"{label}-new.json"), "-"))
    old_fixture, new_fixture = inline_fixture()
    (work / "inline-old.json").write_text(json.dumps(old_fixture))
    (work / "inline-new.json").write_text(json.dumps(new_fixture))
    pairs.append(
        ("inline-fixture", str(work / "inline-old.json"), str(work / "inline-new.json"), "-")
    )
    return pairs


def probe_spec() -> dict[str, Any]:
    """One operation of each kind of thing a change can touch (`probe`)."""
    thing = {"$ref": "#/components/schemas/Thing"}
    status = {"type": "object", "properties": {"status": {"type": "string"}}}
    callback = {"post": {"requestBody": {"content": {"application/json": {"schema": status}}},
                         "responses": {"200": {"description": "ok"}}}}  # fmt: skip
    return {
        "openapi": "3.0.3",
        "info": {"title": "Probe", "version": "1"},
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string", "maxLength": 50},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                }
            },
        },
        "paths": {
            "/things/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "get": {
                    "operationId": "getThing",
                    "parameters": [
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                        {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                        {
                            "name": "fields",
                            "in": "query",
                            "schema": {
                                "type": "array",
                                "items": {"type": "string", "enum": ["a", "b"]},
                            },
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {
                                "X-Rate": {"required": True, "schema": {"type": "integer"}}
                            },
                            "content": {"application/json": {"schema": thing}},
                        }
                    },
                },
                "put": {
                    "operationId": "putThing",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": thing}},
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": thing}},
                        }
                    },
                    "callbacks": {"onDone": {"{$request.body#/url}": callback}},
                },
            }
        },
    }


def _ops(s: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = s["paths"]["/things/{id}"]
    return found


def _rename(s: dict[str, Any]) -> None:
    s["paths"]["/things/{thingId}"] = s["paths"].pop("/things/{id}")
    s["paths"]["/things/{thingId}"]["parameters"][0]["name"] = "thingId"


def _as(answer: dict[str, Any], media: str) -> None:
    answer["content"] = {media: answer["content"]["application/json"]}


PROBES: dict[str, Any] = {
    "header parameter made required": lambda s: _ops(s)["get"]["parameters"][0].update(required=True),
    "cookie parameter made required": lambda s: _ops(s)["get"]["parameters"][1].update(required=True),
    "header parameter retyped": lambda s: _ops(s)["get"]["parameters"][0].update(schema={"type": "integer"}),
    "query parameter's item enum value removed": lambda s: _ops(s)["get"]["parameters"][2]["schema"]["items"].update(enum=["a"]),
    "query parameter array -> string": lambda s: _ops(s)["get"]["parameters"][2].update(schema={"type": "string"}),
    "required response header removed": lambda s: _ops(s)["get"]["responses"]["200"].pop("headers"),
    "response header retyped": lambda s: _ops(s)["get"]["responses"]["200"]["headers"]["X-Rate"].update(schema={"type": "string"}),
    "request media type json -> xml": lambda s: _as(_ops(s)["put"]["requestBody"], "application/xml"),
    "response media type json -> xml": lambda s: _as(_ops(s)["get"]["responses"]["200"], "application/xml"),
    "security bearer -> API key": lambda s: s.update(security=[{"key": []}]),
    "security: both schemes at once": lambda s: _ops(s)["get"].update(security=[{"bearer": [], "key": []}]),
    "request property maxLength lowered": lambda s: s["components"]["schemas"]["Thing"]["properties"]["name"].update(maxLength=10),
    "request enum value removed": lambda s: s["components"]["schemas"]["Thing"]["properties"]["kind"].update(enum=["a"]),
    "required answer property removed": lambda s: s["components"]["schemas"]["Thing"].update(properties={"name": {"type": "string"}}, required=[]),
    "path parameter renamed": _rename,
    "method removed": lambda s: _ops(s).pop("put"),
    "callback body property retyped": lambda s: _ops(s)["put"]["callbacks"]["onDone"]["{$request.body#/url}"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["status"].update(type="integer"),
}  # fmt: skip


def probe(oasdiff: str, work: Path) -> None:
    """Each change of PROBES alone on the probe spec: oasdiff's breaking ids, apigen's
    breaking findings and their axes."""
    print("| one change | oasdiff: breaking | apigen: breaking (axes) |")
    print("|---|---|---|")
    base = probe_spec()
    (work / "base.json").write_text(json.dumps(base))
    for name, change in PROBES.items():
        new = copy.deepcopy(base)
        change(new)
        (work / "new.json").write_text(json.dumps(new))
        done = subprocess.run(
            [oasdiff, "breaking", str(work / "base.json"), str(work / "new.json"), "--format", "json"],
            capture_output=True, text=True,
        )  # fmt: skip
        theirs = sorted(
            {x["id"] for x in json.loads(done.stdout or "[]") if x.get("level", 0) >= 3}
        )
        args = [str(APIGEN), "diff", str(work / "base.json"), str(work / "new.json")]
        ran = subprocess.run(
            [*args, "--format", "json", "-q"], capture_output=True, text=True, cwd=work
        )
        ours = sorted({
            f"{f['kind']} ({'wire' if f['wire_breaking'] else ''}"
            f"{', ' if f['wire_breaking'] and f['sdk_breaking'] else ''}{'SDK' if f['sdk_breaking'] else ''})"
            for f in json.loads(ran.stdout)["findings"] if f["level"] == "breaking"
        })  # fmt: skip
        print(f"| {name} | {', '.join(theirs) or '-'} | {', '.join(ours) or '-'} |")


def main() -> None:
    oasdiff, rest = sys.argv[1], sys.argv[2:]
    if rest == ["--probe"]:
        with tempfile.TemporaryDirectory(prefix="apigen-probe-") as tmp:
            probe(oasdiff, Path(tmp))
        return
    print(
        "| pair | oasdiff breaking | apigen: breaking too | at a lower level | not named | apigen breaking |"
    )
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="apigen-oasdiff-") as tmp:
        given = [(rest[i], rest[i + 1], rest[i + 2], rest[i + 3]) for i in range(0, len(rest), 4)]
        pairs = given or build_pairs(Path(tmp))
        for label, old, new, config in pairs:
            print(f"| {label} | {compare(oasdiff, old, new, None if config == '-' else config)} |")


if __name__ == "__main__":
    main()
