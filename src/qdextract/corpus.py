"""Corpus-wide stages over all documents of a run: deduplication, claims_clean, the consistency check."""

from __future__ import annotations

import pandas as pd

from qdextract.consistency import check_consistency
from qdextract.dedup import DedupConfig, build_claims_clean, dedup_passages, mark_duplicate_claims
from qdextract.tables import conform


def analyse_corpus(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with dup_group/is_canonical set, claims_clean and findings built."""
    out = dict(tables)
    config = DedupConfig.load()
    passages, evidence = dedup_passages(tables["passages"], config)
    out["passages"] = conform("passages", passages)
    out["claims"] = conform("claims", mark_duplicate_claims(tables["claims"], out["passages"], config))
    out["claims_clean"] = conform("claims_clean", build_claims_clean(out["claims"]))
    out["findings"] = conform("findings", check_consistency(out["passages"], out["claims"], evidence))
    return out
