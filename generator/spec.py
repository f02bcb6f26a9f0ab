"""Load a spec document (JSON or YAML) and check that it is OpenAPI 3.x; validate with openapi-pydantic."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import orjson

from generator.errors import SpecError

Document = dict[str, Any]


MAX_DEPTH = 200  # levels of nesting apigen reads (the real specs have 14); see generator.refs
MAX_NODES = (
    2_000_000  # objects and arrays a YAML document may expand to (aliases counted each time)
)


def _yaml(text: str, where: str, found: dict[str, int]) -> Any:
    """YAML with LibYAML's parser and a safe reading that keeps dates and times as strings, as
    JSON would; refuses duplicate keys and alias expansion beyond MAX_NODES (a "billion laughs"
    document). What YAML allows and JSON does not is read as JSON tools would: a key that is not
    a string (an unquoted response code `200:`) as its text, an integer beyond 64 bits as a
    float; both counted in `found`. Documents are built from LibYAML's events
    (`generator.fastyaml`, 4x faster than PyYAML's constructor); what that path does not build,
    PyYAML's loader does (`found["full"]`)."""
    import yaml

    from generator import fastyaml

    try:
        try:
            data = fastyaml.load(text, where, found)
        except fastyaml.Unsupported:
            found.update(dict.fromkeys(found, 0), full=1)
            data = _full_yaml(text, where, found)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise SpecError(f"{where}: invalid YAML{line}: {problem}") from None
    except RecursionError:
        raise SpecError(f"{where}: YAML nested too deeply to read") from None
    _check_expansion(data, where)
    return data


def _said(found: dict[str, int], where: str) -> None:
    if found["keys"] or found["integers"]:
        from generator import log

        log.info(
            f"{where}: read as JSON would: {found['keys']} YAML key(s) that are not strings "
            f"(e.g. response codes) as their text, {found['integers']} integer(s) beyond 64 bits "
            "as floats"
        )


# Where each YAML text's reading is kept (`use_cache`); empty: nowhere.
_kept: list[Path] = []
_verify: list[bool] = [False]
PARSED = "parsed"  # its folder in the cache


def use_cache(folder: Path | None, *, verify: bool = False) -> None:
    """Keep the reading of each YAML text in `folder`, as JSON named by the text's sha256 and
    apigen's code hash (as Python keeps bytecode beside a source): a later run over the same
    text, whatever else changed (the config, an overlay, the kinds asked for), reads JSON with
    orjson instead of building the YAML again, and does not import PyYAML. Asana's 3 MB spec:
    12 ms instead of 165 ms.

    `verify` (`generate --locked`): every text is read afresh, nothing is kept, and a kept
    reading that differs from the fresh one is refused: the cache was changed."""
    _kept[:] = [folder] if folder is not None else []
    _verify[:] = [verify]


def _kept_path(raw: bytes) -> Path | None:
    if not _kept:
        return None
    from generator.fingerprint import code_hash

    digest = hashlib.sha256(raw)
    digest.update(code_hash().encode())
    return _kept[0] / f"{digest.hexdigest()}.json"


def _fresh(text: str, where: str) -> tuple[Any, dict[str, int]]:
    """The YAML text read (and what was read as JSON would, said), and its counts."""
    found = {"keys": 0, "integers": 0, "aliases": 0, "nonfinite": 0, "full": 0}
    data = _yaml(text, where, found)
    _said(found, where)
    return data, found


def _verified(text: str, where: str, path: Path) -> Any:
    """The text read afresh; a kept reading of it that says otherwise is refused."""
    data, _ = _fresh(text, where)
    try:
        kept = orjson.loads(path.read_bytes())
    except OSError:
        return data
    except orjson.JSONDecodeError:
        kept = None
    if not isinstance(kept, dict) or kept.get("data") != data:
        raise SpecError(
            f"{path}: the cache's kept reading of {where} is not what the text says: the "
            "cache was changed; refusing to build from it"
        )
    return data


def _read_yaml(raw: bytes, text: str, where: str) -> Any:
    """`_yaml`, or its reading kept by an earlier run (`use_cache`). Kept only when JSON holds
    it exactly: built by the fast path, without aliases (JSON would copy what YAML shares) and
    without infinities or NaN (JSON has none)."""
    path = _kept_path(raw)
    if path is not None and _verify[0]:
        return _verified(text, where, path)
    if path is not None:
        try:
            kept = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            kept = None
        if isinstance(kept, dict) and kept.keys() == {"found", "data"}:
            _said(kept["found"], where)
            return kept["data"]
    data, found = _fresh(text, where)
    if path is not None and not (found["aliases"] or found["nonfinite"] or found["full"]):
        counts = {"keys": found["keys"], "integers": found["integers"]}
        with contextlib.suppress(OSError, TypeError):  # TypeError: what orjson cannot write
            kept_text = orjson.dumps({"found": counts, "data": data})
            path.parent.mkdir(parents=True, exist_ok=True)
            from generator.write import atomic_write

            atomic_write(path, kept_text)
    return data


def _full_yaml(text: str, where: str, found: dict[str, int]) -> Any:
    """PyYAML's loader reading as `generator.fastyaml` does, for what that path does not build
    (explicit tags, merge keys, keys that are not scalars, several documents)."""
    import yaml

    from generator import fastyaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            """Keys as text (an unquoted `200` as "200", `null` and `Null` as two keys), each
            written key once; merged keys (`<<: *base`) first, so the mapping's own win."""
            seen: set[str] = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, list | dict):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping",
                        node.start_mark,
                        "found unhashable key",
                        key_node.start_mark,
                    )
                text = key if isinstance(key, str) else str(key_node.value)
                if text in seen:
                    line = key_node.start_mark.line + 1
                    raise SpecError(f"{where}: duplicate key {text!r} in YAML at line {line}")
                seen.add(text)
                found["keys"] += not isinstance(key, str)
            self.flatten_mapping(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                text = key if isinstance(key, str) else str(key_node.value)
                result[text] = self.construct_object(value_node, deep=deep)
            return result

        def construct_yaml_int(self, node: Any) -> int | float:
            value: int = super().construct_yaml_int(node)
            if fastyaml.INT64_MIN <= value <= fastyaml.UINT64_MAX:
                return value
            found["integers"] += 1
            return float(value)

    def not_json(loader: Any, node: Any) -> Any:
        what = str(node.tag).rsplit(":", 1)[-1]
        raise yaml.constructor.ConstructorError(
            None, None, f"a !!{what} value is not JSON data", node.start_mark
        )

    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
    for tag in ("set", "binary", "omap", "pairs"):  # a set, bytes, tuples: nothing JSON holds
        Loader.add_constructor(f"tag:yaml.org,2002:{tag}", not_json)
    # an explicit !!timestamp stays text, as an implicit one does (and as JSON would have it)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_str)
    Loader.yaml_implicit_resolvers = fastyaml.resolvers()
    return yaml.load(text, Loader=Loader)  # a safe loader


def _check_expansion(data: Any, where: str) -> None:
    """Aliases let a small YAML text stand for a huge tree: count every object and array as the
    rest of apigen will see it, and stop at MAX_NODES."""
    seen = 0
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise SpecError(
                f"{where}: YAML expands to more than {MAX_NODES:,} objects and arrays "
                "(aliases repeated too often)"
            )
        if depth > MAX_DEPTH:
            raise SpecError(f"{where}: nested deeper than {MAX_DEPTH} levels (apigen's limit)")
        values = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((v, depth + 1) for v in values if isinstance(v, dict | list))


JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*[\[{]")


# A document parsed for a reader that only looks (a config-less run's `derive`) and handed, once,
# to the next parse of the same bytes (the fetch stage's), which then owns it: a 3 MB YAML spec
# is read once per run, not twice.
_handover: list[tuple[bytes, Document]] = []


def parse_document(raw: bytes, where: str, *, hand_over: bool = False) -> Document:
    """Parse JSON (or YAML when it is not JSON) into an OpenAPI 3 document; raise SpecError
    naming `where`. With `hand_over`, the caller promises not to change the document, and the
    next call with the same bytes gets it instead of parsing them again."""
    if _handover and _handover[0][0] == raw:
        return _handover.pop()[1]
    data = parse_data(raw, where)
    check_openapi(data, where)
    data.setdefault("paths", {})  # optional in 3.1 (a webhooks-only document): read as none
    if hand_over:
        _handover[:] = [(raw, data)]
    return data  # type: ignore[no-any-return]


def parse_data(raw: bytes, where: str) -> Any:
    """JSON (or YAML when it is not JSON) into Python data; raise SpecError naming `where`."""
    found = JSON_START.match(raw)
    if found is not None:
        try:  # the common case, straight from the bytes
            return orjson.loads(memoryview(raw)[found.end() - 1 :])
        except orjson.JSONDecodeError:
            pass  # the slow path below says what is wrong
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(f"{where}: not UTF-8 text") from None
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            try:  # the standard parser says where and what, in words
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise SpecError(f"{where}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
            except RecursionError:
                raise SpecError(f"{where}: JSON nested too deeply to read") from None
    else:
        data = _read_yaml(raw, text, where)
    _whole_characters(data, where)  # (orjson's fast path above refuses them itself)
    return data


def _whole_characters(data: Any, where: str) -> None:
    """Refuse a text holding half a UTF-16 pair (JSON's `\\ud800` alone, YAML's too): no
    artefact can be written with it, as no UTF-8 holds it."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        pass
    except (TypeError, ValueError, RecursionError):
        return  # not JSON data at all: later checks say what is wrong
    else:
        return
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, at = stack.pop()
        items: Any = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            here = f"{at}/{str(key).replace('~', '~0').replace('/', '~1')}"
            for text in (key, value):
                if isinstance(text, str):
                    try:
                        text.encode("utf-8")
                    except UnicodeEncodeError:
                        shown = here[:200].encode("utf-8", "backslashreplace").decode("utf-8")
                        raise SpecError(
                            f"{where}: {shown}: a lone UTF-16 surrogate (half of a pair, "
                            "as \\ud800 alone), which no UTF-8 text can hold"
                        ) from None
            if isinstance(value, dict | list):
                stack.append((value, here))


def check_openapi(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise SpecError(f"{where}: not an OpenAPI document (top level is not an object)")
    version = data.get("openapi")
    if "swagger" in data and version is None:
        raise SpecError(f"{where}: Swagger 2.0 is not supported, only OpenAPI 3.0 and 3.1")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SpecError(f"{where}: not an OpenAPI 3 document (no 'openapi: 3.x' field)")
    paths = data.get("paths")
    if paths is None and not version.startswith("3.0"):
        pass  # OpenAPI 3.1 makes `paths` optional (webhooks or components alone)
    elif not isinstance(paths, dict):
        raise SpecError(f"{where}: not an OpenAPI document (no 'paths' object)")
    if not isinstance(data.get("info"), dict):
        raise SpecError(f"{where}: not an OpenAPI document (no 'info' object)")


def _installed(module: str, dist: str) -> str:
    """The installed version of `dist`, read off its dist-info folder: importing costs 50 ms."""
    found = importlib.util.find_spec(module)
    locations = (found.submodule_search_locations or []) if found else []
    for location in locations:
        for info in Path(location).parent.glob(f"{dist}-*.dist-info"):
            return info.name.removesuffix(".dist-info").split("-", 1)[1]
    return "unknown"


@functools.cache
def validator_label() -> str:
    """What validation_errors() runs on: a verdict holds for these versions only."""
    return (
        f"openapi-pydantic {_installed('openapi_pydantic', 'openapi_pydantic')}, "
        f"pydantic {_installed('pydantic', 'pydantic')}"
    )


def validation_errors(document: Document) -> list[str]:
    """Errors openapi-pydantic finds, as 'location: message' lines (3.0 and 3.1 models)."""
    from pydantic import ValidationError

    if str(document.get("openapi", "")).startswith("3.0"):
        from openapi_pydantic.v3.v3_0 import OpenAPI as OpenAPI30

        model: Any = OpenAPI30
    else:
        from openapi_pydantic.v3.v3_1 import OpenAPI as OpenAPI31

        model = OpenAPI31
    try:
        model.model_validate(document)
    except ValidationError as exc:
        return [f"/{'/'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()]
    return []
