"""What every normalization pass shares: its context and the record of what it changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.config import ApiConfig

Document = dict[str, Any]


@dataclass(frozen=True)
class Change:
    pointer: str
    message: str


@dataclass
class Record:
    """Changes one pass made, in the order it made them."""

    changes: list[Change] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)  # e.g. old -> new names

    def add(self, pointer: str, message: str) -> None:
        self.changes.append(Change(pointer, message))


@dataclass(frozen=True)
class Context:
    api: ApiConfig

    @staticmethod
    def is_31(document: Document) -> bool:
        return str(document.get("openapi", "")).startswith("3.1")


class Pass(Protocol):
    """A pass repairs one defect: it may mutate the document it is handed (a private copy)."""

    def __call__(self, document: Document, ctx: Context, record: Record) -> Document: ...
