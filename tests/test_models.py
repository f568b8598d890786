import dataclasses
import inspect
import pickle

import pytest

from qdextract import models

RECORDS = [models.Document, models.Passage, models.Furniture, models.Quantity, models.Claim,
           models.QuantityMention, models.Entity, models.Finding]


def _plain_dataclass(cls):
    """The same fields as a plain frozen, slotted dataclass: what `record` must behave as."""
    specs = [(f.name, f.type, dataclasses.field(default=f.default)) if f.default is not dataclasses.MISSING
             else (f.name, f.type) for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True)


def _values(cls):
    return [f"{f.name}-{i}" for i, f in enumerate(dataclasses.fields(cls))]


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_builds_as_a_frozen_dataclass_does(cls):
    plain = _plain_dataclass(cls)
    assert inspect.signature(cls) == inspect.signature(plain)
    values = _values(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    by_position, by_keyword = cls(*values), cls(**dict(zip(names, values)))
    assert dataclasses.astuple(by_position) == dataclasses.astuple(by_keyword) == dataclasses.astuple(plain(*values))
    required = [f for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    with_defaults = cls(*values[:len(required)])
    assert dataclasses.astuple(with_defaults) == dataclasses.astuple(plain(*values[:len(required)]))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_stays_frozen_and_round_trips(cls):
    record = cls(*_values(cls))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(record, dataclasses.fields(cls)[0].name, "changed")
    assert not hasattr(record, "__dict__")  # slotted
    assert pickle.loads(pickle.dumps(record)) == record
    assert dataclasses.replace(record) == record


def test_a_record_refuses_default_factories():
    with pytest.raises(TypeError, match="plain values"):
        @models.record
        class _Listed:
            items: list = dataclasses.field(default_factory=list)
