"""Immutable records that flow between the stages: the raw surface beside the normalized value."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar, dataclass_transform

_R = TypeVar("_R")

# Allowed values, shared by the stages and the Pandera schemas.
KINDS = ("money", "percent", "percentage_point", "count", "duration", "ratio", "rank", "other")
QUANTITY_KINDS = KINDS + ("date", "period")
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "at_most")
DIRECTIONS = ("increase", "decrease")
VALUE_ROLES = ("level", "change", "difference")
MODALITIES = ("actual", "forecast", "target")
QUANTITY_ROLES = (
    "claim", "year", "date", "period", "section_number", "enumerator", "name",
    "subject_qualifier", "other",
)
ENTITY_LABELS = ("ORG", "GPE", "PRODUCT", "EVENT", "LAW", "PERSON", "WORK_OF_ART", "FAC")
SCRIPTS = ("traditional", "simplified", "mixed")
SEVERITIES = ("info", "warning", "error")
PASSAGE_KINDS = ("sentence", "title", "list_item", "table_row")
ORIGINS = ("prose", "title", "list", "table")  # where a claim's figure was read
ORIGIN_OF_PASSAGE = {"sentence": "prose", "title": "title", "list_item": "list", "table_row": "table"}
DUP_KINDS = ("exact", "near", "contained", "boilerplate")


@dataclass_transform(frozen_default=True)
def record(cls: type[_R]) -> type[_R]:
    """`@dataclass(frozen=True, slots=True)` with a faster `__init__`.

    A frozen dataclass's own `__init__` must set each field through `object.__setattr__` (its
    class refuses `__setattr__`): about 0.1 µs a field, 3 µs for a claim. This one sets each
    slot through the slot's own descriptor, the same store without the lookup, in half the
    time. Signature, defaults and the frozen instance are the dataclass's."""
    cls = dataclass(frozen=True, slots=True)(cls)
    own = fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in own]
    defaults = {f.name: f.default for f in own if f.default is not MISSING}
    if any(f.default_factory is not MISSING for f in own):
        raise TypeError(f"{cls.__name__}: a record's defaults are plain values")
    params = ", ".join(f"{n}=_default_{n}" if n in defaults else n for n in names)
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names)
    scope: dict[str, Any] = {f"_set_{n}": vars(cls)[n].__set__ for n in names}
    scope.update({f"_default_{n}": v for n, v in defaults.items()})
    exec(f"def __init__(self, {params}):\n{body}", scope)  # as dataclasses builds its own
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__annotations__ = {f.name: f.type for f in own} | {"return": None}
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class Record:
    """Mixin: a record as a plain dict, for DataFrames and JSON lines."""

    __slots__ = ()  # or every record would carry an instance dict beside its slots

    def to_dict(self) -> dict[str, Any]:
        # fields are plain values, so a shallow copy is the same as asdict's deep one, and far cheaper
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@record
class Document(Record):
    doc_id: str
    source_path: str
    sha256: str
    encoding: str
    text: str
    script: str


@record
class Passage(Record):
    """One sentence: the unit of deduplication. Offsets are into the document's decoded text."""

    passage_id: str
    doc_id: str
    section_path: str
    paragraph_index: int
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    text_norm: str
    kind: str = "sentence"  # sentence / title / list_item / table_row


@record
class Furniture(Record):
    """Page furniture dropped from the text (image markup, poster placeholders)."""

    doc_id: str
    char_start: int
    char_end: int
    text: str
    kind: str


@record
class Quantity(Record):
    """One numeric mention: `text == source[start:end]`."""

    start: int
    end: int
    text: str
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str | None
    kind: str
    unit_surface: str | None = None
    qualifier: str = "exact"
    # For dates and periods: the normalized period (`2025`, `2025Q1`, `2025-03`).
    period: str | None = None
    # What the grammar already knows the mention to be, when it is not a plain figure:
    # year, date, period, section_number, enumerator, ordinal, name, article (`一场` = "a"),
    # word (a numeral in a word or a time of day: `两点要求`, `下午3点`).
    role_hint: str | None = None


@record
class Claim(Record):
    claim_id: str
    doc_id: str
    passage_id: str
    section_path: str
    sentence: str
    char_start: int
    char_end: int
    surface: str
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str | None
    unit_surface: str | None
    kind: str
    qualifier: str
    direction: str | None
    value_role: str
    from_value: float | None
    yoy: bool
    base_period: str | None
    period: str | None
    year: int | None
    modality: str
    metric: str | None
    metric_norm: str | None
    subject: str | None
    subject_norm: str | None
    origin: str = "prose"
    dup_group: str | None = None
    is_canonical: bool = True


@record
class QuantityMention(Record):
    """A row of the quantities table: every mention, with the role it plays."""

    doc_id: str
    char_start: int
    char_end: int
    text: str
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str | None
    kind: str
    role: str
    claim_id: str | None = None


@record
class Entity(Record):
    entity_id: str
    doc_id: str
    char_start: int
    char_end: int
    text: str
    text_norm: str
    label: str


@record
class Finding(Record):
    finding_id: str
    kind: str
    severity: str
    doc_ids: str
    refs: str
    message: str


@dataclass(slots=True)
class DocumentResult:
    """Everything one document yields; `error` is set when the document failed."""

    doc_id: str
    source_path: str
    sha256: str
    encoding: str | None
    script: str | None
    n_chars: int
    passages: list[Passage] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quantities: list[QuantityMention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
