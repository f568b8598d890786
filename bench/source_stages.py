"""The claims path loaded a second time from its sources, so that one run times the compiled
(`QDEXTRACT_COMPILE=1`, setup.py) and the source claim grammar side by side."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

import text_caches


def _ours(name: str) -> bool:
    return name == "qdextract" or name.startswith("qdextract.")


def compiled_modules() -> list[str]:
    import qdextract

    root = Path(qdextract.__file__).parent
    return [str(p) for p in root.rglob("*") if p.name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))]


class _SourceFirst:
    """Finds qdextract's modules as .py files, ahead of any compiled extension beside them."""

    def find_spec(self, fullname, path=None, target=None):
        if not _ours(fullname):
            return None
        import qdextract

        root = Path(qdextract.__file__).parent.parent
        base = root.joinpath(*fullname.split("."))
        for candidate, is_pkg in ((base / "__init__.py", True), (base.with_suffix(".py"), False)):
            if candidate.exists():
                return importlib.util.spec_from_file_location(
                    fullname, candidate, submodule_search_locations=[str(base)] if is_pkg else None)
        return None


def source_extract_claims() -> tuple[Callable | None, str]:
    """(the claim grammar run from source, note); None when nothing is compiled."""
    if not compiled_modules():
        return None, "stages not compiled: the grammar runs from source"
    saved = {name: sys.modules.pop(name) for name in list(sys.modules) if _ours(name)}
    finder = _SourceFirst()
    sys.meta_path.insert(0, finder)
    try:
        build = importlib.import_module("qdextract.extract.claims")
        structure = importlib.import_module("qdextract.text.structure")
        loaded = [module for name, module in sys.modules.items() if _ours(name)]
    finally:  # the compiled modules stay the ones every other import sees
        sys.meta_path.remove(finder)
        for name in [name for name in sys.modules if _ours(name)]:
            del sys.modules[name]
        sys.modules.update(saved)
    text_caches.EXTRA_MODULES.extend(loaded)  # their caches are cleared before each pass too

    def extract_claims(text: str) -> list:
        passages = structure.structure_document(text, "bench").passages
        return build.claims_from_passages(passages, "bench", with_mentions=False)[0]

    return extract_claims, ""
