"""Build: plain Python by default; the claims path compiled with mypyc on request.

Everything else about the package is in pyproject.toml. `QDEXTRACT_COMPILE=1` compiles the
stages a claim passes through to C extensions (same source, type-checked by mypy): it needs a C
compiler and mypy in the build environment, so install with

    pip install mypy setuptools && QDEXTRACT_COMPILE=1 pip install --no-build-isolation -e .

The extensions sit beside the sources and Python imports them first: after editing a compiled
module, build again or remove the `.so` files (`find src -name '*.so' -delete`).
"""

import os
import sys
from pathlib import Path

from setuptools import setup

# The claims path: structure -> normalize -> quantities (numerals, lexicon) -> claims (segment).
COMPILED = [
    "src/qdextract/text/structure.py", "src/qdextract/text/blocks.py", "src/qdextract/text/tables.py",
    "src/qdextract/text/normalize.py", "src/qdextract/text/segment.py",
    "src/qdextract/zh/numerals.py", "src/qdextract/zh/lexicon.py", "src/qdextract/zh/currency.py",
    "src/qdextract/extract/quantities.py", "src/qdextract/extract/quantity_grammar.py",
    "src/qdextract/extract/quantity_forms.py", "src/qdextract/extract/attribution/phrases.py",
    "src/qdextract/ids.py",
    *sorted(str(p) for p in Path("src/qdextract/extract/claims").glob("*.py") if p.name != "__init__.py"),
]


def compiled_extensions() -> list:
    if os.environ.get("QDEXTRACT_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # asked for: a missing mypy is an error, not a fallback

    print(f"qdextract build: compiling {len(COMPILED)} modules with mypyc", file=sys.stderr)
    return mypycify(COMPILED, group_name="qdextract")


setup(ext_modules=compiled_extensions())
