"""Write tables and reports atomically: a temp file in the same folder, then a rename."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

_TMP_PREFIX = ".qdextract-tmp-"
_UMASK = os.umask(0o022)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK  # what open() would give: mkstemp's temp files are private (0600)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call write(tmp) then rename tmp over path: a crash leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def remove_stale_temp_files(folder: Path) -> list[Path]:
    """Temp files a killed run left behind."""
    stale = sorted(Path(folder).glob(f"{_TMP_PREFIX}*")) if Path(folder).is_dir() else []
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def write_table(df: pd.DataFrame, folder: Path, name: str) -> list[Path]:
    folder = Path(folder)
    parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
    atomic_write(parquet, lambda tmp: df.to_parquet(tmp, index=False))
    atomic_write(csv, lambda tmp: df.to_csv(tmp, index=False, encoding="utf-8"))
    return [parquet, csv]


def write_json(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n")


def read_table(folder: Path, name: str) -> pd.DataFrame:
    """A table as written, with the schema's dtypes (for tools and tests)."""
    from qdextract.output.schemas import SCHEMAS

    return SCHEMAS[name].validate(pd.read_parquet(Path(folder) / f"{name}.parquet"))
