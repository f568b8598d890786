"""Throughput of extract_entities and attribute_claims on the seed and the Guangdong report.

    python bench/bench_entities.py [--runs N]

MB/s counts the UTF-8 bytes of the document's text. The first run (which builds the spaCy
pipeline and loads jieba's dictionary) is reported apart from the best of the following runs.
Before each run the stages' text caches are cleared (bench/text_caches.py), so every run reads
the document as a first read does.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qdextract.extract.attribution import attribute_claims
from qdextract.extract.entities import extract_entities, pipeline
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
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
    print(f"entities pipeline: {' > '.join(pipeline().pipe_names)}")


if __name__ == "__main__":
    main()
