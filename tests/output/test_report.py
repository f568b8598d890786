"""report.md and report.html: what they show, that source text stays text, and the browser check."""

from __future__ import annotations

import html.parser
import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from qdextract.corpus.consistency import check_consistency
from qdextract.corpus.dedup import build_claims_clean, dedup_passages, mark_duplicate_claims
from qdextract.ids import make_id
from qdextract.output.report import rebuild_report, render_report_html, render_report_md
from tests.corpus.test_dedup import ROOT, claim_row, seed_claims, seed_passages

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']
CHECK_SCRIPT = ROOT / "scripts" / "check_report_html.py"
HAS_CHROMIUM = any(shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome"))


def _hostile_passages() -> pd.DataFrame:
    """A document whose text and headings carry markup, stated twice so it lands in a group."""
    text = f"评论区出现{HOSTILE[0]}字样,交易额增长12%。"
    rows = []
    for i, (sentence, section) in enumerate([(text, HOSTILE[1]), (text.replace("增长", "增长了"), HOSTILE[0])]):
        start = i * 100
        rows.append({
            "passage_id": make_id("p", "d_hostile", start), "doc_id": "d_hostile", "section_path": section,
            "paragraph_index": i, "sentence_index": 0, "char_start": start, "char_end": start + len(sentence),
            "text": sentence, "text_norm": sentence, "dup_group": None, "is_canonical": True,
        })
    return pd.DataFrame(rows)


def _tables() -> dict[str, pd.DataFrame]:
    passages = pd.concat([seed_passages(), _hostile_passages()], ignore_index=True)
    marked, evidence = dedup_passages(passages)
    claims = seed_claims(marked)
    hostile = claim_row(marked, "评论区出现", "12%", 12.0, "%", "percent", HOSTILE[1], role="change")
    claims = mark_duplicate_claims(pd.concat([claims, pd.DataFrame([hostile])], ignore_index=True), marked)
    documents = pd.DataFrame([
        {"doc_id": "d_seed", "source_path": "qingdao_livestream_report.txt", "status": "ok"},
        {"doc_id": "d_hostile", "source_path": HOSTILE[1] + ".txt", "status": "ok"},
    ])
    return {
        "documents": documents, "passages": marked, "claims": claims,
        "claims_clean": build_claims_clean(claims), "findings": check_consistency(marked, claims, evidence),
    }


SUMMARY = {
    "run_id": "r_test",
    "documents": {"qingdao_livestream_report.txt": {"furniture_dropped": [
        {"text": "![]()", "kind": "image_markup", "char_start": 2302},
        {"text": "海報生成中...", "kind": "poster_placeholder", "char_start": 3308},
    ]}},
}


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return _tables()


@pytest.fixture(scope="module")
def page(tables) -> str:
    return render_report_html(tables, SUMMARY)


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Elements:
    parser = _Elements()
    parser.feed(page)
    return parser


# ---------------------------------------------------------------- html

def test_hostile_source_text_comes_out_as_text(page):
    parsed = _parse(page)
    assert "script" not in parsed.tags and "img" not in parsed.tags and parsed.handlers == []
    shown = "".join(parsed.text)
    for hostile in HOSTILE:
        assert hostile in shown  # readable as written, not run
        assert hostile not in page  # and never raw in the markup


def test_html_is_self_contained(page):
    parsed = _parse(page)
    assert "style" in parsed.tags and "link" not in parsed.tags
    assert "http://" not in page and "https://" not in page


def test_html_shows_copies_side_by_side_with_differences(page):
    # the 一城一倉 copy lacks the spaces and curly quotes of the first: those show as deletions
    assert page.count('class="group"') == 5  # 4 seed groups and the hostile document's pair
    assert "<del>同時,</del>" in page
    assert "<ins>了</ins>" in page


def test_html_summary_and_findings(page, tables):
    for label in ("documents", "passages", "claims", "duplicate passage groups", "findings", "page furniture dropped"):
        assert f"<td>{label}</td>" in page
    assert "海報生成中..." in page
    for kind in set(tables["findings"]["kind"]):
        assert f"<code>{kind}</code>" in page
    # each finding lists its figures with their section path
    assert "3.1 市場規模與結構" in page and "超15萬個" in page


# ---------------------------------------------------------------- markdown

def test_markdown_report(tables):
    md = render_report_md(tables, SUMMARY)
    assert md.startswith("# qdextract consistency report")
    assert "| claims | 18 |" in md
    assert "same_figure_different_context: 1" in md
    assert md.count("### Group ") == 5
    assert "~~同時,~~" in md
    assert "<script>" not in md and "\\<script\\>alert(1)\\</script\\>" in md


def test_empty_run_renders():
    empty = {"documents": pd.DataFrame(), "passages": pd.DataFrame(), "claims": pd.DataFrame(), "findings": pd.DataFrame()}
    assert "No duplicate passages." in render_report_md(empty, {})
    assert "No findings." in render_report_html(empty, {})


# ---------------------------------------------------------------- rebuild from tables on disk

def test_rebuild_report_from_tables(tmp_path, tables):
    for name, df in tables.items():
        df.to_parquet(tmp_path / f"{name}.parquet", index=False)
    (tmp_path / "run.json").write_text(json.dumps(SUMMARY, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "report.md").write_text("stale", encoding="utf-8")
    rebuild_report(tmp_path)
    assert (tmp_path / "report.md").read_text("utf-8") == render_report_md(tables, SUMMARY)
    assert (tmp_path / "report.html").read_text("utf-8") == render_report_html(tables, SUMMARY)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_rebuild_report_names_a_missing_table(tmp_path):
    pd.DataFrame({"doc_id": ["d_a"]}).to_parquet(tmp_path / "documents.parquet")
    with pytest.raises(FileNotFoundError, match="passages.parquet"):
        rebuild_report(tmp_path)
    assert not (tmp_path / "report.html").exists()


# ---------------------------------------------------------------- in a real browser

def _run_check(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK_SCRIPT), *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
@pytest.mark.skipif(not HAS_CHROMIUM, reason="chromium is not installed (apt-get install chromium)")
def test_report_renders_in_chromium_without_script_errors(tmp_path, page):
    report, shot = tmp_path / "report.html", tmp_path / "report.png"
    report.write_text(page, encoding="utf-8")
    result = _run_check(report, "--screenshot", shot)
    assert result.returncode == 0, result.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
@pytest.mark.skipif(not HAS_CHROMIUM, reason="chromium is not installed (apt-get install chromium)")
def test_browser_check_fails_on_a_script_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><p>x</p><script>notDefined()</script></body></html>", encoding="utf-8")
    result = _run_check(bad)
    assert result.returncode == 1
    assert "Uncaught ReferenceError" in result.stderr

