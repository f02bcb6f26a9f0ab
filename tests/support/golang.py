"""The Go toolchain for tests: a generated module built and run from a throwaway consumer module
that `replace`s it with its folder (no network: the module is standard library only), and the
Go snippets of an API's operations as the snippets page shows them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from helpers import ROOT

from generator.config import load_config
from generator.emit import EmitInput
from generator.model import build_api
from generator.plan import build_plan

GO = shutil.which("go") or "go"
STATICCHECK = "honnef.co/go/tools/cmd/staticcheck@v0.8.2"


def go(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GO, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "GOFLAGS": "-mod=mod", "GOTOOLCHAIN": "local", **(env or {})},
    )  # fmt: skip


def module_path(folder: Path) -> str:
    found = re.search(r"^module\s+(\S+)", (folder / "go.mod").read_text(), re.M)
    assert found is not None
    return found.group(1)


def placeholder(path: str) -> str:
    """A version `require` may name for a module `replace`d by a folder: v0.0.0, or vN.0.0 for
    a path ending in /vN (Go's rule)."""
    found = re.search(r"/v(\d+)$", path)
    return f"v{found.group(1)}.0.0" if found else "v0.0.0"


def consumer(folder: Path, module: Path, files: dict[str, str]) -> Path:
    """A module at `folder` that requires the generated `module` (replaced by its folder)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = module_path(module)
    (folder / "go.mod").write_text(
        f"module example.test/consumer\n\ngo 1.24\n\nrequire {path} {placeholder(path)}\n\n"
        f"replace {path} => {module}\n"
    )
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def inputs(generated: Path, api: str) -> EmitInput:
    config = load_config(ROOT / "apigen.toml").apis[api]
    document = json.loads((generated / api / "openapi.json").read_text())
    model = build_api(config, document)
    plan = build_plan(model, config)
    version = module_path(generated / api / "clients" / "go")
    major = re.search(r"/v(\d+)$", version)
    return EmitInput(model, config, {}, lambda: plan, f"{major.group(1) if major else 1}.0.0", {})


def snippets(generated: Path, api: str) -> dict[str, str]:
    from generator.emit import go as emitter

    return emitter.snippets(inputs(generated, api))


def driver(package: str, programs: dict[str, str]) -> str:
    """One program calling every operation as its snippet does: each snippet's body becomes a
    function returning its error; main prints {operation: "ok" | the error} as JSON."""
    functions, names = [], []
    imports: set[str] = {"context", "encoding/json", "fmt", "os"}
    start = f"\tapi, err := {package}.New()\n\tif err != nil {{\n\t\tlog.Fatal(err)\n\t}}\n"
    for index, (name, program) in enumerate(sorted(programs.items())):
        head, _, body = program.partition(start)
        assert body, name
        imports |= set(re.findall(r'^\t"([a-z/]+)"$', head, re.M)) - {"log"}
        body = body.rsplit("}\n", 1)[0]
        body = body.replace("log.Fatal(err)", "return err").replace('\tlog.Println("done")\n', "")
        body = re.sub(r"fmt\.Println\((.*)\)", r"_ = fmt.Sprint(\1)", body)
        functions.append(
            f"func op{index}(ctx context.Context, api *{package}.Client) error {{\n{body}\treturn nil\n}}\n"
        )
        names.append(name)
    module_import = re.search(r'^\t"([^"]+\.[^"]+)"$', next(iter(programs.values())), re.M)
    assert module_import is not None
    table = "".join(f"\t\t{json.dumps(n)}: op{i},\n" for i, n in enumerate(names))
    return (
        "package main\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports))
        + f'\n\t"{module_import.group(1)}"\n)\n\n'
        + "\n".join(functions)
        + "\nfunc main() {\n\tctx := context.Background()\n"
        f"\tapi, err := {package}.New()\n\tif err != nil {{\n\t\tpanic(err)\n\t}}\n"
        "\tfound := map[string]string{}\n"
        f"\tfor name, call := range map[string]func(context.Context, *{package}.Client) error{{\n{table}\t}} {{\n"
        '\t\tif err := call(ctx, api); err != nil {\n\t\t\tfound[name] = err.Error()\n\t\t} else {\n\t\t\tfound[name] = "ok"\n\t\t}\n\t}\n'
        "\t_ = json.NewEncoder(os.Stdout).Encode(found)\n}\n"
    )


def run_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)
