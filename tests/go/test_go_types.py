"""The Go types of a crafted spec (tests/go/fixtures/types.json), decoded and encoded by Go:
a discriminated union picks its variant and keeps an unknown one as read; a union without a
discriminator tells closed objects apart and scalars by their JSON kind; a recursive schema
compiles (a pointer where a value would hold itself); a nullable field has three states;
additionalProperties and properties no tag can name are kept; an enum takes other values;
allOf merges its branches. Every decoded value encodes back to the same JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from golang import consumer, go, module_path
from helpers import run_cli
from specs import ALLOF_NOTES, TAGS_TWICE

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parent / "fixtures"


def test_types_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("generate", "--source", str(FIXTURES / "types.json"), "--out", "out",
                     "--only", "go", "-q")  # fmt: skip
    assert result.code == 0, result.stderr
    module = tmp_path / "out" / "types" / "clients" / "go"
    for command in (("fmt", "./..."), ("vet", "./...")):
        checked = go(*command, cwd=module)
        assert checked.returncode == 0 and checked.stdout == "", checked.stdout + checked.stderr
    program = (FIXTURES / "types_main.go.txt").read_text().replace("MODULE", module_path(module))
    project = consumer(tmp_path / "main", module, {"main.go": program})
    run = go("run", ".", cwd=project)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    inputs = {
        "petDog": {"petType": "dog", "barks": 3}, "petCat": {"petType": "cat", "meows": True},
        "petUnknown": {"petType": "bird", "wings": 2}, "square": {"side": 2},
        "circle": {"radius": 1.5}, "scalarString": "x", "scalarInt": 5, "scalarFloat": 5.5,
        "scalarBool": True, "scalarUnknown": [1],
        "node": {"value": "a", "parent": None,
                 "children": [{"value": "b", "parent": {"value": "c", "parent": None}}]},
        "extra": {"known": "k", "a": 1, "b": 2},
        "odd": {"with space": "s", 'a"quote': "q", "x-dash": 4, "Type": "T", "type": "t", "123": "n"},
        "color": "blue", "deep": {"petType": "cat", "meows": True, "age": 3},
    }  # fmt: skip
    for name, value in inputs.items():
        assert "error" not in out[name], (name, out[name])
        assert out[name]["out"] == value, name  # decoded and encoded back: the same JSON
    facts = {name: found["facts"] for name, found in out.items()}
    assert facts["petDog"] == {"dog": True, "cat": False}
    assert facts["petCat"] == {"dog": False, "cat": True}
    assert facts["petUnknown"]["dog"] is False and facts["petUnknown"]["cat"] is False
    assert json.loads(facts["petUnknown"]["raw"]) == inputs["petUnknown"]
    assert facts["square"] == {"square": True, "circle": False}
    assert facts["circle"] == {"square": False, "circle": True}
    for scalar in ("String", "Int", "Float", "Bool"):
        assert facts[f"scalar{scalar}"] == {scalar.lower(): True}
    assert facts["node"] == {"rootNull": True, "childParent": True}
    assert facts["extra"] == {"extra": 2, "known": "k"}
    assert facts["odd"] == {"type": "t", "Type": "T", "extra": '"q"'}
    assert facts["color"] == {"known": False, "value": "blue"}
    assert facts["deep"] == {"age": 3}
    assert out["patchEmpty"]["out"] == {"note": None}  # unset: not sent; required null: null
    assert out["patchNull"]["out"] == {"name": None, "note": "n"}
    assert out["patchValues"]["out"] == {"name": "x", "tags": [], "note": None, "color": "green",
                                         "level": 2}  # fmt: skip


def _go_types(spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """types.go of the Go module generated config-less from `spec` (`go vet` accepts it)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    result = run_cli("generate", "--source", "spec.json", "--out", "out", "--only", "go", "-q")
    assert result.code == 0, result.stderr
    (module,) = (tmp_path / "out").glob("*/clients/go")
    checked = go("vet", "./...", cwd=module)
    assert checked.returncode == 0, checked.stderr
    return (module / "types.go").read_text()


def test_allof_beside_notes_is_the_named_type_and_a_self_merge_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AWS's specs write every field `allOf: [{$ref: String}, {description: ...}]`: that is the
    named type (it was an empty struct, which cannot hold a string), and an object field merging
    its own schema again (`allOf: [{$ref: Node}, {description}]`) ended in a RecursionError
    (APIs.guru's amplifyuibuilder). An allOf of objects is still one struct of their fields."""
    text = _go_types(ALLOF_NOTES, tmp_path, monkeypatch)
    node = text[text.index("type Node struct {") :].split("\n}\n", 1)[0]
    fields = {line.split()[0]: line.split()[1] for line in node.splitlines()[1:] if "`" in line}
    assert fields["Name"] == "*Text"
    assert fields["Child"] == "*Node"
    assert fields["Ro"] == "*Base"
    assert fields["More"] == "*NodeMore"  # Base's fields and its own: one struct
    more = text[text.index("type NodeMore struct {") :].split("\n}\n", 1)[0]
    assert "ID " in more and "Size " in more
    loop = text[text.index("type NodeLoop struct {") :].split("\n}\n", 1)[0]
    assert "Depth " in loop and "Loop " in loop  # merged once; inside it, the named type


def test_a_tag_is_one_case_when_branches_repeat_or_names_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """stream-io's `ChatEvent` (APIs.guru) lists `AnyEvent` twice among its branches, and a
    mapping may give a tag another branch is named: the union's switch listed a tag in two cases,
    which Go refuses. Each tag is one case: the mapping's values, then a branch's own name where
    the mapping does not use it."""
    text = _go_types(TAGS_TWICE, tmp_path, monkeypatch)
    switch = text[text.index("switch tag {") :].split("\n\t\t}\n", 1)[0]
    cases = [line.strip() for line in switch.splitlines() if line.strip().startswith("case ")]
    assert cases == ['case "any", "custom", "Created":', 'case "Deleted":'], cases
