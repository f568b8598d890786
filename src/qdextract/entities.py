"""Entity mentions: places, organisations, brands, programmes, events and titles.

Matching runs on the normalized (Simplified, width-folded) text of each passage and of each
section heading's title (headings are not passages) and reports raw offsets. The rules are data
(`data/entities.yaml`, `data/places.tsv`):

- gazetteer names (administrative divisions in full and short form, platforms, companies, bodies,
  expos), found by walking character tries where a name's first two characters stand;
- compounds: a known name, a few descriptive words and a head (青岛 + 职业技术 + 学院,
  平度 + 假睫毛 + 产业带); the descriptive words are cut with jieba to refuse function words;
- editions of events (第十五届全国运动会), with a known name before them (广东省第十四届…);
- “quoted” names typed by the word after them (“一城一仓”项目, “以旧换新”等促消费活动), before them
  (吉祥物“喜洋洋”) or by their own ending (“星火计划”), and 《titles》 (LAW when a law or plan,
  else WORK_OF_ART);
- a heading whose whole title is a name (4.3 崂山区数智消费引领行动);
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
from typing import TYPE_CHECKING, Iterable

import numpy as np
import regex
import yaml

from qdextract.models import ENTITY_LABELS, Entity, Passage
from qdextract.normalize import NormText, norm, normalize_text, same_length_norm
from qdextract.segment import jieba_modules, word_bounds
from qdextract.structure import Section, make_id

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first built: a run that finds every
    from spacy.language import Language  # document in the store never pays for it

MODEL_ENV = "QDEXTRACT_SPACY_MODEL"
JIEBA_CONFIG = {"nlp": {"tokenizer": {"segmenter": "jieba"}}}
# Priority when two candidates cover the same characters (lower wins after length).
_PRIORITY = {"title": 0, "quoted": 1, "heading": 2, "person": 3, "compound": 4, "gazetteer": 5, "model": 6}
_NAME_CHARS = r"[\p{Han}A-Za-z0-9·]"
_NAME_CHAR = regex.compile(_NAME_CHARS)
_NAME = regex.compile(f"{_NAME_CHARS}+")
_NON_SPACE = regex.compile(r"\S+")


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
    first_pairs: np.ndarray  # sorted keys of the first two characters of every name and blocker
    check_start: frozenset[str]
    check_boundary: frozenset[str]
    prefixes: frozenset[str]
    tail_re: regex.Pattern[str]
    head_label: dict[str, str]
    need_middle: frozenset[str]
    end_only: frozenset[str]
    place_heads: frozenset[str]
    word_heads: frozenset[str]
    ordinal_re: regex.Pattern[str]
    org_anchor_bad_tags: frozenset[str]
    middle_bad_first_tags: frozenset[str]
    bad_tags: frozenset[str]
    bad_chars: frozenset[str]
    glue_words: frozenset[str]
    quoted_re: regex.Pattern[str]
    quote_kind_re: regex.Pattern[str]
    quote_kind_label: dict[str, str]
    quote_before_re: regex.Pattern[str]
    quote_before_label: dict[str, str]
    quote_endings: tuple[tuple[str, str], ...]
    quote_max_chars: int
    heading_res: tuple[regex.Pattern[str], ...]
    heading_bad_first_tags: frozenset[str]
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
    for w in data["prefixes"]:
        names[w] = "GPE"
        check_start.add(w)
    blockers = set(data["blockers"])
    short = sorted(w for w in [*names, *blockers] if len(w) < 2)
    if short:  # it would match inside every word, and the scan looks at character pairs
        raise ValueError(f"entities: one-character names {short}")

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
    kind_gap = rf"(?:[{gap}]{{0,{quoted['max_gap']}}}|等{_NAME_CHARS}{{0,{quoted['max_words_after_deng']}}}?)"
    before_label = {w: label for label, ws in quoted["kinds_before"].items() for w in ws}
    for label in quoted["kinds_before"]:
        _check_label(label)
    ordinal = data["ordinal_events"]
    number = r"[〇零一二三四五六七八九十百千两\d]{1,4}"
    ordinal_re = (rf"第{number}届(?P<mid>{_NAME_CHARS}{{0,{int(ordinal['max_middle_chars'])}}}?)"
                  rf"(?:{_alternation(ordinal['heads'])})(?:第{number}次(?:全体)?会议)?")
    structure = yaml.safe_load(data_dir.joinpath("structure.yaml").read_text("utf-8"))
    titles = data["titles"]
    return _Rules(
        names=names,
        names_trie=_trie(names),
        blockers_trie=_trie(blockers),
        first_pairs=_pair_keys(w[:2] for w in [*names, *blockers]),
        check_start=frozenset(check_start),
        check_boundary=frozenset(check_boundary),
        prefixes=frozenset(data["prefixes"]),
        end_only=frozenset(data["end_only"]),
        place_heads=frozenset(data["place_heads"]),
        word_heads=frozenset(data["word_heads"]),
        ordinal_re=regex.compile(ordinal_re),
        org_anchor_bad_tags=frozenset(data["org_anchor_bad_tags"]),
        middle_bad_first_tags=frozenset(data["middle_bad_first_tags"]),
        tail_re=regex.compile(tail),
        head_label=head_label,
        need_middle=frozenset(data["need_middle"]),
        bad_tags=frozenset(data["middle_bad_tags"]),
        bad_chars=frozenset(data["middle_bad_chars"]),
        glue_words=frozenset(data["glue_words"]),
        quoted_re=regex.compile(one),
        quote_kind_re=regex.compile(rf"[、,]?{kind_gap}(?P<kind>{_alternation(kind_label)})"),
        quote_kind_label=kind_label,
        quote_before_re=regex.compile(rf"(?P<kind>{_alternation(before_label)})$"),
        quote_before_label=before_label,
        quote_endings=endings,
        quote_max_chars=int(quoted["max_chars"]),
        heading_res=tuple(regex.compile(h["pattern"]) for h in structure["headings"]),
        heading_bad_first_tags=frozenset(data["heading_names"]["bad_first_tags"]),
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
    import spacy

    name = os.environ.get(MODEL_ENV)
    if name:
        return spacy.load(name)
    return spacy.blank("zh", config=JIEBA_CONFIG)


def _has_model(nlp: Language) -> bool:
    return "ner" in nlp.pipe_names or "entity_ruler" in nlp.pipe_names or "span_ruler" in nlp.pipe_names


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
    _, posseg = jieba_modules()
    toks = posseg.lcut(window)
    if toks and toks[-1].flag.startswith("nr") and 2 <= len(toks[-1].word) <= 3:
        return toks[-1].word
    return None


@lru_cache(maxsize=65536)
def _person_after(window: str) -> str | None:
    _, posseg = jieba_modules()
    toks = posseg.lcut(window)
    if toks and toks[0].flag.startswith("nr") and 2 <= len(toks[0].word) <= 3:
        return toks[0].word
    return None


def _is_word(text: str, start: int, end: int, check_end: bool = True) -> bool:
    lo = max(0, start - 4)
    cuts = word_bounds(text[lo : end + 4])
    return start - lo in cuts and (not check_end or end - lo in cuts)


def _pair_keys(pairs: Iterable[str]) -> np.ndarray:
    return np.array(sorted(ord(p[0]) << 21 | ord(p[1]) for p in pairs), dtype=np.uint64)


def _name_starts(text: str, keys: np.ndarray) -> list[int]:
    """Positions whose two characters begin some name or blocker. Walking the tries only there,
    and finding them with one vectorized lookup, beats a trie walk at every character."""
    if len(text) < 2:
        return []
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    pairs = (codes[:-1] << 21) | codes[1:]  # code points fit in 21 bits
    k = np.searchsorted(keys, pairs)
    k[k == len(keys)] = 0
    return np.flatnonzero(keys[k] == pairs).tolist()


def _gazetteer_and_compounds(text: str, rules: _Rules) -> list[_Candidate]:
    out: list[_Candidate] = []
    pos = 0
    for start in _name_starts(text, rules.first_pairs):
        if start < pos:
            continue
        pos = start + 1
        blocked = _longest_at(rules.blockers_trie, text, start)
        if blocked > 0:
            pos = blocked
            continue
        end = _longest_at(rules.names_trie, text, start)
        if end < 0:
            continue
        name = text[start:end]
        if (name in rules.check_boundary and not _is_word(text, start, end)) or (
            name in rules.check_start and not _is_word(text, start, end, check_end=False)
        ):
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
        o = rules.ordinal_re.match(text, end)  # 广东省 + 第十四届人民代表大会第五次会议
        if o and _middle_ok(o.group("mid")):
            out.append(_Candidate(start, o.end(), "EVENT", "compound"))
            pos = o.end()
            continue
        if name in rules.prefixes:  # 中日韩 alone is no mention
            continue
        out.append(_Candidate(start, end, label, "gazetteer"))
        pos = end
    return out


def _ordinal_events(text: str, rules: _Rules) -> list[_Candidate]:
    """第十五届全国运动会: an edition number makes a name of an event with no known name in it."""
    return [_Candidate(m.start(), m.end(), "EVENT", "compound")
            for m in rules.ordinal_re.finditer(text) if _middle_ok(m.group("mid"))]


def _compound_ok(text: str, tail: regex.Match[str], anchor_label: str, rules: _Rules) -> bool:
    middle, head = tail.group("mid"), tail.group("head")
    if head in rules.need_middle and not middle:
        return False
    if head in rules.end_only and tail.end() < len(text):
        after = text[tail.end()]
        if _NAME_CHAR.match(after) and after not in rules.bad_chars:
            return False
    if anchor_label == "ORG" and _middle_tags(middle) & rules.org_anchor_bad_tags:
        return False
    if middle and _middle_first_tag(middle) in rules.middle_bad_first_tags:
        return False
    if head in rules.place_heads and anchor_label != "GPE":
        return False
    if head in rules.word_heads and _closes_word(text, tail.start("head")):
        return False
    return _middle_ok(middle)


def _closes_word(text: str, i: int) -> bool:
    """Whether text[i] ends a two-character dictionary word (展 of 发展, 进展, 车展)."""
    _, posseg = jieba_modules()
    return i > 0 and text[i - 1 : i + 1] in posseg.dt.word_tag_tab


@lru_cache(maxsize=65536)
def _middle_first_tag(middle: str) -> str:
    jieba, posseg = jieba_modules()
    return posseg.dt.word_tag_tab.get(jieba.lcut(middle, HMM=False)[0], "")


@lru_cache(maxsize=65536)
def _middle_tags(middle: str) -> frozenset[str]:
    """Dictionary tags of the words in `middle`. A lone character's tag says little (自 of 自贸
    is tagged as a preposition): single function characters are `middle_bad_chars` instead."""
    jieba, posseg = jieba_modules()
    toks = jieba.lcut(middle, HMM=False)
    return frozenset(posseg.dt.word_tag_tab.get(t, "") for t in toks if len(t) > 1)


def _quoted(text: str, rules: _Rules) -> list[_Candidate]:
    out: list[_Candidate] = []
    run: list[tuple[int, int, str]] = []  # consecutive quoted names: (start, end, name)

    def flush(after: int) -> None:
        k = rules.quote_kind_re.match(text, after)
        kind_label = rules.quote_kind_label[k.group("kind")] if k else None
        if kind_label is None:  # 吉祥物“喜洋洋”、“乐融融”
            opening = run[0][0] - 1
            b = rules.quote_before_re.search(text, max(0, opening - 8), opening)
            kind_label = rules.quote_before_label[b.group("kind")] if b else None
        for s, e, name in run:
            # a name's own ending says more than the word after a list of names
            label = _label_by_ending(name, rules) or kind_label or rules.names.get(name)
            if label and name not in rules.not_entities:
                out.append(_Candidate(s, e, label, "quoted"))
        run.clear()

    last_end = -1
    for m in rules.quoted_re.finditer(text):
        group = "a" if m.group("a") is not None else "b"
        if run and text[last_end : m.start()] not in ("", "、", ","):
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


def _heading_titles(sections: Iterable[Section], rules: _Rules) -> list[tuple[int, str, bool]]:
    """(raw start, text, is the whole title) of the pieces of each heading's title without its
    number (第三章, 3.2.1, 一、). In every heading shape the title's text ends the heading's span
    (a chapter's title may stand on the line after its number; the section's title then joins the
    two with a space). The title is cut at whitespace: page furniture stands blanked out in it."""
    out = []
    for sec in sections:
        title = sec.title
        for pattern in rules.heading_res:
            m = pattern.match(title)
            if m:
                title = m.group("title") or ""
                break
        base = sec.char_end - len(title)
        if base < sec.char_start:
            continue
        parts = [(base + m.start(), m.group()) for m in _NON_SPACE.finditer(title)]
        out += [(start, part, len(parts) == 1) for start, part in parts]
    return out


def _heading_names(text: str, spans: list[tuple[int, int]], found: list[_Candidate], rules: _Rules) -> list[_Candidate]:
    """A heading that is a name as a whole (4.3 崂山区数智消费引领行动, 3.2.1家电焕新节): it ends as a
    quoted name may end, opens with no verb or function word (实施乡村振兴战略 is a topic), and is
    built on a known name or a coined word (single characters where jieba knows no word)."""
    out = []
    starts = [c.start for c in found]
    for a, b in spans:
        name = text[a:b]
        if len(name) > rules.quote_max_chars or name in rules.not_entities or not _NAME.fullmatch(name):
            continue
        label = _label_by_ending(name, rules)
        if label is None or _first_tag(name) in rules.heading_bad_first_tags:
            continue
        k = bisect.bisect_left(starts, a)
        known = k < len(found) and found[k].end <= b
        ending = next(w for w, _ in rules.quote_endings if name.endswith(w))
        if known or _coined(name[: -len(ending)]):
            out.append(_Candidate(a, b, label, "heading"))
    return out


@lru_cache(maxsize=4096)
def _first_tag(name: str) -> str:
    _, posseg = jieba_modules()
    toks = posseg.lcut(name)
    return toks[0].flag if toks else ""


@lru_cache(maxsize=4096)
def _coined(stem: str) -> bool:
    jieba, _ = jieba_modules()
    return any(len(t) == 1 and t not in _rules().bad_chars for t in jieba.lcut(stem, HMM=False))


def extract_entities(passages: list[Passage], doc_id: str, sections: Iterable[Section] = ()) -> list[Entity]:
    """Entity mentions of one document's passages and section headings, with raw-document offsets."""
    rules = _rules()
    # (raw start, raw text, normalized text, is a heading's whole title), in document order.
    # A passage's text_norm is norm(text), computed once by structure_document.
    pieces = [(p.char_start, p.text, p.text_norm, False) for p in passages]
    titles = _heading_titles(sections, rules)
    if titles:
        # titles hold no whitespace, so one same-length pass normalizes them all
        normed = same_length_norm("\n".join(raw for _, raw, _ in titles)).split("\n")
        if len(normed) != len(titles) or any(len(n) != len(raw) for n, (_, raw, _) in zip(normed, titles)):
            normed = [norm(raw) for _, raw, _ in titles]
        pieces += [(start, raw, n, whole) for (start, raw, whole), n in zip(titles, normed)]
        pieces.sort(key=lambda x: x[0])
    # One normalized string for all pieces ("\n" keeps names from running across them).
    starts, pos = [], 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece[2]) + 1
    text = "\n".join(piece[2] for piece in pieces)

    found = _gazetteer_and_compounds(text, rules)
    cands = _titles(text, rules) + _quoted(text, rules) + found + _ordinal_events(text, rules)
    cands += _persons(text, rules)
    if titles:
        spans = [(starts[k], starts[k] + len(piece[2])) for k, piece in enumerate(pieces) if piece[3]]
        cands += _heading_names(text, spans, found, rules)
    nlp = pipeline()
    if _has_model(nlp):
        cands += _model_entities(nlp, [piece[2] for piece in pieces], starts, rules)

    out: list[Entity] = []
    maps: dict[int, NormText] = {}
    for c in _resolve(cands):
        k = bisect.bisect_right(starts, c.start) - 1
        base, raw, normed, _ = pieces[k]
        s, e = c.start - starts[k], c.end - starts[k]
        if len(normed) != len(raw):  # whitespace was folded: map back (same length means 1:1)
            if k not in maps:
                maps[k] = normalize_text(raw)
            s, e = maps[k].raw_span(s, e)
        name_norm = text[c.start : c.end]
        if name_norm in rules.not_entities:
            continue
        out.append(
            Entity(
                entity_id=entity_id(name_norm),
                doc_id=doc_id,
                char_start=base + s,
                char_end=base + e,
                text=raw[s:e],
                text_norm=name_norm,
                label=c.label,
            )
        )
    return out


__all__ = ["extract_entities", "entity_id", "pipeline", "norm"]
