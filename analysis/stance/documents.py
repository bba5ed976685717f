"""Score many documents (posts, reviews, essays) toward many targets: one row per document × target.

Document-level reading (rule 7d): a short post (``unit="post"``) is *about* the targets named in
its first sentence that names any (its title or first sentence, when that names one), and its
sentences that name no target count for those topic targets. Essays (``unit="essay"``) do not
use it: they name their targets sentence by sentence, and counting every unnamed sentence for the
first-named target turned 000 × 大厂 (named once in the opening anecdote) from neutral to mixed.
The ``unit`` also sets the label rule: an essay needs :data:`~analysis.stance.aggregate.MIN_SIDED`
sentences taking a side and a bootstrap interval excluding 0; a post takes the sign of its mean
score once one sentence takes a side.

>>> t = load_targets(extra={"尾号限行": ["尾号限行", "限行"]})
>>> table = score_documents(["支持限行！每周少开一天车，空气好多了。", "限行能治堵？笑死。"],
...                         targets=t[t.target == "尾号限行"], warn=False)
>>> table[["id", "target", "label", "n_sentences"]].values.tolist()
[['0', '尾号限行', 'favour', 2], ['1', '尾号限行', 'against', 2]]
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..clean import opencc_converter, split_sentences
from .aliases import AliasMatcher, is_default, load_targets, warn_unmatched
from .aggregate import N_BOOT, SEED, summarise_stance
from .score import _alias_map, score_sentences

DOCUMENT_COLUMNS = ["id", "target", "label", "score", "n_sentences", "n_favour", "n_against",
                    "ci_low", "ci_high", "method"]


class Unit(NamedTuple):
    """Defaults that depend on the length of a document."""

    min_sided: int
    rule: str
    topic: str  # "first": the first sentence (title); "any": the first sentence naming a target; "none"


UNITS = {"essay": Unit(min_sided=2, rule="ci", topic="none"),
         "post": Unit(min_sided=1, rule="sign", topic="any")}


def _documents_frame(documents) -> pd.DataFrame:
    """``id, text`` from a frame (``id`` or ``doc`` column, ``text``) or a list of strings."""
    if isinstance(documents, pd.DataFrame):
        key = "id" if "id" in documents.columns else "doc" if "doc" in documents.columns else None
        if key is None or "text" not in documents.columns:
            raise ValueError(f"the documents frame needs 'id' and 'text' columns; it has {list(documents.columns)}")
        frame = pd.DataFrame({"id": documents[key].astype(str), "text": documents["text"].fillna("").astype(str)})
    elif isinstance(documents, (str, bytes)) or not isinstance(documents, Iterable):
        raise ValueError(f"expected a frame with id,text, a list of strings or a Corpus, "
                         f"not {type(documents).__name__}")
    else:
        texts = list(documents)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("every document must be a string")
        frame = pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts})
    if frame.id.duplicated().any():
        raise ValueError(f"document ids must be unique: {sorted(set(frame.id[frame.id.duplicated()]))[:5]}")
    return frame.reset_index(drop=True)


def document_sentences(documents) -> pd.DataFrame:
    """The sentences of each document: ``article`` (the id), ``paragraph`` (the line), ``sentence``, ``text``.

    A line without sentence punctuation (a title) is a sentence of its own; nothing is dropped.

    >>> document_sentences(["标题\\n第一句。第二句！"]).text.tolist()
    ['标题', '第一句。', '第二句！']
    """
    if hasattr(documents, "sentences"):
        return documents.sentences
    rows = []
    for doc_id, text in _documents_frame(documents).itertuples(index=False):
        n = 0
        for p, line in enumerate(l for l in text.splitlines() if l.strip()):
            for sentence in split_sentences(line.strip()) or [line.strip()]:
                rows.append((doc_id, p, n, sentence))
                n += 1
    return pd.DataFrame(rows, columns=["article", "paragraph", "sentence", "text"])


def document_topics(sentences: pd.DataFrame, matcher: AliasMatcher, *, topic: str = "any") -> dict[str, tuple]:
    """article -> the targets it is about (rule 7d): those named in its first sentence
    (``topic="first"``) or in the first sentence naming any target (``topic="any"``)."""
    if topic not in ("first", "any", "none"):
        raise ValueError(f"topic must be 'first', 'any' or 'none', not {topic!r}")
    if topic == "none":
        return {}
    t2s = opencc_converter("t2s")
    out: dict[str, tuple] = {}
    for article, group in sentences.groupby("article", sort=False):
        texts = group.text if topic == "any" else group.text.iloc[:1]
        for text in texts:
            named = tuple(dict.fromkeys(m.target for m in matcher.find(t2s.convert(text))))
            if named:
                out[article] = named
                break
    return out


#: With ``unit=None`` a collection is read as posts when its median document has at most this
#: many sentences, else as essays.
POST_MAX_SENTENCES = 5


def _unit(unit: str | None, sentences: pd.DataFrame) -> Unit:
    """The unit's defaults; ``None`` picks ``post`` or ``essay`` from the documents' length."""
    if unit is None:
        sizes = sentences.groupby("article").size()
        unit = "post" if sizes.empty or sizes.median() <= POST_MAX_SENTENCES else "essay"
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {sorted(UNITS)} or None, not {unit!r}")
    return UNITS[unit]


def document_evidence(documents, *, targets: pd.DataFrame | None = None, unit: str | None = None,
                      profile: str | None = None, lexicon: str | Path | None = None,
                      warn: bool = True) -> pd.DataFrame:
    """The evidence table (:func:`score_sentences`) of a collection of documents, with the
    document-level reading (rule 7d); ``article`` is the document id."""
    sentences = document_sentences(documents)
    matcher = _alias_map(targets)
    if warn and len(sentences) and not is_default(targets):
        warn_unmatched(matcher, (opencc_converter("t2s").convert(t) for t in sentences.text))
    topics = document_topics(sentences, matcher, topic=_unit(unit, sentences).topic)
    return score_sentences(sentences, targets=targets, profile=profile, lexicon=lexicon, topics=topics)


def score_documents(documents, *, targets: pd.DataFrame | None = None, unit: str | None = None,
                    profile: str | None = None, lexicon: str | Path | None = None,
                    min_sided: int | None = None, rule: str | None = None, warn: bool = True,
                    n_boot: int = N_BOOT, seed: int = SEED) -> pd.DataFrame:
    """Stance of every document toward every target: one row per document × target.

    ``documents``: a frame with ``id`` (or ``doc``) and ``text`` columns, a list of strings (ids
    ``"0"``, ``"1"`` …) or a ``Corpus`` (ids are the articles). ``targets``: :func:`load_targets`'s
    frame (default: the six default targets). ``unit``: ``"post"`` or ``"essay"`` sets
    ``min_sided``, ``rule`` and the topic reading (see :data:`UNITS`; ``min_sided`` and ``rule``
    can also be given); default ``None``: posts when the median document has at most
    :data:`POST_MAX_SENTENCES` sentences, else essays. ``profile`` / ``lexicon``: see :func:`score_sentences`. ``warn``: warn
    about aliases found in no document.

    Columns :data:`DOCUMENT_COLUMNS`: ``id, target, label`` (favour / against / neutral, and
    mixed for essays; not mentioned when no sentence counts for the target), ``score`` (mean sentence score), ``n_sentences`` (sentences counted for the
    target), ``n_favour, n_against``, the bootstrap interval and ``method`` (``"lexicon"``).

    >>> score_documents([], warn=False).columns.tolist() == DOCUMENT_COLUMNS
    True
    """
    targets = load_targets() if targets is None else targets
    defaults = _unit(unit, document_sentences(documents))
    evidence = document_evidence(documents, targets=targets, unit=unit, profile=profile,
                                 lexicon=lexicon, warn=warn)
    if hasattr(documents, "articles"):
        ids = list(documents.articles["article"])
    else:
        ids = list(_documents_frame(documents).id)
    table = summarise_stance(evidence, articles=ids, targets=list(dict.fromkeys(targets.target)),
                             n_boot=n_boot, seed=seed,
                             min_sided=defaults.min_sided if min_sided is None else min_sided,
                             rule=defaults.rule if rule is None else rule)
    table = table.rename(columns={"article": "id"}).assign(method="lexicon")
    return table[DOCUMENT_COLUMNS]
