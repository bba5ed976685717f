"""Benchmark: company mentions on the hand-marked general-news set (tests/data/company_ner_eval.jsonl).

Not part of the test suite. Prints precision / recall (exact and overlap) per system and half:

    .venv/bin/python benchmarks/bench_company_ner.py            # dev and held-out halves
    .venv/bin/python benchmarks/bench_company_ner.py --errors   # also list the dev half's errors

Halves: ``dev`` and ``heldout`` of company_ner_eval.jsonl, and ``unseen`` (company_ner_unseen.jsonl,
141 sentences written after the gazetteer was widened, 141 of 151 company names not in it), split
into ``unseen_dev`` (even ids: errors looked at) and ``unseen_heldout`` (odd ids: never looked at):
how far the NER layer reaches beyond the list.

Systems: ``gazetteer`` (find_mentions(ner=False): model word boundaries only), ``lac_org`` (every raw LAC ORG span),
``merged`` (find_mentions(ner=True): gazetteer + filtered NER, kinds company and media).
Precision is also given against company-or-organisation gold spans (``p_org``).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.companies import find_mentions  # noqa: E402
from analysis.companies import ner  # noqa: E402
from analysis.companies.evaluate import gold_spans, read_eval_set, score_spans  # noqa: E402

EVAL = ROOT / "tests" / "data" / "company_ner_eval.jsonl"
UNSEEN = ROOT / "tests" / "data" / "company_ner_unseen.jsonl"  # names mostly NOT in the gazetteer


def _spans(rows, system):
    if system == "lac_org":
        return [[(w.start, w.end) for w in ws if w.tag == "ORG"] for ws in ner.lac_words([r["text"] for r in rows])]
    import pandas as pd

    frame = pd.DataFrame({"article": "eval", "paragraph": range(len(rows)), "sentence": range(len(rows)),
                          "text": [r["text"] for r in rows]})
    m = find_mentions(frame, ner=(system == "merged"))
    out = [[] for _ in rows]
    for s, a, b in m[["sentence", "start", "end"]].itertuples(index=False):
        out[s].append((a, b))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the dev halves' misses and false alarms")
    args = parser.parse_args()
    print(f"{'split':8} {'system':10} {'found':>5} {'gold':>5} {'P exact':>8} {'P overlap':>9} "
          f"{'R exact':>8} {'R overlap':>9} {'P org':>6} {'s':>5}")
    for split in ("dev", "heldout", "unseen_dev", "unseen_heldout"):
        rows = read_eval_set(UNSEEN if split.startswith("unseen") else EVAL, split=split)
        for system in ("gazetteer", "lac_org", "merged"):
            ner._cache.clear()
            t = time.perf_counter()
            found = _spans(rows, system)
            seconds = time.perf_counter() - t
            s = score_spans(found, gold_spans(rows))
            org = score_spans(found, gold_spans(rows, ("company", "organisation")))
            print(f"{split:8} {system:10} {s.found:5d} {s.gold:5d} {s.precision_exact:8.3f} "
                  f"{s.precision_overlap:9.3f} {s.recall_exact:8.3f} {s.recall_overlap:9.3f} "
                  f"{org.precision_overlap:6.3f} {seconds:5.2f}")
            if args.errors and split in ("dev", "unseen_dev") and system == "merged":
                for r, f in zip(rows, found):
                    gold = [(a, b) for a, b, k in r["spans"] if k == "company"]
                    miss = [r["text"][a:b] for a, b in gold if not any(a < e and s_ < b for s_, e in f)]
                    false = [r["text"][a:b] for a, b in f if not any(a < e and s_ < b for s_, e in gold)]
                    if miss or false:
                        print(f"    miss {miss} false {false} | {r['text']}")


if __name__ == "__main__":
    main()
