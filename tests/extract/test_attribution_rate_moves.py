"""A count of rate moves is the organisation's that moves the rate."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


@pytest.mark.parametrize(("text", "figure", "subject"), [
    ("# 市場料聯儲局今年減息4次　聯儲局官員重申毋須急於減息", "4次", "联储局"),
    ("市場對美國聯儲局減息的預期不斷升溫，普遍預期今年將減息4次，6月將首次減息，減幅25點子。", "4次", "美国联储局"),
])
def test_the_body_named_before_the_same_rate_verb_is_the_subject(text, figure, subject):
    claim = next(c for c in extract_claims(text) if c.surface.endswith(figure))
    assert (claim.subject_norm, claim.metric_norm) == (subject, "减息")


@pytest.mark.parametrize(("text", "figure"), [
    # the move is no rate verb's count: its size
    ("市場對美國聯儲局減息的預期不斷升溫，普遍預期今年將減息4次，6月將首次減息，減幅25點子。", "25點子"),
    # no body moves the rate before it
    ("市場普遍預期今年將減息4次。", "4次"),
])
def test_no_rate_mover_named(text, figure):
    claim = next(c for c in extract_claims(text) if c.surface.endswith(figure))
    assert claim.subject_norm is None
