"""Golden claims against the extractor: matching, per-field comparison and the scores.

Used by tests/test_claims_golden.py (one test per stated field) and, as a script, to print
recall, precision and each field's accuracy per golden file:

    python tests/golden/scoring.py [--json OUT] [FILE.yaml ...]

A case is read in one of two ways. By default its `heading` lines and its `text` are run as a
document of their own. In a file with `context: document`, the whole source document is run
once and the case text is found in it, so every field is read with the document around it.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SOURCE_DIRS = [REPO / "raw", REPO.parent / "shared" / "corpus", REPO / "shared" / "corpus", HERE / "sources"]
NORMED_FIELDS = {"metric": "metric_norm", "subject": "subject_norm"}
FLOAT_FIELDS = {"value", "value_low", "value_high", "from_value"}
NOT_FIELDS = {"figure", "occurrence", "xfail"}


@dataclass(frozen=True)
class Case:
    file: str
    phenomenon: str
    data: dict
    in_document: bool
    source: str

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def text(self) -> str:
        return self.data["text"]


def load_cases(paths: list[Path] | None = None) -> list[Case]:
    cases = []
    for path in paths or sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        in_document = data.get("context") == "document"
        for group in data["groups"]:
            for case in group["cases"]:
                cases.append(Case(path.name, group["phenomenon"], case, in_document, data["source"]))
    return cases


def xfail_reasons(expected: dict) -> dict[str, str]:
    """Known misses per field: `xfail: {metric: reason}`; a plain string covers the claim."""
    xf = expected.get("xfail")
    if not xf:
        return {}
    if isinstance(xf, str):
        return {"claim": xf}
    return dict(xf)


def source_text(name: str) -> str:
    for d in SOURCE_DIRS:
        if (d / name).is_file():
            return (d / name).read_text(encoding="utf-8")
    raise FileNotFoundError(f"golden source {name!r} not found in {[str(d) for d in SOURCE_DIRS]}")


@dataclass(frozen=True)
class Read:
    """The claims read for a case, with offsets into the case text."""
    claims: list


@cache
def _document_claims(source: str) -> tuple:
    from qdextract import extract_claims
    return tuple(extract_claims(source_text(source), doc_id=source))


def _shifted(claims, shift: int, length: int) -> list:
    import dataclasses
    return [dataclasses.replace(c, char_start=c.char_start - shift, char_end=c.char_end - shift)
            for c in claims if c.char_start >= shift and c.char_end <= shift + length]


def heading_prefix(case: Case) -> str:
    heading = case.data.get("heading") or []
    lines = [heading] if isinstance(heading, str) else list(heading)
    return "".join(line + "\n" for line in lines)


@cache
def _own_claims(prefix: str, text: str) -> tuple:
    from qdextract import extract_claims
    return tuple(extract_claims(prefix + text))


def claims_of(case: Case) -> list:
    if case.in_document:
        shift = source_text(case.source).index(case.text)
        return _shifted(_document_claims(case.source), shift, len(case.text))
    prefix = heading_prefix(case)
    return _shifted(_own_claims(prefix, case.text), len(prefix), len(case.text))


def figure_span(case: Case, expected: dict) -> tuple[int, int]:
    pos = -1
    for _ in range(expected.get("occurrence", 1)):
        pos = case.text.find(expected["figure"], pos + 1)
        if pos < 0:
            raise ValueError(f"{case.id}: figure {expected['figure']!r} not in the case text")
    return pos, pos + len(expected["figure"])


def matching_claim(case: Case, expected: dict):
    start, end = figure_span(case, expected)
    for claim in claims_of(case):
        if claim.char_start <= start and end <= claim.char_end:
            return claim
    return None


def same(name: str, got, want) -> bool:
    if name in FLOAT_FIELDS and got is not None and want is not None:
        return math.isclose(got, want, rel_tol=1e-9)
    if name == "period" and want is not None:
        return got == str(want)
    return got == want


NO_COLUMN = "<no such column>"

# What a modifier may not hold: a figure, a list, a verb of reporting or doing, a change.
_NOT_A_MODIFIER = re.compile(r"[\d、，,；;和及与或]|实现|达到|发出|涉及|完成|开展|录得|增长|下降|提高|减少|增加|上升|回落")


def metric_within_modifier(got, want) -> bool:
    """The measure the attribution work is judged by: the annotated phrase, give or take one
    modifier before the same head (`城镇居民|人均可支配收入`, `派船来港的|邮轮公司`), and not
    padded (nothing after the head; no figure, list, verb of doing or change word in the
    modifier, which is one word, one phrase ending in 的, or two words before a head of three
    characters or more: `占比` for `开发者全国占比` is a truncation)."""
    if got is None or want is None:
        return got is want
    got, want = got.replace(" ", ""), want.replace(" ", "")
    if got == want:
        return True
    short, long = sorted((got, want), key=len)
    if len(short) < 2 or not long.endswith(short):
        return False
    extra = long[: len(long) - len(short)]
    if _NOT_A_MODIFIER.search(extra):
        return False
    import rjieba
    words = len(rjieba.cut(extra))
    return extra.endswith("的") or words == 1 or (words == 2 and len(short) >= 3)


def got_field(claim, name: str):
    """The claim's value of a stated field; a column the claims do not have yet reads as a miss."""
    return getattr(claim, NORMED_FIELDS.get(name, name), NO_COLUMN)


def stated_fields(expected: dict) -> list[str]:
    return [k for k in expected if k not in NOT_FIELDS]


def extra_claims(case: Case) -> list:
    spans = [figure_span(case, e) for e in case.data.get("claims") or []]
    return [c for c in claims_of(case)
            if not any(c.char_start <= s and e <= c.char_end for s, e in spans)]


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    extra: int = 0
    fields: dict = field(default_factory=dict)  # name -> [right, stated]
    subject_named: list = field(default_factory=lambda: [0, 0])  # right, stated non-null
    subject_wrong: int = 0  # matched claims with a non-null subject that is not the gold one
    matched_with_subject: int = 0  # matched claims whose subject is stated

    def as_dict(self) -> dict:
        recall = self.found / self.expected if self.expected else None
        precision = self.found / (self.found + self.extra) if self.found + self.extra else None
        right, named = self.subject_named
        n = self.matched_with_subject
        return {"expected": self.expected, "found": self.found, "extra": self.extra,
                "recall": recall, "precision": precision,
                "subject_when_named": right / named if named else None,
                "subject_wrong_share": self.subject_wrong / n if n else None,
                "fields": {k: {"right": r, "stated": n, "accuracy": r / n if n else None}
                           for k, (r, n) in sorted(self.fields.items())}}


def score(cases: list[Case]) -> dict[str, Score]:
    by_file: dict[str, Score] = {}
    for case in cases:
        s = by_file.setdefault(case.file, Score())
        s.extra += len(extra_claims(case))
        for expected in case.data.get("claims") or []:
            s.expected += 1
            claim = matching_claim(case, expected)
            if claim is None:
                continue
            s.found += 1
            for name in stated_fields(expected):
                right, n = s.fields.get(name, (0, 0))
                s.fields[name] = (right + same(name, got_field(claim, name), expected[name]), n + 1)
            if "metric" in expected:
                right, n = s.fields.get("metric_modifier", (0, 0))
                s.fields["metric_modifier"] = (
                    right + metric_within_modifier(got_field(claim, "metric"), expected["metric"]), n + 1)
            if "subject" in expected:
                got, want = got_field(claim, "subject"), expected["subject"]
                s.matched_with_subject += 1
                if want is not None:
                    s.subject_named[0] += got == want
                    s.subject_named[1] += 1
                if got is not None and got != want:
                    s.subject_wrong += 1
    return by_file


def total(scores: list[Score]) -> Score:
    """The scores of several files as one."""
    out = Score()
    for s in scores:
        out.expected, out.found, out.extra = out.expected + s.expected, out.found + s.found, out.extra + s.extra
        for name, (right, n) in s.fields.items():
            r0, n0 = out.fields.get(name, (0, 0))
            out.fields[name] = (r0 + right, n0 + n)
        out.subject_named = [out.subject_named[0] + s.subject_named[0], out.subject_named[1] + s.subject_named[1]]
        out.subject_wrong += s.subject_wrong
        out.matched_with_subject += s.matched_with_subject
    return out


DEV_FILES = ("hk_budget.yaml", "hk_news.yaml", "jiangsu.yaml", "shaanxi.yaml", "jilin.yaml", "nbs.yaml", "henan.yaml", "tianjin.yaml", "guangxi.yaml",
             "oss_report.yaml", "hubei.yaml", "fujian.yaml", "city_stats.yaml")
SUMMARY_FIELDS = ("metric", "metric_modifier", "period", "modality")


def dev_summary(scores: dict[str, Score]) -> dict | None:
    """What the attribution issue measures, pooled over the development files: subject right on
    the claims whose gold subject is named, the share of matched claims given a wrong (non-null)
    subject, and metric, period and modality accuracy."""
    dev = [s for name, s in scores.items() if name in DEV_FILES]
    if not dev:
        return None
    named = sum(s.subject_named[1] for s in dev)
    matched = sum(s.matched_with_subject for s in dev)
    out = {"files": len(dev), "matched": sum(s.found for s in dev),
           "subject_when_named": sum(s.subject_named[0] for s in dev) / named if named else None,
           "subject_wrong_share": sum(s.subject_wrong for s in dev) / matched if matched else None}
    for name in SUMMARY_FIELDS:
        right = sum(s.fields.get(name, (0, 0))[0] for s in dev)
        stated = sum(s.fields.get(name, (0, 0))[1] for s in dev)
        out[name] = right / stated if stated else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    cases = load_cases(args.files or None)
    scores = score(cases)
    dev = {c.file for c in cases if c.in_document}
    pooled = {"development gold (all files read as whole documents)": total(
        [s for name, s in scores.items() if name in dev])} if dev else {}
    results = {name: s.as_dict() for name, s in {**scores, **pooled}.items()}
    fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    for name, r in results.items():
        print(f"{name}: {r['expected']} claims, recall {fmt(r['recall'])}, precision {fmt(r['precision'])}")
        print("   " + ", ".join(f"{k} {fmt(v['accuracy'])}" for k, v in r["fields"].items()))
        print(f"   subject when named {fmt(r['subject_when_named'])}, "
              f"wrong subject {fmt(r['subject_wrong_share'])}")
    summary = dev_summary(scores)
    if summary:
        print(f"dev summary ({summary['files']} files, {summary['matched']} matched claims): "
              + ", ".join(f"{k} {fmt(v)}" for k, v in summary.items() if k not in ("files", "matched")))
        results["_dev_summary"] = summary
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
