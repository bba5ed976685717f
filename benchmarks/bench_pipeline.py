"""Benchmark: the whole pipeline against plain ``jieba.lcut`` over the same bytes.

Not part of the test suite. Everything is measured side by side in one run and reported as
ratios (absolute times depend on the machine). Each measurement runs in a fresh Python process,
so import costs, caches and peak memory (``ru_maxrss``) do not leak from one into the next.

    .venv/bin/python benchmarks/bench_pipeline.py            # 5 MB corpus, workers 1 and 2
    .venv/bin/python benchmarks/bench_pipeline.py --mb 1     # quicker

The synthetic corpus is built from ``seeds/`` (only read) in a temporary folder: copies of the two
seeds under new names (every article is a distinct id; the text repeats, which no step caches).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Each job prints one JSON line: {"seconds": ..., "rss_before": bytes, "rss_peak": bytes, ...}.
_PRELUDE = """
import json, resource, sys, time
def rss_now():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize()
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
folder = sys.argv[1] if len(sys.argv) > 1 else None
"""
JOBS = {
    # plain jieba over the same bytes: read, decode, lcut (its dictionary is loaded before timing)
    "jieba": """
import jieba
from pathlib import Path
jieba.setLogLevel(60); jieba.lcut("预热")
files = sorted(Path(folder).glob("*.txt"))
before = rss_now(); t = time.perf_counter()
n = sum(len(jieba.lcut(p.read_bytes().decode("utf-8"))) for p in files)
print(json.dumps({"seconds": time.perf_counter() - t, "rss_before": before, "rss_peak": peak(), "n": n}))
""",
    # the pipeline: load -> clean -> tokens frame -> keyword statistics (caches warmed on the seeds)
    "pipeline": """
from analysis.load import load_corpus
from analysis.tokens import tokenize, make_segmenter
from analysis.keywords import keyword_table
workers = int(sys.argv[2])
warm = load_corpus(progress=False); tokenize(warm, workers=1)
engine = make_segmenter(engine="auto").engine
before = rss_now(); t = time.perf_counter()
stages = {}
corpus = load_corpus(folder, progress=False, workers=workers); stages["load_clean"] = time.perf_counter() - t
tokens = tokenize(corpus, workers=workers); stages["tokenize"] = time.perf_counter() - t - stages["load_clean"]
table = keyword_table(tokens, top=20)
stages["keywords"] = time.perf_counter() - t - stages["load_clean"] - stages["tokenize"]
print(json.dumps({"seconds": time.perf_counter() - t, "rss_before": before, "rss_peak": peak(),
                  "n": len(tokens), "stages": stages, "engine": engine, "articles": len(corpus.articles)}))
""",
    "import": """
t = time.perf_counter()
import analysis
print(json.dumps({"seconds": time.perf_counter() - t, "rss_before": 0, "rss_peak": peak()}))
""",
}


def build_corpus(folder: Path, *, megabytes: float) -> int:
    """Write copies of the seeds (unchanged, under new names) into ``folder`` until it holds
    ``megabytes``; returns the number of bytes."""
    from analysis.config import SEEDS_DIR

    seeds = [p.read_bytes() for p in sorted(SEEDS_DIR.glob("*.txt"))]
    total, i = 0, 0
    while total < megabytes * 2**20:
        data = seeds[i % len(seeds)]
        (folder / f"{i:04d}_{i % len(seeds)}.txt").write_bytes(data)
        total += len(data)
        i += 1
    return total


def run(job: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _PRELUDE + JOBS[job], *args], capture_output=True,
                         text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"benchmark job {job!r} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MiB (default 5)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        size = build_corpus(Path(tmp), megabytes=args.mb)
        n_files = len(list(Path(tmp).glob("*.txt")))
        print(f"corpus: {n_files} articles, {size / 2**20:.2f} MiB of UTF-8 built from seeds/")
        imports = [run("import")["seconds"] for _ in range(3)]
        print(f"import analysis: {min(imports):.3f} s (best of 3; goal < 0.5 s)")
        jieba = run("jieba", tmp)
        print(f"jieba.lcut: {jieba['seconds']:.2f} s, {jieba['n']} words")
        results = {}
        for w in args.workers:
            r = results[w] = run("pipeline", tmp, str(w))
            stages = ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items())
            peak = (r["rss_peak"] - r["rss_before"]) / size
            print(f"pipeline workers={w} ({r['engine']}): {r['seconds']:.2f} s [{stages}], "
                  f"{r['n']} tokens, ratio to jieba {r['seconds'] / jieba['seconds']:.2f}, "
                  f"peak memory growth {peak:.1f}x corpus (goal < 10x)")
        if 1 in results:
            for w in args.workers:
                if w != 1:
                    print(f"speed-up workers={w} vs 1: whole pipeline "
                          f"{results[1]['seconds'] / results[w]['seconds']:.2f}x, tokenize "
                          f"{results[1]['stages']['tokenize'] / results[w]['stages']['tokenize']:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
