"""Segmentation into tokens, with POS tags and stopword flags.

One private ``jieba.Tokenizer`` (never jieba's global one) loaded with the user dictionary
``analysis/data/userdict.tsv``, so domain terms stay whole (大模型, 大厂, 生成式AI, 颠覆式创新,
company names …). rjieba (a binding of jieba-rs, about 20 times faster) is the fast path: it loads
the same dictionary and user words, and ``engine="auto"`` uses it only after checking, once per
process, that it gives exactly the same ``(word, tag)`` pairs as the jieba reference on a probe
text built from the user dictionary. ``tests/test_tokens.py`` checks identity on the seeds too.

HMM new-word discovery is **off**: segmentation is then driven by the dictionaries alone, which
is deterministic, keeps jieba and rjieba identical, and avoids the spurious "words" HMM glues
together in scraped text. New terms are added to the user dictionary instead.

Multi-word Latin terms of the user dictionary (``AI Agent``, ``Hugging Face``, ``Open AI``) are
matched before segmentation (jieba splits on spaces) and come out as one token.

The tokens frame has one token per row: ``article, paragraph, sentence, position, token, pos,
is_stopword, start, end`` (``position``: 0-based running index of the token in its article;
``start``/``end``: character offsets in the sentence text). Whitespace, punctuation, numbers
(digits and Chinese numerals), URLs and HTML tags never become tokens.

>>> import pandas as pd
>>> sents = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0],
...                       "text": ["大厂的大模型团队，用AI Agent做了3000个应用。"]})
>>> tokenize(sents)["token"].tolist()
['大厂', '的', '大模型', '团队', '用', 'AI Agent', '做', '了', '个', '应用']
"""
from __future__ import annotations

import hashlib
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .chinese import HAN
from .config import data_lines, data_path
from .frames import TOKEN_COLUMNS, as_sentences
from .stopwords import STOPWORDS_ADD, STOPWORDS_BASE, STOPWORDS_REMOVE, load_stopwords  # noqa: F401 (re-exported)

USERDICT = data_path("userdict.tsv")

ENGINES = ("auto", "jieba", "rjieba")

# Spans removed before segmentation (replaced by nothing: offsets still refer to the raw text).
_SKIP = re.compile(r"(?:https?://|www\.)[!-~]+|</?[A-Za-z][^<>]{0,200}>")
# A kept token: letters of CJK or Latin, digits, and a few joiners, with at least one letter.
_CJK = HAN
_WORD = re.compile(rf"(?=.*[A-Za-z{_CJK}])[A-Za-z0-9{_CJK}+#&._\- ]+")
# Numbers: Arabic digits (ASCII or full width) and Chinese numerals only.
_NUMBER = re.compile(r"[0-9０-９.,%％一二三四五六七八九十百千万亿两零〇几]+")
_DIGITS = re.compile(r"[0-9.]+")
_ASCII_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


@dataclass(frozen=True)
class UserTerm:
    term: str
    freq: int
    pos: str


@lru_cache(maxsize=None)
def load_userdict(path: str | Path = USERDICT) -> tuple[UserTerm, ...]:
    """The user dictionary: ``term<TAB>freq<TAB>pos<TAB>why`` lines.

    >>> next(t for t in load_userdict() if t.term == "大模型")
    UserTerm(term='大模型', freq=2000, pos='n')
    """
    terms = []
    for n, fields in enumerate(data_lines(path), 1):
        if len(fields) < 3 or not fields[1].isdigit() or not fields[0].strip():
            raise ValueError(f"{path}: entry {n} is not 'term<TAB>freq<TAB>pos': {fields!r}")
        terms.append(UserTerm(" ".join(fields[0].split()), int(fields[1]), fields[2]))
    return tuple(terms)


def _multiword_pattern(terms: tuple[UserTerm, ...]) -> re.Pattern | None:
    """One regex for the user terms that contain a space, longest first, any whitespace inside."""
    multi = sorted((t.term for t in terms if " " in t.term), key=len, reverse=True)
    if not multi:
        return None
    alts = "|".join(r"\s+".join(map(re.escape, t.split())) for t in multi)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alts})(?![A-Za-z0-9])", re.IGNORECASE)


class Segmenter:
    """A private tokenizer of one engine, with the user dictionary loaded.

    ``tag(text)`` returns ``(word, pos)`` pairs that concatenate back to ``text``.
    """

    def __init__(self, engine: str, userdict: str | Path = USERDICT):
        if engine not in ("jieba", "rjieba"):
            raise ValueError(f"engine must be 'jieba' or 'rjieba', not {engine!r}")
        self.engine = engine
        self.terms = load_userdict(userdict)
        self.multiword = _multiword_pattern(self.terms)
        self.canonical = {t.term.casefold(): t for t in self.terms if " " in t.term}
        single = [t for t in self.terms if " " not in t.term]
        if engine == "jieba":
            import logging

            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            self.model = jieba.Tokenizer()  # private: the global jieba.dt is never touched
            self.model.initialize()
            for t in single:
                self.model.add_word(t.term, t.freq, t.pos)
            tagger = jieba.posseg.POSTokenizer(self.model)
            self._tag = lambda text: [(w, f) for w, f in tagger.lcut(text, HMM=False)]
        else:
            import rjieba

            self.model = rjieba.Jieba()
            for t in single:
                self.model.add_word(t.term, t.freq, t.pos)
            self._tag = lambda text: self.model.tag(text, hmm=False)
        for t in _unknown_names(self._tag):  # names the dictionary would break into characters
            self.model.add_word(t.term, t.freq, t.pos)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(word, pos)`` pairs of ``text``; multi-word user terms come out whole.

        POS of ASCII tokens is normalised (digits ``m``, Latin words ``eng``) because the two
        engines tag them differently.
        """
        out: list[tuple[str, str]] = []
        last = 0
        spans = self.multiword.finditer(text) if self.multiword else ()
        for m in spans:
            out.extend(self._tag_plain(text[last:m.start()]))
            out.append((m.group(), self.canonical[" ".join(m.group().split()).casefold()].pos))
            last = m.end()
        out.extend(self._tag_plain(text[last:]))
        return out

    def _tag_plain(self, text: str) -> list[tuple[str, str]]:
        if not text:
            return []
        pairs = self._tag(text)
        for i, (word, pos) in enumerate(pairs):
            if not word.isascii():  # both patterns are ASCII-only
                continue
            if _DIGITS.fullmatch(word):
                pairs[i] = (word, "m")
            elif pos == "m" and _ASCII_WORD.fullmatch(word):
                pairs[i] = (word, "eng")
        return pairs

    def canonical_form(self, word: str) -> str:
        """Spelling of a multi-word user term as given in the dictionary (else ``word``)."""
        term = self.canonical.get(" ".join(word.split()).casefold())
        return term.term if term else word


#: Frequency and tag of a company or product name added to the segmenter (see :func:`_unknown_names`).
NAME_FREQ, NAME_POS = 1000, "nt"


def _unknown_names(tag) -> list[UserTerm]:
    """The gazetteer's Chinese names of three or more characters (companies, groups, products) that
    ``tag`` breaks into pieces with a lone character (饿了么 → 饿/了/么, 同程旅行 → 同/程/旅行), so that
    they come out whole; names it already keeps in known words (百度公司 → 百度/公司) are left alone.

    >>> [w for w, _ in make_segmenter().tag("饿了么和同程旅行，百度公司")]
    ['饿了么', '和', '同程旅行', '，', '百度', '公司']
    """
    return [UserTerm(name, NAME_FREQ, NAME_POS) for name in _name_candidates()
            if any(len(word) == 1 for word, _ in tag(name))]


def _name_candidates() -> list[str]:
    """The gazetteer's Chinese names of three or more characters, persons aside: what
    :func:`_unknown_names` may add, and so what :func:`probe_text` must hold."""
    from .companies.gazetteer import default_gazetteer

    aliases = default_gazetteer().aliases
    names = aliases.loc[aliases["kind"] != "person", "alias"]
    return list(dict.fromkeys(n for n in names if len(n) >= 3 and re.fullmatch(f"[{HAN}]+", n)))


def make_segmenter(*, engine: str = "jieba", userdict: str | Path = USERDICT) -> Segmenter:
    """The cached private segmenter of ``engine`` ("auto", "jieba" or "rjieba"): one per engine and
    user dictionary per process, however it is asked for.

    ``"auto"`` gives rjieba when it is installed and verified identical to jieba, else jieba.

    >>> make_segmenter().tag("大模型创业")
    [('大模型', 'n'), ('创业', 'n')]
    >>> make_segmenter() is make_segmenter(engine="jieba", userdict=str(USERDICT))
    True
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if engine == "auto":
        engine = "rjieba" if rjieba_verified(userdict=userdict) else "jieba"
    return _segmenter(engine, str(Path(userdict).resolve()))


@lru_cache(maxsize=None)
def _segmenter(engine: str, userdict: str) -> Segmenter:
    return Segmenter(engine, userdict)


def probe_text(userdict: str | Path = USERDICT) -> str:
    """Text on which rjieba must match jieba: every user term, and every gazetteer name the
    segmenter may add (:func:`_name_candidates`), in a short context."""
    terms = [t.term for t in load_userdict(userdict)] + _name_candidates()
    return "。".join(f"{t}的发展，和{t}团队在大厂里创业" for t in terms)


def rjieba_verified(*, userdict: str | Path = USERDICT) -> bool:
    """True when rjieba imports and tags :func:`probe_text` exactly as the jieba reference.

    Checked once per process; the answer is also kept in the disk cache (:mod:`analysis.cache`)
    under the rjieba and jieba versions and the sha256 of the user dictionary and of the probe
    text, so later processes skip building the jieba reference (about a second) until one of
    them changes.
    """
    return _rjieba_verified(str(Path(userdict).resolve()))


def verify_in_background(*, userdict: str | Path = USERDICT) -> bool:
    """Start :func:`rjieba_verified` in a forked process unless its answer is in the disk cache
    (:func:`analysis.cache.fill_in_background`); the first later call waits for it."""
    from . import cache

    name = verification_key(userdict)
    path = str(Path(userdict).resolve())
    return bool(name) and cache.fill_in_background("rjieba_verified", name, lambda: _rjieba_verified(path))


def verification_key(userdict: str | Path = USERDICT) -> str | None:
    """The cache key of :func:`rjieba_verified` for ``userdict``; None when rjieba or jieba is missing."""
    from importlib import metadata

    from . import cache

    try:
        versions = [metadata.version("rjieba"), metadata.version("jieba")]
    except metadata.PackageNotFoundError:
        return None
    return cache.key("rjieba_verified", versions, cache.file_sha256(userdict),
                     hashlib.sha256(probe_text(userdict).encode("utf-8")).hexdigest())


@lru_cache(maxsize=None)
def _rjieba_verified(userdict: str) -> bool:
    from . import cache

    name = verification_key(userdict)
    try:
        fast = make_segmenter(engine="rjieba", userdict=userdict)  # built even when the answer is stored:
    except ImportError:  # "auto" uses it, and a broken install fails here
        return False
    stored = cache.read("rjieba_verified", name) if name else None
    if stored in (b"true", b"false"):
        return stored == b"true"
    text = probe_text(userdict)
    same = fast.tag(text) == make_segmenter(engine="jieba", userdict=userdict).tag(text)
    if name:
        cache.write("rjieba_verified", name, b"true" if same else b"false")
    return same


def _kept(word: str, keep_single_chars: bool) -> bool:
    if not _WORD.fullmatch(word) or _NUMBER.fullmatch(word):
        return False
    return keep_single_chars or len(word) > 1


class _Chunk(NamedTuple):
    """The kept tokens of some texts as compact columns: machine-int arrays, no Python object per token."""

    counts: array  # tokens per text
    codes: array  # per token: index into ``words``
    words: list[str]
    tag_codes: array  # per token: index into ``tags``
    tags: list[str]
    starts: array
    ends: array


def _token_columns(engine: str, userdict: str, keep_single_chars: bool, texts: list[str]) -> _Chunk:
    """Segment ``texts`` into a :class:`_Chunk` (module-level, so worker processes can run it)."""
    seg = make_segmenter(engine=engine, userdict=userdict)
    counts, codes, tag_codes, starts, ends = (array("i") for _ in range(5))
    kept: dict[str, int] = {}  # word -> code of its canonical token, -1 if it is dropped
    words: dict[str, int] = {}
    tags: dict[str, int] = {}
    for text in texts:
        n = offset = 0
        for word, pos in seg.tag(_SKIP.sub(lambda m: "\0" * len(m.group()), text)):
            start, offset = offset, offset + len(word)
            code = kept.get(word)
            if code is None:
                code = kept[word] = (words.setdefault(seg.canonical_form(word), len(words))
                                     if _kept(word, keep_single_chars) else -1)
            if code < 0:
                continue
            codes.append(code)
            tag_codes.append(tags.setdefault(pos, len(tags)))
            starts.append(start)
            ends.append(offset)
            n += 1
        counts.append(n)
    return _Chunk(counts, codes, list(words), tag_codes, list(tags), starts, ends)


def _merge_codes(codes: list[array], vocabularies: list[list[str]]):
    """The chunks' codes into one vocabulary: ``(vocabulary as an object array, codes into it)``."""
    import numpy as np

    index: dict[str, int] = {}
    merged = [np.array([index.setdefault(w, len(index)) for w in vocab], dtype=np.int32)
              [np.frombuffer(chunk, dtype=np.intc)] for chunk, vocab in zip(codes, vocabularies)]
    return np.array(list(index), dtype=object), (np.concatenate(merged) if merged else np.zeros(0, np.int32))


def _columns_all(texts: list[str], engine: str, userdict: str, keep_single_chars: bool,
                 workers: int) -> list[_Chunk]:
    if workers == 1 or len(texts) < 2:
        return [_token_columns(engine, userdict, keep_single_chars, texts)]
    from .parallel import fork_executor

    size = -(-len(texts) // (4 * workers))  # a few chunks per worker evens out their lengths
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with fork_executor(workers) as pool:
        n = len(chunks)
        return list(pool.map(_token_columns, [engine] * n, [userdict] * n, [keep_single_chars] * n, chunks))


def tokenize(corpus_or_sentences, *, engine: str = "auto", keep_single_chars: bool = True,
             stopwords=None, userdict: str | Path = USERDICT, workers: int = 1):
    """One row per token of every sentence (columns: see the module docstring).

    ``corpus_or_sentences``: a ``Corpus`` (its ``sentences``) or a frame with ``article,
    paragraph, sentence, text``. ``keep_single_chars=False`` drops one-character tokens.
    ``stopwords``: the set used for ``is_stopword`` (default :func:`load_stopwords`).
    ``workers`` > 1 segments in that many processes (same result, for large corpora).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0],
    ...                   "text": ["我们看好 Hugging Face！"]})
    >>> tokenize(s, keep_single_chars=False)[["token", "is_stopword", "start", "end"]].values.tolist()
    [['我们', True, 0, 2], ['看好', False, 2, 4], ['Hugging Face', False, 5, 17]]
    """
    import numpy as np
    import pandas as pd

    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    frame = as_sentences(corpus_or_sentences)
    stop = load_stopwords() if stopwords is None else frozenset(stopwords)
    userdict = str(userdict)
    if engine == "auto":
        engine = make_segmenter(engine="auto", userdict=userdict).engine
    texts = frame["text"].fillna("").astype(str).tolist()
    parts = _columns_all(texts, engine, userdict, keep_single_chars, workers)

    # Columns, not rows: a corpus has about 150,000 tokens per MB of text
    def ints(field: str):
        return np.concatenate([np.frombuffer(getattr(p, field), dtype=np.intc) for p in parts]).astype(np.int32)

    counts = ints("counts")
    row = np.repeat(np.arange(len(frame), dtype=np.int32), counts)
    first = np.cumsum(counts) - counts  # index of each sentence's first token in the frame
    # tokens before each sentence in its article (sentence-level arithmetic, then one gather)
    before = pd.Series(counts).groupby(pd.factorize(frame["article"])[0]).cumsum().to_numpy() - counts
    vocab, codes = _merge_codes([p.codes for p in parts], [p.words for p in parts])
    stop_flags = np.array([w.casefold() in stop or w in stop for w in vocab], dtype=bool)  # once per word
    tags, tag_codes = _merge_codes([p.tag_codes for p in parts], [p.tags for p in parts])
    articles, article_codes = pd.factorize(frame["article"])[::-1]
    columns = {
        "article": _take_strings(list(articles), article_codes[row]),
        "paragraph": frame["paragraph"].to_numpy()[row].astype(np.int32),
        "sentence": frame["sentence"].to_numpy()[row].astype(np.int32),
        "position": (np.arange(len(row), dtype=np.int32) - first[row] + before[row]).astype(np.int32),
        "token": _take_strings(vocab, codes),
        "pos": _take_strings(tags, tag_codes),
        "is_stopword": stop_flags[codes],
        "start": ints("starts"),
        "end": ints("ends"),
    }
    return pd.DataFrame(columns, columns=TOKEN_COLUMNS, copy=False)  # fresh arrays: no second copy


def _take_strings(values, codes):
    """``values[codes]`` as a column of pandas' default text dtype; taken inside Arrow when that
    dtype is Arrow-backed (pandas 3 with pyarrow), so no Python object is made per token.

    >>> _take_strings(["大厂", "团队"], [1, 0, 1]).tolist()
    ['团队', '大厂', '团队']
    """
    import numpy as np
    import pandas as pd

    dtype = pd.Series(["a"]).dtype  # what pandas makes of text
    if getattr(dtype, "storage", None) != "pyarrow":
        return pd.Series(np.asarray(list(values), dtype=object)[np.asarray(codes, dtype=np.intp)], dtype=dtype)
    import pyarrow as pa

    return pd.Series(pa.array(list(values), type=pa.large_string()).take(pa.array(codes, type=pa.int32())),
                     dtype=dtype)


def tokens_and_sentences(corpus_or_tokens, *, keep_single_chars: bool = True):
    """``(tokens frame, sentences frame or None)`` from a Corpus, a sentences frame or a tokens frame.

    A tokens frame (it has a ``token`` column) is returned as it is, with no sentences; a Corpus or
    a sentences frame is segmented by :func:`tokenize`. Anything else is a ValueError.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0], "text": ["大厂的团队"]})
    >>> tokens, sentences = tokens_and_sentences(s)
    >>> tokens["token"].tolist(), sentences is s
    (['大厂', '的', '团队'], True)
    """
    import pandas as pd

    if isinstance(corpus_or_tokens, pd.DataFrame) and "token" in corpus_or_tokens.columns:
        return corpus_or_tokens, None
    sentences = getattr(corpus_or_tokens, "sentences", corpus_or_tokens)
    if isinstance(sentences, pd.DataFrame) and "text" in sentences.columns:
        return tokenize(sentences, keep_single_chars=keep_single_chars), sentences
    raise ValueError("expected a Corpus, a sentences frame or a tokens frame (with a 'token' column), "
                     f"not {type(corpus_or_tokens).__name__}")


def join_tokens(tokens) -> str:
    """Join tokens as text: no space between Chinese tokens, one between two Latin ones.

    >>> join_tokens(["用", "AI", "Agent", "做", "应用"])
    '用AI Agent做应用'
    """
    out = ""
    for tok in tokens:
        if out and out[-1].isascii() and out[-1].isalnum() and tok[:1].isascii() and tok[:1].isalnum():
            out += " "
        out += tok
    return out
