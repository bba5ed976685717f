"""The scorer's rules, one function each: a transparent lexicon scorer a student can follow with a pencil.

The numbered rules below map onto the functions of this module (named in brackets); the
entry point is :func:`analysis.stance.score_sentences`:

1. [`match_spans`] Each sentence is converted to Simplified and segmented into words (``analysis.tokens``).
   Every lexicon entry (evaluative word, modifier) matches whole words only: it must equal one
   word or a run of up to :data:`MAX_SPAN` consecutive words, so 不 inside 不断 is never a
   negator. Target aliases match on characters instead (rule 7a).
1b. [`_split_runs`, `_licensed`, `_cues`] A one-character evaluative word (好, 差, 坏, 贵 … in ``stance_colloquial_lexicon.csv``, or
   in your lexicon) scores only in context: right after a negator, intensifier, hedge or a
   licenser (挺, 真, 太, 这么 …, :data:`GUARD_LICENSERS`), or ending its clause (then punctuation
   or a particle such as 了/的/啊). A run jieba keeps whole (很好, 太差, 真好, 太好了) is split first. So
   禁摩限电很好 scores 好(很) +1.5, and 好几个, 好多人 score nothing.
2. [`_clauses`] The sentence is cut into clauses at ，；：—… and brackets, and a new clause starts at every
   contrast marker (但, 不过, 然而 …).
3. [`_clause_values`, `_counts`] In each clause, an evaluative word scores its lexicon weight (profile
   ``ai_essays``: HowNet ∩ DUTIR +1 / −1 and the domain lexicon −2 … +2; profile ``general``: the
   broad lexicon and the colloquial one, see :mod:`analysis.stance.lexicons`; weight 0 neutralises a word that is descriptive in this genre, e.g. 发展).
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
3b. [`_advised`] Advice frames evaluate the advised action, not the party advised. In ``X 最佳的选择是 Y``
   (an *advice* marker) the marker scores its weight and, with the evaluative words after it in
   its clause, counts for the other targets (Y, the recommended action) but not for the targets
   named before it in that clause (X). In ``A 值得 B 思考/借鉴/反思…`` (值得, then an *advice
   verb* in the same clause) 值得 praises A and does not count for the targets named between
   it and the verb (B): Google的做法值得国内大厂思考 says nothing good about 大厂.
4. [`_clause_weights`] Clauses before a contrast marker are weighted by the marker's weight (0.5): the clause after
   但 weighs more. A clause holding a concessive (虽然, 尽管) is weighted 0.5 as well.
5. [`_clause_weights`] A clause holding a stance marker (应该, 必须, 我认为, 本质上, 说到底, 问题在于 …) states the
   author's position and is weighted by the marker's weight (1.5).
6. [`_question_flips`] Rhetorical questions assert the opposite of what they ask: when a rhetorical marker (the
   yes/no particle 吗, 难道, 岂, 何必, 怎么能, 谁能 …) is followed by a question mark, every
   evaluative value from the marker's clause to the clause the question mark closes is
   multiplied by −1 (大模型真就是现成的金矿吗？ → 金矿 −1). A question without such a marker
   (如何, 为什么 … asking for information) is scored as it stands.
6b. [`_reports`] Indirect reported speech is the speaker's view, not the author's: the clause reported by a
   *report* verb (表示, 称, 宣布, 认为 …: the verb's own clause, or the next one when the verb ends
   its clause, as in 有消息称，…) is weighted by the verb's weight (0). Not for a direct quotation
   (the verb followed by ：or “: the author quotes it as evidence, 李彦宏表示：“…浪费”) nor for a
   first-person subject (我们认为). So 表示360不会错过这一历史性机遇 scores 0, shown as
   ``错过(不会/表示…) +0``.
6c. [`_conditionals`] Conditionals assert neither the condition nor its consequence (irrealis; Taboada et al.
   2011, "Lexicon-based methods for sentiment analysis", *Computational Linguistics* 37(2),
   block sentiment words in the scope of *if*): the clause holding a *conditional* marker (如果,
   一旦, 只要, 假如 …) and the clause after it count with the marker's weight (0), shown as
   ``成功(一旦…) +0``. An unmarked condition (失败，就要沉船) is scored as it stands.
7. [`_attribute`] A sentence is scored for a target only if one of the target's aliases occurs in it. If it is
   the only target named, the whole sentence counts for it; if several are named, each clause
   counts for the targets named in it, and a clause naming none for those of the nearest clause
   before it that names one (Chinese drops repeated subjects), else the nearest after it.
7a. [`aliases.AliasMatcher`] Aliases are found on the characters of the sentence (Simplified, full-width and case
   folded, spaces optional between Latin chunks: see :mod:`analysis.stance.aliases`), not on
   jieba words: 禁摩限电 in 深圳市禁摩限电令, 二胎 in 生二胎, iPhoneSE for iPhone SE.
   Except inside a longer word that is itself listed: 独立 (an alias) is not found in 独立自主
   (an evaluative word), which the lexicon reads whole. Known false match: 应用层 in 应用/层面.
7c. [`_cues`] A listed word lying inside a longer alias match scores nothing (全面 in 全面二孩); a listed
   word equal to the whole alias still scores (大厂病 in the ai_essays domain lexicon).
7d. [`documents.document_topics`] Posts (``score_documents(unit="post")``): a sentence naming no target counts for the
   targets of the post (those named in its first sentence that names any), as if it named them.
7b. [`score._scopes`] A contrast marker opening the next sentence of the same paragraph (…越来越强大。但这种强构也让
   大厂越来越保守。) turns against the whole sentence before it, as rule 4 does inside a sentence:
   its clauses count with the marker's weight (0.5), shown as ``强大(越来越/→但) +0.75``.
   Sentences given as a plain list, or a frame without a ``paragraph`` column, stand alone.
8. [`score._evidence_row`] ``raw`` is the sum of the clause values; ``score = raw / (1 + |raw|)`` lies in (−1, 1).
   A sentence is *favour* if score > 0, *against* if < 0, else *neutral*.
9. [`aggregate.stance_label`] Per article × target (``unit="essay"``): the mean sentence score, counts, a percentile
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

>>> from analysis.stance import score_sentences
>>> ev = score_sentences(["大模型本身并不能创造价值。", "机会在AI Agent。"])
>>> ev[["sentence", "target", "score", "drivers"]].values.tolist()
[[0, '大模型', -0.6667, '创造(不能) -1; 价值(不能) -1'], [1, 'AI Agent', 0.5, '机会 +1']]
>>> score_sentences(["大模型真就是现成的金矿吗？"]).drivers.tolist()
['金矿(吗？) -1']
>>> score_sentences(["Google的做法值得大厂思考。", "丝毫不影响大模型的激烈厮杀。"]).score.tolist()
[0.0, -0.5]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from .lexicons import CueTable, advice_verbs

#: Longest list entry, counted in segmented words.
MAX_SPAN = 4
#: Cue kinds that carry a value of their own (the others change the value of these).
_SCORING_KINDS = frozenset({"lexicon", "privative", "defect", "advice"})
#: Words that make the subject of a report verb the author (我认为 is the author's view).
FIRST_PERSON = frozenset({"我", "我们", "笔者", "本文", "作者"})
#: Opening a direct quotation right after a report verb (表示：“…”).
_DIRECT_QUOTE = re.compile(r"^[：:“「『\"]")
_CLAUSE_BREAK = re.compile(r"^[，,；;：:—…（）()。！？!?]+$")
_QUESTION = re.compile(r"[？?]")


class CueHit(NamedTuple):
    """A listed word found in a sentence: words ``first:stop``, its ``kind`` and ``weight``."""

    first: int
    stop: int
    word: str
    kind: str
    weight: float


class Scope(NamedTuple):
    """A marker scoping a whole clause (rules 6, 6b, 6c, 7b): how it is shown, and its factor."""

    marker: str
    factor: float


class ClauseValue(NamedTuple):
    """An evaluative word's final value in its clause, the modifiers that changed it, and the
    targets it does not count for (rule 3b)."""

    first: int
    stop: int
    word: str
    value: float
    mods: list
    excluded: frozenset


@dataclass
class _Modifiers:
    """The modifiers in force while walking one clause (rule 3)."""

    clause: int | None = None
    sign: float = 1.0
    mult: float = 1.0
    mods: list = field(default_factory=list)
    absorbing: bool = False

def match_spans(words: list[str], entries: Mapping[str, object], *, max_span: int = MAX_SPAN):
    """Greedy longest match of ``entries`` on whole words: ``[(first, stop, entry), …]``.

    An entry matches when it equals ``words[first:stop]`` joined; words are never split.

    >>> match_spans(["不断", "有", "大", "模型"], {"不": 1, "大模型": 2})
    [(2, 4, '大模型')]
    """
    if max_span < 1:
        raise ValueError(f"max_span must be >= 1, got {max_span}")
    prefixes = (entries if isinstance(entries, CueTable) else CueTable(entries)).prefixes
    found, i = [], 0
    while i < len(words):
        best, joined = None, ""
        for stop in range(i + 1, min(len(words), i + max_span) + 1):
            joined += words[stop - 1]
            if joined in entries:
                best = (i, stop, joined)
            if joined and joined not in prefixes:  # no longer entry starts with these words
                break
        found += [best] if best else []
        i = best[1] if best else i + 1
    return found


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

def _advice_marker(cue: CueHit, cues: list[CueHit], clause_of: list[int], mentions: list) -> dict[int, frozenset]:
    """Rule 3b, ``X 最佳的选择是 Y``: from the marker to the end of its clause, every cue excludes
    the targets named before the marker in that clause (X)."""
    c = clause_of[cue.first]
    party = frozenset(m[3] for m in mentions if clause_of[m[0]] == c and m[0] < cue.first)
    if not party:
        return {}
    return {f.first: party for f in cues if clause_of[f.first] == c and f.first >= cue.first}


def _worth_frame(cue: CueHit, cues: list[CueHit], clause_of: list[int], mentions: list) -> dict[int, frozenset]:
    """Rule 3b, ``A 值得 B 思考``: 值得 excludes the targets named between it and an advice verb
    of its clause (B)."""
    c = clause_of[cue.first]
    verb = next((f.first for f in cues if f.kind == "advice_verb" and f.first > cue.first
                 and clause_of[f.first] == c), None)
    if verb is None:
        return {}
    party = frozenset(m[3] for m in mentions if cue.first < m[0] < verb)
    return {cue.first: party} if party else {}


def _advised(cues: list[CueHit], clause_of: list[int], mentions: list) -> dict[int, frozenset]:
    """Rule 3b: cue start -> the targets an evaluative word does not count for (the advised party).

    ``X 最佳的选择是 Y`` (kind ``advice``): from the marker to the end of its clause, nothing
    counts for the targets named before the marker in that clause (X). ``A 值得 B 思考``
    (值得 followed in its clause by a kind ``advice_verb``): 值得 does not count for the targets
    named between it and the verb (B).
    """
    out: dict[int, frozenset] = {}
    for cue in cues:
        if cue.kind == "advice":
            found = _advice_marker(cue, cues, clause_of, mentions)
        elif cue.word == "值得":
            found = _worth_frame(cue, cues, clause_of, mentions)
        else:
            continue
        for start, party in found.items():
            out[start] = out.get(start, frozenset()) | party
    return out

def _counts(cue: CueHit, state: _Modifiers, clause_of: list[int], mention_starts: set[int]) -> bool:
    """Does a scoring cue score here? Not weight 0; a defect noun only after a target in its
    clause; a positive word not when a privative verb before it in its clause absorbs it (rule 3)."""
    if cue.kind not in _SCORING_KINDS or cue.weight == 0:
        return False
    c = clause_of[cue.first]
    if cue.kind == "defect" and not any(clause_of[m] == c and m < cue.first for m in mention_starts):
        return False
    return not (state.absorbing and cue.weight > 0)


def _clause_values(cues: list[CueHit], clause_of: list[int], weights: list[float],
                   mention_starts: set[int], scopes: Mapping[int, list],
                   advised: Mapping[int, frozenset]) -> dict[int, list[ClauseValue]]:
    """Rule 3: per clause, the evaluative words with their final signed value and their modifiers.

    Scoring kinds: ``lexicon``; ``privative`` (scores like a lexicon word, and the positive
    words after it in its clause are its object and score nothing: 错失机会 is one loss, rule 3);
    ``defect`` (scores only when a target is named before it in its clause, rule 3);
    ``advice`` (scores for the recommended action only, rule 3b). Each value carries the set
    of targets it does not count for (``advised``).
    """
    values: dict[int, list[ClauseValue]] = {}
    negators = {cue.word for cue in cues if cue.kind == "negator"}
    state = _Modifiers()
    for cue in cues:
        c = clause_of[cue.first]
        if c != state.clause:
            state = _Modifiers(clause=c)
        if cue.kind == "negator":
            state.sign, state.mods = state.sign * cue.weight, state.mods + [cue.word]
        elif cue.kind in {"intensifier", "hedge"}:
            state.mult, state.mods = state.mult * cue.weight, state.mods + [cue.word]
        elif _counts(cue, state, clause_of, mention_starts):
            scope = scopes.get(c, [])
            value = round(cue.weight * state.sign * state.mult * weights[c]
                          * math.prod(s.factor for s in scope), 4) + 0.0
            values.setdefault(c, []).append(ClauseValue(
                cue.first, cue.stop, cue.word, value, state.mods + [s.marker for s in scope],
                advised.get(cue.first, frozenset())))
            state.mult, state.mods = 1.0, [m for m in state.mods if m in negators]
            state.absorbing = state.absorbing or cue.kind == "privative"
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
_LICENSER_STARTS = frozenset(w[0] for w in _SPLIT_LICENSERS)  # a word that starts otherwise is never split

def _split_run(word: str, cue_table: Mapping[str, tuple]) -> list[str]:
    """Rule 1b: a licenser + a guarded one-character word, with an optional closing particle,
    as separate words (很好 → 很 好; 太好了 → 太 好 了); any other word as it is."""
    body, tail = (word[:-1], [word[-1]]) if len(word) > 2 and word[-1] in GUARD_CLOSERS else (word, [])
    cue = cue_table.get(body[-1:])
    if (word not in cue_table and 2 <= len(body) <= 3 and getattr(cue, "guarded", False)
            and body[:-1] in _SPLIT_LICENSERS):
        return [body[:-1], body[-1], *tail]
    return [word]


def _split_runs(words: list[str], cue_table: Mapping[str, tuple]) -> list[str]:
    """Rule 1b: split the runs jieba keeps whole (很好, 太差了) into their words."""
    return [part for word in words
            for part in (_split_run(word, cue_table) if word[:1] in _LICENSER_STARTS and len(word) > 1 else (word,))]


def _licensed(words: list[str], first: int, stop: int, cue_table: Mapping[str, tuple]) -> bool:
    """Rule 1b: a guarded word scores after a licenser or a modifier, or at the end of its clause."""
    before = words[first - 1] if first > 0 else ""
    after = words[stop] if stop < len(words) else ""
    kind = getattr(cue_table.get(before), "kind", "")
    return (before in GUARD_LICENSERS or kind in {"negator", "intensifier", "hedge"}
            or not after or after in GUARD_CLOSERS or bool(_CLAUSE_BREAK.match(after)))

def _cues(words: list[str], starts: list[int], mentions: list, cue_table: Mapping[str, tuple]) -> list[CueHit]:
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
            cues.append(CueHit(a, b, w, cue[0], cue[1]))
    if "值得" in words:  # rule 3b's verb inside a word jieba keeps whole (认真思考, 深刻反思)
        verbs = cue_table.advice_verbs if isinstance(cue_table, CueTable) else advice_verbs(cue_table)
        cues += [CueHit(i, i + 1, w, "advice_verb", cue_table[w[-2:]][1]) for i, w in enumerate(words)
                 if len(w) > 2 and w[-2:] in verbs and w not in cue_table]
        cues.sort(key=lambda c: (c.first, c.stop))
    return cues
