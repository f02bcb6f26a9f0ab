"""The regenerate workflow's steps, run in order twice while the spec source changes."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import HISTORY, PERMIT_SPEC, ROOT, pin_test_data

pytestmark = pytest.mark.slow  # make test-fast leaves it out

WORKFLOW = ROOT / ".github" / "workflows" / "regenerate.yml"


def steps() -> list[dict[str, Any]]:
    data = yaml.safe_load(WORKFLOW.read_text())
    result: list[dict[str, Any]] = data["jobs"]["regenerate"]["steps"]
    return result


def test_workflow_is_weekly_and_on_demand_and_runs_only_make_and_apigen() -> None:
    data = yaml.safe_load(WORKFLOW.read_text())
    triggers = data[True] if True in data else data["on"]  # YAML 1.1 reads `on` as true
    assert "workflow_dispatch" in triggers and triggers["schedule"][0]["cron"]
    commands = [s["run"] for s in steps() if "run" in s and s.get("id") != "title"]
    assert commands[0] == "make venv"
    assert all(c.startswith(("make ", ".venv/bin/apigen ")) for c in commands)
    changed = next(s for s in steps() if s.get("id") == "title")
    assert "hashFiles('output/api-changes.md')" in changed["if"]
    # the job that opens the pull request runs no project code: it takes the lock and the text
    pr_job = data["jobs"]["pull-request"]
    assert pr_job["needs"] == "regenerate" and "outputs.changed == 'true'" in pr_job["if"]
    assert not any(
        "make " in s.get("run", "") or ".venv/bin/" in s.get("run", "") for s in pr_job["steps"]
    )
    title = next(s for s in pr_job["steps"] if s.get("id") == "title")
    assert "api-changes.title" in title["run"] and "$GITHUB_OUTPUT" in title["run"]
    pr = next(s for s in pr_job["steps"] if "create-pull-request" in s.get("uses", ""))
    assert pr["with"]["body-path"] == "regeneration/output/api-changes.md"
    assert pr["with"]["title"] == "${{ steps.title.outputs.title }}"
    assert pr["with"]["add-paths"] == "apigen.lock.json"


def run_workflow(workspace: Path) -> dict[str, Any]:
    """The run steps after `make install` (the test suite is installed), then the PR decision."""
    env = {**os.environ, "APIGEN_CONFIG": str(workspace / "apigen.toml")}
    outcome: dict[str, Any] = {"codes": []}
    for step in steps():
        if "run" in step and not step["run"].startswith("make ") and step.get("id") != "title":
            proc = subprocess.run(
                shlex.split(step["run"]), cwd=workspace, env=env, capture_output=True, text=True
            )
            outcome["codes"].append(proc.returncode)
            assert proc.returncode == 0, proc.stderr[-2000:]
    body = workspace / "output" / "api-changes.md"
    outcome["pull_request_body"] = body.read_text() if body.exists() else None
    title = workspace / "output" / "api-changes.title"
    outcome["pull_request_title"] = title.read_text().splitlines()[0] if title.exists() else None
    return outcome


def test_two_runs_with_a_changing_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    text = (ROOT / "apigen.toml").read_text()
    text = text.replace('source = "https://api.permit.io/v2/redoc"', f'source = "{spec}"')
    text = pin_test_data(text)
    (tmp_path / "apigen.toml").write_text(text)

    shutil.copy(HISTORY / "openapi-2025-05-20.json", spec)
    first = run_workflow(tmp_path)
    assert first["pull_request_body"] is None  # first generation: nothing to compare with

    shutil.copy(HISTORY / "openapi-2025-07-20.json", spec)
    changed = run_workflow(tmp_path)
    body = changed["pull_request_body"]
    assert body is not None and body.startswith("# API changes: permit")
    # the bump the diff gives leads the body and the title, and lands in the lock and package
    assert "Version: permit-api 1.0.0 -> 1.1.0 (minor: 6 additions, nothing breaking)." in body
    assert (
        changed["pull_request_title"]
        == "Permit.io API: 6 additions, nothing breaking, permit-api 1.0.0 -> 1.1.0"
    )
    lock = json.loads((tmp_path / "apigen.lock.json").read_text())
    assert lock["permit"]["client_version"] == "1.1.0"
    pyproject = (
        tmp_path / "output" / "permit" / "clients" / "python" / "pyproject.toml"
    ).read_text()
    assert 'version = "1.1.0"' in pyproject
    unassign = (
        "`DELETE /v2/facts/{proj_id}/{env_id}/role_assignments` (`role_assignments.unassign`): "
    )
    assert f"- {unassign}parameter `return_deleted` (query) added, optional" in body
    assert f"- {unassign}response 200 added (`RoleAssignmentRead`)" in body
    assert f"- {unassign}response 404 added" in body
    assert (tmp_path / "output" / "permit" / "CHANGES.md").read_text() == body

    shutil.copy(PERMIT_SPEC, spec)
    volatile = run_workflow(tmp_path)
    assert volatile["pull_request_body"] is None  # 07-20 -> current: only volatile ids differ
    assert volatile["pull_request_title"] is None
    lock = json.loads((tmp_path / "apigen.lock.json").read_text())
    assert lock["permit"]["client_version"] == "1.1.0"  # unchanged API, unchanged version
    assert volatile["codes"] == [0, 0]


WORKFLOWS = ROOT / ".github" / "workflows"


def test_every_workflow_passes_actionlint() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert {Path(f).name for f in files} == {"pages.yml", "regenerate.yml", "release.yml"}
    lint = subprocess.run(
        ["node", str(ROOT / "tools" / "node" / "actionlint.cjs"), *files],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_pages_and_release_workflows() -> None:
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text())
    uses = [s.get("uses", "") for job in pages["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    runs = "\n".join(s.get("run", "") for s in pages["jobs"]["build"]["steps"])
    assert "chmod 0644" in runs and "chmod 0755" in runs
    assert ".venv/bin/apigen generate --locked" in runs and "actions/cache" not in str(uses)
    assert pages["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    release = yaml.safe_load((WORKFLOWS / "release.yml").read_text())
    triggers = release[True] if True in release else release["on"]
    assert triggers["push"]["paths"] == ["apigen.lock.json"]
    build = release["jobs"]["build"]
    assert build["if"] == "github.ref == 'refs/heads/main'"  # also when started by hand
    assert build["permissions"] == {"contents": "read"}
    assert any(s.get("run") == "make dist" for s in build["steps"])
    assert any(s.get("run") == ".venv/bin/apigen generate --locked" for s in build["steps"])
    assert release["jobs"]["release"]["permissions"] == {"contents": "write"}
    assert not any("make " in s.get("run", "") for s in release["jobs"]["release"]["steps"])
    pypi = release["jobs"]["pypi"]
    assert pypi["environment"] == "pypi" and pypi["permissions"] == {"id-token": "write"}
    switch = next(s for s in pypi["steps"] if s.get("id") == "switch")
    assert "secrets.PYPI_PUBLISH" in switch["env"]["PYPI_PUBLISH"]
    assert all(s.get("if") == "steps.switch.outputs.on == 'true'" for s in pypi["steps"][1:])


def test_workflows_are_hardened() -> None:
    """What zizmor checks in `make lint`, stated here too: no permission at the top, actions
    pinned by commit with their version beside, no persisted checkout credentials, a
    concurrency group per workflow, and Dependabot watching every pinned ecosystem."""
    import re

    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text()
        data = yaml.safe_load(text)
        assert data["permissions"] == {}, path.name
        assert data["concurrency"]["group"], path.name
        for job in data["jobs"].values():
            assert "permissions" in job, path.name
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step["with"]["persist-credentials"] is False, path.name
        for line in re.findall(r"uses: (\S+.*)", text):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line
    dependabot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {u["package-ecosystem"] for u in dependabot["updates"]}
    assert ecosystems == {"github-actions", "pip", "npm"}


def test_zizmor_finds_nothing() -> None:
    zizmor = ROOT / ".venv" / "bin" / "zizmor"
    result = subprocess.run(
        [str(zizmor), "--offline", "--persona", "regular", "--format", "json", str(WORKFLOWS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert json.loads(result.stdout) == []


def test_regenerate_then_publish_against_a_stand_in_postman(tmp_path: Path) -> None:
    """The push job of regenerate.yml: its apigen steps, with POSTMAN_* pointing at 127.0.0.1."""
    from postman_api import PostmanApi, serve

    data = yaml.safe_load(WORKFLOW.read_text())
    job = data["jobs"]["publish"]
    assert job["environment"] == "postman" and job["permissions"] == {"contents": "read"}
    assert "env" not in job  # the key is on the publish step only
    publish = next(s for s in job["steps"] if "publish postman" in s.get("run", ""))
    assert "secrets.POSTMAN_API_KEY" in publish["env"]["POSTMAN_API_KEY"]
    assert "::notice::" in publish["run"]
    assert [s for s in job["steps"] if "secrets." in str(s)] == [publish]
    commands = [s["run"] for s in job["steps"] if s.get("run", "").startswith(".venv/bin/apigen")]
    assert commands == [".venv/bin/apigen generate --locked --only postman"]
    commands.append(".venv/bin/apigen publish postman")

    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    text = (ROOT / "apigen.toml").read_text()
    text = pin_test_data(text)
    (tmp_path / "apigen.toml").write_text(text)
    postman = PostmanApi(key="PMAK-test", workspace="ws")
    httpd, thread = serve(postman)
    env = {
        **os.environ,
        "APIGEN_CONFIG": str(tmp_path / "apigen.toml"),
        "POSTMAN_API_KEY": "PMAK-test",
        "POSTMAN_WORKSPACE_ID": "ws",
        "POSTMAN_API_URL": postman.url,
    }
    # what the merged pull request left: a lock naming the specs (here the test data)
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "apigen"), "generate", "-q", "--offline", "--only", "postman"],
        cwd=tmp_path, env=env, check=True,
    )  # fmt: skip
    try:
        for command in commands:
            proc = subprocess.run(
                [*shlex.split(command), "--offline"]
                if "generate" in command
                else shlex.split(command),
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
            )
            assert proc.returncode == 0, proc.stderr[-2000:]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
    assert len(postman.collections) == 2 and len(postman.environments) == 5


def test_every_job_has_a_time_limit() -> None:
    """#34: a job that hangs (a crafted answer, a stuck registry) ends at its limit, not after
    GitHub's six hours."""
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        jobs = yaml.safe_load(path.read_text())["jobs"]
        for name, job in jobs.items():
            limit = job.get("timeout-minutes")
            assert isinstance(limit, int) and 0 < limit <= 60, (path.name, name)
