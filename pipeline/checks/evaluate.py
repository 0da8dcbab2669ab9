"""Score the checks' `fail` findings against the consistency-check gold corpus.

Each gold article (`corpora/gold/checks/NAME.txt` + `NAME.json`) lists the findings a
careful reader expects; only `fail` findings are scored. A check that fails on an article
where the gold does not list it as failing is a false alarm; a gold failure the pipeline
does not report is a miss. Cross-article pairs (`PAIRS.json`) are scored by running
`cross_check` on the two articles of each pair. Importing this module does no work.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Optional, Union

from ..records import ArticleResult, Finding

logger = logging.getLogger(__name__)

PathLike = Union[str, Path]


def _ratio(num: int, den: int) -> Optional[float]:
    return round(num / den, 4) if den else None


def _scores(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f1}


def _checks_dir(gold_dir: PathLike) -> Path:
    root = Path(gold_dir)
    return root / "checks" if (root / "checks").is_dir() and not list(root.glob("*.txt")) else root


def _extract(path: Path, gold: dict) -> ArticleResult:
    import pipeline

    from . import check_result

    text = path.read_text(encoding="utf-8")
    result = pipeline.extract(text, lang=gold.get("lang") or "auto", published=gold.get("published"),
                              article_id=path.stem, source=path.name)
    return check_result(result, text=text)


def _pair_status(findings: list[Finding], check: str, a: str, b: str) -> Optional[str]:
    """fail if a fail finding of the check covers both articles, pass if a pass does."""
    status = None
    for f in findings:
        if f.check != check or not {a, b} <= set(f.articles):
            continue
        if f.status == "fail":
            return "fail"
        if f.status == "pass":
            status = "pass"
    return status


def score_findings(gold_dir: PathLike) -> dict[str, Any]:
    """Precision and recall of `fail` findings on the check gold corpus, overall, per check,
    for articles and for cross-article pairs, with a list of every false alarm and miss.

    `gold_dir` is `corpora/gold/checks` (or `corpora/gold`, whose `checks/` is used).
    """
    from . import cross_check

    folder = _checks_dir(gold_dir)
    results: dict[str, ArticleResult] = {}
    per_check: dict[str, dict[str, int]] = {}
    errors: list[dict[str, Any]] = []
    totals = {"tp": 0, "fp": 0, "fn": 0}
    consistent = {"articles": 0, "false_alarms": 0}

    def count(check: str, kind: str, where: dict[str, int]) -> None:
        per_check.setdefault(check, {"tp": 0, "fp": 0, "fn": 0})[kind] += 1
        where[kind] += 1

    for txt in sorted(folder.glob("*.txt")):
        meta = txt.with_suffix(".json")
        if not meta.exists():
            continue
        gold = json.loads(meta.read_text(encoding="utf-8"))
        try:
            result = _extract(txt, gold)
        except Exception as exc:  # one broken article is an error in the report, not a crash
            logger.warning("evaluate: %s failed: %s", txt.stem, exc)
            errors.append({"article": txt.stem, "kind": "error", "check": None, "message": str(exc)})
            continue
        results[txt.stem] = result
        want = {f["check"] for f in gold.get("findings", []) if f.get("status") == "fail"}
        got: dict[str, Finding] = {}
        for f in result.findings:
            if f.status == "fail":
                got.setdefault(f.check, f)
        if txt.stem.startswith("ok-"):
            consistent["articles"] += 1
            consistent["false_alarms"] += len(set(got) - want)
        for check in sorted(want | set(got)):
            if check in want and check in got:
                count(check, "tp", totals)
            elif check in got:
                count(check, "fp", totals)
                errors.append({"article": txt.stem, "kind": "false_alarm", "check": check,
                               "message": got[check].message})
            else:
                count(check, "fn", totals)
                errors.append({"article": txt.stem, "kind": "miss", "check": check,
                               "message": (gold.get("notes") or "")[:300]})

    pair_totals = {"tp": 0, "fp": 0, "fn": 0}
    pair_rows: list[dict[str, Any]] = []
    pairs_file = folder / "PAIRS.json"
    pairs = json.loads(pairs_file.read_text(encoding="utf-8")) if pairs_file.exists() else []
    for pair in pairs:
        a, b = pair["articles"][:2]
        check, want_status = pair["check"], pair["status"]
        if a not in results or b not in results:
            errors.append({"article": f"{a} + {b}", "kind": "error", "check": check,
                           "message": "article missing from the corpus"})
            continue
        got_status = _pair_status(cross_check([results[a], results[b]]), check, a, b)
        row = {"check": check, "articles": [a, b], "gold": want_status, "pipeline": got_status}
        pair_rows.append(row)
        if want_status == "fail" and got_status == "fail":
            count(check, "tp", pair_totals)
        elif want_status == "fail":
            count(check, "fn", pair_totals)
            errors.append({"article": f"{a} + {b}", "kind": "miss", "check": check,
                           "message": pair.get("note", "")[:300]})
        elif got_status == "fail":
            count(check, "fp", pair_totals)
            errors.append({"article": f"{a} + {b}", "kind": "false_alarm", "check": check,
                           "message": pair.get("note", "")[:300]})

    overall = {k: totals[k] + pair_totals[k] for k in totals}
    return {
        "corpus": str(folder),
        "articles": len(results),
        "pairs": len(pair_rows),
        "overall": _scores(**overall),
        "articles_only": _scores(**totals),
        "pairs_only": _scores(**pair_totals),
        "per_check": {c: _scores(**v) for c, v in sorted(per_check.items(), key=lambda kv: int(kv[0][1:]))},
        "consistent_articles": consistent,
        "pair_results": pair_rows,
        "errors": errors,
    }


__all__ = ["score_findings"]
