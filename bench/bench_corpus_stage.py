"""The corpus stages (dedup, consistency) and the report, this checkout against another revision,
side by side in one run on the same tables.

    python bench/bench_corpus_stage.py OUT_DIR [--against REV] [--rounds 2]

OUT_DIR is a finished run's output folder (its passages and claims are read back, their corpus
columns cleared). The other revision's `src/` is exported with `git archive` into a temp folder;
each round runs both in fresh subprocesses, alternately, so a busy phase of the machine falls on
both alike. Printed: seconds for dedup, consistency and rendering report.md + report.html, the
findings count, report.html's size, and the ratios.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
import pandas as pd
out = sys.argv[1]
from qdextract.corpus.analyse import analyse_corpus
from qdextract.output.report import render_report_html, render_report_md
passages = pd.read_parquet(f"{out}/passages.parquet").drop(columns=["dup_group", "dup_kind", "is_canonical"], errors="ignore")
claims = pd.read_parquet(f"{out}/claims.parquet").drop(columns=["dup_group", "is_canonical"], errors="ignore")
passages["dup_group"], passages["is_canonical"] = None, True
claims["dup_group"], claims["is_canonical"] = None, True
documents = pd.read_parquet(f"{out}/documents.parquet")
timings = {}
tables = analyse_corpus({"passages": passages, "claims": claims}, timings)
tables["documents"] = documents
t0 = time.perf_counter()
md = render_report_md(tables, {})
page = render_report_html(tables, {})
timings["report"] = time.perf_counter() - t0
print(json.dumps({**timings, "findings": len(tables["findings"]), "html_mb": len(page.encode()) / 1e6}))
"""


def export(rev: str, into: Path) -> Path:
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run(src: Path, out: str) -> dict:
    env = {"PYTHONPATH": str(src)}
    import os
    r = subprocess.run([sys.executable, "-c", CHILD, out], capture_output=True, text=True, env={**os.environ, **env})
    if r.returncode:
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="a finished run's output folder")
    ap.add_argument("--against", default="HEAD~1", help="the other revision (default HEAD~1)")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qdextract-rev-") as tmp:
        sources = {"this": ROOT / "src", args.against: export(args.against, Path(tmp))}
        best: dict[str, dict] = {}
        for _ in range(args.rounds):
            for name, src in sources.items():
                r = run(src, args.out)
                best[name] = {k: min(v, best.get(name, {}).get(k, v)) if isinstance(v, float) else v for k, v in r.items()}
        print(f"{'code':>12} {'dedup s':>8} {'consist. s':>10} {'report s':>9} {'findings':>9} {'html MB':>8}")
        for name, r in best.items():
            print(f"{name:>12} {r['dedup']:8.2f} {r['consistency']:10.2f} {r['report']:9.2f} {r['findings']:>9} {r['html_mb']:8.2f}")
        a, b = best["this"], best[args.against]
        print(f"this / {args.against}: dedup {a['dedup'] / b['dedup']:.2f}x, consistency "
              f"{a['consistency'] / b['consistency']:.2f}x, report {a['report'] / b['report']:.2f}x")


if __name__ == "__main__":
    main()
