"""qdextract: numeric claims, entities, duplicates and conflicts from Chinese reports.

The public API is the calls below; everything else is a stage behind them. They are imported on
first use, so that `import qdextract.normalize` (or a worker process) does not load every stage.
"""

from importlib import import_module
from typing import Any

_API = {
    "extract_quantities": "qdextract.quantities",
    "extract_claims": "qdextract.pipeline",
    "run_pipeline": "qdextract.pipeline",
    "RunSummary": "qdextract.pipeline",
    "Claim": "qdextract.models",
    "Quantity": "qdextract.models",
}
__all__ = sorted(_API)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'qdextract' has no attribute {name!r}")
