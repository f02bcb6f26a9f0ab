"""path-descriptions: a path parameter the spec leaves undescribed is described from its place.

The PDP's `/callbacks/{key}` and `/facts/users/{user_id}` (and 9 control-plane parameters such
as `event_id` in `/v2/history/{event_id}`) have no description, so Postman shows an empty path
variable. The segment before the parameter names what it identifies: `The callback's key.`,
`The user's id or key.` (an `_id` that is a string, not a uuid, takes a key as well in Permit's
API); a name that does not repeat that segment stands alone (`The event id.`). A description the
spec gives is never touched.
"""

from __future__ import annotations

from typing import Any

from generator.naming import singular
from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations


def _describe(path: str, name: str, schema: Any) -> str:
    segments = path.split("/")
    at = segments.index(f"{{{name}}}") if f"{{{name}}}" in segments else -1
    before = next((s for s in reversed(segments[:at]) if s and not s.startswith("{")), "")
    noun = singular(before).replace("_", " ").replace("-", " ")
    words = [w for w in name.replace("-", "_").split("_") if w] or [name]
    prefix = " ".join(words[:-1])
    if prefix and not noun.endswith(prefix):
        noun = ""  # `event_id` under `history`: the name says it alone
    last = words[-1] if prefix or noun else " ".join(words)
    if noun and last == "id" and isinstance(schema, dict) and schema.get("format") != "uuid":
        last = "id or key"
    if noun:
        return f"The {noun}'s {last}."  # user_id after users: the user's id
    return f"The {' '.join([*words[:-1], last])}."


def path_descriptions(document: Document, ctx: Context, record: Record) -> Document:
    for path, method, op in operations(document):
        for index, param in enumerate(op.get("parameters") or []):
            if not isinstance(param, dict) or param.get("in") != "path":
                continue
            if (
                param.get("description")
                or "$ref" in param
                or not isinstance(param.get("name"), str)
            ):
                continue
            param["description"] = _describe(path, param["name"], param.get("schema"))
            record.add(
                f"/paths/{escape(path)}/{method}/parameters/{index}/description",
                f"described {param['name']!r}: {param['description']}",
            )
    return document
