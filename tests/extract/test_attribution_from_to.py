"""The measure of a change from one figure to another (attribution/from_to.py), through `extract_claims`."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


def _claim(text: str, figure: str):
    return next(c for c in extract_claims(text) if figure in c.surface)


@pytest.mark.parametrize("text, figure, metric", [
    # what the clause names before the from-marker, not the words after it
    ("總會建議，將股票交易印花稅由現行買賣雙方各付0.1%，下調至0.0625%。", "0.0625%", "股票交易印花税"),
    # the clause opens with the marker or a time phrase: what the clause before ends with
    ("預計政府在兩個債券計劃的合共借款上限，將由現時的5000億元上調至7000億元。", "7000億元", "合共借款上限"),
    ("徵收100元印花稅的物業價值上限，即日起由300萬元，提高至400萬元。", "400萬元", "物业价值上限"),
    # a marker inside a word, or a measure read right, stays as it is
    ("胶州市直播从业人员从1.2万人增加到1.8万人。", "1.8万人", "直播从业人员"),
    ("飛機乘客離境稅將於10月1日起，由120元上調至200元。", "200元", "飞机乘客离境税"),
])
def test_a_from_to_change_measures_what_is_named_before_the_marker(text, figure, metric):
    assert _claim(text, figure).metric_norm == metric
