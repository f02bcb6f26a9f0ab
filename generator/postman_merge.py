"""Publishing a collection over the one in the workspace without erasing what users did there.

`merge(new, live, sent)` starts from the workspace's collection (`live`) and updates apigen's
part of it in place:

- An item apigen generated is found by its operation (method and path; a `Quick start` step,
  and a webhook's request, which has no path, by its folder and name too), wherever the user
  moved it. Its request (method, URL, headers, body, auth) becomes the new one. Its description
  and each saved example become the new ones only where the workspace still has what apigen
  sent last (`sent`: a fingerprint per item, kept in the publish state); one the user edited
  stays theirs, an example the user deleted stays deleted, one the user added stays. In each
  script, apigen's lines between its markers (generator.emit.contract) are replaced and
  everything outside them is kept.
- A new operation's item is added to its folder, after the item that precedes it in the
  generated collection; a new folder where the generated order puts it.
- An item whose operation left the API is removed if the user never changed it, else moved to
  the folder `Removed from the API` (and reported).
- Items and folders apigen does not generate are left where they are, as they are. A folder's
  description follows the same rule as an item's. Collection variables apigen defines are
  updated (one it leaves empty for the user to fill, `webhookUrl`, keeps the user's value), the
  user's kept; the collection's auth and apigen's test script are apigen's.

Without a fingerprint (a first merge, or a lost state file) the workspace's descriptions and
examples that differ from the generated ones are kept as the user's.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any, NamedTuple

from generator.emit.contract import BEGIN, END, ITEM_BEGIN, ITEM_END
from generator.emit.postman import QUICK_START
from generator.escape import one_line as flat

REMOVED = "Removed from the API"
REMOVED_TEXT = "Requests whose operation left the API, kept because they were changed here."
MARKERS = ((BEGIN, END), (ITEM_BEGIN, ITEM_END))
Node = dict[str, Any]


def _h(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def _url(url: Any) -> Any:
    """A URL as the fingerprint reads it: its text, whether stored as text or as an object."""
    if isinstance(url, dict):
        raw = url.get("raw")
        if isinstance(raw, str):
            return raw
        return "/".join(str(p) for p in url.get("path") or [])
    return url


def _example(response: Node) -> str:
    """What a saved example shows: name, status, headers and body (not its ids, nor how its
    original request is stored)."""
    headers = [
        (h.get("key"), h.get("value")) for h in response.get("header") or [] if isinstance(h, dict)
    ]
    return _h([response.get("name"), response.get("code"), headers, response.get("body") or ""])


def _request(item: Node) -> str:
    request = item.get("request")
    request = request if isinstance(request, dict) else {}
    url = request.get("url")
    headers = [
        (h.get("key"), h.get("value")) for h in request.get("header") or [] if isinstance(h, dict)
    ]
    body = (request.get("body") or {}).get("raw")
    return _h([request.get("method"), _url(url), headers, body])


def _description(node: Node) -> str:
    holder = node.get("request") if "request" in node else node
    text = holder.get("description") if isinstance(holder, dict) else None
    if isinstance(text, dict):  # Postman's {content, type} form
        text = text.get("content")
    return _h(text or "")


def _operation(item: Node) -> str:
    request = item.get("request")
    if not isinstance(request, dict):
        return ""
    url = request.get("url")
    path = "/".join(url.get("path") or []) if isinstance(url, dict) else str(url).split("?")[0]
    return f"{str(request.get('method', '')).upper()} {path}"


def _identity(item: Node, top: str) -> str:
    """A request item's identity: its operation; a Quick start step's also its name (the
    folder holds copies of the reference requests), and so is a request's without a path (a
    webhook's, sent to the receiver's URL)."""
    key = _operation(item)
    return f"{top}/{item.get('name')}/{key}" if top == QUICK_START or key.endswith(" ") else key


def _walk(node: Node) -> list[tuple[Node, Node, str]]:
    """(item, its parent, the name of the top-level folder it is in), depth first in order
    (without recursion: a workspace's folders can nest as deep as anyone made them)."""
    out: list[tuple[Node, Node, str]] = []
    stack: list[tuple[Node, str, int]] = [(node, "", 0)]
    while stack:
        parent, folder, index = stack.pop()
        children = parent.get("item") or []
        if index >= len(children):
            continue
        stack.append((parent, folder, index + 1))
        child = children[index]
        if not isinstance(child, dict):
            continue
        top = folder or str(child.get("name", ""))
        out.append((child, parent, top))
        if "request" not in child:
            stack.append((child, top, 0))
    return out


def _owned_kind(item: Node) -> bool:
    """A request item apigen could have made: its request an object (v2.1 also allows a bare
    URL string, which apigen never writes: such an item is the user's)."""
    return isinstance(item.get("request"), dict)


def identities(collection: Node) -> dict[str, tuple[Node, Node]]:
    """Each request item by its identity (operation; a Quick start step: also its name): the
    first of each, in order."""
    out: dict[str, tuple[Node, Node]] = {}
    for key, found in candidates(collection).items():
        out[key] = found[0]
    return out


def candidates(collection: Node) -> dict[str, list[tuple[Node, Node]]]:
    """Every request item of each identity, in order."""
    out: dict[str, list[tuple[Node, Node]]] = {}
    for item, parent, top in _walk(collection):
        if "request" in item and _owned_kind(item):
            out.setdefault(_identity(item, top), []).append((item, parent))
    return out


def fingerprint(collection: Node, ids: dict[str, str] | None = None) -> dict[str, Any]:
    """What publishing records of what it sent: per item its request, description and
    examples, and the id the workspace's copy of it has (`ids`, where known); per top-level
    folder its description; the collection's description."""
    items = {
        key: {
            "name": item.get("name"),
            "request": _request(item),
            "description": _description(item),
            "examples": {str(r.get("name")): _example(r) for r in item.get("response") or []},
            **({"id": (ids or {})[key]} if key in (ids or {}) else {}),
        }
        for key, (item, _) in identities(collection).items()
    }
    folders = {
        str(f.get("name")): _description(f)
        for f in collection.get("item") or []
        if isinstance(f, dict) and "request" not in f
    }
    return {
        "items": items,
        "folders": folders,
        "info": _h(collection["info"].get("description") or ""),
    }


def _user_lines(exec_lines: list[str]) -> tuple[list[str], list[str]]:
    """A script's lines before and after apigen's marked block (all of them: no block). Marker
    lines out of order (an END before its BEGIN, a second BEGIN, one without the other): what
    lies from the first marker line to the last is taken for apigen's old block(s) and dropped,
    the rest is the user's and the new block goes after it, so the next publish finds one
    well-formed block, never a growing number of them."""
    markers = {line for pair in MARKERS for line in pair}
    for begin, end in MARKERS:
        if exec_lines.count(begin) == 1 and exec_lines.count(end) == 1:
            start, stop = exec_lines.index(begin), exec_lines.index(end)
            if start < stop:
                before, after = exec_lines[:start], exec_lines[stop + 1 :]
                if not markers & {*before, *after}:
                    return before, after
    marked = [i for i, line in enumerate(exec_lines) if line in markers]
    if not marked:
        return exec_lines, []
    return exec_lines[: marked[0]], exec_lines[marked[-1] + 1 :]


def _events(live: list[Node], new: list[Node]) -> list[Node]:
    """Each script: the user's lines kept around apigen's new block."""
    out = []
    fresh = {e.get("listen"): e for e in new}
    seen = set()
    for event in live:
        listen = event.get("listen")
        script = event.get("script") or {}
        lines = script.get("exec") or []
        lines = lines.split("\n") if isinstance(lines, str) else list(lines)
        before, after = _user_lines(lines)
        block = (fresh.get(listen) or {}).get("script", {}).get("exec") or []
        seen.add(listen)
        if not before and not after and not block:
            continue
        out.append({**event, "script": {**script, "exec": [*before, *block, *after]}})
    out += [copy.deepcopy(e) for listen, e in fresh.items() if listen not in seen]
    return out


def _set_events(live: Node, new: Node) -> None:
    """`live`'s scripts (in place): the user's lines around apigen's new blocks; none left, no
    `event` key."""
    events = _events(list(live.get("event") or []), list(new.get("event") or []))
    if events:
        live["event"] = events
    else:
        live.pop("event", None)


def _changed(item: Node, sent: dict[str, Any] | None) -> bool:
    """Whether the user changed an item since apigen sent it (no record: assume so)."""
    if sent is None:
        return True
    examples = {str(r.get("name")): _example(r) for r in item.get("response") or []}
    scripts = [e for e in item.get("event") or [] if isinstance(e, dict)]
    user_script = any(
        any(
            line.strip()
            for part in _user_lines(list((e.get("script") or {}).get("exec") or []))
            for line in part
        )
        for e in scripts
    )
    return (
        _request(item) != sent["request"]
        or item.get("name") != sent.get("name", item.get("name"))
        or _description(item) != sent["description"]
        or examples != sent["examples"]
        or user_script
    )


def _update_item(live: Node, new: Node, sent: dict[str, Any] | None) -> None:
    """`live` (in place) with apigen's parts from `new`."""
    request = copy.deepcopy(new["request"])
    old_request = live.get("request") or {}
    recorded = sent["description"] if sent is not None else _description(new)
    if _description(live) != recorded:  # edited here: the user's
        if "description" in old_request:
            request["description"] = old_request["description"]
        else:
            request.pop("description", None)
    live["request"] = request
    recorded_name = sent.get("name", new.get("name")) if sent is not None else new.get("name")
    if live.get("name") == recorded_name:  # not renamed here: apigen's name
        live["name"] = new.get("name")
    sent_examples = (sent or {}).get("examples", {})
    live_examples = {str(r.get("name")): r for r in live.get("response") or []}
    responses = []
    for response in live.get("response") or []:  # the workspace's, in its order
        name = str(response.get("name"))
        fresh = next((r for r in new.get("response") or [] if str(r.get("name")) == name), None)
        generated = name in sent_examples and _example(response) == sent_examples[name]
        if sent is None and fresh is not None and _example(response) == _example(fresh):
            generated = True
        if not generated:
            responses.append(response)  # the user's: added or edited
        elif fresh is not None:
            replaced = copy.deepcopy(fresh)
            replaced.pop("id", None)
            if response.get("id"):
                replaced["id"] = response["id"]
            responses.append(replaced)
    for fresh in new.get("response") or []:  # new examples, unless the user deleted them
        name = str(fresh.get("name"))
        if name not in live_examples and name not in sent_examples:
            added = copy.deepcopy(fresh)
            added.pop("id", None)
            responses.append(added)
    live["response"] = responses
    _set_events(live, new)


def _fresh(node: Node) -> Node:
    """A generated item or folder to add: without ids, for Postman to assign."""
    out = copy.deepcopy(node)
    stack = [out]
    while stack:
        current = stack.pop()
        current.pop("id", None)
        for response in current.get("response") or []:
            response.pop("id", None)
        stack.extend(current.get("item") or [])
    return out


def _position(items: list[Node], after: Node | None) -> int:
    """Where a new item goes: after `after` (none: first in its folder)."""
    if after is None:
        return 0
    return items.index(after) + 1 if after in items else len(items)


MAX_FOLDERS = 64  # levels of folders the merge reads (Postman's own UI nests far fewer)


def malformed(live: Any) -> str | None:
    """Why the workspace's collection is not one the merge can read (None: it can): the
    shapes the v2.1 format gives items, folders, examples, scripts and variables, and folders
    nested at most MAX_FOLDERS deep. Names are flattened to one line for the log."""
    if not isinstance(live, dict) or not isinstance(live.get("info", {}), dict):
        return "no collection object with an info object"
    for key in ("variable", "event"):
        found = live.get(key, [])
        if not isinstance(found, list) or not all(isinstance(v, dict) for v in found):
            return f"its {key} is not a list of objects"
    todo: list[tuple[Any, int]] = [(live, 0)]
    while todo:
        node, depth = todo.pop()
        if depth > MAX_FOLDERS:
            return f"folders nested deeper than {MAX_FOLDERS} levels"
        children = node.get("item", [])
        if not isinstance(children, list) or not all(isinstance(c, dict) for c in children):
            return (
                f"{flat(node.get('name', 'the collection'))!r}: its item is not a list of objects"
            )
        for child in children:
            lists = [child.get(k, []) for k in ("response", "event")]
            if any(
                not isinstance(x, list) or not all(isinstance(v, dict) for v in x) for x in lists
            ):
                return (
                    f"{flat(child.get('name'))!r}: its response or event is not a list of objects"
                )
            if "request" in child:
                if not isinstance(child["request"], dict | str):
                    return f"{flat(child.get('name'))!r}: its request is not an object"
            else:
                todo.append((child, depth + 1))
    return None


def _recorded(sent: Any) -> dict[str, Any] | None:
    """The fingerprint publishing recorded, with whatever a hand edit broke left out (an entry
    not in fingerprint()'s shape counts as not recorded)."""
    if not isinstance(sent, dict):
        return None

    def hashes(value: Any) -> bool:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())

    items = sent.get("items")
    folders = sent.get("folders")
    return {
        "items": {
            k: v
            for k, v in (items.items() if isinstance(items, dict) else [])
            if isinstance(v, dict)
            and isinstance(v.get("request"), str)
            and isinstance(v.get("description"), str)
            and hashes(v.get("examples"))
            and isinstance(v.get("id", ""), str)
        },
        "folders": dict(folders) if isinstance(folders, dict) and hashes(folders) else {},
        **({"info": sent["info"]} if isinstance(sent.get("info"), str) else {}),
    }


class Merged(NamedTuple):
    body: Node  # the collection to PUT
    report: list[str]  # what the merge kept of the users' and why
    ids: dict[str, str]  # identity -> the id of the workspace's item apigen updated


def _locate(
    key: str,
    record: dict[str, Any] | None,
    by_id: dict[str, tuple[Node, Node]],
    found: dict[str, list[tuple[Node, Node]]],
) -> tuple[Node, Node] | str | None:
    """apigen's item for `key` in the workspace: the one with the id publishing recorded; else
    the one item of that operation; else, among several, the first whose request is still
    what apigen sent (a copy the user changed is theirs). None: not there; "ambiguous": there
    several times, none of them apigen's for sure (left alone)."""
    recorded = (record or {}).get("id")
    if isinstance(recorded, str) and recorded in by_id:
        return by_id[recorded]
    options = found.get(key) or []
    if len(options) <= 1:
        return options[0] if options else None
    if record is not None:
        same = [o for o in options if _request(o[0]) == record["request"]]
        if same:
            return same[0]
    return "ambiguous"


def merge(new: Node, live: Node, sent: dict[str, Any] | None) -> Merged:
    """The collection to PUT over `live` (which `malformed` accepts), what the merge reports
    (removed items kept, items the user changed), and the ids of apigen's items there."""
    out = copy.deepcopy(live)
    report: list[str] = []
    sent = _recorded(sent)
    sent_items = (sent or {}).get("items", {})
    fresh_index = identities(new)
    found = candidates(out)
    by_id = {
        str(item["id"]): (item, parent)
        for item, parent, _ in _walk(out)
        if "request" in item and _owned_kind(item) and isinstance(item.get("id"), str)
    }
    located: dict[str, tuple[Node, Node] | str | None] = {}
    ids: dict[str, str] = {}
    # 1. generated items still in the API: updated where they are, unless the user changed
    # the request apigen sent (then the item is theirs: never rewritten)
    for key, (fresh, _) in fresh_index.items():
        record = sent_items.get(key)
        place = located[key] = _locate(key, record, by_id, found)
        if place == "ambiguous":
            report.append(f"{key}: several requests in the workspace, none of them apigen's for "
                          "sure; none updated")  # fmt: skip
            continue
        if place is None or isinstance(place, str):
            continue
        item = place[0]
        if record is not None and _request(item) != record["request"]:
            report.append(
                f"{flat(item.get('name'))} ({key}): its request was changed here; kept as it is"
            )
        else:
            _update_item(item, fresh, record)
        if isinstance(item.get("id"), str):
            ids[key] = item["id"]
    # 2. generated items whose operation left the API
    removed_folder: Node | None = None
    for key, record in sent_items.items():
        if key in fresh_index:
            continue  # still generated
        place = _locate(key, record, by_id, found)
        if place is None or isinstance(place, str):
            continue  # gone already, or not apigen's for sure
        item, parent = place
        if item not in (parent.get("item") or []):
            continue
        parent["item"].remove(item)
        if _changed(item, record):
            if removed_folder is None:
                removed_folder = next(
                    (f for f in out["item"] if f.get("name") == REMOVED and "request" not in f),
                    None,
                ) or {
                    "name": REMOVED,
                    "description": REMOVED_TEXT,
                    "item": [],
                }
                if removed_folder not in out["item"]:
                    out["item"].append(removed_folder)
            removed_folder["item"].append(item)
            report.append(
                f"{flat(item.get('name'))} ({key}): the API no longer has it; kept in "
                f"'{REMOVED}' (changed here)"
            )
    # 3. generated folders: descriptions; new folders and new items where the order puts them
    sent_folders = (sent or {}).get("folders", {})
    live_folders = {
        f.get("name"): f for f in out["item"] if isinstance(f, dict) and "request" not in f
    }
    previous: Node | None = None
    for folder in new.get("item") or []:
        name = folder.get("name")
        target = live_folders.get(name)
        if target is None:
            target = _fresh({**folder, "item": []})
            at = out["item"].index(previous) + 1 if previous is not None else 0
            out["item"].insert(at, target)
        else:
            recorded = sent_folders.get(name, _description(folder))
            if _description(target) == recorded:  # not edited here: apigen's to update
                if "description" in folder:
                    target["description"] = folder["description"]
                else:
                    target.pop("description", None)
        previous = target
        after: Node | None = None
        for child in folder.get("item") or []:
            placed = located.get(_identity(child, str(name)))
            if placed == "ambiguous":
                continue  # there already (several times): nothing added
            if placed is not None and not isinstance(placed, str):
                after = placed[0] if placed[1] is target else after
                continue
            added = _fresh(child)
            items = target.setdefault("item", [])
            items.insert(_position(items, after), added)
            after = added
    # 4. the collection itself
    info = dict(out.get("info") or {})
    for key in ("name", "schema", "version"):
        if key in new["info"]:
            info[key] = new["info"][key]
    recorded_info = (sent or {}).get("info")
    live_description = _h(info.get("description") or "")
    if recorded_info is None or live_description == recorded_info:
        info["description"] = new["info"].get("description", "")
    out["info"] = info
    if "auth" in new:
        out["auth"] = copy.deepcopy(new["auth"])
    generated = {v["key"]: v for v in new.get("variable") or []}

    def updated(variable: Node) -> Node:
        """apigen's variables take their new values, except one it leaves empty for the user to
        fill (`webhookUrl`, the receiver): the workspace's value stays."""
        fresh = generated.get(variable.get("key"))
        return variable if fresh is None or fresh.get("value") in ("", None) else fresh

    variables = [updated(v) for v in out.get("variable") or []]
    have = {v.get("key") for v in variables}
    variables += [copy.deepcopy(v) for k, v in generated.items() if k not in have]
    out["variable"] = variables
    _set_events(out, new)
    return Merged(out, report, ids)


# The collection variable that carries publishing's record of what it sent (`fingerprint`), so
# that any checkout (CI's fresh one, without the state file) tells apigen's items from the
# users'. Its value is compact JSON; the merge reads it back only in fingerprint()'s shape.
STATE_VARIABLE = "apigenPublished"


def with_state(collection: Node, record: dict[str, Any]) -> Node:
    """`collection` (in place) with the record in its STATE_VARIABLE, last."""
    value = json.dumps(record, sort_keys=True, separators=(",", ":"))
    variables = _other_variables(collection)
    variables.append(
        {
            "key": STATE_VARIABLE,
            "value": value,
            "type": "string",
            "description": "apigen: what it published last (which requests are its own); "
            "regenerated by apigen publish, do not edit",
        }
    )
    collection["variable"] = variables
    return collection


def without_state(collection: Node) -> Node:
    """A shallow copy of `collection` without the STATE_VARIABLE."""
    return {**collection, "variable": _other_variables(collection)}


def _other_variables(collection: Node) -> list[Any]:
    """The collection's variables but the STATE_VARIABLE."""
    return [
        v
        for v in collection.get("variable") or []
        if not (isinstance(v, dict) and v.get("key") == STATE_VARIABLE)
    ]


def published_state(live: Node) -> dict[str, Any] | None:
    """The record a collection in the workspace carries (None: none, or not readable)."""
    for variable in live.get("variable") or []:
        if isinstance(variable, dict) and variable.get("key") == STATE_VARIABLE:
            value = variable.get("value")
            if not isinstance(value, str) or len(value) > 20_000_000:
                return None
            try:
                found = json.loads(value)
            except (ValueError, RecursionError):
                return None
            return found if isinstance(found, dict) else None
    return None
