"""generator/overlays.py: OpenAPI Overlay 1.0 documents applied before the passes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import HISTORY, PERMIT_SPEC, ROOT, repo_config, run_cli

from generator.errors import SpecError, UsageError
from generator.overlays import Overlays, load_overlay, merge

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/a": {"get": {"parameters": [{"name": "x", "in": "query"}], "tags": ["A"]}},
        "/b": {"post": {"parameters": [], "tags": ["B"], "deprecated": True}},
    },
    "components": {"schemas": {"S": {"type": "object", "properties": {"p": {"type": "string"}}}}},
}


def _overlay(tmp_path: Path, actions: list[dict[str, Any]], name: str = "o.json") -> Path:
    path = tmp_path / name
    document = {"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions}
    path.write_text(json.dumps(document))
    return path


def _apply(tmp_path: Path, actions: list[dict[str, Any]], **kw: Any) -> tuple[dict[str, Any], Any]:
    document = copy.deepcopy(DOC)
    overlays = Overlays((_overlay(tmp_path, actions),), kw.pop("cache", None))
    applied = overlays.apply(document, "spec-sha", **kw)
    overlays.remember("spec-sha")  # as the pipeline does once the run has succeeded
    return document, applied


def test_update_merges_objects_recursively_and_replaces_other_values(tmp_path: Path) -> None:
    doc, applied = _apply(
        tmp_path,
        [
            {
                "target": "$.components.schemas.S",
                "update": {"properties": {"q": {"type": "integer"}}, "required": ["p"]},
            },
            {"target": "$.paths['/a'].get", "update": {"tags": ["Z"], "summary": "s"}},
        ],
    )
    schema = doc["components"]["schemas"]["S"]
    assert set(schema["properties"]) == {"p", "q"} and schema["required"] == ["p"]
    assert doc["paths"]["/a"]["get"]["tags"] == ["Z"]  # a list value is replaced
    assert [a.pointers for a in applied] == [("/components/schemas/S",), ("/paths/~1a/get",)]


def test_update_of_an_array_target_appends(tmp_path: Path) -> None:
    doc, applied = _apply(
        tmp_path,
        [{"target": "$.paths.*.*.parameters", "update": {"name": "h", "in": "header"}}],
    )
    assert [p["name"] for p in doc["paths"]["/a"]["get"]["parameters"]] == ["x", "h"]
    assert [p["name"] for p in doc["paths"]["/b"]["post"]["parameters"]] == ["h"]
    assert len(applied[0].pointers) == 2


def test_remove_with_filters_and_array_members(tmp_path: Path) -> None:
    doc, applied = _apply(
        tmp_path,
        [
            {"target": "$.paths.*[?@.deprecated == true]", "remove": True},
            {"target": "$.paths['/a'].get.parameters[0]", "remove": True},
        ],
    )
    assert doc["paths"]["/b"] == {}
    assert doc["paths"]["/a"]["get"]["parameters"] == []
    assert applied[0].kind == "remove" and applied[0].pointers == ("/paths/~1b/post",)


def test_no_match_is_a_warning_and_an_error_when_strict(tmp_path: Path) -> None:
    actions = [{"target": "$.paths['/gone'].get", "update": {"x-a": 1}}]
    doc, applied = _apply(tmp_path, actions)
    assert doc == DOC and applied[0].pointers == ()
    with pytest.raises(SpecError, match=r"action 0 \(\$\.paths\['/gone'\]\.get\) matched nothing"):
        _apply(tmp_path, actions, strict=True)


def test_resolved_targets_are_reused_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = [{"target": "$.paths.*.*.parameters", "update": {"name": "h", "in": "header"}}]
    first, _ = _apply(tmp_path, actions, cache=tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "overlays").iterdir())) == 1
    import generator.overlays as module

    def no_jsonpath(*args: Any) -> Any:
        raise AssertionError("the cached targets should have been used")

    monkeypatch.setattr(module, "_select", no_jsonpath)
    second, applied = _apply(tmp_path, actions, cache=tmp_path / "cache")
    assert second == first and len(applied[0].pointers) == 2
    other = copy.deepcopy(DOC)  # another spec: resolved again (and fails here, as patched)
    with pytest.raises(AssertionError):
        Overlays((tmp_path / "o.json",), tmp_path / "cache").apply(other, "other-sha")


def test_merge_copies_what_it_inserts() -> None:
    update = {"a": {"b": [1]}}
    target: dict[str, Any] = {}
    merge(target, update)
    target["a"]["b"].append(2)
    assert update == {"a": {"b": [1]}}


BAD = {
    "invalid YAML": ("o.yaml", "overlay: [1.0\n", "invalid YAML"),
    "invalid JSON": ("o.json", "{", "invalid JSON"),
    "not an overlay": ("o.json", '{"openapi": "3.1.0"}', "not an OpenAPI Overlay"),
    "no title": ("o.json", '{"overlay": "1.0.0", "info": {}, "actions": []}', "info.title"),
    "no actions": ("o.json", '{"overlay": "1.0.0", "info": {"title": "t"}}', "actions"),
    "bad JSONPath": (
        "o.json",
        '{"overlay": "1.0.0", "info": {"title": "t"}, "actions": ['
        '{"target": "$.a", "remove": true}, {"target": "$.[", "update": {}}]}',
        "action 1: bad JSONPath",
    ),
    "no update or remove": (
        "o.json",
        '{"overlay": "1.0.0", "info": {"title": "t"}, "actions": [{"target": "$.a"}]}',
        "action 0: needs `update` or `remove: true`",
    ),
    "target not JSONPath": (
        "o.json",
        '{"overlay": "1.0.0", "info": {"title": "t"}, "actions": [{"target": "a", "remove": true}]}',
        "action 0: `target` must be a JSONPath",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_overlay_files_are_exit_2_naming_file_and_action(tmp_path: Path, case: str) -> None:
    name, text, message = BAD[case]
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("$", r"\$")):
        Overlays((path,), None).apply(copy.deepcopy(DOC), "sha")
    config = repo_config(tmp_path)
    text = config.read_text().replace(f'"{ROOT}/overlays/permit.yaml"', json.dumps(str(path)))
    config.write_text(text)
    result = run_cli(
        "generate", "permit", "--offline", "-q", "-c", str(config), "--source", str(PERMIT_SPEC)
    )
    assert result.code == 2, result.stderr
    assert str(path) in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_the_repositorys_overlays_all_match_the_current_specs(tmp_path: Path) -> None:
    """`--strict` on the specs as served: every evidence-backed fix still applies."""
    result = run_cli("normalize", "--offline", "--strict", "-c", str(repo_config(tmp_path)))
    assert result.code == 0, result.stderr
    for api in ("permit", "pdp"):
        report = json.loads((tmp_path / "out" / api / "normalize-report.json").read_text())
        assert report["overlays"] and all(a["matched"] for a in report["overlays"])
    assert load_overlay(
        ROOT / "overlays" / "pdp.yaml", (ROOT / "overlays" / "pdp.yaml").read_bytes()
    )


def test_strict_on_a_spec_the_overlays_no_longer_fit_is_exit_4(tmp_path: Path) -> None:
    old = HISTORY / "openapi-2022-09-29.json"
    config = repo_config(tmp_path)
    relaxed = run_cli("normalize", "permit", "-q", "-c", str(config), "--source", str(old))
    assert relaxed.code == 0, relaxed.stderr
    report = json.loads((tmp_path / "out" / "permit" / "normalize-report.json").read_text())
    assert any(a.get("warning") for a in report["overlays"])  # groups did not exist in 2022
    strict = run_cli(
        "normalize", "permit", "-q", "--strict", "-c", str(config), "--source", str(old)
    )
    assert strict.code == 4 and "matched nothing" in strict.stderr
