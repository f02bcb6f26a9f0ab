"""Write overlays/permit-sdk-calls.toml: the calls of the official SDKs' API clients and the
endpoint each reaches, for the client READMEs' mapping table and its test.

    python tools/sdk_calls.py NODE PYTHON GOLANG NORMALIZED_SPEC > overlays/permit-sdk-calls.toml

(each SDK a checkout or a git directory of it)

permit-node (src/api/*.ts): each `public async <name>(` of a class that `ApiClient` exposes, and
the first generated-client call in its body (`this.users.createUser(` -> operation id
`create_user`). permit-python (permit/api/*.py) builds URLs by hand, so its calls are matched
to permit-node's by name (`get_stats` = `getStats`), and the rest are listed in PYTHON_ONLY
below with the endpoint their source requests. permit-golang (pkg/api/*.go): each method of a
type `PermitApiClient` exposes, and the first OpenAPI Generator call in its body
(`u.client.UsersApi.CreateUser(` -> `create_user`). Aliases that call another SDK method
(`getByKey`, `getById`) and calls outside the spec are left out. Not run by CI (no network):
the output is committed with the commits it read.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

# permit-python calls without a permit-node twin of the same name: group.call -> operation id
PYTHON_ONLY = {
    "relationship_tuples.bulk_create": "bulk_create_relationship_tuples",
    "relationship_tuples.bulk_delete": "bulk_delete_relationship_tuples",
    "resource_instances.bulk_replace": "bulk_replace_resource_instances",
    "resource_instances.bulk_delete": "bulk_delete_resource_instances",
    "resource_roles.create_role_derivation": "create_implicit_grant",
    "resource_roles.delete_role_derivation": "delete_implicit_grant",
    "resource_roles.update_role_derivation_conditions": "update_implicit_grants_conditions",
    "tenants.bulk_create": "bulk_create_tenants",
    "tenants.bulk_delete": "bulk_delete_tenants",
    "user_invites.list": "list_user_invites",
    "user_invites.get": "get_user_invite",
    "user_invites.create": "create_user_invite",
    "user_invites.delete": "delete_user_invite",
    "user_invites.approve": "approve_user_invite",
    "users.bulk_create": "bulk_create_users",
    "users.bulk_replace": "bulk_replace_users",
    "users.bulk_delete": "bulk_delete_users",
    "users.assign_role": "assign_role",
    "users.unassign_role": "unassign_role",
    "users.get_assigned_roles": "list_role_assignments",
}
SKIP = {"getByKey", "getById", "get_by_key", "get_by_id"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def node_calls(repo: Path) -> list[tuple[str, str, str]]:
    """(group, call, operation id) for permit-node's API classes."""
    files = [f for f in git(repo, "ls-tree", "--name-only", "HEAD", "src/api/").split() if f]
    client = git(repo, "show", "HEAD:src/api/api-client.ts")
    groups = {i: p for p, i in re.findall(r"public readonly (\w+): (I\w+Api);", client)}
    out = []
    for path in files:
        text = git(repo, "show", f"HEAD:{path}")
        cls = re.search(r"export class (\w+)Api extends", text)
        group = groups.get(f"I{cls.group(1)}Api") if cls else None
        if group is None:
            continue
        for found in re.finditer(r"public async (\w+)(?:<[^>]*>)?\(", text):
            name, i, depth = found.group(1), found.end(), 1
            while depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
            head = re.match(r"\s*:\s*[^{;]*[{;]", text[i:])
            if name in SKIP or (head and head.group(0).rstrip().endswith(";")):
                continue  # an alias, or an overload's signature
            body = text[i : i + 4000]
            end = re.search(r"public async |\n  }\n", body)
            call = re.search(r"this\.\w+\.(\w+)\(", body[: end.start() if end else None])
            if call:
                out.append((group, name, snake(call.group(1))))
    return out


def python_calls(repo: Path, node: dict[str, str]) -> list[tuple[str, str, str]]:
    out = []
    for path in git(repo, "ls-tree", "--name-only", "HEAD", "permit/api/").split():
        group = Path(path).stem
        text = git(repo, "show", f"HEAD:{path}")
        for name in re.findall(r"\n    async def ([a-z]\w*)\(", text):
            key = f"{group}.{name}"
            node_key = f"{snake(group)}.{name}"
            operation = PYTHON_ONLY.get(key) or node.get(node_key)
            if name not in SKIP and operation:
                out.append((group, name, operation))
    return out


def golang_calls(repo: Path) -> list[tuple[str, str, str]]:
    """(group, call, operation id) for permit-golang's API types."""
    client = git(repo, "show", "HEAD:pkg/api/api.go")
    struct = re.search(r"type PermitApiClient struct \{(.*?)\n\}", client, re.S)
    fields = re.findall(r"^\t(\w+)\s+\*(\w+)$", struct.group(1) if struct else "", re.M)
    groups = {kind: field for field, kind in fields}
    out = []
    for path in git(repo, "ls-tree", "--name-only", "HEAD", "pkg/api/").split():
        text = git(repo, "show", f"HEAD:{path}")
        methods = list(re.finditer(r"^func \(\w+ \*(\w+)\) ([A-Z]\w*)\(", text, re.M))
        for index, found in enumerate(methods):
            kind, name = found.group(1), found.group(2)
            end = methods[index + 1].start() if index + 1 < len(methods) else len(text)
            call = re.search(r"\.client\.\w+Api\.(\w+)\(", text[found.end() : end])
            if kind in groups and call and name not in {"GetByKey", "GetById"}:
                out.append((groups[kind], name, snake(call.group(1))))
    return out


def main() -> None:
    node_repo, python_repo, golang_repo, spec = (Path(a) for a in sys.argv[1:5])
    document = json.loads(spec.read_text())
    endpoints = {
        op["operationId"]: f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }
    node = node_calls(node_repo)
    by_name = {f"{snake(g)}.{snake(n)}": op for g, n, op in node}
    python = python_calls(python_repo, by_name)
    golang = golang_calls(golang_repo)
    print("# The official SDKs' API calls and the endpoint each reaches (tools/sdk_calls.py).")
    repos = (
        ("permit-node", node_repo),
        ("permit-python", python_repo),
        ("permit-golang", golang_repo),
    )
    for label, repo in repos:
        commit = git(repo, "rev-parse", "HEAD").strip()
        print(f"# {label}: github.com/permitio/{label} at {commit}")
    print('\n[sdks]  # which client language each SDK is compared with\npermit-node = "typescript"')
    print('permit-python = "python"')
    print('permit-golang = "go"')
    for sdk, calls in (("permit-node", node), ("permit-python", python), ("permit-golang", golang)):
        for group, name, operation in calls:
            if operation not in endpoints:
                continue
            print(f'\n[[calls]]\nsdk = "{sdk}"\ncall = "{group}.{name}"')
            print(f'operation = "{endpoints[operation]}"')


if __name__ == "__main__":
    main()
