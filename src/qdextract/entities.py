"""Entity mentions: places, organisations, brands, programmes, events and titles.

Matching runs on the normalized (Simplified, width-folded) text of each passage and reports raw
offsets. The rules are data (`data/entities.yaml`, `data/places.tsv`):

- gazetteer names (administrative divisions in full and short form, platforms, companies, bodies,
  expos), matched with one trie-shaped regex over the whole text;
- compounds: a known name, a few descriptive words and a head (青岛 + 职业技术 + 学院,
  平度 + 假睫毛 + 产业带); the descriptive words are cut with jieba to refuse function words;
- “quoted” names typed by the word after them (“一城一仓”项目, “莱西有礼”区域品牌) or by their own
  ending (“星火计划”), and 《titles》 (LAW when a law or plan, else WORK_OF_ART);
- persons next to a title (习近平总书记).

Segmenting every sentence with jieba would run at under half the 1 MB/s this stage is allowed,
and it splits names the gazetteer knows (平度假睫毛 -> 平/度假/睫毛), so jieba only sees the
few characters a rule asks about. `pipeline()` is the spaCy pipeline: `spacy.blank("zh")` with the
jieba segmenter, or the trained model named by `QDEXTRACT_SPACY_MODEL`. Only a trained model has
anything to add, so only then does it run over the passages; the rules' mentions win where they
overlap its entities.
"""

from __future__ import annotations

import bisect
import csv
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Iterable

import regex
import spacy
import yaml
from spacy.language import Language

from qdextract.models import ENTITY_LABELS, Entity, Passage
from qdextract.normalize import norm, normalize_text
from qdextract.structure import make_id

MODEL_ENV = "QDEXTRACT_SPACY_MODEL"
JIEBA_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
# Priority when two candidates cover the same characters (lower wins after length).
_PRIORITY = {"title": 0, "quoted": 1, "person": 2, "compound": 3, "gazetteer": 4, "model": 5}
_NAME_CHARS = r"[\p{Han}A-Za-z0-9·]"


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # offsets into the joined normalized text
    end: int
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class _Rules:
    names: dict[str, str]
    names_trie: dict
    blockers_trie: dict
    check_start: frozenset[str]
    check_boundary: frozenset[str]
    tail_re: regex.Pattern[str]
    head_label: dict[str, str]
    need_middle: frozenset[str]
    end_only: frozenset[str]
    org_anchor_bad_tags: frozenset[str]
    bad_tags: frozenset[str]
    bad_chars: frozenset[str]
    glue_words: frozenset[str]
    quoted_re: regex.Pattern[str]
    quote_kind_re: regex.Pattern[str]
    quote_kind_label: dict[str, str]
    quote_endings: tuple[tuple[str, str], ...]
    title_re: regex.Pattern[str]
    law_words: tuple[str, ...]
    person_re: regex.Pattern[str]
    not_entities: frozenset[str]
    model_labels: frozenset[str]
    model_label_map: dict[str, str]


def entity_id(text_norm: str) -> str:
    """The same normalized name gets the same id in every document, in either script."""
    return make_id("e", text_norm, length=12)


def _trie(words: Iterable[str]) -> dict:
    """A character trie; the key None marks the end of a name. Walking it at each position is
    several times faster than one big regex alternation over thousands of names."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[None] = True
    return trie


def _longest_at(trie: dict, text: str, i: int) -> int:
    """End of the longest name starting at `i`, or -1."""
    node, best, j, n = trie.get(text[i]), -1, i + 1, len(text)
    while node is not None:
        if None in node:
            best = j
        if j >= n:
            break
        node = node.get(text[j])
        j += 1
    return best


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _rules() -> _Rules:
    data_dir = resources.files("qdextract.data")
    data = yaml.safe_load(data_dir.joinpath("entities.yaml").read_text("utf-8"))
    names: dict[str, str] = {}
    # County names hide inside words: 新和 in 创新和, 浮山县 in 罗浮山县. A short one counts only
    # where jieba puts word boundaries around it, a full one where a word starts.
    check_boundary: set[str] = set()
    check_start: set[str] = set()
    lines = data_dir.joinpath("places.tsv").read_text("utf-8").splitlines()
    for row in csv.DictReader((ln for ln in lines if not ln.startswith("#")), delimiter="\t"):
        names[row["name"]] = "GPE"
        if row["level"] == "county":
            (check_boundary if row["form"] == "short" else check_start).add(row["name"])
    for label, words in data["gazetteer"].items():
        _check_label(label)
        for w in words:
            names[w] = label  # the hand-kept lists refine the generated one
            check_boundary.discard(w)
            check_start.discard(w)
    for w in data["not_entities"]:
        names.pop(w, None)
    blockers = set(data["blockers"])

    head_label: dict[str, str] = {}
    for label, heads in data["suffixes"].items():
        _check_label(label)
        for h in heads:
            if head_label.setdefault(h, label) != label:
                raise ValueError(f"entities.yaml: head {h} has two labels")
    tail = rf"(?P<mid>{_NAME_CHARS}{{0,{int(data['max_middle_chars'])}}}?)(?P<head>{_alternation(head_label)})"

    quoted = data["quoted"]
    kind_label = {w: label for label, ws in quoted["kinds"].items() for w in ws}
    for label in quoted["kinds"]:
        _check_label(label)
    endings = tuple(
        sorted(((w, label) for label, ws in quoted["endings"].items() for w in ws), key=lambda x: -len(x[0]))
    )
    one = rf"(?:“(?P<a>{_NAME_CHARS}{{1,{quoted['max_chars']}}})”|\"(?P<b>{_NAME_CHARS}{{1,{quoted['max_chars']}}})\")"
    gap = regex.escape(quoted["gap_chars"])
    titles = data["titles"]
    return _Rules(
        names=names,
        names_trie=_trie(names),
        blockers_trie=_trie(blockers),
        check_start=frozenset(check_start),
        check_boundary=frozenset(check_boundary),
        end_only=frozenset(data["end_only"]),
        org_anchor_bad_tags=frozenset(data["org_anchor_bad_tags"]),
        tail_re=regex.compile(tail),
        head_label=head_label,
        need_middle=frozenset(data["need_middle"]),
        bad_tags=frozenset(data["middle_bad_tags"]),
        bad_chars=frozenset(data["middle_bad_chars"]),
        glue_words=frozenset(data["glue_words"]),
        quoted_re=regex.compile(one),
        quote_kind_re=regex.compile(rf"[、,]?(?:[{gap}]{{0,{quoted['max_gap']}}})(?P<kind>{_alternation(kind_label)})"),
        quote_kind_label=kind_label,
        quote_endings=endings,
        title_re=regex.compile(rf"《(?P<t>[^《》\n]{{1,{titles['max_chars']}}})》"),
        law_words=tuple(titles["law_words"]),
        person_re=regex.compile(rf"(?:{_alternation(data['person_titles'])})"),
        not_entities=frozenset(data["not_entities"]),
        model_labels=frozenset(data["model_labels"]),
        model_label_map=dict(data["model_label_map"]),
    )


def _check_label(label: str) -> None:
    if label not in ENTITY_LABELS:
        raise ValueError(f"entities.yaml: unknown label {label}")


@cache
def pipeline() -> Language:
    """The spaCy pipeline, loaded once per process: a trained model when configured."""
    name = os.environ.get(MODEL_ENV)
    if name:
        return spacy.load(name)
    return spacy.blank("zh", config=JIEBA_CONFIG)


def _has_model(nlp: Language) -> bool:
    return "ner" in nlp.pipe_names or "entity_ruler" in nlp.pipe_names or "span_ruler" in nlp.pipe_names


@cache
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg


@lru_cache(maxsize=65536)
def _middle_ok(middle: str) -> bool:
    """Descriptive words of a compound: no function word (by jieba's dictionary tags)."""
    rules = _rules()
    if any(ch in rules.bad_chars for ch in middle):
        return False
    if not middle:
        return True
    return not (_middle_tags(middle) & rules.bad_tags)


@lru_cache(maxsize=65536)
def _person_before(window: str) -> str | None:
    """The person's name at the end of `window` (a few characters before a title), if any."""
    _, posseg = _jieba()
    toks = posseg.lcut(window)
    if toks and toks[-1].flag.startswith("nr") and 2 <= len(toks[-1].word) <= 3:
        return toks[-1].word
    return None


@lru_cache(maxsize=65536)
def _person_after(window: str) -> str | None:
    _, posseg = _jieba()
    toks = posseg.lcut(window)
    if toks and toks[0].flag.startswith("nr") and 2 <= len(toks[0].word) <= 3:
        return toks[0].word
    return None


@lru_cache(maxsize=65536)
def _boundaries(window: str) -> frozenset[int]:
    jieba, _ = _jieba()
    cuts, pos = {0}, 0
    for tok in jieba.cut(window):
        pos += len(tok)
        cuts.add(pos)
    return frozenset(cuts)


def _is_word(text: str, start: int, end: int, check_end: bool = True) -> bool:
    lo = max(0, start - 4)
    cuts = _boundaries(text[lo : end + 4])
    return start - lo in cuts and (not check_end or end - lo in cuts)


def _gazetteer_and_compounds(text: str, rules: _Rules) -> list[_Candidate]:
    out: list[_Candidate] = []
    pos, n = 0, len(text)
    while pos < n:
        start = pos
        blocked = _longest_at(rules.blockers_trie, text, start)
        if blocked > 0:
            pos = blocked
            continue
        end = _longest_at(rules.names_trie, text, start)
        if end < 0:
            pos += 1
            continue
        name = text[start:end]
        if (name in rules.check_boundary and not _is_word(text, start, end)) or (
            name in rules.check_start and not _is_word(text, start, end, check_end=False)
        ):
            pos += 1
            continue
        # 即墨市场 is 即墨 + 市场: a place's last character that starts an ordinary word goes back.
        if text[end - 1 : end + 1] in rules.glue_words:
            if name[:-1] in rules.names:
                end -= 1
            else:
                pos = end
                continue
        label = rules.names[text[start:end]]
        t = rules.tail_re.match(text, end)
        if t and _compound_ok(text, t, label, rules):
            out.append(_Candidate(start, t.end(), rules.head_label[t.group("head")], "compound"))
            pos = t.end()
            continue
        out.append(_Candidate(start, end, label, "gazetteer"))
        pos = end
    return out


def _compound_ok(text: str, tail: regex.Match[str], anchor_label: str, rules: _Rules) -> bool:
    middle, head = tail.group("mid"), tail.group("head")
    if head in rules.need_middle and not middle:
        return False
    if head in rules.end_only and tail.end() < len(text):
        after = text[tail.end()]
        if regex.match(_NAME_CHARS, after) and after not in rules.bad_chars:
            return False
    if anchor_label == "ORG" and _middle_tags(middle) & rules.org_anchor_bad_tags:
        return False
    return _middle_ok(middle)


@lru_cache(maxsize=65536)
def _middle_tags(middle: str) -> frozenset[str]:
    """Dictionary tags of the words in `middle`. A lone character's tag says little (自 of 自贸
    is tagged as a preposition): single function characters are `middle_bad_chars` instead."""
    jieba, posseg = _jieba()
    toks = jieba.lcut(middle, HMM=False)
    return frozenset(posseg.dt.word_tag_tab.get(t, "") for t in toks if len(t) > 1)


def _quoted(text: str, rules: _Rules) -> list[_Candidate]:
    out: list[_Candidate] = []
    run: list[tuple[int, int, str]] = []  # consecutive quoted names: (start, end, name)

    def flush(after: int) -> None:
        k = rules.quote_kind_re.match(text, after)
        kind_label = rules.quote_kind_label[k.group("kind")] if k else None
        for s, e, name in run:
            # a name's own ending says more than the word after a list of names
            label = _label_by_ending(name, rules) or kind_label or rules.names.get(name)
            if label and name not in rules.not_entities:
                out.append(_Candidate(s, e, label, "quoted"))
        run.clear()

    last_end = -1
    for m in rules.quoted_re.finditer(text):
        group = "a" if m.group("a") is not None else "b"
        if run and not regex.fullmatch(r"[、,]?", text[last_end : m.start()]):
            flush(last_end)
        run.append((m.start(group), m.end(group), m.group(group)))
        last_end = m.end()
    if run:
        flush(last_end)
    return out


def _label_by_ending(name: str, rules: _Rules) -> str | None:
    for ending, label in rules.quote_endings:
        if name.endswith(ending) and len(name) > len(ending):
            return label
    return None


def _titles(text: str, rules: _Rules) -> list[_Candidate]:
    out = []
    for m in rules.title_re.finditer(text):
        title = m.group("t")
        label = "LAW" if any(w in title for w in rules.law_words) else "WORK_OF_ART"
        out.append(_Candidate(m.start("t"), m.end("t"), label, "title"))
    return out


def _persons(text: str, rules: _Rules) -> list[_Candidate]:
    out = []
    for m in rules.person_re.finditer(text):
        before = _person_before(text[max(0, m.start() - 4) : m.start()])
        if before:
            out.append(_Candidate(m.start() - len(before), m.start(), "PERSON", "person"))
            continue
        after = _person_after(text[m.end() : m.end() + 4])
        if after:
            out.append(_Candidate(m.end(), m.end() + len(after), "PERSON", "person"))
    return out


def _model_entities(nlp: Language, texts: list[str], offsets: list[int], rules: _Rules) -> list[_Candidate]:
    out = []
    for doc, base in zip(nlp.pipe(texts), offsets):
        for ent in doc.ents:
            label = rules.model_label_map.get(ent.label_, ent.label_)
            if ent.label_ in rules.model_labels and label in ENTITY_LABELS:
                out.append(_Candidate(base + ent.start_char, base + ent.end_char, label, "model"))
    return out


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping mentions: longest first, then by rule priority (as spaCy's filter_spans)."""
    cands = sorted(cands, key=lambda c: (-(c.end - c.start), _PRIORITY[c.source], c.start))
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    kept = []
    for c in cands:
        i = bisect.bisect_right(taken, (c.start, c.end))
        if i > 0 and taken[i - 1][1] > c.start:
            continue
        if i < len(taken) and taken[i][0] < c.end:
            continue
        taken.insert(i, (c.start, c.end))
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def extract_entities(passages: list[Passage], doc_id: str) -> list[Entity]:
    """Entity mentions of one document's passages, with raw-document offsets."""
    rules = _rules()
    # One normalized string for all passages ("\n" keeps names from running across them).
    norms = [normalize_text(p.text) for p in passages]
    starts, pos = [], 0
    for n in norms:
        starts.append(pos)
        pos += len(n.text) + 1
    text = "\n".join(n.text for n in norms)

    cands = _titles(text, rules) + _quoted(text, rules) + _gazetteer_and_compounds(text, rules)
    cands += _persons(text, rules)
    nlp = pipeline()
    if _has_model(nlp):
        cands += _model_entities(nlp, [n.text for n in norms], starts, rules)

    out: list[Entity] = []
    for c in _resolve(cands):
        k = bisect.bisect_right(starts, c.start) - 1
        p, n = passages[k], norms[k]
        s, e = n.raw_span(c.start - starts[k], c.end - starts[k])
        name_norm = text[c.start : c.end]
        if name_norm in rules.not_entities:
            continue
        out.append(
            Entity(
                entity_id=entity_id(name_norm),
                doc_id=doc_id,
                char_start=p.char_start + s,
                char_end=p.char_start + e,
                text=p.text[s:e],
                text_norm=name_norm,
                label=c.label,
            )
        )
    return out


__all__ = ["extract_entities", "entity_id", "pipeline", "norm"]
