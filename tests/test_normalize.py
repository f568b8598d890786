import pytest
from hypothesis import given
from hypothesis import strategies as st

from qdextract.normalize import detect_script, norm, normalize_text


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("青島市直播電商", "青岛市直播电商", id="traditional-to-simplified"),
        pytest.param("３８％，增長", "38%,增长", id="full-width-folded"),
        pytest.param("2025 年,單場 1 億元", "2025年,单场1亿元", id="space-next-to-cjk-dropped"),
        pytest.param("AI   and\tVR", "AI and VR", id="space-between-latin-kept-once"),
        pytest.param("PM\n2.5\n年平均濃度", "PM 2.5年平均浓度", id="line-breaks-inside-sentence"),
        pytest.param("2.50∶1", "2.50:1", id="ratio-colon"),
    ],
)
def test_norm(raw, expected):
    assert norm(raw) == expected


def test_offsets_map_back_to_raw(seed_text):
    n = normalize_text(seed_text)
    for needle in ["1亿元", "7×24小时", "30%-50%", "青岛市直播电商交易规模突破1200亿元"]:
        i = n.text.index(needle)
        s, e = n.raw_span(i, i + len(needle))
        assert norm(seed_text[s:e]) == needle


@given(st.text(alphabet=list("青島市1２ 　\n\t\r,，。%億APM.") , max_size=60))
def test_every_normalized_span_maps_inside_raw(raw):
    n = normalize_text(raw)
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)
        if n.text[i] == " ":  # a collapsed whitespace run maps to its first character
            assert raw[s:e].isspace()
        else:
            assert norm(raw[s:e]) == n.text[i]


@pytest.mark.parametrize(
    "text, script",
    [
        pytest.param("青島市直播電商交易規模突破1200億元", "traditional", id="traditional"),
        pytest.param("青岛市直播电商交易规模突破1200亿元", "simplified", id="simplified"),
        pytest.param("青島市直播電商交易規模。" * 3 + "青岛市直播电商交易规模。" * 3, "mixed", id="mixed"),
        pytest.param("GDP grew 3%", "simplified", id="no-han"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script
