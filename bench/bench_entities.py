"""Throughput of extract_entities and attribute_claims on the seed and the Guangdong report.

    python bench/bench_entities.py [--runs N]
    python bench/bench_entities.py --share [--baseline REF] [--runs N]

MB/s counts the UTF-8 bytes of the document's text. The first run (which builds the gazetteer's
automaton, or the spaCy pipeline when a trained model is named, and loads jieba's dictionary) is
reported apart from the best of the following runs.
Before each run the stages' text caches are cleared (bench/text_caches.py), so every run reads
the document as a first read does.

--share: entities' share of a whole run's time. run_pipeline, each time in a fresh process with an
empty document store, over the seed and every report of ../shared/corpus/; the share is the
entity stage's seconds (summed over documents, from run.json) over the sum of every stage's. With
--baseline REF the same runs, in turns, use the package as it was at the git revision REF
(`git archive REF src`, put first on PYTHONPATH), so both are timed on the same machine in the
same minutes and compared as ratios.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from qdextract.extract.attribution import attribute_claims
from qdextract.extract.entities import extract_entities, pipeline
from qdextract.extract.entities.rules import MODEL_ENV
from qdextract.text.structure import structure_document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from text_caches import clear_text_caches  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = {
    "seed": ROOT / "raw" / "qingdao_livestream_report.txt",
    "guangdong": ROOT.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt",
}


def _claims(passages, doc_id):
    try:
        from qdextract.extract.claims import claims_from_passages
    except ImportError:
        return []
    return claims_from_passages(passages, doc_id)[0]


def _share_corpus(raw: Path) -> float:
    raw.mkdir(parents=True)
    sources = [DOCS["seed"], *sorted(p for p in (ROOT.parent / "shared" / "corpus").glob("*")
                                      if p.suffix in (".txt", ".md") and p.name != "README.md")]
    for p in sources:
        (raw / p.name).write_bytes(p.read_bytes())
    return sum(p.stat().st_size for p in sources) / 1e6


def _baseline_src(ref: str, work: Path) -> Path:
    import subprocess
    import tarfile

    archive = work / "baseline.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), ref, "src"], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(work / "baseline", filter="data")
    return work / "baseline" / "src"


def share(runs: int, baseline: str | None) -> None:
    import os
    import tempfile

    from bench_pipeline import measure

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        mb = _share_corpus(work / "raw")
        versions = {"this tree": None}
        if baseline:
            versions[f"at {baseline}"] = str(_baseline_src(baseline, work))
        best: dict[str, dict] = {}
        for k in range(runs):
            for name, src in versions.items():
                env = {"PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")} if src else None
                r = measure("pipeline", work / "raw", work / f"out-{k}-{len(best)}", env=env, use_cache=False)
                if name not in best or r["wall"] < best[name]["wall"]:
                    best[name] = r
        print(f"corpus: {mb * 1e3:.0f} kB, {len(list((work / 'raw').iterdir()))} documents; best of {runs} runs each")
        for name, r in best.items():
            total = sum(r["stages"].values())
            ent = r["stages"].get("entities", 0.0)
            print(f"{name:>16}: wall {r['wall']:.1f} s, stages {total:.2f} s, entities {ent:.2f} s "
                  f"= {ent / total:.1%} of the stages' time, attribution {r['stages'].get('attribution', 0.0):.2f} s")
        if baseline:
            now, then = best["this tree"], best[f"at {baseline}"]
            print(f"ratios (this tree / {baseline}): entities {now['stages']['entities'] / then['stages']['entities']:.2f}x, "
                  f"all stages {sum(now['stages'].values()) / sum(then['stages'].values()):.2f}x, "
                  f"wall {now['wall'] / then['wall']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--share", action="store_true", help="entities' share of a whole run's time")
    parser.add_argument("--baseline", help="with --share: a git revision to time side by side")
    args = parser.parse_args()
    if args.share:
        share(args.runs, args.baseline)
        return
    for name, path in DOCS.items():
        if not path.exists():
            print(f"{name}: {path} missing")
            continue
        text = path.read_text(encoding="utf-8")
        mb = len(text.encode("utf-8")) / 1e6
        structure = structure_document(text, name)
        passages = structure.passages
        times, ents = [], []
        for _ in range(args.runs + 1):
            clear_text_caches()
            t0 = time.perf_counter()
            ents = extract_entities(passages, name, structure.sections)
            times.append(time.perf_counter() - t0)
        claims = _claims(passages, name)
        a_times = []
        for _ in range(args.runs + 1):
            clear_text_caches()
            t0 = time.perf_counter()
            attribute_claims(claims, ents, passages)
            a_times.append(time.perf_counter() - t0)
        print(
            f"{name}: {mb * 1e3:.1f} kB, {len(passages)} passages, {len(ents)} entities, {len(claims)} claims | "
            f"entities first {mb / times[0]:.2f} MB/s, best {mb / min(times[1:]):.2f} MB/s | "
            f"attribution first {mb / a_times[0]:.2f} MB/s, best {mb / min(a_times[1:]):.2f} MB/s"
        )
    if os.environ.get(MODEL_ENV):
        print(f"entities pipeline: {' > '.join(pipeline().pipe_names)}")
    else:
        print("entities: the gazetteer's automaton and the rule components (no trained model named)")


if __name__ == "__main__":
    main()
