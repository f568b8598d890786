"""Which claims a finding may stand on: figures that are claims by the contract, with a metric
that names something.

The extraction stages aim to leave only real figures in the claims table, but a finding built on
a misread (a session number `二十届`, the `三年` of `三年行动`, a fiscal year `2026/27`, digits of a
URL) is worse than no finding: editors stop trusting the report. So the corpus stages look at each
claim again, with the cues of `data/consistency.yaml` (`trust`), before a figure takes part in a
duplicate, a conflict or a sum. A claim that fails here stays in the tables; it only makes no finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex

from qdextract.zh.rules import check_keys, data_file

_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True, slots=True)
class TrustRules:
    measured_kinds: frozenset[str]
    name_units: frozenset[str]
    not_figure_surface: regex.Pattern[str]
    name_after: regex.Pattern[str]
    code_before: regex.Pattern[str]
    code_after: regex.Pattern[str]
    max_years: float
    generic_metric_words: regex.Pattern[str]
    min_metric_chars: int


@cache
def trust_rules() -> TrustRules:
    data = check_keys("consistency.yaml", data_file("consistency.yaml")["trust"], {
        "measured_kinds", "name_units", "not_figure_surface", "name_after", "code_before", "code_after",
        "max_years", "generic_metric_words", "min_metric_chars"})
    words = sorted(data["generic_metric_words"], key=len, reverse=True)
    return TrustRules(
        measured_kinds=frozenset(data["measured_kinds"]),
        name_units=frozenset(data["name_units"]),
        not_figure_surface=regex.compile("|".join(f"(?:{p})" for p in data["not_figure_surface"])),
        name_after=regex.compile("^(?:" + "|".join(data["name_after"]) + ")"),
        code_before=regex.compile("(?:" + data["code_before"] + r")$"),
        code_after=regex.compile("^(?:" + data["code_after"] + ")"),
        max_years=float(data["max_years"]),
        generic_metric_words=regex.compile("|".join(map(regex.escape, words))),
        min_metric_chars=int(data["min_metric_chars"]),
    )


def _around(claim: dict, passage_start: int | None) -> tuple[str, str]:
    """The text of the claim's sentence just before and just after its surface."""
    sentence = str(claim.get("sentence") or "")
    surface = str(claim.get("surface") or "")
    at = -1
    if passage_start is not None and claim.get("char_start") is not None:
        at = int(claim["char_start"]) - int(passage_start)
        if sentence[at : at + len(surface)] != surface:
            at = -1
    if at < 0:
        at = sentence.find(surface)
    if at < 0:
        return "", ""
    return sentence[max(0, at - 12) : at], sentence[at + len(surface) : at + len(surface) + 12]


def is_trusted_figure(claim: dict, passage_start: int | None = None) -> bool:
    """The claim's figure is a measured quantity stated as such: a unit, a kind the contract
    counts as a claim, and nothing around it that makes it a name, a period, a code or a link."""
    r = trust_rules()
    surface = str(claim.get("surface") or "")
    if claim.get("kind") not in r.measured_kinds or not claim.get("unit"):
        return False
    if claim.get("unit") in r.name_units or r.not_figure_surface.search(surface):
        return False
    value = claim.get("value")
    if claim.get("unit") == "year" and value is not None and abs(float(value)) > r.max_years:
        return False
    before, after = _around(claim, passage_start)
    if r.name_after.match(after) or r.code_before.search(before) or r.code_after.match(after):
        return False
    return True


def metric_key(metric: Any) -> str | None:
    """The metric, when it names what is measured: None for a missing metric, one with no Chinese
    or too short, or one made only of generic words (`增速比上月`, `跌幅`, `占比`) whose referent
    stands elsewhere in the text."""
    if not metric or not isinstance(metric, str):
        return None
    r = trust_rules()
    if not _HAN.search(metric):
        return None
    specific = r.generic_metric_words.sub("", metric)
    if len(_HAN.findall(specific)) < r.min_metric_chars:
        return None
    return metric


__all__ = ["TrustRules", "is_trusted_figure", "metric_key", "trust_rules"]
