"""Benchmark: pandas with 1 and 2 workers against Dask (LocalCluster, 2 workers), with peak memory.

Not part of the test suite. Everything is measured side by side in one run, each job in a fresh
Python process, and reported as ratios (absolute times depend on the machine):

    .venv/bin/python benchmarks/bench_scale.py                 # 5 MiB (a few minutes)
    .venv/bin/python benchmarks/bench_scale.py --large         # 5 and 50 MiB (about half an hour)
    .venv/bin/python benchmarks/bench_scale.py --sizes 1 5 25  # any sizes: growth against corpus size
    .venv/bin/python benchmarks/bench_scale.py --repeat 3      # 3 rounds, medians of the ratios (a noisy machine)

The jobs, on copies of the seeds (see ``bench_pipeline.build_corpus``):

* ``jieba``: plain ``jieba.lcut`` over the same bytes (the reference);
* ``pandas``, workers 1 and 2: ``load_corpus(workers=w)`` -> ``tokenize(workers=w)`` ->
  ``keyword_table`` (the pipeline of ``bench_pipeline.py``; its time / jieba's is the ratio), then
  ``find_mentions`` and ``stance_table`` (the full pipeline, all frames in memory);
* ``dask``: ``write_parquet`` on a LocalCluster of 2 worker processes: the same full pipeline,
  per partition, streamed to Parquet.

Time is wall-clock (``wall``) and CPU of the process and its children (``cpu``: robust when other
jobs share the machine). Peak memory: the job's own peak RSS growth (``ru_maxrss`` minus the RSS
before the timed part) and, for worker processes, the largest peak RSS of a child
(``RUSAGE_CHILDREN``: the Dask workers, or the pool of ``workers=2``), both as multiples of the
corpus size.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import build_corpus  # noqa: E402

_PRELUDE = """
import json, os, resource, sys, time
def rss_now():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()
def peak(who=resource.RUSAGE_SELF):
    return resource.getrusage(who).ru_maxrss * 1024
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
def report(**extra):
    print(json.dumps({"wall": time.perf_counter() - t0, "cpu": cpu() - c0, "rss_before": before,
                      "rss_peak": peak(), "child_peak": peak(resource.RUSAGE_CHILDREN), **extra}))
folder = sys.argv[1]
"""
JOBS = {
    "jieba": """
import jieba
from pathlib import Path
jieba.setLogLevel(60); jieba.lcut("预热")
files = sorted(Path(folder).glob("*.txt"))
before = rss_now(); t0 = time.perf_counter(); c0 = cpu()
n = sum(len(jieba.lcut(p.read_bytes().decode("utf-8"))) for p in files)
report(n=n)
""",
    "pandas": """
from analysis.load import load_corpus
from analysis.tokens import tokenize
from analysis.keywords import keyword_table
from analysis.companies import find_mentions
from analysis.stance import stance_table
workers = int(sys.argv[2])
warm = load_corpus(progress=False); tokenize(warm, workers=1); find_mentions(warm); stance_table(warm)
before = rss_now(); t0 = time.perf_counter(); c0 = cpu()
stages, last = {}, t0
def stage(name):
    global last
    now = time.perf_counter(); stages[name] = now - last; last = now
corpus = load_corpus(folder, progress=False, workers=workers); stage("load_clean")
tokens = tokenize(corpus, workers=workers); stage("tokenize")
table = keyword_table(tokens, top=None); stage("keywords")
core_wall, core_cpu = time.perf_counter() - t0, cpu() - c0
mentions = find_mentions(corpus, workers=workers); stage("mentions")
stance = stance_table(corpus, workers=workers); stage("stance")
report(stages=stages, core_wall=core_wall, core_cpu=core_cpu, n=len(tokens))
""",
    "dask": """
from pathlib import Path
import tempfile
from analysis.scale import dask_client, write_parquet
from analysis.config import SEEDS_DIR
def warm():
    from analysis.load import load_corpus
    from analysis.tokens import tokenize
    from analysis.companies import find_mentions
    from analysis.stance import stance_table
    corpus = load_corpus(SEEDS_DIR, progress=False); tokenize(corpus); find_mentions(corpus); stance_table(corpus)
if __name__ == "__main__":  # the LocalCluster's processes import this script
    partition = int(sys.argv[2])
    before = rss_now(); t0 = time.perf_counter(); c0 = cpu()
    with dask_client() as client:  # LocalCluster: 2 processes, 1 thread each
        client.run(warm)  # on every worker: dictionaries, models, lexicons (as the pandas job's warm-up)
        with tempfile.TemporaryDirectory() as tmp:  # and dask.dataframe, Parquet
            write_parquet(SEEDS_DIR, tmp, scheduler=client, partition_size=1)
        start = time.perf_counter() - t0
        worker_cpu = lambda: sum(client.run(time.process_time).values())
        w0 = worker_cpu(); before = rss_now(); t0 = time.perf_counter(); c0 = cpu()
        with tempfile.TemporaryDirectory(prefix="bench_parquet_") as out:
            write_parquet(folder, out, scheduler=client, partition_size=partition)
            n = sum(f.stat().st_size for f in Path(out).rglob("*.parquet"))
            wall = time.perf_counter() - t0
        c0 -= worker_cpu() - w0  # the workers' cpu during the run
    c0 += resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime
    t0 = time.perf_counter() - wall  # the workers' peak is known once they are gone
    report(parquet_bytes=n, start=start)
""",
}


def run(job: str, *args: str, root: Path = ROOT) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench_scale_job_") as tmp:
        script = Path(tmp) / f"job_{job}.py"
        script.write_text(_PRELUDE + JOBS[job], encoding="utf-8")
        out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=root,
                             env={**os.environ, "PYTHONPATH": str(root)})
    if out.returncode:
        raise SystemExit(f"benchmark job {job!r} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _memory(r: dict, size: int) -> str:
    own = (r["rss_peak"] - r["rss_before"]) / size
    return f"peak growth {own:.1f}x corpus, largest worker {r['child_peak'] / size:.1f}x ({r['child_peak'] / 2**20:.0f} MiB)"


def _pandas_line(name: str, r: dict, jieba: dict, size: int) -> str:
    stages = ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items())
    return (f"{name}: full wall {r['wall']:.1f} s [{stages}], cpu {r['cpu']:.1f} s; load+tokens+keywords / jieba: "
            f"wall {r['core_wall'] / jieba['wall']:.2f}, cpu {r['core_cpu'] / jieba['cpu']:.2f}; {_memory(r, size)}")


def bench_size(mb: float, partition: int, baseline: Path | None = None, repeat: int = 1) -> dict:
    """One corpus of ``mb`` MiB: ``repeat`` rounds of jieba, (baseline,) pandas workers=1 and 2, one
    after another (so a slow spell of a shared machine hits every job of a round), then Dask once."""
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        size = build_corpus(Path(tmp), megabytes=mb)
        n_files = len(list(Path(tmp).glob("*.txt")))
        print(f"\n== {size / 2**20:.1f} MiB, {n_files} articles (load average {os.getloadavg()[0]:.1f})")
        rounds = []
        for k in range(repeat):
            if repeat > 1:
                print(f"-- round {k + 1} of {repeat}")
            jieba = run("jieba", tmp)
            print(f"jieba.lcut: wall {jieba['wall']:.1f} s, cpu {jieba['cpu']:.1f} s, {jieba['n']} words")
            res = {"size": size, "jieba": jieba}
            if baseline is not None:
                res["baseline"] = run("pandas", tmp, "1", root=baseline)
                print(_pandas_line(f"baseline {baseline} pandas workers=1", res["baseline"], jieba, size))
            for w in (1, 2):
                res[f"pandas{w}"] = run("pandas", tmp, str(w))
                print(_pandas_line(f"pandas workers={w}", res[f"pandas{w}"], jieba, size))
            p1, p2 = res["pandas1"]["wall"], res["pandas2"]["wall"]
            print(f"speed-up of the full pipeline, pandas workers=2 against workers=1: {p1 / p2:.2f}x")
            rounds.append(res)
        if repeat > 1:
            _medians(rounds)
        res = dict(rounds[-1], rounds=rounds)
        r = res["dask"] = run("dask", tmp, str(partition))
        print(f"dask 2 workers (write_parquet, partitions of {partition} files): wall {r['wall']:.1f} s "
              f"(+ {r['start']:.1f} s to start the cluster and warm the workers, not counted), "
              f"cpu {r['cpu']:.1f} s (with the workers') against pandas workers=1's {res['pandas1']['cpu']:.1f} s; "
              f"{_memory(r, size)}")
        print(f"speed-up of the full pipeline, dask 2 workers against pandas workers=1 (last round): "
              f"{res['pandas1']['wall'] / r['wall']:.2f}x")
        return res


def _medians(rounds: list[dict]) -> None:
    """Each ratio as the median over rounds (each taken within its round) and as the ratio of the
    fastest runs (robust when a shared machine slows some runs down: the minimum is the least disturbed)."""
    from statistics import median

    def show(label, num, den):
        values = [num(r) / den(r) for r in rounds]
        print(f"{label}: fastest / fastest {min(map(num, rounds)) / min(map(den, rounds)):.2f}, "
              f"median {median(values):.2f} (rounds: {', '.join(f'{v:.2f}' for v in values)})")

    for key in ("baseline", "pandas1", "pandas2"):
        if key in rounds[0]:
            for clock in ("cpu", "wall"):
                show(f"{key} load+tokens+keywords / jieba, {clock}",
                     lambda r, k=key, c=clock: r[k][f"core_{c}"], lambda r, c=clock: r["jieba"][c])
    show("speed-up pandas workers=2 / workers=1, full pipeline, wall",
         lambda r: r["pandas1"]["wall"], lambda r: r["pandas2"]["wall"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also 50 MiB (about half an hour)")
    parser.add_argument("--sizes", type=float, nargs="+", default=None, help="corpus sizes in MiB")
    parser.add_argument("--partition", type=int, default=16, help="files per Dask partition (default 16)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout (e.g. before a change): its pandas pipeline, same corpus, same run")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the jieba and pandas jobs, medians of the ratios reported (default 1)")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw measurements here")
    args = parser.parse_args(argv)
    sizes = args.sizes or ([5.0, 50.0] if args.large else [5.0])
    results = {mb: bench_size(mb, args.partition, args.baseline, args.repeat) for mb in sizes}
    if len(sizes) > 1:
        print("\n== growth against corpus size (wall s per MiB; peak memory / corpus)")
        for mb, r in results.items():
            mib = r["size"] / 2**20
            print(f"{mib:5.1f} MiB: pandas w=1 {r['pandas1']['wall'] / mib:.2f} s/MiB, "
                  f"{(r['pandas1']['rss_peak'] - r['pandas1']['rss_before']) / r['size']:.1f}x; "
                  f"dask {r['dask']['wall'] / mib:.2f} s/MiB, largest worker {r['dask']['child_peak'] / 2**20:.0f} MiB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
