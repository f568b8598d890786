"""qdextract: numeric claims, entities, duplicates and conflicts from Chinese reports.

The public API is the calls below; everything else is a stage behind them. They are imported on
first use, so that `import qdextract.normalize` (or a worker process) does not load every stage.
"""

import os
import sys
import warnings
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from importlib.util import spec_from_file_location
from pathlib import Path
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


# The stages setup.py compiles with mypyc sit beside their sources as extension modules, which
# Python imports first. In a source checkout a source edited after the build would go unseen:
# then (or when QDEXTRACT_FROM_SOURCE=1) every compiled stage is imported from its source, all
# of them, since compiled modules call one another directly.
FROM_SOURCE_ENV = "QDEXTRACT_FROM_SOURCE"
_HERE = Path(__file__).resolve().parent


def compiled_stages() -> dict[str, Path]:
    """Stage name -> its compiled extension file, for the stages built as extensions."""
    return {path.name.partition(".")[0]: path for path in _HERE.iterdir()
            if path.name.endswith(tuple(EXTENSION_SUFFIXES))}


class _SourceFinder:
    """Finds the compiled stages' sources ahead of their extensions."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        package, _, name = fullname.rpartition(".")
        if package == __name__ and name in self.names:
            return spec_from_file_location(fullname, _HERE / f"{name}.py")
        return None


def _stale(compiled: dict[str, Path]) -> list[str]:
    if not (_HERE.parent.parent / "setup.py").exists():  # an install, not a checkout: no edits
        return []
    return [name for name, ext in compiled.items()
            if (source := _HERE / f"{name}.py").exists() and source.stat().st_mtime > ext.stat().st_mtime]


def _import_sources_if_needed() -> None:
    compiled = compiled_stages()
    if not compiled:
        return
    stale = _stale(compiled)
    if stale:
        warnings.warn(f"qdextract: {', '.join(sorted(stale))} changed since the stages were compiled; "
                      "running every compiled stage from source (rebuild: pip install -e .)",
                      RuntimeWarning, stacklevel=3)
    if stale or os.environ.get(FROM_SOURCE_ENV) == "1":
        sys.meta_path.insert(0, _SourceFinder(set(compiled)))


_import_sources_if_needed()


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'qdextract' has no attribute {name!r}")
