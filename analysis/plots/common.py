"""Helpers shared by every chart: a figure with the CJK font set, article labels, deterministic saving."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

#: Formats written by :func:`save_figure`: PNG for screens and reports, SVG for print.
FORMATS = ("png", "svg")
DPI = 150
#: A colour per article, in article order; the same article keeps its colour in every chart.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")


def new_figure(*, width: float = 8.0, height: float = 5.0, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure with the CJK font configured; returns ``(fig, axes)`` like ``plt.subplots``."""
    from matplotlib.figure import Figure

    from ..fonts import use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def article_colors(articles) -> dict[str, str]:
    """Stable colour per article id, in the order given.

    >>> article_colors(["a", "b"])
    {'a': '#1f77b4', 'b': '#d62728'}
    """
    return {a: PALETTE[i % len(PALETTE)] for i, a in enumerate(articles)}


#: Display width of an article label on a chart, in columns (a Chinese character counts two):
#: 40 columns = 20 characters, what a 4-inch panel title holds.
LABEL_WIDTH = 40
_SPACE = re.compile(r"\s+")


def text_width(text: str) -> int:
    """Display width in columns: wide and full-width characters (Chinese) count two, the rest one.

    >>> text_width("AI大模型"), text_width("")
    (8, 0)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, width: int, *, max_lines: int = 2) -> str:
    r"""``text`` in lines of at most ``width`` display columns (Chinese counts two), at most
    ``max_lines`` of them, the last cut with … (:func:`shorten`) if more is left.

    >>> wrap("国庆黄金周外卖与旅游市场双双升温", 20)
    '国庆黄金周外卖与旅游\n市场双双升温'
    >>> wrap("大模型", 20), wrap("一二三四五六七八九十" * 3, 8)
    ('大模型', '一二三四\n五六七…')
    """
    text = _SPACE.sub(" ", str(text)).strip()
    lines: list[str] = []
    while text and len(lines) < max_lines - 1 and text_width(text) > width:
        cut, used = 0, 0
        while cut < len(text) and used + text_width(text[cut]) <= width:
            used += text_width(text[cut])
            cut += 1
        lines.append(text[:cut])
        text = text[cut:].lstrip()
    return "\n".join([*lines, shorten(text, width)] if text else lines)


def shorten(text: str, width: int | None = LABEL_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` display columns with a final …; ``None``: not cut.

    >>> shorten("AI大模型创业展望(2)：大模型团队与科技大厂如何相处", 20)
    'AI大模型创业展望(2)…'
    >>> shorten("  大模型\\n搞砸  ", 20)
    '大模型 搞砸'
    """
    text = _SPACE.sub(" ", str(text)).strip()
    if width is None or text_width(text) <= width:
        return text
    if width < 2:
        raise ValueError(f"width must be at least 2 columns, not {width}")
    out, used = [], 1  # the … takes one column
    for ch in text:
        w = text_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _ids_and_titles(source) -> tuple[list[str], list[str]]:
    """Article ids and the text to show for each, from a Corpus, a frame or a list of ids."""
    import pandas as pd

    frame = getattr(source, "articles", source)
    if isinstance(frame, pd.DataFrame):
        if "article" not in frame.columns:
            raise ValueError("article_labels() needs a frame with an 'article' column")
        frame = frame.drop_duplicates("article")
        ids = [str(a) for a in frame["article"]]
        titles = frame["label"] if "label" in frame.columns else frame["article"]
        return ids, ["" if pd.isna(t) else str(t) for t in titles]
    if isinstance(source, str) or not hasattr(source, "__iter__"):
        raise ValueError(f"article_labels() needs a Corpus, an articles frame or a list of article ids, "
                         f"not {type(source).__name__}")
    ids = [str(a) for a in dict.fromkeys(source)]
    return ids, ids


def article_labels(source, *, width: int | None = LABEL_WIDTH, mathtext: bool = False) -> dict[str, str]:
    """Article id -> the label a person reads: the article's ``label`` (its title, else the file
    stem), on one line, cut to ``width`` display columns with … (``None``: not cut), unique.

    ``source``: a Corpus, its ``articles`` frame (or any frame with ``article`` and ``label``
    columns) or a list of article ids (labelled by themselves). Labels that come out the same
    (two articles with one title, or titles that differ only past the cut) get the article's
    number in corpus order, ``[n]``, the ``number`` column of ``figures/articles.csv``.
    ``mathtext=True`` escapes ``$`` so that matplotlib draws it instead of starting math.

    >>> import pandas as pd
    >>> arts = pd.DataFrame({"article": ["000_a", "001_b", "002_c"],
    ...                      "label": ["大模型搞砸！烧光3000万，CTO被裁", "大模型搞砸！烧光3000万，CTO被裁", ""]})
    >>> article_labels(arts, width=20)
    {'000_a': '大模型搞砸！烧… [1]', '001_b': '大模型搞砸！烧… [2]', '002_c': '002_c'}
    >>> article_labels(["甲", "乙"])
    {'甲': '甲', '乙': '乙'}
    """
    if width is not None and width < 8:
        raise ValueError(f"width must be None or at least 8 columns, not {width}")
    ids, titles = _ids_and_titles(source)
    labels = [shorten(t, width) or shorten(a, width) for a, t in zip(ids, titles)]
    seen = Counter(labels)
    for i, label in enumerate(labels):
        if seen[label] > 1:
            tag = f" [{i + 1}]"
            labels[i] = shorten(label.rstrip("…"), None if width is None else width - text_width(tag)) + tag
    seen = Counter(labels)
    labels = [f"{label} ({a})" if seen[label] > 1 else label for a, label in zip(ids, labels)]  # a title "X [2]"
    if mathtext:
        labels = [label.replace("$", r"\$") for label in labels]
    return dict(zip(ids, labels))


def labels_for(articles, labels=None, **kwargs) -> dict[str, str]:
    """Labels for the article ids ``articles``: ``labels`` (a mapping, a Corpus or an articles
    frame) where it has them, else the ids themselves; always unique and short (:func:`article_labels`).

    >>> labels_for(["a", "b"], {"a": "大模型搞砸"})
    {'a': '大模型搞砸', 'b': 'b'}
    """
    import pandas as pd

    articles = [str(a) for a in dict.fromkeys(articles)]
    if labels is None:
        given = {}
    elif isinstance(labels, dict) or hasattr(labels, "keys") and not isinstance(labels, pd.DataFrame):
        given = {str(k): v for k, v in labels.items()}
    else:
        given = article_labels(labels, width=None)
    frame = pd.DataFrame({"article": articles, "label": [given.get(a) or a for a in articles]})
    return article_labels(frame, **kwargs)


def with_label(frame, labels, *, column: str = "label", width: int | None = None) -> "pd.DataFrame":  # noqa: F821
    """A copy of ``frame`` with the article's title in ``column`` (default ``label``) right after
    ``article`` (for CSV tables; the stance tables use ``title``, their ``label`` being the stance);
    ``width``: cut to that many display columns, a repeated title keeping its number (terminal tables).

    >>> import pandas as pd
    >>> with_label(pd.DataFrame({"article": ["a"], "n": [1]}), {"a": "大模型搞砸"}).columns.tolist()
    ['article', 'label', 'n']
    >>> with_label(pd.DataFrame({"article": ["a"], "label": ["favour"]}), {}, column="title").columns.tolist()
    ['article', 'title', 'label']
    """
    out = frame.drop(columns=column, errors="ignore").copy()
    names = labels_for(list(out["article"]), labels, width=width)
    out.insert(out.columns.get_loc("article") + 1, column, out["article"].astype(str).map(names))
    return out


#: Font families named in SVG files after the one the chart was drawn with, for viewers that lack it.
SVG_FONT_FALLBACKS = ("Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei",
                      "WenQuanYi Micro Hei")


def save_figure(fig, stem: str | Path, *, formats=FORMATS) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` with no timestamps or version strings.

    The same figure gives the same bytes on every run (fixed SVG hash salt, no dates in metadata).
    SVG text stays text (``svg.fonttype: none``: searchable, editable, selectable), in the CJK
    font's family with common Chinese system fonts after it (:data:`SVG_FONT_FALLBACKS`); the
    PNG is drawn exactly as before.
    """
    import matplotlib as mpl

    from ..fonts import use_cjk_font

    family = use_cjk_font()  # sets svg.hashsalt, needed even for figures not made by new_figure
    svg_rc = {"svg.fonttype": "none",
              "font.sans-serif": [family, *[f for f in SVG_FONT_FALLBACKS if f != family],
                                  *[f for f in mpl.rcParams["font.sans-serif"] if f != family]]}
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = stem.with_suffix(f".{fmt}")
        metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        with mpl.rc_context(svg_rc if fmt == "svg" else {}):
            fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
        if fmt == "svg":
            path.write_text(stable_svg_ids(path.read_text(encoding="utf-8")), encoding="utf-8")
        written.append(path)
    return written


_SVG_HASH_ID = re.compile(r'\bid="([a-z][0-9a-f]{10})"')


def stable_svg_ids(svg: str) -> str:
    """Number matplotlib's hashed SVG ids (clip paths ``p…``, markers ``m…``, hatches ``h…``) in order
    of appearance. Their hashes cover the clip rectangle's floats, which can differ in the last bits
    between runs (sums taken in another order) while the drawing is the same.

    >>> stable_svg_ids('<clipPath id="p48c61b3b55"/><g clip-path="url(#p48c61b3b55)"/><path id="m7c6c61b91a"/>')
    '<clipPath id="p1"/><g clip-path="url(#p1)"/><path id="m2"/>'
    """
    ids = list(dict.fromkeys(_SVG_HASH_ID.findall(svg)))
    if not ids:
        return svg
    new = {old: f"{old[0]}{n}" for n, old in enumerate(ids, 1)}
    return re.sub(r"\b(?:%s)\b" % "|".join(ids), lambda m: new[m.group()], svg)
