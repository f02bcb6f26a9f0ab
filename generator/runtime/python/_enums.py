"""The bases of the named enums in a client's models: enums that stay open to values the API adds
after the client was generated. A closed enum would fail a whole answer over one new value
(`UnexpectedResponseError` for a list of a thousand roles because one has a new `type`), and
the API adding a value is a change a client should survive: the Go client's enums take any
value, and the TypeScript client does not check them at run time. Copied verbatim into
generated packages by apigen.

An unknown value reads as a member of the enum named like its value (`AttributeType("uuid")`:
`<AttributeType.uuid: 'uuid'>`), equal to the text (`== "uuid"`) and sent back as it came. It
is not one of the class's listed members: `list(AttributeType)` and `AttributeType.__members__`
stay what the spec names. A value of another type is still refused."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any


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
