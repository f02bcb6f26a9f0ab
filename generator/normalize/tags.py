"""tags: declare every tag operations use, once, in a stable order; tag the untagged; drop a
description that is the text `None`.

Permit's spec uses 21 tags it never declares (e.g. `Members`, `API Keys`), declares
`Bulk Operations` twice, and leaves the `/v2/deprecated/*` operations untagged.
"""

from __future__ import annotations

from typing import Any

from generator.normalize.base import Context, Document, Record
from generator.schema.pointers import escape, operations


def tags(document: Document, ctx: Context, record: Record) -> Document:
    declared: dict[str, dict[str, Any]] = {}
    for index, tag in enumerate(document.get("tags") or []):
        if not isinstance(tag, dict) or not isinstance(tag.get("name"), str):
            record.add(f"/tags/{index}", "removed a tag without a name")
            continue
        name = tag["name"]
        if tag.get("description") in ("None", "null", ""):  # a serialized Python None
            tag = {k: v for k, v in tag.items() if k != "description"}
            record.add(f"/tags/{index}/description", f"removed {name!r}'s description 'None'")
        if name in declared:
            kept = declared[name]
            for key, value in tag.items():
                kept.setdefault(key, value)
            record.add(f"/tags/{index}", f"removed duplicate tag {name!r}")
            continue
        declared[name] = dict(tag)
    for path, method, op in operations(document):
        where = f"/paths/{escape(path)}/{method}/tags"
        tags = [t for t in op.get("tags") or [] if isinstance(t, str)]
        if not tags:
            tags = [ctx.api.default_tag]
            record.add(where, f"tagged {ctx.api.default_tag!r}")
        unique = list(dict.fromkeys(tags))
        if unique != op.get("tags"):
            op["tags"] = unique
        for tag in unique:
            if tag not in declared:
                declared[tag] = {"name": tag}
                record.add("/tags", f"declared {tag!r}, used by {method.upper()} {path}")
    document["tags"] = list(declared.values())
    return document
