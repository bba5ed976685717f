"""Drawing and saving charts in worker processes while the main process goes on.

``figures`` spends most of its time in matplotlib (each chart is laid out and drawn twice, as
PNG and as SVG) and in the report's font subset. :class:`Renderer` takes chart jobs (a plot
function, its keyword arguments and a file stem) and runs them in a pool of forked worker
processes (:func:`default_workers`: one on a two-core machine), so that the charts are drawn on
the other core while the main process computes the next frames, writes the tables and the report.

* The bytes are those of drawing the charts one after another in the main process: each job
  builds its figure from its arguments alone (they are pickled to the worker), the workers are
  forked from the main process (same rcParams, same registered font) and the SVG hash salt is
  fixed. ``tests/test_render.py`` compares the files.
* Workers write into the folder they are given (the output folder's staging folder); the main
  process publishes it (:class:`analysis.output.OutputFolder`). Any error, or Ctrl-C, in the main
  process terminates and joins the workers *before* the staging folder is removed, so nothing
  writes into it afterwards; workers ignore Ctrl-C themselves (the main process handles it). An
  error in a job is raised again in the main process by :meth:`Renderer.finish`.
* ``workers=0``, or a platform without ``fork`` (Windows, macOS), draws each chart in the main
  process when it is submitted: the behaviour before this module.
* A chart drawn once is kept in the disk cache (:mod:`analysis.cache`) under :func:`chart_key`:
  its plot function, arguments and file stem, and :func:`environment_key` (library versions,
  every file of this package, the font, rcParams, the fonts matplotlib knows). A rerun on the
  same corpus copies the files from there and starts no worker; anything that could change a
  byte changes the key.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import signal
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

#: Worker processes by default: one per core beside the main one's, at most this many. On two
#: cores one worker was faster than two (the main process keeps its core busy with the next frames
#: and the report: a third process only competes, and each worker warms its own font caches).
MAX_WORKERS = 2


class ChartJob(NamedTuple):
    """One chart: ``plot(**kwargs)`` returns a figure, saved as ``folder / stem`` (.png and .svg)."""

    stem: str
    plot: Callable
    kwargs: dict


def default_workers() -> int:
    """The cores but one, at most :data:`MAX_WORKERS`; 0 (no pool) on one core or where ``fork``
    is missing or unsafe (not Linux).

    >>> default_workers() <= MAX_WORKERS
    True
    """
    import multiprocessing

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return max(0, min(MAX_WORKERS, cores - 1))


def draw(job: ChartJob, folder: str | Path, name: str | None = None) -> list[str]:
    """Build ``job``'s figure and save it into ``folder``; return the file names written. With a
    cache ``name`` (:func:`chart_key`), the files are also stored in the disk cache."""
    from . import cache
    from .plots.common import save_figure

    paths = save_figure(job.plot(**job.kwargs), Path(folder) / job.stem)
    if name is not None:
        for path in paths:
            cache.write(f"chart_{path.suffix[1:]}", name, path.read_bytes())
    return [p.name for p in paths]


def from_cache(job: ChartJob, folder: str | Path, name: str | None) -> list[str] | None:
    """The files of ``job`` copied from the disk cache into ``folder`` (their names), or None
    when any format is missing there."""
    from . import cache
    from .plots.common import FORMATS

    if name is None:
        return None
    stored = {fmt: cache.read(f"chart_{fmt}", name) for fmt in FORMATS}
    if any(data is None for data in stored.values()):
        return None
    for fmt, data in stored.items():
        (Path(folder) / f"{job.stem}.{fmt}").write_bytes(data)
    return [f"{job.stem}.{fmt}" for fmt in FORMATS]


def chart_key(job: ChartJob, environment: str | None = None) -> str | None:
    """Cache name of ``job``'s files: its pickled plot function, arguments and stem, and
    ``environment`` (default :func:`environment_key`); None when the job cannot be pickled (it
    is then always drawn).

    Pickles of equal arguments can differ (pickle shares repeated objects), which only costs a
    miss; different arguments never give the same pickle.
    """
    from . import cache

    try:
        data = pickle.dumps(job, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return cache.key("chart", environment or environment_key(), hashlib.sha256(data).hexdigest())


def environment_key() -> str:
    """Everything a chart's bytes depend on besides its job: :func:`_installation_key`, and as they
    are now matplotlib's rcParams (a matplotlibrc or a notebook's style changes them) and the fonts
    matplotlib knows (fallback glyphs)."""
    import matplotlib as mpl
    from matplotlib import font_manager

    from . import cache
    from .fonts import use_cjk_font

    use_cjk_font()
    rc = [(k, repr(mpl.rcParams[k])) for k in sorted(mpl.rcParams)
          if not k.startswith("backend")]  # reading "backend" would import pyplot
    fonts = sorted(f"{f.fname}|{f.name}|{f.style}|{f.weight}|{f.stretch}" for f in font_manager.fontManager.ttflist)
    return cache.key(_installation_key(), rc, fonts)


@lru_cache(maxsize=None)
def _installation_key() -> str:
    """Python and library versions, every file of this package (code, data, templates) and the
    CJK font's sha256, computed once per process."""
    from importlib import metadata

    from . import cache
    from .fonts import cjk_font_path

    versions = {}
    for dist in ("matplotlib", "numpy", "pandas", "pillow", "wordcloud", "fonttools", "contourpy", "kiwisolver"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    package = Path(__file__).resolve().parent
    source = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        source.update(f"{path.relative_to(package).as_posix()}\0{cache.file_sha256(path)}\0".encode())
    return cache.key(sys.version, versions, source.hexdigest(), cache.file_sha256(cjk_font_path()))


def prepare() -> None:
    """Import what every chart needs and register the CJK font, once, in the main process before
    it forks: the workers start with it (instead of importing matplotlib each)."""
    import matplotlib.backends.backend_agg  # noqa: F401  (savefig's PNG and SVG backends)
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    from .fonts import use_cjk_font
    from .plots import common, companies, keywords, stance  # noqa: F401

    use_cjk_font()


def _fork_pool(workers: int):
    """A pool of ``workers`` processes forked from this one after :func:`prepare`; the objects
    alive now are frozen for the fork (``gc.freeze``), so the workers' garbage collector does not
    touch, and so copy, every page they share with this process."""
    import gc
    import multiprocessing

    prepare()
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init)
    finally:
        gc.unfreeze()


def _worker_init() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle


class Renderer:
    """Run :class:`ChartJob` s in ``workers`` forked processes (0: in this process, at once).

    Use as a context manager around the work that submits jobs; call :meth:`finish` before
    publishing what the jobs wrote. Leaving the block without :meth:`finish` (an error, Ctrl-C)
    terminates the workers.

    >>> import tempfile
    >>> from analysis.plots.common import new_figure
    >>> def empty_chart(title):
    ...     fig, ax = new_figure(width=2, height=1)
    ...     ax.set_title(title)
    ...     return fig
    >>> with Renderer(tempfile.mkdtemp(), workers=0) as r:
    ...     r.submit("a", empty_chart, title="大厂")
    ...     r.finish()
    ['a.png', 'a.svg']
    """

    def __init__(self, folder: str | Path, *, workers: int | None = None):
        workers = default_workers() if workers is None else workers
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 0:
            raise ValueError(f"workers must be a whole number >= 0, not {workers!r}")
        self.folder, self.workers = Path(folder), workers
        self._pool = None
        self._pending: list = []
        self._written: list[str] = []
        self._drawn = False
        self._environment: str | None = None

    def __enter__(self) -> "Renderer":
        return self

    def submit(self, stem: str, plot: Callable, **kwargs) -> None:
        """Draw ``plot(**kwargs)`` into ``folder/stem.png`` and ``.svg`` (from the disk cache, now,
        or in a worker)."""
        job = ChartJob(stem, plot, kwargs)
        if self._environment is None:  # once per run: nothing changes rcParams while it draws
            self._environment = environment_key()
        name = chart_key(job, self._environment)
        cached = from_cache(job, self.folder, name)
        if cached is not None:
            self._written += cached
        elif not self.workers:
            self._written += draw(job, self.folder, name)
            self._drawn = True
        else:
            self._drawn = True
            if self._pool is None:  # started at the first chart not in the cache
                self._pool = _fork_pool(self.workers)
            self._pending.append(self._pool.apply_async(draw, (job, str(self.folder), name)))

    @property
    def waiting(self) -> int:
        """Charts handed to the workers and not drawn yet."""
        return sum(not job.ready() for job in self._pending)

    def finish(self) -> list[str]:
        """Wait for every job; raise the first job's error, if any; return the names written, in
        submission order."""
        from . import cache

        while self._pending:
            self._written += self._pending.pop(0).get()
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        if self._drawn:
            cache.prune()  # new charts were stored
        return list(self._written)

    def __exit__(self, *exc) -> None:
        if self._pool is not None:  # an error or Ctrl-C before finish(): stop writing now
            self._pool.terminate()
            self._pool.join()
            self._pool = None
