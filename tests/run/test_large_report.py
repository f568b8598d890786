"""A 50 MB report: read whole, every figure accounted for, offsets exact.

The report is built by the benchmark's corpus generator (bench/make_corpus.py) from the seed's and
the Guangdong report's real sentences, with the characters away from figures substituted per pass
so that it is not one page repeated. It takes minutes, not seconds: it runs the whole pipeline on
one 50 MB document, the size at which a report of scanned annexes arrives in practice."""

import importlib.util
import json
import random

import pytest

from qdextract.output.write import read_table
from qdextract.run import pipeline

from ..conftest import GUANGDONG, ROOT

pytestmark = pytest.mark.slow

MB = 50


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "bench" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_corpus


@pytest.fixture(scope="module")
def large_run(tmp_path_factory):
    if not GUANGDONG.exists():
        pytest.skip(f"{GUANGDONG} not present")
    raw = tmp_path_factory.mktemp("large")
    _make_corpus()(raw, MB, docs=1, dup_rate=0.05)
    out = tmp_path_factory.mktemp("largeout")
    return raw, out, pipeline.run_pipeline(raw, out)


@pytest.mark.timeout(3600)
def test_a_50_mb_report_goes_through_whole(large_run):
    raw, out, summary = large_run
    (path,) = sorted(raw.glob("*.txt"))
    assert path.stat().st_size >= MB * 1_000_000
    assert summary.exit_code == 0, summary.problems
    text = path.read_text(encoding="utf-8")
    docs = read_table(out, "documents")
    assert docs["status"].tolist() == ["ok"] and docs["n_chars"].tolist() == [len(text)]

    info = json.loads((out / "run.json").read_text(encoding="utf-8"))["documents"][path.name]
    quantities, claims = read_table(out, "quantities"), read_table(out, "claims")
    assert sum(info["quantities_by_role"].values()) == info["n_quantities"] == len(quantities)
    assert info["n_claims"] == len(claims) > 100_000
    assert read_table(out, "rejected").empty

    passages = read_table(out, "passages")
    assert passages["char_start"].is_monotonic_increasing and passages["char_end"].max() <= len(text)
    rng = random.Random(5)
    for i in rng.sample(range(len(claims)), 2000):
        c = claims.iloc[i]
        assert text[c.char_start:c.char_end] == c.surface
    for i in rng.sample(range(len(passages)), 2000):
        p = passages.iloc[i]
        assert text[p.char_start:p.char_end] == p.text
