"""Benchmark the Dask engine against the local engine: throughput with the same number of workers on one generated archive.

    python benchmarks/bench_dask.py                    # 20,000 articles, 2 workers
    python benchmarks/bench_dask.py --n 5000           # a quicker look

Each measurement runs in a fresh interpreter on an archive from
`corpora/bench/generate.py` (JSONL, fixed seed) into a fresh SQLite file:

- local: `run_batch(archive, db, workers=W)` — the process pool;
- dask: `run_dask(archive, out, db=db, workers=W)` — a LocalCluster of W single-threaded
  worker processes on loopback, started by the run, partitions written under `out`
  (JSONL, and Parquet when pyarrow is installed) and merged into the store as they finish;
- dask, no store: the same without `db` (partition files only).

Throughput is articles per second of the whole run, start-up included (spawning
workers, loading the pipeline in each); start-up is also measured on its own with a
one-article archive, and the ratio is given both ways. Target: dask / local ≥ 0.8.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _child(engine: str, archive: str, work: str, workers: int) -> None:
    """Run one batch in this process and print its numbers as JSON."""
    sys.path.insert(0, str(ROOT))
    from pipeline.batch import run_batch
    from pipeline.distributed import run_dask

    work_dir = Path(work)
    db = work_dir / "bench.sqlite"
    t0 = time.perf_counter()
    if engine == "local":
        summary = run_batch(archive, db, workers=workers, progress=False, resume=False)
        extra: dict[str, Any] = {}
    else:
        run = run_dask(archive, work_dir / "out", db=db if engine == "dask" else None,
                       workers=workers, progress=False, resume=False)
        summary = run.summary
        extra = {"partitions": run.partitions}
    wall = time.perf_counter() - t0
    print(json.dumps({"processed": summary.processed, "errors": summary.errors,
                      "records": summary.records, "seconds": wall,
                      "rate": summary.written / wall if wall else 0.0, **extra}))


def _run(engine: str, archive: Path, workers: int, tmp: Path) -> dict[str, Any]:
    work = tmp / f"{engine}-{archive.stem}-{time.monotonic_ns()}"
    work.mkdir()
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(archive), str(work), str(workers)],
            capture_output=True, text=True, env=env, check=True)
    except subprocess.CalledProcessError as exc:
        sys.stderr.write(exc.stderr)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


ENGINES = {"local": "local (process pool)", "dask": "dask (LocalCluster, into SQLite)",
           "dask-files": "dask (LocalCluster, partition files only)"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles in the archive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine, archive, work, workers = args.child
        _child(engine, archive, work, int(workers))
        return 0

    import dask
    import distributed

    sys.path.insert(0, str(ROOT / "corpora" / "bench"))
    import generate

    print(f"zhaimao Dask engine benchmark — Python {platform.python_version()}, "
          f"dask {dask.__version__}, distributed {distributed.__version__}, "
          f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}")
    w = args.workers
    with tempfile.TemporaryDirectory(prefix="zhaimao-bench-dask-") as t:
        tmp = Path(t)
        archive = generate.write(tmp / f"bench-{args.n}.jsonl", args.n, seed=args.seed)
        tiny = generate.write(tmp / "one.jsonl", 1, seed=99)
        print(f"\n{args.n:,} generated articles ({archive.stat().st_size / 2**20:.1f} MiB JSONL), "
              f"{w} workers each:")
        results: dict[str, dict[str, Any]] = {}
        for engine, label in ENGINES.items():
            start = _run(engine, tiny, w, tmp)["seconds"]
            r = _run(engine, archive, w, tmp)
            r["startup"] = start
            results[engine] = r
            parts = f", {r['partitions']} partitions" if "partitions" in r else ""
            print(f"  {label:<44} {r['rate']:8.1f} articles/s  wall {r['seconds']:6.1f} s "
                  f"(start-up {start:.1f} s{parts}; {r['records']:,} records, "
                  f"{r['errors']} errors)")
        local = results["local"]
        for engine in ("dask", "dask-files"):
            r = results[engine]
            ratio = r["rate"] / local["rate"]
            steady = ((local["seconds"] - local["startup"])
                      / max(r["seconds"] - r["startup"], 1e-9))
            print(f"  {engine} / local throughput: {ratio:.2f}x ({steady:.2f}x without "
                  f"start-up){'' if ratio >= 0.8 else '  — below the 0.8x target'}")
        if results["dask"]["records"] != local["records"]:
            print("  warning: the engines stored different numbers of records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
