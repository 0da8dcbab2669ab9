"""Shared fixtures: the real gazetteer and real spaCy pipelines, built once per session."""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "models" / "gazetteer" / "raw"
GOLD = ROOT / "corpora" / "gold"
SEED = ROOT / "corpora" / "gold" / "en" / "en-seed-2020-11-21.txt"
SAMPLES = ROOT / "corpora" / "samples"
sys.path.insert(0, str(ROOT / "corpora" / "bench"))
import generate as bench  # noqa: E402,F401  (the benchmark archive generator, for the tests)

# Three short reports the batch and Dask engines are run on.
LANKAO = ("新华社郑州3月27日电 河南省政府27日宣布，经第三方专项评估检查，兰考县符合贫困县退出条件，"
          "正式退出贫困县序列。")
GANSU = ("LANZHOU, Nov. 21 -- Gansu's provincial government said on Saturday that it had "
         "approved the removal of Dongxiang, Linxia, Tongwei and Min counties from the poverty list.")
CHONGQING = "重庆市人民政府2月25日发布通知，同意城口县、巫溪县、酉阳土家族苗族自治县、彭水苗族土家族自治县退出贫困县。"


def env() -> dict[str, str]:
    """The environment for a zhaimao subprocess: this checkout importable, no forced width."""
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e.pop("COLUMNS", None)
    return e


def table(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query on a SQLite file."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


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
