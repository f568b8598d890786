#!/usr/bin/env python3
"""How passage dedup time grows with corpus size, and the recall of duplicates injected at a known rate.

    python bench/bench_dedup.py [--scales 1 10 100] [--rate 0.05]

The 1x corpus is the real sentences of the seed report and the Guangdong report. Larger corpora add
enciphered copies: each copy replaces every Han character by another one under its own random
one-to-one mapping, so the copies keep real sentence lengths, clause shapes and internal
repetition but share no text with each other. Then, at `rate`, a sentence gets a duplicate
inserted elsewhere in the corpus: an exact copy, a normalized copy (spaces, other quotes),
a near copy (a word added in front, a character dropped) or a contained piece (a clause of it as
a sentence of its own). Recall is the share of injected duplicates found in their source's group.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import pandas as pd
import regex

from qdextract.corpus.dedup import DedupConfig, dedup_passages
from qdextract.ids import make_id
from qdextract.text.normalize import norm
from qdextract.text.structure import structure_document

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "raw" / "qingdao_livestream_report.txt", ROOT.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt"]
VARIANTS = ("exact", "normalized", "near", "containment")
CLAUSE_BREAK = regex.compile(r"[,，;；]")


def real_sentences() -> list[str]:
    out = []
    for path in SOURCES:
        if path.exists():
            out += [p.text for p in structure_document(path.read_text("utf-8"), path.stem).passages]
    if not out:
        sys.exit("no source reports found")
    return out


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def encipher(sentences: list[str], rng: random.Random) -> list[str]:
    alphabet = sorted({ch for s in sentences for ch in s if is_han(ch)})
    pool = rng.sample(range(0x4E00, 0x9FA6), len(alphabet))
    table = {ord(a): chr(b) for a, b in zip(alphabet, pool)}
    return [s.translate(table) for s in sentences]


def variant_of(sentence: str, kind: str, rng: random.Random) -> str | None:
    if kind == "exact":
        return sentence
    if kind == "normalized":
        return " ".join(sentence).replace("“", '"').replace("”", '"')
    if kind == "near":  # a word in front and one character dropped (never a digit: that is another fact)
        han = [i for i, ch in enumerate(sentence) if is_han(ch)]
        if len(sentence) <= 12 or not han:
            return None
        k = rng.choice(han)
        return "例如," + sentence[:k] + sentence[k + 1 :]
    clauses = [c for c in CLAUSE_BREAK.split(sentence.rstrip("。;；")) if len(c) >= 12]
    return rng.choice(clauses) + "。" if len(clauses) >= 2 else None


def build_corpus(base: list[str], scale: int, rate: float, seed: int) -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """The passages of `scale` documents, and the injected duplicates (source id, copy id, variant)."""
    rng = random.Random(seed)
    docs = [base] + [encipher(base, rng) for _ in range(scale - 1)]
    arriving: dict[int, list[tuple[str, str, str]]] = {}  # doc -> (text, source id, variant)
    rows: list[dict] = []
    injected: list[tuple[str, str, str]] = []
    for d, sentences in enumerate(docs):
        doc_id = f"d_{d:04d}"
        # copies from earlier documents land at random places; copies of this one at its end
        landing = {rng.randrange(len(sentences)): item for item in arriving.pop(d, [])}
        tail: list[tuple[str, str, str]] = []
        for i, text in enumerate(sentences):
            pid = make_id("p", doc_id, i)
            rows.append(_row(pid, doc_id, len(rows), text))
            if i in landing:
                copy, source, kind = landing[i]
                rows.append(_row(make_id("p", doc_id, "dup", len(rows)), doc_id, len(rows), copy))
                injected.append((source, rows[-1]["passage_id"], kind))
            if rng.random() < rate:
                kind = rng.choice(VARIANTS)
                copy = variant_of(text, kind, rng)
                target = rng.randrange(d, len(docs))
                if copy is not None:
                    (tail if target == d else arriving.setdefault(target, [])).append((copy, pid, kind))
        for copy, source, kind in tail:
            rows.append(_row(make_id("p", doc_id, "dup", len(rows)), doc_id, len(rows), copy))
            injected.append((source, rows[-1]["passage_id"], kind))
    return pd.DataFrame(rows), injected


def _row(pid: str, doc_id: str, position: int, text: str) -> dict:
    return {
        "passage_id": pid, "doc_id": doc_id, "section_path": "", "paragraph_index": position,
        "sentence_index": 0, "char_start": position * 200, "char_end": position * 200 + len(text),
        "text": text, "text_norm": norm(text), "dup_group": None, "is_canonical": True,
    }


def recall(marked: pd.DataFrame, injected: list[tuple[str, str, str]]) -> dict[str, float]:
    group = dict(zip(marked["passage_id"], marked["dup_group"]))
    found: dict[str, list[bool]] = {}
    for source, copy, kind in injected:
        g1, g2 = group[source], group[copy]
        found.setdefault(kind, []).append(bool(pd.notna(g1) and pd.notna(g2) and g1 == g2))
    out = {k: sum(v) / len(v) for k, v in sorted(found.items())}
    every = [x for v in found.values() for x in v]
    out["all"] = sum(every) / len(every) if every else float("nan")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--rate", type=float, default=0.05, help="share of sentences that get a duplicate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="time each scale this many times, keep the best")
    args = parser.parse_args(argv)
    base = real_sentences()
    config = DedupConfig.load()
    print(f"base: {len(base)} real sentences; duplicate rate {args.rate}; config {config}")
    print(f"{'scale':>5} {'passages':>9} {'injected':>8} {'seconds':>8} {'ms/1k':>7} {'recall':>7}  by variant")
    times: dict[int, tuple[int, float]] = {}
    for scale in args.scales:
        corpus, injected = build_corpus(base, scale, args.rate, args.seed)
        elapsed = float("inf")
        for _ in range(max(1, args.repeat)):  # the best run: other load on the machine only adds time
            t0 = time.perf_counter()
            marked, _ = dedup_passages(corpus, config)
            elapsed = min(elapsed, time.perf_counter() - t0)
        times[scale] = (len(corpus), elapsed)
        r = recall(marked, injected)
        per_kind = " ".join(f"{k}={v:.3f}" for k, v in r.items() if k != "all")
        print(f"{scale:>5} {len(corpus):>9} {len(injected):>8} {elapsed:>8.2f} {1000 * elapsed / len(corpus) * 1000:>7.1f} {r['all']:>7.3f}  {per_kind}")
    scales = sorted(times)
    for small, large in list(zip(scales, scales[1:])) + ([(scales[0], scales[-1])] if len(scales) > 2 else []):
        (n0, t0_), (n1, t1) = times[small], times[large]
        print(f"growth {small}x -> {large}x: passages x{n1 / n0:.1f}, time x{t1 / t0_:.1f} "
              f"(time per passage x{(t1 / n1) / (t0_ / n0):.2f}; 1.0 is linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
