"""The cyclic garbage collector, paused while enablekit builds large acyclic structures."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Pause the cyclic collector for the block. Loading a repository, linking its requests
    and finding duplicates make hundreds of thousands of small objects and no reference
    cycles, yet the collections their allocations set off walk everything alive so far,
    again and again (2-3 s of CPU at 20,000 requests). Once the collector runs again, it
    looks at what was made once. Refcounting still frees everything as usual meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
