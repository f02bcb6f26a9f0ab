"""`make bench`'s Go rows (issue #35).

- **Generating**: apigen's Go client (`--only go`, config-less, a regeneration as in a project;
  the first run in an empty folder timed once beside it) against oapi-codegen v2.8.2
  (`-generate types,client`, installed with `go install` into .apigen-cache/bench/go) on
  Spotify's OpenAPI 3.0.3 spec from ../shared/corpus, which oapi-codegen accepts, taking turns.
  Then what oapi-codegen does with Permit's 3.1 spec (its exit status and first line).
- **Per call**: 10,000 `client.Users.Get` calls of Permit's generated Go client against an
  httptest server in the same process, beside 10,000 raw `net/http` GETs of the same URL whose
  body is decoded into the same `UserRead` (the least a hand-written call does), taking turns
  over five rounds; each side's best round, in nanoseconds per call.

Figures for information: no test asserts them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".apigen-cache" / "bench" / "go"
OAPI_CODEGEN = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
SPOTIFY = "spotify/fixed-spotify-open-api.yml"

PROGRAM = """package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	api "MODULE"
)

const user = `{"key": "u1", "id": "00000000-0000-4000-8000-000000000001",
"organization_id": "o", "project_id": "p", "environment_id": "e", "associated_tenants": [],
"roles": [], "email": "a@example.com", "created_at": "2025-01-01T00:00:00Z",
"updated_at": "2025-01-01T00:00:00Z"}`

func main() {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(user))
	}))
	defer server.Close()
	ctx := context.Background()
	client, err := api.New(api.WithAPIKey("k"), api.WithBaseURL(server.URL),
		api.WithProject("p"), api.WithEnvironment("e"))
	if err != nil {
		panic(err)
	}
	raw := &http.Client{}
	url := server.URL + "/v2/facts/p/e/users/u1"
	const calls = 10000
	ours := func() {
		for range calls {
			if _, err := client.Users.Get(ctx, "u1"); err != nil {
				panic(err)
			}
		}
	}
	theirs := func() {
		for range calls {
			req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
			req.Header.Set("Authorization", "Bearer k")
			req.Header.Set("Accept", "application/json")
			resp, err := raw.Do(req)
			if err != nil {
				panic(err)
			}
			var found api.UserRead
			if err := json.NewDecoder(resp.Body).Decode(&found); err != nil {
				panic(err)
			}
			resp.Body.Close()
		}
	}
	best := map[string]time.Duration{}
	ours()
	theirs() // warm: connections, code
	for range 5 {
		for name, run := range map[string]func(){"client": ours, "net/http": theirs} {
			start := time.Now()
			run()
			if took := time.Since(start); best[name] == 0 || took < best[name] {
				best[name] = took
			}
		}
	}
	out, _ := json.Marshal(map[string]float64{
		"client_ns": float64(best["client"].Nanoseconds()) / calls,
		"net_http_ns": float64(best["net/http"].Nanoseconds()) / calls,
	})
	fmt.Println(string(out))
}
"""


def _go(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["go", *args], cwd=cwd, capture_output=True, text=True,
        env={**os.environ, "GOFLAGS": "-mod=mod", **(env or {})},
    )  # fmt: skip


def oapi_codegen() -> Path:
    """oapi-codegen, pinned, built once into the bench cache."""
    binary = CACHE / "bin" / "oapi-codegen"
    if not binary.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        built = _go("install", OAPI_CODEGEN, cwd=CACHE, env={"GOBIN": str(CACHE / "bin")})
        if built.returncode != 0:
            raise SystemExit(f"bench: go install {OAPI_CODEGEN} failed:\n{built.stderr[-2000:]}")
    return binary


def go_rows(
    work: Path, runs: int, corpus: Path, permit_spec: Path, generated: Path, apigen: list[str],
    measure_jobs: Callable[..., list[dict[str, Any]]], job: Any, once: Callable[..., Any],
) -> dict[str, Any]:  # fmt: skip
    tool = oapi_codegen()
    entry = corpus / SPOTIFY
    folder = work / "go-gen"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "out"
    gen = [*apigen, "generate", "--source", str(entry), "--out", str(out), "-q", "--only", "go"]
    first, _ = once(gen, out, None, cwd=folder)
    (api,) = [p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")]
    theirs = [str(tool), "-generate", "types,client", "-package", "spotify"]
    theirs += ["-o", str(folder / "oapi.go"), str(entry)]
    ours_row, theirs_row = measure_jobs(
        runs,
        job("spotify: apigen --only go", gen, api, cwd=folder),
        job("spotify: oapi-codegen v2.8.2 types,client", theirs),
    )
    permit = subprocess.run(
        [str(tool), "-generate", "types,client", "-package", "permit", "-o", os.devnull,
         str(permit_spec)], capture_output=True, text=True,
    )  # fmt: skip
    said = (permit.stderr or permit.stdout).strip().splitlines()
    module = generated / "permit" / "clients" / "go"
    path = re.search(r"^module\s+(\S+)", (module / "go.mod").read_text(), re.M)
    assert path is not None
    major = re.search(r"/v(\d+)$", path.group(1))
    version = f"v{major.group(1)}.0.0" if major else "v0.0.0"  # a replaced module's placeholder
    caller = work / "go-calls"
    caller.mkdir(parents=True, exist_ok=True)
    (caller / "go.mod").write_text(
        f"module example.test/calls\n\ngo 1.24\n\nrequire {path.group(1)} {version}\n\n"
        f"replace {path.group(1)} => {module}\n"
    )
    (caller / "main.go").write_text(PROGRAM.replace("MODULE", path.group(1)))
    measured = _go("run", ".", cwd=caller)
    if measured.returncode != 0:
        raise SystemExit(f"bench: the Go per-call program failed:\n{measured.stderr[-2000:]}")
    calls = json.loads(measured.stdout)
    ratio = round(calls["client_ns"] / calls["net_http_ns"], 3)
    rows = {
        "generate": [ours_row, theirs_row],
        "generate, first run in an empty folder (s)": round(first, 3),
        "apigen / oapi-codegen (spotify)": round(ours_row["median_s"] / theirs_row["median_s"], 3),
        "oapi-codegen on Permit's 3.1 spec": {
            "exit": permit.returncode, "said": said[0][:300] if said else "",
        },
        "per call (10,000 calls, best of 5)": calls,
        "client / net/http per call": ratio,
    }  # fmt: skip
    said_first = rows["oapi-codegen on Permit's 3.1 spec"]["said"][:80]
    label = "Go: apigen / oapi-codegen (spotify)"
    print(f"{label:<44} {rows['apigen / oapi-codegen (spotify)']:>7}")
    print(f"{'Go: oapi-codegen on Permit 3.1':<44} exit {permit.returncode}: {said_first}")
    each = f"{calls['client_ns']:.0f} / {calls['net_http_ns']:.0f} ns"
    print(f"{'Go: client / net/http per call':<44} {ratio:>7}  ({each})")
    return rows
