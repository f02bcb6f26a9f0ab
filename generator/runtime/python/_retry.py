"""When to send a request again: the one status-based retry decision and the server's
`Retry-After`. Standard library only: the generated clients, apigen's spec fetcher and its
Postman publisher all decide with `next_delay` (the TypeScript runtime's `nextDelay` follows the
same rules, and tests/runtime/contracts/retry.json holds both to them). Copied verbatim into generated
packages by apigen."""

from __future__ import annotations

import email.utils
import time

# Methods a server may receive twice without harm (RFC 9110 9.2.2); POST and PATCH are not.
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# The server did not act on the request: worth another try whatever the method.
ANY_METHOD_STATUSES = frozenset({408, 429})
# The server may have acted before failing: only idempotent requests are repeated.
IDEMPOTENT_STATUSES = frozenset({500, 502, 503, 504})


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` value (delta-seconds or an HTTP date); None when
    absent or unreadable. A date in the past is 0."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def next_delay(
    *,
    attempt: int,
    max_attempts: int,
    method: str,
    status: int | None,
    retry_after_value: str | None = None,
    backoff: float = 0.5,
    max_backoff: float = 30.0,
    retry_non_idempotent: bool = False,
    now: float | None = None,
    read_only: bool = False,
) -> float | None:
    """Seconds to wait before sending attempt `attempt + 1` (counted from 0), or None to keep
    the answer (or the error) as it is. `status` is None after a connection error.

    - 408 and 429 for every method;
    - 500, 502, 503, 504 and connection errors only for idempotent methods and `read_only`
      requests (a POST that only reads, such as the PDP's permission checks), unless
      `retry_non_idempotent` (a POST or PATCH the server may have performed is not repeated);
    - the wait is the server's `Retry-After` when it gives one, else `backoff * 2**attempt`,
      both capped at `max_backoff`; at most `max_attempts` requests in all.
    """
    if attempt >= max_attempts - 1:
        return None
    repeatable = method.upper() in IDEMPOTENT or read_only or retry_non_idempotent
    if status is None:
        retry = repeatable
    else:
        retry = status in ANY_METHOD_STATUSES or (repeatable and status in IDEMPOTENT_STATUSES)
    if not retry:
        return None
    advised = retry_after(retry_after_value, now) if status is not None else None
    wait = advised if advised is not None else backoff * (2**attempt)
    return max(0.0, min(wait, max_backoff))
