"""What keeps a client's models open to what the API adds after the client was generated: a new
value of a named enum, a new variant of a tagged union. A closed model would fail a whole
answer over one addition (`UnexpectedResponseError` for a list of a thousand roles because one
has a new `type`), and an API adding a value or a variant is a change a client should survive:
the Go client keeps any enum value and a union's unknown JSON (`Raw`), and the TypeScript
client does not check answers at run time. Copied verbatim into generated packages by apigen.

- A named enum stands on `OpenStrEnum` (`OpenIntEnum`): an unknown value reads as a member
  named like its value (`AttributeType("uuid")`: `<AttributeType.uuid: 'uuid'>`), equal to the
  text (`== "uuid"`) and sent back as it came. It is not one of the class's listed members:
  `list(AttributeType)` and `AttributeType.__members__` stay what the spec names. A value of
  another type is still refused.
- A union whose variants are objects told apart by a tag property (`type: "smtp"`, `type:
  "mailgun"`) gets one more variant, a subclass of `UnknownVariant` naming the tag and the
  values the spec knows: an object whose tag is a text none of them takes reads as it, its
  fields kept as they came (attributes, `model_extra`). An object with a known tag is
  validated by its own variant as before, and fails as before when it does not fit.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator


class OpenStrEnum(StrEnum):
    """A string enum that also takes a string it does not list (see the module)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(IntEnum):
    """An integer enum that also takes an integer it does not list (see the module)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if type(value) is not int:  # not a bool, not a float
            return None
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        return member


class UnknownVariant(BaseModel):
    """A union's variant that this client was generated without: an object whose tag
    (`variant_tag`) is a text none of the spec's variants takes (`known_tags`). Its fields are
    kept as they came."""

    model_config = ConfigDict(extra="allow")
    variant_tag: ClassVar[str] = ""
    known_tags: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _new_tag_only(cls, data: Any) -> Any:
        tag = data.get(cls.variant_tag) if isinstance(data, dict) else None
        if not isinstance(tag, str) or tag in cls.known_tags:
            raise ValueError(f"not a new variant: its {cls.variant_tag!r} is known or missing")
        return data

    @property
    def tag(self) -> str:
        """The tag's value: which variant this is."""
        return str((self.model_extra or {}).get(self.variant_tag, ""))
