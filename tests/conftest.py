"""Shared fixtures: the real gazetteer and real spaCy pipelines, built once per session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "models" / "gazetteer" / "raw"
GOLD = ROOT / "corpora" / "gold"
SEED = ROOT / "corpora" / "gold" / "en" / "en-seed-2020-11-21.txt"


@pytest.fixture(scope="session")
def gaz():
    from pipeline.gazetteer import load

    return load()


@pytest.fixture(scope="session")
def poverty_rows() -> list[dict[str, str]]:
    with (RAW / "poverty_counties.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="session")
def nlp_zh():
    import pipeline

    return pipeline.load("zh")


@pytest.fixture(scope="session")
def nlp_en():
    import pipeline

    return pipeline.load("en")
