"""What the API diff compares of the Go client (generator.kinds registers this module as the Go
kind's `sdk`): a change in any of these is SDK-breaking. The spelling is generator.emit.go.spelling."""

from __future__ import annotations

from typing import Any

from generator.emit.go.spelling import camel, go_names, pascal

__all__ = ["camel", "go_names", "group_name", "method_name", "param_type", "pascal"]


def method_name(operation: str) -> str:
    return pascal(operation)


def group_name(tag: str) -> str:
    return pascal(tag)


def param_type(schemas: Any, schema: Any) -> str:
    from generator.emit.go.types import GoTypes
    from generator.plan import parameter_type

    return GoTypes(schemas).ref(parameter_type(schemas, schema))
