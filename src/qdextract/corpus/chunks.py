"""A corpus table read a few whole documents at a time, in reading order: the corpus stages hold
the rows of one chunk as Python objects, never those of the whole corpus."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from qdextract.corpus.grouping import reading_rank
from qdextract.output.tables import records

CHUNK_ROWS = 20_000  # rows per chunk (a chunk never cuts a document)


def reading_order(frame: pd.DataFrame, doc_order: pd.Series) -> np.ndarray:
    """Row positions of `frame` in reading order (documents as `doc_order` first names them)."""
    rank = reading_rank(frame, doc_order=doc_order).to_numpy()
    order = np.empty(len(rank), dtype=np.int64)
    order[rank] = np.arange(len(rank))
    return order


def document_chunks(frame: pd.DataFrame, order: np.ndarray, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """`frame`'s rows in `order` (reading order), about `rows` (CHUNK_ROWS) at a time, each chunk
    whole documents."""
    if not len(order):
        return
    rows = rows or CHUNK_ROWS
    docs = frame["doc_id"].to_numpy(dtype=object)[order]
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])  # where each document begins
    begin = 0
    while begin < len(order):
        at = np.searchsorted(starts, begin + rows)  # the first document to begin at or after the cut
        end = int(starts[at]) if at < len(starts) else len(order)
        yield frame.iloc[order[begin:end]]
        begin = end


class TextColumn(Sequence[str]):
    """A string column read a value at a time from its Arrow array: a list of every value as a
    Python string would hold a corpus's text twice over."""

    def __init__(self, column: pd.Series):
        self._array = pa.array(column.astype(str))  # an Arrow-backed column's own chunks, not a copy

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, position):  # (an int: slices are not read here)
        return self._array[position].as_py()


def records_by_chunk(frame: pd.DataFrame, rows: int | None = None) -> Iterator[dict]:
    """`frame`'s rows as dicts, in its order, built `rows` (CHUNK_ROWS) at a time."""
    rows = rows or CHUNK_ROWS
    for start in range(0, len(frame), rows):
        yield from records(frame.iloc[start:start + rows])


def passages_by_document(passages: pd.DataFrame) -> dict[str, np.ndarray]:
    """doc_id -> the row positions of its passages."""
    return {str(k): v for k, v in passages.groupby("doc_id", sort=False).indices.items()}


__all__ = ["CHUNK_ROWS", "TextColumn", "document_chunks", "passages_by_document", "reading_order", "records_by_chunk"]
