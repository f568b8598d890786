"""qdextract: numeric claims, entities, duplicates and conflicts from Chinese reports.

The data's way through, one sub-package a phase:

    text/     ingest (bytes -> Document), structure (sections, passages), normalize, segment
    zh/       the Chinese number grammar's parts: numerals, word lists, the typed rule loader
    extract/  quantities, claims, entities, attribution (subject and metric)
    corpus/   passage and claim deduplication, consistency findings
    output/   schemas, tables, validation, the document store, writing, the report
    run/      the pipeline in-process, the command line

The public API is the calls below; each is imported on first use, so that a worker process
that needs one stage does not load them all.
"""

from importlib import import_module
from typing import Any

_API = {
    "extract_quantities": "qdextract.extract.quantities",
    "extract_claims": "qdextract.run.pipeline",
    "run_pipeline": "qdextract.run.pipeline",
    "RunSummary": "qdextract.run.pipeline",
    "Claim": "qdextract.models",
    "Quantity": "qdextract.models",
}
__all__ = sorted(_API)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'qdextract' has no attribute {name!r}")
