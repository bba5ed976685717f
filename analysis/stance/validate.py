"""Validation: hand-coded gold sentences, Cohen's κ, F_avg, and the out-of-domain check.

>>> f_avg(["favour", "against", "neutral"], ["favour", "neutral", "neutral"])
0.5
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..config import data_path
from .score import score_sentences

GOLD_FILE = "stance_gold.csv"
OOD_FILE = "stance_ood.csv"
OOD_TARGETS_FILE = "stance_ood_targets.csv"


def load_gold(*, path: str | Path | None = None) -> pd.DataFrame:
    """Hand-coded sentences: ``article, sentence, text, target, label, note`` (see the codebook).

    >>> g = load_gold()
    >>> len(g) >= 40, set(g.label) <= {"favour", "against", "neutral"}
    (True, True)
    """
    frame = pd.read_csv(data_path(GOLD_FILE) if path is None else path,
                        dtype={"article": str, "text": str, "target": str, "label": str},
                        keep_default_na=False)
    need = ["article", "sentence", "text", "target", "label"]
    if missing := sorted(set(need) - set(frame.columns)):
        raise ValueError(f"gold file lacks columns {missing}")
    if bad := sorted(set(frame.label) - {"favour", "against", "neutral"}):
        raise ValueError(f"gold labels must be favour/against/neutral, got {bad}")
    return frame


def cohen_kappa(a: Iterable[str], b: Iterable[str]) -> float:
    """Cohen's κ of two equally long label sequences (1 = perfect, 0 = chance).

    >>> cohen_kappa(["f", "a", "n", "f"], ["f", "a", "n", "a"])
    0.6364
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"label sequences differ in length: {len(a)} vs {len(b)}")
    if not a:
        return float("nan")
    labels = sorted(set(a) | set(b))
    p_obs = sum(x == y for x, y in zip(a, b)) / len(a)
    p_exp = sum((a.count(lab) / len(a)) * (b.count(lab) / len(b)) for lab in labels)
    return 1.0 if p_exp == 1 else round((p_obs - p_exp) / (1 - p_exp), 4)


def compare_with_gold(corpus_or_sentences, *, gold: pd.DataFrame | None = None,
                      targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gold rows with the scorer's ``auto_score, auto_label, drivers`` beside them.

    A gold sentence the scorer does not score for that target counts as ``neutral``.

    >>> g = pd.DataFrame({"article": ["input"], "sentence": [0], "text": ["大模型烧钱。"],
    ...                   "target": ["大模型"], "label": ["against"]})
    >>> compare_with_gold(["大模型烧钱。"], gold=g)[["label", "auto_label"]].values.tolist()
    [['against', 'against']]
    """
    gold = load_gold() if gold is None else gold
    evidence = score_sentences(corpus_or_sentences, targets=targets)
    auto = evidence[["article", "text", "target", "score", "polarity", "drivers"]].rename(
        columns={"score": "auto_score", "polarity": "auto_label"})
    out = gold.merge(auto, on=["article", "text", "target"], how="left")
    return out.assign(auto_score=out.auto_score.fillna(0.0),
                      auto_label=out.auto_label.fillna("neutral"),
                      drivers=out.drivers.fillna(""))


def agreement(corpus_or_sentences, *, gold: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None) -> dict:
    """Agreement of the scorer with the hand coding: ``n, accuracy, kappa, confusion, per_class``.

    ``confusion`` is a frame, hand label (rows) × scorer label (columns); ``per_class`` has one
    row per label: ``n_hand, n_scorer, agree, precision, recall, f1`` (NaN when undefined).

    >>> g = pd.DataFrame({"article": ["input"] * 2, "sentence": [0, 1], "text": ["大模型烧钱。", "大模型。"],
    ...                   "target": ["大模型"] * 2, "label": ["against", "neutral"]})
    >>> r = agreement(["大模型烧钱。", "大模型。"], gold=g)
    >>> r["n"], r["accuracy"], r["kappa"]
    (2, 1.0, 1.0)
    >>> r["per_class"].loc["against", ["n_hand", "agree", "recall"]].tolist()
    [1.0, 1.0, 1.0]
    """
    pairs = compare_with_gold(corpus_or_sentences, gold=gold, targets=targets)
    order = ["favour", "against", "neutral"]
    confusion = pd.crosstab(pd.Categorical(pairs.label, order), pd.Categorical(pairs.auto_label, order),
                            rownames=["hand"], colnames=["scorer"], dropna=False)
    rows = []
    for lab in order:
        n_hand, n_auto = int(confusion.loc[lab].sum()), int(confusion[lab].sum())
        agree = int(confusion.loc[lab, lab])
        precision = round(agree / n_auto, 4) if n_auto else float("nan")
        recall = round(agree / n_hand, 4) if n_hand else float("nan")
        f1 = (round(2 * precision * recall / (precision + recall), 4)
              if n_auto and n_hand and precision + recall > 0 else float("nan"))
        rows.append((lab, n_hand, n_auto, agree, precision, recall, f1))
    per_class = pd.DataFrame(rows, columns=["label", "n_hand", "n_scorer", "agree", "precision",
                                            "recall", "f1"]).set_index("label")
    return {
        "n": len(pairs),
        "accuracy": round(float((pairs.label == pairs.auto_label).mean()), 4) if len(pairs) else float("nan"),
        "kappa": cohen_kappa(pairs.label, pairs.auto_label),
        "confusion": confusion,
        "per_class": per_class,
    }


def f1_per_class(gold: Iterable[str], predicted: Iterable[str], label: str) -> float:
    """F1 of one class (0.0 when the class is never predicted or never in the gold).

    >>> f1_per_class(["a", "a", "b"], ["a", "b", "b"], "a")
    0.6667
    """
    pairs = list(zip(gold, predicted))
    tp = sum(g == p == label for g, p in pairs)
    n_pred, n_gold = sum(p == label for _, p in pairs), sum(g == label for g, _ in pairs)
    if not tp:
        return 0.0
    precision, recall = tp / n_pred, tp / n_gold
    return round(2 * precision * recall / (precision + recall), 4)


def f_avg(gold: Iterable[str], predicted: Iterable[str]) -> float:
    """The stance-detection metric F_avg: mean of F1(favour) and F1(against) (neutral, mixed
    and anything else count as "none"). Sequences of different length raise ``ValueError``.

    >>> f_avg(["favour", "against"], ["favour", "against"])
    1.0
    """
    gold, predicted = list(gold), list(predicted)
    if len(gold) != len(predicted):
        raise ValueError(f"label sequences differ in length: {len(gold)} vs {len(predicted)}")
    return round((f1_per_class(gold, predicted, "favour") + f1_per_class(gold, predicted, "against")) / 2, 4)


def load_ood(*, split: str | None = None) -> pd.DataFrame:
    """The out-of-domain check set: ``doc, genre, target, text, label, split`` (``split``:
    ``dev``, ``test`` or None for both).

    >>> d = load_ood(split="test")
    >>> len(d) > 100, set(d.split)
    (True, {'test'})
    """
    if split not in (None, "dev", "test"):
        raise ValueError(f"split must be 'dev', 'test' or None, not {split!r}")
    frame = pd.read_csv(data_path(OOD_FILE), dtype=str, keep_default_na=False)
    return frame if split is None else frame[frame.split == split].reset_index(drop=True)


def evaluate_documents(coded: pd.DataFrame, predicted: pd.DataFrame) -> dict:
    """Agreement of document labels with a coded frame (``doc`` or ``id``, ``target``, ``label``).

    ``predicted`` is :func:`score_documents`' output (``id, target, label``); a pair it lacks
    counts as neutral, ``mixed`` and ``not mentioned`` as neutral. Returns ``n, accuracy, kappa, f_avg, f_favour,
    f_against``.
    """
    key = "doc" if "doc" in coded.columns else "id"
    pairs = coded.rename(columns={key: "id"}).merge(
        predicted[["id", "target", "label"]].rename(columns={"label": "auto"}), on=["id", "target"], how="left")
    auto = pairs.auto.fillna("neutral").replace({"mixed": "neutral", "not mentioned": "neutral"})
    return {
        "n": len(pairs),
        "accuracy": round(float((pairs.label == auto).mean()), 4) if len(pairs) else float("nan"),
        "kappa": cohen_kappa(pairs.label, auto),
        "f_avg": f_avg(pairs.label, auto),
        "f_favour": f1_per_class(pairs.label, auto, "favour"),
        "f_against": f1_per_class(pairs.label, auto, "against"),
    }
