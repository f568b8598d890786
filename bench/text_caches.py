"""Clearing what the stages remember about texts already read, so that a benchmark's repeated
passes over the same input pay what a first read pays (jieba word boundaries, noun tails …).

The stages keep two kinds of function caches: unbounded ones (`functools.cache`) that load data
files and compile patterns once per process, which every real run also has warm; and bounded
ones (`lru_cache(maxsize=…)`) keyed by pieces of text. Only the second kind is cleared."""

from __future__ import annotations

import importlib
import sys

# The stage packages; every module of theirs that is loaded is cleared, since the caches sit in
# the modules that define or import them (`attribution.nouns.tagged`, `claims.sentence.word_bounds`).
MODULES = ("qdextract.text", "qdextract.zh", "qdextract.extract")


# Further module objects of the stages, loaded beside the ones imported (bench/source_stages.py).
EXTRA_MODULES: list = []

# Bounded caches this small hold objects, not texts (normalize's OpenCC converters, maxsize 4).
_OBJECT_CACHE_MAX = 64


def clear_text_caches() -> int:
    """Clear every bounded function cache of the stage modules loaded; the number cleared."""
    cleared, seen = 0, set()
    for name in MODULES:
        importlib.import_module(name)
    modules = [module for name, module in list(sys.modules.items())
               if name.startswith(tuple(p + "." for p in MODULES)) or name in MODULES]
    for module in modules + EXTRA_MODULES:
        for obj in vars(module).values():
            params = getattr(obj, "cache_parameters", None)
            maxsize = params()["maxsize"] if params is not None else None
            if maxsize is not None and maxsize > _OBJECT_CACHE_MAX and id(obj) not in seen:
                seen.add(id(obj))
                obj.cache_clear()
                cleared += 1
    return cleared
