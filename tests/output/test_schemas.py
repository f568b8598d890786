from pathlib import Path

import pytest

from qdextract.output.schemas import SCHEMAS, schema_yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_exported_schema_matches_code(table):
    """schemas/*.yaml is generated from the Pandera models: regenerate with `python -m qdextract.output.schemas`."""
    assert (SCHEMA_DIR / f"{table}.yaml").read_text(encoding="utf-8") == schema_yaml(table)


def test_no_stray_schema_files():
    assert {p.stem for p in SCHEMA_DIR.glob("*.yaml")} == set(SCHEMAS)
