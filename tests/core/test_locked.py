"""`apigen generate --locked` (the publishing workflows): builds only from the spec whose sha256
apigen.lock.json records; any other is one line, exit 4, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from helpers import HISTORY, repo_config, run_cli, snapshot_tree


def test_generate_locked_refuses_another_spec(tmp_path: Path) -> None:
    config = str(repo_config(tmp_path))
    out = tmp_path / "out"
    base = ("generate", "pdp", "-q", "--offline", "-c", config, "--out", str(out), "--only")
    first = run_cli(*base, "postman")  # the offline snapshot: the PDP test spec, now locked
    assert first.code == 0, first.stderr
    same = run_cli(*base, "postman,curl", "--locked")
    assert same.code == 0, same.stderr
    before = snapshot_tree(out)
    other = sorted(HISTORY.glob("*.json"))[0]
    refused = run_cli(*base, "postman", "--source", str(other), "--locked")
    assert refused.code == 4 and refused.stderr.count("\n") == 1, refused.stderr
    assert "is not the one the lock records" in refused.stderr
    assert snapshot_tree(out) == before
    never = run_cli(
        "generate", "permit", "-q", "--offline", "-c", config, "--out", str(out), "--locked",
        "--source", str(other),
    )  # fmt: skip
    assert never.code == 4 and "(None)" in never.stderr  # nothing locked for it yet


# ---- #34: --locked covers every byte the build reads ------------------------------------

MAIN = """openapi: 3.0.3
info: {title: Parts, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "part.yaml#/Thing"}
"""
PART = "Thing:\n  type: object\n  properties:\n    id: {type: string}\n"


def _parts(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    from helpers import write_config

    (tmp_path / "main.yaml").write_text(MAIN)
    (tmp_path / "part.yaml").write_text(PART)
    config = write_config(tmp_path, source=str(tmp_path / "main.yaml"))
    base = ("generate", "permit", "-q", "-c", str(config), "--only", "postman,curl")
    first = run_cli(*base)
    assert first.code == 0, first.stderr
    again = run_cli(*base, "--locked")
    assert again.code == 0, again.stderr
    return tmp_path / "out", base


def test_a_changed_part_file_is_refused(tmp_path: Path) -> None:
    out, base = _parts(tmp_path)
    before = snapshot_tree(out)
    (tmp_path / "part.yaml").write_text(PART.replace("type: string", "type: integer"))
    refused = run_cli(*base, "--locked")
    assert refused.code == 4, refused.stderr
    assert "normalized spec built" in refused.stderr and refused.stderr.count("\n") == 1
    assert snapshot_tree(out) == before


def test_a_changed_kept_reading_is_refused(tmp_path: Path) -> None:
    import json

    out, base = _parts(tmp_path)
    before = snapshot_tree(out)
    kept = sorted((tmp_path / "cache" / "parsed").glob("*.json"))
    assert kept  # the YAML main document's reading
    for path in kept:
        data = json.loads(path.read_text())
        text = json.dumps(data).replace("list_things", "list_stolen")
        path.write_text(text)
    refused = run_cli(*base, "--locked")
    assert refused.code == 4, refused.stderr
    assert "the cache was changed" in refused.stderr
    assert snapshot_tree(out) == before
    # without --locked the kept reading is trusted, as a cache is (what --locked is for)
    assert run_cli(*base).code == 0


def test_changed_template_bytecode_is_refused(tmp_path: Path) -> None:
    import jinja2

    from generator.emit import templates

    out, base = _parts(tmp_path)
    before = snapshot_tree(out)
    folder = tmp_path / "cache" / "templates"
    store = jinja2.FileSystemBytecodeCache(str(folder))
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates.TEMPLATES)))
    source, filename, _ = env.loader.get_source(env, "curl/cheatsheet.md.j2")  # type: ignore[union-attr]
    other, other_file, _ = env.loader.get_source(env, "curl/index.html.j2")  # type: ignore[union-attr]
    bucket = jinja2.bccache.Bucket(
        env, store.get_cache_key("curl/cheatsheet.md.j2", filename),
        store.get_source_checksum(source),
    )  # fmt: skip
    store.load_bytecode(bucket)
    assert bucket.code is not None  # the first run kept it
    bucket.code = env.compile(other, "curl/index.html.j2", other_file)
    store.dump_bytecode(bucket)
    refused = run_cli(*base, "--locked")
    assert refused.code == 4, refused.stderr
    assert "curl/cheatsheet.md.j2" in refused.stderr and "the cache was changed" in refused.stderr
    assert snapshot_tree(out) == before
