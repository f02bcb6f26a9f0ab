"""Deliver: push each API's Postman collection and region environments to a Postman workspace.

- The key comes from $POSTMAN_API_KEY (sent as `X-Api-Key`, never printed or written), the
  workspace from `--workspace` or $POSTMAN_WORKSPACE_ID, the API from $POSTMAN_API_URL (default
  https://api.getpostman.com).
- First run: the collection and environments are looked up by name in the workspace, and
  created only when absent: never a duplicate. Their uids are recorded in a state file beside
  the lock (`apigen.postman.json`), with the hash of what was sent.
- Later runs: nothing is sent when that hash is unchanged. A changed collection is read first
  and merged into what the workspace holds (generator.postman_merge): apigen's parts of its
  items are updated in place, so they keep their ids (Postman keeps history, comments and
  forks), while scripts, examples, descriptions, items and folders users added or edited
  there are kept; nothing is sent when the merge equals the workspace. The state records a
  fingerprint of what was sent, which tells apigen's parts from the users' next time. A
  changed environment is read first and keeps the `apiKey` value stored there: apigen never
  supplies one.
- 429 waits for `Retry-After` / `X-RateLimit-RetryAfter` (bounded as fetching is); 5xx is
  retried for GET and PUT, never for POST (no duplicate collections); 401, 403 and 404 are one
  line naming the call (exit 3), and the recorded state is left as it was.

Evidence for the Postman API behaviour followed here:
- PUT /collections/{id} removes every item whose id is not sent and recreates it with a new id
  (https://learning.postman.com/api-docs/api-reference/collections/put-collection): hence the
  merge starts from the workspace's own collection, ids included.
- 429 carries `X-RateLimit-RetryAfter`, in seconds; 300 requests a minute per key
  (https://learning.postman.com/docs/developer/postman-api/postman-api-rate-limits).
- Every answer wraps its object: `{"workspace": ...}`, `{"collection": ...}`,
  `{"environment": ...}` (the same reference pages); `call` checks that wrapper once.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from generator import log
from generator.config import ApiConfig, Config
from generator.errors import FetchError, UsageError
from generator.escape import one_line as flat
from generator.postman_merge import (
    fingerprint,
    malformed,
    merge,
    published_state,
    with_state,
    without_state,
)
from generator.runtime.python._retry import next_delay
from generator.write import atomic_write

DEFAULT_URL = "https://api.getpostman.com"
STATE = "apigen.postman.json"
SECRET_KEYS = frozenset({"apiKey"})


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class PostmanApi:
    """The Postman API calls publishing needs, with its retry rules."""

    def __init__(self, base_url: str, key: str, config: Config, transport: Any = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.settings = config.fetch
        self.http = httpx.Client(
            base_url=self.base_url,
            headers={"X-Api-Key": key, "Accept": "application/json"},
            timeout=self.settings.timeout,
            transport=transport,
        )
        self.sleep: Callable[[float], None] = time.sleep
        self.writes = 0

    def close(self) -> None:
        self.http.close()

    def call(
        self, method: str, path: str, key: str, body: Any = None, **params: str
    ) -> dict[str, Any]:
        """The object under `key` in Postman's answer (`{"collection": {...}}` and so on, as the
        API documents every answer); anything else is a FetchError naming the call."""
        label = f"Postman API {method} {path}"
        attempt = 0
        while True:
            try:
                response = self.http.request(method, path, json=body, params=params or None)
            except httpx.TransportError as exc:
                wait = self._delay(attempt, method, None)
                if wait is None:
                    raise FetchError(f"{label}: {type(exc).__name__}", network=True) from None
                self._wait(wait)
                attempt += 1
                continue
            status = response.status_code
            wait = self._delay(attempt, method, response)
            if wait is not None:
                self._wait(wait)
                attempt += 1
                continue
            if status >= 400:
                raise FetchError(f"{label}: HTTP {status}{_why(response)}")
            if method in ("POST", "PUT"):
                self.writes += 1
            try:
                found = response.json().get(key)
            except (ValueError, AttributeError, RecursionError):  # nested past reading
                found = None
            if not isinstance(found, dict):
                raise FetchError(f"{label}: HTTP {status}, but no {key!r} object in the answer")
            return found

    def _delay(self, attempt: int, method: str, response: httpx.Response | None) -> float | None:
        """The clients' retry decision (`_retry.next_delay`): a POST or PATCH is never repeated
        after a 5xx or a broken connection; Postman's `X-RateLimit-RetryAfter` counts as advice."""
        advice = None
        if response is not None:
            advice = response.headers.get("retry-after") or response.headers.get(
                "x-ratelimit-retryafter"
            )
        return next_delay(
            attempt=attempt,
            max_attempts=self.settings.retries + 1,
            method=method,
            status=response.status_code if response is not None else None,
            retry_after_value=advice,
            backoff=self.settings.backoff,
            max_backoff=self.settings.max_backoff,
        )

    def _wait(self, wait: float) -> None:
        log.warn(f"Postman API: retrying in {wait:.1f}s")
        self.sleep(wait)


def _why(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        message = error.get("message") or error.get("name")
    except (ValueError, AttributeError):
        return ""
    return f" ({flat(str(message)[:200])})" if message else ""


def _entry(state: dict[str, Any], key: str) -> dict[str, Any]:
    """state[key] as a dict: one the state file holds, else a new one (a hand-edited or foreign
    state file is forgotten there, and the workspace looked up by name again)."""
    found = state.get(key)
    if not isinstance(found, dict):
        found = state[key] = {}
    return found


def _uid(created: dict[str, Any], call: str) -> str:
    uid = created.get("uid")
    if not isinstance(uid, str) or not uid:
        raise FetchError(f"Postman API {call}: created, but the answer has no uid")
    return uid


def _read_output(path: Path, valid: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """A generated Postman file, or one line saying why it cannot be published."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: not found; run `apigen generate` first") from None
    except (OSError, ValueError) as e:
        raise UsageError(
            f"{path}: unreadable ({type(e).__name__}); run `apigen generate`"
        ) from None
    if not isinstance(data, dict) or not valid(data):
        raise UsageError(f"{path}: not a Postman file apigen wrote; run `apigen generate`")
    return data


def _is_collection(data: dict[str, Any]) -> bool:
    info = data.get("info")
    return isinstance(info, dict) and isinstance(info.get("name"), str)


def _is_environment(data: dict[str, Any]) -> bool:
    values = data.get("values")
    return (
        isinstance(data.get("name"), str)
        and isinstance(values, list)
        and all(isinstance(v, dict) and isinstance(v.get("key"), str) for v in values)
    )


def _same(body: dict[str, Any], live: dict[str, Any]) -> bool:
    """Whether a PUT of `body` would change nothing the workspace shows."""
    return _hash(body) == _hash(live)


def _environment_body(environment: dict[str, Any], live: dict[str, Any] | None) -> dict[str, Any]:
    """What apigen sends for an environment: its values, with any secret's value the one stored
    in the workspace (never one of apigen's)."""
    stored = {v.get("key"): v for v in (live or {}).get("values") or [] if isinstance(v, dict)}
    values = []
    for value in environment["values"]:
        value = dict(value)
        if value["key"] in SECRET_KEYS:
            value["value"] = stored.get(value["key"], {}).get("value", "") if live else ""
        values.append(value)
    return {"name": environment["name"], "values": values}


def _changed_environment(
    environment: dict[str, Any], live: dict[str, Any]
) -> dict[str, Any] | None:
    """What to PUT over the workspace's environment; None when it already holds just that (a
    checkout without the state file sends nothing then)."""
    body = _environment_body(environment, live)
    return None if _same(body, {"name": live.get("name"), "values": live.get("values")}) else body


class Publisher:
    def __init__(self, config: Config, api: PostmanApi, workspace: str) -> None:
        self.config = config
        self.api = api
        self.workspace = workspace
        self.state_path = config.lock.with_name(STATE)
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            state = {}
        except (OSError, ValueError, RecursionError):
            raise UsageError(f"{self.state_path}: unreadable Postman state file") from None
        self.state: dict[str, Any] = state if isinstance(state, dict) else {}
        self._listing: dict[str, Any] | None = None

    def listing(self) -> dict[str, Any]:
        if self._listing is None:
            self._listing = self.api.call("GET", f"/workspaces/{self.workspace}", "workspace")
        return self._listing

    def _find(self, kind: str, name: str) -> str | None:
        for entry in self.listing().get(kind) or []:
            if isinstance(entry, dict) and entry.get("name") == name:
                uid = entry.get("uid") or entry.get("id")
                if isinstance(uid, str) and uid:
                    return uid
        return None

    def publish(self, api: ApiConfig, folder: Path) -> None:
        space = _entry(_entry(self.state, self.workspace), api.name)
        postman = folder / "postman"
        collection_file = postman / f"{api.name}.postman_collection.json"
        collection = _read_output(collection_file, _is_collection)
        self._collection(api, collection, space)
        for path in sorted(postman.glob(f"{api.name}-*.postman_environment.json")):
            environment = _read_output(path, _is_environment)
            region = path.name[len(api.name) + 1 : -len(".postman_environment.json")]
            self._environment(environment, _entry(space, "environments"), region)

    def _collection(
        self, api: ApiConfig, collection: dict[str, Any], space: dict[str, Any]
    ) -> None:
        name = collection["info"]["name"]
        sent = space.get("collection_sent")
        reports: list[str] = []

        recorded: list[dict[str, Any]] = []

        def merged(live: dict[str, Any]) -> dict[str, Any] | None:
            why = malformed(live)
            if why is not None:
                raise FetchError(f"Postman API: collection {flat(name)!r} cannot be merged: {why}")
            # what was sent last: as the workspace's collection carries it (so a fresh checkout,
            # CI's, knows it too), else as this checkout's state file has it
            last = published_state(live) or (sent if isinstance(sent, dict) else None)
            body, report, ids = merge(collection, live, last)
            reports.extend(report)
            recorded.append(fingerprint(collection, ids))
            # the record alone changing (ids learned) sends nothing: it goes with the next change
            same = _same(without_state(body), without_state(live))
            return None if same else with_state(body, recorded[-1])

        first = fingerprint(collection)
        done = self._sync(
            "collection",
            name,
            (space, "collection_uid", "collection_sha256"),
            _hash(collection),
            with_state(copy.deepcopy(collection), first),
            merged,
        )
        for line in reports:
            log.warn(f"{api.name}: {flat(line)}")
        if done != "unchanged":
            space["collection_sent"] = recorded[-1] if recorded else first
        log.info(
            {
                "created": f"{api.name}: created Postman collection {flat(name)!r}",
                "unchanged": f"{api.name}: Postman collection {flat(name)!r} unchanged",
                "same": f"{api.name}: Postman collection {flat(name)!r} already up to date",
                "updated": f"{api.name}: updated Postman collection {flat(name)!r}; "
                "what was added or edited in the workspace kept",
            }[done]
        )

    def _environment(self, environment: dict[str, Any], space: dict[str, Any], region: str) -> None:
        name = environment["name"]
        body = _environment_body(environment, None)
        done = self._sync(
            "environment",
            name,
            (_entry(space, region), "uid", "sha256"),
            _hash(body),
            body,
            lambda live: _changed_environment(environment, live),
        )
        if done == "created":
            log.info(f"created Postman environment {flat(name)!r}")
        elif done == "same":
            log.info(f"Postman environment {flat(name)!r} already up to date")
        elif done == "updated":
            log.info(f"updated Postman environment {flat(name)!r}, its stored apiKey kept")

    def _sync(
        self,
        kind: str,
        name: str,
        record: tuple[dict[str, Any], str, str],
        digest: str,
        body: dict[str, Any],
        merged: Callable[[dict[str, Any]], dict[str, Any] | None],
    ) -> str:
        """One collection or environment: created when the workspace has none of that name,
        left alone when what was sent last has the same hash, else read and PUT back as
        `merged(live)` (None: the workspace already holds it, nothing is sent). `record` is
        where its uid and hash are kept (dict, uid key, hash key)."""
        entry, uid_key, hash_key = record
        uid = entry.get(uid_key) or self._find(f"{kind}s", name)
        if uid is None:
            path = f"/{kind}s"
            created = self.api.call("POST", path, kind, {kind: body}, workspace=self.workspace)
            uid, done = _uid(created, f"POST {path}"), "created"
        elif entry.get(uid_key) == uid and entry.get(hash_key) == digest:
            return "unchanged"
        else:
            live = self.api.call("GET", f"/{kind}s/{uid}", kind)
            update = merged(live)
            if update is None:
                done = "same"
            else:
                self.api.call("PUT", f"/{kind}s/{uid}", kind, {kind: update})
                done = "updated"
        entry[uid_key], entry[hash_key] = uid, digest
        return done

    def save(self) -> None:
        atomic_write(
            self.state_path, (json.dumps(self.state, indent=2, sort_keys=True) + "\n").encode()
        )


def run_publish(
    cfg: Config,
    apis: list[ApiConfig],
    *,
    out: Path | None,
    workspace: str | None,
    transport: Any = None,
) -> int:
    """Publish every API's Postman files; returns the number of write requests sent."""
    key = os.environ.get("POSTMAN_API_KEY")
    if not key:
        raise UsageError("publish postman: set POSTMAN_API_KEY (a Postman API key)")
    workspace = workspace or os.environ.get("POSTMAN_WORKSPACE_ID")
    if not workspace:
        raise UsageError("publish postman: pass --workspace ID or set POSTMAN_WORKSPACE_ID")
    base = os.environ.get("POSTMAN_API_URL") or DEFAULT_URL
    if not _secure_url(base):
        raise UsageError(
            f"POSTMAN_API_URL: an https URL is needed (http only for loopback), not {base!r}"
        )
    api = PostmanApi(base, key, cfg, transport)
    publisher = Publisher(cfg, api, workspace)
    try:
        for config in apis:
            publisher.publish(config, (out if out is not None else cfg.out) / config.name)
    finally:
        api.close()
    publisher.save()  # only after every call succeeded: a failure leaves the state as it was
    log.info(f"Postman: {api.writes} write request(s)")
    return api.writes


def _secure_url(url: str) -> bool:
    """https, or http to this machine only (the API key travels in every request)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "::1", "localhost")
