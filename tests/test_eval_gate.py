"""Quality gate: scores on the gold corpus never fall below the floors pinned in corpora/gold/floors.json.

The floors were measured on the corpus whose digest the file records; when the corpus
changes, the digest test fails and the floors have to be measured again
(`zhaimao evaluate corpora/gold --format json`, each floor a little below the figure).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from pipeline.evaluate import corpus_digest, evaluate

from .conftest import GOLD

FLOORS_FILE = GOLD / "floors.json"
SUBSETS = ("zh", "en")

#: floor name → (path into the evaluate() scores of one language, kind)
#: "min" fields must stay at or above the floor, "max" fields at or below it.
FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "exit_f1": (("exit_county", "f1"), "min"),
    "status_accuracy": (("status", "accuracy"), "min"),
    "date_accuracy": (("date", "accuracy"), "min"),
    "authority_accuracy": (("authority", "accuracy"), "min"),
    "counts_f1": (("counts", "f1"), "min"),
    "aggregates_f1": (("aggregates", "f1"), "min"),
    "max_exit_records_on_negatives": (("exit_records_on_negatives",), "max"),
    "max_exit_records_on_non_exits": (("exit_records_on_non_exits",), "max"),
}

FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
CHANGED = "gold corpus changed: re-measure and update floors.json"
CASES = [pytest.param(lang, field, id=f"{lang}-{field}") for lang in SUBSETS for field in FIELDS]


@pytest.fixture(scope="module")
def scores() -> dict[str, Any]:
    """evaluate() over the whole gold corpus, once, with each article's errors."""
    errors: dict[str, list[str]] = {}
    result = evaluate(GOLD, SUBSETS, per_article=errors)
    result["errors"] = errors
    return result


def _value(lang_scores: dict[str, Any], path: tuple[str, ...]) -> float:
    value: Any = lang_scores
    for key in path:
        value = value[key]
    return float(value)


def test_floors_were_measured_on_this_corpus() -> None:
    assert corpus_digest(GOLD, SUBSETS) == FLOORS["corpus_digest"], (
        f"{CHANGED} (digest now {corpus_digest(GOLD, SUBSETS)}, floors.json has {FLOORS['corpus_digest']})")


def test_floors_cover_every_language_and_field() -> None:
    assert set(FLOORS["floors"]) == set(SUBSETS)
    for lang in SUBSETS:
        assert set(FLOORS["floors"][lang]) == set(FIELDS), lang


def test_no_exit_records_on_negative_articles_is_pinned() -> None:
    assert {lang: FLOORS["floors"][lang]["max_exit_records_on_negatives"] for lang in SUBSETS} == {"zh": 0, "en": 0}


def test_no_floor_is_above_what_was_measured() -> None:
    for lang in SUBSETS:
        floors, measured = FLOORS["floors"][lang], FLOORS["measured"][lang]
        for field, (_, kind) in FIELDS.items():
            if kind == "min":
                assert floors[field] <= measured[field], (lang, field)


@pytest.mark.parametrize(("lang", "field"), CASES)
def test_score_does_not_regress_below_its_floor(scores: dict[str, Any], lang: str, field: str) -> None:
    floor = FLOORS["floors"][lang][field]
    path, kind = FIELDS[field]
    got = _value(scores[lang], path)
    errors = {k: v for k, v in scores["errors"].items() if k.startswith(f"{lang}-")}
    detail = "\n".join(f"  {art}: {'; '.join(errs[:4])}" for art, errs in sorted(errors.items())[:12])
    stale = "" if scores["digest"] == FLOORS["corpus_digest"] else f" ({CHANGED})"
    if kind == "min":
        assert got >= floor, f"{lang} {field} fell to {got} below the floor {floor}{stale}\n{detail}"
    else:
        assert got <= floor, f"{lang} {field} rose to {got:g} above the ceiling {floor}{stale}\n{detail}"
