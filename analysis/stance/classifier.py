"""A stance classifier trained on your own coding, beside the lexicon scorer (not replacing it).

Per target, character 1–3-grams (TF-IDF, sublinear) and a logistic regression (scikit-learn,
``lbfgs``, fixed ``random_state``) learn favour / against / neutral from coded texts in the
format of ``analysis/data/stance_gold.csv`` (``text, target, label`` plus any id columns) or of
``stance_ood.csv``. Nothing is downloaded; training takes seconds. A target with fewer than
:data:`MIN_PER_TARGET` coded texts, or with a single label, gets no model. With few coded texts
per target, ``pooled=True`` trains one model on all targets' texts (key ``"*"``), used for every
target (on the out-of-domain set, about 36 texts per target: cross-validated F_avg 0.42 per
target, 0.54 pooled).

>>> coded = pd.DataFrame({"text": ["很好", "太好了", "真差", "差劲", "发布了", "上市了"] * 2, "target": "x",
...                       "label": ["favour", "favour", "against", "against", "neutral", "neutral"] * 2})
>>> model = train_classifier(coded)
>>> predict_documents(model, ["太好了"], targets=["x"])[["id", "target", "label", "method"]].values.tolist()
[['0', 'x', 'favour', 'classifier']]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import CorpusError
from .validate import cohen_kappa, f_avg

CLASS_LABELS = ("favour", "against", "neutral")
MIN_PER_TARGET = 10
RANDOM_STATE = 0
PREDICTION_COLUMNS = ["id", "target", "label", "score", "p_favour", "p_against", "p_neutral", "method"]


@dataclass
class StanceClassifier:
    """One fitted pipeline per target (``models``) and the targets skipped, with the reason."""

    models: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)


#: Label spellings accepted in a coded file (case-insensitive), e.g. a shared task's FAVOR/NONE.
LABEL_SYNONYMS = {"favour": "favour", "favor": "favour", "pro": "favour", "support": "favour",
                  "against": "against", "con": "against", "oppose": "against",
                  "neutral": "neutral", "none": "neutral"}


def read_coded(path: str | Path) -> pd.DataFrame:
    """A coded CSV with at least ``text, target, label`` (labels favour/against/neutral, or a
    spelling in :data:`LABEL_SYNONYMS` such as FAVOR/AGAINST/NONE, normalised).

    Errors name the file, and for a bad label the line.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise CorpusError(path, f"cannot read the coded file ({exc.__class__.__name__})") from None
    if missing := sorted({"text", "target", "label"} - set(frame.columns)):
        raise CorpusError(path, f"line 1: missing columns {missing} (need text,target,label)")
    frame = frame.assign(label=frame.label.str.strip().str.lower().map(LABEL_SYNONYMS).fillna(frame.label))
    bad = frame.index[~frame.label.isin(CLASS_LABELS)]
    if len(bad):
        i = bad[0]
        raise CorpusError(path, f"line {i + 2}: field 'label' must be favour/against/neutral, not {frame.label[i]!r}")
    return frame


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=1),
        LogisticRegression(C=10.0, class_weight="balanced", solver="lbfgs", max_iter=1000, random_state=RANDOM_STATE))


def _check_coded(coded: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(coded, pd.DataFrame) or not {"text", "target", "label"} <= set(coded.columns):
        raise ValueError("coded must be a frame with columns text, target, label (see read_coded)")
    if bad := sorted(set(coded.label) - set(CLASS_LABELS)):
        raise ValueError(f"labels must be favour/against/neutral, got {bad}")
    return coded


def _groups(coded: pd.DataFrame, pooled: bool):
    return [("*", coded)] if pooled else list(coded.groupby("target", sort=False))


def train_classifier(coded: pd.DataFrame | str | Path, *, pooled: bool = False) -> StanceClassifier:
    """Fit one model per target of ``coded`` (a frame or a CSV path, see :func:`read_coded`),
    or one for all targets (``pooled=True``)."""
    coded = _check_coded(read_coded(coded) if isinstance(coded, (str, Path)) else coded)
    model = StanceClassifier()
    for target, group in _groups(coded, pooled):
        if len(group) < MIN_PER_TARGET or group.label.nunique() < 2:
            model.skipped[target] = f"{len(group)} texts, {group.label.nunique()} label(s)"
            continue
        model.models[target] = _pipeline().fit(group.text.tolist(), group.label.tolist())
    return model


def cross_validate(coded: pd.DataFrame | str | Path, *, folds: int = 5, pooled: bool = False) -> dict:
    """Stratified ``folds``-fold cross-validated predictions per target, pooled over targets:
    ``n, accuracy, kappa, f_avg`` and ``predictions`` (the coded rows with ``predicted``).

    Targets too small to train (see :data:`MIN_PER_TARGET`) are left out.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    if folds < 2:
        raise ValueError(f"folds must be >= 2, got {folds}")
    coded = _check_coded(read_coded(coded) if isinstance(coded, (str, Path)) else coded)
    parts = []
    for _, group in _groups(coded, pooled):
        smallest = int(group.label.value_counts().min())
        if len(group) < MIN_PER_TARGET or group.label.nunique() < 2 or smallest < 2:
            continue
        cv = StratifiedKFold(n_splits=min(folds, smallest), shuffle=True, random_state=RANDOM_STATE)
        predicted = cross_val_predict(_pipeline(), group.text.tolist(), group.label.tolist(), cv=cv)
        parts.append(group.assign(predicted=predicted))
    pairs = pd.concat(parts, ignore_index=True) if parts else coded.iloc[:0].assign(predicted=[])
    return {
        "n": len(pairs),
        "accuracy": round(float((pairs.label == pairs.predicted).mean()), 4) if len(pairs) else float("nan"),
        "kappa": cohen_kappa(pairs.label, pairs.predicted),
        "f_avg": f_avg(pairs.label, pairs.predicted),
        "predictions": pairs,
    }


def top_features(model: StanceClassifier, *, n: int = 10) -> pd.DataFrame:
    """The character n-grams that weigh most for each class and target: ``target, label, rank,
    feature, weight`` (teaching material: which strings carry a side)."""
    rows = []
    for target, pipe in model.models.items():
        vec, clf = pipe.steps[0][1], pipe.steps[-1][1]
        names = vec.get_feature_names_out()
        coefs = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_[0], clf.coef_[0]])
        for label, row in zip(clf.classes_, coefs):
            for rank, j in enumerate(np.argsort(-row)[:n], start=1):
                rows.append((target, label, rank, names[j], round(float(row[j]), 4)))
    return pd.DataFrame(rows, columns=["target", "label", "rank", "feature", "weight"])


def predict_documents(model: StanceClassifier, documents, *, targets=None) -> pd.DataFrame:
    """Label every document × target that has a model: :data:`PREDICTION_COLUMNS` (the same
    shape as :func:`score_documents`' id/target/label/score, ``method`` = ``"classifier"``;
    ``score`` = p(favour) − p(against)).

    ``documents``: a frame with ``id`` (or ``doc``) and ``text``, or a list of strings.
    ``targets``: a targets frame or a list of names (default: every trained target).
    """
    from .documents import _documents_frame

    docs = _documents_frame(documents)
    if targets is None:
        names = [t for t in model.models if t != "*"]
    elif isinstance(targets, pd.DataFrame):
        names = list(dict.fromkeys(targets.target))
    else:
        names = list(targets)
    rows = []
    for target in (t for t in names if t in model.models or "*" in model.models):
        pipe = model.models.get(target, model.models.get("*"))
        if docs.empty:
            break
        proba = pipe.predict_proba(docs.text.tolist())
        classes = list(pipe.classes_)
        p = {lab: proba[:, classes.index(lab)] if lab in classes else np.zeros(len(docs)) for lab in CLASS_LABELS}
        labels = np.asarray(classes)[proba.argmax(axis=1)]
        for i, doc_id in enumerate(docs.id):
            rows.append((doc_id, target, str(labels[i]), round(float(p["favour"][i] - p["against"][i]), 4),
                         *(round(float(p[lab][i]), 4) for lab in CLASS_LABELS), "classifier"))
    return pd.DataFrame(rows, columns=PREDICTION_COLUMNS)
