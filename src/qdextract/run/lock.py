"""One run at a time per output folder: a lock file that a second run waits for or stops at.

Two runs writing the same folder would interleave their tables (one run's claims beside another's
documents) and each would delete the other's temporary files. The lock is an OS lock (flock via
filelock) on `OUT/.qdextract.lock`, so it is released when its holder exits, even when killed; the
file also names its holder (process, host, run, start time) while it is held, so that a waiting
run can say whom it waits for.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_NAME = ".qdextract.lock"


class OutputLocked(RuntimeError):
    """Another run holds the output folder, and this one did not get it in time."""


def lock_path(out_dir: Path | str) -> Path:
    return Path(out_dir) / LOCK_NAME


def describe_holder(out_dir: Path | str) -> str:
    """Who holds (or last held) the folder's lock, as one phrase."""
    try:
        holder = json.loads(lock_path(out_dir).read_text(encoding="utf-8"))
        return (f"{holder.get('run') or 'a run'} (pid {holder['pid']} on {holder['host']}, "
                f"started {holder['started']})")
    except (OSError, ValueError, KeyError, TypeError):
        return "another run"


@contextmanager
def output_lock(out_dir: Path | str, wait: float | None = 3600.0, run: str | None = None,
                on_wait: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the output folder's lock for the block.

    When another run holds it, call on_wait with a message naming the holder, then wait up to
    `wait` seconds (None: as long as it takes; 0: not at all) and raise OutputLocked if the
    folder is still held. The folder is created if missing."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)

    def sign(fd: int) -> None:  # the holder's name inside the lock file, for whoever waits
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "run": run,
                  "started": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(holder, ensure_ascii=False).encode())

    lock = FileLock(lock_path(out_dir), on_acquired=sign, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        held_by = describe_holder(out_dir)
        if wait is not None and wait <= 0:
            raise OutputLocked(f"{out_dir}: {held_by} is writing this folder; this run stopped "
                               "without writing anything") from None
        limit = "until it finishes" if wait is None else f"up to {wait:g} s"
        if on_wait:
            on_wait(f"{out_dir}: {held_by} is writing this folder; waiting {limit} for it")
        try:
            lock.acquire(timeout=-1 if wait is None else wait, poll_interval=0.5)
        except Timeout:
            raise OutputLocked(f"{out_dir}: {held_by} still writing this folder after {wait:g} s; "
                               "this run stopped without writing anything") from None
    try:
        yield lock_path(out_dir)
    finally:
        # an idle lock names no one (and leaves the folder's files as the run wrote them)
        with contextlib.suppress(OSError):
            os.truncate(lock_path(out_dir), 0)
        lock.release()
