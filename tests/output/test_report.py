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
from tests.corpus.test_dedup import ROOT, claim_row, passages_frame, seed_claims, seed_passages

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
            "text": sentence, "text_norm": sentence, "dup_group": None, "dup_kind": None, "is_canonical": True,
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
        assert f"<code>{kind}</code>" in page  # the counts by kind and severity
    # each finding lists its figures with their section path
    assert "3.1 市場規模與結構" in page and "超15萬個" in page


# ---------------------------------------------------------------- markdown

def test_markdown_report(tables):
    md = render_report_md(tables, SUMMARY)
    assert md.startswith("# qdextract consistency report")
    assert "| claims | 18 |" in md
    assert "| `same_figure_different_context` | 0 | 0 | 1 |" in md  # kind, then error, warning, info
    assert md.count("### Group ") == 5
    assert "~~同時,~~" in md
    assert "<script>" not in md and "\\<script\\>alert(1)\\</script\\>" in md


def test_empty_run_renders():
    empty = {"documents": pd.DataFrame(), "passages": pd.DataFrame(), "claims": pd.DataFrame(), "findings": pd.DataFrame()}
    assert "No duplicate passages beyond boilerplate." in render_report_md(empty, {})
    assert "Errors (0)" in render_report_html(empty, {})


def test_report_opens_with_the_summary_then_errors_and_warnings(tables):
    conflict = claim_row(tables["passages"], "截至2025年一季度", "超15万个", 180000.0, "个", "count", "就业岗位",
                         subject="青岛市", period="2025Q1", qualifier="exact")
    claims = tables["claims"].copy()
    first = claims.index[claims["sentence"].str.contains("截至2025年一季度") & (claims["metric_norm"] == "就业岗位")][0]
    claims.loc[first, "qualifier"] = "exact"
    claims = pd.concat([claims, pd.DataFrame([{**conflict, "claim_id": "c_conflict", "surface": "18萬個"}])], ignore_index=True)
    marked, evidence = dedup_passages(tables["passages"])
    findings = check_consistency(marked, claims, evidence)
    assert (findings["severity"] == "error").sum() == 1
    with_error = {**tables, "claims": claims, "findings": findings}
    for render in (render_report_md, render_report_html):
        page = render(with_error, SUMMARY)
        order = [page.index(title) for title in ("Summary", "Errors (1)", "Warnings (", "Duplicate passages", "Other findings (")]
        assert order == sorted(order), render.__name__
        assert all(fid in page for fid in findings["finding_id"])  # every finding shown keeps its id
    page = render_report_html(with_error, SUMMARY)
    assert page.count('class="chart"') == 1 and page.count('class="matrix"') == 1
    assert "18萬個" in page.split('class="chart"')[1]  # the conflicting figure is charted


def test_both_formats_share_one_collection_and_one_diff_per_group(tables):
    from qdextract.output.report import report_data

    data = report_data(tables, SUMMARY)
    assert report_data(tables, SUMMARY) is data
    copies = [c for g in data.groups for c in g.copies[1:]]
    assert copies and all(c.diff for c in copies)
    deleted = "".join(text for c in copies for op, text in c.diff if op == "delete")
    assert "同時," in deleted


def test_boilerplate_is_one_line_with_a_count():
    text = "各位代表！\n今年交易额达到120亿元。\n各位代表！\n明年交易额将达到150亿元。\n各位代表！\n"
    passages = passages_frame((text, "d_b"))
    marked, evidence = dedup_passages(passages)
    tables = {"documents": pd.DataFrame([{"doc_id": "d_b", "source_path": "b.txt", "status": "ok"}]),
              "passages": marked, "claims": pd.DataFrame(), "findings": check_consistency(marked, pd.DataFrame(), evidence)}
    md = render_report_md(tables, {})
    assert "Boilerplate: 1 groups (3 passages)" in md and "«各位代表！» ×3" in md
    assert "### Group" not in md and tables["findings"].empty


def _large_tables(n_groups: int = 3000, n_findings: int = 20000) -> dict[str, pd.DataFrame]:
    """Many documents, groups and findings: what a large corpus gives the renderer."""
    rows, findings = [], []
    for g in range(n_groups):
        gid = f"g_{g:06d}"
        for k in range(2):
            doc = f"d_{(g * 7 + k * 13) % 400:04d}"
            pid = f"p_{g:06d}_{k}"
            text = f"第{g}组的段落,交易额增长{g % 97}%,其中第{k}份副本" + "很长的文字" * 40
            rows.append({"passage_id": pid, "doc_id": doc, "section_path": "一、概况", "paragraph_index": g,
                         "sentence_index": k, "char_start": g * 10 + k, "char_end": g * 10 + k + len(text), "text": text,
                         "text_norm": text, "dup_group": gid, "dup_kind": "near", "is_canonical": k == 0})
        findings.append({"finding_id": f"f_g{g:06d}", "kind": "duplicate_passage", "severity": "info",
                         "doc_ids": rows[-2]["doc_id"], "refs": f"p_{g:06d}_0,p_{g:06d}_1", "message": "passage stated 2 times: " + "x" * 500})
    for i in range(n_findings):
        sev = ("error", "warning", "info")[i % 3]
        findings.append({"finding_id": f"f_{i:06d}", "kind": "conflicting_figures", "severity": sev, "doc_ids": "d_0001",
                         "refs": "p_000001_0", "message": "figures disagree " + "y" * 900})
    docs = pd.DataFrame([{"doc_id": f"d_{d:04d}", "source_path": f"report_{d}.txt", "status": "ok"} for d in range(400)])
    return {"documents": docs, "passages": pd.DataFrame(rows), "claims": pd.DataFrame(), "findings": pd.DataFrame(findings)}


def test_report_stays_small_whatever_the_corpus():
    tables = _large_tables()
    page = render_report_html(tables, {})
    md = render_report_md(tables, {})
    assert len(page.encode()) < 1_000_000 and len(md.encode()) < 1_000_000
    assert "more in findings.parquet (severity error)" in page and "more in passages.parquet (dup_group)" in page
    assert "… 6607 more in findings.parquet (severity error)" in md  # 6667 errors, 60 shown


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



@pytest.mark.slow
@pytest.mark.skipif(not HAS_CHROMIUM, reason="chromium is not installed (apt-get install chromium)")
def test_browser_check_fails_on_a_page_too_large(tmp_path, page):
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    result = _run_check(report, "--max-mb", "0.001")
    assert result.returncode == 1 and "more than 0.001 MB" in result.stderr
