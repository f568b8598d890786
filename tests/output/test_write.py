import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qdextract.output.schemas import SCHEMAS
from qdextract.output.tables import frame
from qdextract.output.write import atomic_write, read_table, remove_stale_temp_files, write_table

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=30)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(rows=st.lists(st.fixed_dictionaries({
    "entity_id": text.map(lambda s: "e_" + s), "doc_id": st.sampled_from(["d_1", "d_2"]),
    "char_start": st.integers(0, 10**6), "text": text.filter(bool), "text_norm": text,
    "label": st.sampled_from(["ORG", "GPE"]),
}), max_size=8))
def test_parquet_and_csv_read_back_equal(tmp_path, rows):
    rows = [{**r, "char_end": r["char_start"] + 1} for r in rows]
    df = frame("entities", rows)
    write_table(df, tmp_path, "entities")
    pd.testing.assert_frame_equal(read_table(tmp_path, "entities"), df)
    from_csv = SCHEMAS["entities"].validate(pd.read_csv(tmp_path / "entities.csv", dtype=str, keep_default_na=False))
    pd.testing.assert_frame_equal(from_csv, df)


def test_failed_write_keeps_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")

    def crash(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("killed between writing and renaming")

    with pytest.raises(RuntimeError):
        atomic_write(target, crash)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_stale_temp_files_removed(tmp_path):
    (tmp_path / ".qdextract-tmp-abc.parquet").write_bytes(b"partial")
    (tmp_path / "claims.parquet").write_bytes(b"keep")
    assert [p.name for p in remove_stale_temp_files(tmp_path)] == [".qdextract-tmp-abc.parquet"]
    assert [p.name for p in tmp_path.iterdir()] == ["claims.parquet"]


KILL_SCRIPT = r"""
import sys, pandas as pd
from pathlib import Path
from qdextract.output.write import write_table
out = Path(sys.argv[1])
df = pd.DataFrame({"text": ["青島市直播電商交易規模突破1200億元" * 50] * 200_000})
print("ready", flush=True)
while True:
    write_table(df, out, "big")
"""


def test_sigkill_mid_write_leaves_previous_outputs_readable(tmp_path):
    """A run killed while writing: the table that stood is intact; the next run clears the temp files."""
    import signal
    import subprocess
    import sys
    import time

    small = pd.DataFrame({"text": ["舊"]})
    write_table(small, tmp_path, "big")
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.time() + 60
    while not list(tmp_path.glob(".qdextract-tmp-*")) and time.time() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.glob(".qdextract-tmp-*")), "the kill did not land mid-write"
    parquet = pd.read_parquet(tmp_path / "big.parquet")
    csv = pd.read_csv(tmp_path / "big.csv")
    assert len(parquet) in (1, 200_000) and len(csv) in (1, 200_000)
    remove_stale_temp_files(tmp_path)
    assert not list(tmp_path.glob(".qdextract-tmp-*"))
