"""word_bounds gives jieba's own word boundaries (it runs rjieba, the faster port)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qdextract.text.normalize import norm
from qdextract.text.segment import cut_words, jieba_modules, word_bounds
from qdextract.text.structure import structure_document


def jieba_bounds(text: str) -> frozenset[int]:
    jieba, _ = jieba_modules()
    bounds, pos = {0}, 0
    for tok in jieba.cut(text):
        pos += len(tok)
        bounds.add(pos)
    return frozenset(bounds)


@pytest.mark.parametrize("text", [
    "青岛直播电商用户中18-25岁用户占比",   # a range inside a Han block: jieba cuts 18/-/25
    "4.3.2政策杠杆",                      # a section number: 4.3/./2
    "2025年1-6月",
    "value_high",
    "c#",                                 # words jieba's dictionary holds whole
    "用C++和AT&T开发",
    "PM2.5年平均浓度",
    "新增境内外上市公司",
    "集中供养孤儿基本生活保障省定最低标准从每人每月2375元提高到",
    "五是“□□□□□”实现",
    "",
])
def test_word_bounds_are_jiebas(text: str) -> None:
    assert word_bounds(text) == jieba_bounds(text)
    assert list(cut_words(text)) == jieba_modules()[0].lcut(text)


def test_word_bounds_are_jiebas_on_every_clause_of_the_seed(seed_text: str) -> None:
    clauses = {c for p in structure_document(seed_text, "seed").passages
               for c in re.split(r"[，,；;。：:]", p.text_norm) if c}
    assert len(clauses) > 100
    differ = [c for c in clauses if word_bounds(c) != jieba_bounds(c)]
    assert differ == []
    assert [c for c in clauses if list(cut_words(c)) != jieba_modules()[0].lcut(c)] == []


# Han characters, digits, Latin letters and the punctuation reports mix with them.
_ALPHABET = "青岛直播电商交易规模突破亿元同比增长占全省就业岗位个从业人员万主播年月日季度上半" \
            "0123456789.-_%+#&abcXYZ，。、：（）“”□ \n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_word_bounds_are_jiebas_on_any_text(text: str) -> None:
    assert word_bounds(text) == jieba_bounds(text)
    assert list(cut_words(text)) == jieba_modules()[0].lcut(text)


def test_word_bounds_on_normalized_traditional_text() -> None:
    text = norm("青島市直播電商交易規模突破1200億元")
    assert word_bounds(text) == jieba_bounds(text)
