"""A spec's `pattern`s are data from a stranger: matched here in linear time, and judged before
one reaches a backtracking engine (the JavaScript RegExp that ajv runs in Postman's sandbox).

- `matcher(pattern)`: the pattern compiled by RE2 (google-re2: time linear in the text, whatever
  the pattern), or None when RE2 cannot read it (look-arounds, back-references): such a pattern
  is not checked by apigen, and the normalize report says so. Python's own `re` backtracks, and
  `{"pattern": "^(a+)+$"}` against `"aaaa…!"` would never end.
- `backtracking_safe(pattern)`: whether a backtracking engine runs it in polynomial time of low
  degree, judged from its parse tree (Python's, whose syntax JavaScript's shares for what RE2
  reads). Refused, conservatively: a loop whose body can match the empty text (`(a*)*`); a loop
  whose body can end with an inner loop over characters the body can start with (`(a+)+`,
  `(\\w+\\s?)*`, `(a|aa)*`: where one iteration ends is ambiguous); a loop holding an alternation whose
  branches can start alike (`(a|ab)*`); two loops over shared characters with only optional
  items between them (`\\d*\\d*`, `.*.*`: quadratic). What is left is checked by the sandbox
  only on texts up to `SANDBOX_MAX_LENGTH` characters (generator.schema.draft07), which bounds
  the quadratic cases no rule here names (`a+b` searched in `aaaa…`).
"""

from __future__ import annotations

import functools
import importlib
from typing import Any, Protocol

SANDBOX_MAX_LENGTH = 1000
_LOOP_MIN = 33  # a repeat with a bound above this counts as a loop
_OTHER = 256  # stands for every character beyond Latin-1
_ALL = frozenset(range(257))
_DIGIT = frozenset(range(48, 58))
_WORD = _DIGIT | frozenset(range(65, 91)) | frozenset(range(97, 123)) | {95}
_SPACE = frozenset({9, 10, 11, 12, 13, 32})


class Matcher(Protocol):
    def search(self, text: str) -> Any: ...


@functools.cache
def _re2() -> tuple[Any, Any]:
    """The module and its options (imported on first use: most specs have no pattern)."""
    import re2  # type: ignore[import-untyped]

    options = re2.Options()
    options.log_errors = False  # RE2 would print each refusal to stderr
    return re2, options


@functools.lru_cache(maxsize=4096)
def matcher(pattern: str) -> Matcher | None:
    """`pattern` compiled by a linear-time engine; None when it cannot be."""
    if not isinstance(pattern, str):
        return None
    re2, options = _re2()
    try:
        compiled: Matcher = re2.compile(pattern, options=options)
    except (re2.error, TypeError, ValueError, OverflowError):
        return None
    return compiled


def search(pattern: str, text: str) -> bool | None:
    """Whether `pattern` finds a match in `text`; None when it cannot be checked safely."""
    found = matcher(pattern)
    if found is None:
        return None
    return found.search(text) is not None


# ---- the backtracking judge -------------------------------------------------------------


def _category(name: str) -> frozenset[int]:
    base = {"DIGIT": _DIGIT, "WORD": _WORD, "SPACE": _SPACE}
    for key, chars in base.items():
        if name.endswith(f"NOT_{key}"):
            return (_ALL - chars) | {_OTHER}
        if name.endswith(key):
            return chars | {_OTHER}
    return _ALL


def _code(c: int) -> int:
    return c if c < _OTHER else _OTHER


def _class(items: Any) -> frozenset[int]:
    found: set[int] = set()
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            found.add(_code(arg))
        elif name == "RANGE":
            lo, hi = arg
            found.update(range(_code(lo), min(_code(hi), _OTHER) + 1))
            if hi >= _OTHER:
                found.add(_OTHER)
        elif name == "CATEGORY":
            found |= _category(str(arg))
        else:
            return _ALL
    return (_ALL - found) | {_OTHER} if negate else frozenset(found)


def _repeat(op: Any, arg: Any) -> tuple[int, int, Any] | None:
    if str(op) in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = arg
        return int(low), int(high), body
    return None


class _Judge:
    def __init__(self) -> None:
        self.unbounded = int(importlib.import_module("re._constants").MAXREPEAT)

    def is_loop(self, high: int) -> bool:
        return high >= self.unbounded or high > _LOOP_MIN

    # first (or, reversed, last) characters and whether the item can match the empty text
    def first(self, seq: Any, last: bool = False) -> tuple[frozenset[int], bool]:
        found: frozenset[int] = frozenset()
        for op, arg in reversed(list(seq)) if last else seq:
            chars, empty = self.item_first(op, arg, last)
            found |= chars
            if not empty:
                return found, False
        return found, True

    def item_first(self, op: Any, arg: Any, last: bool = False) -> tuple[frozenset[int], bool]:
        name = str(op)
        if name == "LITERAL":
            return frozenset({_code(arg)}), False
        if name == "NOT_LITERAL":
            return (_ALL - {_code(arg)}) | {_OTHER}, False
        if name == "ANY":
            return _ALL, False
        if name == "IN":
            return _class(arg), False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            return frozenset(), True
        if name == "SUBPATTERN":
            return self.first(arg[-1], last)
        if name == "ATOMIC_GROUP":
            return self.first(arg, last)
        if name == "BRANCH":
            chars: frozenset[int] = frozenset()
            empty = False
            for branch in arg[1]:
                c, e = self.first(branch, last)
                chars |= c
                empty = empty or e
            return chars, empty
        repeat = _repeat(op, arg)
        if repeat is not None:
            low, _, body = repeat
            chars, empty = self.first(body, last)
            return chars, empty or low == 0
        return _ALL, True  # back-references and the rest: anything

    def chars(self, seq: Any) -> frozenset[int]:
        """Every character the sequence can match."""
        found: set[int] = set()
        for op, arg in seq:
            found |= self.item_first(op, arg)[0]
            for inner in self.inner(op, arg):
                found |= self.chars(inner)
        return frozenset(found)

    @staticmethod
    def inner(op: Any, arg: Any) -> list[Any]:
        name = str(op)
        if name == "SUBPATTERN":
            return [arg[-1]]
        if name == "ATOMIC_GROUP":
            return [arg]
        if name == "BRANCH":
            return list(arg[1])
        if name in ("ASSERT", "ASSERT_NOT"):
            return [arg[1]]
        repeat = _repeat(op, arg)
        return [repeat[2]] if repeat is not None else []

    def follow_end(self, seq: Any) -> frozenset[int]:
        """Characters the sequence can go on with at a point where its match could also end:
        where one iteration of a loop over it ends is then ambiguous."""
        items = list(seq)
        k = 0
        for index, (op, arg) in enumerate(items):
            if not self.item_first(op, arg)[1]:
                k = index
        found: set[int] = set()
        for index in range(k, len(items)):
            op, arg = items[index]
            found |= self.item_follow(op, arg)
            found |= self.first(items[index + 1 :])[0]
        return frozenset(found)

    def item_follow(self, op: Any, arg: Any) -> frozenset[int]:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN", "AT", "ASSERT", "ASSERT_NOT"):
            return frozenset()
        if name == "SUBPATTERN":
            return self.follow_end(arg[-1])
        if name == "ATOMIC_GROUP":
            return self.follow_end(arg)
        if name == "BRANCH":
            found: set[int] = set()
            firsts = [self.first(b)[0] for b in arg[1]]
            overlap = any(a & b for i, a in enumerate(firsts) for b in firsts[i + 1 :])
            for branch in arg[1]:
                found |= self.follow_end(branch)
                if overlap:  # one branch may end where another goes on
                    found |= self.chars(branch)
            return frozenset(found)
        repeat = _repeat(op, arg)
        if repeat is not None:
            _, high, body = repeat
            more = self.first(body)[0] if high > 1 else frozenset()
            return self.follow_end(body) | more
        return _ALL

    def branches(self, seq: Any) -> list[list[Any]]:
        """Every alternation's branches within a sequence, nested ones included."""
        found: list[list[Any]] = []
        for op, arg in seq:
            if str(op) == "BRANCH":
                found.append(list(arg[1]))
            for inner in self.inner(op, arg):
                found += self.branches(inner)
        return found

    def ambiguous_branches(self, seq: Any) -> bool:
        """An alternation within the sequence whose branches can start alike, or two of which
        can match the empty text (Python's parser makes `a|a` into `a(?:|)`)."""
        for branches in self.branches(seq):
            firsts = [self.first(b) for b in branches]
            if sum(empty for _, empty in firsts) > 1:
                return True
            for i, (a, _) in enumerate(firsts):
                if any(a & b for b, _ in firsts[i + 1 :]):
                    return True
        return False

    def safe(self, seq: Any) -> bool:
        ends: list[frozenset[int]] = []  # the last characters of the loops since a required item
        for op, arg in seq:
            repeat = _repeat(op, arg)
            if repeat is not None and self.is_loop(repeat[1]):
                body = repeat[2]
                start, empty = self.first(body)
                if empty or self.follow_end(body) & start or self.ambiguous_branches(body):
                    return False
                mine = self.chars(body)
                if any(end & mine for end in ends):
                    return False  # two loops can share one run of text: quadratic
                ends.append(self.first(body, last=True)[0])
            elif not self.item_first(op, arg)[1]:
                ends = []  # something required between: no longer adjacent
            if not all(self.safe(inner) for inner in self.inner(op, arg)):
                return False
        return True


@functools.lru_cache(maxsize=4096)
def backtracking_safe(pattern: str) -> bool:
    """Whether a backtracking engine runs `pattern` without blowing up (see the module text);
    False for a pattern RE2 cannot read or Python cannot parse."""
    if matcher(pattern) is None:
        return False
    try:
        tree = importlib.import_module("re._parser").parse(pattern)
    except Exception:  # any failure to parse: not judged safe
        return False
    try:
        return _Judge().safe(tree)
    except RecursionError:
        return False
