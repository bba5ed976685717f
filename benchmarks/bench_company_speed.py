"""Benchmark: speed of the company step (one core: the model runs on one thread).

Not part of the test suite. Each measurement runs in a fresh process; the time includes importing
``analysis.companies``, reading the gazetteer and loading the model. Wall and CPU (process) time are
both printed: on a shared machine wall time is inflated by other jobs.

    .venv/bin/python benchmarks/bench_company_speed.py

* ``seeds``: ``company_table(corpus, ner=False)`` and ``company_table(corpus, ner=True)`` (the default) on the two seeds (corpus
  loaded before timing); goal < 2 s;
* ``10k``: ``find_mentions(..., ner=True)`` on 10,000 distinct sentences (the evaluation set's and the
  seeds' sentences, each made distinct by a numbered suffix); goal < 20 s;
* ``discovery``: ``discover_candidates`` on the first 1,000 of those sentences, model cache cold; goal
  <= 1 s per 1,000 sentences (the model pass is counted); once cold (imports, gazetteer and model
  loading counted), once with everything loaded (1,000 new sentences, model cache cold for them).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_SENTENCES = """
import json, pandas as pd
from analysis.load import load_corpus
base = [json.loads(l)["text"] for l in open("tests/data/company_ner_eval.jsonl", encoding="utf-8")]
base += [str(t) for t in load_corpus().sentences["text"]]
texts = [f"{base[i % len(base)]}（第{i}条）" for i in range(N)]
frame = pd.DataFrame({"article": "x", "paragraph": range(N), "sentence": range(N), "text": texts})
"""
JOBS = {
    "seeds gazetteer+boundaries": "from analysis.load import load_corpus\nc = load_corpus()\nimport time\n"
                                  "t, c0 = time.perf_counter(), time.process_time()\nfrom analysis.companies import company_table\n"
                                  "company_table(c, ner=False)\n",
    "seeds with ner=True": "from analysis.load import load_corpus\nc = load_corpus()\nimport time\n"
                           "t, c0 = time.perf_counter(), time.process_time()\nfrom analysis.companies import company_table\n"
                           "company_table(c, ner=True)\n",
    "10k sentences ner=True": "N = 10000\n" + _SENTENCES + "import time\nt, c0 = time.perf_counter(), time.process_time()\n"
                              "from analysis.companies import find_mentions\nfind_mentions(frame, ner=True)\n",
    "1k sentences discovery": "N = 1000\n" + _SENTENCES + "import time\nt, c0 = time.perf_counter(), time.process_time()\n"
                              "from analysis.companies import discover_candidates\ndiscover_candidates(frame)\n",
    "1k discovery, model loaded": "N = 2000\n" + _SENTENCES + "from analysis.companies import discover_candidates\n"
                                  "discover_candidates(frame.iloc[:1000])\nimport time\n"
                                  "t, c0 = time.perf_counter(), time.process_time()\n"
                                  "discover_candidates(frame.iloc[1000:])\n",
}


def main() -> None:
    for name, code in JOBS.items():
        code += "print(json.dumps([time.perf_counter() - t, time.process_time() - c0]))\n"
        out = subprocess.run([sys.executable, "-c", "import json\n" + code], cwd=ROOT, capture_output=True,
                             text=True, check=True, env={"OMP_NUM_THREADS": "1", "PATH": ""})
        wall, cpu = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:28} wall {wall:6.2f} s   cpu {cpu:6.2f} s")


if __name__ == "__main__":
    main()
