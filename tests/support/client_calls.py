"""Call every operation of a generated client with the model's example arguments."""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import ROOT

from generator.config import load_config
from generator.emit import operations_of
from generator.emit.clients import build_surface
from generator.emit.python import groups
from generator.emit.typescript import groups as ts_groups
from generator.kinds import python_of
from generator.model import Operation, build_api
from generator.plan import build_plan


@dataclass
class Call:
    group: str
    method: str
    op: Operation
    args: list[Any]
    kwargs: dict[str, Any]


def load_package(generated: Path, api: str) -> Any:
    config = load_config(ROOT / "apigen.toml").apis[api]
    path = str(generated / api / "clients" / "python")
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(python_of(config).package)


def methods(generated: Path, api: str, language: str) -> Iterator[tuple[Any, Any, Operation]]:
    """(group, method, operation) for every operation, as the `language` emitter names them."""
    config = load_config(ROOT / "apigen.toml").apis[api]
    document = json.loads((generated / api / "openapi.json").read_text())
    model = build_api(config, document)
    plan = build_plan(model, config)
    surface = build_surface(plan, model, config)
    yield from operations_of(model, (groups if language == "python" else ts_groups)(surface))


def calls(generated: Path, api: str) -> Iterator[Call]:
    """Every operation with positional arguments and required keywords from the examples."""
    for group, method, op in methods(generated, api, "python"):
        examples = {p.name: p.example for p in op.parameters}
        args = [
            op.body.example if op.body and p.location == "body" else examples[p.wire]
            for p in method.positional
        ]
        kwargs = {
            p.name: examples[p.wire]
            for p in method.options
            if p.location in ("query", "header", "cookie") and p.default is None
        }
        if op.body and not op.body.required and method.body is not None:
            kwargs[method.body.name] = op.body.example
        yield Call(group.name, method.name, op, args, kwargs)


def ts_calls(generated: Path, api: str) -> list[dict[str, Any]]:
    """The same for the TypeScript client: positional arguments, then the required options
    (and an optional body) from the examples, as JSON for tests/typescript/scripts/calls.mjs."""
    out = []
    for group, method, op in methods(generated, api, "typescript"):
        examples = {p.name: p.example for p in op.parameters}
        args = [
            op.body.example if op.body and f.location == "body" else examples[f.wire]
            for f in method.positional
        ]
        options = {
            f.name: examples[f.wire] for f in method.options if f.required and f.location != "body"
        }
        if op.body and not op.body.required:
            options["body"] = op.body.example
        out.append({"group": group.name, "method": method.name, "args": args, "options": options})
    return out


def invoke(client: Any, call: Call) -> Any:
    return getattr(getattr(client, call.group), call.method)(*call.args, **call.kwargs)


def is_coroutine(value: Any) -> bool:
    return inspect.iscoroutine(value)
