"""Report benchmark: how big report.html and report.md grow, and what share of a run rendering them
takes, on corpora from make_corpus.py, side by side in one run.

    python bench/bench_report.py [--sizes 1,10] [--work DIR] [--browser]

For each size: the in-process pipeline runs in a fresh subprocess from an empty document store
(its wall time is the run's time); then, in another fresh process, the tables are read back and the
report is collected once and rendered as Markdown and HTML, each step timed. The share is the
rendering's seconds over the run's. With --browser, report.html is also opened in headless
Chromium by scripts/check_report_html.py. Figures are printed and written to bench/results/report.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import make_corpus  # noqa: E402

RUN = r"""
import json, sys, time
from qdextract.run.pipeline import run_pipeline
t0 = time.perf_counter()
summary = run_pipeline(sys.argv[1], sys.argv[2], use_cache=False)
print(json.dumps({"wall": time.perf_counter() - t0, "timings": summary.timings, "counts": summary.counts}))
"""

RENDER = r"""
import json, sys, time
from pathlib import Path
out = Path(sys.argv[1])
t0 = time.perf_counter()
from qdextract.output.report import read_report_inputs, render_report_html, render_report_md
from qdextract.output.report_data import collect_report_data
tables, summary = read_report_inputs(out)
t1 = time.perf_counter()
collect_report_data(tables, summary)
t2 = time.perf_counter()
md = render_report_md(tables, summary)     # collects once more, then caches for the HTML
t3 = time.perf_counter()
page = render_report_html(tables, summary)
t4 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "collect": t2 - t1, "md_with_collect": t3 - t2, "html": t4 - t3,
                  "md_bytes": len(md.encode()), "html_bytes": len(page.encode())}))
"""


def _child(code: str, *args: str) -> dict:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def measure(work: Path, mb: float, browser: bool) -> dict:
    raw = work / f"c{mb:g}"
    if not raw.exists():
        make_corpus(raw, mb, docs=max(10, int(mb * 10)), dup_rate=0.05)
    out = work / f"o{mb:g}"
    shutil.rmtree(out, ignore_errors=True)
    corpus_bytes = sum(p.stat().st_size for p in raw.glob("*.txt"))
    run = _child(RUN, str(raw), str(out))
    render = _child(RENDER, str(out))
    rendering = render["md_with_collect"] + render["html"]  # one collection, two renderers
    result = {
        "corpus_mb": corpus_bytes / 1e6, "documents": run["counts"].get("documents"),
        "findings": run["counts"].get("findings"), "run_s": run["wall"], "render_s": rendering,
        "render_share": rendering / run["wall"], "html_mb": render["html_bytes"] / 1e6,
        "md_mb": render["md_bytes"] / 1e6, "html_mb_written": (out / "report.html").stat().st_size / 1e6,
        **{f"t_{k}": v for k, v in render.items() if not k.endswith("bytes")},
    }
    if browser:
        t0 = time.perf_counter()
        check = subprocess.run([sys.executable, str(HERE.parent / "scripts" / "check_report_html.py"),
                                str(out / "report.html")], capture_output=True, text=True)
        result["browser_ok"] = check.returncode == 0
        result["browser_s"] = time.perf_counter() - t0
        result["browser_says"] = (check.stdout + check.stderr).strip()[-300:]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10", help="corpus sizes in MB")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: a temp dir)")
    ap.add_argument("--browser", action="store_true", help="open each report.html in headless Chromium")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="qdextract-bench-report-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    print(f"{'MB':>6} {'docs':>5} {'findings':>8} {'run s':>8} {'render s':>8} {'share':>6} {'html MB':>8} {'md MB':>6}  browser")
    for mb in [float(s) for s in args.sizes.split(",")]:
        r = measure(work, mb, args.browser)
        results[f"{mb:g}MB"] = r
        print(f"{r['corpus_mb']:6.1f} {r['documents']:>5} {r['findings']:>8} {r['run_s']:8.1f} {r['render_s']:8.2f} "
              f"{r['render_share']:6.1%} {r['html_mb']:8.3f} {r['md_mb']:6.3f}  {r.get('browser_ok', '-')}")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "report.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
