"""Corpus-wide stages over all documents of a run: deduplication, claims_clean, the consistency check."""

from __future__ import annotations

import pandas as pd

from qdextract.consistency import check_consistency
from qdextract.dedup import DedupConfig, build_claims_clean, dedup_passages, mark_duplicate_claims
from qdextract.tables import frame


def analyse_corpus(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables with dup_group/is_canonical set, claims_clean and findings built."""
    out = dict(tables)
    passages, evidence = dedup_passages(tables["passages"], DedupConfig.load())
    claims = mark_duplicate_claims(tables["claims"], passages)
    out["passages"] = frame("passages", passages.to_dict("records"))
    out["claims"] = frame("claims", claims.to_dict("records"))
    out["claims_clean"] = frame("claims_clean", build_claims_clean(out["claims"]).to_dict("records"))
    out["findings"] = frame("findings", check_consistency(out["passages"], out["claims"], evidence).to_dict("records"))
    return out
