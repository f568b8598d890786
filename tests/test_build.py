"""The opt-in compiled build (setup.py, `QDEXTRACT_COMPILE=1`): mypyc refuses a module mypy
rejects, so every module it compiles must type-check. Checked here with mypy itself (seconds),
not by a build (a C compiler and a minute)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _compiled_modules() -> list[str]:
    """setup.py's COMPILED list, read without running setup()."""
    tree = ast.parse((REPO / "setup.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in n.targets))
    namespace: dict = {"Path": Path}
    exec(compile(ast.Module([node], []), "setup.py", "exec"), namespace)  # the list and its glob
    return namespace["COMPILED"]


def test_every_compiled_module_exists() -> None:
    modules = _compiled_modules()
    assert len(modules) >= 20
    assert [m for m in modules if not (REPO / m).is_file()] == []


def test_every_compiled_module_type_checks() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", *_compiled_modules()],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
