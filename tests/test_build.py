"""The compiled stages (setup.py, mypyc): built where a C compiler is at hand, the same results
as their sources, and never run in place of a source edited after the build."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import qdextract
from qdextract import compiled_stages

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "qingdao_livestream_report.txt"
GUANGDONG = ROOT.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt"


def _setup_compiled() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COMPILED":
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py names no COMPILED modules")


def _has_c_compiler() -> bool:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc) is not None


def _from_source() -> bool:
    return bool(os.environ.get("QDEXTRACT_PURE_PYTHON")) or os.environ.get(qdextract.FROM_SOURCE_ENV) == "1"


def test_the_claims_path_is_compiled_where_a_compiler_is_at_hand() -> None:
    if _from_source() or not _has_c_compiler():
        pytest.skip("plain Python asked for, or no C compiler: the stages run from source")
    import qdextract.claims
    import qdextract.quantities

    assert sorted(compiled_stages()) == sorted(_setup_compiled())
    for module in (qdextract.claims, qdextract.quantities):
        assert module.__file__ and module.__file__.endswith(tuple(EXTENSION_SUFFIXES)), module.__file__


_DUMP = """
import json, sys
from qdextract.claims import extract_claims
from qdextract.quantities import extract_quantities
import qdextract.claims
out = {"file": qdextract.claims.__file__, "docs": []}
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    out["docs"].append([[c.to_dict() for c in extract_claims(text, "d")],
                        [q.to_dict() for q in extract_quantities(text)]])
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _dump(env_extra: dict[str, str], paths: list[Path]) -> dict:
    env = {**os.environ, **env_extra}
    done = subprocess.run([sys.executable, "-c", _DUMP, *map(str, paths)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_compiled_and_source_stages_give_the_same_claims() -> None:
    if not compiled_stages() or _from_source():
        pytest.skip("no compiled stages in this install")
    paths = [p for p in (SEED, GUANGDONG) if p.exists()]
    compiled = _dump({qdextract.FROM_SOURCE_ENV: "0"}, paths)
    source = _dump({qdextract.FROM_SOURCE_ENV: "1"}, paths)
    assert compiled["file"].endswith(tuple(EXTENSION_SUFFIXES))
    assert source["file"].endswith(".py")
    assert sum(len(claims) for claims, _ in source["docs"]) > 100  # both documents were read
    assert compiled["docs"] == source["docs"]


def test_a_source_edited_after_the_build_runs_instead_of_the_extensions(tmp_path) -> None:
    if not compiled_stages():
        pytest.skip("no compiled stages in this install")
    package = Path(qdextract.__file__).parent
    checkout = tmp_path / "checkout"
    shutil.copytree(package, checkout / "src" / "qdextract")
    (checkout / "setup.py").write_text("")  # a source checkout
    edited = checkout / "src" / "qdextract" / "claims.py"
    later = time.time() + 60
    os.utime(edited, (later, later))
    probe = "import qdextract.claims, qdextract.quantities as q; print(qdextract.claims.__file__); print(q.__file__)"
    env = {**os.environ, "PYTHONPATH": str(checkout / "src")}
    env.pop(qdextract.FROM_SOURCE_ENV, None)
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    files = done.stdout.split()
    # the edited stage, and the others compiled with it, all from source
    assert files == [str(edited), str(checkout / "src" / "qdextract" / "quantities.py")]
    assert "claims changed since the stages were compiled" in done.stderr
