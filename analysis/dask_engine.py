"""The Dask side of ``load_corpus(engine="dask")``: a cluster, and files read per partition.

Optional: ``pip install -e ".[scale]"``. Kept apart from :mod:`analysis.scale` so that
:mod:`analysis.load` can use it without an import cycle (this module imports nothing of the
package's pipeline: the function reading one file is passed in).

``scheduler``: ``None`` starts a :class:`distributed.LocalCluster` of :data:`LOCAL_WORKERS` worker
processes (1 thread each) for the call; an address (``"tcp://host:8786"``) or a ``distributed.Client``
uses that cluster, whose workers need this package installed and the files at the same path.

>>> chunks([1, 2, 3, 4, 5], size=2)
[[1, 2], [3, 4], [5]]
"""
from __future__ import annotations

from contextlib import contextmanager

#: Workers of the LocalCluster started when no scheduler is given.
LOCAL_WORKERS = 2
INSTALL_HINT = 'the Dask engine needs the "scale" extra: pip install -e ".[scale]"'


class MissingExtraError(ImportError, ValueError):
    """Dask or pyarrow is not installed (an ImportError, and a ValueError so the CLI prints one line)."""


def require_dask() -> None:
    """Raise a one-line :class:`MissingExtraError` telling how to install the extra when Dask is missing."""
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise MissingExtraError(INSTALL_HINT) from None


def check_options(*, partition_size, scheduler) -> None:
    """ValueError for a partition size that is not a positive integer or a scheduler of the wrong type."""
    if not isinstance(partition_size, int) or isinstance(partition_size, bool) or partition_size < 1:
        raise ValueError(f"partition_size must be a positive integer, not {partition_size!r}")
    if scheduler is not None and not isinstance(scheduler, str) and not hasattr(scheduler, "submit"):
        raise ValueError(f"scheduler must be None, an address or a distributed.Client, not {scheduler!r}")


#: Dask settings of the local cluster: no sampling profiler, event-loop ticks and memory checks less often.
LOCAL_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "200ms",
                "distributed.worker.memory.monitor-interval": "500ms"}


@contextmanager
def dask_client(scheduler=None):
    """A ``distributed.Client``: the one given, one connected to an address, or a LocalCluster
    of :data:`LOCAL_WORKERS` processes (1 thread each) that lives for the ``with`` block."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler is not None and not isinstance(scheduler, str):
        yield scheduler
    elif scheduler is not None:
        with Client(scheduler) as client:
            yield client
    else:
        import dask

        # the workers' sampling profiler walks the task's stack every 10 ms: 20-25 % of a pure-Python
        # task's time here (measured); their event loops wake every 20 ms (tick) and 100 ms (memory
        # monitor), taking the GIL from the task: a partition 0.70-0.82 s instead of 0.59-0.66 s
        # (measured). Set these in a real cluster's configuration too (see LOCAL_CONFIG)
        with dask.config.set(LOCAL_CONFIG), \
                LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True,
                             dashboard_address=None) as cluster, Client(cluster) as client:
            yield client


def chunks(items: list, *, size: int) -> list[list]:
    """``items`` cut into lists of ``size`` (the last one shorter)."""
    return [items[i:i + size] for i in range(0, len(items), size)]


def _read_chunk(read_one, files: list, entries: list) -> list:
    """Worker side: ``(file, *read_one(file, entry))`` for each file of one partition, in order."""
    return [(f, *read_one(f, e)) for f, e in zip(files, entries)]


def read_partitions(read_one, files: list, manifest: dict, *, scheduler=None, partition_size: int = 64) -> list:
    """``(file, result, error)`` for each file, in file order: ``read_one(file, manifest entry)``
    run per partition of ``partition_size`` files (a ``dask.bag``; an article is never split)."""
    check_options(partition_size=partition_size, scheduler=scheduler)
    require_dask()
    import dask.bag as db

    parts = [(c, [manifest.get(f.stem, {}) for f in c]) for c in chunks(list(files), size=partition_size)]
    with dask_client(scheduler) as client:
        bag = db.from_sequence(parts, npartitions=max(1, len(parts))).map(lambda p: _read_chunk(read_one, *p))
        done = bag.compute(scheduler=client)
    return [r for part in done for r in part]
