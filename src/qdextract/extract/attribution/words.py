"""The word lists of subject and metric (data/attribution.yaml), one list each, read by both
passes: the grammar's (`phrases`) and the document's (`document`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from qdextract.zh.rules import load_rules


@dataclass(frozen=True, slots=True)
class AttributionWords:
    subject_labels: tuple[str, ...]
    clause_breaks: str
    head_skip: str
    list_joiners: str
    metric_leading: tuple[str, ...]
    metric_trailing: tuple[str, ...]
    metric_max_chars: int
    metric_noun_tags: tuple[str, ...]
    continuation_ends: str
    continuation_openers: tuple[str, ...]
    area_back_references: dict[str, str]
    own_place_by_currency: dict[str, str]
    own_place_passages: int
    subject_verb_tags: tuple[str, ...]
    subject_group_endings: tuple[str, ...]
    subject_not_inside: tuple[str, ...]
    subject_not_endings: tuple[str, ...]
    place_markets: tuple[str, ...]
    metric_enumerator: str
    short_place_suffixes: tuple[str, ...]
    short_place_max_chars: int
    subject_not_openers: tuple[str, ...]
    common_noun_suffixes: tuple[str, ...]
    common_noun_tags: tuple[str, ...]
    comparison_openers: tuple[str, ...]
    reporting_after_subject: tuple[str, ...]
    subject_cut_before: tuple[str, ...]
    name_endings: tuple[str, ...]
    comparison_words: tuple[str, ...]
    benchmark_nouns: tuple[str, ...]
    no_measure_words: tuple[str, ...]
    allotment_verbs: tuple[str, ...]
    own_clause_subjects: tuple[str, ...]
    place_facilities: tuple[str, ...]
    facility_endings: tuple[str, ...]
    facility_name_max_extra: int
    latin_name_kinds: tuple[str, ...]
    nation_words: tuple[str, ...]
    metric_clean_leading: tuple[str, ...]
    metric_clean_trailing: tuple[str, ...]
    count_trailing_deeds: tuple[str, ...]
    count_deed_units: tuple[str, ...]
    metric_cut_after: tuple[str, ...]
    metric_time_leading: tuple[str, ...]
    metric_time_leftovers: str
    metric_after_max_chars: int
    object_verb_tags: tuple[str, ...]
    change_verbs: tuple[str, ...]
    level_verbs: tuple[str, ...]
    object_not_opening_tags: tuple[str, ...]
    purpose_openers: tuple[str, ...]
    object_joiners: tuple[str, ...]
    object_means: tuple[str, ...]
    change_only_metrics: tuple[str, ...]
    index_endings: tuple[str, ...]
    price_move_words: tuple[str, ...]
    price_metric: str
    market_report_cues: tuple[str, ...]
    price_events: tuple[str, ...]
    price_event_again: tuple[str, ...]
    price_name_not_openers: tuple[str, ...]
    market_names: tuple[str, ...]
    currency_names: tuple[str, ...]
    market_head_skip: str
    industry_group_endings: tuple[str, ...]
    industry_measures: tuple[str, ...]
    breakdown_measures: tuple[str, ...]
    breakdown_opener: str
    rate_words: tuple[str, ...]
    topic_markers: tuple[str, ...]
    platform_frame: str
    platform_before_figure: str
    bold_lead_name: str
    milestone_nouns: tuple[str, ...]
    milestone_verbs: tuple[str, ...]
    owner_head_skip: str
    owner_acts: tuple[str, ...]
    share_verbs_before: tuple[str, ...]
    comparison_only_metrics: tuple[str, ...]
    market_endings: tuple[str, ...]
    market_session_words: tuple[str, ...]
    levy_nouns_after: tuple[str, ...]
    levy_verbs_before: tuple[str, ...]
    zero_subjects: tuple[str, ...]
    back_reference_heads: dict[str, list[str]]
    back_reference_markers: tuple[str, ...]
    whole_area_words: dict[str, str]
    speech_verbs: tuple[str, ...]
    speech_frame_max_chars: int
    name_links: str
    time_clause_endings: tuple[str, ...]
    topic_tags: tuple[str, ...]
    chain_break_clauses: int
    kind_suffixes: tuple[str, ...]
    change_openers: tuple[str, ...]
    agent_heads: tuple[str, ...]
    agent_deeds: tuple[str, ...]
    agent_causes: tuple[str, ...]
    agent_head_skip: str
    agent_gap: str
    agent_not_opening_tags: tuple[str, ...]
    agent_name_tags: tuple[str, ...]
    subject_session_number: str
    subject_determiners_dropped: tuple[str, ...]
    subject_determiners_kept: tuple[str, ...]
    beneficiary_markers: tuple[str, ...]
    beneficiary_verbs: tuple[str, ...]
    beneficiary_max_chars: int
    beneficiary_gap_chars: int
    programme_endings: tuple[str, ...]
    programme_joiners: tuple[str, ...]
    programme_under: tuple[str, ...]
    listed_kinds: tuple[str, ...]
    rate_move_verbs: tuple[str, ...]
    rate_move_gap: tuple[str, ...]


@cache
def words() -> AttributionWords:
    return load_rules("attribution.yaml", AttributionWords)
