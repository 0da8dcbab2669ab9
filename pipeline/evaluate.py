"""Evaluation: precision, recall and F1 per field against the gold corpus, per language.

Fields: exit county (adcode), status, date at the gold granularity, authority (accuracies
over the counties both sides found), counts (value and unit), aggregates (count and
status), plus exit records on negative articles and on gold `non_exits`. A per-article list
of errors says what went wrong where. The quality gate (tests/test_eval_gate.py) pins
floors for these figures next to a digest of the corpus.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from .records import ArticleResult


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_dict(self) -> dict:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Scores:
    exits: PRF = field(default_factory=PRF)
    status: Accuracy = field(default_factory=Accuracy)
    date: Accuracy = field(default_factory=Accuracy)
    authority: Accuracy = field(default_factory=Accuracy)
    counts: PRF = field(default_factory=PRF)
    aggregates: PRF = field(default_factory=PRF)
    negative_articles: int = 0
    negative_exit_records: int = 0
    non_exit_records: int = 0
    articles: int = 0

    def as_dict(self) -> dict:
        return {
            "articles": self.articles,
            "exit_county": self.exits.as_dict(),
            "status": self.status.as_dict(),
            "date": self.date.as_dict(),
            "authority": self.authority.as_dict(),
            "counts": self.counts.as_dict(),
            "aggregates": self.aggregates.as_dict(),
            "negative_articles": self.negative_articles,
            "exit_records_on_negatives": self.negative_exit_records,
            "exit_records_on_non_exits": self.non_exit_records,
        }


def gold_articles(root: Path, subsets: Iterable[str] = ("zh", "en")) -> list[tuple[Path, dict]]:
    """(text path, gold annotation) for every annotated article under root/<subset>/."""
    out = []
    for sub in subsets:
        folder = root / sub
        if not folder.is_dir():
            continue
        for js in sorted(folder.glob("*.json")):
            txt = js.with_suffix(".txt")
            if txt.exists() and js.name != "PAIRS.json":
                out.append((txt, json.loads(js.read_text(encoding="utf-8"))))
    return out


def corpus_digest(root: Path, subsets: Iterable[str] = ("zh", "en")) -> str:
    """sha256 over the gold files, so a floor is tied to the corpus it was measured on."""
    h = hashlib.sha256()
    for txt, _ in gold_articles(root, subsets):
        h.update(txt.name.encode())
        h.update(txt.read_bytes())
        h.update(txt.with_suffix(".json").read_bytes())
    return h.hexdigest()[:16]


def _date_ok(pred, gold: dict) -> bool:
    g_value, g_gran = gold.get("date"), gold.get("granularity")
    if not g_value:
        return pred is None
    if pred is None:
        return False
    return pred.value == g_value and (g_gran is None or pred.granularity == g_gran)


def score_article(result: ArticleResult, gold: dict, scores: Scores, errors: list[str]) -> None:
    """Add one article's comparison to `scores`; describe each error in `errors`."""
    scores.articles += 1
    gold_exits = {e["adcode"]: e for e in gold.get("exits", [])}
    pred = {}
    for r in result.records:
        pred.setdefault(r.county.adcode, r)
    if gold.get("negative"):
        scores.negative_articles += 1
        scores.negative_exit_records += len(result.records)
    for code in set(pred) & set(gold.get("non_exits", [])):
        scores.non_exit_records += 1
        errors.append(f"record for non-exit {code} {pred[code].county.name}")
    for code, r in pred.items():
        if code in gold_exits:
            scores.exits.tp += 1
            g = gold_exits[code]
            scores.status.total += 1
            if r.status == g.get("status", "exited"):
                scores.status.right += 1
            else:
                errors.append(f"status {code} {r.county.name}: {r.status} ≠ {g.get('status')}")
            scores.date.total += 1
            if _date_ok(r.date, g):
                scores.date.right += 1
            else:
                got = f"{r.date.value}/{r.date.granularity}" if r.date else None
                errors.append(f"date {code} {r.county.name}: {got} ≠ {g.get('date')}/{g.get('granularity')}")
            scores.authority.total += 1
            if (r.authority or None) == (g.get("authority") or None):
                scores.authority.right += 1
            else:
                errors.append(f"authority {code} {r.county.name}: {r.authority} ≠ {g.get('authority')}")
        else:
            scores.exits.fp += 1
            errors.append(f"extra exit {code} {r.county.name} ({r.surface!r})")
    for code, g in gold_exits.items():
        if code not in pred:
            scores.exits.fn += 1
            errors.append(f"missed exit {code} {g.get('name', '')}")

    # Counts are compared as distinct (value, unit) pairs: annotators list a repeated count once.
    gold_counts = Counter(set((float(c["value"]), c["unit"]) for c in gold.get("counts", [])))
    pred_counts = Counter(set((float(c.value), c.unit) for c in result.claims))
    _multiset(gold_counts, pred_counts, scores.counts, errors, "count")
    # An aggregate is an exit reported only as a number: a fully named list is scored as
    # exit records, not again here.
    gold_aggs = Counter(set((int(a["count"]), a.get("status", "exited")) for a in gold.get("aggregates", [])
                            if int(a.get("named", 0)) < int(a["count"])))
    pred_aggs = Counter(set((a.count, a.status) for a in result.aggregates if a.named < a.count))
    _multiset(gold_aggs, pred_aggs, scores.aggregates, errors, "aggregate")


def _multiset(gold: Counter, pred: Counter, prf: PRF, errors: list[str], what: str) -> None:
    both = gold & pred
    prf.tp += sum(both.values())
    extra = pred - gold
    missing = gold - pred
    prf.fp += sum(extra.values())
    prf.fn += sum(missing.values())
    if extra:
        errors.append(f"extra {what}s: {sorted(extra.elements())}")
    if missing:
        errors.append(f"missed {what}s: {sorted(missing.elements())}")


def evaluate(root: Path, subsets: Iterable[str] = ("zh", "en"),
             per_article: Optional[dict] = None) -> dict:
    """Scores per language and overall; fills `per_article` with error lists if given."""
    from .api import extract

    by_lang: dict[str, Scores] = {}
    overall = Scores()
    for txt, gold in gold_articles(root, subsets):
        text = txt.read_text(encoding="utf-8")
        result = extract(text, lang=gold.get("lang", "auto"), published=gold.get("published"),
                         article_id=txt.stem)
        errors: list[str] = []
        lang = gold.get("lang", result.article.lang or "zh")
        score_article(result, gold, by_lang.setdefault(lang, Scores()), errors)
        score_article(result, gold, overall, [])
        if per_article is not None and errors:
            per_article[txt.stem] = errors
    return {"corpus": str(root.name), "digest": corpus_digest(root, subsets),
            "overall": overall.as_dict(), **{lang: s.as_dict() for lang, s in sorted(by_lang.items())}}
