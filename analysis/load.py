"""Files -> :class:`Corpus`: articles, paragraphs and sentences as pandas DataFrames, plus a cleaning report.

Every ``.txt``/``.md`` file in a folder goes through the same pipeline:

1. **decode** (:mod:`analysis.decode`): BOMs (UTF-8, UTF-16), then strict UTF-8, then GB18030/Big5,
   then charset-normalizer for the rest; the detected encoding is recorded; CRLF becomes LF;
2. **front matter** (``---`` YAML block) and the manifest ``seeds/manifest.csv`` give metadata
   (:mod:`analysis.metadata`); precedence: manifest > front matter > guesses from the text
   (first-line title, source line);
3. **paragraphs**: each non-blank line; its *kind* is decided on the raw line (heading, body, caption,
   boilerplate, metadata), its ``elided`` flag too; then :func:`analysis.clean.clean_text` cleans it;
4. **sentences** of the heading and body paragraphs, by :func:`analysis.clean.split_sentences`.

Nothing disappears silently: the report has a row per article and step, and structural removals
(front matter, metadata lines, boilerplate, captions, line breaks) are steps too, so that for each
article ``n_chars_raw - n_chars_clean == sum(chars_removed - chars_added)``.

>>> corpus = load_corpus()
>>> sorted(corpus.articles["script"])
['simplified', 'traditional']
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from . import config
from .chinese import HAN, count_han, to_simplified
from .clean import STEP_NAMES, StepLog, clean_text, is_elided, split_sentences
# decoding and metadata live in their own modules; their public names stay importable from here
from .decode import MAX_FILE_BYTES, decode_bytes, read_bytes  # noqa: F401
from .errors import CorpusError
from .frames import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, REPORT_COLUMNS, SENTENCE_COLUMNS, RowBuffer
from .metadata import MAX_FIELD_CHARS, METADATA_FIELDS, read_manifest, split_front_matter  # noqa: F401

ANALYSABLE = ("heading", "body")
KINDS = ("heading", "body", "caption", "boilerplate", "metadata")
#: Structural steps (whole lines), reported beside the text steps of :mod:`analysis.clean`.
STRUCTURAL_STEPS = ("front_matter", "metadata", "boilerplate", "caption", "line_breaks")

_SOURCE_LINE = re.compile(r"^\s*(?:文章|原文|内容|本文)?(?:来源|來源|出处|出處)\s*[:：]\s*(?:\[([^\]]*)\]\(([^)]*)\)|(.+))\s*$")
_IMAGE_LINE = re.compile(r"^\s*!\[([^\]]*)\]\([^)]*\)\s*$")
_RULE_LINE = re.compile(r"^\s*([-*_=—─])(?:\s*\1){2,}\s*$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_BOLD_LINE = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")
_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[一二三四五六七八九十]+)[、.．]?\s*$")
_SENTENCE_PUNCT = re.compile(r"[。！？；.!?;…]\s*[”’」）)]*\s*$")
_HEADING_MAX = 40
#: A first line longer than this is never taken for the title.
TITLE_MAX = 60
_HAN = re.compile(f"[{HAN}]")


@dataclass(frozen=True)
class Corpus:
    """Articles, paragraphs, sentences and the cleaning report (see ``docs/architecture.md``)."""

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    report: pd.DataFrame
    root: Path | None = None

    def body_text(self, article: str) -> str:
        """The clean analysable text of one article: heading and body paragraphs, one per line."""
        p = self.paragraphs
        rows = p[(p["article"] == article) & p["kind"].isin(ANALYSABLE)]
        if rows.empty and article not in set(self.articles["article"]):
            raise KeyError(f"no article {article!r} in this corpus")
        return "\n".join(t for t in rows["text"] if t)

    def __repr__(self) -> str:
        return (f"Corpus({len(self.articles)} articles, {len(self.paragraphs)} paragraphs, "
                f"{len(self.sentences)} sentences)")


# ---------------------------------------------------------------- paragraph kinds
@lru_cache(maxsize=1)
def _boilerplate_pattern() -> re.Pattern:
    """The patterns of ``analysis/data/boilerplate.txt`` as one alternation (one search per line)."""
    lines = config.data_path("boilerplate.txt").read_text(encoding="utf-8").splitlines()
    return re.compile("|".join(f"(?:{line})" for line in lines if line.strip() and not line.startswith("#")))


def _is_boilerplate(simple: str) -> bool:
    """Whether a line, in Simplified characters, matches ``analysis/data/boilerplate.txt``."""
    return _boilerplate_pattern().search(simple) is not None


def classify_lines(lines: list[str], clean: list[str] | None = None) -> list[str]:
    """The kind of each raw line: heading, body, caption, boilerplate or metadata ("" for a rule).

    Rules, in order: a Markdown image alone is a caption; a source line is metadata; a line matching
    ``analysis/data/boilerplate.txt`` (tried on the ``clean`` text if given, else on the line in Simplified
    characters) is boilerplate, and so is a short line without sentence
    punctuation after a horizontal rule in the last five lines (a sign-off such as
    ``白熊观察员：永远对未来充满好奇心``; sentences after the rule stay text); Markdown headings and lines
    wholly in bold are headings, and so are short lines (``clean`` text, if given, is measured: pinyin
    and markup do not count) without sentence punctuation, and a short line right after a bare section
    number (``2.3`` / ``还有其它可行的方法吗?``); the rest is body.

    >>> classify_lines(["**01**", "正文。", "---", "感谢阅读！"])
    ['heading', 'body', '', 'boilerplate']
    """
    cleaned = clean is not None
    clean = lines if clean is None else clean
    kinds = []
    rules = [i for i, line in enumerate(lines) if _RULE_LINE.match(line)]
    signoff_from = rules[-1] if rules and rules[-1] >= len(lines) - 5 else len(lines)
    for i, (line, text) in enumerate(zip(lines, clean)):
        kind = _markup_kind(line)
        if kind is None:
            after_number = bool(kinds) and kinds[-1] == "heading" and bool(_SECTION_NUMBER.match(clean[i - 1]))
            simple = text if cleaned else to_simplified(line)  # clean text is Simplified already
            kind = _text_kind(line, text, simple, signoff=i > signoff_from, after_number=after_number)
        kinds.append(kind)
    return kinds


def _markup_kind(line: str) -> str | None:
    """The kind a raw line has by its form alone ("" for a rule, caption, metadata), else None.

    >>> _markup_kind("---"), _markup_kind("![图](a.png)"), _markup_kind("来源：新华社"), _markup_kind("正文")
    ('', 'caption', 'metadata', None)
    """
    if _RULE_LINE.match(line):
        return ""
    if _IMAGE_LINE.match(line):
        return "caption"
    if _SOURCE_LINE.match(line):
        return "metadata"
    return None


def _text_kind(line: str, text: str, simple: str, *, signoff: bool, after_number: bool) -> str:
    """Boilerplate, heading or body, for a line that is not a rule, caption or source line (the
    rules of :func:`classify_lines`): ``simple`` is the line in Simplified characters, ``signoff``
    when the line comes after a closing rule, ``after_number`` when it follows a bare section number."""
    short = len(text.strip()) <= _HEADING_MAX
    if _is_boilerplate(simple) or (signoff and short and not _SENTENCE_PUNCT.search(text)):
        return "boilerplate"
    if _MD_HEADING.match(line) or _BOLD_LINE.match(line):
        return "heading"
    if short and not _SENTENCE_PUNCT.search(text) and not is_elided(line):
        return "heading"
    if short and after_number:
        return "heading"
    return "body"


# ---------------------------------------------------------------- one article
def guess_script(changed: int, han: int) -> str:
    """``"traditional"`` when OpenCC changed more than 3 % of an article's ``han`` characters (``changed``:
    what the cleaning report's ``simplified`` step counted), else ``"simplified"``.

    >>> guess_script(30, 100), guess_script(1, 100), guess_script(0, 0)
    ('traditional', 'simplified', 'simplified')
    """
    return "traditional" if han and changed / han > 0.03 else "simplified"


class _Line(NamedTuple):
    """One non-blank raw line, its clean text and what each cleaning step did to it."""

    raw: str
    clean: str
    logs: dict[str, StepLog]


def _decode_file(path: Path) -> tuple[str, str]:
    """Step 1: the file's text and encoding."""
    return decode_bytes(read_bytes(path), path=path)


def _clean_lines(body: str, logs: dict[str, StepLog]) -> list[_Line]:
    """Step 3: the non-blank lines, cleaned; line breaks and blank lines go to the report."""
    lines = body.split("\n")
    logs["line_breaks"].add(StepLog(body.count("\n"), body.count("\n"), 0, []))
    blank_chars = sum(len(line) for line in lines if not line.strip())
    if blank_chars:
        logs["whitespace"].add(StepLog(1, blank_chars, 0, []))
    out = []
    for raw in (line for line in lines if line.strip()):
        image = _IMAGE_LINE.match(raw)
        source = image.group(1) if image else raw  # a caption keeps its alt text
        clean, step_logs = clean_text(source, report=True)
        if image:
            step_logs["markdown"].add(StepLog(1, len(raw) - len(source), 0, [(raw.strip()[:60], source)]))
        out.append(_Line(raw, clean, step_logs))
    return out


def is_title_line(clean: str, *, body_follows: bool) -> bool:
    """Whether a file's first line (no front matter) is its title: a short line (at most
    :data:`TITLE_MAX` characters) followed by body, without sentence punctuation, or one
    sentence ending in ？ or ！ (a headline such as 电动车价格战：谁在裸泳？).
    The only line of a file is never its title: a one-line post is its own text.

    >>> is_title_line("电动车价格战：谁在裸泳？", body_follows=True)
    True
    >>> is_title_line("禁摩限电很好", body_follows=False), is_title_line("今天下雨了。", body_follows=True)
    (False, False)
    """
    if not body_follows or not clean or len(clean) > TITLE_MAX:
        return False
    if not _SENTENCE_PUNCT.search(clean):
        return True
    return clean.rstrip("”’」』）)] ").endswith(("？", "！", "?", "!")) and len(split_sentences(clean)) == 1


def _paragraphs(article: str, lines: list[_Line], logs: dict[str, StepLog], *,
                has_front: bool) -> tuple[list[dict], dict[str, str]]:
    """Step 4: paragraph rows (kind, section) and metadata guessed from the text (title, source)."""
    kinds = classify_lines([x.raw for x in lines], [x.clean for x in lines])
    guessed: dict[str, str] = {}
    paragraphs, section = [], ""
    for i, (line, kind) in enumerate(zip(lines, kinds)):
        if kind == "":  # a horizontal rule: markup only
            logs["markdown"].add(StepLog(1, len(line.raw), 0, [(line.raw.strip(), "")]))
            continue
        for name, log in line.logs.items():
            if log.n_changes:  # most steps change nothing in most lines
                logs[name].add(log)
        if kind == "metadata":
            for key, value in _source_fields(line.raw).items():
                guessed.setdefault(key, value)
        elif i == 0 and not has_front and _is_title(line.clean, kind, kinds[1:]):
            kind = "metadata"
            guessed["title"] = line.clean
        if kind not in ANALYSABLE and line.clean:
            logs[kind].add(StepLog(1, len(line.clean), 0, [(line.clean[:40], "")]))
        if kind == "heading":
            section = line.clean
        paragraphs.append({"article": article, "paragraph": len(paragraphs), "section": section,
                           "kind": kind, "elided": is_elided(line.raw), "text_raw": line.raw, "text": line.clean})
    return paragraphs, guessed


def _source_fields(raw: str) -> dict[str, str]:
    """``source`` and ``source_url`` of a source line (``来源：[name](url)`` or ``来源：name``).

    >>> _source_fields("来源：[新华社](https://example.com)")
    {'source': '新华社', 'source_url': 'https://example.com'}
    """
    m = _SOURCE_LINE.match(raw)
    return {"source": (m.group(1) or m.group(3) or "").strip(), "source_url": (m.group(2) or "").strip()}


def _is_title(clean: str, kind: str, later_kinds: list[str]) -> bool:
    """Whether the first line (``kind`` heading or body) is the title: see :func:`is_title_line`."""
    return kind in ANALYSABLE and is_title_line(clean, body_follows=any(k in ANALYSABLE for k in later_kinds))


def _sentences(article: str, paragraphs: list[dict]) -> list[tuple]:
    """Step 5: sentence rows (tuples in :data:`SENTENCE_COLUMNS` order: a third of a dict's
    memory, which counts for a text of half a million sentences) of the heading and body paragraphs."""
    sentences = []
    for p in paragraphs:
        if p["kind"] in ANALYSABLE:
            for s in split_sentences(p["text"]):
                sentences.append((article, p["paragraph"], len(sentences), p["kind"], s))
    return sentences


def _read_article(path: Path, manifest: dict) -> tuple[dict, list[dict], list[dict], dict[str, StepLog]]:
    """One file -> ``(article row, paragraph rows, sentence rows, step logs)``: decode, front
    matter, clean lines, classify into paragraphs, split sentences, check something is left."""
    text, encoding = _decode_file(path)
    article = path.stem
    logs = {name: StepLog() for name in (*STRUCTURAL_STEPS, *STEP_NAMES)}
    front, front_text, body = split_front_matter(text, path=path)
    if front_text:
        logs["front_matter"].add(StepLog(1, len(front_text), 0, [(front_text.strip()[:60], "")]))
    paragraphs, guessed = _paragraphs(article, _clean_lines(body, logs), logs, has_front=bool(front_text))
    sentences = _sentences(article, paragraphs)
    if not any(s[-1] for s in sentences):
        raise CorpusError(path, "no text left after cleaning (nothing but markup, metadata or boilerplate)")
    if not _HAN.search(body):
        raise CorpusError(path, f"no Chinese characters (decoded as {encoding}): not a Chinese text")
    meta = {**guessed, **{k: v for k, v in front.items() if v}, **manifest}
    meta["title"] = to_simplified(meta.get("title", ""))
    row = {"article": article, "label": meta["title"] or article, "path": str(path),
           **{f: meta.get(f, "") for f in METADATA_FIELDS},
           "encoding": encoding, "script": guess_script(logs["simplified"].chars_added, count_han(body)), "n_chars_raw": len(text),
           "n_chars_clean": sum(len(p["text"]) for p in paragraphs if p["kind"] in ANALYSABLE),
           "n_paragraphs": len(paragraphs), "n_sentences": len(sentences)}
    return row, paragraphs, sentences, logs


def _report_rows(article: str, logs: dict[str, StepLog]) -> list[dict]:
    return [{"article": article, "step": name, "n_changes": log.n_changes,
             "chars_removed": log.chars_removed, "chars_added": log.chars_added,
             "examples": list(log.examples)} for name, log in logs.items()]


def _frames(rows, paragraphs: RowBuffer, sentences: RowBuffer, report, root) -> Corpus:
    return Corpus(
        articles=pd.DataFrame(rows, columns=ARTICLE_COLUMNS),
        paragraphs=paragraphs.frame(),
        sentences=sentences.frame(),
        report=pd.DataFrame(report, columns=REPORT_COLUMNS),
        root=root,
    )


# ---------------------------------------------------------------- public API
def article_files(path: str | Path = config.SEEDS_DIR) -> list[Path]:
    """The article files of a folder (``.txt``/``.md``, sorted), or ``[path]`` for a single file."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.exists():
        raise CorpusError(path, "no such file or folder")
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in config.ARTICLE_SUFFIXES
                   and (p.is_file() or (p.is_symlink() and not p.exists())))  # broken links: reported
    if not files:
        raise CorpusError(path, f"no article files ({'/'.join(config.ARTICLE_SUFFIXES)}) in this folder")
    return files


def _read_or_error(path: Path, manifest: dict):
    """``(result, None)`` or ``(None, CorpusError)``: a bad file in a worker process is a value."""
    try:
        return _read_article(path, manifest), None
    except CorpusError as exc:
        return None, exc


def _read_all(files: list[Path], manifest: dict, workers: int):
    """``(file, result, error)`` for each file, in order; in ``workers`` processes when > 1."""
    entries = [manifest.get(f.stem, {}) for f in files]
    if workers == 1 or len(files) < 2:
        for file, entry in zip(files, entries):
            yield (file, *_read_or_error(file, entry))
        return
    from .parallel import fork_executor

    with fork_executor(workers) as pool:
        chunk = max(1, len(files) // (8 * workers))
        for file, (result, error) in zip(files, pool.map(_read_or_error, files, entries, chunksize=chunk)):
            yield file, result, error


def load_corpus(path: str | Path = config.SEEDS_DIR, *, errors: str = "raise", progress: bool | None = None,
                workers: int = 1, engine: str = "pandas", scheduler=None, partition_size: int = 64) -> Corpus:
    """Load every article of a folder (or one file) into a :class:`Corpus`.

    ``errors="raise"`` stops at the first bad file (in file order) with a :class:`CorpusError`
    naming it; ``errors="warn"`` skips bad files with a warning and carries on. Files are only
    ever read. ``progress`` shows a progress bar (default: when there are more than 20 files).
    ``workers`` > 1 reads and cleans the files in that many processes (same result, for large
    corpora). ``engine="dask"`` reads and cleans them per partition of ``partition_size`` files
    on a Dask cluster (``scheduler``: an address, else a local one; see :mod:`analysis.dask_engine`).
    """
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if errors not in ("raise", "warn"):
        raise ValueError(f"errors must be 'raise' or 'warn', not {errors!r}")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a positive integer, not {workers!r}")
    path = Path(path)
    files = article_files(path)
    folder = path if path.is_dir() else path.parent
    manifest = read_manifest(folder)
    if engine == "dask":  # optional extra "scale"
        from .dask_engine import read_partitions

        results = read_partitions(_read_or_error, files, manifest, scheduler=scheduler, partition_size=partition_size)
    else:
        results = _read_all(files, manifest, workers)
    results = _with_progress(results, len(files), progress)
    rows, paragraphs, sentences, report = _collect(results, errors=errors)
    if not rows:
        raise CorpusError(path, "no readable article")
    return _frames(rows, paragraphs, sentences, report, folder)


def _with_progress(results, n_files: int, progress: bool | None):
    """``results`` behind a progress bar when ``progress`` (None: when there are more than 20 files)."""
    if progress or (progress is None and n_files > 20):
        from tqdm.auto import tqdm

        results = tqdm(results, total=n_files, desc="loading articles", unit="file",
                       disable=None if progress is None else False)  # auto: silent when not a terminal
    return results


def _collect(results, *, errors: str) -> tuple[list, "RowBuffer", "RowBuffer", list]:
    """Article rows, paragraph rows, sentence rows and report rows of the ``(file, result, error)``
    of :func:`_read_all`; a bad file, or a second file with the same id, raises or warns (``errors``)."""
    seen: dict[str, Path] = {}
    rows, report = [], []
    paragraphs, sentences = RowBuffer(PARAGRAPH_COLUMNS), RowBuffer(SENTENCE_COLUMNS)
    for file, result, error in results:
        if error is None and file.stem in seen:
            error = CorpusError(file, f"same article id {file.stem!r} as {seen[file.stem].name}; rename one of them")
        if error is not None:
            if errors == "raise":
                raise error
            warnings.warn(f"skipped {error}", stacklevel=3)  # at load_corpus's caller
            continue
        row, paras, sents, logs = result
        seen[file.stem] = file
        rows.append(row)
        paragraphs.extend(paras)
        sentences.extend(sents)
        report.extend(_report_rows(row["article"], logs))
    return rows, paragraphs, sentences, report


def load_article(path: str | Path, **kwargs) -> Corpus:
    """Load one file (a corpus of one article); the manifest beside it still applies."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(path, "no such file" if not path.exists() else "not a file")
    return load_corpus(path, **kwargs)
