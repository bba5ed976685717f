"""Compare Chinese-language essays: files -> clean frames -> tokens -> statistics -> charts.

Heavy libraries (jieba, matplotlib, wordcloud, OpenCC) are imported lazily, so
``import analysis`` stays fast; the names below are resolved on first use.

>>> import analysis
>>> callable(analysis.load_corpus)
True
"""
from __future__ import annotations

import importlib

from .errors import CorpusError

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    # loading and cleaning
    "Corpus": "load",
    "load_corpus": "load",
    "load_article": "load",
    "clean_text": "clean",
    "split_sentences": "clean",
    # tokens
    "tokenize": "tokens",
    "make_segmenter": "tokens",
    "load_stopwords": "stopwords",
    # keyword statistics, concordance, co-occurrence
    "count_terms": "keywords",
    "bind_rate": "keywords",
    "bind_log_odds": "keywords",
    "bind_keyness": "keywords",
    "bind_tf_idf": "keywords",
    "keyword_table": "keywords",
    "kwic": "concordance",
    "kwic_counts": "concordance",
    "collocates": "cooccurrence",
    "ngrams": "cooccurrence",
    "term_positions": "cooccurrence",
    # companies
    "load_gazetteer": "companies",
    "find_mentions": "companies",
    "company_table": "companies",
    "discover_candidates": "companies",
    # stance
    "load_targets": "stance",
    "score_sentences": "stance",
    "stance_table": "stance",
    # figures
    "make_figures": "figures",
}

__all__ = ["CorpusError", "__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
