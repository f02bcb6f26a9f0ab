"""Errors that end a command with a one-line message and a documented exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DRIFT = 1
    BAD_INPUT = 2
    FETCH_FAILED = 3
    BAD_SPEC = 4
    INTERNAL = 5


class ApigenError(Exception):
    """An expected failure: its message is shown as one line, its code is the exit code."""

    code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(" ".join(message.split()))
        if code is not None:
            self.code = code


class UsageError(ApigenError):
    code = ExitCode.BAD_INPUT


class FetchError(ApigenError):
    """The source could not be fetched.

    `network`: falling back to cache or snapshot makes sense; `retry`: another attempt may help.
    """

    code = ExitCode.FETCH_FAILED

    def __init__(self, message: str, *, network: bool = False, retry: bool | None = None) -> None:
        super().__init__(message)
        self.network = network
        self.retry = network if retry is None else retry


class SpecError(ApigenError):
    code = ExitCode.BAD_SPEC
