"""Arrow buffers of the corpus-wide stages from the system allocator.

pyarrow's default pool (mimalloc) keeps the pages that freed buffers leave, for its own later
allocations. The corpus stages read, build and drop tables of the whole run one after another, and
the pages kept stay in the process until it ends, so they add to the run's peak. The system
allocator gives them back. A pool the user chose (ARROW_DEFAULT_MEMORY_POOL) is kept.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa


@contextmanager
def returning_arrow_memory() -> Iterator[pa.MemoryPool]:
    """Within the block, Arrow allocates from the system allocator (unless the environment names a
    pool); the previous default pool afterwards. Buffers made inside are freed by the pool that
    made them, whenever they are freed."""
    previous = pa.default_memory_pool()
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield previous
        return
    pool = pa.system_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield pool
    finally:
        pa.set_memory_pool(previous)


__all__ = ["returning_arrow_memory"]
