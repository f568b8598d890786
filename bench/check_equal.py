"""Equality check: every output table of the pipeline, row by row and id by id, against a reference.

    python bench/check_equal.py --save REF [--work DIR]      # reference from the code checked out
    python bench/check_equal.py --against REF [--work DIR]   # this code's tables against it

Three inputs: the seed report, the Guangdong report of ../shared/corpus, and a generated 10 MB
corpus (`make_corpus`, 100 documents, the benchmark's). Each goes through `run_pipeline` from an
empty document store (the runner is the default unless `--runner` names one). Every table is
compared by its Parquet file (same columns, same rows in the same order, equal values, nulls
where the reference has nulls) and by the values its CSV file reads back as (strings, so a
changed spelling of a value shows). Exit code 0 when every table of every input is equal.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

TABLES = ("documents", "passages", "claims", "claims_clean", "quantities", "entities", "findings", "rejected")
SEED = ROOT / "raw" / "qingdao_livestream_report.txt"
GUANGDONG = ROOT.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt"


def inputs(work: Path) -> dict[str, Path]:
    """name -> a raw folder holding that input."""
    out = {}
    for name, src in (("seed", SEED), ("guangdong", GUANGDONG)):
        raw = work / f"raw-{name}"
        if not raw.exists():
            raw.mkdir(parents=True)
            shutil.copy(src, raw / src.name)
        out[name] = raw
    raw = work / "raw-corpus10"
    if not raw.exists():
        make_corpus(raw, 10, docs=100, dup_rate=0.05)
    out["corpus10"] = raw
    return out


def run(raw: Path, out: Path, runner: str | None) -> float:
    from qdextract.run.pipeline import run_pipeline

    shutil.rmtree(out, ignore_errors=True)
    kwargs = {} if runner is None else {"runner": runner}
    t0 = time.perf_counter()
    run_pipeline(raw, out, use_cache=False, **kwargs)
    return time.perf_counter() - t0


def differences(ref: Path, new: Path) -> list[str]:
    problems = []
    for name in TABLES:
        a = pd.read_parquet(ref / f"{name}.parquet")
        b = pd.read_parquet(new / f"{name}.parquet")
        if list(a.columns) != list(b.columns):
            problems.append(f"{name}: columns {list(a.columns)} != {list(b.columns)}")
            continue
        if len(a) != len(b):
            problems.append(f"{name}: {len(a)} rows != {len(b)} rows")
        try:
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                          check_exact=True)
        except AssertionError as e:
            problems.append(f"{name}.parquet: {str(e)[:600]}")
        ca = pd.read_csv(ref / f"{name}.csv", dtype=str, keep_default_na=False)
        cb = pd.read_csv(new / f"{name}.csv", dtype=str, keep_default_na=False)
        try:
            pd.testing.assert_frame_equal(ca, cb)
        except AssertionError as e:
            problems.append(f"{name}.csv: {str(e)[:600]}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the reference tables here")
    group.add_argument("--against", type=Path, help="compare with the reference tables here")
    ap.add_argument("--work", type=Path, default=None, help="folder for inputs and outputs (default: a temp dir)")
    ap.add_argument("--runner", default=None, help="run_pipeline's runner (default: its own default)")
    ap.add_argument("--only", default=None, help="comma-separated inputs (seed, guangdong, corpus10)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qdextract-equal-"))
    work.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, raw in inputs(work).items():
        if args.only and name not in args.only.split(","):
            continue
        if args.save:
            seconds = run(raw, args.save / name, args.runner)
            print(f"{name}: reference written in {seconds:.1f}s")
            continue
        out = work / f"out-{name}"
        seconds = run(raw, out, args.runner)
        problems = differences(args.against / name, out)
        failed |= bool(problems)
        print(f"{name}: {'EQUAL' if not problems else 'DIFFERENT'} ({seconds:.1f}s)")
        for p in problems:
            print("   ", p)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
