"""Industries listed as examples of a set at a figure's clause head are its subject (`A、B、C等X` -> A、B、C)."""

from __future__ import annotations

import pytest

from qdextract import extract_claims


@pytest.mark.parametrize(("text", "figure", "subject", "metric"), [
    ("深远海养殖规模全国第一，茶叶、食用菌、林竹等十大乡村特色产业全产业链总产值突破3万亿元，新增国家现代农业产业园1个。",
     "3万亿元", "茶叶、食用菌、林竹", "全产业链总产值"),
    ("战略性新兴产业占规上工业增加值比重超过25%，先进装备、电子信息、新能源汽车等7大产业集群对工业贡献率超过70%。",
     "70%", "先进装备、电子信息、新能源汽车", "对工业贡献率"),
    ("地方一般公共预算收入达到4211亿元，其中税收收入增长3%，计算机通信、航空航天制造等新兴产业税收增长30%以上。",
     "30%", "计算机通信、航空航天制造", "税收"),
    ("新增北斗应用等4个过千亿新兴产业，人形机器人、人工智能等产业营收保持20%以上增长。",
     "20%", "人形机器人、人工智能", "营收"),
    ("集成电路、生物医药、人工智能三大先导产业规模突破2万亿元。", "2万亿元", "集成电路、生物医药、人工智能", "规模"),
])
def test_industries_listed_before_their_set_are_the_subject(text, figure, subject, metric):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert (claim.subject_norm, claim.metric_norm) == (subject, metric)


@pytest.mark.parametrize(("text", "figure"), [
    # `分别` pairs each figure with one of the names: each is a measure of its own
    ("以丰补歉，食品、石化、医药、信息等产业增加值分别增长7.5%、11.5%、17.4%、7.3%。", "11.5%"),
    # one share of them all
    ("食品、石化、医药、信息等重点产业增加值占比达到55%。", "55%"),
    # the list in a clause before the figure's
    ("新能源、高端装备等战略性新兴产业实现较快增长，规上工业增加值增长6%。", "6%"),
])
def test_listed_industries_that_are_no_subject(text, figure):
    claim = next(c for c in extract_claims(text) if figure in c.surface)
    assert claim.subject_norm is None
