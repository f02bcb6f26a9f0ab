"""apigen as users install it: a wheel (and sdist) built from the sources, installed into a fresh
venv outside the repository, generating both APIs with the templates and the runtime it carries."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from helpers import PDP_SPEC, PERMIT_SPEC, ROOT, repo_config, venv_with_wheel

pytestmark = pytest.mark.slow  # make test-fast leaves it out


def _sources(target: Path) -> Path:
    """The files a release is built from, copied out so the build writes nothing into the repo."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, target / name)
    return target


def test_wheel_installed_outside_the_repo_generates_both_apis(tmp_path: Path) -> None:
    src = _sources(tmp_path / "src")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    (sdist,) = dist.glob("*.tar.gz")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        f"generator/templates/{p.relative_to(ROOT / 'templates')}"
        for p in (ROOT / "templates").rglob("*")
        if p.is_file()
    }
    assert templates <= names, sorted(templates - names)  # every template, the site's included
    from generator.kinds import REGISTRY

    for kind in REGISTRY.values():  # each registered kind's templates and runtime, by glob
        if kind.templates:
            assert any(n.startswith(f"generator/templates/{kind.templates}/") for n in names)
        if kind.runtime:
            runtime = ROOT / "generator" / "runtime" / kind.runtime
            shipped = {
                f"generator/runtime/{kind.runtime}/{p.name}"
                for p in runtime.iterdir()
                if p.suffix in (".py", ".ts", ".js")
            }
            assert shipped <= names, sorted(shipped - names)
    for packaged in (
        "generator/templates/curl/index.html.j2",
        "generator/templates/python/client.py.j2",
        "generator/templates/python/_settings.py.j2",
        "generator/runtime/python/_core.py",
        "generator/runtime/python/_retry.py",
        "generator/emit/python/models.py",
        "generator/runtime/typescript/_core.ts",
        "generator/templates/typescript/client.ts.j2",
        "generator/emit/typescript/types.py",
    ):
        assert packaged in names, packaged
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"templates/python/client.py.j2", "generator/runtime/python/_core.py"} <= members

    venv = venv_with_wheel(tmp_path, wheel)
    site = next((venv / "lib").glob("python*/site-packages"))
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import generator; print(generator.TEMPLATES)"],
        capture_output=True,
        text=True,
        cwd=work,
    )
    assert where.stdout.strip() == str(site / "generator" / "templates"), where.stderr
    config = repo_config(work)
    for api, spec in (("permit", PERMIT_SPEC), ("pdp", PDP_SPEC)):
        run = subprocess.run(
            [
                str(venv / "bin" / "apigen"),
                "generate",
                api,
                "--config",
                str(config),
                "--source",
                str(spec),
                "--out",
                str(work / "out"),
                "-q",
            ],
            capture_output=True,
            text=True,
            cwd=work,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr[-2000:]
    assert (work / "out" / "permit" / "curl" / "index.html").is_file()
    assert (
        work / "out" / "pdp" / "clients" / "python" / "permit_pdp" / "_core.py"
    ).read_bytes() == (ROOT / "generator" / "runtime" / "python" / "_core.py").read_bytes()
    assert (
        work / "out" / "permit" / "clients" / "typescript" / "src" / "_core.ts"
    ).read_bytes() == (ROOT / "generator" / "runtime" / "typescript" / "_core.ts").read_bytes()
    assert len(list((work / "out" / "permit" / "postman").glob("*.json"))) == 3


def test_the_generate_lock_is_the_full_lock_for_the_run_time_closure() -> None:
    """requirements-generate.lock (what `make generate` installs) holds requirements.lock's
    own entries, hashes included, and every package apigen's run-time dependencies need."""
    import importlib.metadata as md
    import re
    import subprocess
    import sys

    from packaging.requirements import Requirement

    checked = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_lock.py"), "--check"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    lock = (ROOT / "requirements-generate.lock").read_text()
    pinned = {
        re.sub(r"[-_.]+", "-", m[1]).lower(): m[2]
        for m in re.finditer(r"^([A-Za-z0-9._-]+)==(\S+)", lock, re.M)
    }
    roots = [Requirement(r).name for r in md.requires("apigen") or [] if "extra ==" not in r]
    todo, seen = [*roots, "setuptools"], set()
    while todo:  # the installed closure of apigen's run-time requirements
        name = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        for text in md.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    assert seen <= set(pinned), sorted(seen - set(pinned))
    assert all(pinned[name] == md.version(name) for name in seen)
    assert "pytest" not in pinned and "playwright" not in pinned and "mypy" not in pinned


def test_every_command_of_the_installed_tool_on_a_corpus_spec(tmp_path: Path) -> None:
    """#37: the wheel in a fresh venv, in a folder of its own, on a real public spec: `init`,
    `fetch`, `normalize`, `generate` twice across a spec change, `check`, `diff` (with and
    without the config) and `publish postman` (against the stand-in Postman API) each exit as
    documented; none ends on a missing module."""
    import json
    import os

    import yaml
    from helpers import SHARED
    from postman_api import PostmanApi, serve

    src = _sources(tmp_path / "src")
    shutil.copy(ROOT / "setup.py", src / "setup.py")
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-3000:]
    (wheel,) = dist.glob("*.whl")
    venv = venv_with_wheel(tmp_path, wheel)
    work = tmp_path / "project"
    work.mkdir()
    spec = yaml.safe_load((SHARED / "corpus" / "swagger-petstore-3.0" / "openapi.yaml").read_text())
    (work / "openapi.json").write_text(json.dumps(spec))
    postman = PostmanApi(key="PMAK-wheel", workspace="ws-wheel")
    httpd, thread = serve(postman)
    env = {
        **os.environ,
        "POSTMAN_API_KEY": "PMAK-wheel",
        "POSTMAN_API_URL": postman.url,
        "POSTMAN_WORKSPACE_ID": "ws-wheel",
    }
    env.pop("APIGEN_CONFIG", None)

    def apigen(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(venv / "bin" / "apigen"), *args],
            capture_output=True, text=True, cwd=work, env=env, timeout=300,
        )  # fmt: skip
        assert "ModuleNotFoundError" not in done.stderr and "internal error" not in done.stderr
        return done

    try:
        assert apigen("diff", "openapi.json", "openapi.json").returncode == 0  # no config yet
        init = apigen("init", "--source", "openapi.json")
        assert init.returncode == 0, init.stderr
        assert (work / "apigen.toml").is_file()
        for command in ("fetch", "normalize", "generate"):
            done = apigen(command, "-q")
            assert done.returncode == 0, (command, done.stderr[-2000:])
        (name,) = [p.name for p in (work / "output").iterdir() if p.name != "site"]
        changed = json.loads(json.dumps(spec))
        first = sorted(changed["paths"])[0]
        changed["paths"].pop(first)
        (work / "before.json").write_text(json.dumps(spec))
        (work / "openapi.json").write_text(json.dumps(changed))
        again = apigen("generate", "-q")
        assert again.returncode == 0, again.stderr[-2000:]
        assert (work / "output" / name / "CHANGES.md").is_file()
        check = apigen("check", "-q")
        assert check.returncode == 0, check.stdout + check.stderr[-2000:]
        diff = apigen("diff", "before.json", "openapi.json", "--format", "json")
        assert diff.returncode == 0, diff.stderr[-2000:]
        assert json.loads(diff.stdout)["summary"]["breaking"] >= 1
        published = apigen("publish", "postman", "-q")
        assert published.returncode == 0, published.stderr[-2000:]
        assert len(postman.collections) == 1
        calls = len(postman.calls)
        quiet = apigen("publish", "postman", "-q")
        assert quiet.returncode == 0, quiet.stderr[-2000:]
        assert [c for c in postman.calls[calls:] if c.method != "GET"] == []  # nothing changed
        bad = apigen("generate", "nosuchapi")
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
