"""Entity mentions: places, organisations, brands, programmes, events and titles.

Matching runs on the normalized (Simplified, width-folded) text of each passage and of each
section heading's title (headings are not passages) and reports raw offsets. The rules are data
(`data/entities.yaml`, `data/places.tsv`):

- gazetteer names (administrative divisions in full and short form, platforms, companies, bodies,
  expos), found by spaCy's `span_ruler`, the longest at each place;
- compounds: a known name, a few descriptive words and a head (青岛 + 职业技术 + 学院,
  平度 + 假睫毛 + 产业带); the descriptive words are cut with jieba to refuse function words;
- editions of events (第十五届全国运动会), with a known name before them (广东省第十四届…);
- “quoted” names typed by the word after them (“一城一仓”项目, “以旧换新”等促消费活动), before them
  (吉祥物“喜洋洋”) or by their own ending (“星火计划”), and 《titles》 (LAW when a law or plan,
  else WORK_OF_ART);
- a heading whose whole title is a name (4.3 崂山区数智消费引领行动), and the places inside it
  (崂山区): the only mentions that nest;
- persons next to a title (习近平总书记).

`pipeline()` is the spaCy pipeline that runs: `spacy.blank("zh")` with the char segmenter, a
`span_ruler` holding every gazetteer name (and the blockers, which keep 中国 out of 中国式), then
the `qdextract_*` components: gazetteer names and compounds, the pattern rules, and the resolution
of overlaps into `doc.spans["qdextract"]`. One token per character, because the jieba segmenter
tokenizes at a fifth to a third of the char segmenter's speed and splits names the gazetteer knows
(平度假睫毛 -> 平/度假/睫毛), which phrase patterns would then miss; jieba only sees the few
characters a rule asks about. With a trained model named by `QDEXTRACT_SPACY_MODEL`, the same
components follow its "ner"; its entities are candidates of the lowest priority, so the rules'
mentions win where they overlap.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import regex
import yaml

from qdextract.lexicon import places
from qdextract.models import ENTITY_LABELS, Entity, Passage, record
from qdextract.normalize import NormText, norm, normalize_text, same_length_norm
from qdextract.segment import jieba_modules, word_bounds
from qdextract.structure import Section, make_id

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first built: a run that finds every
    from spacy.language import Language  # document in the store never pays for it
    from spacy.tokens import Doc

MODEL_ENV = "QDEXTRACT_SPACY_MODEL"
CHAR_CONFIG = {"nlp": {"tokenizer": {"segmenter": "char"}}}
RULER = "qdextract_ruler"  # the span_ruler component
COMPONENTS = ("qdextract_names", "qdextract_rules", "qdextract_resolve")
NAMES_KEY = "qdextract_names"  # doc.spans key of the ruler's raw matches
SPANS_KEY = "qdextract"  # doc.spans key of the resolved mentions
BLOCK = "QDEXTRACT_BLOCK"  # label of the blockers' patterns
# Pieces are joined into Docs of about this many characters: spaCy's char tokenizer copies the
# rest of the text for each character (its time grows with the square of a Doc's length), and a
# Doc per sentence pays the per-Doc cost hundreds of times.
_CHUNK_CHARS = 2000
# Priority when two candidates cover the same characters (lower wins after length).
_PRIORITY = {"title": 0, "quoted": 1, "heading": 2, "person": 3, "compound": 4, "gazetteer": 5, "model": 6}
_NAME_CHARS = r"[\p{Han}A-Za-z0-9·]"
_NAME_CHAR = regex.compile(_NAME_CHARS)
_NAME = regex.compile(f"{_NAME_CHARS}+")
_NON_SPACE = regex.compile(r"\S+")
_SPACE = regex.compile(r"\s")


@record
class _Candidate:
    start: int  # offsets into the Doc's (normalized) text
    end: int
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class _Rules:
    names: dict[str, str]
    blockers: frozenset[str]
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
    for row in places():
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
    if short:  # it would match inside every word
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
        blockers=frozenset(blockers),
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
    """The spaCy pipeline, built once per process: the trained model named by QDEXTRACT_SPACY_MODEL
    or a blank Chinese one, followed by the gazetteer ruler and the rule components."""
    import spacy

    name = os.environ.get(MODEL_ENV)
    nlp = spacy.load(name) if name else spacy.blank("zh", config=CHAR_CONFIG)
    add_rule_components(nlp)
    return nlp


def add_rule_components(nlp: Language) -> None:
    """The gazetteer span_ruler and the qdextract components, at the end of `nlp` (after a trained
    model's "ner", whose entities they take in)."""
    _register_components()
    ruler = nlp.add_pipe("span_ruler", name=RULER, config={"spans_key": NAMES_KEY})
    with nlp.select_pipes(enable=[RULER]):  # patterns on ORTH need the tokenizer alone, not a model
        ruler.add_patterns(_patterns(_rules()))
    for name in COMPONENTS:
        nlp.add_pipe(name)


def _patterns(rules: _Rules) -> list[dict[str, str]]:
    blockers = [{"label": BLOCK, "pattern": w} for w in sorted(rules.blockers)]
    return [{"label": label, "pattern": w} for w, label in rules.names.items()] + blockers


@cache
def _register_components() -> None:
    """The Doc extensions and the qdextract_* components, registered once per process."""
    from spacy.language import Language
    from spacy.tokens import Doc

    for ext in ("qdextract_text", "qdextract_headings", "qdextract_candidates", "qdextract_mentions"):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    for name, func in zip(COMPONENTS, (_names_component, _rules_component, _resolve_component)):
        Language.component(name, func=func)


def _doc_text(doc: Doc) -> str:
    """The Doc's text. `doc.text` joins the tokens anew on every call, which costs about as much
    as tokenizing, so the Docs made here carry their text along."""
    if doc._.qdextract_text is None:
        doc._.qdextract_text = doc.text
    return doc._.qdextract_text


def _names_component(doc: Doc) -> Doc:
    """Gazetteer names and compounds, from the span_ruler's matches."""
    matches = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans.get(NAMES_KEY, ())]
    doc._.qdextract_candidates = _gazetteer_and_compounds(_doc_text(doc), matches, _rules())
    return doc


def _rules_component(doc: Doc) -> Doc:
    """The pattern rules' candidates; `doc._.qdextract_headings` holds the (start, end) of each
    heading title that stands alone in the text."""
    found = doc._.qdextract_candidates or []
    headings = doc._.qdextract_headings or ()
    doc._.qdextract_candidates = _rule_candidates(_doc_text(doc), found, headings, _rules())
    return doc


def _resolve_component(doc: Doc) -> Doc:
    """Non-overlapping mentions into `doc._.qdextract_mentions` (exact offsets, the rule that found
    each) and `doc.spans["qdextract"]` (the rule as the span's id)."""
    rules = _rules()
    cands = (doc._.qdextract_candidates or []) + _model_candidates(doc, rules)
    text = _doc_text(doc)
    mentions = [c for c in _resolve(cands) if text[c.start : c.end] not in rules.not_entities]
    mentions = sorted(mentions + _places_in_headings(mentions, cands), key=lambda c: c.start)
    doc._.qdextract_mentions = mentions
    spans = (doc.char_span(c.start, c.end, c.label, span_id=c.source, alignment_mode="expand")
             for c in mentions)
    doc.spans[SPANS_KEY] = [sp for sp in spans if sp is not None]
    return doc


def _places_in_headings(mentions: list[_Candidate], cands: list[_Candidate]) -> list[_Candidate]:
    """The places inside a heading that is a name as a whole (4.3 崂山区数智消费引领行动 names 崂山区
    too). The one place where mentions nest: a section's heading often is the only mention of
    the place the section is about, and a search for the place should find it."""
    spans = [(c.start, c.end) for c in mentions if c.source == "heading"]
    if not spans:
        return []
    return [c for c in cands if c.source == "gazetteer" and c.label == "GPE"
            and any(a <= c.start and c.end <= b and (a, b) != (c.start, c.end) for a, b in spans)]


def _rule_candidates(text: str, found: list[_Candidate], headings: Iterable[tuple[int, int]],
                     rules: _Rules) -> list[_Candidate]:
    """Every rule's candidates besides the gazetteer's `found`, in the order ties are settled in."""
    cands = _titles(text, rules) + _quoted(text, rules) + found + _ordinal_events(text, rules)
    cands += _persons(text, rules)
    return cands + _heading_names(text, list(headings), found, rules)


def _model_candidates(doc: Doc, rules: _Rules) -> list[_Candidate]:
    """A trained model's entities, except those running across pieces (joined by newlines)."""
    out = []
    for ent in doc.ents:
        label = rules.model_label_map.get(ent.label_, ent.label_)
        if ent.label_ in rules.model_labels and label in ENTITY_LABELS and "\n" not in ent.text:
            out.append(_Candidate(ent.start_char, ent.end_char, label, "model"))
    return out


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


def _name_matches(text: str, matches: Iterable[tuple[int, int, str]]) -> tuple[dict, dict]:
    """({(start, end): label} of the names, {start: end of the longest blocker}) from the ruler's
    (start, end, label) matches. Tokens match across a space, a name holds none."""
    names: dict[tuple[int, int], str] = {}
    blocks: dict[int, int] = {}
    for start, end, label in matches:
        if _SPACE.search(text, start, end):
            continue
        if label == BLOCK:
            blocks[start] = max(end, blocks.get(start, -1))
        else:
            names[start, end] = label
    return names, blocks


def _gazetteer_and_compounds(text: str, matches: Iterable[tuple[int, int, str]],
                             rules: _Rules) -> list[_Candidate]:
    """Left to right, the longest name at each place unless a blocker starts there; a name with a
    tail (descriptive words and a head, or an edition) becomes a compound."""
    names, block_ends = _name_matches(text, matches)
    name_ends: dict[int, int] = {}
    for start, end in names:
        name_ends[start] = max(end, name_ends.get(start, -1))
    out: list[_Candidate] = []
    pos = 0
    for start in sorted(name_ends.keys() | block_ends.keys()):
        if start < pos:
            continue
        pos = start + 1
        blocked = block_ends.get(start, -1)
        if blocked > 0:
            pos = blocked
            continue
        end = name_ends.get(start, -1)
        if end < 0:
            continue
        name = text[start:end]
        if (name in rules.check_boundary and not _is_word(text, start, end)) or (
            name in rules.check_start and not _is_word(text, start, end, check_end=False)
        ):
            continue
        # 即墨市场 is 即墨 + 市场: a place's last character that starts an ordinary word goes back.
        if text[end - 1 : end + 1] in rules.glue_words:
            if (start, end - 1) in names:
                end -= 1
            else:
                pos = end
                continue
        label = names[start, end]
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


def _pieces(passages: list[Passage], sections: Iterable[Section],
            rules: _Rules) -> list[tuple[int, str, str, bool]]:
    """(raw start, raw text, normalized text, is a heading's whole title), in document order.
    A passage's text_norm is norm(text), computed once by structure_document."""
    pieces = [(p.char_start, p.text, p.text_norm, False) for p in passages]
    titles = _heading_titles(sections, rules)
    if titles:
        # titles hold no whitespace, so one same-length pass normalizes them all
        normed = same_length_norm("\n".join(raw for _, raw, _ in titles)).split("\n")
        if len(normed) != len(titles) or any(len(n) != len(raw) for n, (_, raw, _) in zip(normed, titles)):
            normed = [norm(raw) for _, raw, _ in titles]
        pieces += [(start, raw, n, whole) for (start, raw, whole), n in zip(titles, normed)]
        pieces.sort(key=lambda x: x[0])
    return pieces


def _chunks(lengths: list[int]) -> Iterator[tuple[int, int]]:
    """(first, end) indices of runs of pieces about _CHUNK_CHARS long together."""
    first, size = 0, 0
    for k, n in enumerate(lengths):
        size += n + 1
        if size >= _CHUNK_CHARS:
            yield first, k + 1
            first, size = k + 1, 0
    if first < len(lengths):
        yield first, len(lengths)


def _chunk_docs(nlp: Language, pieces: list[tuple[int, str, str, bool]], starts: list[int],
                chunks: list[tuple[int, int]]) -> Iterator[Doc]:
    """A Doc per chunk: its pieces joined with "\n" (which keeps names from running across them),
    with the heading titles that stand alone marked for the heading rule."""
    for a, b in chunks:
        text = "\n".join(piece[2] for piece in pieces[a:b])
        doc = nlp.make_doc(text)
        doc._.qdextract_text = text
        doc._.qdextract_headings = [(starts[k] - starts[a], starts[k] - starts[a] + len(pieces[k][2]))
                                    for k in range(a, b) if pieces[k][3]]
        yield doc


def extract_entities(passages: list[Passage], doc_id: str, sections: Iterable[Section] = ()) -> list[Entity]:
    """Entity mentions of one document's passages and section headings, with raw-document offsets."""
    pieces = _pieces(passages, sections, _rules())
    # offsets of the pieces in their normalized texts joined with "\n"
    starts, pos = [], 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece[2]) + 1
    chunks = list(_chunks([len(piece[2]) for piece in pieces]))
    nlp = pipeline()
    out: list[Entity] = []
    # small batches: a trained model holds a batch's tensors, and a document may run to 50 MB
    docs = nlp.pipe(_chunk_docs(nlp, pieces, starts, chunks), batch_size=32)
    for (a, _), doc in zip(chunks, docs):
        maps: dict[int, NormText] = {}
        for c in doc._.qdextract_mentions:
            k = bisect.bisect_right(starts, starts[a] + c.start) - 1
            base, raw, normed, _ = pieces[k]
            s, e = starts[a] + c.start - starts[k], starts[a] + c.end - starts[k]
            name_norm = normed[s:e]
            if len(normed) != len(raw):  # whitespace was folded: map back (same length means 1:1)
                if k not in maps:
                    maps[k] = normalize_text(raw)
                s, e = maps[k].raw_span(s, e)
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


__all__ = ["add_rule_components", "entity_id", "extract_entities", "norm", "pipeline"]
