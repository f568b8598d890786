import importlib.util
import sys
from importlib.metadata import version
from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qdextract.text import normalize
from qdextract.text.normalize import detect_script, norm, normalize_text


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("青島市直播電商", "青岛市直播电商", id="traditional-to-simplified"),
        pytest.param("３８％，增長", "38%,增长", id="full-width-folded"),
        pytest.param("2025 年,單場 1 億元", "2025年,单场1亿元", id="space-next-to-cjk-dropped"),
        pytest.param("AI   and\tVR", "AI and VR", id="space-between-latin-kept-once"),
        pytest.param("PM\n2.5\n年平均濃度", "PM 2.5年平均浓度", id="line-breaks-inside-sentence"),
        pytest.param("2.50∶1", "2.50:1", id="ratio-colon"),
        pytest.param("1\u200b000萬元", "1000万元", id="format-character-inside-a-number"),
        pytest.param("\ufeff交易\u2060規模 \u200b AI", "交易规模AI", id="format-characters-beside-spaces"),
        pytest.param("A\u200bB C", "AB C", id="format-character-alone-dropped"),
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


@given(st.text(alphabet=list("青島市1２ 　\n\t\r,，。%億APM.\u200b\ufeff\u2060"), max_size=60))
def test_every_normalized_span_maps_inside_raw(raw):
    n = normalize_text(raw)
    for i in range(len(n.text)):
        s, e = n.raw_span(i, i + 1)
        assert 0 <= s < e <= len(raw)
        if n.text[i] == " ":  # a collapsed whitespace run maps to its first character
            assert raw[s:e].isspace()
        else:
            assert norm(raw[s:e]) == n.text[i]


def _collapsed_run_by_run(text: str) -> str:
    """The whitespace rule stated run by run: a run at an edge or touching CJK is dropped,
    any other becomes one space; a run of format characters alone is dropped."""
    out, last = [], 0
    for m in normalize._SPACE_RUN.finditer(text):
        s, e = m.span()
        cjk = normalize._IS_CJK.match
        dropped = (s == 0 or e == len(text) or cjk(text[s - 1]) or cjk(text[e])
                   or not any(ch.isspace() for ch in m.group()))
        out += [text[last:s], "" if dropped else " "]
        last = e
    return "".join(out) + text[last:]


@given(st.text(alphabet=list(" \n\t\r\u3000\u00a0\u2028\x1ca1中。，”—·Ａ\u200b\ufeff"), max_size=12))
def test_whitespace_patterns_follow_the_rule_run_by_run(text):
    # `\u3000` is both a space and CJK: the patterns must still take whole runs
    collapsed, _, _ = normalize._collapse_spaces(text)
    assert collapsed == normalize._collapsed(text) == _collapsed_run_by_run(text)


def test_every_space_the_rule_collapses_is_one_str_split_splits_on_or_a_format_character():
    # `_collapsed` skips a text in which `str.split` finds no whitespace and `_FORMAT` nothing
    spaces = [chr(cp) for cp in range(sys.maxunicode + 1) if normalize._SPACE_RUN.match(chr(cp))]
    assert spaces and all(ch.isspace() or normalize._FORMAT.match(ch) for ch in spaces)
    assert normalize._FORMAT.match("\u200b") and normalize._FORMAT.match("\ufeff")


@given(st.text(alphabet=list("1２萬元 \u200b\ufeff\u2060\u00ad中"), max_size=20))
def test_format_characters_are_stripped_with_offsets_kept(text):
    clean, kept = normalize.strip_format_chars(text)
    assert normalize._FORMAT.search(clean) is None
    if kept is None:
        assert clean == text
    else:
        assert clean == "".join(text[i] for i in kept) and kept == sorted(set(kept))


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


# --- the t2s gate: OpenCC is skipped for text it would not change ---------------------------

_GATE_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_t2s_gate.py"


def _gate_builder():
    spec = importlib.util.spec_from_file_location("build_t2s_gate", _GATE_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gate_file_is_built_from_the_installed_opencc():
    builder = _gate_builder()
    tool = Path(opencc.__file__).parent / "clib" / "bin" / "opencc_dict"
    if not tool.exists():
        pytest.skip("this OpenCC wheel ships no opencc_dict to read its dictionaries with")
    data = (Path(normalize.__file__).parents[1] / "data" / "t2s_gate.txt").read_text("utf-8").splitlines()
    assert data[0].startswith(f"# opencc {version('opencc')}:")
    assert "".join(data[1:]) == builder.changing_characters()
    assert normalize._t2s_gate() is not None


@pytest.mark.parametrize("text", ["回覆", "答覆意見", "深沈", "青島市直播電商", "青岛市直播电商", "英哩", "2025年"])
def test_gated_conversion_is_opencc_s(text):
    assert normalize.to_simplified(text) == opencc.OpenCC("t2s").convert(text)


_POOL = "回覆答批深沈浮英哩藉滑找口青島岛市電电商直播交易規规模億亿元，。、 aZ19%\n"


@given(st.text(alphabet=st.sampled_from(list(_POOL)) | st.characters(min_codepoint=0x3400, max_codepoint=0x9FFF),
               max_size=30))
def test_gated_conversion_equals_opencc_on_any_text(text):
    assert normalize.to_simplified(text) == opencc.OpenCC("t2s").convert(text)


def test_a_gate_from_another_opencc_version_is_not_used(monkeypatch):
    monkeypatch.setattr(normalize, "version", lambda name: "0.0.0")
    normalize._t2s_gate.cache_clear()
    try:
        assert normalize._t2s_gate() is None
        assert normalize.to_simplified("回覆") == "回复"
    finally:
        monkeypatch.undo()
        normalize._t2s_gate.cache_clear()
