"""Golden claims: one test per stated field of each expected claim in tests/golden/*.yaml, one
per case for claims beyond the expected ones, and whole-document checks on the seed report.

File format and conventions: tests/golden/README.md; reading and scoring: tests/golden/scoring.py.
A known miss is `xfail: {field: reason}` on the expected claim and runs as a strict xfail of that
field's test alone, so every other field of a partly-wrong claim is still checked; `xfail:
reason` (a string) is kept for a claim that is not found at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "golden"))
import scoring  # noqa: E402

from qdextract import extract_claims  # noqa: E402
from qdextract.text.structure import structure_document  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "raw" / "qingdao_livestream_report.txt"
CASES = scoring.load_cases()


def _field_params():
    params = []
    for case in CASES:
        for i, expected in enumerate(case.data.get("claims") or []):
            reasons = scoring.xfail_reasons(expected)
            for name in ["found", *scoring.stated_fields(expected)]:
                reason = reasons.get("claim") or reasons.get(name)
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                params.append(pytest.param(case, expected, name, marks=marks,
                                           id=f"{case.id}:{i}:{expected['figure']}:{name}"))
    return params


@pytest.mark.parametrize(("case", "expected", "name"), _field_params())
def test_expected_claim_field(case: scoring.Case, expected: dict, name: str) -> None:
    claim = scoring.matching_claim(case, expected)
    assert claim is not None, f"no claim covers {expected['figure']!r}"
    if name == "found":
        return
    got = scoring.got_field(claim, name)
    assert scoring.same(name, got, expected[name]), f"{name}: got {got!r}, expected {expected[name]!r}"


# Cases where the extractor reads a claim the annotators did not: known misses, strict xfail.
KNOWN_EXTRA = {
    "gd-canton-fair-usd": "`两届广交会` (two sessions of a fair) is read as a count of 2 届",
    "gd-airport-passengers": "`吞吐量超千万人次的机场` qualifies the airport but is read as a claim",
    "gd-product-share-thresholds": "`占比超过10%的有44种`: the share thresholds are read as claims",
}


def _case_params():
    params = []
    for case in CASES:
        reason = KNOWN_EXTRA.get(case.id) or case.data.get("xfail_extra")
        params.append(pytest.param(case, id=case.id, marks=[pytest.mark.xfail(strict=True, reason=reason)]
                                   if reason else []))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_no_extra_claims(case: scoring.Case) -> None:
    extra = scoring.extra_claims(case)
    assert not extra, f"claims beyond the expected ones: {[c.surface for c in extra]}"
    text = case.text
    for figure in case.data.get("not_claims") or []:
        pos = -1
        while (pos := text.find(figure, pos + 1)) >= 0:
            end = pos + len(figure)
            hit = [c.surface for c in extra if c.char_start < end and pos < c.char_end]
            assert not hit, f"non-claim {figure!r} became a claim: {hit}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES if c.data.get("heading")])
def test_heading_lines_are_headings(case: scoring.Case) -> None:
    """A case's heading lines are read as its enclosing sections, none of them as text."""
    prefix = scoring.heading_prefix(case)
    structure = structure_document(prefix + case.text, "case")
    lines = prefix.splitlines()
    # a number line and its title line below it (`附件1` / `2026年省十件民生实事`) make one section
    assert 1 <= len(structure.sections) <= len(lines)
    assert all(any(line.strip() in s.title for s in structure.sections) for line in lines)
    assert structure.passages and all(p.char_start >= len(prefix) for p in structure.passages)
    assert {p.section_path for p in structure.passages} == {structure.sections[-1].path}


def _seed_cases() -> list[scoring.Case]:
    return [case for case in CASES if case.file == "seed.yaml"]


@pytest.mark.skipif(not SEED.exists(), reason="the seed report is not in raw/")
def test_whole_seed_claim_count() -> None:
    text = SEED.read_text(encoding="utf-8")
    expected = sum(len(case.data.get("claims") or []) for case in _seed_cases())
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


@pytest.mark.parametrize(("got", "want", "right"), [
    ("人均可支配收入", "人均可支配收入", True),
    ("居民人均可支配收入", "人均可支配收入", True),  # one modifier more: the group
    ("邮轮公司", "派船来港的邮轮公司", True),  # one phrase ending in 的 less
    ("道指早段", "道指", False),  # padded after the head
    ("国资委监管企业利润", "利润", False),  # more than one modifier
    ("发放金额相当于", "发放金额", False),
    ("江苏和珠三角地区开发者总数", "开发者总数", False),  # a list
    ("实现营业收入", "营业收入", False),  # a verb of doing
    ("占比", "开发者全国占比", False),
    (None, None, True),
    (None, "收入", False),
])
def test_metric_within_modifier(got, want, right) -> None:
    assert scoring.metric_within_modifier(got, want) is right
