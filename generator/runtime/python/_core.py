"""HTTP core of a generated client: auth, retries, errors, parsing. Copied verbatim by apigen;
the per-API values are in `_settings.py`."""

from __future__ import annotations

import base64
import copy
import enum
import functools
import os
import re
import ssl
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Generic, Self, TypeVar
from urllib.parse import quote
from uuid import UUID

import httpx
import pydantic

from ._retry import next_delay, retry_after

if TYPE_CHECKING:  # asyncio is imported when an async client first needs it (_sleep, _task_lock)
    import asyncio
from ._settings import (
    API_KEY_ENV,
    API_URL_ENV,
    AUTH,
    DEFAULT_REGION,
    ERROR_CLASS,
    PATH_VARIABLES,
    REGIONS,
    SCHEMES,
    SCOPE_PATH,
    USER_AGENT,
)

# The longest a call may take across its retries (seconds): no attempt starts, and no attempt
# runs, past it. Defaults allow 3 attempts of 30 s plus back-off, so this bounds the sum.
DEADLINE = 120.0

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Unset:
    """The value of an optional argument the caller did not pass: it is not sent, so the
    server's own default applies (unlike `None`, a real value)."""

    _instance: Self | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


@dataclass(frozen=True)
class ApiResponse(Generic[T_co]):
    """An answer with its status and headers beside the parsed body (`client.<group>
    .with_response.<method>(...)`): e.g. 201 when a PUT created the object, 200 when it existed
    (how an official SDK tells a created object from a replaced one)."""

    status_code: int
    headers: httpx.Headers
    parsed: T_co


@dataclass(frozen=True)
class RetryPolicy:
    """When a request is sent again, as well-behaved SDKs do it ("POST is excluded by default
    as it may not be idempotent"; the sources: apigen's docs/python-client.md).

    - 429 and 408 (the server did not act on the request) for every method;
    - 5xx and connection errors only for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE):
      a POST or PATCH the server may have performed before failing is never repeated, unless
      `retry_non_idempotent=True` (per client, or per call with `client.with_options(...)`).

    The wait is the server's `Retry-After` when it sends one, else `backoff * 2**attempt`,
    both capped at `max_backoff`; at most `max_attempts` requests are sent in all.
    """

    max_attempts: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    retry_non_idempotent: bool = False

    def next_delay(
        self,
        attempt: int,
        method: str,
        response: httpx.Response | None,
        read_only: bool = False,
    ) -> float | None:
        """The one retry decision (`_retry.next_delay`, shared with apigen's own HTTP calls),
        for the sync and the async loop alike: how long to wait before sending again, or None
        to return the response (or raise the error) as it is. `response` is None after a
        connection error."""
        return next_delay(
            attempt=attempt,
            max_attempts=self.max_attempts,
            method=method,
            status=response.status_code if response is not None else None,
            retry_after_value=response.headers.get("retry-after") if response is not None else None,
            backoff=self.backoff,
            max_backoff=self.max_backoff,
            retry_non_idempotent=self.retry_non_idempotent,
            read_only=read_only,
        )


NO_RETRY = RetryPolicy(max_attempts=1)


class ApiError(Exception):
    """An HTTP error answer: status, method, URL and the parsed error body. Never the API key.
    `error_code` and `title` are the body's own (an error answer's `error_code` and `title`
    fields, where the API sends them), or None."""

    def __init__(self, status: int, method: str, url: str, body: Any) -> None:
        self.status = status
        self.method = method
        self.url = url
        self.body = body
        self.error_code: str | None = _field(body, "error_code")
        self.title: str | None = _field(body, "title")
        summary = _summary(body)
        super().__init__(
            f"{method} {url} failed with HTTP {status}" + (f": {summary}" if summary else "")
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status}, method={self.method!r}, url={self.url!r})"
        )


def _field(body: Any, name: str) -> str | None:
    value = body.get(name) if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


class AuthenticationError(ApiError):
    """401 or 403: the key is missing, wrong, or its scope does not cover the operation."""


class NotFoundError(ApiError):
    """404."""


class ConflictError(ApiError):
    """409: the object exists already, or the change conflicts with the current state."""


@dataclass(frozen=True)
class ValidationIssue:
    loc: tuple[str | int, ...]
    msg: str
    type: str


class UnprocessableEntityError(ApiError):
    """422: the request failed validation; `detail` lists each problem."""

    def __init__(self, status: int, method: str, url: str, body: Any) -> None:
        super().__init__(status, method, url, body)
        raw = body.get("detail") if isinstance(body, dict) else None
        self.detail: list[ValidationIssue] = [
            ValidationIssue(
                loc=tuple(item.get("loc") or ()),
                msg=str(item.get("msg", "")),
                type=str(item.get("type", "")),
            )
            for item in (raw if isinstance(raw, list) else [])
            if isinstance(item, dict)
        ]


class RateLimitError(ApiError):
    """429 after the retry budget; `retry_after` is the server's advice in seconds, if any."""

    def __init__(
        self, status: int, method: str, url: str, body: Any, retry_after: float | None = None
    ) -> None:
        super().__init__(status, method, url, body)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx after the retry budget."""


class NetworkError(ApiError):
    """No usable answer: the connection failed or broke off (a truncated body), or the answer
    did not arrive within the client's timeout (a server that trickles). `status` is 0."""

    def __init__(self, method: str, url: str, reason: str) -> None:
        super().__init__(0, method, url, None)
        self.reason = reason
        self.args = (f"{method} {url}: {reason}",)


class ResponseTooLargeError(ApiError):
    """The answer's body grew past the client's `max_response_bytes`; it was not read further."""

    def __init__(self, status: int, method: str, url: str, limit: int) -> None:
        super().__init__(status, method, url, None)
        self.limit = limit
        self.args = (f"{method} {url}: answer larger than {limit} bytes (max_response_bytes)",)


class UnexpectedResponseError(ApiError):
    """A success answer whose body does not match the declared model: `field` is the path of
    the first mismatch (e.g. `[0].key`), `reason` what is wrong there, `body` the raw answer."""

    def __init__(
        self, status: int, method: str, url: str, body: Any, field: str, reason: str, expected: str
    ) -> None:
        self.field = field
        self.reason = reason
        self.expected = expected
        super().__init__(status, method, url, body)
        message = (
            f"{method} {url}: HTTP {status} answer does not match {expected}: "
            f"{field or '(the body)'}: {reason}"
        )
        self.args = (message,)


class InvalidPathParameterError(ValueError):
    """A path parameter whose value would change which endpoint is called: `""`, `.` or `..`
    (HTTP clients and URL parsers remove dot-segments, `%2E%2E` included, so `..` would climb
    to the parent resource). Raised before anything is sent; `parameter` is its wire name."""

    def __init__(self, parameter: str, value: str) -> None:
        self.parameter = parameter
        self.value = value
        shown = "an empty string" if value == "" else repr(value)
        super().__init__(
            f"path parameter {parameter!r} cannot be {shown}: it would address another endpoint"
        )


# Path segment values that would address another endpoint once a URL parser resolves them.
_UNSAFE_SEGMENTS: Final = frozenset({"", ".", ".."})


def path_segment(name: str, value: Any) -> str:
    """One path parameter, percent-encoded (every character but RFC 3986's unreserved ones);
    `""`, `.` and `..` refused with InvalidPathParameterError."""
    text = str(_param(value))
    if text in _UNSAFE_SEGMENTS:
        raise InvalidPathParameterError(name, text)
    return quote(text, safe="")


def _summary(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("message", "detail", "title", "error"):
            value = body.get(key)
            if isinstance(value, str):
                return value[:300]
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return str(value[0].get("msg", ""))[:300]
    if isinstance(body, str):
        return body[:300]
    return ""


def _where(response: httpx.Response) -> tuple[str, str]:
    """The method and URL (without its query) an error names."""
    return response.request.method, str(response.request.url.copy_with(query=None))


def error_for(response: httpx.Response) -> ApiError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    status = response.status_code
    method, url = _where(response)
    if status in (401, 403):
        return AuthenticationError(status, method, url, body)
    if status == 404:
        return NotFoundError(status, method, url, body)
    if status == 409:
        return ConflictError(status, method, url, body)
    if status == 422:
        return UnprocessableEntityError(status, method, url, body)
    if status == 429:
        return RateLimitError(
            status, method, url, body, retry_after(response.headers.get("retry-after"))
        )
    if status >= 500:
        return ServerError(status, method, url, body)
    return ApiError(status, method, url, body)


def jsonable(value: Any) -> Any:
    """Models, enums, dates and ids as JSON-ready values; dicts and lists recursively."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


# Permission checks (`client.check` / `bulk_check`, where apigen.toml names a decision endpoint):
# inputs as the decision API's own SDKs take them (the sources: apigen's docs/python-client.md).


def check_query(
    user: Any,
    action: str,
    resource: Any,
    context: Mapping[str, Any] | None = None,
    default_tenant: str | None = None,
) -> dict[str, Any]:
    """One decision's query: a user key or object, an action, a resource `"type"` /
    `"type:key"` or object (given `default_tenant` when it names no tenant), and the context.
    Bad input is a TypeError or ValueError: nothing is sent."""
    who = {"key": user} if isinstance(user, str) else jsonable(user)
    if not isinstance(who, dict) or not isinstance(who.get("key"), str) or not who["key"]:
        raise TypeError("check: the user is a key or an object with a non-empty string 'key'")
    if not isinstance(action, str) or not action:
        raise TypeError("check: the action is a non-empty string")
    if isinstance(resource, str):
        parts = resource.split(":")
        if len(parts) > 2 or not parts[0] or (len(parts) == 2 and not parts[1]):
            raise ValueError(f"check: {resource!r} is not a resource 'type' or 'type:key'")
        what: Any = {"type": parts[0], **({"key": parts[1]} if len(parts) == 2 else {})}
    else:
        what = jsonable(resource)
    if not isinstance(what, dict) or not isinstance(what.get("type"), str) or not what["type"]:
        raise TypeError("check: the resource is 'type[:key]' or an object with a string 'type'")
    if default_tenant and not what.get("tenant"):
        what = {**what, "tenant": default_tenant}
    return {
        "user": who,
        "action": action,
        "resource": what,
        "context": jsonable(dict(context or {})),
    }


def decision(answer: Any, response: httpx.Response) -> bool:
    """A decision answer's `allow` (absent: false, the spec's default); an answer that is not an
    object, or whose `allow` is not a boolean, is an UnexpectedResponseError."""
    allow = answer.get("allow", False) if isinstance(answer, dict) else None
    if not isinstance(allow, bool):
        method, url = _where(response)
        reason = "not a decision object" if allow is None else "'allow' is not a boolean"
        raise UnexpectedResponseError(
            response.status_code, method, url, answer, "allow", reason, "a decision"
        )
    return allow


def decisions(answer: Any, response: httpx.Response, count: int) -> list[bool]:
    """A bulk decision answer (`{allow: [decision, ...]}`, one per query, in order)."""
    items = answer.get("allow") if isinstance(answer, dict) else None
    if not isinstance(items, list) or len(items) != count:
        method, url = _where(response)
        raise UnexpectedResponseError(
            response.status_code, method, url, answer, "allow",
            f"not a list of {count} decision(s)", "decisions",
        )  # fmt: skip
    return [decision(item, response) for item in items]


def _param(value: Any) -> Any:
    value = jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_param(v) for v in value]
    return value


@functools.cache
def _adapter(tp: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(tp)


def _field_path(loc: tuple[int | str, ...]) -> str:
    """pydantic's error location as a path into the answer: `[0].key`, `data[2].role`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not (part[:1].isupper() or part.startswith(("list[", "function-", "union["))):
            out += f".{part}" if out else part
    return out


_QUALIFIED = re.compile(r"\b(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)")


def _type_name(tp: Any) -> str:
    """A type as an error names it: `UserRead`, `list[UserRead]` (module paths left out)."""
    if isinstance(tp, type) and not getattr(tp, "__args__", None):
        return tp.__name__
    return _QUALIFIED.sub(r"\1", str(tp))


def parse_as(tp: Any, data: Any, response: httpx.Response) -> Any:
    try:
        return _adapter(tp).validate_python(data)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        method, url = _where(response)
        raise UnexpectedResponseError(
            response.status_code,
            method,
            url,
            data,
            _field_path(tuple(first.get("loc", ()))),
            str(first.get("msg", "")),
            _type_name(tp),
        ) from exc


def _sent(value: Any) -> bool:
    """Whether an argument goes on the wire: UNSET (not passed) and None never do."""
    return value is not None and not isinstance(value, Unset)


class _Scope:
    """The key's own project and environment, asked once per client (`GET SCOPE_PATH`) when a
    call leaves its project/environment path values out and the client has no default (as the
    API's own SDKs do; the sources: apigen's docs/python-client.md); shared by the copies
    `with_options` makes. Sync callers
    serialize on a thread lock, async ones on a task lock."""

    def __init__(self) -> None:
        self.value: dict[str, Any] | None = None
        self.thread_lock = threading.Lock()
        self.task_lock: asyncio.Lock | None = None


def place_key(
    headers: dict[str, str], key: str, scheme: Mapping[str, str] | None = None
) -> tuple[dict[str, str], str]:
    """Where a scheme (the API's `AUTH` unless given: kind, in, name) puts the key: into
    `headers` (bearer, basic: the key is `user:password`, or an API-key header), or returned as
    the query parameters and the cookie every request adds. No scheme: nowhere."""
    auth = AUTH if scheme is None else scheme
    if auth is None or not key:
        return {}, ""
    kind, where, name = auth["kind"], auth["in"], auth["name"]
    if kind == "bearer":
        headers["Authorization"] = f"Bearer {key}"
    elif kind == "basic":
        headers["Authorization"] = "Basic " + base64.b64encode(key.encode("utf-8")).decode("ascii")
    elif where == "query":
        return {name: key}, ""
    elif where == "cookie":
        return {}, f"{name}={quote(key, safe='')}"
    else:
        headers[name] = key
    return {}, ""


def _from_scope(role: str, scope: Mapping[str, Any]) -> str | None:
    found = scope.get(f"{role}_id")
    return str(found) if found else None


def _sendable(key: str | None, where: str) -> None:
    """Refuse a key no header can carry (a line break: often a key read from a file with its
    trailing newline), naming the setting and never the key (httpx's own error quotes it)."""
    if key and any(ord(c) < 0x20 or ord(c) == 0x7F for c in key):
        raise ValueError(
            f"{where} holds a line break or another control character, which no request can "
            "carry (read from a file? strip its trailing newline)"
        )


P = TypeVar("P")


class _Pool(Generic[P]):
    """An httpx client made on first use, shared by the copies of a client (`with_options`):
    a client costs ~0.1 ms to make, with no pool and no TLS set-up until a request needs one."""

    def __init__(self, make: Callable[[], P]) -> None:
        self._make = make
        self.made: P | None = None
        self._lock = threading.Lock()

    def get(self) -> P:
        if self.made is None:
            with self._lock:
                if self.made is None:
                    self.made = self._make()
        return self.made


_TLS: list[ssl.SSLContext] = []


def _tls() -> ssl.SSLContext:
    """One verifying TLS context per process, shared by every client: making one reads the CA
    bundle (tens of milliseconds), which httpx would otherwise do for each client."""
    if not _TLS:
        _TLS.append(httpx.create_ssl_context())
    return _TLS[0]


class _Base:
    def __init__(
        self,
        api_key: str | None,
        region: str | None,
        base_url: str | None,
        project: str | None,
        environment: str | None,
        retry: RetryPolicy | None,
        timeout: float | httpx.Timeout,
        max_response_bytes: int,
        deadline: float | None = DEADLINE,
        api_keys: Mapping[str, str] | None = None,
    ) -> None:
        if api_key and AUTH is None and not SCHEMES:
            raise ValueError(
                "api_key: this API's spec declares no security scheme, so the key would not be "
                "sent; regenerate the client with add_security in apigen.toml (or --auth)"
            )
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if not key and AUTH is not None:
            raise ValueError(f"no API key: pass api_key=... or set {API_KEY_ENV}")
        unknown = sorted(set(api_keys or {}) - set(SCHEMES))
        if unknown:
            known = ", ".join(SCHEMES) or "none"
            raise ValueError(f"api_keys: no security scheme {unknown[0]!r}; known: {known}")
        _sendable(key, "api_key")
        for name, value in (api_keys or {}).items():
            _sendable(value, f"api_keys[{name!r}]")
        if base_url is None and region is None and API_URL_ENV:
            base_url = os.environ.get(API_URL_ENV) or None  # the configured URL variable
        if deadline is not None and deadline <= 0:
            raise ValueError("deadline must be a positive number of seconds, or None")
        if base_url is None:
            name = region or DEFAULT_REGION
            if name not in REGIONS:
                raise ValueError(f"unknown region {name!r}; known: {', '.join(REGIONS)}")
            base_url = REGIONS[name]
        self.base_url = base_url.rstrip("/")
        self.default_project = project
        self.default_environment = environment
        self.retry = retry or RetryPolicy()
        self.max_response_bytes = max_response_bytes
        self.total_timeout = _total(timeout)
        self.deadline = deadline
        self._scope = _Scope()
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        # the key where the API's scheme puts it, added per request (an operation without
        # security sends none)
        self._auth_headers: dict[str, str] = {}
        self._auth_params, self._auth_cookie = place_key(self._auth_headers, key or "")
        # an operation with a scheme of its own (SCHEMES): its key (api_keys, else api_key)
        # where that scheme puts it
        self._schemes: dict[str, tuple[dict[str, str], dict[str, str], str]] = {}
        for name, scheme in SCHEMES.items():
            placed: dict[str, str] = {}
            own = (api_keys or {}).get(name) or key or ""
            self._schemes[name] = (placed, *place_key(placed, own, scheme))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.base_url}>"

    def _credentials(
        self,
        params: dict[str, Any],
        head: dict[str, str],
        send: bool = True,
        scheme: str | None = None,
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """A request's query and headers with the key where the API's scheme, or the
        operation's own `scheme`, puts it (`send` False: an operation without security, which
        gets none)."""
        if not send:
            return params, head
        if scheme is None:
            own, query, jar = self._auth_headers, self._auth_params, self._auth_cookie
        else:
            own, query, jar = self._schemes[scheme]
        head = {**own, **head} if own else head
        if query:
            params = {**params, **query}
        if jar:
            cookie = head.get("Cookie")
            head = {**head, "Cookie": f"{cookie}; {jar}" if cookie else jar}
        return params, head

    def _options(self, retry: RetryPolicy | None) -> Any:
        """A copy with other options, sharing the connection pool and the key's scope."""
        clone = copy.copy(self)
        if retry is not None:
            clone.retry = retry
        return clone

    def _given(self, role: str, value: str | None) -> str | None:
        if value is not None:
            return value
        return self.default_project if role == "project" else self.default_environment

    def _deadline(self, start: float) -> float:
        """When the attempt starting now must be done: the attempt's timeout, and the overall
        `deadline` counted from the first attempt."""
        own = time.monotonic() + self.total_timeout
        return own if self.deadline is None else min(own, start + self.deadline)

    def _in_time(self, start: float, wait: float | None) -> float | None:
        """`wait`, unless another attempt after it would start past the overall deadline."""
        if wait is None or self.deadline is None:
            return wait
        return wait if time.monotonic() + wait - start < self.deadline else None

    @classmethod
    def _found(cls, role: str, scope: Mapping[str, Any] | None) -> str:
        """The role's id in the key's scope; the error naming the argument when it has none."""
        found = _from_scope(role, scope) if scope is not None else None
        if found is None:
            raise cls._missing(role, scope)
        return found

    @staticmethod
    def _missing(role: str, scope: Mapping[str, Any] | None) -> ValueError:
        wire = PATH_VARIABLES.get(role, role)
        why = (
            f"the API key's scope has no {role} (a key of a wider scope)"
            if scope is not None
            else "the client has no default and the API cannot say the key's scope"
        )
        return ValueError(f"{wire} not given: pass {wire}=... or {role}=... to the client; {why}")

    @staticmethod
    def build(
        path: str,
        path_params: Mapping[str, Any],
        query: Mapping[str, Any] | None,
        headers: Mapping[str, Any] | None,
        cookies: Mapping[str, Any] | None,
    ) -> tuple[str, dict[str, Any], dict[str, str]]:
        def fill(match: re.Match[str]) -> str:
            return path_segment(match.group(1), path_params[match.group(1)])

        url = re.sub(r"\{([^{}]+)\}", fill, path)
        params = {k: _param(v) for k, v in (query or {}).items() if _sent(v)}
        head = {k: str(_param(v)) for k, v in (headers or {}).items() if _sent(v)}
        jar = [
            f"{k}={quote(str(_param(v)), safe='')}" for k, v in (cookies or {}).items() if _sent(v)
        ]
        if jar:
            head["Cookie"] = "; ".join(jar)
        return url, params, head


MAX_RESPONSE_BYTES = 50 * 1024 * 1024
# A redirect is never followed: the key would go wherever the server sends it.
REDIRECT = "a redirect, which the client does not follow (the key stays with the base URL)"


def _result(response: httpx.Response, expect_json: bool = False) -> Any:
    """The answer's body: parsed JSON (or text). With `expect_json` (the operation declares a
    JSON answer), a success answer without one is an UnexpectedResponseError, not data of the
    declared type: an empty body (204 aside) or one of another content type (an HTML page)."""
    if response.status_code >= 400:
        raise error_for(response)
    if 300 <= response.status_code < 400:  # httpx follows none: an answer, not data
        method, url = _where(response)
        raise UnexpectedResponseError(
            response.status_code, method, url, response.text[:2000], "", REDIRECT, "an answer"
        )
    kind = response.headers.get("content-type", "json")
    if expect_json and response.status_code != 204 and (not response.content or "json" not in kind):
        method, url = _where(response)
        what = "an empty body" if not response.content else f"a {kind.split(';')[0]} body"
        raise UnexpectedResponseError(
            response.status_code, method, url, response.text[:2000], "", f"{what}, not JSON", "JSON"
        )
    if not response.content:
        return None
    if "json" in kind:
        try:
            return response.json()
        except ValueError as exc:  # a truncated or garbled JSON body
            method, url = _where(response)
            raise UnexpectedResponseError(
                response.status_code,
                method,
                url,
                response.text[:2000],
                "",
                f"not valid JSON ({exc})",
                "JSON",
            ) from None
    return response.text


def _total(timeout: float | httpx.Timeout) -> float:
    """The longest one attempt may take, its body included (httpx's own timeouts bound each
    read, so a server sending a byte at a time would otherwise never be timed out)."""
    if isinstance(timeout, int | float):
        return float(timeout)
    parts = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
    return float(max(parts, default=30.0))


class _Body:
    """Collects a streamed body under a size cap and a deadline."""

    def __init__(self, response: httpx.Response, limit: int, deadline: float) -> None:
        self.response = response
        self.limit = limit
        self.deadline = deadline
        self.chunks: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limit:
            method, url = _where(self.response)
            raise ResponseTooLargeError(self.response.status_code, method, url, self.limit)
        if time.monotonic() > self.deadline:
            method, url = _where(self.response)
            raise NetworkError(method, url, "the answer did not arrive within the timeout")
        self.chunks.append(chunk)

    def done(self) -> httpx.Response:
        self.response._content = b"".join(self.chunks)
        return self.response


class SyncCore(_Base):
    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: str | None = None,
        base_url: str | None = None,
        project: str | None = None,
        environment: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        deadline: float | None = DEADLINE,
        api_keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key, region, base_url, project, environment, retry, timeout, max_response_bytes,
            deadline, api_keys,
        )  # fmt: skip
        self._pool: _Pool[httpx.Client] = _Pool(
            lambda: httpx.Client(
                base_url=self.base_url,
                headers=self._headers,
                timeout=timeout,
                transport=transport,
                verify=_tls() if transport is None else True,
            )
        )

    @property
    def http(self) -> httpx.Client:
        """The connection pool (made on first use)."""
        return self._pool.get()

    def close(self) -> None:
        if self._pool.made is not None:
            self._pool.made.close()

    def with_options(self, *, retry: RetryPolicy | None = None) -> SyncCore:
        clone: SyncCore = self._options(retry)
        return clone

    def _key_scope(self) -> dict[str, Any] | None:
        if not SCOPE_PATH:
            return None
        with self._scope.thread_lock:
            if self._scope.value is None:
                data, _ = self.request("GET", SCOPE_PATH, {})
                self._scope.value = data if isinstance(data, dict) else {}
            return self._scope.value

    def _resolve(self, role: str, value: str | None) -> str:
        given = self._given(role, value)
        return given if given is not None else self._found(role, self._key_scope())

    def project(self, value: str | None) -> str:
        return self._resolve("project", value)

    def environment(self, value: str | None) -> str:
        return self._resolve("environment", value)

    def request(
        self,
        method: str,
        path: str,
        path_params: Mapping[str, Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        has_body: bool = False,
        expect_json: bool = False,
        read_only: bool = False,
        credentials: bool = True,
        scheme: str | None = None,
    ) -> tuple[Any, httpx.Response]:
        url, params, head = self.build(path, path_params, query, headers, cookies)
        params, head = self._credentials(params, head, credentials, scheme)
        content = jsonable(body) if has_body else None
        attempt, start = 0, time.monotonic()
        while True:
            try:
                response = self._send(method, url, params, head, content, has_body, start)
            except httpx.TransportError as exc:
                wait = self._in_time(start, self.retry.next_delay(attempt, method, None, read_only))
                if wait is None:
                    raise NetworkError(method, self.base_url + url, _reason(exc)) from exc
            else:
                wait = self._in_time(
                    start, self.retry.next_delay(attempt, method, response, read_only)
                )
                if wait is None:
                    return _result(response, expect_json), response
            time.sleep(wait)
            attempt += 1

    def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any],
        head: dict[str, str],
        content: Any,
        has_body: bool,
        start: float,
    ) -> httpx.Response:
        request = self.http.build_request(
            method, url, params=params, headers=head, json=content if has_body else None
        )
        deadline = self._deadline(start)
        response = self.http.send(request, stream=True)
        try:
            body = _Body(response, self.max_response_bytes, deadline)
            for chunk in response.iter_bytes():
                body.add(chunk)
            return body.done()
        finally:
            response.close()


class AsyncCore(_Base):
    def __init__(
        self,
        api_key: str | None = None,
        *,
        region: str | None = None,
        base_url: str | None = None,
        project: str | None = None,
        environment: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        deadline: float | None = DEADLINE,
        api_keys: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            api_key, region, base_url, project, environment, retry, timeout, max_response_bytes,
            deadline, api_keys,
        )  # fmt: skip
        self._pool: _Pool[httpx.AsyncClient] = _Pool(
            lambda: httpx.AsyncClient(
                base_url=self.base_url,
                headers=self._headers,
                timeout=timeout,
                transport=transport,
                verify=_tls() if transport is None else True,
            )
        )

    @property
    def http(self) -> httpx.AsyncClient:
        """The connection pool (made on first use)."""
        return self._pool.get()

    async def close(self) -> None:
        if self._pool.made is not None:
            await self._pool.made.aclose()

    def with_options(self, *, retry: RetryPolicy | None = None) -> AsyncCore:
        clone: AsyncCore = self._options(retry)
        return clone

    async def _key_scope(self) -> dict[str, Any] | None:
        if not SCOPE_PATH:
            return None
        if self._scope.task_lock is None:
            self._scope.task_lock = _task_lock()
        async with self._scope.task_lock:
            if self._scope.value is None:
                data, _ = await self.request("GET", SCOPE_PATH, {})
                self._scope.value = data if isinstance(data, dict) else {}
            return self._scope.value

    async def _resolve(self, role: str, value: str | None) -> str:
        given = self._given(role, value)
        return given if given is not None else self._found(role, await self._key_scope())

    async def project(self, value: str | None) -> str:
        return await self._resolve("project", value)

    async def environment(self, value: str | None) -> str:
        return await self._resolve("environment", value)

    async def request(
        self,
        method: str,
        path: str,
        path_params: Mapping[str, Any],
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        body: Any = None,
        has_body: bool = False,
        expect_json: bool = False,
        read_only: bool = False,
        credentials: bool = True,
        scheme: str | None = None,
    ) -> tuple[Any, httpx.Response]:
        url, params, head = self.build(path, path_params, query, headers, cookies)
        params, head = self._credentials(params, head, credentials, scheme)
        content = jsonable(body) if has_body else None
        attempt, start = 0, time.monotonic()
        while True:
            try:
                response = await self._send(method, url, params, head, content, has_body, start)
            except httpx.TransportError as exc:
                wait = self._in_time(start, self.retry.next_delay(attempt, method, None, read_only))
                if wait is None:
                    raise NetworkError(method, self.base_url + url, _reason(exc)) from exc
            else:
                wait = self._in_time(
                    start, self.retry.next_delay(attempt, method, response, read_only)
                )
                if wait is None:
                    return _result(response, expect_json), response
            await _sleep(wait)
            attempt += 1

    async def _send(
        self,
        method: str,
        url: str,
        params: dict[str, Any],
        head: dict[str, str],
        content: Any,
        has_body: bool,
        start: float,
    ) -> httpx.Response:
        request = self.http.build_request(
            method, url, params=params, headers=head, json=content if has_body else None
        )
        deadline = self._deadline(start)
        response = await self.http.send(request, stream=True)
        try:
            body = _Body(response, self.max_response_bytes, deadline)
            async for chunk in response.aiter_bytes():
                body.add(chunk)
            return body.done()
        finally:
            await response.aclose()


def _reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _task_lock() -> asyncio.Lock:
    import asyncio  # here, not with the client: a sync user never loads it

    return asyncio.Lock()


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


def deprecated_call(name: str) -> None:
    """A call of an operation the API marks deprecated: a DeprecationWarning at the caller's
    line. The methods' `@deprecated(..., category=None)` tells type checkers alone: its runtime
    wrapper would import asyncio with the client, a quarter of the import."""
    warnings.warn(
        f"{name}: the API marks this operation as deprecated.", DeprecationWarning, stacklevel=3
    )


def respond(data: T, response: httpx.Response) -> ApiResponse[T]:
    return ApiResponse(response.status_code, response.headers, data)


# The error base class carries the name the API's configuration gives it (error_class),
# in reprs and tracebacks as in the package's exports.
ApiError.__name__ = ApiError.__qualname__ = ERROR_CLASS
