"""What kind of repeat a duplicate group is: a copy (exact, near, contained) or boilerplate.

Reports repeat some text by habit: salutations (`各位代表！`), set phrases and headings
(`扩大有效投资。`, `主要做了以下工作：`), the formula every provincial report states with its own
figure (`社会消费品零售总额增长5%左右`), a feed's footer under every item. They are true repeats and
useless findings, so a group is boilerplate when the member that all others share (the shortest) is

- a short phrase with no figure (at most `boilerplate_phrase_chars` folded characters), or text
  with no figure that is mostly not Chinese (links, addresses, markup: less than
  `boilerplate_min_han_share` of its folded characters);
- shared by many documents (`boilerplate_min_docs`) or repeated many times (`boilerplate_min_copies`)
  with no figure, up to `boilerplate_max_chars`, or by two documents up to `boilerplate_shared_chars`
  (the policy wording provincial reports take from one central text);
- a short formula (`boilerplate_formula_chars`) in two or more documents whose figures state no
  period or name no subject: each report's own target or result, not a copy of another's (a
  report's period comes from its own heading or date, so `地区生产总值增长5%左右` under two
  provinces' 2026 targets is still two provinces' figure).

Whether a passage states a figure comes from its claims (a misread such as a session number is
no figure) when the claims are given, from its digits otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd
import regex

from qdextract.corpus.grouping import DedupConfig
from qdextract.corpus.trust import is_trusted_figure
from qdextract.output.tables import records

BOILERPLATE = "boilerplate"
# a passage keeps the closest sameness it has with another member of its group
KIND_STRENGTH = {"exact": 3, "near": 2, "contained": 1}
PAIR_TO_DUP_KIND = {"exact": "exact", "normalized": "exact", "near": "near", "containment": "contained"}
_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class PassageFacts:
    """What the trusted claims of one passage say about time and modality."""

    n_claims: int
    modalities: frozenset[str]
    periods: frozenset[str]
    named: bool = False  # a figure names its subject

    def conflicts_with(self, other: PassageFacts, contained: bool = False) -> bool:
        """The two passages state their figures for another time or as another modality (a
        result against a target): not copies, whatever their text. For a contained passage,
        its own facts need only appear among the container's."""
        if not self.n_claims or not other.n_claims:
            return False
        if contained:
            modal = not self.modalities <= other.modalities
        else:
            modal = self.modalities != other.modalities
        return modal or bool(self.periods and other.periods and not self.periods & other.periods)


def passage_starts(passages: pd.DataFrame) -> dict[str, int]:
    """passage_id -> char_start (plain lists: iterating Arrow-backed columns costs far more)."""
    return dict(zip(passages["passage_id"].astype(str).tolist(), pd.to_numeric(passages["char_start"]).astype("int64").tolist()))


_CHUNK = 20_000  # claims read as dicts at a time


def passage_facts(claims: pd.DataFrame, passages: pd.DataFrame) -> dict[str, PassageFacts]:
    """passage_id -> the facts of its trusted claims (passages without one are left out)."""
    if claims is None or claims.empty:
        return {}
    starts = passage_starts(passages)
    wanted = claims[[col for col in ("passage_id", "char_start", "surface", "sentence", "kind", "unit", "value",
                                     "modality", "period", "subject_norm") if col in claims]]
    found: dict[str, list[tuple[str, str | None, bool]]] = defaultdict(list)  # passage -> (modality, period, named)
    for at in range(0, len(wanted), _CHUNK):  # rows as dicts a chunk at a time: memory holds one chunk
        for c in records(wanted.iloc[at:at + _CHUNK]):
            pid = str(c["passage_id"])
            if is_trusted_figure(c, starts.get(pid)):
                found[pid].append((str(c.get("modality") or "actual"), str(c["period"]) if c.get("period") else None,
                                   isinstance(c.get("subject_norm"), str) and bool(c["subject_norm"])))
    return {
        pid: PassageFacts(len(cs), frozenset(m for m, _, _ in cs), frozenset(p for _, p, _ in cs if p),
                          any(n for _, _, n in cs))
        for pid, cs in found.items()
    }


def _has_figure(pos: int, facts: list[PassageFacts | None] | None, texts_norm: Sequence[str]) -> bool:
    if facts is not None:
        f = facts[pos]
        return f is not None and f.n_claims > 0
    return any(ch.isdigit() for ch in texts_norm[pos])


def is_boilerplate(members: list[int], keys: list[str], texts_norm: Sequence[str], docs: Sequence[Hashable],
                   facts: list[PassageFacts | None] | None, config: DedupConfig) -> bool:
    """The group of passages at `members` (positions) is boilerplate (see the module's rules)."""
    shortest = min(members, key=lambda p: (len(keys[p]), p))
    length = len(keys[shortest])
    figure = _has_figure(shortest, facts, texts_norm)
    n_docs = len({docs[p] for p in members})
    if not figure:
        han = len(_HAN.findall(keys[shortest]))
        if length <= config.boilerplate_phrase_chars or han < config.boilerplate_min_han_share * length:
            return True
        if length <= config.boilerplate_max_chars and (
            n_docs >= config.boilerplate_min_docs or len(members) >= config.boilerplate_min_copies
        ):
            return True
        return n_docs >= 2 and length <= config.boilerplate_shared_chars
    dated = facts is not None and any(facts[p] is not None and facts[p].periods for p in members)
    named = facts is not None and any(facts[p] is not None and facts[p].named for p in members)
    return n_docs >= 2 and length <= config.boilerplate_formula_chars and not (dated and named)


def dup_kinds(dup_group: list[str | None], joins: Iterable[tuple[int, int, str]], keys: list[str],
              texts_norm: Sequence[str], docs: Sequence[Hashable], facts: list[PassageFacts | None] | None,
              config: DedupConfig) -> list[str | None]:
    """dup_kind of every position: boilerplate for a boilerplate group's members, else the closest
    sameness (exact > near > contained) of the pairs that joined the passage to its group."""
    kind: list[str | None] = [None] * len(dup_group)
    for a, b, pair_kind in joins:
        k = PAIR_TO_DUP_KIND.get(pair_kind)
        for pos in (a, b):
            if k and (kind[pos] is None or KIND_STRENGTH[k] > KIND_STRENGTH[kind[pos]]):
                kind[pos] = k
    members: dict[str, list[int]] = defaultdict(list)
    for pos, g in enumerate(dup_group):
        if g is not None:
            members[g].append(pos)
    for group in members.values():
        if is_boilerplate(group, keys, texts_norm, docs, facts, config):
            for pos in group:
                kind[pos] = BOILERPLATE
        else:
            for pos in group:
                kind[pos] = kind[pos] or "contained"
    return kind


__all__ = ["BOILERPLATE", "PassageFacts", "dup_kinds", "is_boilerplate", "passage_facts", "passage_starts"]
