from importlib import resources

import pytest
import regex
import yaml
from hypothesis import given
from hypothesis import strategies as st

from qdextract.ids import make_id, make_span_id
from qdextract.text import structure
from qdextract.text.structure import structure_document

SEED_SECTIONS = [
    "第三章 數據透視產業全貌",
    "第三章 數據透視產業全貌 > 3.1 市場規模與結構",
    "第三章 數據透視產業全貌 > 3.2 典型場景解析",
    "第三章 數據透視產業全貌 > 3.2 典型場景解析 > 3.2.1家電煥新節",
    "第三章 數據透視產業全貌 > 3.2 典型場景解析 > 3.2.2產業帶直播",
    "第三章 數據透視產業全貌 > 3.2 典型場景解析 > 3.2.3鄉村振興",
    "第三章 數據透視產業全貌 > 3.3 就業創造效應",
    "第三章 數據透視產業全貌 > 3.4 技術賦能分析",
    "第四章 典型案例深度解析",
    "第四章 典型案例深度解析 > 4.1 海爾智家:數字化供應鏈重構",
    "第四章 典型案例深度解析 > 4.2 平度假睫毛產業帶:數字化轉型路徑",
    "第四章 典型案例深度解析 > 4.3 嶗山區數智消費引領行動",
    "第四章 典型案例深度解析 > 4.3 嶗山區數智消費引領行動 > 4.3.1場景創新",
    "第四章 典型案例深度解析 > 4.3 嶗山區數智消費引領行動 > 4.3.2政策杠桿",
    "第四章 典型案例深度解析 > 4.3 嶗山區數智消費引領行動 > 4.3.3生態構建",
    "第五章 高質量發展路徑",
    "第五章 高質量發展路徑 > 5.1 現存痛點分析",
    "第五章 高質量發展路徑 > 5.2 突破路徑選擇",
    "第六章 萬億賽道上的青島機遇",
]


@pytest.fixture(scope="module")
def seed(seed_text):
    return structure_document(seed_text, "d_seed")


def test_seed_section_tree_is_exact(seed):
    assert [s.path for s in seed.sections] == SEED_SECTIONS


def test_passages_carry_their_section(seed):
    by_text = {p.text: p.section_path for p in seed.passages}
    assert by_text["快手平臺國補+平臺雙補貼模式下,參與商家銷售額提升102%。"] == SEED_SECTIONS[3]
    assert by_text["投入1800萬財政資金,聯動企業開展\"以舊換新\"活動,帶動消費升級。"] == SEED_SECTIONS[13]
    # Text before the first heading has no section.
    assert seed.passages[0].section_path == ""


def test_headings_are_not_passages(seed):
    texts = {p.text for p in seed.passages}
    assert not texts & {"第三章", "數據透視產業全貌", "3.1 市場規模與結構", "3.2.1家電煥新節"}


def test_offsets_point_at_the_source(seed, seed_text):
    for p in seed.passages:
        assert seed_text[p.char_start : p.char_end] == p.text
        assert p.text == p.text.strip()


def test_furniture_dropped_and_listed(seed):
    assert [f.text for f in seed.furniture] == ["![]()", "海報生成中..."]
    assert not any("![" in p.text or "海報生成中" in p.text or "[]()" in p.text for p in seed.passages)


def test_sentences_split_on_end_marks_and_semicolons(seed):
    texts = [p.text for p in seed.passages]
    assert "投資5億建設美妝產業園,實現原材料-生產-銷售全流程數字化;" in texts
    assert "引入亞馬遜、抖音等平臺,日發貨量超10萬箱,帶動就業6萬人;" in texts
    # Sentence indexes restart in each paragraph and count up.
    for a, b in zip(seed.passages, seed.passages[1:]):
        if a.paragraph_index == b.paragraph_index:
            assert b.sentence_index == a.sentence_index + 1
        else:
            assert b.paragraph_index == a.paragraph_index + 1 and b.sentence_index == 0


@pytest.mark.parametrize(
    "text, sentences",
    [
        pytest.param("他說：“增長很快。”然後離開。", ["他說：“增長很快。”", "然後離開。"], id="closing-quote-stays"),
        pytest.param("好!真的?對;", ["好!", "真的?", "對;"], id="half-width-marks"),
        pytest.param("第一句。第二句沒有句號", ["第一句。", "第二句沒有句號"], id="unterminated-last"),
        pytest.param("增長了\n百分之十。", ["增長了\n百分之十。"], id="line-break-inside-sentence"),
        pytest.param("a\r\nb。\r\nc。", ["a\r\nb。", "c。"], id="windows-line-endings"),
        pytest.param("a。\rb。", ["a。", "b。"], id="old-mac-line-endings"),
    ],
)
def test_sentence_splitting(text, sentences):
    assert [p.text for p in structure_document(text, "d").passages] == sentences


@pytest.mark.parametrize(
    "text, paths",
    [
        pytest.param("第一章\n總論\n正文。", ["第一章 總論"], id="chapter-title-next-line"),
        pytest.param("第二章 市場\n正文。", ["第二章 市場"], id="chapter-title-same-line"),
        pytest.param("第一章 A\n1.1 概況\n1.1.1細節\n正文。\n1.2 其他\n正文。",
                     ["第一章 A", "第一章 A > 1.1 概況", "第一章 A > 1.1 概況 > 1.1.1細節", "第一章 A > 1.2 其他"],
                     id="numbered-depths"),
        pytest.param("一、總體回顧\n正文。\n（一）經濟\n正文。\n二、目標\n正文。",
                     ["一、總體回顧", "一、總體回顧 > （一）經濟", "二、目標"], id="chinese-enumerated"),
        pytest.param("# 報告\n## 市場\n正文。", ["報告", "報告 > 市場"], id="markdown"),
        pytest.param("三、工作安排\n正文。\n附件1\n2026年省十件民生实事\n正文。\n附件2 名词解释\n正文。",
                     ["三、工作安排", "附件1 2026年省十件民生实事", "附件2 名词解释"], id="annex"),
        pytest.param("附件1\n一、提高低保标准。", ["附件1"], id="annex-no-title-line"),
        # a statistics release's heading joins two phrases with a comma, and no blank line follows
        pytest.param("一、农业生产形势稳定,畜牧业平稳增长\n一季度,农业增加值同比增长3.6%。\n"
                     "（一）工业，稳中有进\n正文。",
                     ["一、农业生产形势稳定,畜牧业平稳增长", "一、农业生产形势稳定,畜牧业平稳增长 > （一）工业，稳中有进"],
                     id="enumerated-with-comma"),
    ],
)
def test_heading_shapes(text, paths):
    assert [s.path for s in structure_document(text, "d").sections] == paths


def test_a_news_pages_headline_and_datelines_stand_alone():
    text = ("本港1月零售銷貨價值按年升5.5% 連升9個月\n本港零售銷售連升9個月。\n"
            "2021年12月01日\n星期三\n香港十月零售值按年升12%\n2021-12-01\n"
            "【香港中通社11月30日電】香港特區政府統計處30日公佈，10月零售業總銷貨價值為307億港元。")
    st = structure_document(text, "d")
    assert [(p.kind, p.text) for p in st.passages] == [
        ("title", "本港1月零售銷貨價值按年升5.5% 連升9個月"), ("sentence", "本港零售銷售連升9個月。"),
        ("title", "2021年12月01日"), ("title", "星期三"), ("title", "香港十月零售值按年升12%"),
        ("title", "2021-12-01"),
        ("sentence", "香港特區政府統計處30日公佈，10月零售業總銷貨價值為307億港元。")]
    assert [f.text for f in st.furniture] == ["【香港中通社11月30日電】"]  # who filed it: furniture


def test_numbers_in_sentences_are_not_headings():
    st = structure_document("3.5 萬人參與。\n2.5\n", "d")
    assert st.sections == []


def test_guangdong_line_breaks_inside_sentences(guangdong_text):
    st = structure_document(guangdong_text, "d_gd")
    pm = [p for p in st.passages if "PM\n2.5\n年平均浓度" in p.text]
    assert len(pm) == 1 and pm[0].text_norm.startswith("污染防治攻坚战")
    assert [s.path for s in st.sections][:3] == [
        "一、2025年和“十四五”时期工作回顾", "二、“十五五”时期的主要目标和重点任务", "三、2026年工作安排",
    ]


def test_a_huge_line_without_end_marks_is_cut_into_bounded_passages():
    text = "销售额增长12%和利润" * 20_000 + "，最后一段。"
    st = structure_document(text, "d")
    assert max(len(p.text) for p in st.passages) <= 600
    assert "".join(p.text for p in st.passages) == text  # nothing lost, nothing repeated
    commas = structure_document(("甲乙丙丁，" * 400), "d").passages
    assert all(p.text.endswith("，") for p in commas)  # cut after a comma where there is one


@pytest.mark.parametrize("doc_id, start, end", [("d", 0, 5), ("青岛_report", 120, 4096), ("a|b", 7, 7)])
def test_span_ids_are_the_generic_ids(doc_id, start, end):
    assert make_span_id("p", doc_id, start, end) == make_id("p", doc_id, start, end)


def test_ids_are_sha1_of_their_parts():
    """Ids stay what they were on every build: SHA-1 of the parts joined by `|`."""
    import hashlib
    assert make_id("c", "doc", 12, 30) == "c_" + hashlib.sha1(b"doc|12|30").hexdigest()[:16]
    assert make_id("e", "青岛市", length=12) == "e_" + hashlib.sha1("青岛市".encode()).hexdigest()[:12]


@given(st.text(alphabet=list("青岛1 \n。！？；;”）)，,、：:…"), max_size=40))
def test_sentences_are_cut_where_a_lazy_scan_to_the_first_end_mark_cuts(text):
    # The sentence pattern runs over the non-marks at once; a lazy `.*?` tries the marks at
    # every character. Both give the same sentences once each piece is stripped.
    data = yaml.safe_load(resources.files("qdextract.data").joinpath("structure.yaml").read_text("utf-8"))
    lazy = regex.compile(rf"(?s).*?(?:{data['sentence_end']}+{data['closing']}*|$)")

    def pieces(pattern):
        spans = (structure._strip_span(text, m.start(), m.end()) for m in pattern.finditer(text))
        return [(s, e) for s, e in spans if e > s]

    assert pieces(structure._rules().sentence) == pieces(lazy)


# ---------------------------------------------------------------- report shapes: blocks


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in structure_document(text, "d").passages]


def test_markdown_heading_that_states_a_figure_is_a_title_passage() -> None:
    text = "# 首季GDP跌6.8%\n\n統計處公布數字。\n\n## 3.1 市場規模\n\n正文。"
    assert _kinds(text) == [("title", "首季GDP跌6.8%"), ("sentence", "統計處公布數字。"), ("sentence", "正文。")]
    assert [s.title for s in structure_document(text, "d").sections] == ["首季GDP跌6.8%", "3.1 市場規模"]


def test_list_items_are_passages_without_their_markers() -> None:
    text = "主要数据如下：\n- 北京占比22%\n* 上海占比9%\n1. 广东占比14%"
    assert _kinds(text) == [("sentence", "主要数据如下："), ("list_item", "北京占比22%"),
                            ("list_item", "上海占比9%"), ("list_item", "广东占比14%")]


def test_a_blank_line_ends_a_paragraph_and_a_bold_line_stands_alone() -> None:
    text = "**影响力/贡献度（OpenRank）**\n\n开源指标由实验室研发\n\n第二段文字。"
    kinds = _kinds(text)
    assert kinds[0] == ("title", "**影响力/贡献度（OpenRank）**")
    assert ("title", "开源指标由实验室研发") in kinds and ("sentence", "第二段文字。") in kinds


def test_inline_markup_never_reaches_text_norm() -> None:
    (p,) = structure_document("中国开发者总量为**9,404,966人**。", "d").passages
    assert "*" not in p.text_norm and p.text == "中国开发者总量为**9,404,966人**。"


@pytest.mark.parametrize("text, blanked", [
    ("四大主导产业［2］占GDP比重提高约14个百分点。", "［2］"),
    ("推行三张清单[4]，企业和个人受益。", "[4]"),
])
def test_a_notes_reference_never_reaches_text_norm(text, blanked) -> None:
    (p,) = structure_document(text, "d").passages
    assert "[" not in p.text_norm and "［" not in p.text_norm and blanked[1] not in p.text_norm
    assert p.text == text


def test_pipe_table_rows_are_passages_and_cells_keep_their_header() -> None:
    text = ("全球开发者分布见下表：\n\n| 排名 | 国家 | 总人数 | 占比 |\n|------|------|--------|------|\n"
            "| 1 | 美国 | 435,202 | 17.11% |\n| 2 | 印度 | 252,054 | 9.91% |\n")
    s = structure_document(text, "d")
    assert [p.kind for p in s.passages] == ["sentence", "table_row", "table_row"]
    (table,) = s.tables
    assert [c.text for c in table.header] == ["排名", "国家", "总人数", "占比"]
    assert [[c.text for c in row] for row in table.rows] == [["1", "美国", "435,202", "17.11%"],
                                                              ["2", "印度", "252,054", "9.91%"]]
    assert table.caption == "全球开发者分布见下表："
    assert table.passage_ids == [p.passage_id for p in s.passages[1:]]
    for row in table.rows:
        for cell in row:
            assert text[cell.char_start:cell.char_end] == cell.text


@pytest.mark.parametrize("between", ["\n\n", "\n"])
def test_two_pipe_tables_stay_apart(between) -> None:
    text = ("| 语言 | 开发者数 |\n|---|---|\n| Python | 54 |" + between
            + "| 省份 | 总人数 | 占比 |\n|---|---|---|\n| 北京 | 38,323 | 22.04% |\n")
    s = structure_document(text, "d")
    assert [[c.text for c in t.header] for t in s.tables] == [["语言", "开发者数"], ["省份", "总人数", "占比"]]
    assert [len(t.rows) for t in s.tables] == [1, 1]


def test_whitespace_aligned_table() -> None:
    text = "地区      2024年     增长\n广州      3.1万亿    2.1%\n深圳      3.6万亿    5.8%\n"
    s = structure_document(text, "d")
    (table,) = s.tables
    assert [c.text for c in table.header] == ["地区", "2024年", "增长"]
    assert [p.kind for p in s.passages] == ["table_row", "table_row"]


def test_web_page_frame_is_furniture() -> None:
    text = "下载\n打印\n【字号：\n加大\n】\n首页\n>\n政府信息公开\n>\n政府工作报告\n2026年政府工作报告\n各位代表：\n正文。\n扫一扫在手机打开当前页"
    s = structure_document(text, "d")
    kinds = {f.kind for f in s.furniture}
    assert {"page_control", "breadcrumb"} <= kinds
    assert [p.text for p in s.passages] == ["2026年政府工作报告", "各位代表：", "正文。"]
    assert s.passages[0].kind == "title"


def test_addresses_and_footers_are_furniture() -> None:
    text = "# 標題\n\n正文。\n\n---\n\n原始網址：\n<https://news.example.hk/1.htm>\n\n© example.hk\n"
    s = structure_document(text, "d")
    assert [p.text for p in s.passages] == ["正文。"]
    assert {"footer", "url"} <= {f.kind for f in s.furniture}


def test_a_run_of_site_controls_inside_a_line_is_furniture() -> None:
    text = "4月工业增加值增长6.5%-新华网客户端搜索频道下一篇正文4月工业增加值增长6.5%。责任编辑：刘绪尧新闻评论加载更多"
    s = structure_document(text, "d")
    assert [f.text for f in s.furniture if f.kind == "site_chrome"] == [
        "-新华网客户端", "搜索频道下一篇正文", "责任编辑：刘绪尧新闻评论加载更多"]
    # a control word alone is no run: the text keeps it
    assert not [f for f in structure_document("全文见正文。", "d").furniture if f.kind == "site_chrome"]
