"""The generated TypeScript client (issue #15), as a user's project sees it: every operation a
method and every schema a type; `tsc --strict` (5.9 and 7) clean on the package and a usage file
in three profiles (Bundler, NodeNext ESM, Node-only without DOM); six deliberate mistakes
rejected; hostile names; deterministic output; `npm run build` gives `.js` + `.d.ts`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from helpers import HISTORY, PERMIT_SPEC, generate_from, repo_config, run_cli, snapshot_tree
from hostile import hostile_client_spec
from typescript import PACKAGES, errors, node, project, tsc

pytestmark = pytest.mark.slow  # make test-fast leaves it out

PROFILES: dict[str, dict[str, Any]] = {
    "bundler": {
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "Bundler",
        "lib": ["ES2022", "DOM"],
        "types": [],
    },
    "nodenext": {
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "lib": ["ES2022", "DOM"],
        "types": ["node"],
        "verbatimModuleSyntax": True,
    },
    "node-only": {
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "lib": ["ES2022"],  # no DOM: fetch, AbortController and friends come from @types/node
        "types": ["node"],
        "exactOptionalPropertyTypes": True,
        "noUncheckedIndexedAccess": True,
    },
}

USAGE = """\
import {
  DEFAULT_RETRY,
  NotFoundError,
  PermitApi,
  PermitApiError,
  RateLimitError,
  UnprocessableEntityError,
  type ApiResponse,
  type RolesListOptions,
  type PaginatedResultRoleRead,
  type RoleRead,
  type UserCreate,
  type UserRead,
} from "permit-api";
import { PermitPdp, type AuthorizationResult } from "permit-pdp";

export async function main(): Promise<string[]> {
  const seen: string[] = [];
  const controller = new AbortController();
  const api = new PermitApi({
    apiKey: "k",
    region: "eu",
    project: "default",
    environment: "production",
    timeoutMs: 5000,
    retry: { maxAttempts: DEFAULT_RETRY.maxAttempts + 1 },
    fetch: globalThis.fetch,
  });
  const body: UserCreate = { key: "u1", email: "a@example.com", attributes: { plan: "pro" } };
  const user: UserRead = await api.users.create(body, { signal: controller.signal });
  seen.push(user.id, user.key);
  const roles: RoleRead[] = await api.roles.list();
  const page: PaginatedResultRoleRead = await api.roles.list({ includeTotalCount: true });
  const options: RolesListOptions = { perPage: 50, search: "admin", envId: "staging" };
  const either = await api.roles.list(options);
  seen.push(String(roles.length), String(page.total_count), String(Array.isArray(either)));
  for await (const role of api.roles.iterList({ perPage: 50 })) seen.push(role.key);
  const raw: ApiResponse<UserRead> = await api.users.withResponse.sync("u1", body);
  seen.push(String(raw.status), raw.headers["content-type"] ?? "");
  const once = api.withOptions({ retry: { retryNonIdempotent: true } });
  try {
    await once.users.get("a/b?c|d", { projId: "p", envId: "e" });
  } catch (error) {
    if (error instanceof NotFoundError) seen.push(String(error.status));
    if (error instanceof UnprocessableEntityError) seen.push(...error.detail.map((d) => d.msg));
    if (error instanceof RateLimitError) seen.push(String(error.retryAfter ?? 0));
    if (error instanceof PermitApiError) seen.push(error.method, error.url);
    if (error instanceof PermitApiError && error.errorCode === "DUPLICATE_ENTITY")
      seen.push(error.title ?? "");
  }
  const pdp = new PermitPdp({ apiKey: "k", region: "local" });
  const allowed: AuthorizationResult = await pdp.authorizationApi.isAllowed({
    user: { key: "u1" },
    action: "read",
    resource: { type: "document" },
  });
  seen.push(String(allowed.allow));
  const may: boolean = await pdp.check("u1", "read", "document:acme");
  const all: boolean[] = await pdp.bulkCheck([
    { user: { key: "u1" }, action: "read", resource: { type: "document" } },
  ]);
  seen.push(String(may), String(all.length));
  return seen;
}
"""

# Seven mistakes, each on the line after its `@ts-expect-error` (the test also counts them with
# the directives removed).
NEGATIVE = """\
import { PermitApi } from "permit-api";


export async function mistakes(api: PermitApi): Promise<void> {
  // @ts-expect-error a required body field (key) is missing
  await api.users.create({ email: "a@example.com" });
  // @ts-expect-error a misspelled body field
  await api.users.create({ key: "u1", emial: "a@example.com" });
  // @ts-expect-error a number where the string path parameter goes
  await api.users.get(42);
  // @ts-expect-error the wrong type for a query parameter
  await api.roles.list({ perPage: "50" });
  // @ts-expect-error a method the API does not have
  await api.users.createUsers({ key: "u1" });
  // @ts-expect-error a field the answer does not have
  const missing: string = (await api.users.get("u1")).nickname;
  void missing;
  // @ts-expect-error a region the API does not have
  new PermitApi({ apiKey: "k", region: "eu-central" });
}
"""


def _classes(source: str) -> dict[str, list[str]]:
    """Group class -> its method names (the plain classes, not the WithResponse twins)."""
    out = {}
    for name, body in re.findall(r"^export class (\w+) \{\n(.*?)^\}", source, re.M | re.S):
        if not name.endswith("WithResponse") and name not in ("PermitApi", "PermitPdp"):
            out[name] = re.findall(r"^  async (\w+)\(", body, re.M)
    return out


@pytest.mark.parametrize(("api", "operations", "types"), [("permit", 251, 319), ("pdp", 29, 44)])
def test_every_operation_a_method_and_every_schema_a_type(
    generated: Path, api: str, operations: int, types: int
) -> None:
    src = generated / api / "clients" / "typescript" / "src"
    methods = [m for ms in _classes((src / "client.ts").read_text()).values() for m in ms]
    assert len(methods) == operations
    document = json.loads((generated / api / "openapi.json").read_text())
    # one per operation, camelCase of its client name (generator/naming.py; clients/names.json)
    names = json.loads((generated / api / "clients" / "names.json").read_text())
    assert len(names) == operations
    camel = {
        re.sub(r"_([a-z0-9])", lambda m: m[1].upper(), n.split(".")[1]) for n in names.values()
    }
    assert camel == set(methods)
    text = (src / "types.ts").read_text()
    exported = re.findall(r"^export type (\w+) =", text, re.M)
    assert len(exported) == types and set(exported) == set(document["components"]["schemas"])
    code = re.sub(r"/\*\*.*?\*/", "", text + (src / "client.ts").read_text(), flags=re.S)
    assert not re.search(r"\bany\b", code) and "Record<string, never>" not in code


@pytest.mark.parametrize("version", ["5.9", "7"])
@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_package_and_usage_type_check_in_every_profile(
    ts_root: Path, profile: str, version: str
) -> None:
    files = {"usage.ts": USAGE, "negative.ts": NEGATIVE}
    folder = project(ts_root, f"{profile}-{version}", PROFILES[profile], files)
    config = json.loads((folder / "tsconfig.json").read_text())
    # the packages' own sources too, under the user's settings
    config["files"] += [f"../node_modules/{p}/src/index.ts" for p in PACKAGES.values()]
    (folder / "tsconfig.json").write_text(json.dumps(config))
    result = tsc(version, "-p", "tsconfig.json", cwd=folder)
    assert result.returncode == 0 and errors(result) == [], result.stdout[-4000:]


def test_each_deliberate_mistake_is_rejected(ts_root: Path) -> None:
    bare = "\n".join(line for line in NEGATIVE.splitlines() if "@ts-expect-error" not in line)
    folder = project(ts_root, "negative", PROFILES["node-only"], {"negative.ts": bare + "\n"})
    result = tsc("5.9", "-p", "tsconfig.json", cwd=folder)
    found = errors(result)
    lines = bare.splitlines()
    assert len(found) == 7, result.stdout
    assert sorted({line for _, line, _ in found}) == [
        i + 1 for i, text in enumerate(lines) if text.strip().startswith(("await", "const", "new"))
    ]


def test_npm_build_output_runs_on_node(ts_root: Path, tmp_path: Path) -> None:
    dist = ts_root / "node_modules" / "permit-api" / "dist"
    assert {"index.js", "index.d.ts", "client.js", "client.d.ts", "_core.js", "types.d.ts"} <= {
        p.name for p in dist.iterdir()
    }
    manifest = json.loads((dist.parent / "package.json").read_text())
    assert manifest["type"] == "module" and manifest["engines"] == {"node": ">=20"}
    assert manifest["exports"]["."] == {  # ES module for import, a CommonJS build for require
        "import": {"types": "./dist/index.d.ts", "default": "./dist/index.js"},
        "require": {"types": "./cjs/index.d.ts", "default": "./cjs/index.js"},
    }
    assert "dependencies" not in manifest
    script = ts_root / "probe.mjs"
    script.write_text(
        'import * as p from "permit-api";\n'
        'const api = new p.PermitApi({ apiKey: "k", region: "eu" });\n'
        "console.log(JSON.stringify([api.baseUrl, typeof api.users.create,"
        " typeof api.roles.iterList, typeof p.PermitApiError, Object.keys(p).length > 20]));\n"
    )
    out = node(script)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [
        "https://api.eu.permit.io",
        "function",
        "function",
        "function",
        True,
    ]


def test_hostile_names_give_a_package_that_type_checks(tmp_path: Path) -> None:
    out = generate_from(hostile_client_spec(), tmp_path, "--only", "typescript")
    folder = out / "clients" / "typescript"
    result = tsc("5.9", "-p", "tsconfig.json", "--noEmit", cwd=folder)
    assert result.returncode == 0, result.stdout[-3000:]
    client = (folder / "src" / "client.ts").read_text()
    assert "touch pwned" in client and '"""' in client  # kept as text, inside comments
    for source in (folder / "src").glob("*.ts"):  # what review sees is what runs
        shown = source.read_text(encoding="utf-8").replace("\n", "")
        assert shown.isprintable(), f"{source.name}: an invisible character"
    assert (
        "async defGet(from: string, options: ImportDefGetOptions)" in client
    )  # `self` is required
    assert '"class": options.class,' in client and '"Class": options.classHeader,' in client
    assert "class ImportApi" in client and "class ImportApiGroup" in client
    types = (folder / "src" / "types.ts").read_text()
    assert "export type Class =" in types and '"na\\u00efve"?: number;' in types


def test_deterministic_and_history_gives_the_same_files(tmp_path: Path) -> None:
    def run(spec: Path, folder: Path) -> dict[str, bytes]:
        folder.mkdir()
        config = repo_config(folder)
        result = run_cli(
            "generate", "permit", "--only", "typescript", "--source", str(spec),
            "--out", str(folder / "out"), "-q", "-c", str(config),
        )  # fmt: skip
        assert result.code == 0, result.stderr
        tree = snapshot_tree(folder / "out" / "permit" / "clients" / "typescript")
        assert len(tree) == 9  # src/ (4), README, package.json, 2 tsconfigs, cjs/package.json
        return tree

    first = run(PERMIT_SPEC, tmp_path / "a")
    assert run(PERMIT_SPEC, tmp_path / "b") == first
    assert run(HISTORY / "openapi-2025-07-20.json", tmp_path / "c") == first


def test_readme_examples_type_check(ts_root: Path, generated: Path) -> None:
    files = {}
    for api, name in PACKAGES.items():
        readme = (ts_root / "node_modules" / name / "README.md").read_text()
        blocks = re.findall(r"^(`{3,})ts\n(.*?)^\1$", readme, re.M | re.S)
        assert len(blocks) >= 3
        for i, (_, code) in enumerate(blocks):
            files[f"readme-{api}-{i}.ts"] = code
    folder = project(ts_root, "readme", PROFILES["node-only"], files)
    result = tsc("5.9", "-p", "tsconfig.json", cwd=folder)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_path_parameter_named_like_the_iterators_locals(tmp_path: Path) -> None:
    query = [
        {"name": n, "in": "query", "schema": {"type": "integer"}} for n in ("page", "per_page")
    ]
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Pages", "version": "1"},
        "paths": {
            "/books/{page}/{result}/lines": {
                "get": {
                    "operationId": "list_lines",
                    "tags": ["books"],
                    "parameters": [
                        {"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                        for n in ("page", "result")
                    ]
                    + query,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Line"},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {"Line": {"type": "object", "properties": {"text": {"type": "string"}}}}
        },
    }
    folder = generate_from(spec, tmp_path, "--only", "typescript") / "clients" / "typescript"
    client = (folder / "src" / "client.ts").read_text()
    assert "async listLines(pageParam: string, resultParam: string, options:" in client
    assert "await this.listLines(pageParam, resultParam, { ...options, page: page })" in client
    result = tsc("5.9", "-p", "tsconfig.json", "--noEmit", cwd=folder)
    assert result.returncode == 0, result.stdout[-3000:]


def test_readme_examples_naming_no_operation_are_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(hostile_client_spec()))
    config = repo_config(tmp_path)  # its examples name Permit operations the spec lacks
    result = run_cli(
        "generate", "permit", "--source", str(path), "--out", str(tmp_path / "out"),
        "--only", "python,typescript", "-c", str(config),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    for name in ("create_user", "replace_user", "assign_role", "list_roles"):
        warning = f"permit: README example {name!r} is not an operation of this API"
        # once: both clients read one surface, built once per API (EmitInput.surface)
        assert result.stderr.count(warning) == 1
    for readme in ("python/README.md", "typescript/README.md"):
        text = (tmp_path / "out" / "permit" / "clients" / readme).read_text()
        assert "## Create a user" not in text and "## Errors" in text
