"""Resource-style client names, as the official SDKs and Stainless/Fern-style generators name
them: `api.users.create(...)`, not `api.users.create_user(...)`. Language-neutral snake_case;
each client language spells its own case.

The rule (docs/clients.md):
1. A group is named after its tag (`Role Assignments` -> `role_assignments`), unless
   `group_names` in apigen.toml names it.
2. A method is its operation id with the group's words dropped, in singular or plural
   (`create_user` in `Users` -> `create`, `assign_permissions_to_role` in `Roles` ->
   `assign_permissions`), along with prepositions left dangling at either end, unless
   `method_names` names it ("METHOD /path" -> name).
3. Collision-safe: when two methods of a group would share a name, or dropping leaves nothing
   or starts with a digit, each of them keeps its full operation id; names from the config win
   over derived ones. The result is deterministic: it depends only on the tag, the operation
   ids of the group and the config.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from generator.schema.naming import snake

DANGLING = frozenset({"a", "an", "the", "to", "from", "for", "by", "of", "in", "on", "with", "at"})


def singular(word: str) -> str:
    """`policies` -> `policy`, `users` -> `user`; `access` stays (English, enough for resource
    nouns)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _forms(word: str) -> set[str]:
    """A word, its singular and its plural."""
    plural = (
        word[:-1] + "ies" if word.endswith("y") else word + ("es" if word.endswith("s") else "s")
    )
    return {word, singular(word), plural}


def group_name(tag: str, overrides: Mapping[str, str]) -> str:
    return overrides.get(tag) or snake(tag) or "default"


def short_name(tag: str, operation: str) -> str:
    """The operation id without the group's words ("" when nothing is left)."""
    drop = set().union(*(_forms(w) for w in snake(tag).split("_") if w))
    words = [w for w in operation.split("_") if w and w not in drop]
    while words and words[-1] in DANGLING:
        words.pop()
    while words and words[0] in DANGLING:
        words.pop(0)
    name = "_".join(words)
    return "" if not name or name[0].isdigit() else name


def method_names(
    tag: str, operations: Iterable[tuple[str, str]], overrides: Mapping[str, str]
) -> dict[str, str]:
    """Each operation's method name in its group: `operations` are (operation id, "METHOD
    /path") pairs; `overrides` maps "METHOD /path" to a name."""
    ops = list(operations)
    fixed = {op: overrides[key] for op, key in ops if key in overrides}
    names = {op: fixed.get(op) or short_name(tag, op) or op for op, _ in ops}
    while True:
        counts = Counter(names.values())
        clashing = [op for op, name in names.items() if counts[name] > 1 and name != op]
        clashing = [op for op in clashing if op not in fixed] or clashing
        if not clashing:
            return names
        for op in clashing:
            names[op] = op
