"""Build a benchmark corpus of a given size from real report sentences, with duplicates injected.

Documents are assembled from the sentences of the seed report and ../shared/corpus, shuffled with
a fixed seed; a known share of sentences is copied from an earlier document (the ground truth for
dedup recall is written to `injected.json`). So that a large corpus is not the same few hundred
sentences over and over (which no real corpus is), each pass over the sentences substitutes its
own random characters for the Han characters away from the figures: numbers, their units and the
few characters around them (where cue words such as 同比增长 stand) are kept, so figures and
claims read as in the source while two passes over one sentence share little more than its figures.

    python bench/make_corpus.py --mb 10 --out /tmp/corpus10 [--docs 100] [--dup-rate 0.05]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import regex

from qdextract.text.structure import structure_document

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "raw" / "qingdao_livestream_report.txt", *sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))]


def real_sentences() -> list[str]:
    sentences = []
    for path in SOURCES:
        if path.exists():
            text = path.read_text(encoding="utf-8")
            sentences += [p.text for p in structure_document(text, "d").passages if len(p.text) > 8]
    return sentences


NUMERALS = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億兩"
_FIGURE = regex.compile(rf"[0-9０-９.,%％{NUMERALS}]+")
WINDOW_BEFORE, WINDOW_AFTER = 5, 4  # cue words before a figure, its unit after


def unit_characters() -> set[str]:
    return set((ROOT / "src" / "qdextract" / "data" / "units.yaml").read_text(encoding="utf-8"))


def kept_positions(sentence: str) -> frozenset[int]:
    """Positions near a figure: what the number and claim grammar reads."""
    kept: set[int] = set()
    for m in _FIGURE.finditer(sentence):
        if any(c.isdigit() or c in NUMERALS for c in m.group()):
            kept.update(range(max(0, m.start() - WINDOW_BEFORE), min(len(sentence), m.end() + WINDOW_AFTER)))
    return frozenset(kept)


_YEAR = regex.compile(r"(?:19|20)\d\d(?=年|-|—|/)")


def disguise(sentence: str, table: dict[str, str]) -> str:
    """Han characters away from figures through `table`; digits too (its "0".."9" entries), so that
    a figure repeated across passes is a different figure, except years, which stay years."""
    kept = kept_positions(sentence)
    years = {i for m in _YEAR.finditer(sentence) for i in range(m.start(), m.end())}
    out = []
    for i, c in enumerate(sentence):
        if c.isascii() and c.isdigit():
            out.append(c if i in years else table.get(c, c))
        else:
            out.append(c if i in kept else table.get(c, c))
    return "".join(out)


def make_table(rng: random.Random, alphabet: list[str], keep: set[str]) -> dict[str, str]:
    """A random permutation of the Han characters that are neither numerals nor unit characters,
    and one of the digits."""
    free = [c for c in alphabet if c not in keep]
    shuffled = free[:]
    rng.shuffle(shuffled)
    digits = list("0123456789")
    rng.shuffle(digits)
    return dict(zip(free, shuffled)) | dict(zip("0123456789", digits))


def make_corpus(out: Path, mb: float, docs: int, dup_rate: float, seed: int = 7) -> dict:
    rng = random.Random(seed)
    pool = real_sentences()
    keep = unit_characters() | set(NUMERALS)
    alphabet = sorted({c for s in pool for c in s if "\u4e00" <= c <= "\u9fff"})
    out.mkdir(parents=True, exist_ok=True)
    budget = int(mb * 1_000_000)
    per_doc = max(1, budget // docs)
    written, injected, history = 0, [], []
    deck: list[str] = []
    table: dict[int, int] = {}
    for i in range(docs):
        lines, size = [], 0
        while size < per_doc:
            if history and rng.random() < dup_rate:
                sentence = rng.choice(history)
                injected.append({"doc": i, "sentence": sentence})
            else:
                if not deck:  # every sentence once under one disguise, then a new disguise
                    deck, table = rng.sample(pool, len(pool)), make_table(rng, alphabet, keep)
                sentence = disguise(deck.pop(), table)
                history.append(sentence)
            paragraph = sentence
            lines.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 1
        text = "\n".join(lines) + "\n"
        (out / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        written += len(text.encode("utf-8"))
    meta = {"mb": written / 1e6, "docs": docs, "dup_rate": dup_rate, "n_injected": len(injected)}
    (out.parent / f"{out.name}.injected.json").write_text(json.dumps({**meta, "injected": injected}, ensure_ascii=False))
    return meta


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--dup-rate", type=float, default=0.05)
    args = ap.parse_args()
    print(make_corpus(args.out, args.mb, args.docs, args.dup_rate))
