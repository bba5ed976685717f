"""Metadata of the articles: the folder's manifest (``manifest.csv``) and each file's front matter.

Precedence, applied by :mod:`analysis.load`: manifest > front matter > guesses from the text
(first-line title, source line). Values are text; bad tables and bad YAML are
:class:`~analysis.errors.CorpusError` naming the file (and the line).

>>> split_front_matter("---\\nauthor: 王\\n---\\n正文")[0]
{'author': '王'}
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import config
from .decode import decode_bytes, read_bytes
from .errors import CorpusError

METADATA_FIELDS = ("title", "author", "date", "source", "source_url", "series")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Metadata by article id from ``folder/manifest.csv`` (empty cells are ignored).

    Read with pandas' CSV parser after the same encoding detection as articles (UTF-8 with or
    without BOM, GBK, Big5, UTF-16); lines starting with ``#`` are comments. An unclosed quote,
    a missing ``article`` column or an article listed twice is a :class:`CorpusError` naming
    the file (and the line).
    """
    import io

    path = Path(folder) / config.MANIFEST_NAME
    if not path.is_file():
        return {}
    text, _ = decode_bytes(read_bytes(path), path=path)
    lines = [line for line in text.split("\n") if not line.startswith("#")]
    try:
        frame = pd.read_csv(io.StringIO("\n".join(lines)), dtype=str, keep_default_na=False, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise CorpusError(path, f"not a readable CSV table ({' '.join(str(exc).split())})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if "article" not in frame.columns:
        raise CorpusError(path, "manifest needs an 'article' column (the file stem)")
    dup = frame["article"].duplicated(keep="first")
    if dup.any():
        row = int(dup.to_numpy().argmax())
        raise CorpusError(path, f"article {frame['article'].iloc[row]!r} is listed twice (data row {row + 1})")
    return {r["article"]: {k: v for k, v in r.items() if k != "article" and v}
            for r in frame.to_dict("records")}


#: Longest front matter value accepted (characters); a longer one is an error naming the field.
MAX_FIELD_CHARS = 1000


#: Deepest nesting of lists and mappings accepted in front matter (metadata is flat).
MAX_DEPTH = 20


def _load_yaml(text: str):
    """Front matter as data, every scalar as text (no dates, numbers or binary to convert): libyaml's
    parser where PyYAML has it (about 10x quicker than the Python one). The events are checked
    first: anchors and aliases (a few hundred bytes of aliases expand to gigabytes) and nesting over
    :data:`MAX_DEPTH` (libyaml's composer recurses in C) are :class:`yaml.YAMLError`."""
    import yaml

    loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError("anchors and aliases (& and *) are not allowed in front matter")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise yaml.YAMLError(f"lists and mappings nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.load(text, Loader=loader)


def _front_value(key: str, value, path) -> str:
    """One front matter value as text ("" for YAML's nulls); a list or mapping where a metadata
    field belongs, or a value over :data:`MAX_FIELD_CHARS` characters, is a :class:`CorpusError`."""
    if isinstance(value, (dict, list)):
        if key in METADATA_FIELDS:
            raise CorpusError(path, f"front matter field {key!r} must be text, not a list or mapping")
        value = str(value)
    value = "" if value in (None, "~", "null", "Null", "NULL") else str(value)
    if len(value) > MAX_FIELD_CHARS:
        raise CorpusError(path, f"front matter field {key!r} is {len(value)} characters long "
                                f"(at most {MAX_FIELD_CHARS})")
    return value


def split_front_matter(text: str, *, path: str | Path = "<text>") -> tuple[dict, str, str]:
    """Split a leading ``---`` YAML block off; returns ``(metadata, front_matter_text, rest)``.

    Values are kept as text (``date: 2024-13-45`` is the text ``2024-13-45``); anchors and
    aliases, nesting too deep and values over :data:`MAX_FIELD_CHARS` characters are
    :class:`CorpusError` naming the file.

    >>> split_front_matter("---\\ntitle: 标题\\ndate: 2024-05-20\\n---\\n正文")
    ({'title': '标题', 'date': '2024-05-20'}, '---\\ntitle: 标题\\ndate: 2024-05-20\\n---\\n', '正文')
    """
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, "", text
    import yaml

    try:
        meta = _load_yaml(m.group(1)) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        reason = getattr(exc, "problem", None) or exc
        raise CorpusError(path, f"front matter is not valid YAML{line}: {reason}") from None
    except RecursionError:
        raise CorpusError(path, "front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise CorpusError(path, "front matter is not a YAML mapping of key: value")
    return {str(k): _front_value(str(k), v, path) for k, v in meta.items()}, m.group(0), text[m.end():]
