"""A group or organisation acting before a doing verb, or a programme heading its clause, is the subject."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # at the clause head, before its deed
    ("稳定高校毕业生、农民工、退役军人等重点群体就业，失业人员实现再就业10万人。", "10万人", "失业人员"),
    ("全市博物馆、美术馆举办文化展览1565场、接待海内外观众4900万人次。", "1565场", "博物馆、美术馆"),
    ("全市博物馆、美术馆举办文化展览1565场、接待海内外观众4900万人次。", "4900万人次", "博物馆、美术馆"),
    ("重构政府引导基金体系，省级引导基金引导设立基金24只、总规模934亿元。", "24只", "省级引导基金"),
    ("另外，八間資助大學未來三年獲撥款總額達681億元，較上個三年期的約632億元為高。", "681億元", "八间资助大学"),
    # after a verb that makes it act
    ("重构债权融资增信体系，促进金融机构发放科技型企业知识价值信用贷款1110亿元、惠及企业2.2万户。", "1110亿元", "金融机构"),
    ("並在新能源運輸基金預留4.7億元以資助專營巴士營辦商購買約600輛電動巴士。", "600輛", "专营巴士营办商"),
    ("另外亦預留1.35億元資助的士業界購買3000輛電動的士。", "3000輛", "的士业界"),
    ("政府會在年中推出3億元資助計劃，預計可推動業界在2030年累計裝置3000個遍布全港的高速充電樁。", "3000個", "业界"),
])
def test_a_group_acting_before_a_doing_verb_is_the_subject(text, figure, subject):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm == subject


def test_a_group_whose_measure_is_stated_does_not_act():
    """`金融机构本外币存款余额增长8.1%`: the group heads the measure; no deed, nothing done by it."""
    claim = next(c for c in extract_claims("新增境内外上市公司12家，金融机构本外币存款余额增长8.1%。")
                 if "8.1%" in c.surface)
    assert claim.subject_norm is None


def test_a_programme_heading_its_clause_is_the_subject():
    """`…計劃6月起領取門檻提高至…500元`: a programme (`计划`) is named like a body at the clause head."""
    text = "-公共交通費用補貼計劃6月起領取門檻提高至每月開支500元"
    claim = next(c for c in extract_claims(text) if "500元" in c.surface)
    assert claim.subject_norm == "公共交通费用补贴计划"
