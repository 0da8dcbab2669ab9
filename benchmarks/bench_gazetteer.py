"""Gazetteer load time and lookup throughput (a report, not a test).

    python benchmarks/bench_gazetteer.py
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

from pipeline.config import GAZETTEER_SNAPSHOT, models_dir
from pipeline.gazetteer import Gazetteer


def main() -> None:
    path = models_dir() / "gazetteer" / GAZETTEER_SNAPSHOT
    loads = []
    for _ in range(5):
        t0 = time.perf_counter()
        gaz = Gazetteer.load(path)
        loads.append(time.perf_counter() - t0)
    raw = models_dir() / "gazetteer" / "raw" / "poverty_counties.csv"
    with Path(raw).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    queries = []
    for r in rows:
        d = next(d for d in gaz.poverty_counties() if d.name == r["county"])
        queries += [(r["county"], None), (d.stem, r["province"]), (d.name_en, None)]
    n = 0
    t0 = time.perf_counter()
    while n < 100_000:
        for name, prov in queries:
            gaz.candidates(name, province=prov)
            n += 1
    dt = time.perf_counter() - t0
    # Exact alias hits alone: the path the extraction stages use for every token.
    keys = [q for q, _ in queries]
    t0 = time.perf_counter()
    m = 0
    while m < 1_000_000:
        for k in keys:
            gaz.hits(k)
            m += 1
    dt_hits = time.perf_counter() - t0
    print(f"gazetteer {gaz.version}: {len(gaz)} divisions")
    print(f"load: best {min(loads):.3f} s, median {sorted(loads)[2]:.3f} s (aim < 0.5 s)")
    print(f"ranked lookups (candidates with reasons): {n / dt:,.0f}/s (aim 100k/s)")
    print(f"alias hits: {m / dt_hits:,.0f}/s")


if __name__ == "__main__":
    main()
