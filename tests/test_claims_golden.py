"""Golden claims: one test per expected claim in tests/golden/*.yaml, plus one per case for
claims beyond the expected ones, plus whole-document checks on the seed report.

File format and value conventions: tests/golden/README.md. An expected claim with an `xfail`
key is a known miss, run as a strict xfail (it must fail, so a fix is noticed). A case with a
`heading` key is run with its heading lines before its text, as in its document; its figures
are looked for in its own text only."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
import yaml

from qdextract import extract_claims  # the public call: grammar, entities, attribution
from qdextract.models import Claim
from qdextract.structure import structure_document

GOLDEN = Path(__file__).parent / "golden"
REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "raw" / "qingdao_livestream_report.txt"
NORMED_FIELDS = {"metric": "metric_norm", "subject": "subject_norm"}
FLOAT_FIELDS = {"value", "value_low", "value_high", "from_value"}
SKIP_FIELDS = {"figure", "occurrence", "xfail"}


def _load_cases() -> list[tuple[str, dict, str]]:
    cases = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for group in data["groups"]:
            for case in group["cases"]:
                cases.append((path.name, case, group["phenomenon"]))
    return cases


CASES = _load_cases()


def _claim_params():
    params = []
    for file, case, phenomenon in CASES:
        for i, expected in enumerate(case.get("claims") or []):
            marks = []
            if expected.get("xfail"):
                marks.append(pytest.mark.xfail(strict=True, reason=expected["xfail"]))
            figure_id = f"{case['id']}:{i}:{expected['figure']}"
            params.append(pytest.param(case, expected, id=figure_id, marks=marks))
    return params


# Cases where the extractor reads a claim the annotators did not: known misses, strict xfail.
KNOWN_EXTRA = {
    "gd-canton-fair-usd": "`两届广交会` (two sessions of a fair) is read as a count of 2 届",
    "gd-airport-passengers": "`吞吐量超千万人次的机场` qualifies the airport but is read as a claim",
    "gd-product-share-thresholds": "`占比超过10%的有44种`: the share thresholds are read as claims",
}

_cache: dict[tuple[str, str], list[Claim]] = {}


def _prefix(case: dict) -> str:
    """The case's heading lines, each on a line of its own, to stand before its text."""
    heading = case.get("heading") or []
    lines = [heading] if isinstance(heading, str) else list(heading)
    return "".join(line + "\n" for line in lines)


def _claims_of(case: dict) -> list[Claim]:
    """The claims read from the case's text (after its headings), offsets into the text."""
    prefix, text = _prefix(case), case["text"]
    key = (prefix, text)
    if key not in _cache:
        shift = len(prefix)
        _cache[key] = [dataclasses.replace(c, char_start=c.char_start - shift, char_end=c.char_end - shift)
                       for c in extract_claims(prefix + text) if c.char_start >= shift]
    return _cache[key]


def _figure_start(text: str, figure: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(figure, pos + 1)
        assert pos >= 0, f"figure {figure!r} occurrence {occurrence} not in the case text"
    return pos


def _matching_claim(case: dict, expected: dict) -> Claim | None:
    start = _figure_start(case["text"], expected["figure"], expected.get("occurrence", 1))
    end = start + len(expected["figure"])
    for claim in _claims_of(case):
        if claim.char_start <= start and end <= claim.char_end:
            return claim
    return None


def _same(field: str, got, want) -> bool:
    if field in FLOAT_FIELDS and got is not None and want is not None:
        return math.isclose(got, want, rel_tol=1e-9)
    if field == "period" and want is not None:
        return got == str(want)
    return got == want


@pytest.mark.parametrize(("case", "expected"), _claim_params())
def test_expected_claim(case: dict, expected: dict) -> None:
    claim = _matching_claim(case, expected)
    assert claim is not None, f"no claim covers {expected['figure']!r}"
    wrong = {}
    for field, want in expected.items():
        if field in SKIP_FIELDS:
            continue
        got = getattr(claim, NORMED_FIELDS.get(field, field))
        if not _same(field, got, want):
            wrong[field] = (got, want)
    assert not wrong, f"(got, expected) per field: {wrong}"


def _case_params():
    params = []
    for _, case, _ in CASES:
        marks = []
        if case["id"] in KNOWN_EXTRA:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_EXTRA[case["id"]]))
        params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_no_extra_claims(case: dict) -> None:
    text = case["text"]
    claims = _claims_of(case)
    spans = []
    for expected in case.get("claims") or []:
        start = _figure_start(text, expected["figure"], expected.get("occurrence", 1))
        spans.append((start, start + len(expected["figure"])))
    extra = [c.surface for c in claims
             if not any(c.char_start <= s and e <= c.char_end for s, e in spans)]
    assert not extra, f"claims beyond the expected ones: {extra}"
    for figure in case.get("not_claims") or []:
        pos = -1
        while (pos := text.find(figure, pos + 1)) >= 0:
            end = pos + len(figure)
            hit = [c.surface for c in claims if c.char_start < end and pos < c.char_end
                   and not any(c.char_start <= s and e <= c.char_end for s, e in spans)]
            assert not hit, f"non-claim {figure!r} became a claim: {hit}"


@pytest.mark.parametrize("case", [pytest.param(case, id=case["id"]) for _, case, _ in CASES if case.get("heading")])
def test_heading_lines_are_headings(case: dict) -> None:
    """A case's heading lines are read as its enclosing sections, none of them as text."""
    prefix = _prefix(case)
    structure = structure_document(prefix + case["text"], "case")
    lines = prefix.splitlines()
    # a number line and its title line below it (`附件1` / `2026年省十件民生实事`) make one section
    assert 1 <= len(structure.sections) <= len(lines)
    assert all(any(line.strip() in s.title for s in structure.sections) for line in lines)
    assert structure.passages and all(p.char_start >= len(prefix) for p in structure.passages)
    assert {p.section_path for p in structure.passages} == {structure.sections[-1].path}


def _seed_cases() -> list[dict]:
    return [case for file, case, _ in CASES if file == "seed.yaml"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not in raw/")
def test_whole_seed_claim_count() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = sum(len(case.get("claims") or []) for case in _seed_cases())
    assert expected > 0
    assert len(extract_claims(text, doc_id="seed")) == expected


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not in raw/")
@pytest.mark.parametrize("non_claim", ["3.1", "3.2.1", "4.3.3", "第三章", "第六章", "2025年", "2024年", "2023年"])
def test_whole_seed_non_claims_absent(non_claim: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    claims = extract_claims(text, doc_id="seed")
    pos = text.find(non_claim)
    assert pos >= 0
    while pos >= 0:
        end = pos + len(non_claim)
        assert not [c for c in claims if c.char_start <= pos and end <= c.char_end
                    and c.surface.strip() == text[pos:end]], f"{non_claim!r} became a claim"
        assert not [c for c in claims if c.char_start == pos and c.char_end == end]
        pos = text.find(non_claim, pos + 1)
