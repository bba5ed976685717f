"""Which companies each essay names, how often, and where: gazetteer matching and discovery.

jieba's POS tags cannot answer the question (微软 comes out an adjective, 联想 a verb), so companies are
found with a curated, alias-aware gazetteer (``analysis/data/companies.yaml``, 200+ companies), read
together with lists of names that are *not* companies (products, persons: ``company_products.yaml``)
and context rules for ambiguous aliases (``company_rules.yaml``). All are documented in
``analysis/data/README.md``; users add their own entries with ``load_gazetteer(extra=...)``.

Matching, per sentence of the clean text:

* the text is folded for comparison only (Traditional -> Simplified with OpenCC, ASCII lower case,
  full-width Latin -> half-width; lengths never change), so Traditional input and "OPENAI" match,
  while offsets and the ``alias`` column refer to the text as given;
* scanning left to right, the **longest** alias wins (阿里巴巴 over 阿里, 网易严选 -- a product -- over
  网易, Google DeepMind over Google); products and persons take part only to hide what they contain;
* a Latin alias matches on word boundaries (Meta not inside Metaverse, 360 not inside 3600, X AI but
  not a bare AI); its spaces are optional (Open AI = OpenAI); a capitalised alias needs a capital
  first letter (Meta, not "meta"), the other letters ignore case (Tiktok = TikTok);
* a context rule can drop an ambiguous alias (苹果 the fruit, 联想到 the verb, 步步高升 the idiom);
* a group acronym (BAT, FAANG) counts once for each member, with the acronym in ``group``.

>>> m = find_mentions("柯达和IBM都错过了，苹果和微软却赢了；他由此联想到诺基亚。")
>>> m[["company", "alias", "start", "end"]].values.tolist()
[['柯达', '柯达', 0, 2], ['IBM', 'IBM', 3, 6], ['苹果', '苹果', 11, 13], ['微软', '微软', 14, 16], ['诺基亚', '诺基亚', 26, 29]]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .clean import opencc_converter
from .config import data_path

GAZETTEER = data_path("companies.yaml")
NON_COMPANIES = data_path("company_products.yaml")
RULES = data_path("company_rules.yaml")
DISCOVERY = data_path("company_discovery.yaml")

SENTENCE_COLUMNS = ["article", "paragraph", "sentence", "text"]
MENTION_COLUMNS = ["article", "paragraph", "sentence", "company", "company_en", "alias", "start", "end",
                   "group", "text"]
TABLE_COLUMNS = ["article", "company", "mentions", "aliases", "n_paragraphs", "first_sentence",
                 "first_position", "company_en", "sector", "country"]
COMENTION_COLUMNS = ["company_a", "company_b", "n_paragraphs", "n_articles"]
CANDIDATE_COLUMNS = ["candidate", "sources", "count", "n_articles", "articles", "example_article", "example"]
COMPANY_COLUMNS = ["company", "company_en", "aliases", "sector", "country", "parent"]

KINDS = ("company", "product", "person", "group")
_ALNUM = re.compile(r"[0-9a-z]")
_LATIN_SPACE = re.compile(r"(?<=[0-9A-Za-z.]) +(?=[0-9A-Za-z])")
# Full-width digits and Latin letters -> ASCII, then ASCII lower case: length-preserving folding.
_FOLD = {**{0xFF10 + i: ord("0") + i for i in range(10)},
         **{0xFF21 + i: ord("a") + i for i in range(26)},
         **{0xFF41 + i: ord("a") + i for i in range(26)},
         **{ord("A") + i: ord("a") + i for i in range(26)}}
_FULLWIDTH_UPPER = {0xFF21 + i: ord("A") + i for i in range(26)}
_CAPITALISED = re.compile(r"[A-Z]")
_LATIN_CANDIDATE = re.compile(r"(?<![0-9A-Za-z])[A-Z][A-Za-z0-9]*[a-z0-9][A-Za-z0-9]*"
                              r"(?:[ .&-][A-Z][A-Za-z0-9]*)*(?![0-9A-Za-z])|(?<![0-9A-Za-z])[A-Z]{2,}(?![0-9A-Za-z])")
_MASK = "\u25a1"  # □ replaces known names before discovery
# A run of four or more Latin words is an English phrase or quotation, not a name: masked in discovery.
_ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*){3,}[.!?]?")
#: jieba tags of the word before 公司/集团 ... that can be a name (nouns, proper nouns, Latin, abbreviations).
_NAME_TAGS = frozenset({"n", "nr", "nrt", "nrfg", "nz", "nt", "eng", "x", "j"})


# --------------------------------------------------------------------------- folding


def fold(text: str) -> str:
    """The comparison form of ``text``: Simplified, half-width, ASCII lower case, same length.

    >>> fold("聯想集團與ＯｐｅｎAI")
    '联想集团与openai'
    """
    simplified = opencc_converter("t2s").convert(text)
    if len(simplified) != len(text):  # a phrase conversion changed the length: go char by char
        simplified = "".join(c if len(s := opencc_converter("t2s").convert(c)) != 1 else s for c in text)
    return simplified.translate(_FOLD)


# --------------------------------------------------------------------------- gazetteer

@dataclass(frozen=True)
class _Alias:
    key: str              # folded spelling the scanner compares
    kind: str             # company | product | person | group
    entity: str           # canonical name of the company / product / person / group
    capital: bool         # a Latin alias spelt with a capital first letter needs one in the text
    edge_start: bool      # starts with a Latin letter or digit: needs a word boundary before
    edge_end: bool        # ends with one: needs a word boundary after


@dataclass(frozen=True)
class _Rule:
    before: re.Pattern | None
    after: re.Pattern | None
    needs_cue: bool
    cues: tuple[str, ...]


@dataclass(frozen=True)
class Gazetteer:
    """Companies, their aliases, the non-company names that hide them, groups and context rules.

    ``companies``: one row per company (``company, company_en, aliases, sector, country, parent``);
    ``aliases``: one row per folded spelling (``alias, key, kind, entity``); ``products``, ``persons``,
    ``groups`` and ``rules`` as read from the data files. Build it with :func:`load_gazetteer`.
    """

    companies: pd.DataFrame
    aliases: pd.DataFrame
    products: pd.DataFrame
    persons: pd.DataFrame
    groups: pd.DataFrame
    rules: pd.DataFrame
    cues: tuple[str, ...]
    _index: dict = field(repr=False, compare=False, default_factory=dict)
    _rules: dict = field(repr=False, compare=False, default_factory=dict)

    def __len__(self) -> int:
        return len(self.companies)


def _read_yaml(path) -> dict:
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"gazetteer file not found: {path}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with companies/groups/products/persons/rules")
    return data


def _entries(data: dict, section: str, required: tuple[str, ...], source) -> list[dict]:
    entries = data.get(section) or []
    if not isinstance(entries, list):
        raise ValueError(f"{source}: '{section}' must be a list")
    out = []
    for entry in entries:
        if not isinstance(entry, dict) or any(not str(entry.get(k) or "").strip() for k in required):
            raise ValueError(f"{source}: every '{section}' entry needs {', '.join(required)}: {entry!r}")
        clean = {k: v for k, v in entry.items() if k != "aliases"}
        clean = {k: str(v).strip() if not isinstance(v, list) else [str(x) for x in v] for k, v in clean.items()}
        clean["aliases"] = [str(a).strip() for a in entry.get("aliases") or [] if str(a).strip()]
        out.append(clean)
    return out


def _merge(entries: list[dict], key: str) -> dict[str, dict]:
    """Entries by canonical name; a later entry with the same name adds aliases and overrides fields."""
    merged: dict[str, dict] = {}
    for e in entries:
        old = merged.get(e[key])
        if old is None:
            merged[e[key]] = dict(e)
        else:
            aliases = old["aliases"] + [a for a in e["aliases"] if a not in old["aliases"]]
            merged[e[key]] = {**old, **{k: v for k, v in e.items() if v}, "aliases": aliases}
    return merged


def _spellings(alias: str) -> list[str]:
    """The spelling itself, plus Latin variants without the spaces and with hyphens (Open AI -> OpenAI)."""
    if not _LATIN_SPACE.search(alias):
        return [alias]
    return [alias, _LATIN_SPACE.sub("", alias), _LATIN_SPACE.sub("-", alias)]


def _compile(pattern, anchor: str):
    if not pattern:
        return None
    pattern = fold(str(pattern))
    return re.compile(f"(?:{pattern}){anchor}" if anchor == "$" else f"(?:{pattern})", re.IGNORECASE)


def load_gazetteer(*, extra=None) -> Gazetteer:
    """Read the package gazetteer, non-company lists and rules, plus the user's own files.

    ``extra``: a path or a list of paths to YAML files with any of the sections ``companies``,
    ``groups``, ``products``, ``persons``, ``rules`` and ``cues`` (same fields as the package files).
    An entry whose canonical name already exists adds its aliases and overrides the other fields.

    >>> g = load_gazetteer()
    >>> len(g) >= 150, g.companies.set_index("company").loc["字节跳动", "company_en"]
    (True, 'ByteDance')
    """
    paths = [GAZETTEER, NON_COMPANIES, RULES]
    if extra is not None:
        paths += [extra] if isinstance(extra, (str, Path)) else list(extra)
    companies, products, persons, groups, rules, cues = [], [], [], [], [], []
    for path in paths:
        data = _read_yaml(path)
        companies += _entries(data, "companies", ("name", "en", "sector", "country"), path)
        products += _entries(data, "products", ("name", "owner"), path)
        persons += _entries(data, "persons", ("name",), path)
        groups += _entries(data, "groups", ("name", "members"), path)
        rules += _entries(data, "rules", ("alias",), path)
        cues += [str(c) for c in data.get("cues") or []]

    by_company = _merge(companies, "name")
    by_product = _merge(products, "name")
    by_person = _merge(persons, "name")
    by_group = {g["name"]: g for g in groups}
    for name, g in by_group.items():
        unknown = [m for m in g["members"] if m not in by_company]
        if unknown:
            raise ValueError(f"group {name!r} names unknown companies: {unknown}")
    for name, p in by_product.items():
        if p["owner"] not in by_company:
            raise ValueError(f"product {name!r} has an unknown owner: {p['owner']!r}")

    index: dict[str, list[_Alias]] = {}
    alias_rows = []
    seen: dict[str, tuple[str, str]] = {}
    sources = [("company", by_company, lambda e: [e["name"], e["en"], *e["aliases"]]),
               ("group", by_group, lambda e: [e["name"], *e["aliases"]]),
               ("product", by_product, lambda e: [e["name"], *e["aliases"]]),
               ("person", by_person, lambda e: [e["name"], *e["aliases"]])]
    for kind, entries, names in sources:
        for entity, entry in entries.items():
            for alias in dict.fromkeys(names(entry)):
                for spelling in _spellings(alias):
                    key = fold(spelling)
                    owner = seen.setdefault(key, (kind, entity))
                    if owner != (kind, entity):
                        raise ValueError(f"alias {spelling!r} names both {owner[1]!r} ({owner[0]}) "
                                         f"and {entity!r} ({kind})")
                    if any(a.key == key for a in index.get(key[0], ())):
                        continue
                    latin_capital = bool(_CAPITALISED.match(spelling.translate(_FULLWIDTH_UPPER)))
                    a = _Alias(key, kind, entity, latin_capital, bool(_ALNUM.match(key[0])),
                               bool(_ALNUM.match(key[-1])))
                    index.setdefault(key[0], []).append(a)
                    alias_rows.append({"alias": spelling, "key": key, "kind": kind, "entity": entity})
    for bucket in index.values():
        bucket.sort(key=lambda a: -len(a.key))

    compiled = {}
    for r in _merge(rules, "alias").values():
        key = fold(r["alias"])
        if key not in seen:
            raise ValueError(f"rule for {r['alias']!r}: not an alias in the gazetteer")
        compiled[key] = _Rule(_compile(r.get("reject_preceded_by"), "$"),
                              _compile(r.get("reject_followed_by"), ""),
                              str(r.get("needs_cue", "")).lower() == "true",
                              tuple(fold(c) for c in r.get("cues") or []))

    company_frame = pd.DataFrame(
        [{"company": n, "company_en": e["en"], "aliases": tuple(e["aliases"]), "sector": e["sector"],
          "country": e["country"], "parent": e.get("parent", "")} for n, e in by_company.items()],
        columns=COMPANY_COLUMNS)
    return Gazetteer(
        companies=company_frame,
        aliases=pd.DataFrame(alias_rows, columns=["alias", "key", "kind", "entity"]),
        products=pd.DataFrame([{"product": n, "owner": e["owner"], "type": e.get("type", ""),
                                "aliases": tuple(e["aliases"])} for n, e in by_product.items()],
                              columns=["product", "owner", "type", "aliases"]),
        persons=pd.DataFrame([{"person": n, "aliases": tuple(e["aliases"])} for n, e in by_person.items()],
                             columns=["person", "aliases"]),
        groups=pd.DataFrame([{"group": n, "members": tuple(e["members"])} for n, e in by_group.items()],
                            columns=["group", "members"]),
        rules=pd.DataFrame([{k: v for k, v in r.items() if k != "aliases"} for r in rules]),
        cues=tuple(fold(c) for c in dict.fromkeys(cues)),
        _index=index,
        _rules=compiled,
    )


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer()


# --------------------------------------------------------------------------- matching

def _case_ok(alias: _Alias, original: str, i: int) -> bool:
    return not alias.capital or bool(_CAPITALISED.match(original[i].translate(_FULLWIDTH_UPPER)))


def _bounded(alias: _Alias, folded: str, i: int, j: int) -> bool:
    if alias.edge_start and i > 0 and _ALNUM.match(folded[i - 1]):
        return False
    return not (alias.edge_end and j < len(folded) and _ALNUM.match(folded[j]))


def _rejected(rule: _Rule | None, folded: str, i: int, j: int) -> bool:
    if rule is None:
        return False
    return bool((rule.before and rule.before.search(folded, 0, i))
                or (rule.after and rule.after.match(folded, j)))


def scan(text: str, gazetteer: Gazetteer | None = None) -> list[tuple[int, int, _Alias]]:
    """Every name in ``text`` (companies, groups, products, persons): ``(start, end, alias)``.

    Longest match first, Latin word boundaries, case and ``reject_*`` rules applied; the cue test of
    ``needs_cue`` rules is left to :func:`find_mentions`.

    >>> [(s, e, a.entity, a.kind) for s, e, a in scan("网易严选不是网易")]
    [(0, 4, '网易严选', 'product'), (6, 8, '网易', 'company')]
    """
    g = gazetteer or _default_gazetteer()
    folded = fold(text)
    found, i = [], 0
    while i < len(folded):
        for alias in g._index.get(folded[i], ()):
            j = i + len(alias.key)
            if (folded.startswith(alias.key, i) and _bounded(alias, folded, i, j)
                    and _case_ok(alias, text, i) and not _rejected(g._rules.get(alias.key), folded, i, j)):
                found.append((i, j, alias))
                i = j
                break
        else:
            i += 1
    return found


def _has_cue(g: Gazetteer, folded: str, alias: _Alias, found, rule: _Rule) -> bool:
    if any(c in folded for c in (*g.cues, *rule.cues)):
        return True
    owners = dict(zip(g.products["product"], g.products["owner"]))
    for _, _, other in found:
        if other.kind == "company" and other.entity != alias.entity and not (
                (r := g._rules.get(other.key)) and r.needs_cue):
            return True
        if other.kind == "group" and alias.entity not in g.groups.set_index("group").loc[other.entity, "members"]:
            return True
        if other.kind == "product" and owners.get(other.entity) == alias.entity:
            return True
    return False


def _sentences_frame(corpus_or_sentences) -> pd.DataFrame:
    if isinstance(corpus_or_sentences, str):
        return pd.DataFrame({"article": [""], "paragraph": [0], "sentence": [0], "text": [corpus_or_sentences]})
    frame = getattr(corpus_or_sentences, "sentences", corpus_or_sentences)
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"expected a Corpus, a sentences DataFrame or a str, not {type(corpus_or_sentences).__name__}")
    missing = [c for c in SENTENCE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"sentences frame lacks columns {missing}; needs {SENTENCE_COLUMNS}")
    return frame


def find_mentions(corpus_or_sentences, *, gazetteer: Gazetteer | None = None,
                  expand_groups: bool = True) -> pd.DataFrame:
    """One row per company mention: ``article, paragraph, sentence, company, company_en, alias, start,
    end, group, text`` (``start``/``end``: character offsets of ``alias`` in the sentence ``text``).

    Accepts a ``Corpus``, a sentences frame (``article, paragraph, sentence, text``) or one string.
    A group acronym gives one row per member (``group`` = the acronym), or none if
    ``expand_groups=False``.

    >>> find_mentions("這裡的大廠指BAT和字節")[["company", "alias", "group"]].values.tolist()
    [['百度', 'BAT', 'BAT'], ['阿里巴巴', 'BAT', 'BAT'], ['腾讯', 'BAT', 'BAT'], ['字节跳动', '字節', '']]
    """
    g = gazetteer or _default_gazetteer()
    if not isinstance(g, Gazetteer):
        raise ValueError("gazetteer must be a Gazetteer from load_gazetteer()")
    frame = _sentences_frame(corpus_or_sentences)
    english = dict(zip(g.companies["company"], g.companies["company_en"]))
    members = dict(zip(g.groups["group"], g.groups["members"]))
    rows = []
    for art, par, sen, text in frame[SENTENCE_COLUMNS].itertuples(index=False):
        text = str(text)
        found = scan(text, g)
        folded = None
        for start, end, alias in found:
            if alias.kind not in ("company", "group"):
                continue
            rule = g._rules.get(alias.key)
            if rule is not None and rule.needs_cue:
                folded = folded or fold(text)
                if not _has_cue(g, folded, alias, found, rule):
                    continue
            if alias.kind == "group" and not expand_groups:
                continue
            names = members[alias.entity] if alias.kind == "group" else (alias.entity,)
            group = alias.entity if alias.kind == "group" else ""
            for name in names:
                rows.append((art, par, sen, name, english[name], text[start:end], start, end, group, text))
    out = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    return out.astype({"paragraph": "int64", "sentence": "int64", "start": "int64", "end": "int64"})


# --------------------------------------------------------------------------- summaries

def summarize_mentions(mentions: pd.DataFrame, *, sentences: pd.DataFrame | None = None,
                       gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """Per article and company: ``mentions``, ``aliases`` seen (joined by "、"), ``n_paragraphs`` it
    appears in, ``first_sentence`` (0-based) and ``first_position`` (first sentence / sentences in the
    article, 0 = the start; needs ``sentences``, else NaN), plus English name, sector and country.
    Sorted by article, then mentions (most first), then company.

    >>> m = find_mentions("百度和腾讯。百度！")
    >>> summarize_mentions(m)[["company", "mentions", "aliases"]].values.tolist()
    [['百度', 2, '百度'], ['腾讯', 1, '腾讯']]
    """
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions frame lacks columns {missing}; use find_mentions()")
    if mentions.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    g = gazetteer or _default_gazetteer()
    info = g.companies.set_index("company")
    grouped = mentions.groupby(["article", "company"], sort=False)
    table = grouped.agg(mentions=("alias", "size"),
                        aliases=("alias", lambda s: "、".join(dict.fromkeys(s))),
                        n_paragraphs=("paragraph", "nunique"),
                        first_sentence=("sentence", "min")).reset_index()
    if sentences is not None and not sentences.empty:
        n = sentences.groupby("article")["sentence"].agg(lambda s: s.max() - s.min() + 1)
        lo = sentences.groupby("article")["sentence"].min()
        table["first_position"] = ((table["first_sentence"] - table["article"].map(lo))
                                   / table["article"].map(n)).round(3)
    else:
        table["first_position"] = float("nan")
    for col in ("company_en", "sector", "country"):
        table[col] = table["company"].map(info[col]).fillna("")
    table = table.sort_values(["article", "mentions", "company"], ascending=[True, False, True], kind="stable")
    return table[TABLE_COLUMNS].reset_index(drop=True)


def company_table(corpus, *, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per article and company named in it (see :func:`summarize_mentions` for the columns).

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a", "a"], "paragraph": [0, 1], "sentence": [0, 1],
    ...                   "text": ["谷歌收购了DeepMind。", "Google也投资了Anthropic。"]})
    >>> company_table(s)[["article", "company", "mentions", "aliases"]].values.tolist()
    [['a', '谷歌', 2, '谷歌、Google'], ['a', 'Anthropic', 1, 'Anthropic'], ['a', 'DeepMind', 1, 'DeepMind']]
    """
    sentences = _sentences_frame(corpus)
    return summarize_mentions(find_mentions(sentences, gazetteer=gazetteer), sentences=sentences,
                              gazetteer=gazetteer)


def co_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of companies named in the same paragraph: ``company_a, company_b`` (a < b),
    ``n_paragraphs`` shared and ``n_articles`` they share a paragraph in; most shared first.

    >>> co_mentions(find_mentions("百度、腾讯和美团。"))[["company_a", "company_b", "n_paragraphs"]].values.tolist()
    [['百度', '美团', 1], ['百度', '腾讯', 1], ['美团', '腾讯', 1]]
    """
    missing = [c for c in ("article", "paragraph", "company") if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions frame lacks columns {missing}; use find_mentions()")
    units = mentions[["article", "paragraph", "company"]].drop_duplicates()
    pairs = units.merge(units, on=["article", "paragraph"])
    pairs = pairs[pairs["company_x"] < pairs["company_y"]]
    if pairs.empty:
        return pd.DataFrame(columns=COMENTION_COLUMNS)
    out = (pairs.groupby(["company_x", "company_y"])
           .agg(n_paragraphs=("paragraph", "size"), n_articles=("article", "nunique")).reset_index()
           .rename(columns={"company_x": "company_a", "company_y": "company_b"}))
    out = out.sort_values(["n_paragraphs", "company_a", "company_b"], ascending=[False, True, True], kind="stable")
    return out[COMENTION_COLUMNS].reset_index(drop=True)


# --------------------------------------------------------------------------- discovery

@lru_cache(maxsize=1)
def _discovery_settings() -> dict:
    data = _read_yaml(DISCOVERY)
    return {"pos_tags": frozenset(data.get("pos_tags") or ()),
            "suffixes": frozenset(data.get("suffixes") or ()),
            "generic": frozenset(fold(str(w)) for w in data.get("generic") or ())}


def _masked(text: str, g: Gazetteer) -> str:
    """``text`` with every known name (company, product, person, group) replaced by □."""
    chars = list(text)
    for start, end, _ in scan(text, g):
        chars[start:end] = _MASK * (end - start)
    return _ENGLISH_RUN.sub(lambda m: _MASK * len(m.group()), "".join(chars))


def _candidate_ok(word: str, known: set, generic: frozenset) -> bool:
    key = fold(word.strip())
    return (len(key) >= 2 and _MASK not in word and key not in known and key not in generic
            and not key[0].isdigit() and (not key.isascii() or any(c.isupper() for c in word)))


def discover_candidates(corpus, *, gazetteer: Gazetteer | None = None, tokens: pd.DataFrame | None = None,
                        min_count: int = 1) -> pd.DataFrame:
    """Names that may be companies but are not in the gazetteer, for an analyst to review.

    Sources (``sources`` column): ``pos:<tag>`` (jieba tags nt/nz/eng), ``latin`` (capitalised Latin
    words and phrases), and ``+<suffix>`` (the noun or name right before 公司/集团/科技/智能 ..., see
    ``company_discovery.yaml``). Latin candidates need a capital letter; runs of four or more Latin
    words (English quotations, paper titles) are skipped. Known companies, products and persons are masked first, so neither
    they nor their parts come back; generic words (大公司, AI, CEO ...) are skipped. ``count`` is the
    number of times the candidate occurs in the (masked) sentences; ``example`` is its first sentence.
    ``tokens`` defaults to ``analysis.tokens.tokenize(corpus)``.

    >>> import pandas as pd
    >>> s = pd.DataFrame({"article": ["a"], "paragraph": [0], "sentence": [0],
    ...                   "text": ["华为和Lumina Cloud都投资了星河公司。"]})
    >>> t = pd.DataFrame({"article": "a", "paragraph": 0, "sentence": 0, "position": range(7),
    ...                   "token": ["华为", "和", "Lumina Cloud", "都", "投资", "星河", "公司"],
    ...                   "pos": ["nz", "c", "eng", "d", "v", "n", "n"], "is_stopword": False,
    ...                   "start": [0, 2, 3, 15, 16, 19, 21], "end": [2, 3, 15, 16, 18, 21, 23]})
    >>> discover_candidates(s, tokens=t)[["candidate", "sources", "count"]].values.tolist()
    [['Lumina Cloud', 'latin, pos:eng', 1], ['星河', '+公司', 1]]
    """
    if not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be a positive integer, not {min_count!r}")
    g = gazetteer or _default_gazetteer()
    sentences = _sentences_frame(corpus)
    settings = _discovery_settings()
    if sentences.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    if tokens is None:
        from .tokens import tokenize

        tokens = tokenize(sentences)
    known = set(g.aliases["key"])
    masked = {(a, s): _masked(str(t), g) for a, s, t in sentences[["article", "sentence", "text"]].itertuples(index=False)}
    found: dict[str, set] = {}

    def add(word: str, source: str):
        word = word.strip()
        if _candidate_ok(word, known, settings["generic"]):
            found.setdefault(word, set()).add(source)

    for (art, sen), text in masked.items():
        for m in _LATIN_CANDIDATE.finditer(text):
            add(m.group(), "latin")
    toks = tokens.sort_values(["article", "sentence", "position"], kind="stable")
    for (art, sen), sent_tokens in toks.groupby(["article", "sentence"], sort=False):
        text = masked.get((art, sen), "")
        prev = None
        for tok in sent_tokens.itertuples(index=False):
            visible = text[tok.start:tok.end] == tok.token
            if visible and tok.pos in settings["pos_tags"] and not tok.is_stopword:
                add(tok.token, f"pos:{tok.pos}")
            if tok.token in settings["suffixes"] and prev is not None and prev.end == tok.start \
                    and text[prev.start:prev.end] == prev.token and not prev.is_stopword \
                    and prev.pos in _NAME_TAGS:
                add(prev.token, f"+{tok.token}")
            prev = tok
    rows = []
    for word, srcs in found.items():
        pattern = re.compile((r"(?<![0-9A-Za-z])" if _ALNUM.match(fold(word[0])) else "") + re.escape(word)
                             + (r"(?![0-9A-Za-z])" if _ALNUM.match(fold(word[-1])) else ""))
        hits = [(a, s, len(pattern.findall(t))) for (a, s), t in masked.items()]
        hits = [h for h in hits if h[2]]
        count = sum(h[2] for h in hits)
        if count < min_count:
            continue
        arts = list(dict.fromkeys(h[0] for h in hits))
        first = hits[0] if hits else None
        example = sentences.loc[(sentences["article"] == first[0]) & (sentences["sentence"] == first[1]), "text"]
        rows.append((word, ", ".join(sorted(srcs)), count, len(arts), "、".join(map(str, arts)),
                     first[0], str(example.iloc[0])))
    out = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    out = out.sort_values(["count", "candidate"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)
