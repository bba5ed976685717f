"""One analysis of a corpus, each frame computed once and shared.

:class:`Analysis` is what ``figures``, the report, the CLI and the notebooks use: it holds a
:class:`~analysis.load.Corpus` and computes the tokens, keyword, company and stance frames
lazily, the first time each is asked for, then keeps them. Every frame is still what the
module's own function returns (``tokenize``, ``keyword_table``, ``find_mentions`` …): the
object only makes sure the corpus is segmented once, companies are found once and stance is
scored once.

>>> from analysis import load_corpus
>>> a = Analysis(load_corpus())
>>> a.tokens is a.tokens            # computed on first use, then shared
True
>>> sorted(a.stance["article"].unique()) == sorted(a.corpus.articles["article"])
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd


@dataclass
class Analysis:
    """Lazily computed, cached frames of one corpus.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load.load_corpus`.
    targets : DataFrame, optional
        Stance targets (``target, alias``) from :func:`analysis.stance.load_targets`; default:
        the six built-in targets.
    gazetteer : optional
        A gazetteer from :func:`analysis.companies.load_gazetteer`; default: the built-in one.
    workers : int
        Processes that segment, find companies and score stance (same frames; for large corpora).

    Attributes (each computed once, on first use)
    ----------
    tokens, keywords, mentions, companies, candidates, evidence, stance : DataFrame
    """

    corpus: object
    targets: pd.DataFrame | None = None
    gazetteer: object | None = None
    workers: int = 1

    def __post_init__(self):
        if not hasattr(self.corpus, "articles") or not hasattr(self.corpus, "sentences"):
            raise ValueError(f"corpus must be a Corpus from load_corpus(), not {type(self.corpus).__name__}")

    @property
    def articles(self) -> list[str]:
        """Article ids, in corpus order."""
        return list(self.corpus.articles["article"])

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """One token per row (:func:`analysis.tokens.tokenize`)."""
        from .tokens import tokenize

        return tokenize(self.corpus, workers=self.workers)

    @cached_property
    def keywords(self) -> pd.DataFrame:
        """Every term of every article with its statistics (:func:`analysis.keywords.keyword_table`, ``top=None``)."""
        from .keywords import keyword_table

        return keyword_table(self.tokens, top=None)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """One row per company mention (:func:`analysis.companies.find_mentions`)."""
        from .companies import find_mentions

        return find_mentions(self.corpus, gazetteer=self.gazetteer, workers=self.workers)

    @cached_property
    def companies(self) -> pd.DataFrame:
        """One row per article × company (:func:`analysis.companies.summarize_mentions` of :attr:`mentions`)."""
        from .companies import summarize_mentions

        return summarize_mentions(self.mentions, sentences=self.corpus.sentences, gazetteer=self.gazetteer)

    @cached_property
    def candidates(self) -> pd.DataFrame:
        """Names not in the gazetteer that may be companies, a review queue
        (:func:`analysis.companies.discover_candidates` with :attr:`tokens`)."""
        from .companies import discover_candidates

        return discover_candidates(self.corpus, gazetteer=self.gazetteer, tokens=self.tokens)

    @cached_property
    def evidence(self) -> pd.DataFrame:
        """One row per sentence × target named (:func:`analysis.stance.score_sentences`)."""
        from .stance import score_sentences

        return score_sentences(self.corpus, targets=self.targets, workers=self.workers)

    @cached_property
    def stance(self) -> pd.DataFrame:
        """One row per article × target (:func:`analysis.stance.stance_table` of :attr:`evidence`)."""
        from .stance import stance_table

        return stance_table(self.corpus, targets=self.targets, evidence=self.evidence)
