"""Two versions of qdextract timed side by side: the claim grammar and the public extract_claims.

    python bench/bench_versions.py OTHER_SRC [--rounds 5] [--this-src SRC] [--compiled]

OTHER_SRC is the `src` folder of another checkout (`git worktree add /tmp/base REV`); --this-src
another for this side (default: this checkout's). Sources are timed as sources; with
--compiled, both sides must be mypyc builds (`QDEXTRACT_COMPILE=1 python setup.py build_ext
--inplace` in each checkout; older versions compiled by default) and each pass says how many of
qdextract's modules it loaded as extensions. Each round
runs one pass of each version in its own fresh process, taking turns, so a phase of the machine
falls on both alike; the best pass of each counts and the table gives the ratio. Inputs: the seed
and the Guangdong report. The claim grammar is structure + claims (the stage bench_quantities
times); extract_claims is what the public call does for one document (grammar, entities,
attribution, repeat marks).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INPUTS = {
    "seed": REPO / "raw" / "qingdao_livestream_report.txt",
    "guangdong": REPO.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt",
}
WARM_UP = [REPO.parent / "shared" / "corpus" / name for name in
           ("jiangsu_gov_work_report_2026.txt", "hk_rthk_finance_news_2025-04-06.md")]

# One pass in a fresh process: first a warm-up on other real text (dictionaries loaded, patterns
# compiled, code paths taken), then each input timed once, its own text read for the first time.
_PASS = r"""
import json, sys, time
from pathlib import Path
inputs = json.loads(sys.argv[1])
try:
    from qdextract.extract.claims import claims_from_passages
    from qdextract.text.structure import structure_document
    def grammar(text):
        return claims_from_passages(structure_document(text, "b").passages, "b", with_mentions=False)[0]
except ImportError:  # the flat layout of older versions
    from qdextract.claims import extract_claims as grammar
from qdextract import extract_claims
compiled = sum(1 for name, m in list(sys.modules.items()) if name.startswith("qdextract")
               and str(getattr(m, "__file__", "")).endswith(".so"))
for warm in json.loads(sys.argv[2]):
    text = Path(warm).read_text(encoding="utf-8")[:4000]
    grammar(text); extract_claims(text)
out = {}
for name, path in inputs.items():
    text = Path(path).read_text(encoding="utf-8")
    for label, fn in (("grammar", grammar), ("extract_claims", extract_claims)):
        t0 = time.perf_counter(); n = len(fn(text)); dt = time.perf_counter() - t0
        out[f"{name}/{label}"] = [len(text.encode()) / 1e6 / dt, n]
out["compiled modules"] = [compiled, 0]
print(json.dumps(out))
"""


def one_pass(src: Path, compiled: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src)}
    if not compiled:  # older versions switch to their sources on this
        env["QDEXTRACT_FROM_SOURCE"] = "1"
    inputs = {k: str(v) for k, v in INPUTS.items() if v.exists()}
    warm = [str(p) for p in WARM_UP if p.exists()]
    done = subprocess.run([sys.executable, "-c", _PASS, json.dumps(inputs), json.dumps(warm)], env=env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other_src", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--this-src", type=Path, default=REPO / "src")
    ap.add_argument("--compiled", action="store_true", help="time both sides' mypyc builds")
    args = ap.parse_args()
    versions = {"this": args.this_src.resolve(), "other": args.other_src.resolve()}
    best: dict[str, dict[str, list]] = {v: {} for v in versions}
    for _ in range(args.rounds):
        for v, src in versions.items():
            for key, (mbs, n) in one_pass(src, args.compiled).items():
                if mbs > best[v].get(key, [0, 0])[0]:
                    best[v][key] = [mbs, n]
    print(f"{'input/stage':<28} {'this MB/s':>10} {'other MB/s':>11} {'this/other':>11} {'claims this/other':>18}")
    counts = [best[v].pop("compiled modules", [0])[0] for v in versions]
    print(f"modules loaded compiled: this {counts[0]}, other {counts[1]}")
    for key in best["this"]:
        a, b = best["this"][key], best["other"].get(key, [float("nan"), 0])
        print(f"{key:<28} {a[0]:10.3f} {b[0]:11.3f} {a[0] / b[0]:11.2f} {a[1]:>9}/{b[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
