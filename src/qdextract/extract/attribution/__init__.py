"""Subject and metric of each claim: the one place where they are read.

`phrases` reads them from the figure's own sentence while the grammar reads the figure;
`document` then settles them with the document's entities and the sentences around it.
Both take their word lists from `data/attribution.yaml`.
"""

from qdextract.extract.attribution.document import attribute_claims

__all__ = ["attribute_claims"]
