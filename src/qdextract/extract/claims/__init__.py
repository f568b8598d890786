"""Numeric claims: what each figure of a sentence measures, and how an analyst would read it.

Each passage (one sentence) is normalized (Simplified, width-folded), its figures are found by
`quantities`, and each figure is given a role (claim, year, section number, name, …). Claims get
their attributes from the cue words around them (`data/cues.yaml`): qualifier, direction, value
role, from-value, year-on-year, base period, modality, and a first metric and subject (refined by
`extract.attribution`). The modules follow one figure's way: `patterns` (the compiled cue
words), `sentence` (a sentence and its figures' roles), `reading` (one figure's attributes),
`context` (period and modality from the sentence, paragraph and heading), `lists` (`分别` and
listed from-to pairs), `build` (a document's passages in, records out).
"""

from qdextract.extract.claims.build import claims_from_passages
from qdextract.extract.claims.context import heading_modalities, heading_modality

__all__ = ["claims_from_passages", "heading_modalities", "heading_modality"]
