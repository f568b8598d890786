"""Throughput of extract_quantities and extract_claims beside a regex floor and two other tools.

Run:  python bench/bench_quantities.py [--repeat N] [--seconds S] [--budget SECONDS]

Inputs (the same for every tool): the seed report (raw/qingdao_livestream_report.txt), the
Guangdong report (../shared/corpus/guangdong_gov_work_report_2026.txt) and the sentences of
both (as `structure_document` cuts them, each passed on its own). Tools:
- floor: one compiled `regex` scan for digits + magnitude + unit (units from data/units.yaml);
- qdextract.extract_quantities and qdextract.extract.claims.extract_claims;
- the same extract_claims run from source, when setup.py compiled the stages (mypyc): both are
  loaded in one process and timed in one run (bench/source_stages.py);
- Microsoft Recognizers-Text, Chinese number + percentage + currency models
  (`ms-recognizers-text-suite`, optional);
- JioNLP `extract_money` (`jionlp`, optional).
The slow tools get a time budget per input: they run over the input's sentences until the
budget is spent, and their throughput is computed on what they processed. The fast tools take
turns pass by pass, at least --repeat passes each and --seconds in all per input, and the best
pass of each counts: a phase of the machine falls on all of them alike. Throughput is on one
core (single process), in MB of UTF-8 per second; ms/sentence is over the sentence input. Before
each pass the stages' text caches are cleared (bench/text_caches.py): every pass reads the input
as a first read does.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import regex

from qdextract.extract.claims import claims_from_passages
from qdextract.extract.quantities import extract_quantities, grammar
from qdextract.text.structure import structure_document
from qdextract.zh.lexicon import alternation, char_class, units

sys.path.insert(0, str(Path(__file__).resolve().parent))
from source_stages import source_extract_claims  # noqa: E402
from text_caches import clear_text_caches  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "qingdao_livestream_report.txt"
GUANGDONG = REPO.parent / "shared" / "corpus" / "guangdong_gov_work_report_2026.txt"


def extract_claims(text: str) -> list:
    """The claim grammar alone (structure, then claims; no entities, attribution or corpus stage),
    the stage this benchmark has always timed."""
    return claims_from_passages(structure_document(text, "bench").passages, "bench", with_mentions=False)[0]


@dataclass
class Input:
    name: str
    pieces: list[str]          # one piece = one call
    n_sentences: int

    @property
    def n_bytes(self) -> int:
        return sum(len(p.encode("utf-8")) for p in self.pieces)


@dataclass
class Result:
    tool: str
    input: str
    mb_per_s: float | None
    ms_per_sentence: float | None
    note: str = ""


def floor_scanner() -> Callable[[str], list]:
    digits = char_class("0123456789")
    pattern = regex.compile(
        rf"{digits}+(?:[.,．]{digits}+)*(?:\s*{char_class('万亿千百')})*\s*{alternation(list(units()))}?"
    )
    return pattern.findall


def recognizers_text() -> tuple[Callable[[str], list] | None, str]:
    try:
        from ms_recognizers_number import NumberRecognizer
        from ms_recognizers_number_with_unit import NumberWithUnitRecognizer
        from ms_recognizers_text import Culture
    except Exception as exc:  # an optional dependency: say why and carry on
        return None, f"not available ({type(exc).__name__}: {exc})"
    numbers = NumberRecognizer(Culture.Chinese)
    models = (numbers.get_number_model(), numbers.get_percentage_model(),
              NumberWithUnitRecognizer(Culture.Chinese).get_currency_model())

    def run(text: str) -> list:
        return [r for m in models for r in m.parse(text)]

    return run, ""


def jionlp_money() -> tuple[Callable[[str], list] | None, str]:
    try:
        import jionlp
    except Exception as exc:
        return None, f"not available ({type(exc).__name__}: {exc})"
    return jionlp.ner.extract_money, ""


def one_pass(fn: Callable[[str], object], pieces: list[str],
             budget: float | None = None) -> tuple[float, int, int]:
    """(seconds, pieces processed, bytes processed) of one pass over the pieces, the stages'
    text caches cleared first: each pass reads the text as for the first time."""
    clear_text_caches()
    t0 = time.perf_counter()
    n, b = 0, 0
    for piece in pieces:
        fn(piece)
        n += 1
        b += len(piece.encode("utf-8"))
        if budget is not None and time.perf_counter() - t0 > budget:
            break
    return time.perf_counter() - t0, n, b


def best_passes(fns: dict[str, Callable[[str], object]], pieces: list[str],
                repeat: int, seconds: float) -> dict[str, float]:
    """Best seconds per pass of each function, over at least `repeat` passes each and at least
    `seconds` in all. The passes take turns (each round in the other order), so a phase of the
    machine falls on all of them alike, and a short input is timed across several phases."""
    for fn in fns.values():
        fn(pieces[0])  # load data files, compile patterns
    best = dict.fromkeys(fns, float("inf"))
    names = list(fns)
    start, i = time.perf_counter(), 0
    while i < repeat or time.perf_counter() - start < seconds:
        for name in names if i % 2 == 0 else reversed(names):
            best[name] = min(best[name], one_pass(fns[name], pieces)[0])
        i += 1
    return best


def load_inputs() -> list[Input]:
    docs = [("seed", SEED), ("guangdong", GUANGDONG)]
    inputs, sentences = [], []
    for name, path in docs:
        if not path.exists():
            print(f"input {name}: {path} not found, skipped", file=sys.stderr)
            continue
        text = path.read_text(encoding="utf-8")
        passages = structure_document(text, name).passages
        inputs.append(Input(name, [text], len(passages)))
        sentences.extend(p.text for p in passages)
    if sentences:
        inputs.append(Input("sentences", sentences, len(sentences)))
    return inputs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="passes per fast tool, taking turns (best is kept)")
    ap.add_argument("--seconds", type=float, default=3.0,
                    help="the least time the fast tools' passes take in all, per input")
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per input for slow tools")
    args = ap.parse_args()

    inputs = load_inputs()
    if not inputs:
        print("no inputs found", file=sys.stderr)
        return 1
    grammar()
    source_claims, source_note = source_extract_claims()
    rt, rt_note = recognizers_text()
    jio, jio_note = jionlp_money()
    tools: list[tuple[str, Callable | None, str, bool]] = [
        ("regex floor", floor_scanner(), "", False),
        ("extract_quantities", extract_quantities, "", False),
        ("extract_claims", extract_claims, stages_note(), False),
        ("extract_claims, source", source_claims, source_note, False),
        ("Recognizers-Text", rt, rt_note, True),
        ("JioNLP extract_money", jio, jio_note, True),
    ]
    results: list[Result] = []
    for inp in inputs:
        nbytes = inp.n_bytes
        fast = {tool: fn for tool, fn, _, slow in tools if fn is not None and not slow}
        best = best_passes(fast, inp.pieces, args.repeat, args.seconds)
        for tool, fn, note, slow in tools:
            if fn is None:
                results.append(Result(tool, inp.name, None, None, note))
                continue
            pieces, n = inp.pieces, len(inp.pieces)
            if slow:  # one budgeted pass, a document read sentence by sentence
                if len(pieces) == 1:
                    pieces = [p.text for p in structure_document(pieces[0], inp.name).passages]
                fn(pieces[0])
                seconds, n, nbytes_done = one_pass(fn, pieces, args.budget)
            else:
                seconds, nbytes_done = best[tool], nbytes
            extra = f"{n}/{len(pieces)} pieces in budget" if n < len(pieces) else ""
            per_sentence = None
            if inp.name == "sentences" or pieces is not inp.pieces:
                per_sentence = seconds / n * 1000
            elif inp.n_sentences:
                per_sentence = seconds / inp.n_sentences * 1000
            results.append(Result(tool, inp.name, nbytes_done / 1e6 / seconds, per_sentence, extra or note))
    print_table(results, inputs)
    return 0


def stages_note() -> str:
    import qdextract.extract.claims

    compiled = (qdextract.extract.claims.__file__ or "").endswith(tuple(EXTENSION_SUFFIXES))
    return "compiled stages (mypyc)" if compiled else "stages from source"


def print_table(results: list[Result], inputs: list[Input]) -> None:
    by = {(r.tool, r.input): r for r in results}
    print(f"{'input':<10} {'tool':<22} {'MB/s':>9} {'ms/sent':>9} {'quantities x':>13}  note")
    for inp in inputs:
        q = by[("extract_quantities", inp.name)].mb_per_s
        print(f"-- {inp.name}: {inp.n_bytes / 1e3:.1f} kB, {inp.n_sentences} sentences")
        for r in (x for x in results if x.input == inp.name):
            mbs = f"{r.mb_per_s:9.3f}" if r.mb_per_s else f"{'-':>9}"
            ms = f"{r.ms_per_sentence:9.3f}" if r.ms_per_sentence else f"{'-':>9}"
            ratio = f"{q / r.mb_per_s:13.1f}" if r.mb_per_s and q else f"{'-':>13}"
            print(f"{inp.name:<10} {r.tool:<22} {mbs} {ms} {ratio}  {r.note}")
    print()
    print("quantities x = extract_quantities throughput / the tool's throughput (above 1: faster).")
    print("Targets: quantities >= 100x Recognizers-Text, within 10x of the regex floor "
          "(x >= 0.1); claims >= 2 MB/s per core.")
    for inp in inputs:
        q = by[("extract_quantities", inp.name)].mb_per_s
        floor = by[("regex floor", inp.name)].mb_per_s
        claims = by[("extract_claims", inp.name)].mb_per_s
        source = by[("extract_claims, source", inp.name)].mb_per_s
        rt = by[("Recognizers-Text", inp.name)].mb_per_s
        checks = [f"floor {q / floor:.2f}x ({'ok' if q / floor >= 0.1 else 'MISSED'})",
                  f"claims {claims:.2f} MB/s ({'ok' if claims >= 2 else 'MISSED'})"]
        if source:
            checks.append(f"compiled/source {claims / source:.2f}x")
        if rt:
            checks.insert(0, f"vs Recognizers {q / rt:.0f}x ({'ok' if q / rt >= 100 else 'MISSED'})")
        print(f"{inp.name:<10} " + ", ".join(checks))


if __name__ == "__main__":
    sys.exit(main())
