"""The zhaimao command: gazetteer lookups, info, schema and extract, through typer's CliRunner."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import SEED

runner = CliRunner()


def _json(args: list[str]) -> dict:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lookup_min_county() -> None:
    out = _json(["gazetteer", "lookup", "岷县", "--format", "json"])
    best = out["candidates"][0]
    assert (best["adcode"], best["name"], best["prefecture"], best["province"]) == ("621126", "岷县", "定西市", "甘肃省")
    assert best["poverty_county"] is True and best["exit_year"] == 2020
    assert out["ambiguous"] is False


def test_lookup_duan_with_province() -> None:
    out = _json(["gazetteer", "lookup", "都安", "--province", "广西", "--format", "json"])
    assert out["candidates"][0]["adcode"] == "451228"
    assert out["candidates"][0]["name"] == "都安瑶族自治县"


@pytest.mark.parametrize("name", ["Du'an", "Duan County"])
def test_lookup_pinyin_forms_of_duan(name: str) -> None:
    out = _json(["gazetteer", "lookup", name, "--format", "json"])
    assert "451228" in {c["adcode"] for c in out["candidates"]}


def test_lookup_wei_in_hebei_says_ambiguous() -> None:
    out = _json(["gazetteer", "lookup", "Wei", "--province", "河北", "--format", "json"])
    assert out["ambiguous"] is True
    assert {"130434", "130533"} <= {c["adcode"] for c in out["candidates"]}
    assert "ambiguous" in out["message"]


def test_lookup_linxia_county_never_returns_linxia_city() -> None:
    out = _json(["gazetteer", "lookup", "临夏县", "--format", "json"])
    assert "622901" not in {c["adcode"] for c in out["candidates"]}


def test_lookup_renamed_county_by_date() -> None:
    before = _json(["gazetteer", "lookup", "大同县", "--on", "2017-06-01", "--format", "json"])
    assert (before["candidates"][0]["adcode"], before["candidates"][0]["prefecture"],
            before["candidates"][0]["province"]) == ("140227", "大同市", "山西省")
    after = _json(["gazetteer", "lookup", "大同县", "--on", "2020-01-01", "--format", "json"])
    assert after["candidates"][0]["adcode"] == "140215"
    assert "云州区" in after["message"]


def test_lookup_table_and_unknown_name() -> None:
    table = runner.invoke(app, ["gazetteer", "lookup", "岷县"])
    assert table.exit_code == 0 and "621126" in table.stdout
    unknown = runner.invoke(app, ["gazetteer", "lookup", "不存在县"])
    assert unknown.exit_code == 3


def test_lookup_unknown_province_is_a_usage_error() -> None:
    result = runner.invoke(app, ["gazetteer", "lookup", "岷县", "--province", "Atlantis"])
    assert result.exit_code == 2
    assert "E006" in result.output


def test_info_reports_counts_batches_version_and_sources() -> None:
    info = _json(["gazetteer", "info", "--format", "json"])
    assert info["counts"]["county_level_current"] >= 2840
    assert info["counts"]["poverty_counties"] == 832
    assert sum(info["exits_by_batch_year"].values()) == 832
    assert set(info["exits_by_batch_year"]) == {"2016", "2017", "2018", "2019", "2020"}
    assert info["version"] and info["sources"]


def test_schema_is_the_json_schema_of_article_result() -> None:
    schema = _json(["schema"])
    assert schema["title"] == "ArticleResult"
    for field in ("article", "records", "aggregates", "claims", "findings", "problems"):
        assert field in schema["properties"]


def test_extract_seed_to_json() -> None:
    out = _json(["extract", str(SEED), "--published", "2020-11-21"])
    assert len([r for r in out["records"] if r["status"] == "exited"]) == 12


def test_extract_reads_stdin_and_gb18030() -> None:
    text = "甘肃省人民政府21日宣布，东乡族自治县等8个县退出贫困县序列。"
    result = runner.invoke(app, ["extract", "-", "--published", "2020-11-21"], input=text.encode("gb18030"))
    assert result.exit_code == 0, result.output
    assert "622926" in {r["county"]["adcode"] for r in json.loads(result.stdout)["records"]}


@pytest.mark.parametrize(("args", "stdin", "code"), [
    (["extract", "-"], b"", 3),
    (["extract", "-"], b"\x00\x01\x02binary", 3),
    (["extract", "no-such-file.txt"], None, 3),
    (["extract", "-", "--published", "sometime"], "岷县退出贫困县序列".encode(), 2),
])
def test_extract_bad_input_exit_codes(args, stdin, code) -> None:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == code
    assert result.stdout == ""


def test_python_dash_m_runs_the_command() -> None:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "gazetteer", "lookup", "岷县", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["candidates"][0]["adcode"] == "621126"
