"""YAML read straight from LibYAML's event stream: the fast path of `generator.spec`'s reader.

PyYAML with LibYAML parses in C but composes and constructs every node in Python (a generic
constructor that makes a node object, a resolver call and a generator per value): 0.7 of the
0.8 s a 3 MB spec costs. Here the events become dicts, lists and scalars in one loop, each
distinct plain scalar resolved once (the same resolver table and the same constructors as the
full loader, so `0o17`, `1_000`, `.inf`, `yes` and `~` mean what they mean there).

What this path does not build (an explicit tag, a merge key `<<`, a key that is a mapping, a
sequence or an alias, more than one document) raises `Unsupported`, and the caller reads the
text with the full loader instead: the two agree on everything this path returns
(tests/core/test_fastyaml.py compares them on generated documents and on every corpus spec).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from generator.errors import SpecError

INT64_MIN, UINT64_MAX = -(2**63), 2**64 - 1  # what JSON tools (orjson) write as integers

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

Resolvers = dict[Any, list[tuple[str, re.Pattern[str]]]]


class Unsupported(Exception):
    """Something only the full loader builds: read the text with it instead."""


@functools.cache
def resolvers() -> Resolvers:
    """SafeLoader's implicit resolvers without timestamps (dates stay strings, as in JSON)."""
    return {
        ch: [(tag, rx) for tag, rx in found if tag != _TIMESTAMP]
        for ch, found in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _Scalars:
    """Plain scalars to values, each distinct text resolved and constructed once."""

    def __init__(self, found: dict[str, int]) -> None:
        self.table = resolvers()
        self.wildcard = self.table.get(None, [])
        self.found = found
        self.known: dict[str, Any] = {}
        self.constructor = _constructor()

    def tag(self, text: str) -> str | None:
        for tag, rx in self.table.get(text[:1], []) + self.wildcard:
            if rx.match(text):
                return tag
        return None

    def value(self, text: str) -> tuple[Any, bool]:
        """The text's value, and whether it may be remembered (an integer beyond 64 bits is
        not: each occurrence is counted)."""
        tag = self.tag(text)
        if tag is None:
            return text, True
        node = ScalarNode(tag, text)
        if tag == _INT:
            number: int = self.constructor.construct_yaml_int(node)
            if INT64_MIN <= number <= UINT64_MAX:
                return number, True
            self.found["integers"] += 1
            return float(number), False
        if tag == _FLOAT:
            real: float = self.constructor.construct_yaml_float(node)
            if not math.isfinite(real):  # `.inf`, `.nan`: JSON has none
                self.found["nonfinite"] = self.found.get("nonfinite", 0) + 1
            return real, True
        if tag == _BOOL:
            return self.constructor.construct_yaml_bool(node), True
        if tag == _NULL:
            return None, True
        raise Unsupported(tag)  # merge `<<`, value `=`

    def __call__(self, text: str) -> Any:
        try:
            return self.known[text]
        except KeyError:
            value, remember = self.value(text)
            if remember:
                self.known[text] = value
            return value


@functools.cache
def _constructor() -> yaml.SafeLoader:
    """SafeLoader's scalar constructors (they read nothing but the node they are given)."""
    return yaml.SafeLoader("")


_NO_KEY = object()


def load(text: str, where: str, found: dict[str, int]) -> Any:
    """The one document in `text`; SpecError for a duplicate key (as the full loader words it),
    yaml.YAMLError for what LibYAML refuses, Unsupported for what the full loader must build."""
    parser = yaml.CSafeLoader(text)
    try:
        return _build(parser.get_event, where, _Scalars(found), found)
    finally:
        parser.dispose()


def _build(get: Callable[[], Any], where: str, plain: _Scalars, found: dict[str, int]) -> Any:
    get()  # the stream's start
    if type(get()) is not DocumentStartEvent:
        raise Unsupported("an empty stream")
    anchors: dict[str, Any] = {}
    # open containers: [the dict or list, the key awaiting its value (dicts)]
    stack: list[list[Any]] = []
    root: Any = _NO_KEY
    while root is _NO_KEY:
        event = get()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag is not None:
                raise Unsupported(event.tag)
            value = plain(event.value) if event.implicit[0] else event.value
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag is not None:
                raise Unsupported(event.tag)
            value = {} if kind is MappingStartEvent else []
        elif kind is AliasEvent:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            value = anchors[event.anchor]
            found["aliases"] = found.get("aliases", 0) + 1  # a value shared, not copied
        else:  # the end of a mapping or a sequence
            if kind is not MappingEndEvent and kind is not SequenceEndEvent:
                raise Unsupported(type(event).__name__)
            done = stack.pop()[0]
            if not stack:
                root = done
            continue
        if kind is not AliasEvent and event.anchor is not None:
            anchors[event.anchor] = value
        if not stack:
            if kind is ScalarEvent or kind is AliasEvent:
                root = value
        else:
            top = stack[-1]
            holder = top[0]
            if type(holder) is list:
                holder.append(value)
            elif top[1] is _NO_KEY:  # a key
                if kind is not ScalarEvent:
                    raise Unsupported("a key that is not a scalar")
                key = value
                if type(key) is not str:  # an unquoted response code `200:`: its text
                    key = event.value
                    found["keys"] += 1
                if key in holder:
                    line = event.start_mark.line + 1
                    raise SpecError(f"{where}: duplicate key {key!r} in YAML at line {line}")
                top[1] = key
                continue
            else:
                holder[top[1]] = value
                top[1] = _NO_KEY
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append([value, _NO_KEY])
    if type(get()) is not DocumentEndEvent or type(get()) is not StreamEndEvent:
        raise Unsupported("more than one document")
    return root
