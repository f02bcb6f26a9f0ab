"""One runtime contract, read by both languages: tests/runtime/contracts/*.json hold the retry decision,
`Retry-After` reading, path encoding (dot-segments refused) and the error classes by status.
The Python core (generator/runtime/python), apigen's own fetcher and publisher (the shared
`_retry.next_delay`), and the TypeScript core (compiled from generator/runtime/typescript, run
on Node by tests/typescript/scripts/contract.mjs) must each give exactly the expected answer
for every case."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import TS_SCRIPTS
from typescript import compile_core, node

from generator.runtime.python import _core as core
from generator.runtime.python import _retry

CONTRACTS = Path(__file__).parent / "contracts"  # tests/runtime/contracts
SCRIPT = TS_SCRIPTS / "contract.mjs"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTRACTS / name).read_text(encoding="utf-8"))
    return data


def _ids(name: str, key: str) -> list[str]:
    return [str(c.get(key, i)) for i, c in enumerate(_load(name)["cases"])]


@pytest.fixture(scope="module")
def typescript(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The TypeScript core's answers to every contract case (compiled once)."""
    core = compile_core(tmp_path_factory.mktemp("contract"))
    run = node(SCRIPT, str(core), str(CONTRACTS))
    assert run.returncode == 0, run.stderr[-3000:]
    answers: dict[str, Any] = json.loads(run.stdout)
    return answers


RETRY = _load("retry.json")


def _policy(case: dict[str, Any]) -> dict[str, Any]:
    return {**RETRY["policy"], **case.get("policy", {})}


@pytest.mark.parametrize("index", range(len(RETRY["cases"])), ids=_ids("retry.json", "note"))
def test_retry_decision(index: int, typescript: dict[str, Any]) -> None:
    case = RETRY["cases"][index]
    p = _policy(case)
    read_only = case.get("read_only", False)
    shared = _retry.next_delay(
        attempt=case["attempt"], method=case["method"], status=case["status"],
        retry_after_value=case["retry_after"], read_only=read_only, **p,
    )  # fmt: skip
    assert shared == case["expect"], case["note"]
    # the Python client's RetryPolicy, through a real httpx.Response
    response = None
    if case["status"] is not None:
        headers = {"Retry-After": case["retry_after"]} if case["retry_after"] else {}
        response = httpx.Response(case["status"], headers=headers)
    policy = core.RetryPolicy(**p)
    found = policy.next_delay(case["attempt"], case["method"].upper(), response, read_only)
    assert found == case["expect"]
    assert typescript["retry"][index] == case["expect"], case["note"]


ADVICE = _load("retry_after.json")


@pytest.mark.parametrize(
    "index", range(len(ADVICE["cases"])), ids=_ids("retry_after.json", "value")
)
def test_retry_after(index: int, typescript: dict[str, Any]) -> None:
    case = ADVICE["cases"][index]
    assert _retry.retry_after(case["value"], ADVICE["now"]) == case["expect"]
    assert typescript["retry_after"][index] == case["expect"]


ENCODING = _load("encoding.json")


@pytest.mark.parametrize("index", range(len(ENCODING["cases"])))
def test_path_encoding(index: int, typescript: dict[str, Any]) -> None:
    case = ENCODING["cases"][index]
    answer = typescript["encoding"][index]
    if "refused" in case:
        with pytest.raises(core.InvalidPathParameterError) as info:
            core._Base.build(case["path"], case["params"], None, None, None)
        assert isinstance(info.value, ValueError) and info.value.parameter == case["refused"]
        assert answer == {"refused": case["refused"], "isTypeError": True}
    else:
        assert core._Base.build(case["path"], case["params"], None, None, None)[0] == case["expect"]
        assert answer == {"path": case["expect"]}


ERRORS = _load("errors.json")


@functools.cache
def _request() -> httpx.Request:
    return httpx.Request("GET", "https://x.test/v")


@pytest.mark.parametrize("index", range(len(ERRORS["cases"])), ids=_ids("errors.json", "status"))
def test_error_classes(index: int, typescript: dict[str, Any]) -> None:
    case = ERRORS["cases"][index]
    headers = {"Retry-After": case["retry_after"]} if "retry_after" in case else {}
    response = httpx.Response(
        case["status"], json=case.get("body"), headers=headers, request=_request()
    )
    error = core.error_for(response)
    assert type(error).__name__ == case["error"] and error.status == case["status"]
    answer = typescript["errors"][index]
    assert answer["error"] == case["error"] and answer["isApiError"]
    assert answer["status"] == case["status"]
    if "detail" in case:
        assert isinstance(error, core.UnprocessableEntityError)
        assert [{"loc": list(d.loc), "msg": d.msg} for d in error.detail] == case["detail"]
        assert answer["detail"] == case["detail"]
    if "retry_after_seconds" in case:
        assert isinstance(error, core.RateLimitError)
        assert error.retry_after == case["retry_after_seconds"]
        assert answer["retry_after_seconds"] == case["retry_after_seconds"]


SECRECY = _load("secrecy.json")


@pytest.mark.parametrize("index", range(len(SECRECY["cases"])), ids=_ids("secrecy.json", "status"))
def test_the_key_never_shows(index: int, typescript: dict[str, Any]) -> None:
    case, key = SECRECY["cases"][index], SECRECY["key"]

    def answer(request: httpx.Request) -> httpx.Response:  # echoes what it received
        return httpx.Response(
            case["status"], json={"message": "failed", "received": dict(request.headers)}
        )

    client = core.SyncCore(api_key=key, transport=httpx.MockTransport(answer), retry=core.NO_RETRY)
    shown = [str(client), repr(client)]
    with pytest.raises(core.ApiError) as info:
        client.request("GET", "/x", {})
    error = info.value
    shown += [str(error), repr(error), *map(str, error.args), str(error.url)]
    assert not [text for text in shown if key in text]
    assert typescript["secrecy"][index] is False  # the TypeScript core shows it nowhere either


SCOPE = _load("scope.json")


def test_the_keys_scope_is_asked_once(
    typescript: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    monkeypatch.setattr(core, "SCOPE_PATH", SCOPE["scope_path"])
    asked = []

    def answer(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        time.sleep(0.02)  # slow enough for the calls to overlap
        return httpx.Response(200, json=SCOPE["scope"])

    client = core.SyncCore(api_key="k", transport=httpx.MockTransport(answer))
    found: list[str] = []
    threads = [
        threading.Thread(target=lambda role=role: found.append(getattr(client, role)(None)))
        for _ in range(SCOPE["calls"])
        for role in ("project", "environment")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expect = SCOPE["expect"]
    assert asked == [SCOPE["scope_path"]] * SCOPE["requests"]
    assert sorted(set(found)) == sorted(expect.values()) and len(found) == 2 * SCOPE["calls"]
    answer_ts = typescript["scope"]
    assert answer_ts["requests"] == SCOPE["requests"]
    assert (answer_ts["project"], answer_ts["environment"]) == (
        expect["project"],
        expect["environment"],
    )
    assert answer_ts["all"] == sorted(expect.values())


AUTH = _load("auth.json")


def _credentials(headers: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """The credential headers of a request (lower-cased names) and its Cookie header."""
    own = {k.lower(): v for k, v in headers.items()}
    found = {k: own[k] for k in ("authorization", "x-api-key") if k in own}
    return found, own.get("cookie")


@pytest.mark.parametrize("index", range(len(AUTH["cases"])), ids=_ids("auth.json", "note"))
def test_the_key_goes_where_the_scheme_says(
    index: int, typescript: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = AUTH["cases"][index]
    monkeypatch.setattr(core, "AUTH", case["auth"])
    monkeypatch.setattr(core, "SCHEMES", case.get("schemes", {}))
    monkeypatch.delenv("API_KEY", raising=False)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    client = core.SyncCore(
        api_key=case["key"] or None,
        transport=httpx.MockTransport(answer),
        api_keys=case.get("keys"),
    )
    client.request(
        "GET",
        "/x",
        {},
        query={"a": "1"},
        credentials=case.get("credentials", True),
        scheme=case.get("scheme"),
    )
    (request,) = seen
    headers, cookie = _credentials(dict(request.headers))
    assert headers == case["headers"] and cookie == case["cookie"]
    assert dict(request.url.params) == case["query"]
    assert typescript["auth"][index] == {
        "headers": case["headers"], "query": case["query"], "cookie": case["cookie"],
    }  # fmt: skip


def test_keys_for_schemes_the_api_does_not_have_are_refused(
    monkeypatch: pytest.MonkeyPatch, typescript: dict[str, Any]
) -> None:
    """A misspelt scheme name in api_keys would send the default key where another was meant:
    refused when the client is made, naming it (both runtimes)."""
    monkeypatch.setattr(core, "SCHEMES", {"token": {"kind": "apikey", "in": "query", "name": "t"}})
    with pytest.raises(ValueError, match="api_keys: no security scheme 'tokn'; known: token"):
        core.SyncCore(api_key="k", api_keys={"tokn": "x"})
    assert typescript["unknown_scheme"] == 'apiKeys: no security scheme "tokn"; known: token'


def test_a_scheme_needs_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("API_KEY", raising=False)
    with pytest.raises(ValueError, match="no API key"):
        core.SyncCore(api_key=None)
    monkeypatch.setattr(core, "AUTH", None)  # an API without credentials: none needed
    assert core.SyncCore(api_key=None).base_url


def test_every_contract_file_is_run() -> None:
    assert {p.name for p in CONTRACTS.glob("*.json")} == {
        "retry.json", "retry_after.json", "encoding.json", "errors.json", "secrecy.json",
        "scope.json", "auth.json",
    }  # fmt: skip
