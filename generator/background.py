"""Work run in a forked process while this one goes on: an emitter's `prepare` that reads the
schemas alone and takes long (the Python models and their split into modules, half of a big
API's Python client), overlapped with the model, the plan and the other emitters on a second
core; a first run's validation; and, when nothing else holds that core, the kinds after the
first (generator.stages: curl's page while Postman's collection is built). The result comes
back pickled through a pipe; an error raised there is raised here, as it was (a SpecError keeps
its one line and exit code).

Only where it pays and is safe: `fork` exists (POSIX), more than one processor is ours, and no
other thread runs (a fork copies only the calling thread). Otherwise the work runs here, now.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

T = TypeVar("T")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether work given to Pending would run in a forked child."""
    return hasattr(os, "fork") and _cores() > 1 and threading.active_count() == 1


class Pending(Generic[T]):
    """A result: computed now, or being computed by a forked child."""

    def __init__(self, work: Callable[[], T], background: bool = True) -> None:
        self._value: T | None = None
        self._done = False
        self._child: tuple[int, int] | None = None  # (pid, the pipe's read end)
        if background and can_fork():
            self._child = _start(work)
        else:
            self._value, self._done = work(), True

    @property
    def elsewhere(self) -> bool:
        """Being computed by a forked child (the second core is busy)."""
        return self._child is not None

    def result(self) -> T:
        """The value (waiting for the child, once); the child's exception, raised here."""
        if not self._done:
            assert self._child is not None
            pid, reading = self._child
            # read as it comes, before waiting (a full pipe would block the child), and never
            # whole: the result is unpickled from the stream, not from a second copy of it
            with os.fdopen(reading, "rb") as pipe:
                try:
                    ok, payload = pickle.load(pipe)
                except Exception:  # cut short: the child died, or could not pickle its result
                    ok, payload = None, None
            _, status = os.waitpid(pid, 0)
            self._done, self._child = True, None
            if ok is None or os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError(f"a background worker ended without a result ({status})")
            if not ok:
                raise payload
            self._value = payload
        return self._value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop a child whose result is no longer wanted (the run failed elsewhere)."""
        if self._child is None:
            return
        pid, reading = self._child
        self._child, self._done = None, True
        os.close(reading)  # a child still writing gets EPIPE and ends
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _start(work: Callable[[], object]) -> tuple[int, int]:
    reading, writing = os.pipe()
    # The child's collections then leave the objects it inherits alone: walking them would
    # write to every page of the parent's heap, and each write copies a page.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        _child(work, reading, writing)  # never returns
    gc.unfreeze()
    os.close(writing)
    return pid, reading


def _child(work: Callable[[], object], reading: int, writing: int) -> NoReturn:
    """In the forked child: compute, send, and leave without running the parent's cleanup."""
    code = 0
    try:
        os.close(reading)
        try:
            result: tuple[bool, object] = (True, work())
        except BaseException as exc:  # handed to the parent, raised there
            result = (False, exc)
            try:
                pickle.dumps(result)
            except Exception:  # an exception that does not pickle: its words
                result = (False, RuntimeError(f"{type(exc).__name__}: {exc}"))
        with os.fdopen(writing, "wb") as pipe:
            # pickled into the pipe as it goes: no second, whole copy of a big result here
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # nothing may escape a forked child
        code = 1
    finally:
        os._exit(code)
