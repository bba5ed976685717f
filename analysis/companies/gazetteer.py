"""The company gazetteer: reading and validating the data files, folding, and the alias index.

Data files (documented in ``analysis/data/README.md``, "Companies"): ``companies.yaml`` and
``companies_*.yaml`` (companies and groups), ``company_products.yaml`` (products and persons: names
that are *not* companies), ``company_rules.yaml`` (context rules, cues, case-sensitive Latin names).
Users add their own files with ``load_gazetteer(extra=...)`` or ``--gazetteer FILE`` on the CLI.
Every file is validated on load; a bad entry raises :class:`GazetteerError` naming the file, the
line and the field.

>>> g = load_gazetteer()
>>> g.english("招商银行"), g.lookup("招行")[0].entity
('China Merchants Bank', '招商银行')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..clean import opencc_converter
from ..config import DATA_DIR, data_path
from ..decode import read_text_file
from ..errors import CorpusError
from .scan_index import ScanIndex, build_scan_index

GAZETTEER = data_path("companies.yaml")
NON_COMPANIES = data_path("company_products.yaml")
RULES = data_path("company_rules.yaml")
#: What an alias can name.
KINDS = ("company", "product", "person", "group")
COMPANY_COLUMNS = ["company", "company_en", "aliases", "sector", "country", "parent"]
#: Sections a gazetteer file may have, with the fields each entry needs.
SECTIONS = {"companies": ("name", "en", "sector", "country"), "products": ("name", "owner"),
            "persons": ("name",), "groups": ("name", "members"), "rules": ("alias",)}
_LIST_FIELDS = ("aliases", "members", "cues")
_ALNUM = re.compile(r"[0-9a-z]")
_LATIN_SPACE = re.compile(r"(?<=[0-9A-Za-z.]) +(?=[0-9A-Za-z])")
# Full-width digits and Latin letters -> ASCII, then ASCII lower case: length-preserving folding.
_FOLD = {**{0xFF10 + i: ord("0") + i for i in range(10)},
         **{0xFF21 + i: ord("a") + i for i in range(26)},
         **{0xFF41 + i: ord("a") + i for i in range(26)},
         **{ord("A") + i: ord("a") + i for i in range(26)}}
_HALF_WIDTH = {**{0xFF10 + i: ord("0") + i for i in range(10)}, **{0xFF21 + i: ord("A") + i for i in range(26)},
               **{0xFF41 + i: ord("a") + i for i in range(26)}}
_FULLWIDTH_UPPER = {0xFF21 + i: ord("A") + i for i in range(26)}
_ACRONYM = re.compile(r"[A-Z0-9&.\-]+")


class GazetteerError(CorpusError, ValueError):
    """A gazetteer file that cannot be used: names the file, and the line and field where known.

    >>> str(GazetteerError("my.yaml", "line 3, companies entry, field 'aliases': must be a list"))
    "my.yaml: line 3, companies entry, field 'aliases': must be a list"
    """


def gazetteer_files() -> list[Path]:
    """The package's company files: ``companies.yaml`` first, then ``companies_*.yaml`` by name.

    >>> [p.name for p in gazetteer_files()][:1]
    ['companies.yaml']
    """
    return [DATA_DIR / "companies.yaml", *sorted(DATA_DIR.glob("companies_*.yaml"))]


def simplified(text: str) -> str:
    """``text`` in Simplified characters with ASCII digits and Latin letters (case kept), same length.

    >>> simplified("聯想ＡＩ")
    '联想AI'
    """
    converted = opencc_converter("t2s").convert(text)
    if len(converted) != len(text):  # a phrase conversion changed the length: go char by char
        converted = "".join(c if len(s := opencc_converter("t2s").convert(c)) != 1 else s for c in text)
    return converted.translate(_HALF_WIDTH)


def fold(text: str) -> str:
    """The comparison form of ``text``: Simplified, half-width, ASCII lower case, same length.

    >>> fold("聯想集團與ＯｐｅｎAI")
    '联想集团与openai'
    """
    return simplified(text).translate(_FOLD)


# --------------------------------------------------------------------------- reading files

def _line_loader():
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser: 4x faster, same data
        pass

    def mapping(loader, node):
        value = loader.construct_mapping(node, deep=True)
        value["__line__"] = node.start_mark.line + 1
        return value

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return Loader


def read_gazetteer_file(path) -> dict:
    """One gazetteer file as a mapping; every entry mapping carries its line as ``__line__``.

    Raises :class:`GazetteerError` (a ``ValueError``) if the file is missing, is not YAML or is not a
    mapping of known sections.
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise GazetteerError(path, "gazetteer file not found")
    try:
        data = yaml.load(read_text_file(path), Loader=_line_loader()) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise GazetteerError(path, f"not a readable YAML file ({str(exc).splitlines()[0]})") from None
    known = {*SECTIONS, "cues", "case_sensitive", "__line__"}
    if not isinstance(data, dict) or set(data) - known:
        extra = sorted(set(data) - known) if isinstance(data, dict) else type(data).__name__
        raise GazetteerError(path, f"expected a mapping with sections {sorted(SECTIONS)}, cues, "
                                   f"case_sensitive; found {extra}")
    return data


def _clean_list(value, where: str, key: str, path) -> list[str]:
    """A list field (aliases, members, cues): a list of names; a bare string is refused, not split."""
    if value is None:
        return []
    if not isinstance(value, list) or any(isinstance(v, (list, dict)) for v in value):
        raise GazetteerError(path, f"{where}, field {key!r}: must be a list of names ([a, b]), not {value!r}")
    return [str(v).strip() for v in value if str(v).strip()]


def _clean_entry(entry, section: str, path) -> dict:
    """Validate one entry: required fields present, list fields lists of names, scalars as text."""
    required = SECTIONS[section]
    if not isinstance(entry, dict):
        raise GazetteerError(path, f"{section}: every entry must be a mapping, not {entry!r}")
    where = f"line {entry.get('__line__', '?')}, {section} entry"
    missing = [k for k in required if k not in _LIST_FIELDS and not str(entry.get(k) or "").strip()]
    if missing:
        raise GazetteerError(path, f"{where}, field {missing[0]!r}: every {section!r} entry needs "
                                   f"{', '.join(required)}")
    out = {"__line__": entry.get("__line__", 0), "aliases": []}
    for key, value in entry.items():
        if key in _LIST_FIELDS:
            out[key] = _clean_list(value, where, key, path)
        elif key != "__line__":
            out[key] = str(value).strip() if value is not None else ""
    if "members" in required and not out.get("members"):
        raise GazetteerError(path, f"{where}, field 'members': a group needs at least one member")
    return out


def _entries(data: dict, section: str, path) -> list[dict]:
    entries = data.get(section) or []
    if not isinstance(entries, list):
        raise GazetteerError(path, f"section {section!r} must be a list of entries")
    return [{**_clean_entry(e, section, path), "__file__": str(path)} for e in entries]


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


# --------------------------------------------------------------------------- the index

class Alias(NamedTuple):
    """One folded spelling of a company, group, product or person, as the scanner compares it."""

    key: str              # folded spelling
    kind: str             # company | product | person | group
    entity: str           # canonical name of the company / product / person / group
    case: str             # "any" | "capital" (first letter upper) | "upper" (the whole alias upper case)
    edge_start: bool      # starts with a Latin letter or digit: needs a word boundary before
    edge_end: bool        # ends with one: needs a word boundary after


class Rule(NamedTuple):
    """A context rule of one ambiguous alias (``company_rules.yaml``)."""

    before: re.Pattern | None
    after: re.Pattern | None
    needs_cue: bool
    cues: tuple[str, ...]


def _case_mode(spelling: str, case_sensitive: frozenset) -> str:
    """How a Latin alias must be written: all-caps acronyms exactly upper case (EA, BAT, ARM), the
    names listed under ``case_sensitive`` (English words: Meta, Snap, Zoom) with a capital first letter,
    every other name in any case (baidu, YAHOO)."""
    latin = spelling.translate(_FULLWIDTH_UPPER)
    if not latin[:1].isascii() or not latin[:1].isalpha():
        return "any"
    if _ACRONYM.fullmatch(latin) and len(latin) <= 5 and any(c.isalpha() for c in latin):
        return "upper"
    return "capital" if spelling in case_sensitive else "any"


#: Seconds one context-rule regex may take on one sentence; a pattern that backtracks past it
#: (``(a+)+b``) stops the run with one line naming the rule instead of hanging.
RULE_TIMEOUT = 0.5


def _compile(pattern, anchor: str):
    """A rule's regex, compiled with the ``regex`` package (searched with :data:`RULE_TIMEOUT`)."""
    import regex

    if not pattern:
        return None
    pattern = fold(str(pattern))
    return regex.compile(f"(?:{pattern}){anchor}" if anchor == "$" else f"(?:{pattern})",
                         regex.IGNORECASE | regex.VERSION0)


@dataclass(frozen=True)
class Gazetteer:
    """Companies, their aliases, the non-company names that hide them, groups and context rules.

    ``companies``: one row per company (``company, company_en, aliases, sector, country, parent``);
    ``aliases``: one row per folded spelling (``alias, key, kind, entity``); ``products``, ``persons``,
    ``groups`` and ``rules`` as read from the data files. Build it with :func:`load_gazetteer`; ask it
    with :meth:`lookup`, :meth:`rule`, :meth:`members`, :meth:`english`, :meth:`parent`, :meth:`owner`.
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
    _info: dict = field(repr=False, compare=False, default_factory=dict)

    def __len__(self) -> int:
        return len(self.companies)

    def candidates(self, char: str) -> tuple[Alias, ...]:
        """Aliases whose folded spelling starts with ``char`` (folded), longest first."""
        return self._index.get(char, ())

    def scan_index(self) -> ScanIndex:
        """The index :func:`~analysis.companies.match.scan` reads text with (:mod:`.scan_index`)."""
        return self._info["scan"]

    def lookup(self, name: str) -> list[Alias]:
        """The aliases spelt exactly ``name`` (after folding): empty if the gazetteer does not know it.

        >>> [a.entity for a in load_gazetteer().lookup("Google")]
        ['谷歌']
        """
        key = fold(name)
        return [a for a in self.candidates(key[:1]) if a.key == key]

    def knows(self, key: str) -> bool:
        """Whether a folded spelling is an alias of anything (company, product, person, group)."""
        return any(a.key == key for a in self.candidates(key[:1]))

    def rule(self, key: str) -> Rule | None:
        """The context rule of a folded alias, if it has one."""
        return self._rules.get(key)

    def members(self, group: str) -> tuple[str, ...]:
        """The member companies of a group acronym."""
        return self._info["members"].get(group, ())

    def english(self, company: str) -> str:
        """The English name of a listed company ('' if unknown)."""
        return self._info["english"].get(company, "")

    def parent(self, company: str) -> str:
        """The parent of a listed company ('' if none or unknown)."""
        return self._info["parent"].get(company, "")

    def owner(self, product: str) -> str:
        """The company that owns a listed product ('' if unknown)."""
        return self._info["owner"].get(product, "")


def _alias_rows(sources, case_sensitive) -> tuple[dict, list[dict]]:
    """The index (first folded char -> aliases, longest first) and one row per spelling."""
    index: dict[str, list[Alias]] = {}
    rows, seen = [], {}
    for kind, entries, names in sources:
        for entity, entry in entries.items():
            for alias in dict.fromkeys(names(entry)):
                for spelling in _spellings(alias):
                    key = fold(spelling)
                    owner = seen.setdefault(key, (kind, entity))
                    if owner != (kind, entity):
                        raise GazetteerError(entry["__file__"], f"line {entry['__line__']}, {kind} entry, "
                                             f"field 'aliases': alias {spelling!r} names both {owner[1]!r} "
                                             f"({owner[0]}) and {entity!r} ({kind})")
                    if any(a.key == key for a in index.get(key[0], ())):
                        continue
                    a = Alias(key, kind, entity, _case_mode(spelling, case_sensitive),
                              bool(_ALNUM.match(key[0])), bool(_ALNUM.match(key[-1])))
                    index.setdefault(key[0], []).append(a)
                    rows.append({"alias": spelling, "key": key, "kind": kind, "entity": entity})
    return {k: tuple(sorted(v, key=lambda a: -len(a.key))) for k, v in index.items()}, rows


def _check_references(by_company, by_product, by_group) -> None:
    for name, g in by_group.items():
        unknown = [m for m in g["members"] if m not in by_company]
        if unknown:
            raise GazetteerError(g["__file__"], f"line {g['__line__']}, groups entry, field 'members': "
                                                f"group {name!r} names unknown companies: {unknown}")
    for name, p in by_product.items():
        if p["owner"] not in by_company:
            raise GazetteerError(p["__file__"], f"line {p['__line__']}, products entry, field 'owner': "
                                                f"product {name!r} has an unknown owner: {p['owner']!r}")
    for name, c in by_company.items():
        if c.get("parent") and c["parent"] not in by_company:
            raise GazetteerError(c["__file__"], f"line {c['__line__']}, companies entry, field 'parent': "
                                                f"company {name!r} has an unknown parent: {c['parent']!r}")


def _compile_rules(rules: list[dict], index: dict) -> dict[str, Rule]:
    import regex  # its errors, besides re's: the rules are compiled with it (_compile)
    compiled = {}
    for r in _merge(rules, "alias").values():
        key = fold(r["alias"])
        if not any(a.key == key for a in index.get(key[:1], ())):
            raise GazetteerError(r["__file__"], f"line {r['__line__']}, rules entry, field 'alias': "
                                                f"{r['alias']!r} is not an alias in the gazetteer")
        try:
            compiled[key] = Rule(_compile(r.get("reject_preceded_by"), "$"),
                                 _compile(r.get("reject_followed_by"), ""),
                                 str(r.get("needs_cue", "")).lower() == "true",
                                 tuple(fold(c) for c in r.get("cues") or []))
        except (re.error, regex.error) as exc:
            raise GazetteerError(r["__file__"], f"line {r['__line__']}, rules entry for {r['alias']!r}: "
                                                f"bad regular expression ({exc})") from None
    return compiled


def _read_all(paths) -> dict[str, list]:
    out = {section: [] for section in SECTIONS}
    out["cues"], out["case_sensitive"] = [], []
    for path in paths:
        data = read_gazetteer_file(path)
        for section in SECTIONS:
            out[section] += _entries(data, section, path)
        for key in ("cues", "case_sensitive"):
            values = data.get(key) or []
            if not isinstance(values, list):
                raise GazetteerError(path, f"section {key!r} must be a list of names, not {values!r}")
            out[key] += [str(c) for c in values]
    return out


def _frames(by_company, by_product, by_person, by_group, rules) -> dict[str, pd.DataFrame]:
    public = lambda e: {k: v for k, v in e.items() if not k.startswith("__")}  # noqa: E731
    return {
        "companies": pd.DataFrame(
            [{"company": n, "company_en": e["en"], "aliases": tuple(e["aliases"]), "sector": e["sector"],
              "country": e["country"], "parent": e.get("parent", "")} for n, e in by_company.items()],
            columns=COMPANY_COLUMNS),
        "products": pd.DataFrame([{"product": n, "owner": e["owner"], "type": e.get("type", ""),
                                   "aliases": tuple(e["aliases"])} for n, e in by_product.items()],
                                 columns=["product", "owner", "type", "aliases"]),
        "persons": pd.DataFrame([{"person": n, "aliases": tuple(e["aliases"])} for n, e in by_person.items()],
                                columns=["person", "aliases"]),
        "groups": pd.DataFrame([{"group": n, "members": tuple(e["members"])} for n, e in by_group.items()],
                               columns=["group", "members"]),
        "rules": pd.DataFrame([public(r) for r in rules]),
    }


def load_gazetteer(*, extra=None) -> Gazetteer:
    """Read the package gazetteer, non-company lists and rules, plus the user's own files.

    ``extra``: a path or a list of paths to YAML files with any of the sections ``companies``,
    ``groups``, ``products``, ``persons``, ``rules``, ``cues`` and ``case_sensitive`` (same fields as the
    package files). An entry whose canonical name already exists adds its aliases and overrides the
    other fields. A bad file raises :class:`GazetteerError` (a ``ValueError``) naming file, line, field.

    >>> g = load_gazetteer()
    >>> len(g) >= 500, g.companies.set_index("company").loc["字节跳动", "company_en"]
    (True, 'ByteDance')
    """
    paths = [*gazetteer_files(), NON_COMPANIES, RULES]
    if extra is not None:
        paths += [extra] if isinstance(extra, (str, Path)) else list(extra)
    data = _read_all(paths)
    by_company = _merge(data["companies"], "name")
    by_product = _merge(data["products"], "name")
    by_person = _merge(data["persons"], "name")
    by_group = {g["name"]: g for g in data["groups"]}
    _check_references(by_company, by_product, by_group)
    sources = [("company", by_company, lambda e: [e["name"], e["en"], *e["aliases"]]),
               ("group", by_group, lambda e: [e["name"], *e["aliases"]]),
               ("product", by_product, lambda e: [e["name"], *e["aliases"]]),
               ("person", by_person, lambda e: [e["name"], *e["aliases"]])]
    index, rows = _alias_rows(sources, frozenset(data["case_sensitive"]))
    info = {"members": {n: tuple(g["members"]) for n, g in by_group.items()},
            "english": {n: e["en"] for n, e in by_company.items()},
            "parent": {n: e.get("parent", "") for n, e in by_company.items()},
            "owner": {n: e["owner"] for n, e in by_product.items()}, "scan": build_scan_index(index)}
    return Gazetteer(**_frames(by_company, by_product, by_person, by_group, data["rules"]),
                     aliases=pd.DataFrame(rows, columns=["alias", "key", "kind", "entity"]),
                     cues=tuple(fold(c) for c in dict.fromkeys(data["cues"])),
                     _index=index, _rules=_compile_rules(data["rules"], index), _info=info)


_DEFAULT: list[Gazetteer] = []


def default_gazetteer() -> Gazetteer:
    """The gazetteer every function uses when given none: the package files, read once per process,
    plus the user files set with :func:`use_gazetteer`."""
    if not _DEFAULT:
        _DEFAULT.append(load_gazetteer())
    return _DEFAULT[0]


def use_gazetteer(*, extra=None) -> Gazetteer:
    """Make the package gazetteer plus ``extra`` (a path or list of paths) the default for this process,
    e.g. for ``python -m analysis figures --gazetteer FILE``; ``extra=None`` restores the package one.

    >>> len(use_gazetteer()) == len(default_gazetteer())
    True
    """
    g = load_gazetteer(extra=extra)
    _DEFAULT[:] = [g]
    return g
