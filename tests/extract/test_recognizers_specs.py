"""The number grammar on Recognizers-Text's Chinese spec cases (tests/data/recognizers_text/).

Two measures, as the pipeline reads text (normalized, then `extract_quantities`, offsets mapped
back to the spec's input):
- misread: a quantity that overlaps a spec figure and states another value than the spec's
  (a range stating the spec's value as one of its bounds does not: `5-20%` for the spec's `20%`).
  Mentions that are not figures (years, dates, names, section numbers, enumerators) state no
  value of a figure and are not counted; nor is a vague amount read as bounds only (`二十几万`:
  value null). Pairs and dozens (`一百对`: 100 pairs) are compared in items, as the spec counts.
- found: the spec figure is covered by one quantity with the spec's value (percent: kind
  percent, or percentage_point for `个百分点`, which the spec's model writes as percent;
  currency: the spec's ISO code as unit).

Run as a script for the figures: `python tests/extract/test_recognizers_specs.py`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from qdextract.extract.quantities import extract_quantities
from qdextract.text.normalize import fold_width, normalize_text

DATA = Path(__file__).resolve().parent.parent / "data" / "recognizers_text"
NOT_FIGURES = frozenset(("year", "date", "period", "name", "section_number", "enumerator", "ordinal",
                         "article"))
# The spec counts items: a pair is two, a dozen twelve.
ITEMS_PER_UNIT = {"对": 2, "双": 2, "打": 12}


@dataclass
class Tally:
    figures: int = 0
    found: int = 0
    misread: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def _spec_value(raw: str) -> float:
    return float(raw.rstrip("%"))


def _quantities(text: str):
    """The quantities of `text` as the pipeline reads it: normalized, offsets back into `text`."""
    nt = normalize_text(text)
    out = []
    for q in extract_quantities(nt.text):
        s, e = nt.raw_span(q.start, q.end)
        out.append((s, e, q))
    return out


def _locate(text: str, figures: list[str]) -> list[tuple[int, int]]:
    """Where each spec figure stands in the input, in order (widths folded: the spec writes
    `1欧元` for the input's `１欧元`)."""
    folded = fold_width(text)
    spans, pos = [], 0
    for fig in figures:
        at = folded.find(fold_width(fig), pos)
        assert at >= 0, (text, fig)
        spans.append((at, at + len(fig)))
        pos = at + len(fig)
    return spans


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def evaluate(name: str) -> Tally:
    cases = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    tally = Tally()
    for case in cases:
        text, results = case[0], case[1]
        found = _quantities(text)
        spans = _locate(text, [r[0] for r in results])
        for (s, e), result in zip(spans, results):
            want = _spec_value(result[1])
            tally.figures += 1
            hit = False
            for qs, qe, q in found:
                if qe <= s or qs >= e:
                    continue
                if q.role_hint in NOT_FIGURES or q.kind in ("date", "period") or q.value is None:
                    continue
                per = ITEMS_PER_UNIT.get(q.unit or "", 1)
                value = q.value * per
                bounds = {q.value_low * per, q.value_high * per} if q.value_low != q.value_high else set()
                if bounds and any(_same(b, want) for b in bounds):
                    value = want  # a range read where the spec reads one end (`5-20%`: 20%)
                if not _same(value, want):
                    tally.misread.append(f"{text!r}: {result[0]!r} = {want:g}, read {q.text!r} = {q.value:g} {q.unit}")
                    continue
                if qs <= s and e <= qe and _kind_fits(name, q, result):
                    hit = True
            if hit:
                tally.found += 1
            else:
                tally.missed.append(f"{text!r}: {result[0]!r} = {result[1]}")
    return tally


def _kind_fits(name: str, q, result) -> bool:
    if name == "percent":
        return q.kind in ("percent", "percentage_point")
    if name == "currency":
        return q.unit == result[2]
    return True


@pytest.mark.parametrize("name", ["number", "percent", "currency"])
def test_no_spec_figure_is_misread(name) -> None:
    tally = evaluate(name)
    assert not tally.misread, "\n".join(tally.misread)


@pytest.mark.parametrize("name", ["percent", "currency"])
def test_percent_and_currency_spec_figures_are_found(name) -> None:
    tally = evaluate(name)
    assert tally.found >= 0.97 * tally.figures, (
        f"{tally.found}/{tally.figures} found; missed:\n" + "\n".join(tally.missed))


if __name__ == "__main__":
    for spec in ("number", "percent", "currency"):
        t = evaluate(spec)
        print(f"{spec}: {t.figures} figures, found {t.found} ({t.found / t.figures:.1%}), "
              f"misread {len(t.misread)}")
        for line in t.misread:
            print("  MISREAD", line)
        for line in t.missed:
            print("  missed ", line)
