"""The commands as a user types them (subprocesses; `run` uses Prefect's ephemeral server)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qdextract.output.tables import TABLES
from qdextract.output.write import read_table

from ..conftest import ROOT, SEED

BIN = Path(sys.executable).parent / "qdextract"


def _run(*args, **kw):
    env = {**os.environ, "PREFECT_HOME": str(kw.pop("prefect_home")) if "prefect_home" in kw else os.environ.get("PREFECT_HOME", "")}
    env = {k: v for k, v in env.items() if v}
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, env=env, timeout=600, **kw)


@pytest.mark.parametrize("sub", [[], ["run"], ["extract"], ["report"], ["serve"]])
def test_help(sub):
    r = _run(*sub, "--help")
    assert r.returncode == 0 and "Usage" in r.stdout


@pytest.mark.slow
def test_run_on_raw_writes_valid_tables(tmp_path):
    out = tmp_path / "output"
    r = _run("run", "--raw", str(ROOT / "raw"), "--out", str(out), prefect_home=tmp_path / "prefect")
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "database is locked" not in r.stderr
    for name in TABLES:
        assert (out / f"{name}.parquet").exists() and (out / f"{name}.csv").exists()
        read_table(out, name)  # validates against the schema
    passages = read_table(out, "passages")
    row = passages[passages["text"].str.startswith("截至2025年一季度")].iloc[0]
    assert row["section_path"] == "第三章 數據透視產業全貌 > 3.1 市場規模與結構"
    assert not passages["text"].str.contains("海報生成中|!\\[", regex=True).any()
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["inputs"] == {SEED.name: __import__("hashlib").sha256(SEED.read_bytes()).hexdigest()}


def test_run_exit_code_and_stderr_on_bad_input(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text("青岛市交易额增长38%。", encoding="utf-8")
    (raw / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    r = _run("run", "--no-prefect", "--raw", str(raw), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "qdextract: bad.txt: not a text file (looks like a PNG image)" in r.stderr.splitlines()
    assert len(read_table(tmp_path / "out", "claims")) == 1


def test_missing_raw_folder(tmp_path):
    r = _run("run", "--no-prefect", "--raw", str(tmp_path / "nope"))
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_extract_prints_json_lines_from_file_and_stdin():
    r = _run("extract", str(SEED))
    assert r.returncode == 0, r.stderr
    claims = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(claims) > 40
    first = next(c for c in claims if c["surface"].endswith("1200億元"))
    assert first["value"] == 1.2e11 and first["unit"] == "CNY"
    r2 = _run("extract", "-", input="青岛市交易额增长38%。")
    assert [json.loads(line)["value"] for line in r2.stdout.splitlines()] == [38.0]


def _guangdong_section() -> str:
    from ..conftest import GUANGDONG

    if not GUANGDONG.exists():
        pytest.skip(f"{GUANGDONG} not present")
    text = GUANGDONG.read_text(encoding="utf-8")
    start = text.index("一、2025年和")  # the review section: one heading, then dense figures
    return text[start:start + 8000]


@pytest.mark.parametrize("which", ["seed", "guangdong-section"])
def test_extract_prints_the_rows_of_the_claims_table(tmp_path, which):
    """`qdextract extract FILE` and the claims table of a run over that file agree, column by
    column (all but the corpus-wide duplicate marks)."""
    import math

    from qdextract.run.pipeline import run_pipeline

    raw = tmp_path / "raw"
    raw.mkdir()
    doc = raw / "doc.txt"
    doc.write_text(SEED.read_text(encoding="utf-8") if which == "seed" else _guangdong_section(), encoding="utf-8")
    run_pipeline(raw, tmp_path / "out")
    table = read_table(tmp_path / "out", "claims").sort_values("char_start")
    r = _run("extract", str(doc))
    assert r.returncode == 0, r.stderr
    printed = sorted((json.loads(line) for line in r.stdout.splitlines()), key=lambda c: c["char_start"])
    assert len(printed) == len(table) > 10
    columns = [c for c in table.columns if c not in ("dup_group", "is_canonical")]

    def same(a, b) -> bool:
        missing = lambda x: x is None or (isinstance(x, float) and math.isnan(x))  # noqa: E731
        if missing(a) or missing(b):
            return missing(a) and missing(b)
        if isinstance(a, float) or isinstance(b, float):
            return math.isclose(float(a), float(b), rel_tol=1e-12)
        return a == b

    for row, claim in zip(table.to_dict("records"), printed):
        wrong = {c: (claim.get(c), row[c]) for c in columns if not same(claim.get(c), row[c])}
        assert not wrong, f"{claim['surface']}: (printed, table) {wrong}"


def test_report_rebuilds_from_tables(tmp_path):
    from qdextract.run.pipeline import run_pipeline

    run_pipeline(ROOT / "raw", tmp_path)
    (tmp_path / "report.md").unlink()
    r = _run("report", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "report.md").read_text(encoding="utf-8").strip()
