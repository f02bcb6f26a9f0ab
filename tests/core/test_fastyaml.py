"""The fast YAML path (`generator.fastyaml`) reads exactly what PyYAML's loader reads.

Compared on every YAML file of the shared corpus, on seeded random documents full of YAML 1.1's
traps (octal, sexagesimal, `yes`, `~`, `.inf`, unquoted response codes, anchors), and on what it
hands back to the full loader (tags, merge keys, complex keys, several documents)."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest
from helpers import CORPUS

from generator import fastyaml, spec
from generator.errors import SpecError

# Plain scalars whose type YAML 1.1 decides (all safe inside flow collections).
PLAIN = [
    "0", "-1", "+7", "017", "0o17", "0x1F", "0b101", "1_000", "1:30", "190:20:30",
    "18446744073709551615", "18446744073709551616", "-9223372036854775809", "1e3", "1.5",
    "-.5", "6.8523015e+5", "685.230_15e+03", "190:20:30.15", ".inf", "-.Inf", ".NaN",
    "yes", "No", "ON", "off", "y", "n", "True", "FALSE", "~", "null", "Null", "NULL",
    "2001-12-14", "2001-12-14t21:59:43.10-05:00", "application/json", "text",
    "Hello world", "x-y_z", "200", "4XX", "default", "$ref", "a.b", "a-", "--x",
]  # fmt: skip
QUOTED = ['"200"', "'yes'", '"~"', '""', "'a b'", '"line\\nbreak"', "'it''s'", '"\\u00e9"']


def _node(rng: random.Random, depth: int, anchors: list[str]) -> str:
    roll = rng.random()
    if anchors and roll < 0.08:
        return f"*{rng.choice(anchors)}"
    if depth > 3 or roll < 0.55:
        text = rng.choice(PLAIN) if rng.random() < 0.75 else rng.choice(QUOTED)
    elif roll < 0.8:
        keys = rng.sample(PLAIN + QUOTED, rng.randint(0, 4))
        text = "{" + ", ".join(f"{k}: {_node(rng, depth + 1, anchors)}" for k in keys) + "}"
    else:
        items = [_node(rng, depth + 1, anchors) for _ in range(rng.randint(0, 4))]
        text = "[" + ", ".join(items) + "]"
    if rng.random() < 0.1:
        name = f"a{len(anchors)}"
        anchors.append(name)  # (an alias may follow only after its anchor: later nodes)
        return f"&{name} {text}"
    return text


def _document(seed: int) -> str:
    """A block mapping of random keys; values flow nodes or block sequences and mappings."""
    rng = random.Random(seed)
    anchors: list[str] = []
    lines = []
    for key in rng.sample(PLAIN + QUOTED, rng.randint(1, 12)):
        shape = rng.random()
        if shape < 0.6:
            lines.append(f"{key}: {_node(rng, 0, anchors)}")
        elif shape < 0.8:
            lines.append(f"{key}:")
            lines += [f"  - {_node(rng, 1, anchors)}" for _ in range(rng.randint(1, 3))]
        else:
            lines.append(f"{key}:")
            for inner in rng.sample(PLAIN, rng.randint(1, 3)):
                lines.append(f"  {inner}: {_node(rng, 1, anchors)}")
            lines.append("  text: |\n    a literal\n    block: 1")
    return "\n".join(lines) + "\n"


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types (True is not 1, 1 is not 1.0), NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _both(text: str) -> tuple[Any, Any]:
    """(fast result, full result), each with its counts, or the error each raised."""
    results = []
    for read in (
        lambda found: fastyaml.load(text, "t", found),
        lambda found: spec._full_yaml(text, "t", found),
    ):
        found = {"keys": 0, "integers": 0}
        try:
            value = read(found)
            results.append((value, {k: found[k] for k in ("keys", "integers")}))
        except Exception as exc:  # compared below: the same kind of refusal
            results.append((type(exc).__name__, str(exc)))
    return results[0], results[1]


@pytest.mark.parametrize("seed", range(400))
def test_random_documents_read_the_same(seed: int) -> None:
    text = _document(seed)
    fast, full = _both(text)
    if fast[0] == "Unsupported":  # handed to the full loader: nothing to compare
        pytest.fail(f"the fast path gave up on a plain document: {fast[1]}\n{text}")
    if isinstance(full[0], str) and isinstance(fast[0], str):  # both refuse, alike (the fast
        # path names the first duplicate in reading order, the full loader the outermost one)
        assert fast[0] == full[0] == "SpecError", (fast, full)
        assert "duplicate key" in fast[1] and "duplicate key" in full[1]
        return
    assert not isinstance(fast[0], str) and not isinstance(full[0], str), (fast, full)
    assert _same(fast[0], full[0]) and fast[1] == full[1], text


def test_the_random_documents_reach_the_traps() -> None:
    """The generator is worth its seeds: the documents hold non-string keys, integers beyond
    64 bits, aliases and duplicate keys (refused alike by both)."""
    seen = {"keys": 0, "integers": 0, "aliases": 0, "duplicates": 0}
    for seed in range(400):
        text = _document(seed)
        fast, _ = _both(text)
        if fast[0] == "SpecError":
            seen["duplicates"] += 1
            continue
        seen["keys"] += fast[1]["keys"]
        seen["integers"] += fast[1]["integers"]
        seen["aliases"] += "*a" in text
    assert all(count > 5 for count in seen.values()), seen


def test_every_corpus_yaml_file_reads_the_same() -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml"))
    assert len(files) > 2000, f"the shared corpus is not at {CORPUS}"  # DigitalOcean's 2,800
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, full = _both(text)
        assert _same(fast[0], full[0]) and fast[1] == full[1], path


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 123\n",  # an explicit tag
        "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",  # a merge key
        "? [a, b]\n: c\n",  # a key that is a sequence
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # no document
        "&k key: 1\n*k : 2\n",  # an alias as a key
    ],
)
def test_what_the_fast_path_hands_to_the_full_loader(text: str) -> None:
    with pytest.raises(fastyaml.Unsupported):
        fastyaml.load(text, "t", {"keys": 0, "integers": 0})


def test_a_merge_key_is_still_read() -> None:
    data = spec.parse_data(b"base: &b {x: 1, y: 1}\nderived:\n  <<: *b\n  y: 2\n", "t")
    assert data["derived"] == {"x": 1, "y": 2}


def test_refusals_name_the_line() -> None:
    with pytest.raises(SpecError, match=r"duplicate key 'b' in YAML at line 3"):
        spec.parse_data(b"a: 1\nb: 2\nb: 3\n", "s.yaml")
    with pytest.raises(SpecError, match=r"invalid YAML at line 2: found undefined alias 'nope'"):
        spec.parse_data(b"a: 1\nb: *nope\n", "s.yaml")
    with pytest.raises(SpecError, match=r"invalid YAML at line 2: but found another document"):
        spec.parse_data(b"a: 1\n---\nb: 2\n", "s.yaml")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: !!set {x, y}\n", "invalid YAML at line 1: a !!set value is not JSON data"),
        ("a: !!binary aGk=\n", "invalid YAML at line 1: a !!binary value is not JSON data"),
        ("a: !!omap [{x: 1}]\n", "invalid YAML at line 1: a !!omap value is not JSON data"),
        ("a: !!pairs [{x: 1}]\n", "invalid YAML at line 1: a !!pairs value is not JSON data"),
    ],
)
def test_tagged_values_json_cannot_hold_are_refused(text: str, expected: str) -> None:
    """A set, bytes or tuples (SafeLoader builds them for these tags) would end the run later
    as an internal error: refused here, one line naming the tag."""
    with pytest.raises(SpecError, match=f"^s.yaml: {expected}$"):
        spec.parse_data(text.encode(), "s.yaml")


def test_an_explicit_timestamp_stays_text() -> None:
    assert spec.parse_data(b"a: !!timestamp 2001-12-14\nb: 2001-12-14\n", "s") == {
        "a": "2001-12-14",
        "b": "2001-12-14",
    }
