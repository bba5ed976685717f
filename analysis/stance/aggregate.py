"""Aggregation: per article (or document) × target, the mean score, a bootstrap interval and a label.

>>> stance_label(n_favour=3, n_against=0, ci_low=0.1, ci_high=0.6)
'favour'
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .aliases import load_targets
from .score import _sentence_frame, score_sentences

#: Bootstrap resamples and base seed for the confidence intervals.
N_BOOT = 2000
SEED = 20240520

#: Fewest sentences taking a side before a label takes one (see :func:`stance_label`).
MIN_SIDED = 2
LABELS = ("favour", "against", "neutral", "mixed", "not mentioned")
#: The label of an article × target pair with no sentence naming the target.
NOT_MENTIONED = "not mentioned"
TABLE_COLUMNS = ["article", "target", "score", "n_sentences", "n_favour", "n_against",
                 "n_neutral", "ci_low", "ci_high", "label"]


#: Resampled values held in memory at once by :func:`bootstrap_ci` (8 MB of indices).
_BOOT_CELLS = 1_000_000


def bootstrap_ci(scores, *, n_boot: int = N_BOOT, level: float = 0.95, seed: int = SEED):
    """Percentile bootstrap interval of the mean: ``(low, high)``; NaNs for no scores.

    >>> bootstrap_ci([-0.5, -0.5, -0.6])
    (-0.6, -0.5)
    """
    if n_boot < 1:
        raise ValueError(f"n_boot must be >= 1, got {n_boot}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level}")
    values = np.asarray(scores, dtype=float)
    if values.size == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    rows = max(1, _BOOT_CELLS // values.size)  # resamples drawn a block at a time: memory stays bounded
    means = np.concatenate([values[rng.integers(0, values.size, size=(min(rows, n_boot - done), values.size))]
                            .mean(axis=1) for done in range(0, n_boot, rows)])
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return (round(float(low), 4), round(float(high), 4))


def stance_label(*, n_favour: int, n_against: int, ci_low: float, ci_high: float,
                 min_sided: int = MIN_SIDED, rule: str = "ci", score: float = 0.0) -> str:
    """The label of one article × target from its sentences (rule 9).

    ``rule="ci"`` (essays): favour / against if the bootstrap interval excludes 0, mixed if both
    sides are substantial, else neutral. A side is never taken on fewer than ``min_sided``
    sentences that take a side (default :data:`MIN_SIDED`: one sentence has a zero-width
    interval), and mixed needs at least that many on *each* side, the smaller side being a third
    of them or more. ``rule="sign"`` (short posts): the sign of the mean ``score`` once
    ``min_sided`` sentences take a side (a one-sentence post can take a label with 1).

    >>> stance_label(n_favour=3, n_against=0, ci_low=0.1, ci_high=0.6)
    'favour'
    >>> stance_label(n_favour=1, n_against=0, ci_low=0.5, ci_high=0.5)
    'neutral'
    >>> stance_label(n_favour=1, n_against=0, ci_low=0.5, ci_high=0.5, min_sided=1, rule="sign", score=0.5)
    'favour'
    >>> stance_label(n_favour=2, n_against=3, ci_low=-0.4, ci_high=0.2)
    'mixed'
    >>> stance_label(n_favour=2, n_against=1, ci_low=-0.2, ci_high=0.3)
    'neutral'
    >>> stance_label(n_favour=0, n_against=0, ci_low=float("nan"), ci_high=float("nan"))
    'neutral'
    """
    if rule not in ("ci", "sign"):
        raise ValueError(f"rule must be 'ci' or 'sign', not {rule!r}")
    if min_sided < 1:
        raise ValueError(f"min_sided must be >= 1, got {min_sided}")
    sided, smaller = n_favour + n_against, min(n_favour, n_against)
    favour, against = (score > 0, score < 0) if rule == "sign" else (ci_low > 0, ci_high < 0)
    if sided >= min_sided and favour:
        return "favour"
    if sided >= min_sided and against:
        return "against"
    if rule == "ci" and smaller >= min_sided and 3 * smaller >= sided:
        return "mixed"
    return "neutral"


def summarise_stance(evidence: pd.DataFrame, *, articles: Iterable[str] | None = None,
                     targets: Iterable[str] | None = None, n_boot: int = N_BOOT,
                     level: float = 0.95, seed: int = SEED, min_sided: int = MIN_SIDED,
                     rule: str = "ci") -> pd.DataFrame:
    """Aggregate an evidence table per article × target (every pair gets a row).

    The bootstrap seed of each pair is ``seed`` mixed with a CRC of ``article`` and ``target``,
    so a pair's interval does not depend on which other articles are in the corpus.

    >>> ev = score_sentences(["大厂很保守。", "大厂病。"])
    >>> summarise_stance(ev, targets=["大厂", "开源"])[["target", "score", "n_sentences", "label"]].values.tolist()
    [['大厂', -0.6333, 2, 'against'], ['开源', 0.0, 0, 'not mentioned']]
    """
    missing = {"article", "target", "score"} - set(evidence.columns)
    if missing:
        raise ValueError(f"evidence lacks columns {sorted(missing)} (use score_sentences)")
    articles = list(dict.fromkeys(evidence.article)) if articles is None else list(articles)
    targets = list(dict.fromkeys(load_targets().target)) if targets is None else list(targets)
    groups = {key: g.score.to_numpy(float) for key, g in evidence.groupby(["article", "target"])}
    rows = []
    for article in articles:
        for target in targets:
            scores = groups.get((article, target), np.array([]))
            pair_seed = seed ^ zlib.crc32(f"{article}\t{target}".encode())
            low, high = bootstrap_ci(scores, n_boot=n_boot, level=level, seed=pair_seed)
            n_f, n_a = int((scores > 0).sum()), int((scores < 0).sum())
            rows.append({
                "article": article, "target": target,
                "score": round(float(scores.mean()), 4) if scores.size else 0.0,
                "n_sentences": int(scores.size), "n_favour": n_f, "n_against": n_a,
                "n_neutral": int(scores.size) - n_f - n_a, "ci_low": low, "ci_high": high,
                "label": NOT_MENTIONED if not scores.size else stance_label(
                    n_favour=n_f, n_against=n_a, ci_low=low, ci_high=high, min_sided=min_sided, rule=rule,
                    score=float(scores.mean())),
            })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


#: The same function spelt like :func:`analysis.companies.summarize_mentions` (one spelling per concept).
summarize_stance = summarise_stance


def stance_table(corpus, *, targets: pd.DataFrame | None = None, n_boot: int = N_BOOT,
                 level: float = 0.95, seed: int = SEED, evidence: pd.DataFrame | None = None,
                 workers: int = 1) -> pd.DataFrame:
    """Per article × target: ``article, target, score, n_sentences, n_favour, n_against,
    n_neutral, ci_low, ci_high, label``. Every article × target pair has a row (n_sentences 0
    when the article never names the target). ``workers``: see :func:`score_sentences`.

    >>> table = stance_table(["大模型烧钱。", "大模型是泡沫。"])
    >>> table[["article", "target", "score", "label"]].head(1).values.tolist()
    [['input', '大模型', -0.6667, 'against']]
    """
    if evidence is None:  # ``evidence``: score_sentences(corpus, targets=targets) computed already
        evidence = score_sentences(corpus, targets=targets, workers=workers)
    if hasattr(corpus, "articles"):
        articles = list(corpus.articles["article"])
    else:
        articles = list(dict.fromkeys(_sentence_frame(corpus).article))
    names = list(dict.fromkeys((load_targets() if targets is None else targets).target))
    return summarise_stance(evidence, articles=articles, targets=names, n_boot=n_boot,
                            level=level, seed=seed)
