"""Work in a forked process while this one goes on: for `enablekit build`, which owns its
process (no threads, nothing a copy of memory could upset)."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def in_background(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work()` in a forked process; the function returned waits for its result (or
    raises its exception). Where no process can be started, `work` runs when asked for."""
    context = multiprocessing.get_context("fork")
    gc.freeze()  # the child's collector leaves the inherited heap alone: no copy on write
    receive, send = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_run, args=(send, work), daemon=True)
        process.start()
    except OSError:
        return work
    send.close()

    def result() -> T:
        try:
            failed, value = receive.recv()
        except EOFError:
            failed, value = True, RuntimeError("a forked worker stopped without a result")
        finally:
            receive.close()
            process.join()
        if failed:
            raise value
        return value  # type: ignore[no-any-return]

    return result


def _run(send: Any, work: Callable[[], Any]) -> None:
    try:
        outcome = (False, work())
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (True, exc)
    send.send(outcome)
    send.close()
