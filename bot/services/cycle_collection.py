"""Pausing Python's cycle collector while a report allocates a large, acyclic result.

A leader's digest over thousands of people creates hundreds of thousands of small objects
(rows, counts, summaries) that live until the digest is built. Each batch of them triggers a
collection of the young generation, and their number soon triggers full collections that walk
every object in the process, looking for cycles there are none of: a third of a large digest's
CPU time (docs/performance.md, section 4). Reference counting still frees everything as usual
while paused; only the search for cycles waits until the report is built.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside the block; it is left as it was found (another thread may
    have paused it too: only the one that paused it resumes it)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
