"""Stance of texts toward named targets, with the evidence: a lexicon scorer and a classifier.

Modules: :mod:`.aliases` (targets and alias matching), :mod:`.lexicons` (word lists and
profiles), :mod:`.rules` (the scorer's numbered rules, one function each), :mod:`.score` (one
sentence at a time: the evidence table), :mod:`.aggregate` (per article × target),
:mod:`.documents` (many documents × many targets), :mod:`.validate` (gold agreement, F_avg, the
out-of-domain check) and :mod:`.classifier` (character n-grams + logistic regression, trained on
your own coding). Every name below is importable from ``analysis.stance``.
"""
from .aliases import AliasMatcher, Mention, fold, load_targets, read_targets_csv
from .aggregate import (LABELS, MIN_SIDED, N_BOOT, SEED, TABLE_COLUMNS, bootstrap_ci, stance_label,
                        stance_table, summarise_stance, summarize_stance)
from .documents import DOCUMENT_COLUMNS, UNITS, document_evidence, document_sentences, score_documents
from .rules import MAX_SPAN, ClauseValue, CueHit, Scope, match_spans
from .score import EVIDENCE_COLUMNS, score_sentences
from .lexicons import (MODIFIER_KINDS, PROFILES, Cue, cue_table, load_broad_lexicon,
                       load_domain_lexicon, load_general_lexicon, load_lexicon_file, load_modifiers)
from .validate import (agreement, cohen_kappa, compare_with_gold, evaluate_documents, f_avg,
                       f1_per_class, load_gold, load_ood)

__all__ = [name for name in dir() if not name.startswith("_")]


def __getattr__(name: str):
    """The classifier's names, imported on first use (scikit-learn is loaded only then)."""
    import importlib

    if name in {"CLASS_LABELS", "PREDICTION_COLUMNS", "StanceClassifier", "cross_validate", "predict_documents",
                "read_coded", "top_features", "train_classifier"}:
        return getattr(importlib.import_module(f"{__name__}.classifier"), name)
    raise AttributeError(f"module 'analysis.stance' has no attribute {name!r}")
