"""The generated Go modules (issue #35): written gofmt-clean without Go, standard library only,
`go vet` and staticcheck clean; the runtime passes the shared contract tables; every operation
of both APIs answers 2xx through the client against Prism's mock (answers decoded into their
types), and every snippet and README example compiles and runs there."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from golang import STATICCHECK, consumer, driver, go, module_path, run_json, snippets
from helpers import ROOT

pytestmark = pytest.mark.slow
CHECK = """package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"

	api "MODULE"
)

func main() {
	ctx := context.Background()
	client, err := api.New()
	if err != nil {
		panic(err)
	}
	allowed, err := client.Check(ctx, "alice", "read", "document:1")
	if err != nil {
		panic(err)
	}
	decided := map[bool]string{true: "allow", false: "deny"}[allowed]
	many, err := client.BulkCheck(ctx, []api.CheckRequest{
		{User: map[string]any{"key": "alice"}, Action: "read", Resource: "document"},
		{User: "bob", Action: "write", Resource: map[string]any{"type": "document", "key": "2"}},
	})
	if err != nil {
		panic(err)
	}
	_, refused := client.Check(ctx, "alice", "read", "a:b:c")
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{
		"check": decided, "bulk": len(many), "refused": errors.Is(refused, api.ErrInvalidArgument),
	})
}
"""
APIS = [("permit", 251, "permitapi", "PERMIT_API_URL"), ("pdp", 29, "permitpdp", "PERMIT_PDP_URL")]


@pytest.mark.parametrize("api", ["permit", "pdp"])
def test_module_is_clean_and_standard_library_only(generated: Path, api: str) -> None:
    module = generated / api / "clients" / "go"
    mod = (module / "go.mod").read_text()
    assert "require" not in mod and re.search(r"^go 1\.2[4-9]$", mod, re.M)
    fmt = go("fmt", "./...", cwd=module)  # go fmt lists what it rewrote: nothing
    assert fmt.returncode == 0 and fmt.stdout == "", fmt.stdout + fmt.stderr
    vet = go("vet", "./...", cwd=module)
    assert vet.returncode == 0, vet.stderr
    check = go("run", STATICCHECK, "./...", cwd=module)
    assert check.returncode == 0, check.stdout + check.stderr


def test_runtime_passes_the_contract_tables() -> None:
    runtime = ROOT / "generator" / "runtime" / "go"
    result = go("test", "-count=1", "./...", cwd=runtime,
                env={"APIGEN_CONTRACTS": str(ROOT / "tests" / "runtime" / "contracts")})  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize(("api", "count", "package", "url_env"), APIS)
def test_every_operation_and_snippet_against_prism(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path,
    api: str, count: int, package: str, url_env: str, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    programs = snippets(generated, api)
    assert len(programs) == count
    module = generated / api / "clients" / "go"
    path = module_path(module)
    assert all(f'"{path}"' in p for p in programs.values())
    mock = prism(generated / api / "openapi.json")
    env = {"PERMIT_API_KEY": "permit_key_test", url_env: mock.url}
    project = consumer(tmp_path / "driver", module, {"main.go": driver(package, programs)})
    built = go("vet", ".", cwd=project)
    assert built.returncode == 0, built.stderr[-3000:]
    answers = run_json(go("run", ".", cwd=project, env=env))
    failed = {k: v for k, v in answers.items() if v != "ok"}
    assert failed == {} and len(answers) == count
    bare = go("run", ".", cwd=project, env={**env, "PERMIT_API_KEY": ""})
    assert (
        bare.returncode != 0 and "no API key: use WithAPIKey or set PERMIT_API_KEY" in bare.stderr
    )
    if api == "pdp":  # Permit's most used call, as permit-golang makes it: a bool
        checks = consumer(tmp_path / "check", module, {"main.go": CHECK.replace("MODULE", path)})
        answer = run_json(go("run", ".", cwd=checks, env=env))
        assert answer["check"] in ("allow", "deny")  # Prism's example decision, a bool
        assert (answer["bulk"], answer["refused"]) == (2, True)  # one per check; bad input unsent
    with capsys.disabled():
        print(f"\n{api}: Go {count}/{count} operations 2xx from Prism (answers decoded)")


@pytest.mark.parametrize(("api", "count", "package", "url_env"), APIS)
def test_readme_examples_compile_and_run(
    generated: Path, prism: Callable[[Path], Any], tmp_path: Path,
    api: str, count: int, package: str, url_env: str,
) -> None:  # fmt: skip
    module = generated / api / "clients" / "go"
    programs = re.findall(r"```go\n(.*?)```", (module / "README.md").read_text(), re.S)
    assert len(programs) >= 2 and all(p.startswith("package main\n") for p in programs)
    mock = prism(generated / api / "openapi.json")
    env = {"PERMIT_API_KEY": "permit_key_test", url_env: mock.url}
    for index, program in enumerate(programs):
        project = consumer(tmp_path / f"example{index}", module, {"main.go": program})
        fmt = go("fmt", ".", cwd=project)
        assert fmt.stdout == "", f"README example {index} is not gofmt-clean"
        run = go("run", ".", cwd=project, env=env)
        assert run.returncode == 0, f"example {index}:\n{program}\n{run.stderr[-2000:]}"


@pytest.mark.parametrize(("api", "count"), [("permit", 251), ("pdp", 29)])
def test_each_snippet_is_a_whole_program(
    generated: Path, tmp_path: Path, api: str, count: int
) -> None:
    """The reference pages' Go tab: every operation's program compiles on its own, gofmt-clean."""
    programs = snippets(generated, api)
    assert len(programs) == count
    module = generated / api / "clients" / "go"
    files = {f"snippets/{name}/main.go": text for name, text in programs.items()}
    project = consumer(tmp_path / "snippets", module, files)
    fmt = go("fmt", "./...", cwd=project)
    assert fmt.returncode == 0 and fmt.stdout == "", fmt.stdout[:2000]
    vet = go("vet", "./...", cwd=project)
    assert vet.returncode == 0, vet.stderr[-3000:]
    pages = (generated / api / "curl" / "reference").glob("*.html")
    panel = re.compile(r'<div class="panel" id="[^"]+-go" data-language="go">')
    assert sum(len(panel.findall(p.read_text())) for p in pages) == count
