"""A synthetic spec N times the size of a real one: every path, operation, tag and schema
replicated under renamed paths, tags and names, with every `$ref` pointing at its own copy."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

REF = re.compile(r'"#/components/schemas/([^"]+)"')


def replicate(document: dict[str, Any], times: int) -> dict[str, Any]:
    schemas = document.get("components", {}).get("schemas", {})
    paths: dict[str, Any] = {}
    all_schemas: dict[str, Any] = {}
    tags: list[dict[str, Any]] = []
    for copy in range(times):
        suffix = f"Copy{copy}" if copy else ""

        def rename(text: str, suffix: str = suffix) -> str:
            return REF.sub(lambda m: f'"#/components/schemas/{m.group(1)}{suffix}"', text)

        for name, schema in schemas.items():
            all_schemas[f"{name}{suffix}"] = json.loads(rename(json.dumps(schema)))
        for path, item in document["paths"].items():
            new_path = path
            if copy:
                new_path = (
                    f"/v2/copy{copy}{path[3:]}" if path.startswith("/v2/") else f"/copy{copy}{path}"
                )
            item = json.loads(rename(json.dumps(item)))
            for op in item.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{op['operationId']}{'_copy' + str(copy) if copy else ''}"
                    op["tags"] = [
                        f"{t}{' ' + str(copy) if copy else ''}" for t in op.get("tags", [])
                    ]
            paths[new_path] = item
        tags += [
            {**t, "name": f"{t['name']}{' ' + str(copy) if copy else ''}"}
            for t in document.get("tags", [])
        ]
    out = dict(document)
    out["paths"] = paths
    out["tags"] = tags
    out["components"] = {**document.get("components", {}), "schemas": all_schemas}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("spec", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    document = json.loads(args.spec.read_text())
    args.output.write_text(json.dumps(replicate(document, args.times)))


if __name__ == "__main__":
    main()
