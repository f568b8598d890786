"""A progress bar for long runs, shown only on an interactive terminal (never in logs or CI)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from rich.progress import track

T = TypeVar("T")


def show_progress(items: Iterable[T], total: int | None = None, description: str = "documents") -> Iterator[T]:
    return iter(track(items, total=total, description=description, transient=True, disable=not sys.stderr.isatty()))
