"""Where a clause's topic changes: a subject is carried from an earlier clause of a sentence only
while the clauses between go on about it. A clause that opens with a noun of its own and states
no figure is an aside (`…，文旅消费大幅增长，…`); a figure's clause that opens with a noun that is
not its measure has a topic of its own (`而来年卖地表将包括8幅住宅用地`). Word lists:
`data/attribution.yaml`; word tags: jieba's dictionary through rjieba.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex
import rjieba

from qdextract.extract.attribution.nouns import place_and_country_names, tagged
from qdextract.extract.attribution.words import words

_DIGITS = regex.compile(r"\d")
_QUOTES = "“”\"「」*"


@dataclass(frozen=True, slots=True)
class _TopicRules:
    head_skip: regex.Pattern[str]
    time_clause_endings: tuple[str, ...]
    topic_tags: frozenset[str]
    chain_break_clauses: int
    change_openers: tuple[str, ...]
    source_endings: tuple[str, ...]
    comparison_openers: tuple[str, ...]


@cache
def _rules() -> _TopicRules:
    data = words()
    skip = "".join(data.head_skip.split())  # the YAML folds the alternation over lines
    return _TopicRules(
        head_skip=regex.compile(rf"(?:{skip})*"),
        time_clause_endings=tuple(data.time_clause_endings),
        topic_tags=frozenset(data.topic_tags),
        chain_break_clauses=int(data.chain_break_clauses),
        change_openers=tuple(data.comparison_only_metrics) + tuple(data.change_only_metrics)
        + tuple(data.rate_words) + tuple(data.change_openers),
        source_endings=tuple(data.speech_verbs) + tuple(data.reporting_after_subject),
        comparison_openers=tuple(data.comparison_openers),
    )


def _after_head(text: str, rules: _TopicRules) -> str:
    """The clause after its time words and connectives, without quotes and markup."""
    text = text.replace(" ", "")
    skip = rules.head_skip.match(text)
    return text[skip.end() if skip else 0:].lstrip(_QUOTES)


def aside(text: str) -> bool:
    """The clause opens with a topic of its own (a noun by jieba's tag) and states no figure; one
    that only says when (`由下周四中午起`) is none."""
    rules = _rules()
    if _DIGITS.search(text):
        return False
    rest = _after_head(text, rules)
    if not rest or text.rstrip().endswith(rules.time_clause_endings):
        return False
    return _opens_with_noun(rest[:12], rules.topic_tags)


def opens_own_topic(text: str, metric: str | None) -> bool:
    """The clause, up to its figure, opens with a noun of its own that is not the figure's measure
    (`而来年卖地表将包括8幅住宅用地`): a new topic, which no earlier clause's subject governs."""
    rules = _rules()
    rest = _after_head(text, rules)
    if not rest or (metric and (rest.startswith(metric[:2]) or metric in rest)):
        return False
    if rest.startswith(rules.change_openers):
        return False  # `同比增长9.3%`, `跌幅近4%`: the change of the measure before
    return _opens_with_noun(rest[:12], rules.topic_tags)


def listed_topics(clauses: list[str], subject: str) -> bool:
    """One of the clauses before a subject's clause in its sentence is an aside that is no source
    (`…数据显示`, `…表示`) and does not name the subject (`美国对全球多国征收…，其中美国…`): the sentence
    lists topics (`改革开放先行区引领带动作用更加彰显，滨海新区…`)."""
    sources = _rules().source_endings
    return any(_topic_clause(text) and subject not in text and not text.rstrip(" ，,；;：:").endswith(sources)
               for text in clauses)


def _topic_clause(text: str) -> bool:
    """The clause opens with a noun of its own (a figure of its own or none: `高速公路通车里程6895公里`)."""
    rules = _rules()
    rest = _after_head(text, rules)
    return bool(rest) and not text.rstrip(" ，,；;：:").endswith(rules.time_clause_endings) \
        and _opens_with_noun(rest[:12], rules.topic_tags)


def changes_figure_before(head: str) -> bool:
    """The figure's clause opens with a comparison or a change (`较先前预测下调近四个百分点`,
    `同比增长9.3%`): it goes on about the figure before, and so its subject."""
    rules = _rules()
    return _after_head(head, rules).startswith(rules.change_openers + rules.comparison_openers)


def topic_of_its_clause(clause: str, subject: str) -> bool:
    """In a list of topics, a name governs its own clause only: one whose clause states no figure
    (`滨海新区开发开放龙头作用更加突出`), or which only qualifies the noun after it
    (`自贸试验区|制度创新指数连续五年排名全国第三`), is carried to no later clause; an actor
    (`海尔智家通过企业微信沉淀超2000万私域用户，复购率达38%`) is."""
    if not _DIGITS.search(clause):
        return True  # (`国资产业发展母基金、市级并购母基金设立运营，市属国企利润增长7.4%`)
    k = clause.find(subject)
    after = clause[k + len(subject):].replace(" ", "") if k >= 0 else ""
    return bool(after) and _opens_with_noun(after[:8], _rules().topic_tags)


def one_of_listed_topics(before: list[str], clause: str, name: str, head: str) -> bool:
    """The name heading `clause` is one topic of a sentence listing topics (the clauses `before`
    it), not the subject of a later figure's clause (`head`: that clause up to its figure)."""
    return not changes_figure_before(head) and topic_of_its_clause(clause, name) and listed_topics(before, name)


def chain_break_clauses() -> int:
    """How many asides end the carrying of a subject."""
    return _rules().chain_break_clauses


@lru_cache(maxsize=16384)
def _opens_with_noun(text: str, tags: frozenset[str]) -> bool:
    """The text opens with a noun by jieba's tag (`高速公路…`), not a verb or preposition (`向全球…`)."""
    tagged = rjieba.tag(text)
    return bool(tagged) and tagged[0][1] in tags


_KIND_HEAD_CHARS = 12
_CLAUSE_END = regex.compile(r"[，,；;。：:、]")
_KIND_TAGS = frozenset({"n", "nz", "vn", "b", "m"})  # (not a name: jieba tags 远高于 a person's)


def opens_with_a_kind(clause: str) -> bool:
    """`金融市场交易总额…`, `贸易冲突升级令市场忧虑…`: the clause opens, after its connectives, with
    a kind of thing named by one of `kind_suffixes` and no place before it (`即墨服装市场` is a
    place's): it is about no one."""
    suffixes = words().kind_suffixes
    if not any(s in clause for s in suffixes):
        return False  # (most clauses: no kind word at all)
    at = _rules().head_skip.match(clause).end()
    head = _CLAUSE_END.split(clause[at:at + _KIND_HEAD_CHARS], maxsplit=1)[0]
    k = min((head.find(s) for s in suffixes if s in head), default=-1)
    if k < 1 or head.startswith(tuple(words().zero_subjects)):
        return False  # (`市场主体…`: no kind before the suffix; `全省…`: the whole area)
    names = place_and_country_names()
    # nouns name the kind (金融|市场, 债券|市场); a verb or a comparison before it does not (`远高于市场预期`)
    kind_words = tagged(head[:k])
    if len(kind_words) > 1 and kind_words[0][1] == "v":  # `重构多层次资本市场…`: what is done to the kind
        kind_words = kind_words[1:]
    return all(tag in _KIND_TAGS for _, tag in kind_words) and not any(
        head[:n] in names for n in range(2, min(k, 8) + 1))
