"""The spaCy pipeline that finds entity mentions, and extract_entities, which runs it over a document."""


from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from qdextract.extract.entities.automaton import gazetteer_automaton, gazetteer_matches
from qdextract.extract.entities.document import Mention, abbreviations, canonical_ids, propagate
from qdextract.extract.entities.find import (
    _gazetteer_and_compounds,
    _heading_titles,
    _is_word,
    _model_candidates,
    _places_in_headings,
    _resolve,
    _rule_candidates,
)
from qdextract.extract.entities.rules import (
    _CHUNK_CHARS,
    BLOCK,
    CHAR_CONFIG,
    COMPONENTS,
    MODEL_ENV,
    NAMES_KEY,
    RULER,
    SPANS_KEY,
    _Candidate,
    _Rules,
    _rules,
)
from qdextract.ids import entity_id  # noqa: F401  (re-exported)
from qdextract.models import Entity, Passage
from qdextract.text.normalize import NormText, norm, normalize_text, same_length_norm
from qdextract.text.structure import Section, reading_text

if TYPE_CHECKING:  # spaCy is imported when the pipeline is first built: a run that finds every
    from spacy.language import Language  # document in the store never pays for it
    from spacy.pipeline import SpanRuler
    from spacy.tokens import Doc


@cache
def pipeline() -> Language:
    """The spaCy pipeline, built once per process: the trained model named by QDEXTRACT_SPACY_MODEL
    or a blank Chinese one, followed by the gazetteer ruler and the rule components."""
    import spacy

    name = os.environ.get(MODEL_ENV)
    nlp = spacy.load(name) if name else spacy.blank("zh", config=CHAR_CONFIG)
    add_rule_components(nlp)
    return nlp


def load_resources() -> None:
    """What extract_entities needs, loaded now (the spaCy pipeline when a trained model is named,
    the gazetteer's automaton otherwise): a worker process loads it once for all its documents."""
    if os.environ.get(MODEL_ENV):
        pipeline()
    else:
        gazetteer_automaton()


def add_rule_components(nlp: Language) -> None:
    """The gazetteer span_ruler and the qdextract components, at the end of `nlp` (after a trained
    model's "ner", whose entities they take in)."""
    _register_components()
    ruler = cast("SpanRuler", nlp.add_pipe("span_ruler", name=RULER, config={"spans_key": NAMES_KEY}))
    with nlp.select_pipes(enable=[RULER]):  # patterns on ORTH need the tokenizer alone, not a model
        ruler.add_patterns(_patterns(_rules()))
    for name in COMPONENTS:
        nlp.add_pipe(name)


def _patterns(rules: _Rules) -> list[dict[str, Any]]:  # spaCy: a pattern is a str or token dicts
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
    doc._.qdextract_candidates = names_and_compounds(_doc_text(doc), matches)
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
    cands = (doc._.qdextract_candidates or []) + _model_candidates(doc, _rules())
    mentions = resolved_mentions(_doc_text(doc), cands)
    doc._.qdextract_mentions = mentions
    spans = (doc.char_span(c.start, c.end, c.label, span_id=c.source, alignment_mode="expand")
             for c in mentions)
    doc.spans[SPANS_KEY] = [sp for sp in spans if sp is not None]
    return doc


def names_and_compounds(text: str, matches: list[tuple[int, int, str]]) -> list[_Candidate]:
    """Gazetteer names and compounds from the gazetteer's (start, end, label) matches in text."""
    runs = _rules().abbreviation_run_re.finditer(text)  # 苏皖鲁豫, 港珠澳: a group of places
    matches = matches + [(m.start(), m.end(), "GPE") for m in runs if _is_word(text, m.start(), m.end(), check_end=False)]
    return _gazetteer_and_compounds(text, matches, _rules())


def resolved_mentions(text: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping mentions from every rule's candidates, with the places inside whole-name
    headings, in text order."""
    rules = _rules()
    mentions = [c for c in _resolve(cands) if text[c.start : c.end] not in rules.not_entities]
    return sorted(mentions + _places_in_headings(mentions, cands), key=lambda c: c.start)


def text_mentions(text: str, headings: list[tuple[int, int]]) -> list[_Candidate]:
    """What the pipeline's rule components find in text, without spaCy: the gazetteer as one
    Aho-Corasick automaton. The same mentions as the span_ruler's, since a name never holds a
    space and so never matches across the char tokenizer's whitespace."""
    found = names_and_compounds(text, gazetteer_matches(text))
    return resolved_mentions(text, _rule_candidates(text, found, headings, _rules()))


def _pieces(passages: list[Passage], sections: Iterable[Section],
            rules: _Rules) -> list[tuple[int, str, str, bool]]:
    """(raw start, raw text, normalized text, is a heading's whole title), in document order.
    A passage's text_norm is norm(text), computed once by structure_document."""
    pieces = [(p.char_start, p.text, p.text_norm, False) for p in passages]
    # a heading that states a figure is a passage too: its title is read once, as the passage
    read = {p.char_start for p in passages if p.kind == "title"}
    titles = [t for t in _heading_titles(sections, rules) if t[0] not in read]
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


# spaCy's char segmenter's tokens: a run of whitespace, or one other character with the single
# space that follows it (the token's trailing space), as `util.get_words_and_spaces` aligns them
_CHAR_TOKEN = re.compile(r"(\S)( ?)|\s+")


def _char_doc_maker(nlp: Language) -> Callable[[str], Doc]:
    """`nlp.make_doc`, or for the char segmenter the same Doc built from the text in one pass
    (spaCy aligns each character by searching the rest of the text, which costs a chunk's length
    per character)."""
    from spacy.lang.zh import ChineseTokenizer, Segmenter
    from spacy.tokens import Doc

    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, ChineseTokenizer) or tokenizer.segmenter != Segmenter.char:
        return nlp.make_doc

    def make_doc(text: str) -> Doc:
        words, spaces = [], []
        for m in _CHAR_TOKEN.finditer(text):
            words.append(m.group())
            spaces.append(False)
            if m.group(2):
                words[-1] = m.group(1)
                spaces[-1] = True
        return Doc(nlp.vocab, words=words, spaces=spaces)

    return make_doc


def _chunk_text(pieces: list[tuple[int, str, str, bool]], starts: list[int], a: int, b: int) -> tuple[str, list[tuple[int, int]]]:
    """A chunk's pieces joined with "\n" (which keeps names from running across them), and the
    spans of the heading titles in it that stand alone (for the heading rule)."""
    text = "\n".join(piece[2] for piece in pieces[a:b])
    return text, [(starts[k] - starts[a], starts[k] - starts[a] + len(pieces[k][2])) for k in range(a, b) if pieces[k][3]]


def _chunk_docs(nlp: Language, pieces: list[tuple[int, str, str, bool]], starts: list[int],
                chunks: list[tuple[int, int]]) -> Iterator[Doc]:
    """A Doc per chunk, carrying its text and heading titles."""
    make_doc = _char_doc_maker(nlp)
    for a, b in chunks:
        text, headings = _chunk_text(pieces, starts, a, b)
        doc = make_doc(text)
        doc._.qdextract_text = text
        doc._.qdextract_headings = headings
        yield doc


def _chunk_mentions(pieces: list[tuple[int, str, str, bool]], starts: list[int],
                    chunks: list[tuple[int, int]]) -> Iterator[list[_Candidate]]:
    """Each chunk's mentions: through the spaCy pipeline when a trained model is named, by the
    rules alone over the text otherwise (the blank pipeline adds nothing to them)."""
    if not os.environ.get(MODEL_ENV):
        for a, b in chunks:
            yield text_mentions(*_chunk_text(pieces, starts, a, b))
        return
    nlp = pipeline()
    # small batches: a trained model holds a batch's tensors, and a document may run to 50 MB
    for doc in nlp.pipe(_chunk_docs(nlp, pieces, starts, chunks), batch_size=32):
        yield doc._.qdextract_mentions


def extract_entities(passages: list[Passage], doc_id: str, sections: Iterable[Section] = ()) -> list[Entity]:
    """Entity mentions of one document's passages and section headings, with raw-document offsets."""
    pieces = _pieces(passages, sections, _rules())
    # offsets of the pieces in their normalized texts joined with "\n"
    starts, pos = [], 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece[2]) + 1
    chunks = list(_chunks([len(piece[2]) for piece in pieces]))
    found: list[Mention] = []
    for a, chunk_mentions in zip((a for a, _ in chunks), _chunk_mentions(pieces, starts, chunks)):
        for c in chunk_mentions:
            k = bisect.bisect_right(starts, starts[a] + c.start) - 1
            s = starts[a] + c.start - starts[k]
            found.append(Mention(k, s, s + c.end - c.start, c.label, c.source))
    texts = [piece[2] for piece in pieces]
    defined, links = abbreviations(texts, found)
    found = propagate(texts, found + defined, _rules().learnable)
    names = [texts[m.piece][m.start : m.end] for m in found]
    out: list[Entity] = []
    maps: dict[int, NormText] = {}
    for m, name_norm, eid in zip(found, names, canonical_ids(names, links)):
        base, raw, normed, _ = pieces[m.piece]
        s, e = m.start, m.end
        if len(normed) != len(raw):  # whitespace was folded: map back (same length means 1:1)
            if m.piece not in maps:
                maps[m.piece] = normalize_text(reading_text(raw))  # as text_norm was made
            s, e = maps[m.piece].raw_span(s, e)
        out.append(Entity(entity_id=eid, doc_id=doc_id, char_start=base + s, char_end=base + e,
                          text=raw[s:e], text_norm=name_norm, label=m.label))
    return out


__all__ = ["add_rule_components", "entity_id", "extract_entities", "load_resources", "norm", "pipeline"]
