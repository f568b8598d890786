"""extract_entities: golden entity files, offsets, ids, headings, both scripts, the rules, the
spaCy pipeline that runs them, the trained-model switch."""

from __future__ import annotations

import hashlib
import itertools
from functools import cache
from pathlib import Path

import pytest
import spacy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from qdextract.extract.entities import extract_entities
from qdextract.extract.entities import nlp as ent_pipeline
from qdextract.extract.entities import rules as ent_rules
from qdextract.models import ENTITY_LABELS
from qdextract.text.normalize import _converter, norm
from qdextract.text.structure import structure_document

from ..conftest import CORPUS, GUANGDONG, SEED

GOLDEN_DIR = Path(__file__).parents[1] / "golden_entities"
SOURCES = {"qingdao_livestream_report.txt": SEED, "guangdong_gov_work_report_2026.txt": GUANGDONG}
GOLDEN = {f.stem: yaml.safe_load(f.read_text("utf-8")) for f in sorted(GOLDEN_DIR.glob("*.yaml"))
          if f.stem in ("seed", "guangdong")}


@cache
def _found(name: str) -> tuple[frozenset[tuple[str, str]], tuple]:
    """(text_norm, label) of the extractor's entities in the golden file's span, and the mentions."""
    golden = GOLDEN[name]
    path = SOURCES[golden["source"]]
    if not path.exists():
        pytest.skip(f"{path} not present")
    text = path.read_text(encoding="utf-8")
    end = text.index(golden["end_marker"]) if golden.get("end_marker") else len(text)
    structure = structure_document(text, name)
    found = extract_entities(structure.passages, name, structure.sections)
    mentions = tuple(e for e in found if e.char_end <= end)
    return frozenset((e.text_norm, e.label) for e in mentions), mentions


def _golden_cases():
    for name, golden in GOLDEN.items():
        for item in golden["entities"]:
            marks = [pytest.mark.xfail(strict=True, reason=item["xfail"])] if "xfail" in item else []
            yield pytest.param(name, item["text"], item["label"], id=f"{name}-{item['label']}-{item['text']}", marks=marks)


@pytest.mark.parametrize("name,text,label", _golden_cases())
def test_golden_entity_found(name, text, label):
    found, _ = _found(name)
    assert (norm(text), label) in found, sorted(f for f in found if f[0] == norm(text))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_precision(name):
    """The extractor's entities that the golden file does not hold stay under its stated limit."""
    found, _ = _found(name)
    golden = {(norm(i["text"]), i["label"]) for i in GOLDEN[name]["entities"]}
    unexpected = sorted(found - golden)
    assert len(unexpected) <= GOLDEN[name]["max_unexpected"], unexpected


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_offsets_ids_labels(name):
    path = SOURCES[GOLDEN[name]["source"]]
    text = path.read_text(encoding="utf-8")
    _, mentions = _found(name)
    assert mentions
    for e in mentions:
        assert text[e.char_start : e.char_end] == e.text
        assert norm(e.text) == e.text_norm
        assert e.entity_id == "e_" + hashlib.sha1(e.text_norm.encode("utf-8")).hexdigest()[:12]
        assert e.label in ENTITY_LABELS
    starts = [e.char_start for e in mentions]
    assert starts == sorted(starts)
    # no overlaps, but for places inside a heading that is a name as a whole
    for a, b in itertools.combinations(mentions, 2):
        if a.char_end > b.char_start and b.char_end > a.char_start:
            outer, inner = (a, b) if a.char_end - a.char_start > b.char_end - b.char_start else (b, a)
            assert inner.label == "GPE" and outer.char_start <= inner.char_start and inner.char_end <= outer.char_end


def test_heading_mentions_point_at_the_document(seed_text):
    """Names in headings (which are not passages) are found, with offsets into the document."""
    structure = structure_document(seed_text, "seed")
    mentions = extract_entities(structure.passages, "seed", structure.sections)
    for e in mentions:
        assert seed_text[e.char_start : e.char_end] == e.text
    in_headings = {(e.text, e.label) for e in mentions
                   if any(s.char_start <= e.char_start and e.char_end <= s.char_end for s in structure.sections)}
    assert in_headings == {
        ("家電煥新節", "EVENT"), ("海爾智家", "ORG"), ("平度假睫毛產業帶", "GPE"),
        ("嶗山區數智消費引領行動", "EVENT"), ("嶗山區", "GPE"), ("青島", "GPE"),
    }
    # without the sections, only the passages are read
    assert len(extract_entities(structure.passages, "seed")) == len(mentions) - 6


HEADING_SHAPES = [
    ("## 4.3 崂山区数智消费引领行动\n全区推进。", "崂山区数智消费引领行动", "EVENT"),
    ("第六章\n崂山区数智消费引领行动\n全区推进。", "崂山区数智消费引领行动", "EVENT"),
    ("第六章  崂山区数智消费引领行动\r\n全区推进。", "崂山区数智消费引领行动", "EVENT"),
    ("3.2.1家电焕新节\n全区推进。", "家电焕新节", "EVENT"),
    ("（二）青岛职业技术学院\n全区推进。", "青岛职业技术学院", "ORG"),
    ("一、萬億賽道上的青島機遇\n全区推进。", "青島", "GPE"),
]


@pytest.mark.parametrize("text,name,label", HEADING_SHAPES, ids=[h[0][:6] for h in HEADING_SHAPES])
def test_heading_shapes(text, name, label):
    structure = structure_document(text, "d")
    got = [(e.text, e.label, text[e.char_start : e.char_end])
           for e in extract_entities(structure.passages, "d", structure.sections)]
    places = [(p, "GPE", p) for p in ("崂山区",) if p in name and p != name]
    assert got == [(name, label, name)] + places


@pytest.mark.parametrize("heading", ["（一）实施乡村振兴战略", "3.3 行动计划", "3.3 产业发展计划"])
def test_heading_topics_are_not_names(heading):
    # a title that opens with a verb, or is made of dictionary words alone, names no programme
    structure = structure_document(heading + "\n全省推进。", "d")
    assert structure.sections
    assert extract_entities(structure.passages, "d", structure.sections) == []


def test_furniture_in_a_heading_is_not_in_a_name():
    text = "4.3 崂山区![](a.png)数智消费引领行动\n全区推进。"
    structure = structure_document(text, "d")
    got = [(e.text, text[e.char_start : e.char_end]) for e in extract_entities(structure.passages, "d", structure.sections)]
    # no name runs across the image; the part after it is a campaign by its head (行动)
    assert got == [("崂山区", "崂山区"), ("数智消费引领行动", "数智消费引领行动")]


BOTH_SCRIPTS = [
    "青岛市直播电商交易规模突破1200亿元，即墨服装产业带通过与青岛职业技术学院合作培养人才。",
    "淘宝全球购与菜鸟合作的“一城一仓”项目落地青岛自贸片区，海尔、海信等企业通过AI技术优化体验。",
    "青岛出台《青岛市直播电商发展行动计划》，启动“星火计划”，莱西“莱西有礼”区域品牌带动农村网络零售额增长。",
    "广州白云机场三期、深圳宝安机场第三跑道建成投用，江门中微子实验站建成运行。",
    "推动西海岸跨境电商基地建设，依托中日韩消费专区，打造“青岛优品”电商直播中心。",
]


@pytest.mark.parametrize("simplified", BOTH_SCRIPTS, ids=[s[:8] for s in BOTH_SCRIPTS])
def test_both_scripts_same_ids(simplified):
    traditional = _converter("s2t").convert(simplified)
    assert traditional != simplified

    def ids(text: str) -> list[tuple[str, str]]:
        return [(e.entity_id, e.label) for e in extract_entities(structure_document(text, "d").passages, "d")]

    assert ids(simplified) and ids(simplified) == ids(traditional)


@pytest.mark.parametrize("text", ["企业通过平台进入市场，全省企业数量增长。", "这一数据背后是产业结构的深度调整。"])
def test_generic_words_are_not_entities(text):
    assert extract_entities(structure_document(text, "d").passages, "d") == []


def test_place_inside_a_word_is_not_a_place():
    # 即墨市场 is 即墨 + 市场 (not 即墨市 + 场); 新和 (a county) is not in 创新和; 中国式 is no mention of 中国
    text = "即墨市场开发直播分销系统，推动科技创新和产业创新，推进中国式现代化。"
    got = [(e.text, e.label) for e in extract_entities(structure_document(text, "d").passages, "d")]
    assert got == [("即墨", "GPE")]


RULES = [
    # an edition number names an event; a known name before it and a session after it belong to it
    ("广东省第十四届人民代表大会第五次会议上，出席第十五届全国运动会开幕式。",
     [("广东省第十四届人民代表大会第五次会议", "EVENT"), ("第十五届全国运动会", "EVENT")]),
    # a kind word before quoted names, or after 等 and a few words
    ("吉祥物“喜洋洋”、“乐融融”火爆出圈。", [("喜洋洋", "WORK_OF_ART"), ("乐融融", "WORK_OF_ART")]),
    ("开展“以旧换新”等促消费活动，应对“桦加沙”等15个台风。", [("以旧换新", "EVENT"), ("桦加沙", "EVENT")]),
    ("开展“十四五”等时期规划工作。", []),
    # facility heads; 展 only where it closes no word (发展, 进展)
    ("建成深圳湾文化广场、湛江文化中心，举办广东优品展等活动。",
     [("深圳湾文化广场", "FAC"), ("湛江文化中心", "FAC"), ("广东优品展", "EVENT")]),
    ("推动广东发展，广东取得进展。", [("广东", "GPE"), ("广东", "GPE")]),
    # a verb after the name opens a clause, not a name
    ("把广州打造成国际文化中心，青岛共建跨境电商基地。", [("广州", "GPE"), ("青岛", "GPE")]),
    # a prefix is no mention alone, and starts a word; 专区 follows a place only
    ("中日韩三国合作深化，其中新增研究院3家，京东家电专区销量增长。", [("京东", "ORG")]),
    # a port named by its city alone, where a word ends at 港; 深港, 沪港 are no ports
    ("上海港集装箱吞吐量增长，广州港货物吞吐量增长，深化深港合作。",
     [("上海港", "FAC"), ("广州港", "FAC")]),
]


@pytest.mark.parametrize("text,expected", RULES, ids=[r[0][:8] for r in RULES])
def test_rules(text, expected):
    got = [(e.text, e.label) for e in extract_entities(structure_document(text, "d").passages, "d")]
    assert got == expected
    traditional = _converter("s2t").convert(text)
    got = [(e.text_norm, e.label) for e in extract_entities(structure_document(traditional, "d").passages, "d")]
    assert got == expected


def test_the_spacy_pipeline_runs_the_rules():
    nlp = ent_pipeline.pipeline()
    assert nlp.pipe_names == [ent_rules.RULER, "qdextract_names", "qdextract_rules", "qdextract_resolve"]
    assert nlp.get_pipe_meta(ent_rules.RULER).factory == "span_ruler"
    assert [t.text for t in nlp.make_doc("平度假睫毛")] == list("平度假睫毛")  # char segmenter
    doc = nlp("平度假睫毛产业带与海尔集团合作，推进中国式现代化，出台《行动计划》。")
    got = [(sp.text, sp.label_, sp.id_) for sp in doc.spans[ent_rules.SPANS_KEY]]
    assert got == [("平度假睫毛产业带", "GPE", "compound"), ("海尔集团", "ORG", "gazetteer"),
                   ("行动计划", "LAW", "title")]
    ruler_labels = {sp.label_ for sp in doc.spans[ent_rules.NAMES_KEY] if sp.text.startswith("中国")}
    assert ruler_labels == {"GPE", ent_rules.BLOCK}  # 中国 matched, and 中国式 blocks it


def _through_spacy(monkeypatch, passages, sections):
    def spacy_mentions(pieces, starts, chunks):
        nlp = ent_pipeline.pipeline()
        return (doc._.qdextract_mentions for doc in nlp.pipe(ent_pipeline._chunk_docs(nlp, pieces, starts, chunks)))

    with monkeypatch.context() as m:
        m.setattr(ent_pipeline, "_chunk_mentions", spacy_mentions)
        return extract_entities(passages, "d", sections)


@pytest.mark.parametrize("path", [SEED, GUANGDONG, *sorted(CORPUS.glob("hk_*"))], ids=lambda p: p.stem)
def test_without_a_model_the_automaton_finds_what_the_spacy_pipeline_finds(path, monkeypatch):
    if not path.exists():
        pytest.skip(f"{path} not present")
    structure = structure_document(path.read_text(encoding="utf-8"), "d")
    expected = _through_spacy(monkeypatch, structure.passages, structure.sections)
    assert len(expected) > 50
    assert extract_entities(structure.passages, "d", structure.sections) == expected


def test_a_name_across_a_space_is_no_name_either_way(monkeypatch):
    passages = structure_document("中国 人民银行和海尔 集团在青岛合作。", "d").passages
    assert extract_entities(passages, "d") == _through_spacy(monkeypatch, passages, ())


def _fresh_pipeline():
    nlp = spacy.blank("zh", config=ent_rules.CHAR_CONFIG)
    ent_pipeline.add_rule_components(nlp)
    return nlp


def test_a_name_added_to_the_ruler_is_found():
    nlp = _fresh_pipeline()
    text = "星辰智造与海尔合作，星辰智造研究院落地青岛。"

    def found() -> list[tuple[str, str]]:
        doc = nlp(text)
        return [(sp.text, sp.label_) for sp in doc.spans[ent_rules.SPANS_KEY]]

    # 星辰智造研究院 by its head (研究院), bounded by the comma; 星辰智造 alone is unknown
    assert found() == [("海尔", "ORG"), ("星辰智造研究院", "ORG"), ("青岛", "GPE")]
    nlp.get_pipe(ent_rules.RULER).add_patterns([{"label": "ORG", "pattern": "星辰智造"},
                                              {"label": ent_rules.BLOCK, "pattern": "海尔合"}])
    # the new name is found, and anchors a compound; a blocker keeps 海尔 out of 海尔合作
    assert found() == [("星辰智造", "ORG"), ("星辰智造研究院", "ORG"), ("青岛", "GPE")]


@Language.component("qdextract_test_fake_ner")
def _fake_ner(doc):
    """Stands for a trained model's "ner": fixed entities wherever their text occurs."""
    found = {"王小明": "PERSON", "海尔集团": "GPE", "集团合作": "ORG", "莱州湾": "LOC"}
    spans = []
    for name, label in found.items():
        start = doc.text.find(name)
        if start >= 0:
            spans.append(doc.char_span(start, start + len(name), label=label))
    doc.ents = spacy.util.filter_spans(spans)
    return doc


def test_a_trained_model_adds_to_the_rules(monkeypatch):
    nlp = spacy.blank("zh", config=ent_rules.CHAR_CONFIG)
    nlp.add_pipe("qdextract_test_fake_ner", name="ner")
    ent_pipeline.add_rule_components(nlp)
    assert nlp.pipe_names[:2] == ["ner", ent_rules.RULER]
    monkeypatch.setattr(ent_pipeline, "pipeline", lambda: nlp)
    monkeypatch.setenv(ent_rules.MODEL_ENV, "a trained model")  # what sends documents through spaCy
    text = "王小明说，海尔集团合作开发莱州湾。"
    got = [(e.text, e.label) for e in extract_entities(structure_document(text, "d").passages, "d")]
    # the model's names where the rules find nothing (its LOC mapped to GPE); the rules' 海尔集团
    # wins over the model's same-length 海尔集团 and 集团合作
    assert got == [("王小明", "PERSON"), ("海尔集团", "ORG"), ("莱州湾", "GPE")]


def test_trained_model_switch(tmp_path, monkeypatch):
    """A model named by QDEXTRACT_SPACY_MODEL is loaded, its entities join the rules' ones."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "王小明"}, {"label": "GPE", "pattern": "青岛"}])
    model_dir = tmp_path / "zh_fake_model"
    nlp.to_disk(model_dir)
    monkeypatch.setenv(ent_rules.MODEL_ENV, str(model_dir))
    ent_pipeline.pipeline.cache_clear()
    try:
        assert ent_pipeline.pipeline().pipe_names[:2] == ["entity_ruler", ent_rules.RULER]
        text = "王小明说，青岛职业技术学院与海尔集团合作。"
        got = {(e.text, e.label) for e in extract_entities(structure_document(text, "d").passages, "d")}
        assert ("王小明", "PERSON") in got  # from the model
        assert ("青岛职业技术学院", "ORG") in got  # the rules win over the model's shorter 青岛
        assert ("海尔集团", "ORG") in got
        assert ("青岛", "GPE") not in got
    finally:
        monkeypatch.delenv(ent_rules.MODEL_ENV)
        ent_pipeline.pipeline.cache_clear()
    assert "entity_ruler" not in ent_pipeline.pipeline().pipe_names


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("青岛市即墨区“”《》平度产业带集团公司，。、 \n0123ABC海尔的与")), max_size=80))
def test_never_raises_and_offsets_hold(text):
    passages = structure_document(text, "d").passages
    for e in extract_entities(passages, "d"):
        assert text[e.char_start : e.char_end] == e.text and e.text


_HEADING_LINE = st.tuples(
    st.sampled_from(["", "# ", "### ", "3.1 ", "4.3.2", "第三章", "第四章 ", "一、", "（二）"]),
    st.text(alphabet=st.sampled_from(list("崂山区青岛市即墨产业带行动计划节海尔集团数智 ![]()。，\r")), max_size=16),
).map("".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(_HEADING_LINE, max_size=8).map("\n".join))
def test_offsets_hold_with_headings(text):
    structure = structure_document(text, "d")
    for e in extract_entities(structure.passages, "d", structure.sections):
        assert text[e.char_start : e.char_end] == e.text and e.text


def _found_in(text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label, e.entity_id) for e in extract_entities(structure_document(text, "d").passages, "d")]


def test_abbreviation_defined_in_the_document_is_the_same_entity():
    text = "星輝智造促進協會（星協）今日公布數據。星協表示，會員增至120家。"
    got = _found_in(text)
    assert [(t, label) for t, label, _ in got] == [("星輝智造促進協會", "ORG"), ("星協", "ORG"), ("星協", "ORG")]
    assert len({eid for _, _, eid in got}) == 1


def test_known_abbreviation_shares_the_full_names_id():
    full = _found_in("康樂及文化事務署公布，入場人次增加15%。")
    short = _found_in("康文署公布，入場人次增加15%。")
    simplified = _found_in("康文署公布，入场人次增加15%。")
    assert [x[:2] for x in full] == [("康樂及文化事務署", "ORG")]
    assert [x[:2] for x in short] == [("康文署", "ORG")]
    assert full[0][2] == short[0][2] == simplified[0][2]


LABELS = [
    # companies and platforms are ORG, not GPE; programmes EVENT; chapters and named rules LAW
    ("阿里、騰訊與京東合作，TikTok用戶增長20%。", [("阿里", "ORG"), ("騰訊", "ORG"), ("京東", "ORG"), ("TikTok", "ORG")]),
    ("政府推出「二元優惠計劃」，並修訂《個人資料（私隱）條例》（第486章）。",
     [("二元優惠計劃", "EVENT"), ("個人資料（私隱）條例", "LAW"), ("第486章", "LAW")]),
    ("食環署、康文署和漁農自然護理署聯合巡查，統計處數據顯示個案減少3%。",
     [("食環署", "ORG"), ("康文署", "ORG"), ("漁農自然護理署", "ORG"), ("統計處", "ORG")]),
    ("美國商務部公布，美國2月貿易逆差1226億美元。", [("美國商務部", "ORG"), ("美國", "GPE")]),
]


@pytest.mark.parametrize("text,expected", LABELS, ids=[x[0][:6] for x in LABELS])
def test_labels_by_kind(text, expected):
    assert [x[:2] for x in _found_in(text)] == expected
    simplified = norm(text)
    assert [(norm(t), label) for t, label, _ in _found_in(simplified)] == [(norm(t), label) for t, label in expected]


def test_a_person_found_beside_a_title_is_found_everywhere_in_the_document():
    text = "財政司司長陳茂波表示，赤字收窄至870億元。\n陳茂波在預算案中提到，經濟增長2.5%。"
    got = [(t, label) for t, label, _ in _found_in(text)]
    assert got == [("陳茂波", "PERSON"), ("陳茂波", "PERSON")]


def test_char_docs_are_the_char_segmenters_own():
    from qdextract.extract.entities.nlp import _char_doc_maker, pipeline

    nlp = pipeline()
    make_doc = _char_doc_maker(nlp)
    for text in ["", " ", "a  b", "\n", "青岛 市\n 直播\t电商  ", "\u3000一 二", "GDP 增长5.2%"]:
        ours, spacys = make_doc(text), nlp.make_doc(text)
        assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in spacys]
        assert ours.text == text
