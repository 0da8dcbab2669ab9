"""Shared measurements for the language benchmarks: load time and peak memory in fresh interpreters, hot spots.

Run as a script only as the child of a benchmark:

    python benchmarks/_measure.py --load zh                 # time pipeline.load in this fresh process
    python benchmarks/_measure.py --run zh CORPUS.jsonl     # load and extract every article; peak RSS
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

ROOT = Path(__file__).resolve().parents[1]

Article = dict[str, Any]  # {"text": str, "published": "YYYY-MM-DD" | None}


def _maxrss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size (ru_maxrss is KiB on Linux, bytes on macOS)."""
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def write_corpus(articles: Iterable[Article], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for a in articles:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")


def read_corpus(path: Path) -> list[Article]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def chars_per_second(texts: Sequence[str], make: Callable[[], Callable[[str], Any]],
                     repeat: int = 3) -> tuple[float, float]:
    """(best chars/s over `repeat` passes, seconds of that pass): each pass gets a fresh `make()`.

    A fresh tokenizer per pass starts with a cold cache, as a one-pass batch job does.
    """
    chars = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(repeat):
        fn = make()
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return chars / best, best


def extract_all(articles: Sequence[Article], lang: str) -> float:
    """Seconds to run pipeline.extract over every article (pipeline already loaded)."""
    import pipeline

    t0 = time.perf_counter()
    for a in articles:
        pipeline.extract(a["text"], lang=lang, published=a.get("published"))
    return time.perf_counter() - t0


def load_times(lang: str, runs: int = 3) -> dict[str, float]:
    """Median wall times of pipeline.load(lang) in `runs` fresh interpreters, and of the whole process."""
    inside, whole, rss = [], [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--load", lang], capture_output=True, text=True,
                             env=_env(), check=True)
        whole.append(time.perf_counter() - t0)
        child = json.loads(out.stdout.strip().splitlines()[-1])
        inside.append(child["load_s"])
        rss.append(child["maxrss_mib"])
    return {"load_s": statistics.median(inside), "process_s": statistics.median(whole),
            "loaded_rss_mib": statistics.median(rss)}


def run_in_child(lang: str, corpus: Path) -> dict[str, Any]:
    """Load the pipeline and extract every article of `corpus` in a fresh interpreter; its peak RSS."""
    out = subprocess.run([sys.executable, __file__, "--run", lang, str(corpus)], capture_output=True,
                         text=True, env=_env(), check=True)
    child = json.loads(out.stdout.strip().splitlines()[-1])
    child["children_maxrss_mib"] = _maxrss_mib(resource.RUSAGE_CHILDREN)
    return child


def hot_spots(articles: Sequence[Article], lang: str, top: int = 20) -> str:
    """cProfile of one pass of pipeline.extract: the top functions overall and in pipeline/ by cumulative and own time."""
    prof = cProfile.Profile()
    prof.enable()
    extract_all(articles, lang)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    buf.write("== all code, by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(top)
    buf.write("== pipeline/, by cumulative time ==\n")
    stats.sort_stats("cumulative").print_stats(r"[/\\]pipeline[/\\]", top)
    buf.write("== pipeline/, by own time ==\n")
    stats.sort_stats("tottime").print_stats(r"[/\\]pipeline[/\\]", top)
    return buf.getvalue()


def report(title: str, rows: list[tuple[str, str, str]]) -> None:
    """Print (measure, value, target) rows as a small table."""
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    print(title)
    print("-" * len(title))
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>{vwidth}}  {target}")


def _child_load(lang: str) -> None:
    t0 = time.perf_counter()
    import pipeline

    pipeline.load(lang)
    print(json.dumps({"load_s": time.perf_counter() - t0, "maxrss_mib": _maxrss_mib()}))


def _child_run(lang: str, corpus: str) -> None:
    articles = read_corpus(Path(corpus))
    before = _maxrss_mib()
    import pipeline

    t0 = time.perf_counter()
    pipeline.load(lang)
    load_s = time.perf_counter() - t0
    seconds = extract_all(articles, lang)
    chars = sum(len(a["text"]) for a in articles)
    print(json.dumps({"articles": len(articles), "chars": chars, "load_s": load_s, "seconds": seconds,
                      "chars_per_s": chars / seconds, "corpus_rss_mib": before,
                      "maxrss_mib": _maxrss_mib()}))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--load", metavar="LANG")
    ap.add_argument("--run", nargs=2, metavar=("LANG", "CORPUS"))
    args = ap.parse_args()
    if args.load:
        _child_load(args.load)
    elif args.run:
        _child_run(*args.run)
    else:
        ap.error("give --load LANG or --run LANG CORPUS")


def measure_pipeline(articles: Sequence[Article], lang: str) -> dict[str, Any]:
    """The pipeline's warm throughput in this process, its load time in fresh processes and
    a child's peak memory over the same corpus: the figures both language benchmarks report."""
    import tempfile

    import pipeline

    chars = sum(len(a["text"]) for a in articles)
    pipeline.load(lang)
    extract_all(articles[:20], lang)  # first calls build lazy caches
    pipe_s = extract_all(articles, lang)
    load = load_times(lang)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / f"bench_{lang}.jsonl"
        write_corpus(articles, corpus)
        child = run_in_child(lang, corpus)
    return {"pipe_s": pipe_s, "pipe_rate": chars / pipe_s, "load": load, "child": child}


def county_groups() -> tuple[list[Any], dict[tuple[str, int], list[Any]], list[tuple[str, int]], dict[str, int]]:
    """The 832 in code order, grouped by (province, batch year), the sorted group keys, and
    each province's national count: what both corpus generators draw their articles from."""
    from pipeline.gazetteer import load

    counties = sorted(load().poverty_counties(), key=lambda d: d.adcode)
    groups: dict[tuple[str, int], list[Any]] = {}
    by_province: dict[str, int] = {}
    for d in counties:
        groups.setdefault((d.province, d.exit_year), []).append(d)
        by_province[d.province] = by_province.get(d.province, 0) + 1
    return counties, groups, sorted(groups), by_province
