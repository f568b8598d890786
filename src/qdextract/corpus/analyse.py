"""Corpus-wide stages over all documents of a run: deduplication, claims_clean, the consistency check."""

from __future__ import annotations

import time

import pandas as pd

from qdextract.corpus.boilerplate import passage_facts
from qdextract.corpus.consistency import check_consistency
from qdextract.corpus.dedup import (
    DedupConfig,
    build_claims_clean,
    dedup_passages,
    mark_duplicate_claims,
)
from qdextract.output.tables import conform


def mark_duplicates(tables: dict[str, pd.DataFrame], config: DedupConfig) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Passages and claims with dup_group/dup_kind/is_canonical set, and the passage pairs' evidence.
    The claims tell the passages' figures (a result from a target, boilerplate from a fact)."""
    facts = passage_facts(tables["claims"], tables["passages"])
    passages, evidence = dedup_passages(tables["passages"], config, facts)
    passages = conform("passages", passages)
    claims = conform("claims", mark_duplicate_claims(tables["claims"], passages, config))
    return {**tables, "passages": passages, "claims": claims}, evidence


def analyse_corpus(tables: dict[str, pd.DataFrame], timings: dict[str, float] | None = None) -> dict[str, pd.DataFrame]:
    """The tables with dup_group/dup_kind/is_canonical set, claims_clean and findings built; the seconds
    spent on deduplication and on the consistency check go into `timings` when given."""
    t0 = time.perf_counter()
    out, evidence = mark_duplicates(tables, DedupConfig.load())
    t1 = time.perf_counter()
    findings = conform("findings", check_consistency(out["passages"], out["claims"], evidence))
    del evidence
    t2 = time.perf_counter()
    # built after the check: memory holds the check's rows or this copy of most claims, not both
    out["claims_clean"] = conform("claims_clean", build_claims_clean(out["claims"]))
    out["findings"] = findings
    if timings is not None:
        timings["dedup"] = round(t1 - t0 + time.perf_counter() - t2, 6)
        timings["consistency"] = round(t2 - t1, 6)
    return out
