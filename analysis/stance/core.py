"""Stance of each article toward named targets (大模型, 大厂, AI Agent …), with the evidence.

A transparent lexicon scorer a student can follow with a pencil:

1. Each sentence is converted to Simplified and segmented into words (``analysis.tokens``).
   Every list entry (target alias, evaluative word, modifier) matches whole words only: it must
   equal one word or a run of up to :data:`MAX_SPAN` consecutive words, so 不 inside 不断 is
   never a negator and 应用层 does not match inside 应用/层面.
1b. A one-character evaluative word (好, 差, 坏, 贵 … in ``stance_colloquial_lexicon.csv``, or
   in your lexicon) scores only in context: right after a negator, intensifier, hedge or a
   licenser (挺, 真, 太, 这么 …, :data:`GUARD_LICENSERS`), or ending its clause (then punctuation
   or a particle such as 了/的/啊). A run jieba keeps whole (很好, 太差, 真好) is split first. So
   禁摩限电很好 scores 好(很) +1.5, and 好几个, 好多人 score nothing.
2. The sentence is cut into clauses at ，；：—… and brackets, and a new clause starts at every
   contrast marker (但, 不过, 然而 …).
3. In each clause, an evaluative word scores its lexicon weight (HowNet ∩ DUTIR: +1 / −1; the domain
   lexicon: −2 … +2; weight 0 neutralises a word that is descriptive in this genre, e.g. 发展).
   Modifiers before it in the same clause change it: a negator flips the sign of every evaluative
   word after it up to the end of the clause (不能创造价值: both words) — it multiplies them by its
   weight, −1, except a denied inference (这并不意味着 X, −0.5), which concedes rather than
   asserts and so flips and halves; intensifiers and hedges
   multiply the next evaluative word only, by their weight. Two kinds compose with their neighbours:
   a *privative* verb (错过, 错失, 缺乏, 浪费 …: missing, losing, lacking, wasting) scores its own
   weight and the positive words after it in its clause are its object and score nothing
   (错失机会 is one loss, not a loss plus a chance; 不会错过机遇 is one negated loss, +1); a *defect*
   noun (病, 弊端, 困境, 短板 …) scores only when a target is named before it in its clause, i.e.
   the target is its possessor or experiencer (大厂有病, 大厂的弊端); elsewhere it is just a noun.
   A *continuation* verb (不影响, 丝毫不影响, 不妨碍) is not a negator: 不影响 X says that X goes
   on, so X keeps its sign (丝毫不影响…激烈厮杀 → 厮杀 −1); matching it as a whole word keeps its
   不 from flipping anything.
3b. Advice frames evaluate the advised action, not the party advised. In ``X 最佳的选择是 Y``
   (an *advice* marker) the marker scores its weight and, with the evaluative words after it in
   its clause, counts for the other targets (Y, the recommended action) but not for the targets
   named before it in that clause (X). In ``A 值得 B 思考/借鉴/反思…`` (值得, then an *advice
   verb* in the same clause) 值得 praises A and does not count for the targets named between
   it and the verb (B): Google的做法值得国内大厂思考 says nothing good about 大厂.
4. Clauses before a contrast marker are weighted by the marker's weight (0.5): the clause after
   但 weighs more. A clause holding a concessive (虽然, 尽管) is weighted 0.5 as well.
5. A clause holding a stance marker (应该, 必须, 我认为, 本质上, 说到底, 问题在于 …) states the
   author's position and is weighted by the marker's weight (1.5).
6. Rhetorical questions assert the opposite of what they ask: when a rhetorical marker (the
   yes/no particle 吗, 难道, 岂, 何必, 怎么能, 谁能 …) is followed by a question mark, every
   evaluative value from the marker's clause to the clause the question mark closes is
   multiplied by −1 (大模型真就是现成的金矿吗？ → 金矿 −1). A question without such a marker
   (如何, 为什么 … asking for information) is scored as it stands.
6b. Indirect reported speech is the speaker's view, not the author's: the clause reported by a
   *report* verb (表示, 称, 宣布, 认为 …: the verb's own clause, or the next one when the verb ends
   its clause, as in 有消息称，…) is weighted by the verb's weight (0). Not for a direct quotation
   (the verb followed by ：or “: the author quotes it as evidence, 李彦宏表示：“…浪费”) nor for a
   first-person subject (我们认为). So 表示360不会错过这一历史性机遇 scores 0, shown as
   ``错过(不会/表示…) +0``.
6c. Conditionals assert neither the condition nor its consequence (irrealis; Taboada et al.
   2011, "Lexicon-based methods for sentiment analysis", *Computational Linguistics* 37(2),
   block sentiment words in the scope of *if*): the clause holding a *conditional* marker (如果,
   一旦, 只要, 假如 …) and the clause after it count with the marker's weight (0), shown as
   ``成功(一旦…) +0``. An unmarked condition (失败，就要沉船) is scored as it stands.
7. A sentence is scored for a target only if one of the target's aliases occurs in it. If it is
   the only target named, the whole sentence counts for it; if several are named, each clause
   counts for the targets named in it, and a clause naming none for those of the nearest clause
   before it that names one (Chinese drops repeated subjects), else the nearest after it.
7a. Aliases are found on the characters of the sentence (Simplified, full-width and case
   folded, spaces optional between Latin chunks: see :mod:`analysis.stance.aliases`), not on
   jieba words: 禁摩限电 in 深圳市禁摩限电令, 二胎 in 生二胎, iPhoneSE for iPhone SE.
7c. A listed word lying inside a longer alias match scores nothing (全面 in 全面二孩); a listed
   word equal to the whole alias still scores (大厂病 in the ai_essays domain lexicon).
7d. Posts (``score_documents(unit="post")``): a sentence naming no target counts for the
   targets of the post (those named in its first sentence that names any), as if it named them.
7b. A contrast marker opening the next sentence of the same paragraph (…越来越强大。但这种强构也让
   大厂越来越保守。) turns against the whole sentence before it, as rule 4 does inside a sentence:
   its clauses count with the marker's weight (0.5), shown as ``强大(越来越/→但) +0.75``.
   Sentences given as a plain list, or a frame without a ``paragraph`` column, stand alone.
8. ``raw`` is the sum of the clause values; ``score = raw / (1 + |raw|)`` lies in (−1, 1).
   A sentence is *favour* if score > 0, *against* if < 0, else *neutral*.
9. Per article × target (``unit="essay"``): the mean sentence score, counts, a percentile
   bootstrap confidence interval (fixed seed per article and target: reruns give the same numbers) and a label:
   favour / against when the interval excludes 0 (and at least two sentences take a side),
   else *mixed* when each side has at least two sentences and the smaller side is at least a
   third of them, else *neutral*. A target never named in an article still gets a row:
   ``n_sentences = 0``, score 0, empty interval, label *neutral*. Per post × target
   (``unit="post"``): the sign of the mean score once one sentence takes a side
   (:func:`stance_label` with ``min_sided=1, rule="sign"``).

The ``drivers`` column shows every scored word with the modifiers that changed it, e.g.
``金矿(吗？) -1`` (rhetorical question) or ``错过(不会) +1`` (negated privative).

Lists live in ``analysis/data/`` (see its README, section *Stance*). Which lexicons apply is a
*profile* (:mod:`analysis.stance.lexicons`): ``ai_essays`` (strict general lexicon + the AI
domain lexicon, the default for the default targets) or ``general`` (broad lexicon + colloquial
lexicon, the default for your own targets); ``lexicon=`` adds your own ``word,value`` file.

>>> ev = score_sentences(["大模型本身并不能创造价值。", "机会在AI Agent。"])
>>> ev[["sentence", "target", "score", "drivers"]].values.tolist()
[[0, '大模型', -0.6667, '创造(不能) -1; 价值(不能) -1'], [1, 'AI Agent', 0.5, '机会 +1']]
>>> score_sentences(["大模型真就是现成的金矿吗？"]).drivers.tolist()
['金矿(吗？) -1']
>>> score_sentences(["Google的做法值得大厂思考。", "丝毫不影响大模型的激烈厮杀。"]).score.tolist()
[0.0, -0.5]
"""
from __future__ import annotations

import importlib.util
import math
import pickle
import re
import zlib
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..clean import opencc_converter
from .aliases import AliasMatcher, Mention, alias_matcher, is_default, load_targets
from .lexicons import PROFILES, cue_table

#: Longest list entry, counted in segmented words.
MAX_SPAN = 4
#: Bootstrap resamples and base seed for the confidence intervals.
N_BOOT = 2000
SEED = 20240520
#: Fewest sentences taking a side before a label takes one (see :func:`stance_label`).
MIN_SIDED = 2
LABELS = ("favour", "against", "neutral", "mixed")
#: Cue kinds that carry a value of their own (the others change the value of these).
_SCORING_KINDS = frozenset({"lexicon", "privative", "defect", "advice"})
#: Words that make the subject of a report verb the author (我认为 is the author's view).
FIRST_PERSON = frozenset({"我", "我们", "笔者", "本文", "作者"})
#: Opening a direct quotation right after a report verb (表示：“…”).
_DIRECT_QUOTE = re.compile(r"^[：:“「『\"]")

EVIDENCE_COLUMNS = ["article", "paragraph", "sentence", "target", "text", "aliases",
                    "score", "raw", "polarity", "drivers", "cues"]
TABLE_COLUMNS = ["article", "target", "score", "n_sentences", "n_favour", "n_against",
                 "n_neutral", "ci_low", "ci_high", "label"]

_CLAUSE_BREAK = re.compile(r"^[，,；;：:—…（）()。！？!?]+$")
_QUESTION = re.compile(r"[？?]")



# ---------------------------------------------------------------- text


def _words(text: str) -> list[str]:
    """Words of ``text`` (concatenating back to it), from the project's segmenter."""
    from ..tokens import make_tokenizer

    return [word for word, _ in make_tokenizer(engine="auto").tag(text)]


def match_spans(words: list[str], entries: Mapping[str, object], *, max_span: int = MAX_SPAN):
    """Greedy longest match of ``entries`` on whole words: ``[(first, stop, entry), …]``.

    An entry matches when it equals ``words[first:stop]`` joined; words are never split.

    >>> match_spans(["不断", "有", "大", "模型"], {"不": 1, "大模型": 2})
    [(2, 4, '大模型')]
    """
    if max_span < 1:
        raise ValueError(f"max_span must be >= 1, got {max_span}")
    found, i = [], 0
    while i < len(words):
        for stop in range(min(len(words), i + max_span), i, -1):
            joined = "".join(words[i:stop])
            if joined in entries:
                found.append((i, stop, joined))
                i = stop
                break
        else:
            i += 1
    return found


# ---------------------------------------------------------------- one sentence


def _clauses(words: list[str], cues: list[tuple]) -> list[int]:
    """Clause number of every word (-1 for punctuation)."""
    contrast_starts = {first for first, _, _, kind, _ in cues if kind == "contrast"}
    clause, out, open_clause = 0, [], False
    for i, word in enumerate(words):
        if _CLAUSE_BREAK.match(word):
            out.append(-1)
            if open_clause:
                clause, open_clause = clause + 1, False
            continue
        if i in contrast_starts and open_clause:
            clause += 1
        out.append(clause)
        open_clause = True
    return out


def _clause_weights(n_clauses: int, cues: list[tuple], clause_of: list[int]) -> list[float]:
    """Rule 4 (contrast, concessive) and rule 5 (stance markers) of the module docstring."""
    weights = [1.0] * n_clauses
    for first, _, _, kind, weight in cues:
        c = clause_of[first]
        if kind == "contrast":
            for earlier in range(c):
                weights[earlier] *= weight
        elif kind in {"concessive", "stance"}:
            weights[c] *= weight
    return weights


def _conditionals(cues: list[tuple], clause_of: list[int], n_clauses: int) -> dict[int, tuple]:
    """Rule 6c: clause -> (conditional marker, its weight), for the clauses of a conditional.

    如果/一旦/只要 A，B asserts neither A nor B: the marker's clause and the next one.
    """
    out: dict[int, tuple] = {}
    for first, _, word, kind, weight in cues:
        if kind == "conditional":
            for c in range(clause_of[first], min(clause_of[first] + 2, n_clauses)):
                out.setdefault(c, (word, weight))
    return out


def _reports(words: list[str], cues: list[tuple], clause_of: list[int], n_clauses: int) -> dict[int, tuple]:
    """Rule 6b: clause -> (report verb, its weight), for the clause holding indirect reported speech.

    The reported clause is the verb's own, or the next one when the verb ends its clause
    (有消息称，…). Not reported: a direct quotation (the verb followed by ：or “, which the
    author presents as evidence) and a first-person subject before the verb in its clause.
    """
    out: dict[int, tuple] = {}
    for first, stop, word, kind, weight in cues:
        if kind != "report":
            continue
        c = clause_of[first]
        after = words[stop] if stop < len(words) else ""
        subject = {w for i, w in enumerate(words[:first]) if clause_of[i] == c}
        if _DIRECT_QUOTE.match(after) or subject & FIRST_PERSON:
            continue
        ends_clause = stop >= len(words) or clause_of[stop] != c
        out.setdefault(c + 1 if ends_clause and c + 1 < n_clauses else c, (word, weight))
    return out


def _question_flips(words: list[str], cues: list[tuple], clause_of: list[int]) -> dict[int, tuple]:
    """Rule 6: clause -> (rhetorical marker, its weight −1), for the clauses of a rhetorical question.

    A rhetorical marker (吗, 难道, 何必 …) turns the clauses from its own to the one closed by
    the next question mark into an assertion of the opposite. No question mark after it: nothing.
    """
    flips: dict[int, tuple] = {}
    for first, _, word, kind, weight in cues:
        if kind != "rhetorical":
            continue
        close = next((j for j in range(first + 1, len(words)) if _QUESTION.search(words[j])), None)
        if close is None:
            continue
        last = max((clause_of[j] for j in range(first, close) if clause_of[j] >= 0), default=-1)
        for c in range(clause_of[first], last + 1):
            flips.setdefault(c, (word, weight))
    return flips


def _advised(cues: list[tuple], clause_of: list[int], mentions: list[tuple]) -> dict[int, frozenset]:
    """Rule 3b: cue start -> the targets an evaluative word does not count for (the advised party).

    ``X 最佳的选择是 Y`` (kind ``advice``): from the marker to the end of its clause, nothing
    counts for the targets named before the marker in that clause (X). ``A 值得 B 思考``
    (值得 followed in its clause by a kind ``advice_verb``): 值得 does not count for the targets
    named between it and the verb (B).
    """
    out: dict[int, frozenset] = {}
    for first, stop, word, kind, _ in cues:
        c = clause_of[first]
        if kind == "advice":
            party = frozenset(m[3] for m in mentions if clause_of[m[0]] == c and m[0] < first)
            for f, *_ in cues:
                if clause_of[f] == c and f >= first and party:
                    out[f] = out.get(f, frozenset()) | party
        elif word == "值得":
            verb = next((f for f, _, _, k, _ in cues if k == "advice_verb" and f > first
                         and clause_of[f] == c), None)
            party = frozenset(m[3] for m in mentions if verb is not None and first < m[0] < verb)
            if party:
                out[first] = out.get(first, frozenset()) | party
    return out


def _clause_values(cues: list[tuple], clause_of: list[int], weights: list[float],
                   mention_starts: set[int], scopes: Mapping[int, list],
                   advised: Mapping[int, frozenset]) -> dict[int, list]:
    """Per clause, the evaluative words with their final signed value and their modifiers.

    Scoring kinds: ``lexicon``; ``privative`` (scores like a lexicon word, and the positive
    words after it in its clause are its object and score nothing: 错失机会 is one loss, rule 3);
    ``defect`` (scores only when a target is named before it in its clause, rule 3);
    ``advice`` (scores for the recommended action only, rule 3b). Each value carries the set
    of targets it does not count for (``advised``).
    """
    values: dict[int, list] = {}
    negators = {word for _, _, word, kind, _ in cues if kind == "negator"}
    pending_clause, sign, mult, mods, absorbing = None, 1.0, 1.0, [], False
    for first, stop, word, kind, weight in cues:
        c = clause_of[first]
        if c != pending_clause:
            pending_clause, sign, mult, mods, absorbing = c, 1.0, 1.0, [], False
        if kind == "negator":
            sign, mods = sign * weight, mods + [word]
        elif kind in {"intensifier", "hedge"}:
            mult, mods = mult * weight, mods + [word]
        elif kind in _SCORING_KINDS and weight != 0:
            if kind == "defect" and not any(clause_of[m] == c and m < first for m in mention_starts):
                continue
            if absorbing and weight > 0:
                continue
            scope = math.prod(factor for _, factor in scopes.get(c, []))
            value = round(weight * sign * mult * weights[c] * scope, 4) + 0.0
            shown = mods + [marker for marker, _ in scopes.get(c, [])]
            values.setdefault(c, []).append((first, stop, word, value, shown,
                                             advised.get(first, frozenset())))
            mult, mods = 1.0, [m for m in mods if m in negators]
            absorbing = absorbing or kind == "privative"
    return values


def _attribute(mentions: list[tuple], clause_of: list[int], n_clauses: int) -> dict[str, set[int]]:
    """target -> clauses whose evaluation counts for it (rule 7 of the module docstring)."""
    named: dict[int, set[str]] = {}
    for first, _, _, target, *_ in mentions:
        named.setdefault(clause_of[first], set()).add(target)
    targets = list(dict.fromkeys(m[3] for m in mentions))  # in order of first mention
    if len(targets) == 1:
        return {targets[0]: set(range(n_clauses))}
    out: dict[str, set[int]] = {t: set() for t in targets}
    for c in range(n_clauses):
        before = [k for k in named if k <= c]
        source = max(before) if before else min(named)
        for t in named[source]:
            out[t].add(c)
    return out


#: Words right before a one-character evaluative word that let it score (rule 1b), besides the
#: negators, intensifiers and hedges; a run like 很好/不好/太差 that jieba keeps as one word is split.
GUARD_LICENSERS = frozenset({"挺", "真", "超", "蛮", "太", "好", "这么", "那么", "多么", "够", "也", "都", "就"})
#: Words right after one that let it score: it ends its clause (particles of a predicate).
GUARD_CLOSERS = frozenset({"了", "的", "啊", "呀", "吧", "呢", "啦", "嘛", "哦", "哇", "死", "爆", "透", "极了", "死了"})
_SPLIT_LICENSERS = frozenset({"不", "没", "很", "太", "真", "挺", "超", "蛮", "最", "好", "特别", "非常", "十分"})


def _split_runs(words: list[str], cue_table: Mapping[str, tuple]) -> list[str]:
    """Rule 1b: split a word that is a licenser + a guarded one-character word (很好 → 很 好)."""
    out = []
    for word in words:
        cue = cue_table.get(word[-1:])
        if (word not in cue_table and 2 <= len(word) <= 3 and cue is not None and cue.guarded
                and word[:-1] in _SPLIT_LICENSERS):
            out += [word[:-1], word[-1]]
        else:
            out.append(word)
    return out


def _licensed(words: list[str], first: int, stop: int, cue_table: Mapping[str, tuple]) -> bool:
    """Rule 1b: a guarded word scores after a licenser or a modifier, or at the end of its clause."""
    before = words[first - 1] if first > 0 else ""
    after = words[stop] if stop < len(words) else ""
    kind = getattr(cue_table.get(before), "kind", "")
    return (before in GUARD_LICENSERS or kind in {"negator", "intensifier", "hedge"}
            or not after or after in GUARD_CLOSERS or bool(_CLAUSE_BREAK.match(after)))


def _cues(words: list[str], starts: list[int], mentions: list, cue_table: Mapping[str, tuple]) -> list[tuple]:
    """Listed words of a sentence as ``(first, stop, word, kind, weight)``, minus those dropped by
    rule 1b (an unlicensed one-character word) and rule 7c (a word inside a longer alias match)."""
    cues = []
    for a, b, w in match_spans(words, cue_table):
        cue = cue_table[w]
        if getattr(cue, "guarded", False) and not _licensed(words, a, b, cue_table):
            continue
        inside = any(m.start <= starts[a] and starts[b] <= m.end and starts[b] - starts[a] < m.end - m.start
                     for m in mentions)
        if not inside:
            cues.append((a, b, w, cue[0], cue[1]))
    return cues


def _score_one(text: str, words: list[str], aliases, cue_table: Mapping[str, tuple],
               turn: tuple | None = None, implicit: tuple[str, ...] = ()) -> list[dict]:
    """Evidence rows of one sentence; ``turn`` = (contrast marker, weight) opening the next one;
    ``implicit``: the document's topic targets, scored when the sentence names no target (rule 7d)."""
    starts = np.concatenate([[0], np.cumsum([len(w) for w in words])]).astype(int).tolist()
    matcher = aliases if isinstance(aliases, AliasMatcher) else AliasMatcher(aliases)
    mentions = matcher.find_in_words(text, starts)
    if not mentions and implicit:
        mentions = [Mention(0, 0, "", t, 0, 0) for t in implicit]
    if not mentions or not words:
        return []
    cues = _cues(words, starts, [m for m in mentions if m.alias], cue_table)
    clause_of = _clauses(words, cues)
    n_clauses = max(clause_of) + 1
    mention_starts = {m[0] for m in mentions}
    scopes: dict[int, list] = {}
    for found, shown in ((_question_flips(words, cues, clause_of), "{}？"),
                         (_reports(words, cues, clause_of, n_clauses), "{}…"),
                         (_conditionals(cues, clause_of, n_clauses), "{}…")):
        for c, (marker, factor) in found.items():
            scopes.setdefault(c, []).append((shown.format(marker), factor))
    if turn is not None:
        for c in range(n_clauses):
            scopes.setdefault(c, []).append(("→" + turn[0], turn[1]))
    values = _clause_values(cues, clause_of, _clause_weights(n_clauses, cues, clause_of),
                            mention_starts, scopes, _advised(cues, clause_of, mentions))
    rows = []
    for target, clauses in _attribute(mentions, clause_of, n_clauses).items():
        hits = [v[:5] for c in sorted(clauses) for v in values.get(c, []) if target not in v[5]]
        raw = round(sum(v[3] for v in hits), 4)
        score = round(raw / (1 + abs(raw)), 4)
        names = [m for m in mentions if m.target == target and m.alias]
        cue_list = [(m.start, m.end, m.alias, "target", 0.0) for m in names]
        cue_list += [(starts[a], starts[b], w, "favour" if v > 0 else "against", v)
                     for a, b, w, v, _ in hits]
        rows.append({
            "target": target,
            "text": text,
            "aliases": "、".join(dict.fromkeys(m[2] for m in names)),
            "score": score,
            "raw": raw,
            "polarity": "favour" if score > 0 else "against" if score < 0 else "neutral",
            "drivers": "; ".join(f"{w}{'(' + '/'.join(mods) + ')' if mods else ''} {v:+g}"
                                 for _, _, w, v, mods in hits),
            "cues": sorted(cue_list),
        })
    return rows


# ---------------------------------------------------------------- public verbs


def _sentence_frame(corpus_or_sentences) -> pd.DataFrame:
    if hasattr(corpus_or_sentences, "sentences"):
        frame = corpus_or_sentences.sentences
    elif isinstance(corpus_or_sentences, pd.DataFrame):
        frame = corpus_or_sentences
    elif isinstance(corpus_or_sentences, (str, bytes)):
        raise ValueError("pass a list of sentences, not a single string")
    elif isinstance(corpus_or_sentences, Iterable):
        texts = list(corpus_or_sentences)
        if not all(isinstance(t, str) for t in texts):
            raise ValueError("every sentence must be a string")
        frame = pd.DataFrame({"text": texts})
    else:
        raise ValueError(f"expected a Corpus, a sentences frame or a list of strings, "
                         f"not {type(corpus_or_sentences).__name__}")
    if "text" not in frame.columns:
        raise ValueError(f"the sentences frame needs a 'text' column; it has {list(frame.columns)}")
    n = len(frame)
    return pd.DataFrame({
        "article": frame["article"].astype(str) if "article" in frame else ["input"] * n,
        "paragraph": frame["paragraph"] if "paragraph" in frame else range(n),
        "sentence": frame["sentence"] if "sentence" in frame else range(n),
        "text": frame["text"].fillna("").astype(str),
    }).reset_index(drop=True)


def _alias_map(targets: pd.DataFrame | None) -> AliasMatcher:
    targets = load_targets() if targets is None else targets
    if not isinstance(targets, pd.DataFrame) or not {"target", "alias"} <= set(targets.columns):
        raise ValueError("targets must have columns 'target' and 'alias' (see load_targets)")
    return alias_matcher(tuple(zip(targets.alias, targets.target)))


def _profile(profile: str | None, targets: pd.DataFrame | None) -> str:
    """The lexicon profile of a run: ``ai_essays`` for the default targets, else ``general``."""
    if profile is None:
        return "ai_essays" if is_default(targets) else "general"
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
    return profile


def score_sentences(corpus_or_sentences, *, targets: pd.DataFrame | None = None,
                    profile: str | None = None, lexicon: str | Path | None = None,
                    topics: Mapping[str, tuple[str, ...]] | None = None) -> pd.DataFrame:
    """The evidence table: one row per sentence × target named in it.

    Accepts a ``Corpus``, a sentences frame (``text`` plus optional ``article, paragraph,
    sentence``) or a list of strings (Traditional is converted to Simplified first). Columns:
    ``article, paragraph, sentence, target, text`` (Simplified), ``aliases`` (the words that
    named the target), ``score`` in (−1, 1), ``raw``, ``polarity``, ``drivers`` (readable:
    ``word(modifiers) value``) and ``cues``: ``(start, end, word, kind, value)`` character spans
    in ``text`` for highlighting, kind ``target``, ``favour`` or ``against``.

    ``profile`` picks the lexicons (:data:`PROFILES`; default ``ai_essays`` for the default
    targets, ``general`` for your own), ``lexicon`` adds your ``word,value`` file, and
    ``topics`` maps an article to the targets its sentences count for when they name none
    (rule 7d; :func:`score_documents` fills it).

    >>> ev = score_sentences(["大廠越來越保守，但獨立團隊更自由。"])
    >>> ev[["target", "score", "drivers"]].values.tolist()
    [['大厂', -0.4286, '保守(越来越) -0.75'], ['创业/独立团队', 0.6, '自由(更) +1.5']]
    >>> score_sentences([]).columns.tolist() == EVIDENCE_COLUMNS
    True
    """
    sentences = _sentence_frame(corpus_or_sentences)
    matcher = _alias_map(targets)
    cues = cue_table(frozenset(matcher.aliases), profile=_profile(profile, targets),
                     lexicon=None if lexicon is None else str(lexicon))
    texts = [opencc_converter("t2s").convert(text) for text in sentences.text]
    words = [_split_runs(_words(text), cues) for text in texts]
    where = list(zip(sentences.article, sentences.paragraph))
    topics = topics or {}
    rows = []
    for i, (article, paragraph, sentence, _) in enumerate(sentences.itertuples(index=False)):
        # rule 7b: the next sentence of the same paragraph (in the frame's order) opens with 但 …
        same = i + 1 < len(words) and words[i + 1] and where[i + 1] == where[i]
        opener = words[i + 1][0] if same else ""
        kind, weight = cues.get(opener, ("", 1.0))[:2]
        turn = (opener, weight) if kind == "contrast" else None
        for row in _score_one(texts[i], words[i], matcher, cues, turn, topics.get(article, ())):
            rows.append({"article": article, "paragraph": paragraph, "sentence": sentence, **row})
    return pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)


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
    means = values[rng.integers(0, values.size, size=(n_boot, values.size))].mean(axis=1)
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
    [['大厂', -0.6333, 2, 'against'], ['开源', 0.0, 0, 'neutral']]
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
                "label": stance_label(n_favour=n_f, n_against=n_a, ci_low=low, ci_high=high,
                                      min_sided=min_sided, rule=rule,
                                      score=float(scores.mean()) if scores.size else 0.0),
            })
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


def stance_table(corpus, *, targets: pd.DataFrame | None = None, n_boot: int = N_BOOT,
                 level: float = 0.95, seed: int = SEED) -> pd.DataFrame:
    """Per article × target: ``article, target, score, n_sentences, n_favour, n_against,
    n_neutral, ci_low, ci_high, label``. Every article × target pair has a row (n_sentences 0
    when the article never names the target).

    >>> table = stance_table(["大模型烧钱。", "大模型是泡沫。"])
    >>> table[["article", "target", "score", "label"]].head(1).values.tolist()
    [['input', '大模型', -0.6667, 'against']]
    """
    evidence = score_sentences(corpus, targets=targets)
    if hasattr(corpus, "articles"):
        articles = list(corpus.articles["article"])
    else:
        articles = list(dict.fromkeys(_sentence_frame(corpus).article))
    names = list(dict.fromkeys((load_targets() if targets is None else targets).target))
    return summarise_stance(evidence, articles=articles, targets=names, n_boot=n_boot,
                            level=level, seed=seed)


