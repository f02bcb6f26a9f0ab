"""Fetch a spec from a redoc page, a spec URL or a file; conditional cache, offline fallback, lock."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from generator import __version__, log
from generator.config import ApiConfig, Config, FetchSettings
from generator.errors import FetchError, SpecError, UsageError
from generator.refs import Bundled, Origin, Reader
from generator.spec import JSON_START, PARSED, Document, parse_data, parse_document, use_cache
from generator.util import is_url, now
from generator.write import atomic_write

if TYPE_CHECKING:
    import httpx

# Where a redoc page names its spec (compiled on first use: most runs read no page)
_SPEC_URL_PATTERNS = (
    (r"""<redoc\b[^>]*\bspec-url\s*=\s*(["'])(?P<url>.*?)\1""", re.I | re.S),
    (r"""Redoc\.init\(\s*(["'])(?P<url>.*?)\1""", re.S),
    (r"""\bspecUrl\s*[:=]\s*(["'])(?P<url>.*?)\1""", re.S),
)


def discover_spec_url(page: str, page_url: str) -> str | None:
    """The spec URL a redoc page loads, resolved against the page; None when it names none."""
    import html

    for pattern, flags in _SPEC_URL_PATTERNS:
        match = re.search(pattern, page, flags)
        if match and match.group("url").strip():
            return urljoin(page_url, html.unescape(match.group("url").strip()))
    return None


def looks_like_html(body: bytes, content_type: str) -> bool:
    if "html" in content_type.lower():
        return True
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<redoc"))


def _age(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''} old"
    return "less than a minute old"


class CachedResponse(NamedTuple):
    url: str
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    from_cache: bool = False


class Cache:
    """Last response per URL: <key>.body and <key>.json (url, ETag, Last-Modified, fetched_at)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode()).hexdigest()[:24]
        return self.folder / f"{key}.json", self.folder / f"{key}.body"

    def get(self, url: str) -> tuple[CachedResponse, dict[str, Any]] | None:
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        response = CachedResponse(
            url=url,
            body=body,
            content_type=str(meta.get("content_type", "")),
            etag=meta.get("etag"),
            last_modified=meta.get("last_modified"),
            from_cache=True,
        )
        return response, meta

    def body_path(self, url: str) -> Path:
        return self._paths(url)[1]

    def put(self, response: CachedResponse) -> None:
        meta_path, body_path = self._paths(response.url)
        meta = {
            "url": response.url,
            "content_type": response.content_type,
            "etag": response.etag,
            "last_modified": response.last_modified,
            "sha256": hashlib.sha256(response.body).hexdigest(),
            "fetched_at": now(),
        }
        atomic_write(body_path, response.body)
        atomic_write(meta_path, (json.dumps(meta, indent=2) + "\n").encode())


def _is_dns_failure(exc: BaseException) -> bool:
    import socket  # network-only helpers import what they need when used

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _no_downgrade(response: httpx.Response) -> None:
    """A redirect from https to anything else is refused: the spec would travel in clear text."""
    if response.is_redirect and response.request.url.scheme == "https":
        target = response.request.url.join(response.headers.get("location", ""))
        if target.scheme != "https":
            raise FetchError(f"{response.request.url}: refused a redirect from https to {target}")


class HttpFetcher:
    """GET with timeouts, bounded retries with back-off, a body cap and conditional requests."""

    def __init__(
        self,
        settings: FetchSettings,
        cache: Cache,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.settings = settings
        self.cache = cache
        self.sleep = sleep
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            event_hooks={"response": [_no_downgrade]},
            headers={
                "User-Agent": f"apigen/{__version__}",
                "Accept": "application/json, application/yaml;q=0.9, text/html;q=0.8, */*;q=0.5",
            },
            transport=transport,
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> CachedResponse:
        cached = self.cache.get(url)
        headers: dict[str, str] = {}
        if cached is not None:
            if cached[0].etag:
                headers["If-None-Match"] = cached[0].etag
            if cached[0].last_modified:
                headers["If-Modified-Since"] = cached[0].last_modified
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                response = self._get_once(url, headers)
            except FetchError as exc:
                delay = self._delay(attempt, None) if exc.retry else None
                if delay is None:
                    raise
                log.warn(f"{exc}; retrying in {delay:.1f}s")
                self.sleep(delay)
                continue
            status, body, resp_headers, final_url = response
            if status == 304 and cached is not None:
                return cached[0]
            if 200 <= status < 300:
                return CachedResponse(
                    url=url,
                    body=body,
                    content_type=resp_headers.get("content-type", ""),
                    etag=resp_headers.get("etag"),
                    last_modified=resp_headers.get("last-modified"),
                )
            wait = self._delay(attempt, status, resp_headers.get("retry-after"))
            if wait is not None:
                log.warn(f"{url}: HTTP {status}; retrying in {wait:.1f}s")
                self.sleep(wait)
                continue
            if status == 429 or status >= 500:  # the server's trouble: the offline fallback helps
                raise FetchError(f"{url}: HTTP {status} after {attempt + 1} attempts", network=True)
            where = url if final_url == url else f"{url} (redirected to {final_url})"
            raise FetchError(f"{where}: HTTP {status}")
        raise AssertionError("unreachable")  # pragma: no cover

    def _delay(self, attempt: int, status: int | None, advice: str | None = None) -> float | None:
        from generator.runtime.python._retry import next_delay  # the clients' own decision

        return next_delay(
            attempt=attempt,
            max_attempts=self.settings.retries + 1,
            method="GET",
            status=status,
            retry_after_value=advice,
            backoff=self.settings.backoff,
            max_backoff=self.settings.max_backoff,
        )

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, httpx.Headers, str]:
        import httpx

        cap = self.settings.max_bytes
        try:
            with self.client.stream("GET", url, headers=headers) as resp:
                length = resp.headers.get("content-length")
                if length and length.isdigit() and int(length) > cap:
                    raise FetchError(
                        f"{url}: body of {int(length)} bytes exceeds the {cap}-byte cap"
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(f"{url}: body exceeds the {cap}-byte cap")
                    chunks.append(chunk)
                return resp.status_code, b"".join(chunks), resp.headers, str(resp.url)
        except httpx.TimeoutException:
            raise FetchError(
                f"{url}: timed out after {self.settings.timeout:g}s", network=True
            ) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects") from None
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(f"{url}: redirected to an unsupported URL ({exc})") from None
        except httpx.ConnectError as exc:
            reason = str(exc) or "connection failed"
            if _is_dns_failure(exc):
                # Retrying a name that does not resolve only delays the offline fallback.
                raise FetchError(
                    f"{url}: cannot resolve host ({reason})", network=True, retry=False
                ) from None
            raise FetchError(f"{url}: cannot connect ({reason})", network=True) from None
        except httpx.TransportError as exc:
            reason = str(exc) or type(exc).__name__
            raise FetchError(f"{url}: transfer failed ({reason})", network=True) from None


class FetchResult(NamedTuple):
    """What one fetch produced: immutable; the lock is built from it and a normalize verdict."""

    api: str
    source: str
    spec_url: str
    raw: bytes
    document: Document
    origin: str  # network, cache, file or snapshot
    sha256: str  # of `raw`
    etag: str | None = None
    pending: tuple[CachedResponse, ...] = ()  # fresh responses, cached once the spec is usable
    bundled: tuple[Bundled, ...] = ()  # external references read into the document


def fetch_result(
    api: str,
    source: str,
    spec_url: str,
    raw: bytes,
    document: Document,
    origin: str,
    etag: str | None = None,
    pending: tuple[CachedResponse, ...] = (),
    bundled: tuple[Bundled, ...] = (),
) -> FetchResult:
    digest = hashlib.sha256(raw).hexdigest()
    return FetchResult(api, source, spec_url, raw, document, origin, digest, etag, pending, bundled)


_EXTERNAL_REF = re.compile(rb'"\$ref"\s*:\s*"(?!#)')


def _bundle(document: Document, raw: bytes, origin: Origin, read: Reader) -> tuple[Bundled, ...]:
    """External references read into the document, when it has any (a JSON text is scanned
    for them first: walking the tree of every spec would cost every run)."""
    from generator.refs import bundle, has_external_refs  # only for a spec that has some

    if JSON_START.match(raw):
        if not _EXTERNAL_REF.search(raw):
            return ()
    elif not has_external_refs(document):
        return ()
    return tuple(bundle(document, origin, read))


def _check_url(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise UsageError(f"{url}: only http(s) URLs are supported, not '{scheme}:'")


def _local(url: str) -> bool:
    """Whether a URL names this machine or a private network: loopback, private, link-local
    or unspecified addresses written as such, and `localhost` names (no name is resolved)."""
    import ipaddress

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
    )


def check_named(source: str, url: str) -> None:
    """A URL the fetched text names (a redoc page's spec-url, a `$ref`'d part), held to the
    rules a redirect is: never from https to anything else, and never to this machine or a
    private network unless the user named such an address as the source."""
    _check_url(url)
    if urlsplit(source).scheme.lower() == "https" and urlsplit(url).scheme.lower() != "https":
        raise FetchError(f"{source}: refused its link to {url} (from https to plain http)")
    if _local(url) and not _local(source):
        raise FetchError(
            f"{source}: refused its link to {url}, a local or private address (name such an "
            "address as the source to fetch from it)"
        )


def _from_responses(
    api: str, source: str, get: Callable[[str], CachedResponse], origin: str
) -> FetchResult:
    """Follow a redoc page to its spec when needed, parse the spec, and keep responses to cache."""
    first = get(source)
    pending = [first]
    spec = first
    if looks_like_html(first.body, first.content_type):
        page = first.body.decode("utf-8", "replace")
        spec_url = discover_spec_url(page, source)
        if spec_url is None:
            raise SpecError(f"{source}: HTML page without a spec link (no redoc spec-url)")
        check_named(source, spec_url)
        spec = get(spec_url)
        pending.append(spec)
    document = parse_document(spec.body, spec.url)
    parts: list[CachedResponse] = []

    def read_part(url: str) -> Any:
        check_named(source, url)
        response = get(url)
        parts.append(response)
        return parse_data(response.body, url)

    bundled = _bundle(document, spec.body, Origin("url", spec.url), read_part)
    pending += parts
    if spec.from_cache and origin == "network":
        origin = "cache"
    return fetch_result(
        api=api,
        source=source,
        spec_url=spec.url,
        raw=spec.body,
        document=document,
        origin=origin,
        etag=spec.etag,
        pending=tuple(r for r in pending if not r.from_cache),
        bundled=bundled,
    )


def _from_file(api: str, path: Path, origin: str, label: str) -> FetchResult:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{label}: no such file: {path}") from None
    except OSError as exc:
        raise UsageError(f"{label}: cannot read {path}: {exc.strerror}") from None
    if looks_like_html(raw, ""):
        spec_ref = discover_spec_url(raw.decode("utf-8", "replace"), path.resolve().as_uri())
        if spec_ref is None:
            raise SpecError(f"{path}: HTML page without a spec link (no redoc spec-url)")
        if not spec_ref.startswith("file:"):
            raise UsageError(f"{path}: the page's spec link {spec_ref} is not a local file")
        return _from_file(api, Path(urlsplit(spec_ref).path), origin, label)
    document = parse_document(raw, str(path))

    def read_part(location: str) -> Any:
        try:
            return parse_data(Path(location).read_bytes(), location)
        except OSError as exc:
            raise SpecError(f"{location}: cannot read a referenced file: {exc.strerror}") from None

    bundled = _bundle(document, raw, Origin("file", str(path)), read_part)
    return fetch_result(api, str(path), str(path), raw, document, origin, bundled=bundled)


class Source:
    """Resolves each API's spec: network with conditional cache, or offline from cache/snapshot."""

    def __init__(
        self,
        config: Config,
        *,
        offline: bool = False,
        fallback: bool = False,
        transport: httpx.BaseTransport | None = None,
        kept_readings: bool = True,
    ) -> None:
        self.config = config
        self.offline = offline
        self.fallback = fallback
        self.cache = Cache(config.cache)
        # YAML texts read before, kept as JSON (under --locked every text is read afresh, and
        # a kept reading that differs is refused)
        use_cache(config.cache / PARSED, verify=not kept_readings)
        self._transport = transport

    def fetch(self, api: ApiConfig, override: str | None = None) -> FetchResult:
        source = override or api.source
        if not source:
            raise UsageError(
                f"{api.name}: no source: set `source` in [apis.{api.name}] or pass --source"
            )
        if not is_url(source):
            base = Path.cwd() if override else self.config.root  # config paths are config-relative
            return _from_file(api.name, (base / source).resolve(), "file", source)
        _check_url(source)
        if self.offline:
            return self._offline(api, source, reason=None)
        fetcher = HttpFetcher(self.config.fetch, self.cache, transport=self._transport)
        try:
            result = _from_responses(api.name, source, fetcher.get, "network")
        except FetchError as exc:
            if not (self.fallback and exc.network):
                raise
            return self._offline(api, source, reason=str(exc))
        finally:
            fetcher.close()
        return result

    def _offline(self, api: ApiConfig, source: str, reason: str | None) -> FetchResult:
        def cached(url: str) -> CachedResponse:
            hit = self.cache.get(url)
            if hit is None:
                raise FetchError(f"{url}: not in the cache")
            return hit[0]

        try:
            result = _from_responses(api.name, source, cached, "cache")
            path = self.cache.body_path(result.spec_url)
            fetched = self.cache.get(result.spec_url)
            stamp = fetched[1].get("fetched_at", "") if fetched else ""
            age = f"fetched {stamp}" if stamp else "of unknown age"
        except (FetchError, SpecError):
            if api.snapshot is None or source != api.source:
                why = (
                    "no snapshot is configured"
                    if api.snapshot is None
                    else "the snapshot is for " + api.source
                )
                raise FetchError(f"{source}: offline and not in the cache, and {why}") from None
            if not api.snapshot.is_file():
                raise FetchError(
                    f"{source}: offline and not in the cache, and no snapshot yet "
                    f"({api.snapshot} does not exist): fetch it once online, or run "
                    "`make test-data` for the pinned specs"
                ) from None
            result = _from_file(api.name, api.snapshot, "snapshot", f"{api.name} snapshot")
            result = result._replace(source=source)
            path = api.snapshot
            age = _age(time.time() - api.snapshot.stat().st_mtime)
        why = f"network unavailable ({reason})" if reason else "offline"
        log.warn(f"{api.name}: {why}; using {path} ({age})")
        return result

    def keep(self, result: FetchResult) -> None:
        """Cache the fresh responses behind `result`: only once its spec proved usable (the
        pipeline then records it in the lock, generator.lock)."""
        for response in result.pending:
            self.cache.put(response)
