"""The whole pipeline in-process: bad input, faults, accounting, determinism, atomic outputs."""

import dataclasses
import json
import os
import re
import shutil

import pandas as pd
import pytest

from qdextract.output.schemas import SCHEMAS
from qdextract.output.tables import TABLES
from qdextract.output.write import read_table
from qdextract.run import pipeline

from ..conftest import GUANGDONG, SEED


def _tables(out):
    return {name: read_table(out, name) for name in TABLES}


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, raw / SEED.name)
    out = tmp_path_factory.mktemp("out")
    summary = pipeline.run_pipeline(raw, out)
    return raw, out, summary


def test_seed_run_writes_every_table_in_both_formats(seed_run):
    _, out, summary = seed_run
    assert summary.exit_code == 0, summary.problems
    for name in TABLES:
        parquet = pd.read_parquet(out / f"{name}.parquet")
        csv = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(parquet.columns) == list(SCHEMAS[name].to_schema().columns) == list(csv.columns)
        assert len(parquet) == len(csv)
    for name in ("report.md", "report.html", "run.json"):
        assert (out / name).stat().st_size > 0
    tables = _tables(out)
    assert len(tables["passages"]) > 40 and len(tables["claims"]) > 40
    assert tables["rejected"].empty


def test_seed_offsets_are_exact(seed_run, seed_text):
    _, out, _ = seed_run
    t = _tables(out)
    for row in t["passages"].itertuples():
        assert seed_text[row.char_start:row.char_end] == row.text
    for row in t["claims"].itertuples():
        assert seed_text[row.char_start:row.char_end] == row.surface
        assert row.surface in row.sentence
    for row in t["quantities"].itertuples():
        assert seed_text[row.char_start:row.char_end] == row.text
    for row in t["entities"].itertuples():
        assert seed_text[row.char_start:row.char_end] == row.text


@pytest.fixture(scope="module")
def guangdong_run(tmp_path_factory):
    if not GUANGDONG.exists():
        pytest.skip(f"{GUANGDONG} not present")
    raw = tmp_path_factory.mktemp("gdraw")
    shutil.copy(GUANGDONG, raw / GUANGDONG.name)
    out = tmp_path_factory.mktemp("gdout")
    return raw, out, pipeline.run_pipeline(raw, out)


@pytest.mark.parametrize("run, source", [("seed_run", SEED.name), ("guangdong_run", GUANGDONG.name)])
def test_every_quantity_is_accounted_for(run, source, request):
    """Each mention is a claim (with its claim_id) or a non-claim with its role; run.json adds up."""
    _, out, summary = request.getfixturevalue(run)
    assert summary.exit_code == 0, summary.problems
    t = _tables(out)
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    doc = info["documents"][source]
    assert sum(doc["quantities_by_role"].values()) == doc["n_quantities"] == len(t["quantities"])
    q = t["quantities"]
    claim_rows = q[q["role"] == "claim"]
    assert claim_rows["claim_id"].notna().all() and q[q["role"] != "claim"]["claim_id"].isna().all()
    assert set(claim_rows["claim_id"]) == set(t["claims"]["claim_id"])
    # A from-to claim owns both its mentions (`從3.2%降至2.1%`), so claims <= claim mentions.
    assert claim_rows["claim_id"].nunique() == doc["n_claims"] == len(t["claims"]) <= doc["quantities_by_role"]["claim"]
    assert doc["quantities_by_role"].get("year", 0) > 0
    if source == SEED.name:  # the seed's headings (3.1, 3.2.1) are counted too
        assert doc["quantities_by_role"].get("section_number", 0) >= 15


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    """Every report of ../shared/corpus and the seed, in one run."""
    from ..conftest import CORPUS

    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} not present")
    raw = tmp_path_factory.mktemp("corpusraw")
    for path in [SEED, *sorted(CORPUS.iterdir())]:
        if path.suffix in (".txt", ".md") and path.name != "README.md":
            shutil.copy(path, raw / path.name)
    out = tmp_path_factory.mktemp("corpusout")
    return raw, out, pipeline.run_pipeline(raw, out)


@pytest.mark.slow
def test_no_row_of_real_reports_is_rejected(corpus_run):
    """A row the pipeline produced from real text never fails its own schema."""
    _, out, summary = corpus_run
    rejected = read_table(out, "rejected")
    assert rejected.empty, rejected[["table", "check", "reason"]].head(10).to_dict("records")
    assert summary.exit_code == 0, summary.problems


@pytest.mark.slow
def test_every_digit_run_of_real_reports_is_a_quantity(corpus_run):
    """Every run of digits that a passage holds (not page furniture such as an address) lies
    inside a quantity mention (claim or not)."""
    import re

    from qdextract.text.structure import reading_text

    raw, out, _ = corpus_run
    t = _tables(out)
    docs = t["documents"].set_index("doc_id")["source_path"].to_dict()
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in t["quantities"].itertuples():
        spans.setdefault(row.doc_id, []).append((row.char_start, row.char_end))
    missed = []
    for row in t["passages"].itertuples():
        for m in re.finditer(r"[0-9０-９]+", reading_text(row.text)):
            s, e = row.char_start + m.start(), row.char_start + m.end()
            if not any(a <= s and e <= b for a, b in spans.get(row.doc_id, ())):
                missed.append((docs[row.doc_id], m.group(), row.text[max(0, m.start() - 10):m.end() + 10]))
    assert not missed, f"{len(missed)} digit runs not in any quantity: {missed[:10]}"


@pytest.mark.slow
def test_no_markup_in_metric_or_subject(corpus_run):
    """No Markdown markup (`**`, `__`, a table's `|`, a heading's `#`) in a metric or a subject;
    a `#` inside a name (`C#`) is text."""
    _, out, _ = corpus_run
    claims = _tables(out)["claims"]
    for column in ("metric", "subject", "metric_norm", "subject_norm"):
        bad = claims[claims[column].fillna("").str.contains(r"\*|__|[|｜]|(?:^|\s)#", regex=True)]
        assert bad.empty, bad[[column, "sentence"]].head(10).to_dict("records")


def test_furniture_is_listed_in_the_run_summary(seed_run):
    _, out, _ = seed_run
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert [f["text"] for f in info["documents"][SEED.name]["furniture_dropped"]] == ["![]()", "海報生成中..."]


def test_rerun_gives_identical_tables_and_ids(seed_run, tmp_path):
    raw, out, _ = seed_run
    pipeline.run_pipeline(raw, tmp_path)
    for name in TABLES:
        pd.testing.assert_frame_equal(read_table(out, name), read_table(tmp_path, name), obj=name)
        assert (out / f"{name}.csv").read_bytes() == (tmp_path / f"{name}.csv").read_bytes()


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    """A folder of every kind of bad input beside two good reports."""
    raw = tmp_path_factory.mktemp("badraw")
    shutil.copy(SEED, raw / "青島 報告 2025.txt")
    if GUANGDONG.exists():
        (raw / "gd_gb18030.txt").write_bytes(GUANGDONG.read_text(encoding="utf-8")[:6000].encode("gb18030"))
    (raw / "big5.txt").write_bytes("萊西區域品牌帶動農村網絡零售額增長41%。".encode("big5"))
    (raw / "utf16.md").write_bytes("青岛市交易额增长38%。".encode("utf-16"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "blank.txt").write_bytes(b"  \n\t\n")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (raw / "crlf.txt").write_bytes("第一章 總論\r\n銷售額增長12%。\r\n".encode())
    (raw / "cr.txt").write_bytes("銷售額增長12%。\r利潤下降3%。".encode())
    (raw / "control.txt").write_bytes("銷售額\x00增長\x0712%。".encode())
    if GUANGDONG.exists():  # a 10 MB single line: a real report with every end mark and line break lost
        flat = re.sub(r"[。！？；!?;\r\n]", "", GUANGDONG.read_text(encoding="utf-8"))
        (raw / "long_line.txt").write_text(flat * (10_000_000 // len(flat.encode("utf-8")) + 1), encoding="utf-8")
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("外部文件增長9%。", encoding="utf-8")
    os.symlink(outside, raw / "link.txt")
    out = tmp_path_factory.mktemp("badout")
    summary = pipeline.run_pipeline(raw, out)
    return raw, out, summary


def test_bad_input_fails_per_document_and_the_rest_goes_through(bad_run):
    _, out, summary = bad_run
    docs = read_table(out, "documents").set_index("source_path")
    failed = docs[docs["status"] == "failed"]
    assert set(failed.index) == {"empty.txt", "blank.txt", "image.txt"}
    assert "empty.txt: empty document" in failed.loc["empty.txt", "error"]
    assert "image.txt: not a text file (looks like a PNG image)" in failed.loc["image.txt", "error"]
    ok = docs[docs["status"] == "ok"]
    assert {"青島 報告 2025.txt", "big5.txt", "utf16.md", "crlf.txt", "cr.txt", "control.txt"} <= set(ok.index)
    if GUANGDONG.exists():
        assert ok.loc["long_line.txt", "n_chars"] > 3_000_000 and ok.loc["long_line.txt", "n_claims"] > 10_000
    assert ok.loc["big5.txt", "encoding"] == "big5" and ok.loc["utf16.md", "encoding"] == "utf-16"
    assert "link.txt" not in docs.index
    assert summary.exit_code == 1
    assert any("link.txt" in p and "not followed" in p for p in summary.problems)
    assert sum("empty.txt" in p for p in summary.problems) == 1
    claims = read_table(out, "claims")
    seed_claims = claims[claims["doc_id"] == docs.loc["青島 報告 2025.txt", "doc_id"]]
    assert len(seed_claims) == docs.loc["青島 報告 2025.txt", "n_claims"] > 40
    assert (claims[claims["doc_id"] == docs.loc["big5.txt", "doc_id"]]["value"] == 41.0).any()


def test_one_document_whose_processing_raises(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    (raw / "b.txt").write_text("觸發錯誤的文件,銷售額增長5%。", encoding="utf-8")
    real = pipeline.structure_document

    def flaky(text, doc_id):
        if "觸發錯誤" in text:
            raise RuntimeError("simulated fault")
        return real(text, doc_id)

    monkeypatch.setattr(pipeline, "structure_document", flaky)
    summary = pipeline.run_pipeline(raw, tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents").set_index("source_path")
    assert docs.loc["b.txt", "status"] == "failed"
    assert docs.loc["b.txt", "error"] == "b.txt: processing failed: RuntimeError: simulated fault"
    assert docs.loc["a.txt", "status"] == "ok" and docs.loc["a.txt", "n_claims"] > 40
    assert summary.exit_code == 1 and any("simulated fault" in p for p in summary.problems)


def test_invalid_rows_land_in_rejected_and_none_vanish(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / "a.txt")
    real = pipeline.analyse_document
    produced = {}

    def corrupt(doc):
        result = real(doc)
        bad = [dataclasses.replace(result.claims[0], char_start=10**7, char_end=10**7 + 3),
               dataclasses.replace(result.claims[1], qualifier="sort of")]
        result.claims = result.claims[2:] + bad
        produced["claims"] = len(result.claims)
        return result

    monkeypatch.setattr(pipeline, "analyse_document", corrupt)
    summary = pipeline.run_pipeline(raw, tmp_path / "out")
    claims = read_table(tmp_path / "out", "claims")
    rejected = read_table(tmp_path / "out", "rejected")
    assert len(claims) + (rejected["table"] == "claims").sum() == produced["claims"]
    assert set(rejected[rejected["table"] == "claims"]["check"]) >= {"offsets_within_document"}
    assert any("isin" in c for c in rejected["check"])
    assert summary.exit_code == 1 and any("claims failed validation" in p for p in summary.problems)


def test_crash_while_writing_keeps_previous_outputs(seed_run, tmp_path, monkeypatch):
    seed_raw, out, _ = seed_run
    work = tmp_path / "out"
    shutil.copytree(out, work)
    raw = tmp_path / "raw"  # new input, so that the run rewrites every output
    shutil.copytree(seed_raw, raw)
    (raw / "extra.txt").write_text("萊西區域品牌帶動農村網絡零售額增長41%。", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    calls = {"n": 0}
    real_replace = os.replace

    def dying_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt("killed between writing the temp file and renaming it")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        pipeline.run_pipeline(raw, work)
    monkeypatch.setattr(os, "replace", real_replace)
    for name in TABLES:  # every table still reads, old or new
        read_table(work, name)
    assert not [p for p in work.iterdir() if p.name.startswith(".qdextract-tmp-")]
    after = {p.name: p.read_bytes() for p in work.iterdir() if p.is_file()}
    assert after.keys() == before.keys()
