import os

import pytest

from qdextract.text.ingest import (
    DocumentError,
    assign_doc_ids,
    decode_bytes,
    discover_documents,
    read_document,
)

SAMPLE_TRAD = "青島市直播電商交易規模突破1200億元,同比增長38%。"
SAMPLE_SIMP = "青岛市直播电商交易规模突破1200亿元，同比增长38%。"


@pytest.mark.parametrize(
    "text, encoding, detected",
    [
        pytest.param(SAMPLE_SIMP, "utf-8", "utf-8", id="utf-8"),
        pytest.param(SAMPLE_SIMP, "utf-8-sig", "utf-8-sig", id="utf-8-bom"),
        pytest.param(SAMPLE_SIMP, "utf-16", "utf-16", id="utf-16-bom"),
        pytest.param(SAMPLE_TRAD, "utf-16-be", "utf-16-be", id="utf-16-be-no-bom"),
        pytest.param(SAMPLE_SIMP * 3, "gb18030", "gb18030", id="gb18030"),
        pytest.param(SAMPLE_SIMP * 3, "gbk", "gb18030", id="gbk-read-as-gb18030"),
        pytest.param(SAMPLE_TRAD * 3, "big5", "big5", id="big5"),
    ],
)
def test_decodes_real_bytes(text, encoding, detected):
    decoded, found = decode_bytes(text.encode(encoding), "f.txt")
    assert decoded == text
    assert found == detected


def test_utf16_with_bom_both_orders():
    for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        decoded, _ = decode_bytes(bom + SAMPLE_TRAD.encode(enc), "f.txt")
        assert decoded == SAMPLE_TRAD


def test_seed_report_in_big5_and_gb18030(seed_text):
    for enc in ("big5", "gb18030"):
        assert decode_bytes(seed_text.encode(enc), "seed.txt") == (seed_text, enc)


@pytest.mark.parametrize(
    "data, message",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a text file (looks like a PNG image)", id="png"),
        pytest.param(b"\x00\x01\x02\x03" * 100, "not a text file", id="binary-nul"),
        pytest.param(b"\xff\xfe\x00\xd8", "does not decode", id="broken-utf16"),
    ],
)
def test_undecodable_names_file_and_problem(data, message):
    with pytest.raises(DocumentError, match="bad.txt") as err:
        decode_bytes(data, "bad.txt")
    assert message in str(err.value)


def test_discovery_sorted_filtered_and_no_outside_links(tmp_path):
    raw = tmp_path / "raw"
    (raw / "sub dir").mkdir(parents=True)
    for name in ["b.txt", "a.md", "c.pdf", "sub dir/報告 一.txt"]:
        (raw / name).write_text("內容。", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("外部。", encoding="utf-8")
    os.symlink(outside, raw / "link.txt")
    found = discover_documents(raw)
    assert [p.relative_to(raw).as_posix() for p in found.paths] == ["a.md", "b.txt", "sub dir/報告 一.txt"]
    assert len(found.problems) == 1 and "link.txt" in found.problems[0] and "not followed" in found.problems[0]


def test_doc_id_stable_for_content_and_distinct_for_copies(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("同一內容。", encoding="utf-8")
    b.write_text("同一內容。", encoding="utf-8")
    c.write_text("另一內容。", encoding="utf-8")
    ids = assign_doc_ids([a, b, c])
    assert len(set(ids.values())) == 3
    assert ids[b].startswith(ids[a] + "-")
    assert assign_doc_ids([a, b, c]) == ids


@pytest.mark.parametrize(
    "content, message",
    [pytest.param(b"", "empty document", id="empty"), pytest.param(b" \n\t\r\n", "only whitespace", id="whitespace")],
)
def test_empty_documents_fail_clearly(tmp_path, content, message):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(DocumentError, match=f"empty.txt: {message}"):
        read_document(p, tmp_path)


def test_control_characters_become_spaces_one_for_one(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes("增長\x0038%\x07。".encode())
    doc = read_document(p, tmp_path)
    assert doc.text == "增長 38% 。"


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text("內容。", encoding="utf-8")

    def deny(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(type(p), "read_bytes", deny)
    with pytest.raises(DocumentError, match="locked.txt: cannot be read \\(Permission denied\\)"):
        read_document(p, tmp_path)
