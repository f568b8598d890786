from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "raw" / "qingdao_livestream_report.txt"
CORPUS = ROOT.parent / "shared" / "corpus"
GUANGDONG = CORPUS / "guangdong_gov_work_report_2026.txt"

# Prefect in tests: a throwaway home, no analytics, no INFO chatter.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def guangdong_text() -> str:
    if not GUANGDONG.exists():
        pytest.skip(f"{GUANGDONG} not present")
    return GUANGDONG.read_text(encoding="utf-8")
