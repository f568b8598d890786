"""A claim's `subject` and `metric` in the source's own characters.

Attribution reads normalized text (Simplified script, one width) and many of its rules name a
subject or metric by its normalized form; the columns `subject` and `metric` are the phrase as the
report writes it (`新地發展`, not `新地发展`). One pass at the end puts back the source's characters
wherever the normalized phrase stands in the claim's sentence (the normalization keeps lengths, so
its offsets are the source's); a phrase composed from pieces (`京东集团、美团`) keeps its form.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from qdextract.extract.attribution.nouns import raw_of
from qdextract.models import Claim


def in_source_forms(claims: list[Claim], sentence_of: dict[str, Any]) -> list[Claim]:
    """The claims with subject and metric in the source's characters where the sentence has them."""
    out = []
    for c in claims:
        sent = sentence_of.get(c.passage_id)
        changes: dict[str, Any] = {}
        if sent is not None and c.origin != "table":
            for raw_name, norm_name in (("subject", "subject_norm"), ("metric", "metric_norm")):
                raw, phrase = getattr(c, raw_name), getattr(c, norm_name)
                if phrase and raw == phrase and phrase not in sent.passage.text:
                    found = raw_of(sent, 0, len(sent.text), phrase)
                    if found and found != raw:
                        changes[raw_name] = found
        out.append(dataclasses.replace(c, **changes) if changes else c)
    return out
