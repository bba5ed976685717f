"""Scoring sentences: the evidence table, one row per sentence × target named in it.

The rules are in :mod:`analysis.stance.rules` (its docstring lists them); this module finds the
mentions and cues of each sentence, applies the rules and writes the evidence rows.

>>> score_sentences(["大模型烧钱。"])[["target", "score", "drivers"]].values.tolist()
[['大模型', -0.6667, '烧钱 -2']]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..frames import as_sentences
from ..parallel import map_blocks, worker_block_size

from ..clean import opencc_converter
from .aliases import AliasMatcher, Mention, alias_matcher, load_targets
from .lexicons import PROFILES, cue_table
from .rules import (_advised, _attribute, _clause_values, _clause_weights, _clauses, _conditionals, _cues,
                    _question_flips, _reports, _split_runs, Scope)

EVIDENCE_COLUMNS = ["article", "paragraph", "sentence", "target", "text", "aliases",
                    "score", "raw", "polarity", "drivers", "cues"]


def _segmented(texts: list[str]) -> list[list[str]]:
    """Words of each text (concatenating back to it), from the project's segmenter."""
    from ..tokens import make_segmenter

    tag = make_segmenter(engine="auto").tag
    return [[word for word, _ in tag(text)] for text in texts]


def _mentions(text: str, words: list[str], starts: list[int], aliases, cue_table: Mapping[str, tuple],
              implicit: tuple[str, ...]) -> list[Mention]:
    """Rule 7a: the aliases named in the sentence, except one inside a longer word that is itself
    listed (独立 inside 独立自主: the lexicon reads that word whole); rule 7d: else the document's
    topic targets."""
    matcher = aliases if isinstance(aliases, AliasMatcher) else AliasMatcher(aliases)
    mentions = [m for m in matcher.find_in_words(text, starts)
                if not (m.stop - m.first == 1 and len(words[m.first]) > m.end - m.start
                        and words[m.first] in cue_table)]
    if not mentions and implicit:
        return [Mention(0, 0, "", target, 0, 0) for target in implicit]
    return mentions


def _scopes(words: list[str], cues: list, clause_of: list[int], n_clauses: int,
            turn: tuple | None) -> dict[int, list[Scope]]:
    """Clause -> the markers scoping it: rhetorical questions (6), reports (6b), conditionals
    (6c) and a contrast opening the next sentence (7b)."""
    scopes: dict[int, list[Scope]] = {}
    for found, shown in ((_question_flips(words, cues, clause_of), "{}？"),
                         (_reports(words, cues, clause_of, n_clauses), "{}…"),
                         (_conditionals(cues, clause_of, n_clauses), "{}…")):
        for c, (marker, factor) in found.items():
            scopes.setdefault(c, []).append(Scope(shown.format(marker), factor))
    if turn is not None:
        for c in range(n_clauses):
            scopes.setdefault(c, []).append(Scope("→" + turn[0], turn[1]))
    return scopes


def _evidence_row(text: str, target: str, hits: list, mentions: list[Mention], starts: list[int]) -> dict:
    """Rule 8: one evidence row from the values that count for ``target``."""
    raw = round(sum(v.value for v in hits), 4)
    score = round(raw / (1 + abs(raw)), 4)
    names = [m for m in mentions if m.target == target and m.alias]
    cue_list = [(m.start, m.end, m.alias, "target", 0.0) for m in names]
    cue_list += [(starts[v.first], starts[v.stop], v.word, "favour" if v.value > 0 else "against", v.value)
                 for v in hits]
    return {
        "target": target,
        "text": text,
        "aliases": "、".join(dict.fromkeys(m.alias for m in names)),
        "score": score,
        "raw": raw,
        "polarity": "favour" if score > 0 else "against" if score < 0 else "neutral",
        "drivers": "; ".join(f"{v.word}{'(' + '/'.join(v.mods) + ')' if v.mods else ''} {v.value:+g}"
                             for v in hits),
        "cues": sorted(cue_list),
    }


def _score_one(text: str, words: list[str], aliases, cue_table: Mapping[str, tuple],
               turn: tuple | None = None, implicit: tuple[str, ...] = ()) -> list[dict]:
    """Evidence rows of one sentence; ``turn`` = (contrast marker, weight) opening the next one;
    ``implicit``: the document's topic targets, scored when the sentence names no target (rule 7d)."""
    starts = np.concatenate([[0], np.cumsum([len(w) for w in words])]).astype(int).tolist()
    mentions = _mentions(text, words, starts, aliases, cue_table, implicit)
    if not mentions or not words:
        return []
    cues = _cues(words, starts, [m for m in mentions if m.alias], cue_table)
    clause_of = _clauses(words, cues)
    n_clauses = max(clause_of) + 1
    values = _clause_values(cues, clause_of, _clause_weights(n_clauses, cues, clause_of),
                            {m.first for m in mentions}, _scopes(words, cues, clause_of, n_clauses, turn),
                            _advised(cues, clause_of, mentions))
    return [_evidence_row(text, target, [v for c in sorted(clauses) for v in values.get(c, [])
                                         if target not in v.excluded], mentions, starts)
            for target, clauses in _attribute(mentions, clause_of, n_clauses).items()]


def _sentence_frame(corpus_or_sentences) -> pd.DataFrame:
    """The sentences (:func:`analysis.frames.as_sentences`) with text as plain strings."""
    frame = as_sentences(corpus_or_sentences)
    return frame.assign(text=frame["text"].fillna("").astype(str)).reset_index(drop=True)


def _alias_map(targets: pd.DataFrame | None) -> AliasMatcher:
    targets = load_targets() if targets is None else targets
    if not isinstance(targets, pd.DataFrame) or not {"target", "alias"} <= set(targets.columns):
        raise ValueError("targets must have columns 'target' and 'alias' (see load_targets)")
    return alias_matcher(tuple(zip(targets.alias, targets.target)))


def _profiles(profile: str | None, targets: pd.DataFrame | None) -> dict[str, str]:
    """target -> its lexicon profile: ``profile`` for all, or by default ``ai_essays`` for the six
    default targets and ``general`` for your own (so --with-default-targets keeps the essays'
    readings)."""
    frame = load_targets() if targets is None else targets
    if profile is not None:
        if profile not in PROFILES:
            raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
        return {t: profile for t in frame.target}
    defaults = set(load_targets().target)
    return {t: "ai_essays" if t in defaults else "general" for t in frame.target}


def _turn(words: list[list[str]], where: list[tuple], i: int, cues: Mapping[str, tuple]) -> tuple | None:
    """Rule 7b: (marker, weight) when the next sentence of the same paragraph opens with 但 …"""
    same = i + 1 < len(words) and words[i + 1] and where[i + 1] == where[i]
    opener = words[i + 1][0] if same else ""
    kind, weight = cues.get(opener, ("", 1.0))[:2]
    return (opener, weight) if kind == "contrast" else None


def score_sentences(corpus_or_sentences, *, targets: pd.DataFrame | None = None,
                    profile: str | None = None, lexicon: str | Path | None = None,
                    topics: Mapping[str, tuple[str, ...]] | None = None, workers: int = 1) -> pd.DataFrame:
    """The evidence table: one row per sentence × target named in it.

    Accepts a ``Corpus``, a sentences frame (``text`` plus optional ``article, paragraph,
    sentence``) or a list of strings (Traditional is converted to Simplified first). Columns:
    ``article, paragraph, sentence, target, text`` (Simplified), ``aliases`` (the words that
    named the target), ``score`` in (−1, 1), ``raw``, ``polarity``, ``drivers`` (readable:
    ``word(modifiers) value``) and ``cues``: ``(start, end, word, kind, value)`` character spans
    in ``text`` for highlighting, kind ``target``, ``favour`` or ``against``.

    ``profile`` picks the lexicons (:data:`PROFILES`) for every target; by default each of the
    six default targets is scored with ``ai_essays`` and each of your own with ``general``.
    ``lexicon`` adds your ``word,value`` file, and ``topics`` maps an article to the targets its
    sentences count for when they name none (rule 7d; :func:`score_documents` fills it).
    ``workers`` > 1 scores blocks of whole articles in that many processes (same result).

    >>> ev = score_sentences(["大廠越來越保守，但獨立團隊更自由。"])
    >>> ev[["target", "score", "drivers"]].values.tolist()
    [['大厂', -0.4286, '保守(越来越) -0.75'], ['创业/独立团队', 0.6, '自由(更) +1.5']]
    >>> score_sentences([]).columns.tolist() == EVIDENCE_COLUMNS
    True
    """
    sentences = _sentence_frame(corpus_or_sentences)
    matcher = _alias_map(targets)
    by_target = _profiles(profile, targets)
    blocks = map_blocks(_score_block, sentences, workers=workers, size=worker_block_size(len(sentences), workers),
                        matcher=matcher, by_target=by_target, lexicon=lexicon, topics=topics or {})
    return pd.DataFrame([row for rows in blocks for row in rows], columns=EVIDENCE_COLUMNS)


def _score_block(sentences: pd.DataFrame, *, matcher: AliasMatcher, by_target: dict[str, str],
                 lexicon, topics: Mapping[str, tuple[str, ...]]) -> list[dict]:
    """The evidence rows of one block of whole articles (see :func:`score_sentences`; blocks bound
    the memory held by segmented words: :mod:`analysis.parallel`)."""
    texts = [opencc_converter("t2s").convert(text) for text in sentences.text]
    segmented = _segmented(texts)
    ids = sentences[["article", "paragraph", "sentence"]].to_numpy(dtype=object).tolist()
    where = [(article, paragraph) for article, paragraph, _ in ids]
    chosen: dict[tuple[int, str], dict] = {}
    order: dict[tuple[int, str], tuple] = {}
    for name in sorted(set(by_target.values())):
        cues = cue_table(frozenset(matcher.aliases), profile=name, lexicon=None if lexicon is None else str(lexicon))
        words = [_split_runs(w, cues) for w in segmented]
        for i, (article, _) in enumerate(where):
            for j, row in enumerate(_score_one(texts[i], words[i], matcher, cues, _turn(words, where, i, cues),
                                               topics.get(article, ()))):
                order.setdefault((i, row["target"]), (i, j))
                if by_target.get(row["target"]) == name:
                    chosen[(i, row["target"])] = row
    return [{"article": ids[i][0], "paragraph": ids[i][1], "sentence": ids[i][2], **chosen[key]}
            for key, (i, _) in sorted(order.items(), key=lambda kv: kv[1]) if key in chosen]
