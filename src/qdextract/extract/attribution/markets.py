"""Market reports: what a figure of a share price, an index or a currency pair measures. In a
paragraph that reports on a market, a clause of company names and a price move is their share
price (`友邦升近4%`), a clause that names no measure takes the index or market before it
(`美元指数…，一度低见101.53`); anywhere, a market before its move is measured itself (`日股开市跌近2%`).
Word lists: `data/attribution.yaml`; word tags: jieba's dictionary through rjieba.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import cache
from typing import Any

import regex

from qdextract.extract.attribution.nouns import noun_words, tagged, words_noun_tags
from qdextract.extract.attribution.words import words
from qdextract.extract.entities.gazetteer import gazetteer
from qdextract.models import Claim


@cache
def _market_head(sessions: tuple[str, ...], moves: tuple[str, ...]) -> regex.Pattern[str]:
    alt = lambda ws: "|".join(map(regex.escape, sorted(ws, key=len, reverse=True)))  # noqa: E731
    return regex.compile(rf"[\s“\"「]*(?P<name>[\p{{Han}}A-Za-z0-9]{{2,12}}?)(?:{alt(sessions)})?(?:{alt(moves)})")


_NAME_HEAD = regex.compile(r"[\s“\"「]*(?P<name>[\p{Han}A-Za-z0-9]{2,12})")


def market_paragraphs(sentences: Iterable[tuple[int, str]]) -> frozenset[int]:
    """The paragraphs that report on a market: one of their sentences names shares or an index."""
    cue = _market_cue(tuple(words().market_report_cues))
    return frozenset(para for para, text in sentences if cue.search(text))


@cache
def _market_cue(cues: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(map(regex.escape, cues)))


@cache
def _price_clause(moves: tuple[str, ...], events: tuple[str, ...], again: tuple[str, ...],
                  sessions: tuple[str, ...]) -> regex.Pattern[str]:
    alt = lambda ws: "|".join(map(regex.escape, sorted(ws, key=len, reverse=True)))  # noqa: E731
    name = r"[\p{Han}A-Za-z]{2,8}?"
    return regex.compile(rf"[\s“\"「]*(?P<names>{name}(?:[和及与、]{name})*)(?:{alt(sessions)})?(?:分别)?"
                         rf"(?:(?:{alt(again)})?(?:{alt(events)})[前后])?(?:{alt(moves)})[逾近约超过]*\s*")


def _share_prices(c: Claim, sent: Any, at: int, data) -> Claim | None:
    """`港交所业绩前升逾5%，友邦升近4%`, `京东集团和美团升逾8%至近10%`, `小米再度破顶后升近6%`: in a
    market report a clause of company names, a price move and a percent is their share price."""
    cs = max((s for s, _ in sent.clauses if s <= at), default=0)
    found = _price_clause(tuple(data.price_move_words), tuple(data.price_events), tuple(data.price_event_again),
                          tuple(data.market_session_words)).fullmatch(sent.text, cs, at)
    if found is None:
        return None
    names = regex.split(r"[和及与、]", found.group("names"))
    ends = tuple(data.market_endings) + tuple(data.index_endings) + (data.price_metric,)
    if any(n.endswith(ends) or n.startswith(tuple(data.price_name_not_openers)) or n in data.no_measure_words
           for n in names):
        return None  # `恒指跌2%`, `日股开市跌近2%`: a market or an index is measured itself
    subject = "、".join(names)
    return dataclasses.replace(c, metric=data.price_metric, metric_norm=data.price_metric,
                               subject=subject, subject_norm=subject)


@cache
def _market_name(endings: tuple[str, ...], currencies: tuple[str, ...], skip: str) -> regex.Pattern[str]:
    alt = lambda ws: "|".join(map(regex.escape, sorted(ws, key=len, reverse=True)))  # noqa: E731
    money = alt(currencies)
    return regex.compile(rf"[\s“\"「]*(?:{skip})?[\s“\"「]*(?P<name>(?:{money})兑(?:{money})"
                         rf"|[\p{{Han}}A-Za-z0-9]{{0,8}}(?:{alt(endings)}))")


def _market_measure(m: str | None, data) -> bool:
    """The metric read names a measure of its own (not `一度`, `未能企稳`, `比星期四恒指`, `收市升`)."""
    if not m or m in data.no_measure_words or m in data.change_only_metrics or m in data.market_session_words:
        return False
    tokens = tagged(m)
    return (not m.startswith(tuple(data.price_name_not_openers)) and tokens[0][1] not in data.subject_verb_tags
            and tokens[-1][1] in words_noun_tags())


def _carried_index(c: Claim, sent: Any, at: int, data) -> Claim | None:
    """`美元指数反覆向上，一度低见101.53，跌约0.5%`, `科技指数…，但收市未能企稳6000点，报5953点`: in a
    market report a figure whose clause names no measure measures the index, market or currency
    pair named at the head of its clause or of the nearest clause before it in the sentence."""
    if _market_measure(c.metric_norm, data):
        return None
    pattern = _market_name(tuple(data.market_names), tuple(data.currency_names), data.market_head_skip)
    for cs, _ in sorted((span for span in sent.clauses if span[0] <= at), reverse=True):
        found = pattern.match(sent.text, cs, at)
        if found and not found.group("name").startswith(tuple(data.price_name_not_openers)):
            name = found.group("name")
            return dataclasses.replace(c, metric=name, metric_norm=name)
    return None


def market_metric(c: Claim, sent: Any, at: int, data, market: bool = False) -> Claim:
    """A market report's figure: the index the sentence opens with for a change word alone
    (`…，升幅0.5%`), the share price of a company before a price move (`友邦升近4%`), the market
    of places named with it (`伦敦、法兰克福及巴黎股市分别跌…`: 股市, of 伦敦、法兰克福、巴黎)."""
    done = _market_metric(c, sent, at, data, market)
    places = _places_of_market(done.metric_norm, data) if done.metric_norm and done.subject_norm is None else None
    if places is None:
        return done
    return dataclasses.replace(done, metric=places[1], metric_norm=places[1], subject=places[0], subject_norm=places[0])


def _market_metric(c: Claim, sent: Any, at: int, data, market: bool) -> Claim:
    m = c.metric_norm
    if c.origin == "table":
        return c
    carried = None
    if market or m in data.change_only_metrics:  # (`…，跌幅超过4%`: a change of a market by itself)
        carried = (_share_prices(c, sent, at, data) if c.kind == "percent" else None) or _carried_index(
            c, sent, at, data)
    if carried is not None:
        return carried
    if c.kind != "percent":
        return c
    head = _market_head(tuple(data.market_session_words), tuple(data.price_move_words)).match(
        sent.text, max((k for k in (sent.text.rfind(b, 0, at) + 1 for b in "，,；;　 ") if k > 0), default=0))
    if head and head.end() <= at and head.group("name").endswith(tuple(data.market_endings)) and (
            m is None or head.group("name").endswith(m) or m.startswith(head.group("name"))):
        name = head.group("name")  # `日股开市跌近2%`, `纽约期金低收1.4%`: the market is measured
        return dataclasses.replace(c, metric=name, metric_norm=name, subject=None, subject_norm=None)
    if m is None or m in data.change_only_metrics:
        head = _NAME_HEAD.match(sent.text)
        if head:
            name = head.group("name")
            for ending in data.index_endings:
                k = name.find(ending)
                if k > 0:
                    index = name[:k + len(ending)]
                    return dataclasses.replace(c, metric=index, metric_norm=index)
        return c
    end = at + (c.char_end - c.char_start)
    named = _QUOTED_AFTER.match(sent.text, end)
    if named and named.group("name").endswith(tuple(data.levy_nouns_after)):
        levy = named.group("name")  # `征收10%「基准关税」`: the levy by its name
        return dataclasses.replace(c, metric=levy, metric_norm=levy)
    levy = next((n for n in data.levy_nouns_after if sent.text.startswith(n, end)), None)
    if levy:  # `加征34%关税`
        verb = next((v for v in data.levy_verbs_before if sent.text[:at].rstrip().endswith(v)), "")
        return dataclasses.replace(c, metric=verb + levy, metric_norm=verb + levy)
    before = sent.text[:at].rstrip()
    move = next((w for w in data.price_move_words if before.endswith(w)), None)
    if (move is not None and before[:-len(move)].endswith(m) and 2 <= len(m) <= 6
            and c.subject_norm in (None, m) and not m.endswith(tuple(data.index_endings))
            and not m.endswith(tuple(data.market_endings)) and noun_words(m)):
        # `友邦升近4%` with 升 read as the change verb: the metric left is the company's name
        return dataclasses.replace(c, metric=data.price_metric, metric_norm=data.price_metric,
                                   subject=m, subject_norm=m)
    for w in data.price_move_words:
        if m.endswith(w) and 2 <= len(m) - len(w) <= 8:
            name = m[:-len(w)]
            for session in data.market_session_words:
                name = name[:-len(session)] if name.endswith(session) and len(name) > len(session) else name
            if name.endswith(tuple(data.market_endings)):  # `日股开市跌近2%`: the market is measured
                return dataclasses.replace(c, metric=name, metric_norm=name, subject=None, subject_norm=None)
        if m.endswith(w) and 2 <= len(m) - len(w) <= 6 and c.subject_norm in (None, m[:-len(w)]):
            name = m[:-len(w)]
            if name.endswith(tuple(data.index_endings)) or not noun_words(name):
                return c
            return dataclasses.replace(c, metric=data.price_metric, metric_norm=data.price_metric,
                                       subject=name, subject_norm=name)
    return c


_QUOTED_AFTER = regex.compile(r"[「“\"](?P<name>\p{Han}{2,10})[」”\"]")


def _places_of_market(name: str, data) -> tuple[str, str] | None:
    """(`伦敦、法兰克福、巴黎`, `股市`) for `伦敦、法兰克福及巴黎股市`: a market named by its places."""
    market = next((w for w in data.place_markets if name.endswith(w)), None)
    if market is None:
        return None
    places = regex.split(r"[和及与、]", name[:-len(market)])
    if not all(gazetteer().names.get(p) == "GPE" for p in places):
        return None
    return "、".join(places), market
