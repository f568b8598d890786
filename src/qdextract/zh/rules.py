"""The one loader of the rule files in `data/`: every file is read once, and a typed one is
checked against the dataclass it fills, so an unknown or missing key is an error that names the
file and the key, never a rule silently ignored."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml

T = TypeVar("T")


class RulesError(ValueError):
    """A rule file that does not have the shape its dataclass asks for."""


@cache
def data_text(name: str) -> str:
    return resources.files("qdextract").joinpath("data", name).read_text(encoding="utf-8")


@cache
def data_file(name: str) -> Any:
    """A YAML file of `data/`, parsed (callers must not change what it returns)."""
    return yaml.safe_load(data_text(name))


def check_keys(name: str, data: Any, required: set[str], optional: Collection[str] = ()) -> dict:
    if not isinstance(data, dict):
        raise RulesError(f"data/{name}: expected a mapping of rule names, got {type(data).__name__}")
    unknown = sorted(set(data) - required - set(optional))
    missing = sorted(required - set(data))
    if unknown or missing:
        raise RulesError(f"data/{name}: " + "; ".join(
            part for part in (unknown and f"unknown key(s) {unknown}", missing and f"missing key(s) {missing}")
            if part))
    return data


def _coerce(name: str, key: str, kind: str, value: Any) -> Any:
    """A YAML value as the field's declared type (its annotation, as a string)."""
    try:
        if kind.startswith("tuple"):
            return tuple(value)
        if kind.startswith("frozenset"):
            return frozenset(value)
        if kind.startswith("dict"):
            return dict(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "str":
            if not isinstance(value, str):
                raise TypeError(f"{value!r} is not text")
            return value
    except (TypeError, ValueError) as e:
        raise RulesError(f"data/{name}: key {key!r}: {e}") from None
    return value


def _type_name(declared: Any) -> str:
    """`tuple[str, ...]` -> "tuple": from the annotation's text, or (in a compiled build) its type."""
    if isinstance(declared, str):
        return declared
    return getattr(getattr(declared, "__origin__", declared), "__name__", str(declared))


def load_rules(name: str, cls: type[T], section: str | None = None) -> T:
    """`data/NAME` (or its mapping under `section`) as a `cls`: one key per field, each converted
    to the field's type, or by the `load` function in the field's metadata (which gets the file
    name, the key and the value)."""
    raw = data_file(name)
    where = name
    if section is not None:
        if not isinstance(raw, dict) or section not in raw:
            raise RulesError(f"data/{name}: missing key(s) [{section!r}]")
        raw, where = raw[section], f"{name} ({section})"
    data = check_keys(where, raw, {f.name for f in dataclasses.fields(cls)})  # type: ignore[arg-type]
    values = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        load = f.metadata.get("load")
        value = data[f.name]
        values[f.name] = load(where, f.name, value) if load else _coerce(where, f.name, _type_name(f.type), value)
    return cls(**values)
