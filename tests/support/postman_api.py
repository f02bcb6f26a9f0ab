"""A stand-in for the Postman API on 127.0.0.1, with the request and response shapes of its
reference: `{"collection": {...}}` in, `{"collection": {"id", "name", "uid"}}` out. It assigns
its own ids on create, validates collections against the v2.1 schema, rejects item ids that
belong to another collection, keeps what it stores, and records every request."""

from __future__ import annotations

import copy
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
from helpers import SHARED, Reply, Request, Server
from helpers import serve as serve_http

OWNER = "12345"
SCHEMA = json.loads((SHARED / "schemas" / "postman-collection-v2.1.0.schema.json").read_text())


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


@dataclass
class PostmanApi:
    key: str
    workspace: str
    url: str = ""
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> collection
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)  # uid -> environment
    calls: list[Call] = field(default_factory=list)
    script: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # forced answers

    def writes(self) -> list[Call]:
        return [c for c in self.calls if c.method in ("POST", "PUT", "PATCH", "DELETE")]

    def items(self, uid: str) -> Iterator[dict[str, Any]]:
        stack = list(self.collections[uid]["item"])
        while stack:
            item = stack.pop()
            yield item
            stack.extend(item.get("item") or [])

    def _assign_ids(self, node: dict[str, Any], owned: set[str]) -> str | None:
        """Give every item (and saved response) without an id a new one; refuse an id that
        belongs to another collection."""
        stack = list(node.get("item") or [])
        while stack:
            item = stack.pop()
            for target in [item, *(item.get("response") or [])]:
                given = target.get("id")
                if given is None:
                    target["id"] = str(uuid.uuid4())
                elif given not in owned:
                    return given
            stack.extend(item.get("item") or [])
        return None

    def _owned(self, uid: str | None) -> set[str]:
        if uid is None:
            return set()
        ids = set()
        for item in self.items(uid):
            ids.add(item["id"])
            ids.update(r["id"] for r in item.get("response") or [] if "id" in r)
        return ids

    def handle(self, call: Call) -> tuple[int, dict[str, str], Any]:
        if call.headers.get("x-api-key") != self.key:
            return (
                401,
                {},
                {"error": {"name": "AuthenticationError", "message": "Invalid API Key."}},
            )
        if self.script:
            status, headers = self.script.pop(0)
            return status, headers, {"error": {"name": "scripted", "message": "scripted"}}
        parts = call.path.strip("/").split("/")
        if call.method == "GET" and parts == ["workspaces", self.workspace]:
            listing = {
                "id": self.workspace,
                "name": "apigen",
                "collections": [
                    {"id": c["info"]["_postman_id"], "name": c["info"]["name"], "uid": uid}
                    for uid, c in self.collections.items()
                ],
                "environments": [
                    {"id": e["id"], "name": e["name"], "uid": uid}
                    for uid, e in self.environments.items()
                ],
            }
            return 200, {}, {"workspace": listing}
        if parts[0] == "collections":
            return self._collections(call, parts)
        if parts[0] == "environments":
            return self._environments(call, parts)
        return 404, {}, {"error": {"name": "notFound", "message": "no such route"}}

    def _collections(self, call: Call, parts: list[str]) -> tuple[int, dict[str, str], Any]:
        if call.method == "POST" and len(parts) == 1:
            if call.query.get("workspace") != [self.workspace]:
                return 400, {}, {"error": {"name": "badRequest", "message": "workspace"}}
            collection = copy.deepcopy(call.body["collection"])
            for item in _walk(collection):
                item.pop("id", None)  # copies never keep foreign ids
            cid = str(uuid.uuid4())
            collection["info"]["_postman_id"] = cid
            self._assign_ids(collection, set())
            jsonschema.validate(collection, SCHEMA)
            uid = f"{OWNER}-{cid}"
            self.collections[uid] = collection
            return (
                200,
                {},
                {"collection": {"id": cid, "name": collection["info"]["name"], "uid": uid}},
            )
        uid = parts[1] if len(parts) == 2 else ""
        if uid not in self.collections:
            return 404, {}, {"error": {"name": "instanceNotFoundError", "message": "no collection"}}
        if call.method == "GET":
            return 200, {}, {"collection": copy.deepcopy(self.collections[uid])}
        if call.method == "PUT":
            collection = copy.deepcopy(call.body["collection"])
            try:
                jsonschema.validate(collection, SCHEMA)
            except jsonschema.ValidationError as exc:
                return 400, {}, {"error": {"name": "malformedRequestError", "message": exc.message}}
            foreign = self._assign_ids(collection, self._owned(uid))
            if foreign is not None:
                return (
                    400,
                    {},
                    {
                        "error": {
                            "name": "idConflict",
                            "message": f"id {foreign} is another collection's",
                        }
                    },
                )
            collection["info"]["_postman_id"] = self.collections[uid]["info"]["_postman_id"]
            self.collections[uid] = collection
            return (
                200,
                {},
                {
                    "collection": {
                        "id": uid.split("-", 1)[1],
                        "name": collection["info"]["name"],
                        "uid": uid,
                    }
                },
            )
        return 405, {}, {}

    def _environments(self, call: Call, parts: list[str]) -> tuple[int, dict[str, str], Any]:
        if call.method == "POST" and len(parts) == 1:
            environment = copy.deepcopy(call.body["environment"])
            eid = str(uuid.uuid4())
            environment["id"] = eid
            uid = f"{OWNER}-{eid}"
            self.environments[uid] = environment
            return 200, {}, {"environment": {"id": eid, "name": environment["name"], "uid": uid}}
        uid = parts[1] if len(parts) == 2 else ""
        if uid not in self.environments:
            return (
                404,
                {},
                {"error": {"name": "instanceNotFoundError", "message": "no environment"}},
            )
        if call.method == "GET":
            return 200, {}, {"environment": copy.deepcopy(self.environments[uid])}
        if call.method == "PUT":
            environment = copy.deepcopy(call.body["environment"])
            environment["id"] = self.environments[uid]["id"]
            self.environments[uid] = environment
            return (
                200,
                {},
                {"environment": {"id": environment["id"], "name": environment["name"], "uid": uid}},
            )
        return 405, {}, {}


def _walk(collection: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stack = list(collection.get("item") or [])
    while stack:
        item = stack.pop()
        yield item
        yield from (r for r in item.get("response") or [])
        stack.extend(item.get("item") or [])


def serve(api: PostmanApi) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """`api` on helpers' HTTP server (a free port on 127.0.0.1), JSON in and out."""
    server = Server(url="")

    def route(request: Request) -> Reply:
        parts = urlsplit(request.path)
        body = json.loads(request.body) if request.body else None
        call = Call(request.method, parts.path, parse_qs(parts.query), body, request.headers)
        api.calls.append(call)
        status, headers, answer = api.handle(call)
        return status, {**headers, "Content-Type": "application/json"}, json.dumps(answer).encode()

    server.routes["*"] = route
    httpd, thread = serve_http(server)
    api.url = server.url
    return httpd, thread
