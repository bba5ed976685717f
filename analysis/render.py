"""Drawing and saving charts in worker processes while the main process goes on.

``figures`` spends most of its time in matplotlib (each chart is laid out and drawn twice, as
PNG and as SVG) and in the report's font subset. :class:`Renderer` takes chart jobs (a plot
function, its keyword arguments and a file stem) and runs them in a pool of forked worker
processes, so that the charts are drawn on the other core while the main process computes the
next frames, writes the tables and the report.

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
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Callable, NamedTuple

#: Worker processes by default: two (the machines this runs on have two cores or more).
DEFAULT_WORKERS = 2


class ChartJob(NamedTuple):
    """One chart: ``plot(**kwargs)`` returns a figure, saved as ``folder / stem`` (.png and .svg)."""

    stem: str
    plot: Callable
    kwargs: dict


def default_workers() -> int:
    """:data:`DEFAULT_WORKERS`; 0 (no pool) on one core or where ``fork`` is missing or unsafe (not Linux).

    >>> default_workers() <= DEFAULT_WORKERS
    True
    """
    import multiprocessing

    cores = os.cpu_count() or 1
    if cores < 2 or sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return DEFAULT_WORKERS


def draw(job: ChartJob, folder: str | Path) -> list[str]:
    """Build ``job``'s figure and save it into ``folder``; return the file names written."""
    from .plots.common import save_figure

    return [p.name for p in save_figure(job.plot(**job.kwargs), Path(folder) / job.stem)]


def prepare() -> None:
    """Import what every chart needs and register the CJK font, once, in the main process before
    it forks: the workers start with it (instead of importing matplotlib each)."""
    import matplotlib.backends.backend_agg  # noqa: F401  (savefig's PNG and SVG backends)
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    from .fonts import use_cjk_font
    from .plots import common, companies, keywords, stance  # noqa: F401

    use_cjk_font()


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

    def __enter__(self) -> "Renderer":
        if self.workers:
            import multiprocessing

            prepare()
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_worker_init)
        return self

    def submit(self, stem: str, plot: Callable, **kwargs) -> None:
        """Draw ``plot(**kwargs)`` into ``folder/stem.png`` and ``.svg`` (now, or in a worker)."""
        job = ChartJob(stem, plot, kwargs)
        if self._pool is None:
            self._written += draw(job, self.folder)
        else:
            self._pending.append(self._pool.apply_async(draw, (job, str(self.folder))))

    def finish(self) -> list[str]:
        """Wait for every job; raise the first job's error, if any; return the names written, in
        submission order."""
        while self._pending:
            self._written += self._pending.pop(0).get()
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
        return list(self._written)

    def __exit__(self, *exc) -> None:
        if self._pool is not None:  # an error or Ctrl-C before finish(): stop writing now
            self._pool.terminate()
            self._pool.join()
            self._pool = None
