"""The stages that setup.py compiles, loaded a second time from their sources, so that one run
times the compiled and the source `extract_claims` side by side."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Callable

import text_caches


def _ours(name: str) -> bool:
    return name == "qdextract" or name.startswith("qdextract.")


def source_extract_claims() -> tuple[Callable | None, str]:
    """(extract_claims run from source, note); None when the stages are not compiled."""
    import qdextract

    if not qdextract.compiled_stages():
        return None, "stages not compiled: extract_claims is the source"
    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if _ours(name)}
    meta_path = list(sys.meta_path)
    env_before = os.environ.get(qdextract.FROM_SOURCE_ENV)
    os.environ[qdextract.FROM_SOURCE_ENV] = "1"
    try:
        claims = importlib.import_module("qdextract.claims")
        loaded = [module for name, module in sys.modules.items() if _ours(name)]
    finally:  # the compiled modules stay the ones every other import sees
        if env_before is None:
            del os.environ[qdextract.FROM_SOURCE_ENV]
        else:
            os.environ[qdextract.FROM_SOURCE_ENV] = env_before
        sys.meta_path[:] = meta_path
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
    if not (claims.__file__ or "").endswith(".py"):
        return None, f"could not load the source ({claims.__file__})"
    text_caches.EXTRA_MODULES.extend(loaded)  # their caches are cleared before each pass too
    return claims.extract_claims, ""
