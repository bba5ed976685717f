"""Benchmark: ``python -m analysis figures`` on the seeds, this checkout against an older commit.

Not part of the test suite. Both are run alternately in one session (old, new, new, old, …), each
run a fresh process writing into a fresh folder, and reported as medians and ratios old / new
(absolute times depend on the machine):

    .venv/bin/python benchmarks/bench_figures.py                      # against 10a2ab6, 5 runs each
    .venv/bin/python benchmarks/bench_figures.py --runs 9 --baseline ../old-checkout

The baseline is ``git archive`` of ``--commit`` (default 10a2ab6, issue 13's "today") unpacked
into a temporary folder (the repository is only read), or the checkout given as ``--baseline``.
Both run with this interpreter, from their own folder (``python -m analysis`` imports the
checkout's package), on this checkout's ``seeds/``, byte-compiled first (``compileall``).

Two rounds:

* ``cold``: the disk cache (``analysis.cache``: the rjieba verification and the report's font
  subset) is emptied before every run of either side; jieba's own dictionary cache stays;
* ``warm``: the cache is kept (filled by one untimed run first).

Time is wall-clock (``wall``) and CPU of the process and its children (``cpu``: user + system,
worker processes included; steadier than wall time on a shared machine, and not reduced by
running on two cores). The new side's files are checked to be the same bytes in every run
(``MANIFEST.json`` records the output folder in its ``command`` and is compared without it).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_COMMIT = "10a2ab6"


def export_commit(commit: str, dest: Path) -> Path:
    """Unpack ``git archive commit`` into ``dest`` (nothing in the repository changes)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit], check=True,
                          capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
    return dest


def run_once(checkout: Path, out: Path, env: dict) -> dict:
    """One ``figures`` run in a fresh process: wall and CPU seconds (children included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis", "figures", "--seeds", str(ROOT / "seeds"), "--out", str(out),
                    "--quiet"], cwd=checkout, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu}


def snapshot(folder: Path) -> dict[str, bytes]:
    """The files of an output folder; MANIFEST.json without its ``command`` (it names the folder)."""
    files = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    if "MANIFEST.json" in files:
        manifest = json.loads(files["MANIFEST.json"])
        manifest.pop("command", None)
        files["MANIFEST.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def _round(name: str, sides: dict[str, Path], runs: int, env: dict, cache: Path, work: Path,
           reference: dict) -> dict[str, list[dict]]:
    times: dict[str, list[dict]] = {side: [] for side in sides}
    cold = name == "cold"
    if not cold:  # fill the cache
        run_once(sides["new"], work / "fill", env)
        shutil.rmtree(work / "fill")
    for i in range(runs):
        order = list(sides) if i % 2 == 0 else list(sides)[::-1]  # old new, new old, …
        for side in order:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            out = work / f"{name}-{side}-{i}"
            times[side].append(run_once(sides[side], out, env))
            if side == "new":
                files = snapshot(out)
                reference.setdefault("files", files)
                if files != reference["files"]:
                    raise SystemExit(f"{out}: the new side's files differ from its first run's")
            shutil.rmtree(out)
            print(f"  {name} {side} run {i + 1}: {times[side][-1]['wall']:.2f} s wall, "
                  f"{times[side][-1]['cpu']:.2f} s CPU", flush=True)
    return times


def summarize(name: str, times: dict[str, list[dict]]) -> None:
    med = {side: {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu")} for side, runs in times.items()}
    for k in ("wall", "cpu"):
        ranges = {side: f"{min(r[k] for r in runs):.2f}–{max(r[k] for r in runs):.2f}" for side, runs in times.items()}
        print(f"{name:5s} {k:4s}: old median {med['old'][k]:.2f} s ({ranges['old']}), new median {med['new'][k]:.2f} s "
              f"({ranges['new']}); old / new = {med['old'][k] / med['new'][k]:.2f}×")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, help="checkout of the old code (default: git archive of --commit)")
    parser.add_argument("--commit", default=BASELINE_COMMIT, help="old commit when --baseline is not given")
    parser.add_argument("--runs", type=int, default=5, help="runs of each side per round")
    parser.add_argument("--rounds", nargs="+", choices=["cold", "warm"], default=["cold", "warm"])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_figures_") as tmp:
        work = Path(tmp)
        old = args.baseline.resolve() if args.baseline else export_commit(args.commit, work / "baseline")
        cache = work / "cache"
        env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache)}
        env.pop("PYTHONPATH", None)
        for checkout in (old, ROOT):  # byte-compiled, as an installed package is (both sides alike)
            subprocess.run([sys.executable, "-m", "compileall", "-q", "analysis"], cwd=checkout, check=True)
        print(f"old: {old} ({'given' if args.baseline else args.commit}); new: {ROOT}; {args.runs} runs each; "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}", flush=True)
        reference: dict = {}
        for name in args.rounds:
            summarize(name, _round(name, {"old": old, "new": ROOT}, args.runs, env, cache, work, reference))
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
